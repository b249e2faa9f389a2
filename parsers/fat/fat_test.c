/*
 * FAT rules on the committed seeds (mkfs.fat + mtools volumes from
 * corpora/fat, sparse disks): each BPB rule broken once in a copy of the
 * boot sector, directory and long-name rules broken in a copy of the
 * volume, then paths, reads, seeks and I/O errors on the intact volume.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/disk/memdisk.h"
#include "parsers/fat/fat.h"
#include "parsers/fat/fat_internal.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, fat_strerror)

static uint8_t seed16[1 << 16], seed32[1 << 16], input[1 << 16];
static size_t len16, len32, input_len;
static struct memdisk disk;
static struct fat_volume vol;

static size_t load(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, 1 << 16, f) : 0;
	if (f)
		fclose(f);
	if (n == 0)
		fprintf(stderr, "cannot read %s\n", path);
	return n;
}

/* The input byte holding disk byte `off` (it must lie in a stored extent). */
static uint8_t *at(uint64_t off)
{
	size_t pos = MEMDISK_HEADER_SIZE;
	uint32_t bs = (input[0] & 1) ? 4096 : 512;

	while (pos + MEMDISK_EXTENT_HEADER_SIZE <= input_len) {
		uint64_t start = (uint64_t)bytes_le32(input + pos) * bs;
		uint32_t n = bytes_le32(input + pos + 4);
		pos += MEMDISK_EXTENT_HEADER_SIZE;
		if (off >= start && off < start + n)
			return input + pos + (off - start);
		pos += n;
	}
	fprintf(stderr, "disk byte %llu not stored\n", (unsigned long long)off);
	abort();
}

static void use(const uint8_t *seed, size_t len)
{
	memcpy(input, seed, len);
	input_len = len;
}

static int mount(void)
{
	memdisk_init_sparse(&disk, input, input_len);
	return fat_mount(&disk.ops, &vol);
}

static void set16(uint64_t off, uint16_t v)
{
	bytes_store_le(at(off), v, 2);
}

static void set32(uint64_t off, uint32_t v)
{
	bytes_store_le(at(off), v, 4);
}

/* The free-cluster count of a mounted seed, entry by entry from the raw FAT. */
static uint32_t count_free(const uint8_t *seed, size_t len)
{
	static uint8_t fat[1 << 20];
	uint32_t free_clusters = 0, width, got;

	use(seed, len);
	CHECK_STATUS(mount(), FAT_OK);
	width = vol.type / 8;
	CHECK(vol.fat_sectors * vol.sector_size <= sizeof(fat) && vol.type != FAT_TYPE_12);
	CHECK(disk.ops.read(disk.ops.ctx, vol.fat_sector * vol.blocks_per_sector,
			    vol.fat_sectors * vol.blocks_per_sector, fat) == 0);
	for (uint32_t c = 2; c - 2 < vol.cluster_count; c++)
		free_clusters += (bytes_le32(fat + c * width) & (width == 2 ? 0xffffu : 0x0fffffffu)) == 0;
	CHECK_STATUS(fat_free_clusters(&vol, &got), FAT_OK);
	CHECK(got == free_clusters);
	return free_clusters;
}

static void test_bpb_rules(void)
{
	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	CHECK(vol.type == FAT_TYPE_16 && vol.label[0] == 'E' && vol.label[5] == 0);
	struct {
		uint64_t off;
		unsigned size;
		uint32_t value;
		int want;
	} cases[] = {
		{0, 1, 0x00, FAT_ERR_NOT_FAT},
		{510, 1, 0x00, FAT_ERR_BOOT_SIGNATURE},
		{11, 2, 1000, FAT_ERR_SECTOR_SIZE},
		{11, 2, 8192, FAT_ERR_SECTOR_SIZE},
		{13, 1, 0, FAT_ERR_SECTORS_PER_CLUSTER},
		{13, 1, 3, FAT_ERR_SECTORS_PER_CLUSTER},
		{14, 2, 0, FAT_ERR_RESERVED_SECTORS},
		{14, 2, 0xffff, FAT_ERR_NO_DATA_REGION},
		{16, 1, 0, FAT_ERR_NUM_FATS},
		{17, 2, 0, FAT_ERR_ROOT_ENTRIES},
		{19, 2, 0, FAT_ERR_VOLUME_BEYOND_DISK}, /* TotSec32 of a FAT16 image is 0... */
		{22, 2, 4, FAT_ERR_FAT_TOO_SMALL},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use(seed16, len16);
		bytes_store_le(at(cases[i].off), cases[i].value, cases[i].size);
		if (cases[i].off == 19) /* ...so put a huge one there */
			set32(32, 0xffffffffu);
		int rc = mount();
		CHECK_STATUS(rc, cases[i].want);
		if (rc != cases[i].want)
			fprintf(stderr, "  case %u (offset %llu)\n", i, (unsigned long long)cases[i].off);
	}
	use(seed16, len16);
	memcpy(at(3), "EXFAT   ", 8);
	CHECK_STATUS(mount(), FAT_ERR_NOT_FAT);
	use(seed16, len16);
	memcpy(at(3), "NTFS    ", 8);
	CHECK_STATUS(mount(), FAT_ERR_NOT_FAT);
	use(seed16, len16);
	set16(19, 0);
	CHECK_STATUS(mount(), FAT_ERR_TOTAL_SECTORS);
	use(seed16, len16);
	set16(11, 4096);
	at(13)[0] = 32;
	CHECK_STATUS(mount(), FAT_ERR_CLUSTER_SIZE);
	use(seed16, len16);
	input[0] |= 1; /* 4096-byte disk blocks under 512-byte sectors */
	CHECK_STATUS(mount(), FAT_ERR_SECTOR_BELOW_BLOCK);
	use(seed16, len16);
	bytes_store_le(input + 4, 100, 4); /* the disk is smaller than the volume */
	CHECK_STATUS(mount(), FAT_ERR_VOLUME_BEYOND_DISK);
	use(seed16, len16);
	set16(19, 0);
	set32(32, 2u * 1024 * 1024); /* > 65524 clusters of 2 KiB in a FAT16 BPB */
	bytes_store_le(input + 4, 4u * 1024 * 1024, 4);
	CHECK_STATUS(mount(), FAT_ERR_CLUSTER_COUNT);
}

static void test_fat32_rules(void)
{
	use(seed32, len32);
	CHECK_STATUS(mount(), FAT_OK);
	CHECK(vol.type == FAT_TYPE_32 && vol.root_cluster == 2);
	CHECK(vol.fat_sector == bytes_le16(at(14))); /* mirroring on: FAT #1, whatever #2 holds */
	use(seed32, len32);
	set32(36, 0);
	CHECK_STATUS(mount(), FAT_ERR_FAT_SIZE);
	use(seed32, len32);
	set16(42, 1);
	CHECK_STATUS(mount(), FAT_ERR_FS_VERSION);
	use(seed32, len32);
	set16(40, 0x85);
	CHECK_STATUS(mount(), FAT_ERR_ACTIVE_FAT);
	use(seed32, len32);
	set16(40, 0x81); /* mirroring off, the second FAT active: the same volume */
	CHECK_STATUS(mount(), FAT_OK);
	CHECK(vol.fat_sector == bytes_le16(at(14)) + vol.fat_sectors);
	use(seed32, len32);
	set32(44, 1);
	CHECK_STATUS(mount(), FAT_ERR_ROOT_CLUSTER);
	/* the boot sector lost, its backup (BkBootSec 6) intact: no FAT volume, as in edk2 and Linux */
	use(seed32, len32);
	CHECK(bytes_le16(at(50)) == 6 && memcmp(at(6 * 512), at(0), 90) == 0);
	memset(at(0), 0, 512);
	CHECK_STATUS(mount(), FAT_ERR_NOT_FAT);
	use(seed32, len32);
	set16(17, 16);
	CHECK_STATUS(mount(), FAT_ERR_ROOT_ENTRIES);
}

static size_t u16len(const uint16_t *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* path: ASCII, converted to UTF-16. */
static int open_path(const struct fat_dirent *start, const char *path, struct fat_dirent *out)
{
	uint16_t p[512];
	size_t n = strlen(path);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)path[i];
	return fat_open_path(&vol, start, p, n, out);
}

static bool name_is(const uint16_t *name, const char *want)
{
	size_t n = strlen(want);
	if (u16len(name) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (name[i] != (uint8_t)want[i])
			return false;
	}
	return true;
}

static void test_paths(void)
{
	struct fat_dirent e, efi, root;

	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	fat_root(&vol, &root);
	CHECK_STATUS(open_path(NULL, "\\EFI\\BOOT\\BOOTAA64.EFI", &e), FAT_OK);
	CHECK(e.size == 2 + 256 * 20 && name_is(e.name, "BOOTAA64.EFI"));
	CHECK_STATUS(open_path(NULL, "efi\\boot\\bootaa64.efi", &e), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\.\\EFI\\\\debian\\..\\BOOT\\.\\BootAA64.Efi", &e), FAT_OK);
	CHECK(e.size == 2 + 256 * 20);
	CHECK_STATUS(open_path(NULL, "\\EFI", &efi), FAT_OK);
	CHECK_STATUS(open_path(&efi, "BOOT\\BOOTAA64.EFI", &e), FAT_OK);
	CHECK_STATUS(open_path(&efi, "..", &e), FAT_OK);
	CHECK(fat_is_root(&vol, &e));
	CHECK_STATUS(open_path(&efi, "\\..", &e), FAT_ERR_PATH_ABOVE_ROOT);
	CHECK_STATUS(open_path(&efi, "..\\..", &e), FAT_ERR_PATH_ABOVE_ROOT);
	CHECK_STATUS(open_path(NULL, "\\EFI\\BOOT\\missing.efi", &e), FAT_ERR_NOT_FOUND);
	CHECK_STATUS(open_path(NULL, "\\empty\\x", &e), FAT_ERR_NOT_DIRECTORY);
	CHECK_STATUS(open_path(NULL, "\\a long file name.WITH.DOTS.TXT", &e), FAT_OK);
	CHECK(name_is(e.name, "A Long File Name.with.dots.txt") && e.lfn_status == FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\ALONGF~1.TXT", &e), FAT_OK); /* by its 8.3 name */
	char deep[400] = "";
	for (int i = 0; i < 33; i++)
		strcat(deep, "EFI\\..\\");
	CHECK_STATUS(open_path(NULL, deep, &e), FAT_ERR_PATH_TOO_DEEP);
	uint16_t long_name[FAT_MAX_NAME + 1];
	for (unsigned i = 0; i <= FAT_MAX_NAME; i++)
		long_name[i] = 'a';
	CHECK_STATUS(fat_lookup(&vol, &root, long_name, FAT_MAX_NAME + 1, &e), FAT_ERR_NAME_LENGTH);
	CHECK_STATUS(fat_lookup(&vol, &root, long_name, 0, &e), FAT_ERR_NAME_LENGTH);
	CHECK_STATUS(open_path(NULL, "\\empty", &e), FAT_OK);
	CHECK_STATUS(fat_lookup(&vol, &e, long_name, 1, &e), FAT_ERR_NOT_DIRECTORY);
	struct fat_dir d;
	CHECK_STATUS(fat_dir_open(&vol, &e, &d), FAT_ERR_NOT_DIRECTORY);
	CHECK_STATUS(fat_file_open(&vol, &efi, NULL), FAT_ERR_ARGUMENT);
	struct fat_file f;
	CHECK_STATUS(fat_file_open(&vol, &efi, &f), FAT_ERR_IS_DIRECTORY);
	CHECK(fat_name_equal(u"\u00e9t\u00e9", 3, u"\u00c9T\u00c9", 3));
	CHECK(!fat_name_equal(u"\u00f7", 1, u"\u00d7", 1));
}

static void test_listing(void)
{
	struct fat_dirent root, e;
	struct fat_dir d;
	bool end;
	unsigned n = 0, dots = 0;

	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\EFI", &root), FAT_OK);
	CHECK_STATUS(fat_dir_open(&vol, &root, &d), FAT_OK);
	for (;;) {
		CHECK_STATUS(fat_dir_next(&d, &e, &end), FAT_OK);
		if (end)
			break;
		n++;
		dots += name_is(e.name, ".") || name_is(e.name, "..");
	}
	CHECK(n == 4 && dots == 2);
	CHECK_STATUS(fat_dir_next(&d, &e, &end), FAT_OK);
	CHECK(end);
	fat_dir_rewind(&d);
	CHECK_STATUS(fat_dir_next(&d, &e, &end), FAT_OK);
	CHECK(!end && name_is(e.name, "."));
	uint32_t free_clusters;
	CHECK_STATUS(fat_free_clusters(&vol, &free_clusters), FAT_OK);
	CHECK(free_clusters > 0 && free_clusters < vol.cluster_count);
	CHECK(free_clusters == count_free(seed16, len16));
	CHECK(count_free(seed32, len32) > 0);
}

/* Finds the UTF-16 text of a long-name piece in the stored volume. */
static uint8_t *find_utf16(const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i + 2 * n <= input_len; i++) {
		size_t k = 0;
		while (k < n && input[i + 2 * k] == (uint8_t)text[k] && input[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return input + i;
	}
	abort();
}

static int lfn_status_after(void (*mutate)(uint8_t *piece), uint16_t *name)
{
	struct fat_dirent e;
	use(seed16, len16);
	mutate(find_utf16("A Lo") - 1); /* the first stored piece holds ordinal 1 */
	if (mount() != FAT_OK || open_path(NULL, "\\ALONGF~1.TXT", &e) != FAT_OK)
		return -1;
	memcpy(name, e.name, sizeof(e.name));
	return e.lfn_status;
}

static void bad_checksum(uint8_t *p)
{
	p[13] ^= 1;
}

static void bad_ordinal(uint8_t *p)
{
	p[0] = 3;
}

static void bad_character(uint8_t *p)
{
	p[1] = '\\';
}

static void dot_name(uint8_t *p)
{
	p[1] = '.';
	p[3] = 0; /* "." then NUL: a long name that would shadow the directory itself */
}

static void test_long_names(void)
{
	uint16_t name[FAT_MAX_NAME + 1];

	CHECK_STATUS(lfn_status_after(bad_checksum, name), FAT_ERR_LFN_CHECKSUM);
	CHECK(name_is(name, "ALONGF~1.TXT"));
	CHECK_STATUS(lfn_status_after(bad_ordinal, name), FAT_ERR_LFN_ORDINAL);
	CHECK_STATUS(lfn_status_after(bad_character, name), FAT_ERR_LFN_CHARACTER);
	CHECK(name_is(name, "ALONGF~1.TXT"));
	CHECK_STATUS(lfn_status_after(dot_name, name), FAT_ERR_LFN_CHARACTER);
	CHECK(name_is(name, "ALONGF~1.TXT"));
}

/* Directory entry with 8.3 name `raw` in the root of the FAT16 seed. */
static uint8_t *root_entry(const char *raw)
{
	uint64_t root = (uint64_t)(bytes_le16(at(14)) + at(16)[0] * bytes_le16(at(22))) * 512;
	for (uint64_t off = root; off < root + 512 * 32; off += 32) {
		if (memcmp(at(off), raw, 11) == 0)
			return at(off);
	}
	abort();
}

/*
 * The root listed after one entry was damaged: the listing ends without an
 * error, the damaged entry missing and noted, every other entry there.
 */
static int listing_skips(const char *damaged)
{
	static const char *const names[] = {"A Long File Name.with.dots.txt", "EFI", "empty",
					    "loader", "a", "c", "fragmented"};
	struct fat_dirent root, e;
	struct fat_dir d;
	bool end = false, seen[7] = {false};
	unsigned listed = 0;

	if (mount() != FAT_OK)
		return -1;
	fat_root(&vol, &root);
	CHECK_STATUS(fat_dir_open(&vol, &root, &d), FAT_OK);
	for (;;) {
		CHECK_STATUS(fat_dir_next(&d, &e, &end), FAT_OK);
		if (end)
			break;
		listed++;
		for (unsigned i = 0; i < 7; i++)
			seen[i] |= name_is(e.name, names[i]);
	}
	for (unsigned i = 0; i < 7; i++) {
		bool want = strcmp(names[i], damaged) != 0;
		if (seen[i] != want) {
			check_failures++;
			fprintf(stderr, "damaged %s: %s %s\n", damaged, names[i],
				want ? "not listed" : "listed");
		}
	}
	CHECK(listed == 6 && d.skipped == 1);
	/* an entry after the damaged one is found by name; the damaged one says what is wrong */
	CHECK_STATUS(open_path(NULL, "\\fragmented", &e), FAT_OK);
	int skipped = d.skipped_status;
	CHECK_STATUS(open_path(NULL, damaged, &e), skipped);
	fat_dir_rewind(&d);
	CHECK(d.skipped == 0 && d.skipped_status == FAT_OK);
	return skipped;
}

static void test_entry_rules(void)
{
	use(seed16, len16);
	bytes_store_le(root_entry("EMPTY      ") + 28, 5, 4);
	CHECK_STATUS(listing_skips("empty"), FAT_ERR_SIZE_WITHOUT_CLUSTER);
	use(seed16, len16);
	bytes_store_le(root_entry("EFI        ") + 26, 0, 2);
	CHECK_STATUS(listing_skips("EFI"), FAT_ERR_DIR_WITHOUT_CLUSTER);
	use(seed16, len16);
	bytes_store_le(root_entry("EFI        ") + 26, 1, 2);
	CHECK_STATUS(listing_skips("EFI"), FAT_ERR_CLUSTER_RANGE);
	struct fat_dirent e;
	CHECK_STATUS(open_path(NULL, "\\EFI\\BOOT\\BOOTAA64.EFI", &e), FAT_ERR_CLUSTER_RANGE);
	/* by its long name too: the entry of a long name is damaged */
	use(seed16, len16);
	bytes_store_le(root_entry("ALONGF~1TXT") + 26, 0xfff0, 2);
	CHECK_STATUS(listing_skips("A Long File Name.with.dots.txt"), FAT_ERR_CLUSTER_RANGE);
	CHECK_STATUS(open_path(NULL, "\\ALONGF~1.TXT", &e), FAT_ERR_CLUSTER_RANGE);
	/* a broken long name costs the long name alone: the siblings stay */
	use(seed16, len16);
	find_utf16("A Lo")[-1 + 13] ^= 1;
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\ALONGF~1.TXT", &e), FAT_OK);
	CHECK(e.lfn_status == FAT_ERR_LFN_CHECKSUM);
	CHECK_STATUS(open_path(NULL, "\\fragmented", &e), FAT_OK);
	struct fat_file f;
	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\empty", &e), FAT_OK);
	e.size = 1; /* an entry that lies: fat_file_open() checks it again */
	CHECK_STATUS(fat_file_open(&vol, &e, &f), FAT_ERR_SIZE_WITHOUT_CLUSTER);
}

static void test_reads(void)
{
	static uint8_t buf[20000], want[20000];
	struct fat_dirent e;
	struct fat_file f;
	size_t done;

	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	for (unsigned i = 0; i < 10040; i++)
		want[i] = (uint8_t)(i % 251);
	CHECK_STATUS(open_path(NULL, "\\fragmented", &e), FAT_OK);
	CHECK_STATUS(fat_file_open(&vol, &e, &f), FAT_OK);
	CHECK(e.size == 10040);
	size_t total = 0;
	while (total < e.size) {
		CHECK_STATUS(fat_file_read(&f, buf + total, 777, &done), FAT_OK);
		if (done == 0)
			break;
		total += done;
	}
	CHECK(total == e.size && memcmp(buf, want, total) == 0);
	/* The run of clusters checked at open is read without walking the FAT again. */
	CHECK(f.run >= 2 && f.run * vol.cluster_size < e.size);
	fat_file_seek(&f, 0);
	vol.fat_cache_sectors = 0;
	uint64_t reads = disk.reads;
	CHECK_STATUS(fat_file_read(&f, buf, f.run * vol.cluster_size, &done), FAT_OK);
	CHECK(done == f.run * vol.cluster_size && memcmp(buf, want, done) == 0);
	CHECK(disk.reads == reads + 1 && vol.fat_cache_sectors == 0);
	/* a second open of the same chain walks nothing: its checked length is remembered */
	struct fat_file g;
	vol.fat_cache_sectors = 0;
	reads = disk.reads;
	CHECK_STATUS(fat_file_open(&vol, &e, &g), FAT_OK);
	CHECK(disk.reads == reads && g.run == f.run);
	e.size += vol.cluster_size; /* ... and still checked against each entry's size */
	CHECK_STATUS(fat_file_open(&vol, &e, &g), FAT_ERR_CHAIN_SHORTER_THAN_SIZE);
	e.size -= vol.cluster_size;
	/* and past the run the chain is walked from the run's last cluster */
	CHECK_STATUS(fat_file_read(&f, buf, 1000, &done), FAT_OK);
	CHECK(done == 1000 && memcmp(buf, want + f.run * vol.cluster_size, 1000) == 0);
	fat_file_seek(&f, 5000); /* backwards: the chain is walked again from the start */
	CHECK_STATUS(fat_file_read(&f, buf, 3000, &done), FAT_OK);
	CHECK(done == 3000 && memcmp(buf, want + 5000, 3000) == 0);
	fat_file_seek(&f, 20000);
	CHECK_STATUS(fat_file_read(&f, buf, 10, &done), FAT_OK);
	CHECK(done == 0);
	CHECK_STATUS(fat_file_read(&f, NULL, 10, &done), FAT_ERR_ARGUMENT);
	/* The chain broken after the file was opened: the read names it. */
	fat_file_seek(&f, 0);
	uint64_t fat = (uint64_t)bytes_le16(at(14)) * 512;
	uint16_t second = bytes_le16(at(fat + 2 * e.first_cluster));
	bytes_store_le(at(fat + 2 * second), 0, 2);
	vol.fat_cache_sectors = 0;
	CHECK_STATUS(fat_file_read(&f, buf, e.size, &done), FAT_ERR_CHAIN_FREE);
	bytes_store_le(at(fat + 2 * second), 0xffff, 2);
	vol.fat_cache_sectors = 0;
	fat_file_seek(&f, 0);
	CHECK_STATUS(fat_file_read(&f, buf, e.size, &done), FAT_ERR_CHAIN_SHORTER_THAN_SIZE);
}

/* The disk written under a mounted volume: once forgotten, the caches give the new bytes. */
static void test_forget(void)
{
	struct fat_dirent e;
	struct fat_file f, g;
	size_t done;
	static uint8_t buf[2 * FAT_MAX_CLUSTER_SIZE];

	use(seed16, len16);
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\fragmented", &e), FAT_OK);
	CHECK_STATUS(fat_file_open(&vol, &e, &f), FAT_OK);
	CHECK(f.run >= 2 && 2ull * vol.cluster_size < e.size);
	CHECK_STATUS(fat_file_read(&f, buf, 10, &done), FAT_OK); /* a partial sector: cached */
	CHECK(done == 10 && buf[1] == 1);
	/* the first cluster's bytes and its FAT link (now free) rewritten on the disk */
	uint64_t data = vol.data_sector * vol.sector_size + (e.first_cluster - 2ull) * vol.cluster_size;
	memcpy(at(data), "rewritten!", 10);
	bytes_store_le(at(vol.fat_sector * vol.sector_size + 2ull * e.first_cluster), 0, 2);
	/* kept: the checked run (no link read), the cached sector, the remembered walk */
	fat_file_seek(&f, 0);
	CHECK_STATUS(fat_file_read(&f, buf, 2 * vol.cluster_size, &done), FAT_OK);
	fat_file_seek(&f, 0);
	CHECK_STATUS(fat_file_read(&f, buf, 10, &done), FAT_OK);
	CHECK(buf[1] == 1);
	CHECK_STATUS(fat_file_open(&vol, &e, &g), FAT_OK);
	/* forgotten: the new bytes, and the broken link is found */
	fat_volume_forget(&vol);
	fat_file_forget(&f);
	fat_file_seek(&f, 0);
	CHECK_STATUS(fat_file_read(&f, buf, 10, &done), FAT_OK);
	CHECK(done == 10 && memcmp(buf, "rewritten!", 10) == 0);
	CHECK_STATUS(fat_file_read(&f, buf, 2 * vol.cluster_size, &done), FAT_ERR_CHAIN_FREE);
	CHECK_STATUS(fat_file_open(&vol, &e, &g), FAT_ERR_CHAIN_FREE);
}

static void test_io_errors(void)
{
	struct fat_dirent e;
	struct fat_file f;
	size_t done;
	uint8_t buf[16];

	use(seed16, len16);
	for (int n = 1; n <= 2; n++) { /* the boot sector, then the root directory (label) */
		memdisk_init_sparse(&disk, input, input_len);
		disk.fail_from_read = n;
		CHECK_STATUS(fat_mount(&disk.ops, &vol), FAT_ERR_READ);
	}
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\EFI\\debian\\grub.cfg", &e), FAT_OK);
	CHECK_STATUS(fat_file_open(&vol, &e, &f), FAT_OK);
	disk.fail_from_read = (int)disk.reads + 1;
	vol.sector_cache_valid = false;
	CHECK_STATUS(fat_file_read(&f, buf, 10, &done), FAT_ERR_READ);
	/* A directory read that fails can be retried: the cursor did not move. */
	struct fat_dirent many, first, retry;
	struct fat_dir d;
	bool end;
	CHECK_STATUS(mount(), FAT_OK);
	CHECK_STATUS(open_path(NULL, "\\EFI", &many), FAT_OK);
	CHECK_STATUS(fat_dir_open(&vol, &many, &d), FAT_OK);
	CHECK_STATUS(fat_dir_next(&d, &first, &end), FAT_OK);
	fat_dir_rewind(&d);
	vol.sector_cache_valid = false;
	disk.fail_from_read = (int)disk.reads + 1;
	CHECK_STATUS(fat_dir_next(&d, &retry, &end), FAT_ERR_READ);
	disk.fail_from_read = 0;
	CHECK_STATUS(fat_dir_next(&d, &retry, &end), FAT_OK);
	CHECK(!end && retry.first_cluster == first.first_cluster && d.index == 1);
	struct memdisk odd;
	memdisk_init_flat(&odd, seed16, 0, 1000, 10);
	CHECK_STATUS(fat_mount(&odd.ops, &vol), FAT_ERR_BLOCK_SIZE);
	memdisk_init_flat(&odd, seed16, 0, 512, 0);
	CHECK_STATUS(fat_mount(&odd.ops, &vol), FAT_ERR_VOLUME_BEYOND_DISK);
	CHECK_STATUS(fat_mount(NULL, &vol), FAT_ERR_ARGUMENT);
	CHECK_STATUS(fat_check_bpb(seed16, 511, 512, 10, &vol), FAT_ERR_ARGUMENT);
}

/* ---- chain walks: the straight-run fast path against a link-by-link walk ---- */

/* The mounted seed, with its FAT read from `fat` (rewritten by the chain tests). */
static uint8_t overlay_fat[1 << 20];
static uint64_t overlay_first, overlay_blocks;

static int overlay_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	(void)ctx;
	if (lba >= overlay_first && lba + count <= overlay_first + overlay_blocks) {
		memcpy(buf, overlay_fat + (lba - overlay_first) * disk.ops.block_size,
		       count * disk.ops.block_size);
		return 0;
	}
	return disk.ops.read(disk.ops.ctx, lba, count, buf);
}

/* The walk as it was before straight runs: Brent's algorithm, one fat_link() per link. */
static int reference_walk(struct fat_volume *v, uint32_t first, uint32_t max_count,
			  uint32_t *count, uint32_t *run)
{
	uint32_t hare = first, tortoise = first, power = 1, lambda = 0;
	bool contiguous = true;

	*count = *run = 0;
	if (!fat_cluster_ok(v, first))
		return FAT_ERR_CLUSTER_RANGE;
	for (;;) {
		enum fat_link link;
		uint32_t next;
		if (++*count > max_count)
			return FAT_ERR_DIR_TOO_LARGE;
		int rc = fat_link(v, hare, &link, &next);
		if (rc)
			return rc;
		*run += contiguous;
		if (link == FAT_LINK_END)
			return FAT_OK;
		if (link != FAT_LINK_NEXT)
			return fat_link_status(link);
		if (next == tortoise || *count > v->cluster_count)
			return FAT_ERR_CHAIN_CYCLE;
		contiguous = contiguous && next == hare + 1;
		hare = next;
		if (++lambda == power) {
			tortoise = hare;
			power *= 2;
			lambda = 0;
		}
	}
}

static uint32_t rnd(uint32_t n)
{
	static uint64_t x = 0x2545f4914f6cdd1dull;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (uint32_t)(x % n);
}

static void set_entry(uint32_t width, uint32_t cluster, uint32_t v)
{
	bytes_store_le(overlay_fat + (size_t)cluster * width, v, width);
}

/*
 * A chain of straight runs and jumps (backwards too, so cycles) from first,
 * ending in an end marker, a free or bad cluster, a number out of range, or
 * a jump back into itself.
 */
static void random_chain(uint32_t width, uint32_t clusters, uint32_t first)
{
	uint32_t c = first, end = width == 2 ? 0xffffu : 0x0fffffffu;
	uint32_t bad = width == 2 ? 0xfff7u : 0x0ffffff7u;

	for (unsigned seg = 0, segs = 1 + rnd(6); seg < segs; seg++) {
		for (uint32_t n = rnd(4) ? rnd(5000) : rnd(3); n && c + 1 < clusters + 2; n--, c++)
			set_entry(width, c, c + 1);
		uint32_t to = 2 + rnd(clusters);
		set_entry(width, c, to);
		c = to;
	}
	uint32_t ends[] = { end, 0, bad, clusters + 2, first + rnd(40), end - rnd(7) };
	set_entry(width, c, ends[rnd(6)]);
}

static void test_chain_walks(const uint8_t *seed, size_t len)
{
	struct disk_ops ops;
	unsigned statuses[FAT_ERR_COUNT] = { 0 };

	use(seed, len);
	CHECK_STATUS(mount(), FAT_OK);
	uint32_t width = vol.type / 8, clusters = vol.cluster_count;
	overlay_first = vol.fat_sector * vol.blocks_per_sector;
	overlay_blocks = vol.fat_sectors * vol.blocks_per_sector;
	CHECK(overlay_blocks * disk.ops.block_size <= sizeof(overlay_fat));
	CHECK(disk.ops.read(disk.ops.ctx, overlay_first, overlay_blocks, overlay_fat) == 0);
	ops = disk.ops;
	ops.read = overlay_read;
	CHECK_STATUS(fat_mount(&ops, &vol), FAT_OK);
	for (unsigned i = 0; i < 2000; i++) {
		uint32_t first = 2 + rnd(clusters), max = rnd(3) ? UINT32_MAX : rnd(8000);
		uint32_t count, run, want_count, want_run;
		random_chain(width, clusters, first);
		vol.fat_cache_sectors = 0;
		int want = reference_walk(&vol, first, max, &want_count, &want_run);
		vol.fat_cache_sectors = 0;
		int got = fat_chain_walk_run(&vol, first, max, &count, &run);
		CHECK_STATUS(got, want);
		CHECK(count == want_count && run == want_run);
		if (got != want || count != want_count || run != want_run) {
			fprintf(stderr, "chain %u from %u (max %u): count %u/%u run %u/%u\n", i,
				first, max, count, want_count, run, want_run);
			break;
		}
		statuses[got]++;
	}
	/* the chains reached every ending */
	CHECK(statuses[FAT_OK] && statuses[FAT_ERR_CHAIN_CYCLE] && statuses[FAT_ERR_CHAIN_FREE] &&
	      statuses[FAT_ERR_CHAIN_BAD_CLUSTER] && statuses[FAT_ERR_CLUSTER_RANGE] &&
	      statuses[FAT_ERR_DIR_TOO_LARGE]);
}

int main(void)
{
	CHECK(strerror_table_ok(fat_strerror, FAT_ERR_COUNT, "unknown FAT status"));
	len16 = load("corpora/fat/fat16-esp.disk", seed16);
	len32 = load("corpora/fat/fat32-esp.disk", seed32);
	if (!len16 || !len32)
		return 1;
	test_bpb_rules();
	test_fat32_rules();
	test_paths();
	test_listing();
	test_long_names();
	test_entry_rules();
	test_reads();
	test_forget();
	test_io_errors();
	test_chain_walks(seed16, len16);
	test_chain_walks(seed32, len32);
	return check_report("fat_test");
}
