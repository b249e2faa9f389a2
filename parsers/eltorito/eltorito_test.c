/* El Torito rules, one broken at a time, on ISO images built in memory. */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/disk/memdisk.h"
#include "parsers/eltorito/eltorito.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, eltorito_strerror)
#define SECTORS 64u /* 2048-byte sectors: 128 KiB */
#define CATALOG 20u
#define BR (ELTORITO_BOOT_RECORD_SECTOR * ELTORITO_SECTOR)
#define CAT (CATALOG * ELTORITO_SECTOR)

static uint8_t iso[SECTORS * ELTORITO_SECTOR];
static uint8_t scratch[ELTORITO_SCRATCH_BYTES];

/* The validation entry's checksum word, so that its sixteen words sum to 0. */
static void seal(void)
{
	uint16_t sum = 0;

	bytes_store_le(iso + CAT + 28, 0, 2);
	for (unsigned i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + bytes_le16(iso + CAT + i));
	bytes_store_le(iso + CAT + 28, (uint16_t)-sum, 2);
}

static void boot_entry(size_t off, uint8_t indicator, uint8_t media, uint16_t count, uint32_t rba)
{
	iso[off] = indicator;
	iso[off + 1] = media;
	bytes_store_le(iso + off + 6, count, 2);
	bytes_store_le(iso + off + 8, rba, 4);
}

/*
 * As xorriso -e writes it: the boot record names the catalog in sector 20;
 * validation entry of platform EFI, the initial entry the EFI image (RBA 30,
 * 16 virtual sectors).
 */
static void build(void)
{
	memset(iso, 0, sizeof(iso));
	iso[BR] = 0;
	memcpy(iso + BR + 1, "CD001", 5);
	iso[BR + 6] = 1;
	memcpy(iso + BR + 7, "EL TORITO SPECIFICATION", 23);
	bytes_store_le(iso + BR + 0x47, CATALOG, 4);
	iso[CAT] = 1;
	iso[CAT + 1] = 0xef;
	iso[CAT + 30] = 0x55;
	iso[CAT + 31] = 0xaa;
	seal();
	boot_entry(CAT + 32, 0x88, 0, 16, 30);
}

static int read_iso(uint32_t block_size, struct eltorito_table *t)
{
	struct memdisk d;

	memdisk_init_flat(&d, iso, sizeof(iso), block_size, sizeof(iso) / block_size);
	return eltorito_read(&d.ops, scratch, sizeof(scratch), t);
}

static void test_valid(void)
{
	struct eltorito_table t;

	build();
	CHECK_STATUS(read_iso(512, &t), ELTORITO_OK);
	CHECK(t.count == 1 && t.image[0].entry == 0 && t.image[0].rba == 30);
	CHECK(t.image[0].start_lba == 120 && t.image[0].num_blocks == 16);
	/* 4096-byte blocks: sector 17 is the second half of block 8 */
	CHECK_STATUS(read_iso(4096, &t), ELTORITO_OK);
	CHECK(t.count == 1 && t.image[0].start_lba == 15 && t.image[0].num_blocks == 2);
	/* a sector count of 0 or 1 reaches to the disk's end */
	boot_entry(CAT + 32, 0x88, 0, 1, 30);
	CHECK_STATUS(read_iso(512, &t), ELTORITO_OK);
	CHECK(t.count == 1 && t.image[0].num_blocks == (SECTORS - 30) * 4);
}

/*
 * A BIOS initial entry (platform 0), then sections: EFI (0x90) with a
 * non-bootable entry, a bootable one followed by an extension, and an
 * emulated one; x86 (0x91, last) with a bootable entry. Only the bootable
 * no-emulation EFI entry is listed, numbered in catalog order.
 */
static void test_sections(void)
{
	struct eltorito_table t;

	build();
	iso[CAT + 1] = 0;
	seal();
	boot_entry(CAT + 32, 0x88, 0, 4, 40);
	iso[CAT + 64] = 0x90;
	iso[CAT + 65] = 0xef;
	bytes_store_le(iso + CAT + 66, 3, 2);
	boot_entry(CAT + 96, 0x00, 0, 16, 30);
	boot_entry(CAT + 128, 0x88, 0x20, 16, 32);
	iso[CAT + 160] = 0x44;
	boot_entry(CAT + 192, 0x88, 0x02, 16, 34);
	iso[CAT + 224] = 0x91;
	iso[CAT + 225] = 0x00;
	bytes_store_le(iso + CAT + 226, 1, 2);
	boot_entry(CAT + 256, 0x88, 0, 16, 36);
	CHECK_STATUS(read_iso(512, &t), ELTORITO_OK);
	CHECK(t.count == 1 && t.image[0].entry == 2 && t.image[0].rba == 32);
	/* nothing bootable for EFI: none listed, not an error */
	iso[CAT + 65] = 0;
	CHECK_STATUS(read_iso(512, &t), ELTORITO_OK);
	CHECK(t.count == 0);
}

/* The build() image with one change, refused with one status. */
static const struct rule_case {
	const char *what;
	size_t off;
	uint32_t value;
	unsigned width;
	int want;
} rule_cases[] = {
	{ "boot record type 1", BR, 1, 1, ELTORITO_ERR_NO_BOOT_RECORD },
	{ "CD001 misspelt", BR + 5, '2', 1, ELTORITO_ERR_NO_BOOT_RECORD },
	{ "version 2", BR + 6, 2, 1, ELTORITO_ERR_NO_BOOT_RECORD },
	{ "another boot system", BR + 7, 'X', 1, ELTORITO_ERR_NO_BOOT_RECORD },
	{ "system id not zero-padded", BR + 7 + 30, 'X', 1, ELTORITO_ERR_NO_BOOT_RECORD },
	{ "catalog past the disk", BR + 0x47, SECTORS, 4, ELTORITO_ERR_CATALOG_BEYOND_DISK },
	{ "catalog far past the disk", BR + 0x47, 0xffffffffu, 4, ELTORITO_ERR_CATALOG_BEYOND_DISK },
	{ "header ID 2", CAT, 2, 1, ELTORITO_ERR_VALIDATION_ENTRY },
	{ "key byte 0x55", CAT + 30, 0x54, 1, ELTORITO_ERR_VALIDATION_ENTRY },
	{ "key byte 0xaa", CAT + 31, 0xab, 1, ELTORITO_ERR_VALIDATION_ENTRY },
	{ "checksum", CAT + 28, 0, 2, ELTORITO_ERR_CHECKSUM },
	{ "initial boot indicator 0x80", CAT + 32, 0x80, 1, ELTORITO_ERR_BOOT_INDICATOR },
	{ "image past the disk", CAT + 40, SECTORS, 4, ELTORITO_ERR_IMAGE_BEYOND_DISK },
	{ "image far past the disk", CAT + 40, 0xffffffffu, 4, ELTORITO_ERR_IMAGE_BEYOND_DISK },
	{ "image end past the disk", CAT + 38, 0xffff, 2, ELTORITO_ERR_IMAGE_BEYOND_DISK },
};

static void expect(int want, uint32_t block_size, const char *what)
{
	struct eltorito_table t;
	int failures = check_failures;

	CHECK_STATUS(read_iso(block_size, &t), want);
	CHECK(want == ELTORITO_OK || t.count == 0);
	if (check_failures != failures)
		fprintf(stderr, "  case: %s\n", what);
}

static void test_rules(void)
{
	for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++) {
		const struct rule_case *c = &rule_cases[i];

		build();
		bytes_store_le(iso + c->off, c->value, c->width);
		expect(c->want, 512, c->what);
	}
	/* a 4096-byte disk: an image at an odd RBA is half a block in */
	build();
	boot_entry(CAT + 32, 0x88, 0, 16, 31);
	expect(ELTORITO_OK, 512, "odd RBA, 512-byte blocks");
	expect(ELTORITO_ERR_IMAGE_MISALIGNED, 4096, "odd RBA, 4096-byte blocks");
	/* a section entry's indicator, an extension's, entries past the sector */
	build();
	iso[CAT + 64] = 0x91;
	iso[CAT + 65] = 0xef;
	bytes_store_le(iso + CAT + 66, 1, 2);
	boot_entry(CAT + 96, 0x01, 0, 16, 30);
	expect(ELTORITO_ERR_BOOT_INDICATOR, 512, "section entry indicator 0x01");
	boot_entry(CAT + 96, 0x88, 0x20, 16, 30);
	iso[CAT + 128] = 0x45;
	expect(ELTORITO_ERR_BOOT_INDICATOR, 512, "extension indicator 0x45");
	iso[CAT + 96 + 1] = 0;
	iso[CAT + 128] = 0;
	bytes_store_le(iso + CAT + 66, 62, 2);
	expect(ELTORITO_ERR_CATALOG_OVERRUN, 512, "62 entries after the header");
	bytes_store_le(iso + CAT + 66, 61, 2);
	expect(ELTORITO_OK, 512, "61 entries fill the sector");
	/* extensions that run past the sector */
	bytes_store_le(iso + CAT + 66, 61, 2);
	iso[CAT + ELTORITO_SECTOR - 32 + 1] = 0x20;
	expect(ELTORITO_ERR_CATALOG_OVERRUN, 512, "an extension past the sector");
	/* nine EFI images: one more than listed */
	build();
	iso[CAT + 64] = 0x91;
	iso[CAT + 65] = 0xef;
	bytes_store_le(iso + CAT + 66, ELTORITO_MAX_IMAGES, 2);
	for (unsigned i = 0; i < ELTORITO_MAX_IMAGES; i++)
		boot_entry(CAT + 96 + 32 * i, 0x88, 0, 4, 30 + i);
	expect(ELTORITO_ERR_TOO_MANY_IMAGES, 512, "nine EFI images");
}

static void test_disk(void)
{
	struct eltorito_table t;
	struct memdisk d;
	uint32_t catalog;

	build();
	/*
	 * Sector 16 a primary volume descriptor (an ISO 9660 image), sector 17
	 * no boot record: named apart from a disk that is no ISO. Its type,
	 * "CD001" and version each make it none.
	 */
	iso[BR - 2048] = 1;
	memcpy(iso + BR - 2048 + 1, "CD001", 5);
	iso[BR - 2048 + 6] = 1;
	iso[BR + 5] = '2';
	CHECK_STATUS(read_iso(512, &t), ELTORITO_ERR_ISO_NO_BOOT_RECORD);
	CHECK_STATUS(read_iso(4096, &t), ELTORITO_ERR_ISO_NO_BOOT_RECORD);
	for (size_t off = 0; off < 7; off += 3) {
		iso[BR - 2048 + off] ^= 0x40;
		CHECK_STATUS(read_iso(512, &t), ELTORITO_ERR_NO_BOOT_RECORD);
		iso[BR - 2048 + off] ^= 0x40;
	}
	/* sector 16 unreadable: a read error, not a guess */
	memdisk_init_flat(&d, iso, sizeof(iso), 512, sizeof(iso) / 512);
	d.fail_from_read = 2;
	CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), &t), ELTORITO_ERR_READ);
	build();
	/* a disk too small for sector 17 has no boot record */
	memdisk_init_flat(&d, iso, sizeof(iso), 512, BR / 512 + 3);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), &t), ELTORITO_ERR_NO_BOOT_RECORD);
	for (int fail = 1; fail <= 2; fail++) {
		memdisk_init_flat(&d, iso, sizeof(iso), 512, sizeof(iso) / 512);
		d.fail_from_read = fail;
		CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), &t), ELTORITO_ERR_READ);
	}
	memdisk_init_flat(&d, iso, sizeof(iso), 512, sizeof(iso) / 512);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), &t), ELTORITO_OK);
	CHECK(d.reads == 2);
	CHECK_STATUS(eltorito_read(NULL, scratch, sizeof(scratch), &t), ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_read(&d.ops, NULL, sizeof(scratch), &t), ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, ELTORITO_SECTOR - 1, &t), ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), NULL), ELTORITO_ERR_ARGUMENT);
	memdisk_init_flat(&d, iso, sizeof(iso), 4096, sizeof(iso) / 4096);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, 2048, &t), ELTORITO_ERR_ARGUMENT);
	memdisk_init_flat(&d, iso, sizeof(iso), 768, 16);
	CHECK_STATUS(eltorito_read(&d.ops, scratch, sizeof(scratch), &t), ELTORITO_ERR_BLOCK_SIZE);
	CHECK_STATUS(eltorito_check_boot_record(iso + BR, ELTORITO_SECTOR - 1, &catalog),
		     ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_check_boot_record(iso + BR, ELTORITO_SECTOR, NULL),
		     ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_check_catalog(iso + CAT, ELTORITO_SECTOR - 1, sizeof(iso), 512, &t),
		     ELTORITO_ERR_ARGUMENT);
	CHECK_STATUS(eltorito_check_catalog(iso + CAT, ELTORITO_SECTOR, sizeof(iso), 768, &t),
		     ELTORITO_ERR_BLOCK_SIZE);
}

int main(void)
{
	CHECK(strerror_table_ok(eltorito_strerror, ELTORITO_ERR_COUNT, "unknown El Torito status"));
	test_valid();
	test_sections();
	test_rules();
	test_disk();
	return check_report("eltorito_test");
}
