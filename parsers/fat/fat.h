/*
 * FAT12/16/32, read-only, on a struct disk_ops (the firmware backs it with a
 * partition's BlockIo; tests and fuzzers with parsers/disk/memdisk.h).
 *
 * Checked objects, as the table loader does it: fat_mount() checks the boot
 * sector (BPB) once and fills a struct fat_volume; directory cursors
 * (struct fat_dir) and open-file cursors (struct fat_file) are only made
 * from a mounted volume and re-check every cluster link they follow.
 * fat_file_open() walks the whole chain first: a cycle, a link to a free or
 * bad cluster, a cluster out of range or a chain that disagrees with the
 * file size is refused by name before a byte is returned.
 * fat_file_read() merges contiguous clusters into one disk read, and each
 * cursor caches its cluster position, so a sequential read of an
 * unfragmented file costs a handful of requests. The open's walk also notes
 * how far the chain runs contiguously from its first cluster: reads inside
 * that run compute cluster numbers instead of walking the FAT again.
 * Every walk is bounded: chains by the cluster count, directories by
 * FAT_MAX_DIR_ENTRIES, paths by FAT_MAX_PATH_DEPTH.
 * Rules: the tables in fat_bpb.c, fat_chain.c, fat_dir.c and fat_path.c.
 *
 * Names are UTF-16 (as EFI hands them over). Lookups compare names
 * case-insensitively (ASCII and Latin-1 letters), against the long name and
 * the 8.3 name alike.
 */
#ifndef EFILITE_PARSERS_FAT_FAT_H
#define EFILITE_PARSERS_FAT_FAT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/disk/disk.h"

/* One value per broken rule (tables in the .c files named above). */
enum fat_status {
	FAT_OK = 0,
	FAT_ERR_ARGUMENT,
	FAT_ERR_READ,
	FAT_ERR_BLOCK_SIZE,
	/* boot sector (fat_bpb.c) */
	FAT_ERR_NOT_FAT,
	FAT_ERR_BOOT_SIGNATURE,
	FAT_ERR_SECTOR_SIZE,
	FAT_ERR_SECTOR_BELOW_BLOCK,
	FAT_ERR_SECTORS_PER_CLUSTER,
	FAT_ERR_CLUSTER_SIZE,
	FAT_ERR_RESERVED_SECTORS,
	FAT_ERR_NUM_FATS,
	FAT_ERR_ROOT_ENTRIES,
	FAT_ERR_TOTAL_SECTORS,
	FAT_ERR_VOLUME_BEYOND_DISK,
	FAT_ERR_FAT_SIZE,
	FAT_ERR_NO_DATA_REGION,
	FAT_ERR_CLUSTER_COUNT,
	FAT_ERR_FAT_TOO_SMALL,
	FAT_ERR_FS_VERSION,
	FAT_ERR_ACTIVE_FAT,
	FAT_ERR_ROOT_CLUSTER,
	/* cluster chains (fat_chain.c) */
	FAT_ERR_CLUSTER_RANGE,
	FAT_ERR_CHAIN_FREE,
	FAT_ERR_CHAIN_BAD_CLUSTER,
	FAT_ERR_CHAIN_CYCLE,
	FAT_ERR_CHAIN_LONGER_THAN_SIZE,
	FAT_ERR_CHAIN_SHORTER_THAN_SIZE,
	FAT_ERR_DIR_TOO_LARGE,
	/* directory entries (fat_dir.c) */
	FAT_ERR_SIZE_WITHOUT_CLUSTER,
	FAT_ERR_DIR_WITHOUT_CLUSTER,
	FAT_ERR_LFN_CHECKSUM,
	FAT_ERR_LFN_ORDINAL,
	FAT_ERR_LFN_CHARACTER,
	/* lookups and cursors (fat_path.c, fat_file.c) */
	FAT_ERR_NAME_LENGTH,
	FAT_ERR_NOT_FOUND,
	FAT_ERR_NOT_DIRECTORY,
	FAT_ERR_IS_DIRECTORY,
	FAT_ERR_PATH_ABOVE_ROOT,
	FAT_ERR_PATH_TOO_DEEP,
	FAT_ERR_COUNT /* not a status: one past the last */
};

enum fat_type { FAT_TYPE_12 = 12, FAT_TYPE_16 = 16, FAT_TYPE_32 = 32 };

#define FAT_ATTR_READ_ONLY 0x01u
#define FAT_ATTR_HIDDEN 0x02u
#define FAT_ATTR_SYSTEM 0x04u
#define FAT_ATTR_VOLUME_ID 0x08u
#define FAT_ATTR_DIRECTORY 0x10u
#define FAT_ATTR_ARCHIVE 0x20u

#define FAT_MAX_SECTOR_SIZE 4096u
#define FAT_MAX_CLUSTER_SIZE (64u * 1024u)
#define FAT_MAX_NAME 255u           /* UTF-16 units of a long name */
#define FAT_MAX_DIR_ENTRIES 65536u  /* 32-byte entries per directory (2 MiB) */
#define FAT_MAX_PATH_DEPTH 64u      /* components of one path */
#define FAT_CACHE_BYTES 16384u      /* FAT window kept by a volume */
#define FAT_WALK_MEMO 4u            /* file chains whose walk a volume remembers */

/* A mounted, checked volume. Owned by the caller; cursors point to it. */
struct fat_volume {
	const struct disk_ops *disk;
	enum fat_type type;
	uint32_t sector_size;
	uint32_t blocks_per_sector;   /* sector_size / disk->block_size */
	uint32_t sectors_per_cluster;
	uint32_t cluster_size;        /* bytes */
	uint32_t cluster_count;       /* data clusters: numbers 2 .. cluster_count + 1 */
	uint32_t root_cluster;        /* FAT32; 0 on FAT12/16 (fixed root directory) */
	uint32_t root_entries;        /* FAT12/16 fixed root size in entries */
	uint64_t total_sectors;
	uint64_t fat_sector;          /* first sector of the FAT in use */
	uint64_t fat_sectors;         /* sectors of one FAT */
	uint64_t root_sector;         /* FAT12/16 fixed root directory */
	uint64_t data_sector;         /* cluster 2 */
	uint32_t serial;
	uint16_t label[12];           /* volume label, spaces trimmed, NUL-terminated ("" if none) */
	/* caches (contents are re-checked on every use) */
	uint64_t fat_cache_first;     /* sector of fat_cache[0] */
	uint32_t fat_cache_sectors;   /* 0: empty */
	uint64_t sector_cache_no;
	bool sector_cache_valid;
	/* files' chains checked by fat_file_open(): a loader opening a file again walks nothing */
	struct {
		uint32_t first_cluster, count, run; /* first_cluster 0: unused */
	} walked[FAT_WALK_MEMO];
	uint32_t walked_next;
	uint8_t fat_cache[FAT_CACHE_BYTES];
	uint8_t sector_cache[FAT_MAX_SECTOR_SIZE];
};

/* One checked directory entry. */
struct fat_dirent {
	uint16_t name[FAT_MAX_NAME + 1]; /* long name if valid, else the 8.3 name; NUL-terminated */
	uint16_t short_name[13];         /* "NAME.EXT", NUL-terminated */
	uint8_t attr;                    /* FAT_ATTR_* */
	uint32_t first_cluster;          /* 0: empty file, or the root directory */
	uint32_t size;                   /* bytes (0 for directories) */
	uint16_t create_date, create_time, access_date, write_date, write_time;
	uint8_t create_tenths;           /* 10 ms units, 0..199 */
	int lfn_status;                  /* FAT_OK, or why a long name was ignored */
};

/* Directory cursor. */
struct fat_dir {
	struct fat_volume *vol;
	uint32_t first_cluster; /* 0: the FAT12/16 fixed root */
	uint32_t cluster;       /* cluster holding entry `index` (chain directories) */
	uint32_t index;         /* next entry number */
	uint32_t max_entries;
	bool end;
	uint32_t skipped;       /* damaged entries fat_dir_next() passed over since open/rewind */
	int skipped_status;     /* the rule the first of them broke (FAT_OK: none) */
};

/* Open-file cursor with its cluster position cached. */
struct fat_file {
	struct fat_volume *vol;
	uint32_t first_cluster;
	uint32_t size;
	uint64_t pos;
	uint32_t cluster;       /* cluster number of chain position cluster_index (0: none cached) */
	uint32_t cluster_index;
	uint32_t run;           /* chain positions 0 .. run - 1 are first_cluster + index (checked at open) */
};

/*
 * Checks the boot sector at block 0 of disk and mounts the volume. Every
 * other call refuses a volume whose last mount failed (FAT_ERR_ARGUMENT).
 */
int fat_mount(const struct disk_ops *disk, struct fat_volume *vol);
/* Boot sector checks alone, on a buffer (len >= the sector size it declares). */
int fat_check_bpb(const void *buf, size_t len, uint32_t block_size, uint64_t num_blocks,
		  struct fat_volume *vol);

/* The root directory as an entry (attr FAT_ATTR_DIRECTORY, empty name). */
void fat_root(const struct fat_volume *vol, struct fat_dirent *out);
bool fat_is_root(const struct fat_volume *vol, const struct fat_dirent *dir);

/* Directory cursors: dir must be a directory entry (or fat_root()). */
int fat_dir_open(struct fat_volume *vol, const struct fat_dirent *dir, struct fat_dir *d);
/*
 * The next entry ("." and ".." included; volume labels, deleted entries and
 * long-name pieces are consumed; a damaged entry is skipped and noted in
 * d->skipped/skipped_status, see fat_dir.c). *end is set, and FAT_OK
 * returned, after the last.
 */
int fat_dir_next(struct fat_dir *d, struct fat_dirent *out, bool *end);
void fat_dir_rewind(struct fat_dir *d);

/* One name in directory dir, case-insensitive ("." and ".." resolved). */
int fat_lookup(struct fat_volume *vol, const struct fat_dirent *dir, const uint16_t *name,
	       size_t name_len, struct fat_dirent *out);
/*
 * A path of name_len UTF-16 units ('\\'-separated; a leading '\\' starts at the
 * root, otherwise at start; empty components and "." are skipped, ".." goes up).
 */
int fat_open_path(struct fat_volume *vol, const struct fat_dirent *start, const uint16_t *path,
		  size_t path_len, struct fat_dirent *out);

/* File cursors: entry must be a file; its chain is checked against its size. */
int fat_file_open(struct fat_volume *vol, const struct fat_dirent *entry, struct fat_file *f);
/* Reads up to len bytes at the position; *done < len only at the end of the file. */
int fat_file_read(struct fat_file *f, void *buf, size_t len, size_t *done);
/* Any position; reads beyond the size return 0 bytes. */
void fat_file_seek(struct fat_file *f, uint64_t pos);

/*
 * The disk changed under a mounted volume (a write through another path):
 * fat_volume_forget() drops what the volume keeps of its contents (the FAT
 * window, the sector cache, the remembered chain walks), fat_file_forget()
 * an open cursor's cluster position and checked run, so that the next
 * read takes every FAT entry from the disk again and checks it. The BPB
 * geometry stays: a new boot sector needs a new fat_mount(). An open file
 * keeps the size it was opened with.
 */
void fat_volume_forget(struct fat_volume *vol);
void fat_file_forget(struct fat_file *f);

/* Free clusters (for EFI_FILE_SYSTEM_INFO.FreeSpace): a bounded FAT scan. */
int fat_free_clusters(struct fat_volume *vol, uint32_t *free_clusters);
/* Case-insensitive comparison the lookups use (a, b: a_len/b_len UTF-16 units). */
bool fat_name_equal(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len);

const char *fat_strerror(int status);
#endif
