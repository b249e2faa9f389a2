/*
 * Host tool for the mtools comparison: mounts a FAT image (a file, or a
 * partition of it at --offset) through memdisk with our parser and copies
 * every file and directory into OUTDIR, the way `mcopy -s` does. Prints one
 * line per file: "<reads> <bytes> <path>", where reads counts the disk
 * requests opening and reading the file took.
 *
 *   fat_extract [--block-size N] [--offset BYTES] [--chunk BYTES] IMAGE OUTDIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parsers/disk/memdisk.h"
#include "parsers/fat/fat.h"

static struct memdisk disk;
static struct fat_volume vol;
static size_t chunk = 1u << 30;

static void utf8(const uint16_t *name, char *out, size_t cap)
{
	size_t n = 0;

	for (; *name && n + 4 < cap; name++) {
		uint16_t c = *name;
		if (c < 0x80) {
			out[n++] = (char)c;
		} else if (c < 0x800) {
			out[n++] = (char)(0xc0 | c >> 6);
			out[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[n++] = (char)(0xe0 | c >> 12);
			out[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[n] = 0;
}

static int fail(const char *what, const char *path, int rc)
{
	fprintf(stderr, "fat_extract: %s %s: %s\n", what, path, fat_strerror(rc));
	return 1;
}

static int extract_file(const struct fat_dirent *e, const char *path)
{
	uint64_t reads = disk.reads;
	struct fat_file f;
	int rc = fat_file_open(&vol, e, &f);
	if (rc)
		return fail("open", path, rc);
	uint8_t *buf = malloc(e->size ? e->size : 1);
	size_t total = 0, done;
	while (total < e->size) {
		size_t want = e->size - total < chunk ? e->size - total : chunk;
		rc = fat_file_read(&f, buf + total, want, &done);
		if (rc)
			return fail("read", path, rc);
		if (done != want) {
			fprintf(stderr, "fat_extract: short read %s\n", path);
			return 1;
		}
		total += done;
	}
	rc = fat_file_read(&f, buf, 1, &done);
	if (rc || done != 0)
		return fail("read past the end", path, rc);
	FILE *out = fopen(path, "wb");
	if (!out || fwrite(buf, 1, e->size, out) != e->size || fclose(out)) {
		perror(path);
		return 1;
	}
	free(buf);
	printf("%llu %u %s\n", (unsigned long long)(disk.reads - reads), e->size, path);
	return 0;
}

static int extract_dir(const struct fat_dirent *dir, const char *path, unsigned depth)
{
	struct fat_dir d;
	struct fat_dirent e;
	bool end;
	char name[FAT_MAX_NAME * 3 + 1], child[4096];

	if (depth > FAT_MAX_PATH_DEPTH)
		return fail("too deep", path, FAT_ERR_PATH_TOO_DEEP);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		return 1;
	}
	int rc = fat_dir_open(&vol, dir, &d);
	if (rc)
		return fail("opendir", path, rc);
	for (;;) {
		rc = fat_dir_next(&d, &e, &end);
		if (rc)
			return fail("readdir", path, rc);
		if (end)
			return 0;
		utf8(e.name, name, sizeof(name));
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, name);
		/* Looking the name up again must find the same entry. */
		struct fat_dirent again;
		size_t len = 0;
		while (e.name[len])
			len++;
		rc = fat_lookup(&vol, dir, e.name, len, &again);
		if (rc || again.first_cluster != e.first_cluster)
			return fail("lookup", child, rc ? rc : FAT_ERR_NOT_FOUND);
		rc = (e.attr & FAT_ATTR_DIRECTORY) ? extract_dir(&e, child, depth + 1)
						   : extract_file(&e, child);
		if (rc)
			return rc;
	}
}

int main(int argc, char **argv)
{
	uint32_t block_size = 512;
	long long offset = 0;
	int i = 1;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--block-size"))
			block_size = (uint32_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--offset"))
			offset = atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "--chunk"))
			chunk = (size_t)atoll(argv[i + 1]);
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: fat_extract [--block-size N] [--offset B] [--chunk B] IMAGE OUTDIR\n");
		return 2;
	}
	FILE *f = fopen(argv[i], "rb");
	if (!f || fseek(f, 0, SEEK_END)) {
		perror(argv[i]);
		return 1;
	}
	long size = ftell(f);
	uint8_t *image = malloc((size_t)size);
	rewind(f);
	if (fread(image, 1, (size_t)size, f) != (size_t)size) {
		perror(argv[i]);
		return 1;
	}
	fclose(f);
	memdisk_init_flat(&disk, image + offset, (size_t)(size - offset), block_size,
			  (uint64_t)(size - offset) / block_size);
	int rc = fat_mount(&disk.ops, &vol);
	if (rc)
		return fail("mount", argv[i], rc);
	char label[40];
	utf8(vol.label, label, sizeof(label));
	printf("FAT%d label \"%s\"\n", vol.type, label);
	struct fat_dirent root;
	fat_root(&vol, &root);
	return extract_dir(&root, argv[i + 1], 0);
}
