/* MBR and EBR rules, one broken at a time, on disks built in memory. */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/disk/memdisk.h"
#include "parsers/mbr/mbr.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, mbr_strerror)
#define BLOCKS 4096u

static uint8_t disk[BLOCKS * 512];
static uint8_t scratch[4096];

static void entry(uint64_t lba, unsigned i, uint8_t boot, uint8_t type, uint32_t start,
		  uint32_t count)
{
	uint8_t *e = disk + lba * 512 + 446 + i * 16;
	e[0] = boot;
	e[4] = type;
	bytes_store_le(e + 8, start, 4);
	bytes_store_le(e + 12, count, 4);
	disk[lba * 512 + 510] = 0x55;
	disk[lba * 512 + 511] = 0xaa;
}

/* ESP (0xEF) at 2048, an extended partition at 3000 with two logicals. */
static void build(void)
{
	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0x80, MBR_TYPE_EFI_SYSTEM, 2048, 512);
	entry(0, 1, 0, MBR_TYPE_EXTENDED_LBA, 3000, 1000);
	entry(3000, 0, 0, 0x83, 10, 90);        /* 3010..3099 */
	entry(3000, 1, 0, MBR_TYPE_EXTENDED_CHS, 200, 300); /* next EBR at 3200 */
	entry(3200, 0, 0, 0x0c, 1, 99);         /* 3201..3299 */
}

static int read_disk(struct mbr_table *t)
{
	struct memdisk d;
	memdisk_init_flat(&d, disk, sizeof(disk), 512, BLOCKS);
	return mbr_read(&d.ops, scratch, sizeof(scratch), t);
}

static void test_valid(void)
{
	struct mbr_table t;

	build();
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(!t.protective && t.count == 3);
	CHECK(t.part[0].type == MBR_TYPE_EFI_SYSTEM && t.part[0].bootable && t.part[0].number == 1);
	CHECK(t.part[0].start_lba == 2048 && t.part[0].num_blocks == 512);
	CHECK(t.part[1].logical && t.part[1].start_lba == 3010 && t.part[1].number == 5);
	CHECK(t.part[2].logical && t.part[2].start_lba == 3201 && t.part[2].number == 6);
	/* A protective MBR is reported, not walked. */
	build();
	entry(0, 2, 0, MBR_TYPE_GPT_PROTECTIVE, 1, 0xffffffff);
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(t.protective);
}

/* One entry of the MBR or an EBR written over the valid disk of build(). */
static const struct entry_case {
	const char *what;
	uint64_t lba;
	unsigned index;
	uint8_t boot, type;
	uint32_t start, count;
	int want;
} entry_cases[] = {
	{ "ESP boot flag 0x01", 0, 0, 0x01, MBR_TYPE_EFI_SYSTEM, 2048, 512, MBR_ERR_BOOT_FLAG },
	{ "past the last block", 0, 2, 0, 0x83, BLOCKS - 10, 11, MBR_ERR_PART_BEYOND_DISK },
	{ "over the ESP", 0, 2, 0, 0x83, 2500, 10, MBR_ERR_PART_OVERLAP },
	{ "extended over the extended", 0, 2, 0, MBR_TYPE_EXTENDED_LINUX, 3500, 10,
	  MBR_ERR_PART_OVERLAP },
	{ "second extended", 0, 2, 0, MBR_TYPE_EXTENDED_LINUX, 100, 10, MBR_ERR_TWO_EXTENDED },
	{ "EBR link not extended", 3000, 1, 0, 0x83, 200, 300, MBR_ERR_EBR_ENTRIES },
	{ "EBR third entry", 3000, 2, 0, 0x83, 400, 1, MBR_ERR_EBR_ENTRIES },
	{ "EBR link to itself", 3000, 1, 0, MBR_TYPE_EXTENDED_CHS, 0, 300,
	  MBR_ERR_EBR_LINK_BACKWARD },
	{ "EBR link back to the first EBR", 3200, 1, 0, MBR_TYPE_EXTENDED_CHS, 0, 300,
	  MBR_ERR_EBR_LINK_BACKWARD },
	{ "EBR link outside extended", 3200, 1, 0, MBR_TYPE_EXTENDED_CHS, 1000, 1,
	  MBR_ERR_EBR_OUTSIDE_EXTENDED },
	{ "logical into the next EBR", 3000, 0, 0, 0x83, 10, 191, MBR_ERR_LOGICAL_OUTSIDE_EBR },
	{ "logical on its own EBR", 3000, 0, 0, 0x83, 0, 10, MBR_ERR_LOGICAL_OUTSIDE_EBR },
	{ "logical past its EBR's extent", 3200, 0, 0, 0x83, 1, 800, MBR_ERR_LOGICAL_OUTSIDE_EBR },
};

/* One byte of the 0x55 0xaa signature cleared. */
static const struct signature_case {
	const char *what;
	size_t off;
	int want;
} signature_cases[] = {
	{ "MBR signature", 510, MBR_ERR_SIGNATURE },
	{ "second EBR signature", 3200 * 512 + 511, MBR_ERR_EBR_SIGNATURE },
};

static void expect_refused(int want, const char *what)
{
	struct mbr_table t;
	int failures = check_failures;

	CHECK_STATUS(read_disk(&t), want);
	if (check_failures != failures)
		fprintf(stderr, "  case: %s\n", what);
}

static void test_rules(void)
{
	for (size_t i = 0; i < sizeof(signature_cases) / sizeof(signature_cases[0]); i++) {
		build();
		disk[signature_cases[i].off] = 0;
		expect_refused(signature_cases[i].want, signature_cases[i].what);
	}
	for (size_t i = 0; i < sizeof(entry_cases) / sizeof(entry_cases[0]); i++) {
		const struct entry_case *c = &entry_cases[i];

		build();
		entry(c->lba, c->index, c->boot, c->type, c->start, c->count);
		expect_refused(c->want, c->what);
	}
}

/*
 * A hybrid ISO's table (xorriso -append_partition, Debian's installer
 * images): entry 1 starts at LBA 0 over the whole image, the table
 * included, entry 2 is the ESP appended after it. Entry 1 is left out, the
 * ESP listed with its own number (refused outright before, so such an image
 * had no ESP). An extended entry at LBA 0 is left out too: never walked.
 */
static void test_hybrid_iso(void)
{
	struct mbr_table t;

	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0x80, 0x83, 0, 3000);
	entry(0, 1, 0, MBR_TYPE_EFI_SYSTEM, 3000, 512);
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(t.count == 1 && t.part[0].number == 2 && t.part[0].type == MBR_TYPE_EFI_SYSTEM);
	CHECK(t.part[0].start_lba == 3000 && t.part[0].num_blocks == 512);
	/* the whole-image entry may hold the ESP (syslinux isohybrid): no overlap */
	entry(0, 1, 0, MBR_TYPE_EFI_SYSTEM, 2048, 512);
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(t.count == 1 && t.part[0].start_lba == 2048);
	/* but two listed entries still may not overlap */
	entry(0, 2, 0, 0x83, 2500, 10);
	CHECK_STATUS(read_disk(&t), MBR_ERR_PART_OVERLAP);
	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0, MBR_TYPE_EXTENDED_LBA, 0, 100);
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(t.count == 0);
}

/*
 * An EBR's boot indicator is not a rule (only LBA 0's tells a table from a
 * FAT boot sector, as in Linux's msdos parser): a logical partition with
 * 0x7f is listed, not bootable; one with 0x80 is bootable.
 */
static void test_ebr_boot_flag(void)
{
	struct mbr_table t;

	build();
	entry(3200, 0, 0x7f, 0x0c, 1, 99);
	entry(3000, 0, 0x80, 0x83, 10, 90);
	CHECK_STATUS(read_disk(&t), MBR_OK);
	CHECK(t.count == 3 && t.part[2].number == 6 && t.part[2].start_lba == 3201);
	CHECK(!t.part[2].bootable && t.part[1].bootable);
}

/* MBR_MAX_LOGICAL logicals are read; one more is refused. */
static void test_many_logicals(void)
{
	struct mbr_table t;

	for (unsigned extra = 0; extra < 2; extra++) {
		memset(disk, 0, sizeof(disk));
		unsigned n = MBR_MAX_LOGICAL + extra;
		entry(0, 0, 0, MBR_TYPE_EXTENDED_LBA, 100, n * 10);
		for (unsigned i = 0; i < n; i++) {
			entry(100 + i * 10, 0, 0, 0x83, 1, 9);
			if (i + 1 < n)
				entry(100 + i * 10, 1, 0, MBR_TYPE_EXTENDED_LBA, (i + 1) * 10, 10);
		}
		CHECK_STATUS(read_disk(&t), extra ? MBR_ERR_TOO_MANY_LOGICAL : MBR_OK);
		CHECK(extra || t.count == MBR_MAX_LOGICAL);
	}
	/* EBRs without a logical partition count too: the walk reads at most 60. */
	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0, MBR_TYPE_EXTENDED_LBA, 100, 3000);
	for (unsigned i = 0; i < 2 * MBR_MAX_LOGICAL; i++)
		entry(100 + i, 1, 0, MBR_TYPE_EXTENDED_LBA, i + 1, 1);
	CHECK_STATUS(read_disk(&t), MBR_ERR_TOO_MANY_LOGICAL);
}

static void test_arguments(void)
{
	struct mbr_table t;
	struct memdisk d;
	struct mbr_partition p;
	bool has;
	uint64_t next;

	build();
	memdisk_init_flat(&d, disk, sizeof(disk), 512, BLOCKS);
	CHECK_STATUS(mbr_read(NULL, scratch, sizeof(scratch), &t), MBR_ERR_ARGUMENT);
	CHECK_STATUS(mbr_read(&d.ops, scratch, 511, &t), MBR_ERR_ARGUMENT);
	d.fail_from_read = 1;
	CHECK_STATUS(mbr_read(&d.ops, scratch, sizeof(scratch), &t), MBR_ERR_READ);
	memdisk_init_flat(&d, disk, sizeof(disk), 512, BLOCKS);
	d.fail_from_read = 2;
	CHECK_STATUS(mbr_read(&d.ops, scratch, sizeof(scratch), &t), MBR_ERR_READ);
	memdisk_init_flat(&d, disk, sizeof(disk), 768, BLOCKS);
	CHECK_STATUS(mbr_read(&d.ops, scratch, sizeof(scratch), &t), MBR_ERR_BLOCK_SIZE);
	CHECK_STATUS(mbr_check(disk, 511, BLOCKS, &t), MBR_ERR_ARGUMENT);
	CHECK_STATUS(mbr_check_ebr(disk, 512, 10, 20, 5, &p, &has, &next), MBR_ERR_ARGUMENT);
	CHECK_STATUS(mbr_check_ebr(disk, 512, 30, 20, 5, &p, &has, &next), MBR_ERR_ARGUMENT);
}

int main(void)
{
	CHECK(strerror_table_ok(mbr_strerror, MBR_ERR_COUNT, "unknown MBR status"));
	test_valid();
	test_rules();
	test_hybrid_iso();
	test_ebr_boot_flag();
	test_many_logicals();
	test_arguments();
	return check_report("mbr_test");
}
