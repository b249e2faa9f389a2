/*
 * FAT harness. Input: a sparse disk (parsers/disk/memdisk.h) holding one
 * FAT volume. It is mounted, then the whole tree is walked (bounded depth
 * and entry budget): every directory listed, every name looked up again,
 * every file opened and read in chunks sized by the last input byte.
 *
 * Oracles: a read returns exactly the file size and then nothing; reading
 * the first chunk again after a seek, with every cache forgotten, gives the
 * same bytes (the cached cluster position and run and a fresh walk agree); a name found by listing is
 * found by fat_lookup() and fat_open_path() with a name that is equal
 * ignoring case; ".." never leaves the root; the free count never exceeds
 * the cluster count; no walk reads the disk more than the budget allows.
 * The whole walk again with the disk's Nth read failing meets FAT_ERR_READ or
 * the same first error; misused calls are refused by name. A damaged entry
 * skipped by a listing is named by the cursor (skipped_status) and the
 * listing goes on.
 * fuzz_status(): the mount status, else the first error met on the walk
 * (a skipped entry's rule included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/disk/memdisk.h"
#include "parsers/fat/fat.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

#define MAX_DEPTH 6
#define MAX_ENTRIES 512            /* entries visited per input */
#define MAX_FILE_READ (64u << 10)  /* bytes read per file */

static struct fat_volume vol;
static uint8_t buf[MAX_FILE_READ], again[MAX_FILE_READ];

struct walk {
	int first_error;
	unsigned entries;
	size_t chunk;
};

static void note(struct walk *w, int rc)
{
	REQUIRE(fuzz_strerror(rc) != NULL);
	if (rc != FAT_OK && w->first_error == FAT_OK)
		w->first_error = rc;
}

static size_t name_len(const uint16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void read_file(struct walk *w, const struct fat_dirent *e)
{
	struct fat_file f;
	size_t total = 0, done;
	int rc = fat_file_open(&vol, e, &f);

	note(w, rc);
	if (rc)
		return;
	size_t cap = w->chunk < 64 ? 4096 : MAX_FILE_READ; /* byte-wise reads: a short prefix */
	size_t want = e->size < cap ? e->size : cap;
	while (total < want) {
		size_t n = want - total < w->chunk ? want - total : w->chunk;
		rc = fat_file_read(&f, buf + total, n, &done);
		note(w, rc);
		if (rc)
			return;
		REQUIRE(done == n);
		total += done;
	}
	if (want == e->size) {
		rc = fat_file_read(&f, buf, 1, &done);
		REQUIRE(rc == FAT_OK && done == 0);
	}
	size_t first = want < w->chunk ? want : w->chunk;
	/* every cache forgotten (as after a write elsewhere): the same disk gives the same bytes */
	fat_volume_forget(&vol);
	fat_file_forget(&f);
	fat_file_seek(&f, 0);
	rc = fat_file_read(&f, again, first, &done);
	note(w, rc);
	/* Only a failing disk (the second walk) may make the same read fail now. */
	REQUIRE(rc == FAT_ERR_READ ||
		(rc == FAT_OK && done == first && memcmp(buf, again, first) == 0));
}

static void check_lookup(struct walk *w, const struct fat_dirent *dir, const struct fat_dirent *e)
{
	struct fat_dirent found;
	size_t len = name_len(e->name);
	int rc = fat_lookup(&vol, dir, e->name, len, &found);

	note(w, rc);
	if (rc)
		return;
	bool dots = e->name[0] == '.' && (len == 1 || (len == 2 && e->name[1] == '.'));
	REQUIRE(dots || fat_name_equal(e->name, len, found.name, name_len(found.name)) ||
		fat_name_equal(e->name, len, found.short_name, name_len(found.short_name)));
	if (dots && len == 2)
		REQUIRE(!fat_is_root(&vol, dir));
}

/* After a rewind the listing starts again with the same entry. */
static void check_rewind(struct walk *w, struct fat_dir *d, const struct fat_dirent *first)
{
	struct fat_dirent again;
	bool end;

	fat_dir_rewind(d);
	int rc = fat_dir_next(d, &again, &end);
	note(w, rc);
	REQUIRE(rc || end || (again.first_cluster == first->first_cluster &&
			      memcmp(again.name, first->name, sizeof(again.name)) == 0));
}

static void walk_dir(struct walk *w, const struct fat_dirent *dir, unsigned depth)
{
	struct fat_dir d;
	struct fat_dirent e, first;
	bool end;
	unsigned listed = 0;
	int rc = fat_dir_open(&vol, dir, &d);

	note(w, rc);
	while (rc == FAT_OK && w->entries < MAX_ENTRIES) {
		uint32_t skipped = d.skipped;
		rc = fat_dir_next(&d, &e, &end);
		note(w, rc);
		if (rc)
			return;
		/* damaged entries passed over: named, and the listing went on */
		REQUIRE(d.skipped >= skipped && (d.skipped == 0) == (d.skipped_status == FAT_OK));
		note(w, d.skipped_status);
		if (end) {
			if (listed)
				check_rewind(w, &d, &first);
			return;
		}
		if (listed++ == 0)
			first = e;
		w->entries++;
		check_lookup(w, dir, &e);
		bool dots = e.name[0] == '.' && (e.name[1] == 0 || (e.name[1] == '.' && e.name[2] == 0));
		if (dots)
			continue;
		if (e.attr & FAT_ATTR_DIRECTORY) {
			if (depth < MAX_DEPTH)
				walk_dir(w, &e, depth + 1);
		} else {
			read_file(w, &e);
		}
	}
}

static void check_paths(void)
{
	static const uint16_t up[] = {'\\', '.', '.'};
	static const uint16_t boot[] = {'\\', 'e', 'f', 'i', '\\', '.', '\\', 'b', 'o', 'o', 't',
					'\\', '\\', 'b', 'o', 'o', 't', 'a', 'a', '6', '4', '.',
					'e', 'f', 'i'};
	struct fat_dirent e, root;

	fat_root(&vol, &root);
	REQUIRE(fat_open_path(&vol, &root, up, 3, &e) == FAT_ERR_PATH_ABOVE_ROOT);
	int rc = fat_open_path(&vol, NULL, boot, sizeof(boot) / 2, &e);
	REQUIRE(fuzz_strerror(rc) != NULL);
	if (rc == FAT_OK) { /* found case-insensitively: the same entry by its exact path */
		struct fat_dirent exact;
		rc = fat_open_path(&vol, &root, boot, sizeof(boot) / 2, &exact);
		REQUIRE(rc == FAT_ERR_READ || (rc == FAT_OK && exact.first_cluster == e.first_cluster &&
						 exact.size == e.size));
	}
}

/* Calls the API wrongly: every misuse is refused by name. */
static void misuse(void)
{
	static const uint16_t dot_slash[] = {'\\', '.'};
	uint16_t deep[2 * (FAT_MAX_PATH_DEPTH + 1)];
	struct fat_dirent root, e, file = {.size = 1}, bad_dir = {.attr = FAT_ATTR_DIRECTORY,
								.first_cluster = 0x0ffffff0};
	struct fat_dir d;
	struct fat_file f;
	struct memdisk odd;
	size_t done;
	uint32_t free_clusters;
	bool end;

	fat_root(&vol, &root);
	REQUIRE(fat_file_open(&vol, &root, &f) == FAT_ERR_IS_DIRECTORY);
	REQUIRE(fat_file_open(&vol, &file, &f) == FAT_ERR_SIZE_WITHOUT_CLUSTER);
	REQUIRE(fat_dir_open(&vol, &file, &d) == FAT_ERR_NOT_DIRECTORY);
	REQUIRE(fat_dir_open(&vol, &bad_dir, &d) == FAT_ERR_CLUSTER_RANGE);
	REQUIRE(fat_lookup(&vol, &file, dot_slash + 1, 1, &e) == FAT_ERR_NOT_DIRECTORY);
	for (unsigned i = 0; i <= FAT_MAX_PATH_DEPTH; i++)
		memcpy(deep + 2 * i, dot_slash, sizeof(dot_slash));
	REQUIRE(fat_open_path(&vol, &root, deep, sizeof(deep) / 2, &e) == FAT_ERR_PATH_TOO_DEEP);
	REQUIRE(fat_mount(NULL, &vol) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_dir_open(NULL, &root, &d) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_dir_next(NULL, &e, &end) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_file_open(NULL, &file, &f) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_file_read(NULL, buf, 1, &done) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_lookup(NULL, &root, dot_slash, 1, &e) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_open_path(NULL, &root, dot_slash, 1, &e) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_free_clusters(NULL, NULL) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_check_bpb(buf, 511, 512, 1, &vol) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_check_bpb(buf, 512, 768, 1, &vol) == FAT_ERR_BLOCK_SIZE);
	memdisk_init_flat(&odd, buf, 0, 768, 1);
	REQUIRE(fat_mount(&odd.ops, &vol) == FAT_ERR_BLOCK_SIZE);
	memdisk_init_flat(&odd, buf, 0, 512, 0);
	REQUIRE(fat_mount(&odd.ops, &vol) == FAT_ERR_VOLUME_BEYOND_DISK);
	REQUIRE(fat_file_open(&vol, &file, &f) == FAT_ERR_ARGUMENT); /* not mounted */
	REQUIRE(fat_free_clusters(&vol, &free_clusters) == FAT_ERR_ARGUMENT);
	REQUIRE(fat_strerror(FAT_ERR_COUNT) != fat_strerror(FAT_OK));
}

/* Mounts and walks the whole volume; the mount status or the first error met. */
static int walk_volume(struct memdisk *d, size_t chunk)
{
	struct walk w = {FAT_OK, 0, chunk};
	int rc = fat_mount(&d->ops, &vol);

	REQUIRE(fuzz_strerror(rc) != NULL);
	if (rc)
		return rc;
	struct fat_dirent root;
	fat_root(&vol, &root);
	walk_dir(&w, &root, 0);
	check_paths();
	if (vol.cluster_count <= 4096) { /* a full FAT scan: keep executions fast */
		uint32_t free_clusters;
		rc = fat_free_clusters(&vol, &free_clusters);
		note(&w, rc);
		REQUIRE(rc || free_clusters <= vol.cluster_count);
	}
	return w.first_error;
}

int fuzz_status(const uint8_t *data, size_t size)
{
	struct memdisk d, failing;

	if (memdisk_init_sparse(&d, data, size))
		return FAT_ERR_ARGUMENT;
	size_t chunk = 1 + (size_t)data[size - 1] * 61;
	int rc = walk_volume(&d, chunk);
	memdisk_init_sparse(&failing, data, size);
	failing.fail_from_read = 1 + (int)(data[0] % (d.reads + 1));
	int again = walk_volume(&failing, chunk);
	REQUIRE(again == rc || again == FAT_ERR_READ);
	if ((uint64_t)failing.fail_from_read > d.reads)
		REQUIRE(again == rc);
	if (fat_mount(&d.ops, &vol) == FAT_OK)
		misuse();
	return rc;
}

const char *fuzz_strerror(int status)
{
	return fat_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
