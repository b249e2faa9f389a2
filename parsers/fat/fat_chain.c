/*
 * Sector access, FAT entries and cluster chains.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                                | status                          |
 * |---------------------------------------------------------------------|---------------------------------|
 * | every cluster number used is a data cluster (2 .. clusters + 1)     | FAT_ERR_CLUSTER_RANGE           |
 * | a chain link never points to a free cluster (0): the chain has an   | FAT_ERR_CHAIN_FREE              |
 * | end marker (edk2 BZ 1452 hung on one without)                       |                                 |
 * | a chain never runs into a cluster marked bad                        | FAT_ERR_CHAIN_BAD_CLUSTER       |
 * | a chain never comes back to a cluster it has passed                 | FAT_ERR_CHAIN_CYCLE             |
 * | a directory's chain holds at most FAT_MAX_DIR_ENTRIES entries       | FAT_ERR_DIR_TOO_LARGE           |
 * | every sector read lies inside the volume, and the read succeeds     | FAT_ERR_READ                    |
 *
 * Cycles are found with Brent's algorithm: constant memory, and at most a
 * few times the chain's length in steps. A chain without a cycle has at
 * most cluster_count clusters, so every walk is bounded. Straight runs
 * (entry c holds c + 1) are taken a window at a time, with the same
 * counts and the same verdict as link by link (fat_test compares both).
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/fat/fat_internal.h"

int fat_read_sectors(struct fat_volume *vol, uint64_t sector, uint64_t count, void *buf)
{
	const struct disk_ops *disk = vol->disk;

	if (sector >= vol->total_sectors || count > vol->total_sectors - sector)
		return FAT_ERR_READ;
	if (disk->read(disk->ctx, sector * vol->blocks_per_sector, count * vol->blocks_per_sector,
		       buf))
		return FAT_ERR_READ;
	return FAT_OK;
}

int fat_sector(struct fat_volume *vol, uint64_t sector, const uint8_t **p)
{
	if (!vol->sector_cache_valid || vol->sector_cache_no != sector) {
		vol->sector_cache_valid = false;
		int rc = fat_read_sectors(vol, sector, 1, vol->sector_cache);
		if (rc)
			return rc;
		vol->sector_cache_no = sector;
		vol->sector_cache_valid = true;
	}
	*p = vol->sector_cache;
	return FAT_OK;
}

int fat_read_bytes(struct fat_volume *vol, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;
	uint32_t ss = vol->sector_size;

	while (len > 0) {
		uint64_t sector = off / ss;
		uint32_t in = (uint32_t)(off % ss);
		if (in == 0 && len >= ss) { /* whole sectors straight into buf: one request */
			uint64_t count = len / ss;
			int rc = fat_read_sectors(vol, sector, count, out);
			if (rc)
				return rc;
			off += count * ss;
			out += count * ss;
			len -= (size_t)(count * ss);
			continue;
		}
		const uint8_t *p;
		int rc = fat_sector(vol, sector, &p);
		if (rc)
			return rc;
		size_t n = ss - in < len ? ss - in : len;
		memcpy(out, p + in, n);
		off += n;
		out += n;
		len -= n;
	}
	return FAT_OK;
}

bool fat_cluster_ok(const struct fat_volume *vol, uint32_t cluster)
{
	return cluster >= 2 && cluster - 2 < vol->cluster_count;
}

uint64_t fat_cluster_sector(const struct fat_volume *vol, uint32_t cluster)
{
	return vol->data_sector + (uint64_t)(cluster - 2) * vol->sectors_per_cluster;
}

/* Makes FAT bytes [off, off + 1] (or [off, off + 3]) available in the window. */
static int fat_window(struct fat_volume *vol, uint64_t off, unsigned width, const uint8_t **p)
{
	uint32_t ss = vol->sector_size;
	uint64_t start = vol->fat_cache_first * ss;

	/* the hit, once per chain link: byte bounds, no division */
	if (vol->fat_cache_sectors != 0 && off >= start &&
	    off + width <= start + (uint64_t)vol->fat_cache_sectors * ss) {
		*p = vol->fat_cache + (off - start);
		return FAT_OK;
	}
	uint64_t first = off / ss, last = (off + width - 1) / ss;
	uint64_t n = FAT_CACHE_BYTES / ss;

	if (n > vol->fat_sectors - first)
		n = vol->fat_sectors - first;
	vol->fat_cache_sectors = 0;
	int rc = fat_read_sectors(vol, vol->fat_sector + first, n, vol->fat_cache);
	if (rc)
		return rc;
	vol->fat_cache_first = first;
	vol->fat_cache_sectors = (uint32_t)n;
	if (last >= first + n) /* cannot happen on a checked volume */
		return FAT_ERR_FAT_TOO_SMALL;
	*p = vol->fat_cache + (off - first * ss);
	return FAT_OK;
}

static uint32_t read_entry(const struct fat_volume *vol, const uint8_t *p, uint32_t cluster)
{
	switch (vol->type) {
	case FAT_TYPE_12: {
		uint16_t v = bytes_le16(p);
		return (cluster & 1) ? v >> 4 : v & 0x0fff;
	}
	case FAT_TYPE_16:
		return bytes_le16(p);
	default:
		return bytes_le32(p) & 0x0fffffffu;
	}
}

/*
 * FAT16/32 entry `cluster` straight from the window, or false if it lies
 * outside it (or on FAT12): a chain walk takes this path for nearly every
 * link, without calls or divisions.
 */
static inline bool window_entry(const struct fat_volume *vol, uint32_t cluster, uint32_t *v)
{
	uint32_t width = vol->type / 8;
	uint64_t off = (uint64_t)cluster * width, start = vol->fat_cache_first * vol->sector_size;
	const uint8_t *p;

	if (vol->type == FAT_TYPE_12 || vol->fat_cache_sectors == 0 || off < start ||
	    off + width > start + (uint64_t)vol->fat_cache_sectors * vol->sector_size)
		return false;
	p = vol->fat_cache + (off - start);
	if (width == 2)
		*v = (uint32_t)p[0] | (uint32_t)p[1] << 8;
	else
		*v = ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		      (uint32_t)p[3] << 24) & 0x0fffffffu;
	return true;
}

static inline __attribute__((always_inline)) int link_of(struct fat_volume *vol,
							   uint32_t cluster,
							   enum fat_link *link, uint32_t *next)
{
	uint32_t v;

	if (!fat_cluster_ok(vol, cluster))
		return FAT_ERR_CLUSTER_RANGE;
	if (!window_entry(vol, cluster, &v)) {
		uint64_t off = vol->type == FAT_TYPE_12 ? (uint64_t)cluster * 3 / 2
							: (uint64_t)cluster * (vol->type / 8);
		const uint8_t *p;
		/* The BPB check guarantees the entry lies inside one FAT. */
		int rc = fat_window(vol, off, vol->type == FAT_TYPE_32 ? 4 : 2, &p);
		if (rc)
			return rc;
		v = read_entry(vol, p, cluster);
	}
	uint32_t bad = vol->type == FAT_TYPE_12 ? 0xff7u : vol->type == FAT_TYPE_16 ? 0xfff7u
											: 0x0ffffff7u;
	*next = v;
	if (v == 0)
		*link = FAT_LINK_FREE;
	else if (v == bad)
		*link = FAT_LINK_BAD;
	else if (v > bad)
		*link = FAT_LINK_END;
	else if (fat_cluster_ok(vol, v))
		*link = FAT_LINK_NEXT;
	else
		*link = FAT_LINK_RANGE;
	return FAT_OK;
}

int fat_link(struct fat_volume *vol, uint32_t cluster, enum fat_link *link, uint32_t *next)
{
	return link_of(vol, cluster, link, next);
}

int fat_link_status(enum fat_link link)
{
	switch (link) {
	case FAT_LINK_FREE:
		return FAT_ERR_CHAIN_FREE;
	case FAT_LINK_BAD:
		return FAT_ERR_CHAIN_BAD_CLUSTER;
	default:
		return FAT_ERR_CLUSTER_RANGE;
	}
}

int fat_chain_walk(struct fat_volume *vol, uint32_t first, uint32_t max_count, uint32_t *count)
{
	uint32_t run;

	return fat_chain_walk_run(vol, first, max_count, count, &run);
}

/*
 * FAT16/32: how many entries from `cluster` on, at most limit, are straight
 * links (entry c holds c + 1) in the window, compared in a tight loop: most
 * of a file written in one go (a 27 MB kernel in 512-byte clusters is 53,000
 * links, each ~60 instructions through link_of()).
 */
static uint32_t straight_links(const struct fat_volume *vol, uint32_t cluster, uint32_t limit)
{
	uint32_t width = vol->type / 8, n = 0;
	uint64_t off = (uint64_t)cluster * width, start = vol->fat_cache_first * vol->sector_size;
	uint64_t end = start + (uint64_t)vol->fat_cache_sectors * vol->sector_size;
	const uint8_t *p;

	if (vol->type == FAT_TYPE_12 || off < start || off >= end)
		return 0;
	if ((end - off) / width < limit)
		limit = (uint32_t)((end - off) / width);
	/* entries read inline: the firmware's build calls bytes_le32() out of line */
	p = vol->fat_cache + (off - start);
	if (width == 2) {
		for (; n < limit; n++, p += 2)
			if (((uint32_t)p[0] | (uint32_t)p[1] << 8) != cluster + n + 1)
				break;
	} else {
		/* two entries per 64-bit compare, then the one that breaks the run */
		for (; limit - n >= 2; n += 2, p += 8) {
			uint64_t v = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
				     (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
				     (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
				     (uint64_t)p[7] << 56;

			if ((v & 0x0fffffff0fffffffull) !=
			    ((uint64_t)(cluster + n + 1) | (uint64_t)(cluster + n + 2) << 32))
				break;
		}
		for (; n < limit; n++, p += 4)
			if ((((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			      (uint32_t)p[3] << 24) & 0x0fffffffu) != cluster + n + 1)
				break;
	}
	return n;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

int fat_chain_walk_run(struct fat_volume *vol, uint32_t first, uint32_t max_count,
		       uint32_t *count, uint32_t *run)
{
	uint32_t hare = first, tortoise = first, power = 1, lambda = 0;
	bool contiguous = true;

	*count = 0;
	*run = 0;
	if (!fat_cluster_ok(vol, first))
		return FAT_ERR_CLUSTER_RANGE;
	for (;;) {
		enum fat_link link;
		uint32_t next;
		/*
		 * Straight links first, taken as the loop below would take them
		 * one by one (same counts, run, tortoise and power): only as
		 * many as keep the count within both bounds and the next
		 * cluster in range, and none that would reach the tortoise
		 * (the loop below names that cycle).
		 */
		uint32_t limit = min_u32(max_count - *count, vol->cluster_count - *count);
		limit = min_u32(limit, vol->cluster_count + 1 - hare);
		if (tortoise > hare)
			limit = min_u32(limit, tortoise - hare - 1);
		for (uint32_t k = straight_links(vol, hare, limit); k;) {
			uint32_t step = min_u32(k, power - lambda);
			*count += step;
			*run += contiguous ? step : 0;
			hare += step;
			lambda += step;
			k -= step;
			if (lambda == power) {
				tortoise = hare;
				power *= 2;
				lambda = 0;
			}
		}
		if (++*count > max_count)
			return FAT_ERR_DIR_TOO_LARGE;
		int rc = link_of(vol, hare, &link, &next);
		if (rc)
			return rc;
		*run += contiguous;
		if (link == FAT_LINK_END)
			return FAT_OK;
		if (link != FAT_LINK_NEXT)
			return fat_link_status(link);
		if (next == tortoise || *count > vol->cluster_count)
			return FAT_ERR_CHAIN_CYCLE;
		contiguous = contiguous && next == hare + 1;
		hare = next;
		if (++lambda == power) { /* Brent: move the tortoise, double the window */
			tortoise = hare;
			power *= 2;
			lambda = 0;
		}
	}
}

/*
 * FAT16/32: the free entries of one window at a time, read in place (a
 * volume's free space is asked for by loaders: a per-entry fat_link() costs
 * ~60 instructions, this ~5). FAT12's packed entries go one by one.
 */
static int count_free_window(struct fat_volume *vol, uint32_t c, uint32_t left, uint32_t *n,
			     uint32_t *free_clusters)
{
	unsigned width = vol->type / 8;
	uint64_t off = (uint64_t)c * width;
	const uint8_t *p;
	int rc = fat_window(vol, off, width, &p);

	if (rc)
		return rc;
	uint64_t end = (vol->fat_cache_first + vol->fat_cache_sectors) * vol->sector_size;
	uint64_t fit = (end - off) / width;
	*n = fit < left ? (uint32_t)fit : left;
	for (uint32_t k = 0; k < *n; k++, p += width) {
		uint32_t v = width == 2 ? bytes_le16(p) : bytes_le32(p) & 0x0fffffffu;
		*free_clusters += v == 0;
	}
	return FAT_OK;
}

int fat_free_clusters(struct fat_volume *vol, uint32_t *free_clusters)
{
	if (!vol || !vol->disk || !free_clusters)
		return FAT_ERR_ARGUMENT;
	*free_clusters = 0;
	for (uint32_t c = 2; c - 2 < vol->cluster_count;) {
		uint32_t n = 1;
		int rc;
		if (vol->type == FAT_TYPE_12) {
			enum fat_link link;
			uint32_t next;
			rc = fat_link(vol, c, &link, &next);
			*free_clusters += rc == FAT_OK && link == FAT_LINK_FREE;
		} else {
			rc = count_free_window(vol, c, vol->cluster_count - (c - 2), &n, free_clusters);
		}
		if (rc)
			return rc;
		c += n;
	}
	return FAT_OK;
}
