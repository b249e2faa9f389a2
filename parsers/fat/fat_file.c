/*
 * Open-file cursors.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                               | status                          |
 * |--------------------------------------------------------------------|---------------------------------|
 * | a file cursor is opened on a file, not a directory                 | FAT_ERR_IS_DIRECTORY            |
 * | the chain passes fat_chain_walk() (cycles, free/bad/out-of-range   | FAT_ERR_CHAIN_*,                |
 * | links: fat_chain.c)                                                | FAT_ERR_CLUSTER_RANGE           |
 * | the chain has ceil(size / cluster size) clusters: not more ...     | FAT_ERR_CHAIN_LONGER_THAN_SIZE  |
 * | ... and not fewer (also re-checked while reading)                  | FAT_ERR_CHAIN_SHORTER_THAN_SIZE |
 *
 * Reads merge clusters that follow each other on disk into one request;
 * only a partial first or last sector goes through the sector cache. The
 * cursor keeps the cluster of its position, so a sequential read walks each
 * FAT entry once, and a seek backwards restarts from the first cluster.
 */
#include <string.h>

#include "parsers/fat/fat_internal.h"

/*
 * The chain from first, walked and checked once per mount: a later open of
 * the same chain takes the remembered length and run. (Reads past the run
 * check every link again; inside it no FAT entry is used at all.)
 */
static int walk_once(struct fat_volume *vol, uint32_t first, uint32_t *count, uint32_t *run)
{
	for (uint32_t i = 0; i < FAT_WALK_MEMO; i++) {
		if (vol->walked[i].first_cluster == first) {
			*count = vol->walked[i].count;
			*run = vol->walked[i].run;
			return FAT_OK;
		}
	}
	int rc = fat_chain_walk_run(vol, first, UINT32_MAX, count, run);
	if (rc)
		return rc;
	uint32_t i = vol->walked_next++ % FAT_WALK_MEMO;
	vol->walked[i].first_cluster = first;
	vol->walked[i].count = *count;
	vol->walked[i].run = *run;
	return FAT_OK;
}

int fat_file_open(struct fat_volume *vol, const struct fat_dirent *entry, struct fat_file *f)
{
	if (!vol || !vol->disk || !entry || !f)
		return FAT_ERR_ARGUMENT;
	memset(f, 0, sizeof(*f));
	if (entry->attr & FAT_ATTR_DIRECTORY)
		return FAT_ERR_IS_DIRECTORY;
	uint64_t needed = ((uint64_t)entry->size + vol->cluster_size - 1) / vol->cluster_size;
	uint32_t count = 0;
	if (entry->first_cluster != 0) {
		int rc = walk_once(vol, entry->first_cluster, &count, &f->run);
		if (rc)
			return rc;
	} else if (entry->size != 0) {
		return FAT_ERR_SIZE_WITHOUT_CLUSTER;
	}
	if (count > needed)
		return FAT_ERR_CHAIN_LONGER_THAN_SIZE;
	if (count < needed)
		return FAT_ERR_CHAIN_SHORTER_THAN_SIZE;
	f->vol = vol;
	f->first_cluster = entry->first_cluster;
	f->size = entry->size;
	f->cluster = entry->first_cluster;
	return FAT_OK;
}

/* Chain index `index` inside the run checked at open: its cluster without a FAT read. */
static bool in_run(const struct fat_file *f, uint64_t index)
{
	return index < f->run;
}

void fat_file_seek(struct fat_file *f, uint64_t pos)
{
	f->pos = pos;
}

void fat_file_forget(struct fat_file *f)
{
	f->run = 0;
	f->cluster = f->first_cluster;
	f->cluster_index = 0;
}

void fat_volume_forget(struct fat_volume *vol)
{
	vol->fat_cache_sectors = 0;
	vol->sector_cache_valid = false;
	memset(vol->walked, 0, sizeof(vol->walked));
	vol->walked_next = 0;
}

/* Steps the cursor one cluster along the chain. */
static int step(struct fat_file *f)
{
	enum fat_link link;
	uint32_t next;
	int rc = fat_link(f->vol, f->cluster, &link, &next);

	if (rc)
		return rc;
	if (link != FAT_LINK_NEXT)
		return link == FAT_LINK_END ? FAT_ERR_CHAIN_SHORTER_THAN_SIZE : fat_link_status(link);
	f->cluster = next;
	f->cluster_index++;
	return FAT_OK;
}

/* Moves the cached position to chain index `index` (< the checked chain length). */
static int seek_cluster(struct fat_file *f, uint64_t index)
{
	if (in_run(f, index)) {
		f->cluster = f->first_cluster + (uint32_t)index;
		f->cluster_index = (uint32_t)index;
		return FAT_OK;
	}
	if (f->cluster_index > index || in_run(f, f->cluster_index + 1ull)) {
		/* restart at the run's last cluster, or at the first if there is no run */
		f->cluster_index = f->run ? f->run - 1 : 0;
		f->cluster = f->first_cluster + f->cluster_index;
	}
	while (f->cluster_index < index) {
		int rc = step(f);
		if (rc)
			return rc;
	}
	return FAT_OK;
}

/*
 * Extends a run from the cursor's cluster while the next cluster follows it
 * on disk and more than `bytes` are wanted; the cursor ends on the run's last
 * cluster. Returns the run's length in clusters through *run.
 */
static int contiguous_run(struct fat_file *f, uint64_t bytes, uint32_t *run)
{
	uint64_t cs = f->vol->cluster_size;

	*run = 1;
	while (*run * cs < bytes) {
		if (in_run(f, f->cluster_index + 1ull)) { /* the next one is first_cluster + index */
			uint64_t want = (bytes + cs - 1) / cs - *run;
			uint64_t have = f->run - 1u - f->cluster_index;
			uint32_t jump = (uint32_t)(want < have ? want : have);

			f->cluster += jump;
			f->cluster_index += jump;
			*run += jump;
			continue;
		}
		enum fat_link link;
		uint32_t next;
		int rc = fat_link(f->vol, f->cluster, &link, &next);
		if (rc)
			return rc;
		if (link != FAT_LINK_NEXT)
			return link == FAT_LINK_END ? FAT_ERR_CHAIN_SHORTER_THAN_SIZE
						    : fat_link_status(link);
		if (next != f->cluster + 1)
			break;
		f->cluster = next;
		f->cluster_index++;
		(*run)++;
	}
	return FAT_OK;
}

int fat_file_read(struct fat_file *f, void *buf, size_t len, size_t *done)
{
	if (!f || !f->vol || (!buf && len) || !done)
		return FAT_ERR_ARGUMENT;
	*done = 0;
	if (f->pos >= f->size)
		return FAT_OK;
	uint64_t left = f->size - f->pos < len ? f->size - f->pos : len;
	uint64_t cs = f->vol->cluster_size;
	uint8_t *out = buf;
	while (left > 0) {
		uint32_t in_cluster = (uint32_t)(f->pos % cs), run;
		int rc = seek_cluster(f, f->pos / cs);
		if (rc)
			return rc;
		uint32_t first = f->cluster;
		rc = contiguous_run(f, in_cluster + left, &run);
		if (rc)
			return rc;
		uint64_t n = run * cs - in_cluster;
		if (n > left)
			n = left;
		uint64_t off = fat_cluster_sector(f->vol, first) * f->vol->sector_size + in_cluster;
		rc = fat_read_bytes(f->vol, off, out, (size_t)n);
		if (rc)
			return rc;
		out += n;
		left -= n;
		f->pos += n;
		*done += (size_t)n;
	}
	return FAT_OK;
}
