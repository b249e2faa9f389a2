/*
 * Host tests for the FAT file system driver (protocols/simple_fs.c), linked
 * with the production protocol database, pool and parsers/fat over host
 * memory. The volumes are ESPs that mkfs.fat and mtools made
 * (qemu-tests/disk/make_disk.py); what they hold is compared with the host
 * files they were made from. Writes go through the production Block I/O and
 * Disk I/O (block_io.c, disk_io.c) over a disk in host memory.
 *
 * usage: simple_fs_test NAMES_DISK:SECTOR... -- BOOTAA64 LONG_NAME_FILE DEEP_FILE
 *                       FAT_CYCLE_DISK BPB_ZERO_DIVISOR_DISK
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/protocols/disk.h"
#include "firmware/platform/log.h"
#include "tools/testing/check.h"

#define RAM_PAGES 2048 /* 8 MiB of host memory as the machine's RAM */

struct memmap efi_memmap;
struct pool efi_pool;
struct protocol_db efi_db;
static efi_memory_descriptor_t descriptors[64];

/* The log (the database's memory names a failure there): to stdout. */
void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

struct host_file {
	uint8_t *data;
	size_t size;
};

static struct host_file slurp(const char *path)
{
	struct host_file f = { 0 };
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		perror(path);
		exit(2);
	}
	fseek(fp, 0, SEEK_END);
	f.size = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	f.data = malloc(f.size ? f.size : 1);
	if (fread(f.data, 1, f.size, fp) != f.size)
		exit(2);
	fclose(fp);
	return f;
}

/* A partition's Block I/O over the ESP inside a GPT disk image. */
struct fake_disk {
	efi_block_io_t bio;
	efi_block_io_media_t media;
	const uint8_t *blocks;
	unsigned reads;
	uint64_t fat_first, fat_end; /* the first FAT's blocks [fat_first, fat_end) */
	unsigned fat_reads;          /* reads that touch them */
	bool whole_fat;              /* one of them read it all */
};

static efi_status_t fake_read(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
			      uint64_t size, void *buf)
{
	struct fake_disk *d = (struct fake_disk *)self;

	if (media_id != d->media.media_id || size % d->media.block_size ||
	    lba > d->media.last_block || size / d->media.block_size > d->media.last_block + 1 - lba)
		return EFI_INVALID_PARAMETER;
	memcpy(buf, d->blocks + lba * d->media.block_size, size);
	d->reads++;
	if (lba < d->fat_end && lba + size / d->media.block_size > d->fat_first) {
		d->fat_reads++;
		d->whole_fat |= lba == d->fat_first && lba + size / d->media.block_size == d->fat_end;
	}
	return EFI_SUCCESS;
}

/* The first GPT entry's partition (make_disk.py writes one at LBA 2). */
static void fake_disk_init(struct fake_disk *d, const struct host_file *img, uint32_t sector)
{
	const uint8_t *entry = img->data + 2 * sector;
	uint64_t first, last;

	memcpy(&first, entry + 32, 8);
	memcpy(&last, entry + 40, 8);
	memset(d, 0, sizeof(*d));
	d->media.media_id = 7;
	d->media.media_present = 1;
	d->media.logical_partition = 1;
	d->media.read_only = 1;
	d->media.block_size = sector;
	d->media.last_block = last - first;
	d->bio.media = &d->media;
	d->bio.read_blocks = fake_read;
	d->blocks = img->data + first * sector;
	/* BPB: reserved sectors at 14, FAT16 size at 22, else FAT32 size at 36 (sector == block here) */
	uint16_t reserved = (uint16_t)(d->blocks[14] | d->blocks[15] << 8);
	uint32_t fat_size = (uint32_t)(d->blocks[22] | d->blocks[23] << 8);
	if (!fat_size)
		memcpy(&fat_size, d->blocks + 36, 4);
	d->fat_first = reserved;
	d->fat_end = reserved + (uint64_t)fat_size;
}

static efi_driver_binding_t *binding;

static efi_handle_t attach(struct fake_disk *d, efi_status_t want)
{
	efi_handle_t h = NULL;

	CHECK(db_install(&efi_db, &h, &efi_block_io_protocol_guid, &d->bio) == EFI_SUCCESS);
	CHECK(binding->supported(binding, h, NULL) == EFI_SUCCESS);
	CHECK(binding->start(binding, h, NULL) == want);
	return h;
}

static efi_file_t *open_root(efi_handle_t h)
{
	efi_simple_file_system_t *fs = NULL;
	efi_file_t *root = NULL;

	CHECK(db_get(&efi_db, h, &efi_simple_file_system_protocol_guid, (void **)&fs) ==
	      EFI_SUCCESS);
	if (!fs)
		return NULL;
	CHECK(fs->open_volume(fs, &root) == EFI_SUCCESS);
	return root;
}

static uint16_t *u16(const char *s)
{
	static uint16_t buf[4][256];
	static int next;
	uint16_t *out = buf[next++ % 4];
	size_t i = 0;

	for (; s[i]; i++)
		out[i] = (uint8_t)s[i];
	out[i] = 0;
	return out;
}

static bool u16_equal(const uint16_t *a, const char *b)
{
	size_t i = 0;

	for (; b[i]; i++)
		if (a[i] != (uint8_t)b[i])
			return false;
	return a[i] == 0;
}

static efi_status_t open_file(efi_file_t *dir, const char *path, efi_file_t **out)
{
	*out = NULL;
	return dir->open(dir, out, u16(path), EFI_FILE_MODE_READ, 0);
}

/* The whole file, read in pieces of chunk bytes, equals want. */
static void check_contents(efi_file_t *root, const char *path, const struct host_file *want,
			   size_t chunk)
{
	efi_file_t *f;
	uint8_t *got = malloc(want->size + chunk);
	uint64_t total = 0, n;

	CHECK(open_file(root, path, &f) == EFI_SUCCESS);
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		free(got);
		return;
	}
	do {
		n = chunk;
		CHECK(f->read(f, &n, got + total) == EFI_SUCCESS);
		total += n;
	} while (n && total <= want->size);
	CHECK(total == want->size && memcmp(got, want->data, want->size) == 0);
	CHECK(f->close(f) == EFI_SUCCESS);
	free(got);
}

static void test_paths(efi_file_t *root, const struct host_file *boot,
		       const struct host_file *long_file, const struct host_file *deep)
{
	efi_file_t *dir, *f;

	check_contents(root, "\\EFI\\BOOT\\BOOTAA64.EFI", boot, 1 << 20);
	check_contents(root, "\\efi\\boot\\bootaa64.efi", boot, 333);
	check_contents(root, "\\EFI\\.\\BOOT\\..\\BOOT\\\\BOOTAA64.EFI", boot, 4096);
	check_contents(root, "Dir One\\Long File Name With Spaces.txt", long_file, 100);
	check_contents(root, "\\DIR ONE\\long file name with spaces.TXT", long_file, 1 << 16);
	check_contents(root, "\\a\\b\\c\\d\\e\\f\\g\\deep.txt", deep, 7);
	/* relative to a directory handle; "" opens the directory again */
	CHECK(open_file(root, "\\EFI", &dir) == EFI_SUCCESS);
	check_contents(dir, "BOOT\\BOOTAA64.EFI", boot, 1 << 20);
	CHECK(open_file(dir, "", &f) == EFI_SUCCESS && f->close(f) == EFI_SUCCESS);
	CHECK(open_file(dir, "..\\..", &f) == EFI_NOT_FOUND);
	CHECK(dir->close(dir) == EFI_SUCCESS);

	CHECK(open_file(root, "\\EFI\\BOOT\\MISSING.EFI", &f) == EFI_NOT_FOUND);
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI\\x", &f) == EFI_NOT_FOUND);
	/* from a file, only an absolute path has somewhere to start */
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(open_file(f, "BOOTAA64.EFI", &dir) == EFI_NOT_FOUND);
	CHECK(open_file(f, "\\a\\b", &dir) == EFI_SUCCESS && dir->close(dir) == EFI_SUCCESS);
	CHECK(f->close(f) == EFI_SUCCESS);
}

static void test_writes_refused(efi_file_t *root)
{
	efi_file_t *f = NULL;
	uint64_t n = 4;
	uint8_t byte = 0;

	CHECK(root->open(root, &f, u16("\\new.txt"),
			 EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE,
			 0) == EFI_WRITE_PROTECTED);
	CHECK(root->open(root, &f, u16("\\EFI\\BOOT\\BOOTAA64.EFI"),
			 EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0) == EFI_WRITE_PROTECTED);
	CHECK(root->open(root, &f, u16("\\EFI"), EFI_FILE_MODE_WRITE, 0) ==
	      EFI_INVALID_PARAMETER);
	CHECK(root->open(root, &f, u16("\\EFI"), 0, 0) == EFI_INVALID_PARAMETER);
	CHECK(root->open(root, NULL, u16("\\EFI"), EFI_FILE_MODE_READ, 0) ==
	      EFI_INVALID_PARAMETER);
	CHECK(root->open(root, &f, NULL, EFI_FILE_MODE_READ, 0) == EFI_INVALID_PARAMETER);
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(f->write(f, &n, &byte) == EFI_WRITE_PROTECTED && n == 0);
	CHECK(f->set_info(f, (efi_guid_t *)&efi_file_info_guid, 1, &byte) ==
	      EFI_WRITE_PROTECTED);
	CHECK(f->flush(f) == EFI_ACCESS_DENIED);
	CHECK(root->write(root, &n, &byte) == EFI_UNSUPPORTED);
	/* Delete closes the handle and keeps the file */
	CHECK(f->delete_file(f) == EFI_WARN_DELETE_FAILURE);
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(f->close(f) == EFI_SUCCESS);
}

static void test_positions(efi_file_t *root, const struct host_file *boot)
{
	efi_file_t *f;
	uint8_t buf[16];
	uint64_t pos = 1, n = sizeof(buf);

	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(f->get_position(f, &pos) == EFI_SUCCESS && pos == 0);
	CHECK(f->set_position(f, 5000) == EFI_SUCCESS);
	CHECK(f->read(f, &n, buf) == EFI_SUCCESS && n == sizeof(buf));
	CHECK(memcmp(buf, boot->data + 5000, sizeof(buf)) == 0);
	CHECK(f->get_position(f, &pos) == EFI_SUCCESS && pos == 5000 + sizeof(buf));
	/* backwards, after a cluster boundary */
	CHECK(f->set_position(f, 3) == EFI_SUCCESS);
	n = 4;
	CHECK(f->read(f, &n, buf) == EFI_SUCCESS && n == 4 && memcmp(buf, boot->data + 3, 4) == 0);
	CHECK(f->set_position(f, UINT64_MAX) == EFI_SUCCESS);
	CHECK(f->get_position(f, &pos) == EFI_SUCCESS && pos == boot->size);
	n = sizeof(buf);
	CHECK(f->read(f, &n, buf) == EFI_SUCCESS && n == 0);
	CHECK(f->set_position(f, boot->size + 100) == EFI_SUCCESS);
	n = sizeof(buf);
	CHECK(f->read(f, &n, buf) == EFI_SUCCESS && n == 0);
	CHECK(f->close(f) == EFI_SUCCESS);
	CHECK(root->get_position(root, &pos) == EFI_UNSUPPORTED);
	CHECK(root->set_position(root, 1) == EFI_UNSUPPORTED);
}

/* Reads root's records: EFI, Dir One and a, each once; too small a buffer moves nothing. */
static void test_directory_read(efi_file_t *root)
{
	union {
		efi_file_info_t info;
		uint8_t bytes[1024];
	} u;
	int efi = 0, dir_one = 0, a = 0, records = 0;
	uint64_t n;

	CHECK(root->set_position(root, 0) == EFI_SUCCESS);
	n = 10;
	CHECK(root->read(root, &n, &u) == EFI_BUFFER_TOO_SMALL && n > sizeof(efi_file_info_t));
	for (;;) {
		n = sizeof(u);
		CHECK(root->read(root, &n, &u) == EFI_SUCCESS);
		if (n == 0)
			break;
		records++;
		CHECK(u.info.size == n);
		if (u16_equal(u.info.file_name, "EFI"))
			efi++;
		if (u16_equal(u.info.file_name, "Dir One")) {
			dir_one++;
			CHECK(u.info.attribute & EFI_FILE_DIRECTORY);
		}
		if (u16_equal(u.info.file_name, "a"))
			a++;
	}
	CHECK(efi == 1 && dir_one == 1 && a == 1 && records == 3);
	/* rewound, the first record again */
	CHECK(root->set_position(root, 0) == EFI_SUCCESS);
	n = sizeof(u);
	CHECK(root->read(root, &n, &u) == EFI_SUCCESS && n > 0);
}

static void test_info(efi_file_t *root, const struct host_file *boot, uint32_t sector)
{
	union {
		efi_file_info_t file;
		efi_file_system_info_t fs;
		uint16_t label[32];
		uint8_t bytes[512];
	} u;
	efi_file_t *f;
	uint64_t n = 0;
	efi_guid_t *file_info = (efi_guid_t *)&efi_file_info_guid;
	efi_guid_t *fs_info = (efi_guid_t *)&efi_file_system_info_guid;
	efi_guid_t *label = (efi_guid_t *)&efi_file_system_volume_label_guid;

	CHECK(open_file(root, "\\efi\\boot\\bootaa64.efi", &f) == EFI_SUCCESS);
	CHECK(f->get_info(f, file_info, &n, NULL) == EFI_BUFFER_TOO_SMALL);
	CHECK(n == sizeof(efi_file_info_t) + sizeof(u16("BOOTAA64.EFI")[0]) * 13);
	n = sizeof(u);
	CHECK(f->get_info(f, file_info, &n, &u) == EFI_SUCCESS);
	CHECK(u.file.file_size == boot->size && u.file.physical_size >= boot->size);
	CHECK(u16_equal(u.file.file_name, "BOOTAA64.EFI"));
	CHECK(!(u.file.attribute & EFI_FILE_DIRECTORY));
	CHECK(u.file.modification_time.year >= 2020);
	n = sizeof(u);
	CHECK(f->get_info(f, fs_info, &n, &u) == EFI_SUCCESS);
	CHECK(u.fs.read_only == 1 && u.fs.block_size % sector == 0);
	CHECK(u.fs.free_space > 0 && u.fs.free_space < u.fs.volume_size);
	CHECK(u16_equal(u.fs.volume_label, "EFILITE ESP"));
	n = sizeof(u);
	CHECK(f->get_info(f, label, &n, &u) == EFI_SUCCESS && u16_equal(u.label, "EFILITE ESP"));
	CHECK(f->get_info(f, (efi_guid_t *)&efi_block_io_protocol_guid, &n, &u) ==
	      EFI_UNSUPPORTED);
	CHECK(f->close(f) == EFI_SUCCESS);
}

static void test_volume(const char *spec, const struct host_file *boot,
			const struct host_file *long_file, const struct host_file *deep)
{
	char path[4096];
	uint32_t sector;
	struct host_file img;
	struct fake_disk d;
	efi_handle_t h;
	efi_file_t *root, *f = NULL;
	unsigned reads;

	if (sscanf(spec, "%4095[^:]:%u", path, &sector) != 2)
		exit(2);
	img = slurp(path);
	fake_disk_init(&d, &img, sector);
	h = attach(&d, EFI_SUCCESS);
	d.fat_reads = 0; /* the mount's own (FAT32: the root directory's chain for the label) */
	CHECK(binding->supported(binding, h, NULL) == EFI_ALREADY_STARTED);
	root = open_root(h);
	if (!root)
		return;
	/*
	 * A fresh mount opens \EFI\BOOT\BOOTAA64.EFI: the directories' sectors
	 * come with the read-ahead window of a sector before them (the mount's,
	 * or \EFI's), not one request each: FAT32 on 512-byte sectors none
	 * (2 before), FAT16 on 4 KiB sectors 2 (3 before).
	 */
	reads = d.reads;
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS && f &&
	      f->close(f) == EFI_SUCCESS);
	printf("%s: open of a path three directories deep on a fresh mount: %u requests\n", path,
	       d.reads - reads);
	CHECK(d.reads - reads <= (sector == 512 ? 0u : 2u));
	test_paths(root, boot, long_file, deep);
	test_writes_refused(root);
	test_positions(root, boot);
	test_directory_read(root);
	test_info(root, boot, sector);
	/*
	 * A contiguous file of 30 to 240 clusters in one data request, plus the
	 * path's directory sectors and a FAT window: a handful in all.
	 */
	reads = d.reads;
	check_contents(root, "\\EFI\\BOOT\\BOOTAA64.EFI", boot, boot->size);
	CHECK(d.reads - reads <= 8);
	/* a path opened again: its directory sectors are kept, the FAT copy serves the walk */
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS && f &&
	      f->close(f) == EFI_SUCCESS);
	reads = d.reads;
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS && f &&
	      f->close(f) == EFI_SUCCESS);
	CHECK(d.reads == reads);
	/* after the mount, GetInfo's free-cluster scan and every chain walk read the FAT once, whole */
	CHECK(d.fat_reads == 1 && d.whole_fat);
	/* no disconnect while a file is open */
	CHECK(binding->stop(binding, h, 0, NULL) == EFI_ACCESS_DENIED);
	CHECK(root->close(root) == EFI_SUCCESS);
	CHECK(root->close(root) == EFI_INVALID_PARAMETER);
	CHECK(binding->stop(binding, h, 0, NULL) == EFI_SUCCESS);
	CHECK(binding->supported(binding, h, NULL) == EFI_SUCCESS);
	free(img.data);
}

/* A writable disk in host memory, behind the production Block I/O and Disk I/O. */
struct mem_disk {
	uint8_t *bytes;
	uint32_t block_size;
};

static int mem_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct mem_disk *m = ctx;

	memcpy(buf, m->bytes + lba * m->block_size, count * m->block_size);
	return 0;
}

static int mem_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	struct mem_disk *m = ctx;

	memcpy(m->bytes + lba * m->block_size, buf, count * m->block_size);
	return 0;
}

static int mem_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static efi_status_t read_all(efi_file_t *f, uint8_t *buf, uint64_t size)
{
	uint64_t n = size;

	CHECK(f->set_position(f, 0) == EFI_SUCCESS);
	return f->read(f, &n, buf);
}

/*
 * Writes through Block I/O and Disk I/O under a mounted volume: an open
 * file reads the new bytes, and a FAT link freed on the disk is found, by
 * the open file and by a new open (the caches had it all before).
 */
static void test_writes_seen(const char *spec, const struct host_file *boot)
{
	char path[4096];
	uint32_t sector;
	struct host_file img;
	struct fake_disk layout;
	struct mem_disk m;
	static const efi_device_path_t end = { 0x7f, 0xff, { 4, 0 } };
	efi_file_t *root, *f, *g;
	efi_handle_t h = NULL;
	uint8_t *got = malloc(boot->size), block[4096];
	const char *why;

	if (sscanf(spec, "%4095[^:]:%u", path, &sector) != 2)
		exit(2);
	img = slurp(path);
	fake_disk_init(&layout, &img, sector);
	m.bytes = img.data + (layout.blocks - img.data);
	m.block_size = sector;
	struct efi_block_device dev = { &m, sector, layout.media.last_block + 1, false,
					mem_read, mem_write, mem_flush };
	struct efi_disk *d = efi_disk_new(&dev, 0, dev.num_blocks, &end, NULL);
	CHECK(d && efi_disk_install_handle(d, &h) == EFI_SUCCESS);
	CHECK(binding->supported(binding, h, NULL) == EFI_SUCCESS);
	CHECK(binding->start(binding, h, NULL) == EFI_SUCCESS);
	root = open_root(h);
	if (!root || !d)
		return;
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(read_all(f, got, boot->size) == EFI_SUCCESS && memcmp(got, boot->data, 64) == 0);
	/* where the file starts on the disk (a contiguous copy of its first 4 KiB) */
	uint64_t bytes = dev.num_blocks * sector, off = 0;
	while (off + 4096 <= bytes && memcmp(m.bytes + off, boot->data, 4096) != 0)
		off += sector;
	CHECK(off + 4096 <= bytes);
	CHECK(read_all(f, got, 16) == EFI_SUCCESS); /* a partial sector: kept by the caches */
	/* 11 bytes inside a block, through Disk I/O */
	CHECK(d->disk_io.write_disk(&d->disk_io, d->media.media_id, off + 3, 11,
				    "efilite new") == EFI_SUCCESS);
	CHECK(read_all(f, got, 16) == EFI_SUCCESS && memcmp(got + 3, "efilite new", 11) == 0 &&
	      memcmp(got, boot->data, 3) == 0);
	/* its first cluster's FAT entry set free, through Block I/O */
	const uint8_t *bpb = m.bytes;
	uint32_t bps = le(bpb + 11, 2), spc = bpb[13], reserved = le(bpb + 14, 2);
	uint32_t fat_size = le(bpb + 22, 2) ? le(bpb + 22, 2) : le(bpb + 36, 4);
	uint32_t width = le(bpb + 22, 2) ? 2 : 4;
	uint64_t data = ((uint64_t)reserved + bpb[16] * (uint64_t)fat_size) * bps +
			(le(bpb + 17, 2) * 32ull + bps - 1) / bps * bps;
	uint64_t cluster = (off - data) / ((uint64_t)bps * spc) + 2;
	uint64_t entry = (uint64_t)reserved * bps + cluster * width;
	CHECK(boot->size > (uint64_t)bps * spc && sector <= sizeof(block));
	CHECK(d->block_io.read_blocks(&d->block_io, d->media.media_id, entry / sector, sector,
				      block) == EFI_SUCCESS);
	memset(block + entry % sector, 0, width);
	CHECK(d->block_io.write_blocks(&d->block_io, d->media.media_id, entry / sector, sector,
				       block) == EFI_SUCCESS);
	CHECK(read_all(f, got, boot->size) == EFI_VOLUME_CORRUPTED);
	why = efi_simple_fs_last_error();
	CHECK(why && strstr(why, "free cluster"));
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &g) == EFI_VOLUME_CORRUPTED);
	CHECK(f->close(f) == EFI_SUCCESS && root->close(root) == EFI_SUCCESS);
	CHECK(binding->stop(binding, h, 0, NULL) == EFI_SUCCESS);
	free(got);
	free(img.data);
}

/*
 * A FAT of 512-byte sectors on media of 2048-byte blocks (an ISO's El
 * Torito image on a CD): mounted through Disk I/O at byte offsets, the
 * file read whole. Block I/O alone (no Disk I/O on the handle) cannot
 * serve it: refused by the rule's name.
 */
static void test_below_block(const char *spec, const struct host_file *boot)
{
	char path[4096];
	uint32_t sector;
	struct host_file img;
	struct fake_disk layout;
	struct mem_disk m;
	static const efi_device_path_t end = { 0x7f, 0xff, { 4, 0 } };
	efi_file_t *root, *f;
	efi_handle_t h = NULL;
	uint8_t *got = malloc(boot->size);
	const char *why;

	if (sscanf(spec, "%4095[^:]:%u", path, &sector) != 2)
		exit(2);
	if (sector != 512)
		return;
	img = slurp(path);
	fake_disk_init(&layout, &img, sector);
	m.bytes = img.data + (layout.blocks - img.data);
	m.block_size = 2048;
	struct efi_block_device dev = { &m, 2048, (layout.media.last_block + 1) / 4, true,
					mem_read, mem_write, mem_flush };
	struct efi_disk *d = efi_disk_new(&dev, 0, dev.num_blocks, &end, NULL);
	CHECK(d && efi_disk_install_handle(d, &h) == EFI_SUCCESS);
	CHECK(binding->start(binding, h, NULL) == EFI_SUCCESS);
	root = open_root(h);
	if (!root)
		return;
	CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_SUCCESS);
	CHECK(read_all(f, got, boot->size) == EFI_SUCCESS &&
	      memcmp(got, boot->data, boot->size) == 0);
	CHECK(f->close(f) == EFI_SUCCESS && root->close(root) == EFI_SUCCESS);
	CHECK(binding->stop(binding, h, 0, NULL) == EFI_SUCCESS);
	/* the same blocks behind Block I/O alone */
	layout.media.block_size = 2048;
	layout.media.last_block = dev.num_blocks - 1;
	h = attach(&layout, EFI_UNSUPPORTED);
	why = efi_simple_fs_last_error();
	CHECK(why && strstr(why, "smaller than the disk block"));
	free(got);
	free(img.data);
}

/* The hostile volumes: each names the rule it breaks. */
static void test_hostile(const char *cycle_path, const char *bpb_path)
{
	struct host_file cycle = slurp(cycle_path), bpb = slurp(bpb_path);
	struct fake_disk d1, d2;
	efi_file_t *root, *f;
	const char *why;

	fake_disk_init(&d1, &cycle, 512);
	root = open_root(attach(&d1, EFI_SUCCESS));
	if (root) {
		CHECK(open_file(root, "\\EFI\\BOOT\\BOOTAA64.EFI", &f) == EFI_VOLUME_CORRUPTED);
		why = efi_simple_fs_last_error();
		CHECK(why && strstr(why, "loops"));
		CHECK(root->close(root) == EFI_SUCCESS);
	}
	fake_disk_init(&d2, &bpb, 512);
	attach(&d2, EFI_UNSUPPORTED);
	why = efi_simple_fs_last_error();
	CHECK(why && strstr(why, "sectors per cluster"));
}

int main(int argc, char **argv)
{
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);
	struct host_file boot, long_file, deep;
	int sep = 1;

	while (sep < argc && strcmp(argv[sep], "--") != 0)
		sep++;
	if (argc != sep + 6)
		return 2;
	memmap_init(&efi_memmap, descriptors, 64);
	CHECK(memmap_add_ram(&efi_memmap, (uint64_t)(uintptr_t)ram, RAM_PAGES * EFI_PAGE_SIZE) ==
	      EFI_SUCCESS);
	pool_init(&efi_pool, &efi_memmap, (struct pool_hooks){ 0 });
	db_init(&efi_db);
	efi_db_memory_init();
	CHECK(efi_simple_fs_driver_install(NULL) == EFI_SUCCESS);
	CHECK(db_locate_protocol(&efi_db, &efi_driver_binding_protocol_guid, (void **)&binding) ==
	      EFI_SUCCESS);
	boot = slurp(argv[sep + 1]);
	long_file = slurp(argv[sep + 2]);
	deep = slurp(argv[sep + 3]);
	for (int i = 1; i < sep; i++) {
		test_volume(argv[i], &boot, &long_file, &deep);
		test_writes_seen(argv[i], &boot);
		test_below_block(argv[i], &boot);
	}
	test_hostile(argv[sep + 4], argv[sep + 5]);
	return check_report("simple_fs_test");
}
