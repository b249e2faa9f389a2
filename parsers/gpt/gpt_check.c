/*
 * GPT checks on buffers: protective MBR, one header, one entry array.
 *
 * Invariants (rule -> status). Block numbers are 64-bit; every range is
 * checked as "start < limit && count <= limit - start", which cannot wrap.
 *
 * | rule                                                              | status                       |
 * |-------------------------------------------------------------------|------------------------------|
 * | buffers and outputs non-NULL, buffer holds what the rule reads    | GPT_ERR_ARGUMENT             |
 * | block size a power of two from 512 to 4096                        | GPT_ERR_BLOCK_SIZE           |
 * | the disk has LBA 0, a primary and a backup header (>= 3 blocks)    | GPT_ERR_DISK_TOO_SMALL       |
 * | LBA 0 ends in 0x55 0xAA                                           | GPT_ERR_PMBR_SIGNATURE       |
 * | LBA 0 has a partition of type 0xEE (protective or hybrid MBR)      | GPT_ERR_PMBR_NOT_PROTECTIVE  |
 * | header starts with "EFI PART"                                     | GPT_ERR_SIGNATURE            |
 * | 92 <= HeaderSize <= block size                                    | GPT_ERR_HEADER_SIZE          |
 * | CRC32 of HeaderSize bytes (CRC field as zero) matches             | GPT_ERR_HEADER_CRC           |
 * | MyLBA is the block the header was read from (1, or the last)       | GPT_ERR_MY_LBA               |
 * | AlternateLBA neither 0 nor MyLBA                                  | GPT_ERR_ALTERNATE_LBA        |
 * | 1 <= FirstUsableLBA <= LastUsableLBA < disk blocks, and the range  | GPT_ERR_USABLE_RANGE         |
 * | holds neither header                                              |                              |
 * | SizeOfPartitionEntry >= 128 and a multiple of 8                   | GPT_ERR_ENTRY_SIZE           |
 * | NumberOfPartitionEntries x SizeOfPartitionEntry, in 64 bits, is   | GPT_ERR_ENTRY_ARRAY_SIZE     |
 * | at most GPT_MAX_ENTRY_ARRAY_BYTES (edk2 CVE-2022-36763: it wrapped)|                              |
 * | entry array on the disk, clear of LBA 0, both headers and the     | GPT_ERR_ENTRY_ARRAY_LOCATION |
 * | usable range                                                      |                              |
 * | CRC32 of the entry array matches PartitionEntryArrayCRC32         | GPT_ERR_ENTRY_ARRAY_CRC      |
 * | per entry, gpt_partition(): a used entry (type GUID not zero) has  | GPT_ERR_PART_RANGE           |
 * | StartingLBA <= EndingLBA                                          |                              |
 * | ... lies inside [FirstUsableLBA, LastUsableLBA]                   | GPT_ERR_PART_OUTSIDE_USABLE  |
 * | ... shares no block with another used entry that keeps the two    | GPT_ERR_PART_OVERLAP         |
 * | rules above (both of an overlapping pair are refused)             |                              |
 * | gpt_read(): primary or backup passes every rule above             | GPT_ERR_BOTH_HEADERS_BAD     |
 * | gpt_read(): every block read succeeds                             | GPT_ERR_READ                 |
 * | gpt_partition(): index < NumberOfPartitionEntries                 | GPT_ERR_INDEX                |
 *
 * Decisions beyond the specification's letter:
 * - AlternateLBA may lie beyond the disk: an image cut short (a raw image
 *   truncated, written to a smaller device) lost the other header with its
 *   last blocks, and its primary, whose usable range is still on the disk,
 *   is read as Linux and edk2 read it.
 * - A used entry that breaks an entry rule is refused alone: the table
 *   stands and its other partitions are used, as edk2 (which skips such
 *   entries) and Linux (which checks entries against the disk's end only)
 *   do. A disk whose last partition runs over the backup's entry array
 *   still boots from its ESP. The header and array rules refuse the table.
 * - AlternateLBA need not be the last block: a disk image grown after
 *   partitioning (cloud images) keeps its backup where it was; Linux accepts
 *   that too. The fallback reads the backup at the last block, as the
 *   specification says, never where a damaged primary points.
 * - A hybrid MBR (0xEE next to other entries) counts as protective, as in Linux.
 * - The entry size need not be 128 x 2^n; a multiple of 8 is enough to keep
 *   every field naturally placed.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/crc32.h"
#include "parsers/gpt/gpt.h"
#include "parsers/gpt/gpt_format.h"

const uint8_t gpt_type_esp[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};

int gpt_check_pmbr(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!p || len < MBR_SIZE)
		return GPT_ERR_ARGUMENT;
	if (p[MBR_SIGNATURE_OFFSET] != 0x55 || p[MBR_SIGNATURE_OFFSET + 1] != 0xaa)
		return GPT_ERR_PMBR_SIGNATURE;
	for (unsigned i = 0; i < 4; i++) {
		if (p[MBR_PART_TABLE + i * MBR_PART_ENTRY_SIZE + MBR_PART_TYPE] == 0xee)
			return GPT_OK;
	}
	return GPT_ERR_PMBR_NOT_PROTECTIVE;
}

/* [a, a + a_count) and [b, b + b_count) share a block (counts >= 1, no wrap). */
static bool ranges_overlap(uint64_t a, uint64_t a_count, uint64_t b, uint64_t b_count)
{
	return a < b + b_count && b < a + a_count;
}

static bool in_range(uint64_t lba, uint64_t first, uint64_t last)
{
	return lba >= first && lba <= last;
}

static uint32_t header_crc(const uint8_t *p, uint32_t size)
{
	static const uint8_t zero[4];
	uint32_t crc = bytes_crc32(p, GPT_HDR_CRC);

	crc = bytes_crc32_update(crc, zero, sizeof(zero));
	return bytes_crc32_update(crc, p + GPT_HDR_CRC + 4, size - GPT_HDR_CRC - 4);
}

static int check_lbas(const struct gpt_header *h, uint64_t my_lba, uint64_t num_blocks)
{
	if (h->my_lba != my_lba)
		return GPT_ERR_MY_LBA;
	if (h->alternate_lba == 0 || h->alternate_lba == h->my_lba)
		return GPT_ERR_ALTERNATE_LBA;
	if (h->first_usable_lba < 1 || h->first_usable_lba > h->last_usable_lba ||
	    h->last_usable_lba >= num_blocks ||
	    in_range(h->my_lba, h->first_usable_lba, h->last_usable_lba) ||
	    in_range(h->alternate_lba, h->first_usable_lba, h->last_usable_lba))
		return GPT_ERR_USABLE_RANGE;
	return GPT_OK;
}

static int check_entry_array(const struct gpt_header *h, uint32_t block_size,
			     uint64_t num_blocks)
{
	if (h->entry_size < GPT_ENTRY_MIN_SIZE || h->entry_size % 8)
		return GPT_ERR_ENTRY_SIZE;
	uint64_t bytes = (uint64_t)h->num_entries * h->entry_size;
	if (bytes > GPT_MAX_ENTRY_ARRAY_BYTES)
		return GPT_ERR_ENTRY_ARRAY_SIZE;
	uint64_t blocks = (bytes + block_size - 1) / block_size;
	if (blocks == 0)
		blocks = 1; /* an empty array still names a block: keep it off the headers */
	if (h->entries_lba == 0 || h->entries_lba >= num_blocks ||
	    blocks > num_blocks - h->entries_lba ||
	    ranges_overlap(h->entries_lba, blocks, h->my_lba, 1) ||
	    ranges_overlap(h->entries_lba, blocks, h->alternate_lba, 1) ||
	    ranges_overlap(h->entries_lba, blocks, h->first_usable_lba,
			   h->last_usable_lba - h->first_usable_lba + 1))
		return GPT_ERR_ENTRY_ARRAY_LOCATION;
	return GPT_OK;
}

static void read_header(const uint8_t *p, struct gpt_header *h)
{
	h->my_lba = bytes_le64(p + GPT_HDR_MY_LBA);
	h->alternate_lba = bytes_le64(p + GPT_HDR_ALTERNATE_LBA);
	h->first_usable_lba = bytes_le64(p + GPT_HDR_FIRST_USABLE);
	h->last_usable_lba = bytes_le64(p + GPT_HDR_LAST_USABLE);
	h->entries_lba = bytes_le64(p + GPT_HDR_ENTRIES_LBA);
	h->num_entries = bytes_le32(p + GPT_HDR_NUM_ENTRIES);
	h->entry_size = bytes_le32(p + GPT_HDR_ENTRY_SIZE);
	h->entries_crc = bytes_le32(p + GPT_HDR_ENTRIES_CRC);
	memcpy(h->disk_guid, p + GPT_HDR_DISK_GUID, sizeof(h->disk_guid));
}

int gpt_check_header(const void *buf, size_t len, uint32_t block_size, uint64_t my_lba,
		     uint64_t num_blocks, struct gpt_header *out)
{
	const uint8_t *p = buf;

	if (!p || !out)
		return GPT_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (!disk_block_size_ok(block_size))
		return GPT_ERR_BLOCK_SIZE;
	if (len < block_size)
		return GPT_ERR_ARGUMENT;
	if (num_blocks < 3)
		return GPT_ERR_DISK_TOO_SMALL;
	if (bytes_le64(p + GPT_HDR_SIGNATURE) != GPT_SIGNATURE)
		return GPT_ERR_SIGNATURE;
	uint32_t size = bytes_le32(p + GPT_HDR_SIZE);
	if (size < GPT_HEADER_MIN_SIZE || size > block_size)
		return GPT_ERR_HEADER_SIZE;
	if (header_crc(p, size) != bytes_le32(p + GPT_HDR_CRC))
		return GPT_ERR_HEADER_CRC;
	read_header(p, out);
	int rc = check_lbas(out, my_lba, num_blocks);
	if (rc)
		return rc;
	rc = check_entry_array(out, block_size, num_blocks);
	if (rc)
		return rc;
	out->entries_bytes = out->num_entries * out->entry_size;
	return GPT_OK;
}

static bool entry_used(const uint8_t *e)
{
	for (unsigned i = 0; i < 16; i++) {
		if (e[GPT_ENT_TYPE + i])
			return true;
	}
	return false;
}

static int check_partition(const uint8_t *e, const struct gpt_header *h)
{
	uint64_t start = bytes_le64(e + GPT_ENT_START), end = bytes_le64(e + GPT_ENT_END);

	if (start > end)
		return GPT_ERR_PART_RANGE;
	if (start < h->first_usable_lba || end > h->last_usable_lba)
		return GPT_ERR_PART_OUTSIDE_USABLE;
	return GPT_OK;
}

/*
 * Entry i (used, its own range good) against every other used entry whose
 * range is good: a walk over <= 2048 entries, so listing a table is quadratic.
 * The two range comparisons come first: most pairs fail them, and only an
 * overlapping range needs the other entry's checks.
 */
static int check_no_overlap(const uint8_t *p, const struct gpt_header *h, uint32_t i)
{
	const uint8_t *e = p + (size_t)i * h->entry_size;
	uint64_t start = bytes_le64(e + GPT_ENT_START), end = bytes_le64(e + GPT_ENT_END);

	for (uint32_t j = 0; j < h->num_entries; j++) {
		const uint8_t *o = p + (size_t)j * h->entry_size;
		if (j != i && start <= bytes_le64(o + GPT_ENT_END) &&
		    bytes_le64(o + GPT_ENT_START) <= end && entry_used(o) &&
		    check_partition(o, h) == GPT_OK)
			return GPT_ERR_PART_OVERLAP;
	}
	return GPT_OK;
}

static bool array_args_ok(const void *p, size_t len, const struct gpt_header *hdr)
{
	return p && hdr && len >= hdr->entries_bytes &&
	       hdr->entries_bytes == (uint64_t)hdr->num_entries * hdr->entry_size;
}

int gpt_check_entries(const void *buf, size_t len, const struct gpt_header *hdr)
{
	if (!array_args_ok(buf, len, hdr))
		return GPT_ERR_ARGUMENT;
	if (bytes_crc32(buf, hdr->entries_bytes) != hdr->entries_crc)
		return GPT_ERR_ENTRY_ARRAY_CRC;
	return GPT_OK;
}

int gpt_partition(const void *entries, size_t len, const struct gpt_header *hdr,
		  uint32_t index, struct gpt_partition *out, bool *used)
{
	const uint8_t *p = entries;

	if (!array_args_ok(p, len, hdr) || !out || !used)
		return GPT_ERR_ARGUMENT;
	if (index >= hdr->num_entries)
		return GPT_ERR_INDEX;
	const uint8_t *e = p + (size_t)index * hdr->entry_size;
	memset(out, 0, sizeof(*out));
	*used = entry_used(e);
	memcpy(out->type_guid, e + GPT_ENT_TYPE, 16);
	memcpy(out->unique_guid, e + GPT_ENT_UNIQUE, 16);
	out->start_lba = bytes_le64(e + GPT_ENT_START);
	out->end_lba = bytes_le64(e + GPT_ENT_END);
	out->attributes = bytes_le64(e + GPT_ENT_ATTRIBUTES);
	for (unsigned i = 0; i < GPT_ENT_NAME_CHARS; i++)
		out->name[i] = bytes_le16(e + GPT_ENT_NAME + 2 * i);
	if (!*used)
		return GPT_OK;
	int rc = check_partition(e, hdr);
	return rc ? rc : check_no_overlap(p, hdr, index);
}
