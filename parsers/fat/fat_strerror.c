#include "parsers/fat/fat.h"

static const char *const messages[FAT_ERR_COUNT] = {
	[FAT_OK] = "ok",
	[FAT_ERR_ARGUMENT] = "invalid argument",
	[FAT_ERR_READ] = "disk read failed or beyond the volume",
	[FAT_ERR_BLOCK_SIZE] = "block size not a power of two from 512 to 4096",
	[FAT_ERR_NOT_FAT] = "not a FAT boot sector (no jump, or exFAT or NTFS)",
	[FAT_ERR_BOOT_SIGNATURE] = "no 0x55AA signature in the FAT boot sector",
	[FAT_ERR_SECTOR_SIZE] = "FAT bytes per sector not a power of two from 512 to 4096",
	[FAT_ERR_SECTOR_BELOW_BLOCK] = "FAT sector smaller than the disk block",
	[FAT_ERR_SECTORS_PER_CLUSTER] = "FAT sectors per cluster zero or not a power of two",
	[FAT_ERR_CLUSTER_SIZE] = "FAT cluster larger than 64 KiB",
	[FAT_ERR_RESERVED_SECTORS] = "FAT reserved sector count is zero",
	[FAT_ERR_NUM_FATS] = "FAT count is zero",
	[FAT_ERR_ROOT_ENTRIES] = "FAT root entry count does not match the FAT type",
	[FAT_ERR_TOTAL_SECTORS] = "FAT total sector count is zero",
	[FAT_ERR_VOLUME_BEYOND_DISK] = "FAT volume larger than its disk or partition",
	[FAT_ERR_FAT_SIZE] = "FAT size is zero",
	[FAT_ERR_NO_DATA_REGION] = "FAT volume has no data region",
	[FAT_ERR_CLUSTER_COUNT] = "FAT cluster count out of range for its type",
	[FAT_ERR_FAT_TOO_SMALL] = "FAT too small for the cluster count",
	[FAT_ERR_FS_VERSION] = "FAT32 version not 0.0",
	[FAT_ERR_ACTIVE_FAT] = "FAT32 active FAT beyond the FAT count",
	[FAT_ERR_ROOT_CLUSTER] = "FAT32 root cluster out of range",
	[FAT_ERR_CLUSTER_RANGE] = "FAT cluster number out of range",
	[FAT_ERR_CHAIN_FREE] = "FAT chain runs into a free cluster (no end marker)",
	[FAT_ERR_CHAIN_BAD_CLUSTER] = "FAT chain runs into a bad cluster",
	[FAT_ERR_CHAIN_CYCLE] = "FAT chain loops",
	[FAT_ERR_CHAIN_LONGER_THAN_SIZE] = "FAT chain longer than the file size",
	[FAT_ERR_CHAIN_SHORTER_THAN_SIZE] = "FAT chain shorter than the file size",
	[FAT_ERR_DIR_TOO_LARGE] = "FAT directory larger than 65536 entries",
	[FAT_ERR_SIZE_WITHOUT_CLUSTER] = "FAT file has a size but no cluster",
	[FAT_ERR_DIR_WITHOUT_CLUSTER] = "FAT subdirectory has no cluster",
	[FAT_ERR_LFN_CHECKSUM] = "FAT long name checksum does not match its 8.3 entry",
	[FAT_ERR_LFN_ORDINAL] = "FAT long name pieces out of order",
	[FAT_ERR_LFN_CHARACTER] = "FAT long name empty, too long or with a forbidden character",
	[FAT_ERR_NAME_LENGTH] = "file name empty or longer than 255 characters",
	[FAT_ERR_NOT_FOUND] = "file not found",
	[FAT_ERR_NOT_DIRECTORY] = "not a directory",
	[FAT_ERR_IS_DIRECTORY] = "is a directory",
	[FAT_ERR_PATH_ABOVE_ROOT] = "path goes above the root directory",
	[FAT_ERR_PATH_TOO_DEEP] = "path deeper than 64 components",
};

const char *fat_strerror(int status)
{
	if (status < 0 || status >= FAT_ERR_COUNT || !messages[status])
		return "unknown FAT status";
	return messages[status];
}
