/*
 * MBR partition tables: LBA 0 and the EBR chain.
 *
 * Invariants (rule -> status). LBAs are 32-bit on disk and summed in 64 bits.
 *
 * | rule                                                               | status                       |
 * |--------------------------------------------------------------------|------------------------------|
 * | buffers and outputs non-NULL, a block holds at least 512 bytes     | MBR_ERR_ARGUMENT             |
 * | block size a power of two from 512 to 4096                         | MBR_ERR_BLOCK_SIZE           |
 * | every block read succeeds                                          | MBR_ERR_READ                 |
 * | LBA 0 ends in 0x55 0xAA                                            | MBR_ERR_SIGNATURE            |
 * | each used primary entry's boot indicator is 0x00 or 0x80           | MBR_ERR_BOOT_FLAG            |
 * | each used primary entry lies on the disk                           | MBR_ERR_PART_BEYOND_DISK     |
 * | primary entries do not overlap each other                          | MBR_ERR_PART_OVERLAP         |
 * | at most one extended partition                                     | MBR_ERR_TWO_EXTENDED         |
 * | each EBR ends in 0x55 0xAA                                         | MBR_ERR_EBR_SIGNATURE        |
 * | an EBR's second entry is empty or extended; entries 3-4 are empty  | MBR_ERR_EBR_ENTRIES          |
 * | the next EBR lies after the current one (no loop, no self-link:    | MBR_ERR_EBR_LINK_BACKWARD    |
 * | U-Boot CVE-2019-13103)                                             |                              |
 * | the next EBR lies inside the extended partition                    | MBR_ERR_EBR_OUTSIDE_EXTENDED |
 * | a logical partition starts after its EBR, ends before the next EBR | MBR_ERR_LOGICAL_OUTSIDE_EBR  |
 * | and inside the extended partition                                  |                              |
 * | at most MBR_MAX_LOGICAL EBRs (so logical partitions) are read      | MBR_ERR_TOO_MANY_LOGICAL     |
 *
 * Entries of type 0 or with 0 blocks are empty. A type 0xEE entry only marks
 * the disk as GPT (its size is often 0xFFFFFFFF): it is not bounds-checked
 * and not listed. Nor is an entry that starts at LBA 0: it holds this table
 * itself, as the whole-image entry of a hybrid ISO does (xorriso
 * -append_partition, Debian's installer images: entry 1 over the ISO 9660
 * image from LBA 0, entry 2 the appended ESP); Linux lists it, edk2 keeps
 * the table, so it is left out rather than refusing the table.
 * An EBR's boot indicator is not checked: the 0x00/0x80 rule tells a
 * partition table from a FAT boot sector at LBA 0 only, and Linux's msdos
 * parser applies it there alone, so a logical partition with any other byte
 * is used (bootable only if 0x80), as Linux uses it.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/mbr/mbr.h"

#define MBR_SIZE 512u
#define MBR_DISK_SIGNATURE 440u
#define MBR_TABLE 446u
#define MBR_ENTRY_SIZE 16u
#define ENTRY_BOOT 0u
#define ENTRY_TYPE 4u
#define ENTRY_START 8u
#define ENTRY_COUNT 12u

struct raw_entry {
	uint8_t boot, type;
	uint64_t start, count; /* relative to the table's base */
};

static void read_entry(const uint8_t *p, unsigned i, struct raw_entry *e)
{
	const uint8_t *q = p + MBR_TABLE + i * MBR_ENTRY_SIZE;

	e->boot = q[ENTRY_BOOT];
	e->type = q[ENTRY_TYPE];
	e->start = bytes_le32(q + ENTRY_START);
	e->count = bytes_le32(q + ENTRY_COUNT);
}

static bool is_empty(const struct raw_entry *e)
{
	return e->type == MBR_TYPE_EMPTY || e->count == 0;
}

/* An entry that is a partition of its own: not empty, not 0xEE, not over LBA 0. */
static bool is_listed(const struct raw_entry *e)
{
	return !is_empty(e) && e->type != MBR_TYPE_GPT_PROTECTIVE && e->start != 0;
}

static bool is_extended(uint8_t type)
{
	return type == MBR_TYPE_EXTENDED_CHS || type == MBR_TYPE_EXTENDED_LBA ||
	       type == MBR_TYPE_EXTENDED_LINUX;
}

static bool has_signature(const uint8_t *p)
{
	return p[510] == 0x55 && p[511] == 0xaa;
}

static int check_primary(const struct raw_entry *e, uint64_t num_blocks)
{
	if (e->boot != 0 && e->boot != 0x80)
		return MBR_ERR_BOOT_FLAG;
	if (e->start >= num_blocks || e->count > num_blocks - e->start)
		return MBR_ERR_PART_BEYOND_DISK;
	return MBR_OK;
}

static int check_primaries(const struct raw_entry e[4], uint64_t num_blocks)
{
	unsigned extended = 0;

	for (unsigned i = 0; i < 4; i++) {
		if (!is_listed(&e[i]))
			continue;
		int rc = check_primary(&e[i], num_blocks);
		if (rc)
			return rc;
		for (unsigned j = 0; j < i; j++) {
			if (!is_listed(&e[j]))
				continue;
			if (e[i].start < e[j].start + e[j].count && e[j].start < e[i].start + e[i].count)
				return MBR_ERR_PART_OVERLAP;
		}
		if (is_extended(e[i].type) && ++extended > 1)
			return MBR_ERR_TWO_EXTENDED;
	}
	return MBR_OK;
}

int mbr_check(const void *buf, size_t len, uint64_t num_blocks, struct mbr_table *out)
{
	const uint8_t *p = buf;
	struct raw_entry e[4];

	if (!p || !out || len < MBR_SIZE)
		return MBR_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (!has_signature(p))
		return MBR_ERR_SIGNATURE;
	for (unsigned i = 0; i < 4; i++)
		read_entry(p, i, &e[i]);
	int rc = check_primaries(e, num_blocks);
	if (rc)
		return rc;
	out->disk_signature = bytes_le32(p + MBR_DISK_SIGNATURE);
	for (unsigned i = 0; i < 4; i++) {
		if (e[i].type == MBR_TYPE_GPT_PROTECTIVE)
			out->protective = true;
		if (!is_listed(&e[i]))
			continue;
		struct mbr_partition *part = &out->part[out->count++];
		part->type = e[i].type;
		part->bootable = e[i].boot == 0x80;
		part->number = (uint8_t)(i + 1);
		part->start_lba = e[i].start;
		part->num_blocks = e[i].count;
	}
	return MBR_OK;
}

int mbr_check_ebr(const void *buf, size_t len, uint64_t ebr_lba, uint64_t ext_start,
		  uint64_t ext_blocks, struct mbr_partition *logical, bool *has_logical,
		  uint64_t *next_ebr)
{
	const uint8_t *p = buf;
	struct raw_entry e[4];

	if (!p || !logical || !has_logical || !next_ebr || len < MBR_SIZE ||
	    ebr_lba < ext_start || ebr_lba - ext_start >= ext_blocks)
		return MBR_ERR_ARGUMENT;
	*has_logical = false;
	*next_ebr = 0;
	if (!has_signature(p))
		return MBR_ERR_EBR_SIGNATURE;
	for (unsigned i = 0; i < 4; i++)
		read_entry(p, i, &e[i]);
	if ((!is_empty(&e[1]) && !is_extended(e[1].type)) || !is_empty(&e[2]) || !is_empty(&e[3]))
		return MBR_ERR_EBR_ENTRIES;
	uint64_t ext_end = ext_start + ext_blocks; /* both below 2^33: no wrap */
	uint64_t slot_end = ext_end;
	if (!is_empty(&e[1])) {
		uint64_t next = ext_start + e[1].start;
		if (next <= ebr_lba)
			return MBR_ERR_EBR_LINK_BACKWARD;
		if (next >= ext_end)
			return MBR_ERR_EBR_OUTSIDE_EXTENDED;
		*next_ebr = slot_end = next;
	}
	if (is_empty(&e[0]))
		return MBR_OK;
	uint64_t start = ebr_lba + e[0].start;
	if (e[0].start == 0 || start >= slot_end || e[0].count > slot_end - start)
		return MBR_ERR_LOGICAL_OUTSIDE_EBR;
	memset(logical, 0, sizeof(*logical));
	logical->type = e[0].type;
	logical->bootable = e[0].boot == 0x80;
	logical->logical = true;
	logical->start_lba = start;
	logical->num_blocks = e[0].count;
	*has_logical = true;
	return MBR_OK;
}
