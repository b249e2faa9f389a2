/*
 * GPT rules, one broken at a time on a disk built in memory (512- and
 * 4096-byte blocks), plus the fallback to the backup header.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/crc32.h"
#include "parsers/disk/memdisk.h"
#include "parsers/gpt/gpt.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, gpt_strerror)
#define BLOCKS 200u
#define ENTRIES 128u
#define ENTRY_SIZE 128u

static uint8_t *disk;
static uint32_t bs;
static uint32_t entry_size = ENTRY_SIZE; /* SizeOfPartitionEntry of the disks built */
static uint8_t scratch[GPT_SCRATCH_BYTES];

static uint8_t *block(uint64_t lba)
{
	return disk + lba * bs;
}

static uint64_t array_blocks(void)
{
	return (ENTRIES * entry_size + bs - 1) / bs;
}

static void seal_header(uint64_t lba)
{
	uint8_t *h = block(lba);
	uint32_t size = bytes_le32(h + 12);
	bytes_store_le(h + 16, 0, 4);
	bytes_store_le(h + 16, bytes_crc32(h, size), 4);
}

/* Recomputes the entry-array CRC from the array and reseals the header. */
static void seal_entries(uint64_t hdr_lba)
{
	uint8_t *h = block(hdr_lba);
	uint64_t lba = bytes_le64(h + 72);
	uint32_t bytes = bytes_le32(h + 80) * bytes_le32(h + 84);
	if (lba < BLOCKS && bytes <= (BLOCKS - lba) * bs)
		bytes_store_le(h + 88, bytes_crc32(block(lba), bytes), 4);
	seal_header(hdr_lba);
}

static void write_header(uint64_t my, uint64_t alt, uint64_t entries)
{
	uint8_t *h = block(my);
	memcpy(h, "EFI PART", 8);
	bytes_store_le(h + 8, 0x00010000, 4);
	bytes_store_le(h + 12, 92, 4);
	bytes_store_le(h + 24, my, 8);
	bytes_store_le(h + 32, alt, 8);
	bytes_store_le(h + 40, 2 + array_blocks(), 8);
	bytes_store_le(h + 48, BLOCKS - 2 - array_blocks(), 8);
	memset(h + 56, 0x11, 16);
	bytes_store_le(h + 72, entries, 8);
	bytes_store_le(h + 80, ENTRIES, 4);
	bytes_store_le(h + 84, entry_size, 4);
	seal_entries(my);
}

static void set_part(uint64_t array_lba, unsigned i, uint64_t start, uint64_t end)
{
	uint8_t *e = block(array_lba) + i * entry_size;
	memcpy(e, gpt_type_esp, 16);
	memset(e + 16, (int)i + 1, 16);
	bytes_store_le(e + 32, start, 8);
	bytes_store_le(e + 40, end, 8);
	bytes_store_le(e + 56, 'E', 2);
	bytes_store_le(e + 58, 'S', 2);
	bytes_store_le(e + 60, 'P', 2);
}

static uint64_t backup_array(void)
{
	return BLOCKS - 1 - array_blocks();
}

/* A valid disk: ESP and a second partition, identical primary and backup tables. */
static void build(uint32_t block_size)
{
	bs = block_size;
	free(disk);
	disk = calloc(BLOCKS, bs);
	uint8_t *mbr = block(0);
	mbr[446 + 4] = 0xee;
	bytes_store_le(mbr + 446 + 8, 1, 4);
	bytes_store_le(mbr + 446 + 12, BLOCKS - 1, 4);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
	uint64_t first = 2 + array_blocks();
	for (uint64_t a = 2; a == 2 || a == backup_array(); a = a == 2 ? backup_array() : 0) {
		set_part(a, 0, first, first + 9);
		set_part(a, 5, first + 10, first + 19);
	}
	write_header(BLOCKS - 1, 1, backup_array());
	write_header(1, BLOCKS - 1, 2);
}

static int read_disk(struct gpt_disk *out)
{
	struct memdisk d;
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, bs, BLOCKS);
	return gpt_read(&d.ops, scratch, sizeof(scratch), out);
}

static void test_valid(uint32_t block_size)
{
	struct gpt_disk g;
	struct gpt_partition p;
	bool used;

	build(block_size);
	CHECK_STATUS(read_disk(&g), GPT_OK);
	CHECK(g.used == GPT_PRIMARY && g.primary_status == GPT_OK);
	CHECK(g.hdr.num_entries == ENTRIES && g.hdr.entries_bytes == ENTRIES * entry_size);
	CHECK_STATUS(gpt_partition(g.entries, g.hdr.entries_bytes, &g.hdr, 0, &p, &used), GPT_OK);
	CHECK(used && memcmp(p.type_guid, gpt_type_esp, 16) == 0);
	CHECK(p.start_lba == 2 + array_blocks() && p.end_lba == p.start_lba + 9);
	CHECK(p.name[0] == 'E' && p.name[2] == 'P' && p.name[3] == 0);
	CHECK_STATUS(gpt_partition(g.entries, g.hdr.entries_bytes, &g.hdr, 1, &p, &used), GPT_OK);
	CHECK(!used);
	CHECK_STATUS(gpt_partition(g.entries, g.hdr.entries_bytes, &g.hdr, 5, &p, &used), GPT_OK);
	CHECK(used && p.start_lba == 2 + array_blocks() + 10 && p.unique_guid[0] == 6);
	CHECK_STATUS(gpt_partition(g.entries, g.hdr.entries_bytes, &g.hdr, ENTRIES, &p, &used),
		     GPT_ERR_INDEX);
}

/* The primary is refused by name and the backup is used. */
static void expect_primary(int want, const char *what)
{
	struct gpt_disk g;
	int failures = check_failures;
	int rc = read_disk(&g);

	CHECK_STATUS(g.primary_status, want);
	CHECK_STATUS(rc, GPT_OK);
	CHECK(g.used == GPT_BACKUP && g.hdr.my_lba == BLOCKS - 1);
	if (check_failures != failures)
		fprintf(stderr, "  case: %s, %u-byte blocks\n", what, bs);
}

/*
 * What a value in a case is counted from: zero, the block size, the first
 * usable LBA, or (down) the backup header's block.
 */
enum from { ZERO, BLOCK_SIZE, FIRST_USABLE, BACKUP_HEADER };

static uint64_t value(enum from from, uint64_t v)
{
	if (from == BACKUP_HEADER)
		return BLOCKS - 1 - v;
	return v + (from == BLOCK_SIZE ? bs : from == FIRST_USABLE ? 2 + array_blocks() : 0);
}

/* One or two primary header fields set, the header resealed (size 0: no second field). */
static const struct header_case {
	const char *what;
	struct {
		unsigned off, size;
		enum from from;
		uint64_t value;
	} set[2];
	int want;
} header_cases[] = {
	{ "header size 91", { { 12, 4, ZERO, 91 } }, GPT_ERR_HEADER_SIZE },
	{ "header size beyond block", { { 12, 4, BLOCK_SIZE, 1 } }, GPT_ERR_HEADER_SIZE },
	{ "my lba", { { 24, 8, ZERO, 2 } }, GPT_ERR_MY_LBA },
	{ "alternate is 0", { { 32, 8, ZERO, 0 } }, GPT_ERR_ALTERNATE_LBA },
	{ "alternate is mylba", { { 32, 8, ZERO, 1 } }, GPT_ERR_ALTERNATE_LBA },
	{ "first usable on the header", { { 40, 8, ZERO, 1 } }, GPT_ERR_USABLE_RANGE },
	{ "last usable on the backup header", { { 48, 8, ZERO, BLOCKS - 1 } },
	  GPT_ERR_USABLE_RANGE },
	{ "first > last", { { 40, 8, ZERO, 100 }, { 48, 8, ZERO, 99 } }, GPT_ERR_USABLE_RANGE },
	{ "entry size 120", { { 84, 4, ZERO, 120 } }, GPT_ERR_ENTRY_SIZE },
	{ "entry size 132", { { 84, 4, ZERO, 132 } }, GPT_ERR_ENTRY_SIZE },
	/* x 128 wraps to 128 in 32 bits */
	{ "count x size wraps 32 bits", { { 80, 4, ZERO, 0x02000001 } }, GPT_ERR_ENTRY_ARRAY_SIZE },
	{ "array above the limit", { { 80, 4, ZERO, GPT_MAX_ENTRY_ARRAY_BYTES / ENTRY_SIZE + 1 } },
	  GPT_ERR_ENTRY_ARRAY_SIZE },
	{ "array on LBA 0", { { 72, 8, ZERO, 0 } }, GPT_ERR_ENTRY_ARRAY_LOCATION },
	{ "array beyond the disk", { { 72, 8, ZERO, BLOCKS - 1 } }, GPT_ERR_ENTRY_ARRAY_LOCATION },
	{ "array lba wraps", { { 72, 8, ZERO, 0xffffffffffffffffull } },
	  GPT_ERR_ENTRY_ARRAY_LOCATION },
	{ "array in the usable range", { { 72, 8, FIRST_USABLE, 0 } },
	  GPT_ERR_ENTRY_ARRAY_LOCATION },
};

/* One byte of the primary header or array changed, nothing resealed. */
static const struct byte_case {
	const char *what;
	uint64_t lba;
	unsigned off;
	uint8_t xor;
	int want;
} byte_cases[] = {
	{ "signature", 1, 0, 'E' ^ 'X', GPT_ERR_SIGNATURE },
	{ "crc (disk GUID changed)", 1, 60, 1, GPT_ERR_HEADER_CRC },
	{ "array crc", 2, 200, 1, GPT_ERR_ENTRY_ARRAY_CRC },
};

static void test_primary_rules(uint32_t block_size)
{
	for (size_t i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
		const struct header_case *c = &header_cases[i];

		build(block_size);
		for (unsigned f = 0; f < 2 && c->set[f].size; f++)
			bytes_store_le(block(1) + c->set[f].off, value(c->set[f].from, c->set[f].value),
				       c->set[f].size);
		seal_header(1);
		expect_primary(c->want, c->what);
	}
	for (size_t i = 0; i < sizeof(byte_cases) / sizeof(byte_cases[0]); i++) {
		build(block_size);
		block(byte_cases[i].lba)[byte_cases[i].off] ^= byte_cases[i].xor;
		expect_primary(byte_cases[i].want, byte_cases[i].what);
	}
}

/*
 * One partition entry of the primary array set, the array resealed: that
 * entry is refused (and, for an overlap, the one it overlaps: the ESP at
 * index 0), the table stands and its other entries are listed (as edk2 and
 * Linux list them).
 */
static const struct entry_case {
	const char *what;
	unsigned index;
	enum from start_from;
	uint64_t start;
	enum from end_from;
	uint64_t end;
	int want;
} entry_cases[] = {
	{ "end before start", 3, ZERO, 50, ZERO, 49, GPT_ERR_PART_RANGE },
	{ "below the usable range", 3, ZERO, 1, ZERO, 1, GPT_ERR_PART_OUTSIDE_USABLE },
	/* a last partition run over the backup's entry array, as some image tools write it */
	{ "beyond the usable range", 3, FIRST_USABLE, 20, BACKUP_HEADER, 1,
	  GPT_ERR_PART_OUTSIDE_USABLE },
	{ "on the ESP's last block", 7, FIRST_USABLE, 9, FIRST_USABLE, 9, GPT_ERR_PART_OVERLAP },
};

/* Entry index's status; *p filled. */
static int entry(const struct gpt_disk *g, unsigned index, struct gpt_partition *p)
{
	bool used;
	int rc = gpt_partition(g->entries, g->hdr.entries_bytes, &g->hdr, index, p, &used);

	CHECK(used);
	return rc;
}

static void test_entry_rules(uint32_t block_size)
{
	for (size_t i = 0; i < sizeof(entry_cases) / sizeof(entry_cases[0]); i++) {
		const struct entry_case *c = &entry_cases[i];
		int failures = check_failures;
		bool overlap = c->want == GPT_ERR_PART_OVERLAP;
		struct gpt_disk g;
		struct gpt_partition p;

		build(block_size);
		set_part(2, c->index, value(c->start_from, c->start), value(c->end_from, c->end));
		seal_entries(1);
		CHECK_STATUS(read_disk(&g), GPT_OK);
		CHECK(g.used == GPT_PRIMARY);
		CHECK_STATUS(entry(&g, c->index, &p), c->want);
		CHECK(p.start_lba == bytes_le64(block(2) + c->index * entry_size + 32));
		CHECK_STATUS(entry(&g, 0, &p), overlap ? GPT_ERR_PART_OVERLAP : GPT_OK);
		CHECK_STATUS(entry(&g, 5, &p), GPT_OK);
		CHECK(p.start_lba == 2 + array_blocks() + 10);
		if (check_failures != failures)
			fprintf(stderr, "  case: %s, %u-byte blocks\n", c->what, bs);
	}
}

static void test_disk_level(void)
{
	struct gpt_disk g;
	struct memdisk d;

	build(512);
	block(0)[511] = 0;
	CHECK_STATUS(read_disk(&g), GPT_ERR_PMBR_SIGNATURE);
	build(512);
	block(0)[446 + 4] = 0x83;
	CHECK_STATUS(read_disk(&g), GPT_ERR_PMBR_NOT_PROTECTIVE);
	/* Both headers damaged: one status, both reasons. */
	build(512);
	block(1)[60] ^= 1;
	block(BLOCKS - 1)[0] = 0;
	CHECK_STATUS(read_disk(&g), GPT_ERR_BOTH_HEADERS_BAD);
	CHECK_STATUS(g.primary_status, GPT_ERR_HEADER_CRC);
	CHECK_STATUS(g.backup_status, GPT_ERR_SIGNATURE);
	/* The backup's own rules: MyLBA must be the last block. */
	build(512);
	block(1)[60] ^= 1;
	bytes_store_le(block(BLOCKS - 1) + 24, 1, 8);
	seal_header(BLOCKS - 1);
	CHECK_STATUS(read_disk(&g), GPT_ERR_BOTH_HEADERS_BAD);
	CHECK_STATUS(g.backup_status, GPT_ERR_MY_LBA);
	/* A grown disk: the primary's AlternateLBA is not the last block. */
	build(512);
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, bs, BLOCKS + 100);
	CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_OK);
	CHECK(g.used == GPT_PRIMARY);
	/*
	 * A disk cut short (a raw image truncated, or written to a smaller
	 * device): the backup header and array are gone, the primary's
	 * AlternateLBA lies beyond the end, its usable range does not: the
	 * primary is used, as Linux and edk2 use it.
	 */
	for (uint64_t cut = 1; cut <= 1 + array_blocks(); cut += array_blocks()) {
		memdisk_init_flat(&d, disk, (size_t)(BLOCKS - cut) * bs, bs, BLOCKS - cut);
		CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_OK);
		CHECK(g.used == GPT_PRIMARY && g.hdr.alternate_lba == BLOCKS - 1);
	}
	/* one block more and the usable range is cut: nothing left */
	memdisk_init_flat(&d, disk, (size_t)(BLOCKS - 2 - array_blocks()) * bs, bs,
			  BLOCKS - 2 - array_blocks());
	CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_ERR_BOTH_HEADERS_BAD);
	CHECK_STATUS(g.primary_status, GPT_ERR_USABLE_RANGE);
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, bs, BLOCKS + 100);
	/*
	 * The grown disk with its primary damaged: the backup is looked for at the last
	 * block alone, never where a damaged header points (as edk2 and Linux):
	 * none there, both refused by name. Nothing is written.
	 */
	block(1)[60] ^= 1;
	CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_ERR_BOTH_HEADERS_BAD);
	CHECK_STATUS(g.primary_status, GPT_ERR_HEADER_CRC);
	CHECK_STATUS(g.backup_status, GPT_ERR_SIGNATURE);
	block(1)[60] ^= 1;
	/* I/O errors from the 1st, 2nd and 3rd read on; from the 3rd, the primary array
	 * and everything after it is unreadable. */
	for (int n = 1; n <= 3; n++) {
		memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, bs, BLOCKS);
		d.fail_from_read = n;
		CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_ERR_READ);
	}
	CHECK_STATUS(g.primary_status, GPT_ERR_READ);
	CHECK_STATUS(g.backup_status, GPT_ERR_READ);
	/* Arguments. */
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, 1024 + 1, BLOCKS);
	CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_ERR_BLOCK_SIZE);
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, 512, 2);
	CHECK_STATUS(gpt_read(&d.ops, scratch, sizeof(scratch), &g), GPT_ERR_DISK_TOO_SMALL);
	memdisk_init_flat(&d, disk, (size_t)BLOCKS * bs, 512, BLOCKS);
	CHECK_STATUS(gpt_read(&d.ops, scratch, GPT_SCRATCH_BYTES - 1, &g), GPT_ERR_ARGUMENT);
	CHECK_STATUS(gpt_read(NULL, scratch, sizeof(scratch), &g), GPT_ERR_ARGUMENT);
	CHECK_STATUS(gpt_check_pmbr(disk, 511), GPT_ERR_ARGUMENT);
	struct gpt_header h;
	CHECK_STATUS(gpt_check_header(block(1), 511, 512, 1, BLOCKS, &h), GPT_ERR_ARGUMENT);
	CHECK_STATUS(gpt_check_header(block(1), 512, 512, 1, BLOCKS, NULL), GPT_ERR_ARGUMENT);
	CHECK_STATUS(gpt_check_header(block(1), 512, 600, 1, BLOCKS, &h), GPT_ERR_BLOCK_SIZE);
	CHECK_STATUS(gpt_check_header(block(1), 512, 512, 1, 2, &h), GPT_ERR_DISK_TOO_SMALL);
	CHECK_STATUS(gpt_check_header(block(1), 512, 512, 1, BLOCKS, &h), GPT_OK);
	CHECK_STATUS(gpt_check_entries(block(2), h.entries_bytes - 1, &h), GPT_ERR_ARGUMENT);
}

int main(void)
{
	CHECK(strerror_table_ok(gpt_strerror, GPT_ERR_COUNT, "unknown GPT status"));
	for (uint32_t b = 512; b <= 4096; b *= 8) {
		test_valid(b);
		test_primary_rules(b);
		test_entry_rules(b);
	}
	/* SizeOfPartitionEntry 256 (valid: 128 x 2^n): entries at that stride */
	entry_size = 256;
	test_valid(512);
	test_valid(4096);
	entry_size = ENTRY_SIZE;
	test_disk_level();
	free(disk);
	return check_report("gpt_test");
}
