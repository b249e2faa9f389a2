/*
 * FAT boot sector (BIOS parameter block) and mounting.
 *
 * Invariants (rule -> status). All sizes are computed in 64 bits from 8-,
 * 16- and 32-bit fields, so none can wrap.
 *
 * | rule                                                                | status                      |
 * |---------------------------------------------------------------------|-----------------------------|
 * | buffers non-NULL, at least 512 bytes of boot sector                 | FAT_ERR_ARGUMENT            |
 * | disk block size a power of two from 512 to 4096                     | FAT_ERR_BLOCK_SIZE          |
 * | every read succeeds                                                 | FAT_ERR_READ                |
 * | starts with a jump (0xEB or 0xE9), OEM name not "EXFAT" or "NTFS"   | FAT_ERR_NOT_FAT             |
 * | 0x55 0xAA at offset 510                                             | FAT_ERR_BOOT_SIGNATURE      |
 * | BytsPerSec a power of two from 512 to 4096                          | FAT_ERR_SECTOR_SIZE         |
 * | BytsPerSec >= the disk's block size (sectors are whole blocks)      | FAT_ERR_SECTOR_BELOW_BLOCK  |
 * | SecPerClus a power of two from 1 to 128 (0 would divide by zero)    | FAT_ERR_SECTORS_PER_CLUSTER |
 * | cluster size <= FAT_MAX_CLUSTER_SIZE (64 KiB)                       | FAT_ERR_CLUSTER_SIZE        |
 * | RsvdSecCnt >= 1 (the boot sector itself)                            | FAT_ERR_RESERVED_SECTORS    |
 * | NumFATs >= 1                                                        | FAT_ERR_NUM_FATS            |
 * | FAT32 (FATSz16 = 0): RootEntCnt = 0; FAT12/16: RootEntCnt > 0       | FAT_ERR_ROOT_ENTRIES        |
 * | TotSec16 or TotSec32 non-zero                                       | FAT_ERR_TOTAL_SECTORS       |
 * | the volume fits on the disk                                         | FAT_ERR_VOLUME_BEYOND_DISK  |
 * | FATSz16 or FATSz32 non-zero                                         | FAT_ERR_FAT_SIZE            |
 * | reserved + FATs + root directory < TotSec (a data region exists)    | FAT_ERR_NO_DATA_REGION      |
 * | 1 <= clusters; FAT16 < 65525; FAT32 <= 0x0FFFFFF5 - 2               | FAT_ERR_CLUSTER_COUNT       |
 * | one FAT holds an entry for every cluster (+2 reserved)              | FAT_ERR_FAT_TOO_SMALL       |
 * | FAT32: FSVer 0.0                                                    | FAT_ERR_FS_VERSION          |
 * | FAT32: with mirroring off, the active FAT < NumFATs                 | FAT_ERR_ACTIVE_FAT          |
 * | FAT32: RootClus a data cluster                                      | FAT_ERR_ROOT_CLUSTER        |
 *
 * The FAT type: FAT32 when FATSz16 is 0 (its BPB layout), otherwise FAT12
 * below 4085 clusters and FAT16 above, as the specification counts them.
 * A FAT32 volume below 65525 clusters (mkfs.fat makes them on small disks;
 * Linux and mtools mount them) is accepted.
 *
 * Only the boot sector is read, never FAT32's backup (BkBootSec): a volume
 * whose boot sector is damaged is no FAT volume, as for edk2's FAT driver and
 * Linux (fsck.fat restores it from the backup). With mirroring on, FAT #1 is
 * read; a second FAT that differs is not looked at.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/fat/fat_internal.h"

#define BPB_BYTS_PER_SEC 11u
#define BPB_SEC_PER_CLUS 13u
#define BPB_RSVD_SEC_CNT 14u
#define BPB_NUM_FATS 16u
#define BPB_ROOT_ENT_CNT 17u
#define BPB_TOT_SEC16 19u
#define BPB_FAT_SZ16 22u
#define BPB_TOT_SEC32 32u
#define BPB16_BOOT_SIG 38u
#define BPB16_VOL_ID 39u
#define BPB16_VOL_LAB 43u
#define BPB32_FAT_SZ32 36u
#define BPB32_EXT_FLAGS 40u
#define BPB32_FS_VER 42u
#define BPB32_ROOT_CLUS 44u
#define BPB32_BOOT_SIG 66u
#define BPB32_VOL_ID 67u
#define BPB32_VOL_LAB 71u
#define EXT_BOOT_SIG 0x29u
#define FAT12_MAX_CLUSTERS 4084u
#define FAT16_MAX_CLUSTERS 65524u
#define FAT32_MAX_CLUSTERS (0x0ffffff5u - 2u)

static bool pow2_in(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v >= lo && v <= hi && (v & (v - 1)) == 0;
}

/* An 11-byte space-padded label, trimmed; "NO NAME" means none. */
static void set_label(uint16_t label[12], const uint8_t *raw)
{
	unsigned n = 11;

	while (n > 0 && raw[n - 1] == ' ')
		n--;
	if (n == 7 && memcmp(raw, "NO NAME", 7) == 0)
		n = 0;
	for (unsigned i = 0; i < n; i++)
		label[i] = raw[i];
	label[n] = 0;
}

static int check_geometry(const uint8_t *p, uint32_t block_size, struct fat_volume *vol)
{
	/* exFAT and NTFS start with a jump too: their OEM names tell them apart. */
	if ((p[0] != 0xeb && p[0] != 0xe9) || memcmp(p + 3, "EXFAT   ", 8) == 0 ||
	    memcmp(p + 3, "NTFS    ", 8) == 0)
		return FAT_ERR_NOT_FAT;
	if (p[510] != 0x55 || p[511] != 0xaa)
		return FAT_ERR_BOOT_SIGNATURE;
	vol->sector_size = bytes_le16(p + BPB_BYTS_PER_SEC);
	if (!pow2_in(vol->sector_size, 512, FAT_MAX_SECTOR_SIZE))
		return FAT_ERR_SECTOR_SIZE;
	if (vol->sector_size < block_size)
		return FAT_ERR_SECTOR_BELOW_BLOCK;
	vol->blocks_per_sector = vol->sector_size / block_size;
	vol->sectors_per_cluster = p[BPB_SEC_PER_CLUS];
	if (!pow2_in(vol->sectors_per_cluster, 1, 128))
		return FAT_ERR_SECTORS_PER_CLUSTER;
	if ((uint64_t)vol->sector_size * vol->sectors_per_cluster > FAT_MAX_CLUSTER_SIZE)
		return FAT_ERR_CLUSTER_SIZE;
	vol->cluster_size = vol->sector_size * vol->sectors_per_cluster;
	return FAT_OK;
}

/* Region sizes and the cluster count; decides the FAT type. */
static int check_layout(const uint8_t *p, uint64_t disk_bytes, struct fat_volume *vol)
{
	uint32_t reserved = bytes_le16(p + BPB_RSVD_SEC_CNT), num_fats = p[BPB_NUM_FATS];
	uint32_t root_entries = bytes_le16(p + BPB_ROOT_ENT_CNT);
	uint32_t fat16_size = bytes_le16(p + BPB_FAT_SZ16);
	bool fat32 = fat16_size == 0;

	if (reserved == 0)
		return FAT_ERR_RESERVED_SECTORS;
	if (num_fats == 0)
		return FAT_ERR_NUM_FATS;
	if (fat32 != (root_entries == 0))
		return FAT_ERR_ROOT_ENTRIES;
	vol->total_sectors = bytes_le16(p + BPB_TOT_SEC16);
	if (vol->total_sectors == 0)
		vol->total_sectors = bytes_le32(p + BPB_TOT_SEC32);
	if (vol->total_sectors == 0)
		return FAT_ERR_TOTAL_SECTORS;
	if (vol->total_sectors > disk_bytes / vol->sector_size)
		return FAT_ERR_VOLUME_BEYOND_DISK;
	vol->fat_sectors = fat32 ? bytes_le32(p + BPB32_FAT_SZ32) : fat16_size;
	if (vol->fat_sectors == 0)
		return FAT_ERR_FAT_SIZE;
	uint64_t root_sectors =
		((uint64_t)root_entries * FAT_DIRENT_SIZE + vol->sector_size - 1) / vol->sector_size;
	vol->root_entries = root_entries;
	vol->fat_sector = reserved;
	vol->root_sector = reserved + num_fats * vol->fat_sectors;
	vol->data_sector = vol->root_sector + root_sectors;
	if (vol->data_sector >= vol->total_sectors)
		return FAT_ERR_NO_DATA_REGION;
	uint64_t clusters = (vol->total_sectors - vol->data_sector) / vol->sectors_per_cluster;
	if (clusters == 0 || (!fat32 && clusters > FAT16_MAX_CLUSTERS) || clusters > FAT32_MAX_CLUSTERS)
		return FAT_ERR_CLUSTER_COUNT;
	vol->cluster_count = (uint32_t)clusters;
	vol->type = fat32 ? FAT_TYPE_32 : clusters <= FAT12_MAX_CLUSTERS ? FAT_TYPE_12 : FAT_TYPE_16;
	uint64_t fat_entries = vol->fat_sectors * vol->sector_size * 8 / vol->type;
	if (fat_entries < clusters + 2)
		return FAT_ERR_FAT_TOO_SMALL;
	return FAT_OK;
}

static int check_fat32(const uint8_t *p, struct fat_volume *vol)
{
	if (bytes_le16(p + BPB32_FS_VER) != 0)
		return FAT_ERR_FS_VERSION;
	uint16_t flags = bytes_le16(p + BPB32_EXT_FLAGS);
	if (flags & 0x80) { /* mirroring off: one active FAT */
		if ((flags & 0x0f) >= p[BPB_NUM_FATS])
			return FAT_ERR_ACTIVE_FAT;
		vol->fat_sector += (uint64_t)(flags & 0x0f) * vol->fat_sectors;
	}
	vol->root_cluster = bytes_le32(p + BPB32_ROOT_CLUS);
	if (!fat_cluster_ok(vol, vol->root_cluster))
		return FAT_ERR_ROOT_CLUSTER;
	vol->root_entries = 0;
	return FAT_OK;
}

int fat_check_bpb(const void *buf, size_t len, uint32_t block_size, uint64_t num_blocks,
		  struct fat_volume *vol)
{
	const uint8_t *p = buf;

	if (!p || !vol || len < 512)
		return FAT_ERR_ARGUMENT;
	memset(vol, 0, offsetof(struct fat_volume, fat_cache));
	if (!disk_block_size_ok(block_size))
		return FAT_ERR_BLOCK_SIZE;
	int rc = check_geometry(p, block_size, vol);
	if (rc)
		return rc;
	uint64_t disk_bytes = num_blocks > UINT64_MAX / block_size ? UINT64_MAX
								    : num_blocks * block_size;
	rc = check_layout(p, disk_bytes, vol);
	if (rc)
		return rc;
	if (vol->type == FAT_TYPE_32)
		rc = check_fat32(p, vol);
	if (rc)
		return rc;
	unsigned sig = vol->type == FAT_TYPE_32 ? BPB32_BOOT_SIG : BPB16_BOOT_SIG;
	if (p[sig] == EXT_BOOT_SIG) {
		vol->serial = bytes_le32(p + (vol->type == FAT_TYPE_32 ? BPB32_VOL_ID : BPB16_VOL_ID));
		set_label(vol->label, p + (vol->type == FAT_TYPE_32 ? BPB32_VOL_LAB : BPB16_VOL_LAB));
	}
	return FAT_OK;
}

/* The root directory's volume-label entry wins over the BPB copy (as in Windows and mtools). */
static int read_root_label(struct fat_volume *vol)
{
	struct fat_dirent root;
	struct fat_dir d;
	const uint8_t *e;
	bool end;

	fat_root(vol, &root);
	int rc = fat_dir_open(vol, &root, &d);
	while (rc == FAT_OK) {
		rc = fat_dir_raw_next(&d, &e, &end);
		if (rc || end)
			break;
		if (e[0] != 0xe5 && (e[11] & 0x3f) != 0x0f && (e[11] & FAT_ATTR_VOLUME_ID)) {
			set_label(vol->label, e);
			break;
		}
	}
	return rc;
}

int fat_mount(const struct disk_ops *disk, struct fat_volume *vol)
{
	if (!disk || !disk->read || !vol)
		return FAT_ERR_ARGUMENT;
	if (!disk_block_size_ok(disk->block_size))
		return FAT_ERR_BLOCK_SIZE;
	if (disk->num_blocks == 0)
		return FAT_ERR_VOLUME_BEYOND_DISK;
	/* One block holds the whole BPB (512 bytes); the sector size is not known yet. */
	if (disk->read(disk->ctx, 0, 1, vol->sector_cache))
		return FAT_ERR_READ;
	int rc = fat_check_bpb(vol->sector_cache, disk->block_size, disk->block_size,
			       disk->num_blocks, vol);
	if (rc)
		return rc;
	vol->disk = disk;
	vol->sector_cache_valid = false;
	vol->fat_cache_sectors = 0;
	return read_root_label(vol);
}
