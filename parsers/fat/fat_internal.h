/* Helpers shared by the FAT modules (not part of the API). */
#ifndef EFILITE_PARSERS_FAT_FAT_INTERNAL_H
#define EFILITE_PARSERS_FAT_FAT_INTERNAL_H
#include "parsers/fat/fat.h"

#define FAT_DIRENT_SIZE 32u
#define FAT_LFN_CHARS 13u     /* UTF-16 units per long-name entry */
#define FAT_LFN_MAX_ENTRIES 20u

/* What a FAT entry says about the next cluster. */
enum fat_link { FAT_LINK_NEXT, FAT_LINK_END, FAT_LINK_FREE, FAT_LINK_BAD, FAT_LINK_RANGE };

/* Reads count sectors of the volume into buf (bounds-checked against the volume). */
int fat_read_sectors(struct fat_volume *vol, uint64_t sector, uint64_t count, void *buf);
/* One sector through the volume's sector cache; *p stays valid until the next cache use. */
int fat_sector(struct fat_volume *vol, uint64_t sector, const uint8_t **p);
/* Byte range [off, off + len) of the volume: partial sectors through the cache, whole ones directly. */
int fat_read_bytes(struct fat_volume *vol, uint64_t off, void *buf, size_t len);

/* "." or ".." (len UTF-16 units). */
static inline bool fat_is_dot_name(const uint16_t *name, size_t len)
{
	return name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'));
}

bool fat_cluster_ok(const struct fat_volume *vol, uint32_t cluster);
uint64_t fat_cluster_sector(const struct fat_volume *vol, uint32_t cluster);
/* The FAT entry of cluster (a data cluster number), classified; *next set for FAT_LINK_NEXT. */
int fat_link(struct fat_volume *vol, uint32_t cluster, enum fat_link *link, uint32_t *next);
/* The status a chain walk reports for a link that is neither NEXT nor END. */
int fat_link_status(enum fat_link link);
/*
 * Walks the chain from first to its end marker: *count clusters. Refuses
 * cycles, free and bad clusters, numbers out of range, and chains longer
 * than max_count (FAT_ERR_DIR_TOO_LARGE: only directories pass a bound).
 */
int fat_chain_walk(struct fat_volume *vol, uint32_t first, uint32_t max_count, uint32_t *count);
/* Also *run: how many clusters from first follow each other on disk (first, first + 1, ...). */
int fat_chain_walk_run(struct fat_volume *vol, uint32_t first, uint32_t max_count,
		       uint32_t *count, uint32_t *run);
/*
 * The next raw 32-byte entry of a directory (in the sector cache: valid until
 * the next cache use); *end after the 0x00 entry or the directory's last slot.
 */
int fat_dir_raw_next(struct fat_dir *d, const uint8_t **entry, bool *end);
/*
 * fat_dir_next() without the skipping: damaged entries too, names filled,
 * with *entry_status the rule the entry breaks (FAT_OK for a sound one).
 */
int fat_dir_next_any(struct fat_dir *d, struct fat_dirent *out, bool *end, int *entry_status);
#endif
