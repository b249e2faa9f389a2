/*
 * El Torito (bootable CD-ROM format specification 1.0): the EFI boot images
 * an ISO 9660 image lists in its boot catalog. An installer ISO given to QEMU
 * with -cdrom is a read-only virtio disk on virt; one without a hybrid
 * partition table (MBR or GPT) holds its ESP only here.
 *
 * Sizes on the medium are 2048-byte sectors (RBA); an entry's sector count
 * is in 512-byte "virtual sectors". The images found are given in the
 * disk's own blocks (512 to 4096 bytes).
 */
#ifndef EFILITE_PARSERS_ELTORITO_ELTORITO_H
#define EFILITE_PARSERS_ELTORITO_ELTORITO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/disk/disk.h"

#define ELTORITO_SECTOR 2048u           /* bytes of an ISO 9660 sector */
#define ELTORITO_PRIMARY_SECTOR 16u     /* ISO 9660's primary volume descriptor */
#define ELTORITO_BOOT_RECORD_SECTOR 17u /* the boot record volume descriptor */
#define ELTORITO_MAX_IMAGES 8u
/* scratch for eltorito_read(): one 2048-byte sector, whatever the block size */
#define ELTORITO_SCRATCH_BYTES DISK_MAX_BLOCK_SIZE

enum eltorito_status {
	ELTORITO_OK = 0,
	ELTORITO_ERR_ARGUMENT,
	ELTORITO_ERR_BLOCK_SIZE,
	ELTORITO_ERR_READ,
	ELTORITO_ERR_NO_BOOT_RECORD,
	ELTORITO_ERR_ISO_NO_BOOT_RECORD,
	ELTORITO_ERR_CATALOG_BEYOND_DISK,
	ELTORITO_ERR_VALIDATION_ENTRY,
	ELTORITO_ERR_CHECKSUM,
	ELTORITO_ERR_BOOT_INDICATOR,
	ELTORITO_ERR_CATALOG_OVERRUN,
	ELTORITO_ERR_IMAGE_BEYOND_DISK,
	ELTORITO_ERR_IMAGE_MISALIGNED,
	ELTORITO_ERR_TOO_MANY_IMAGES,
	ELTORITO_ERR_COUNT
};

struct eltorito_image {
	uint32_t entry;      /* in the catalog: 0 the initial entry, then section entries */
	uint32_t rba;        /* first 2048-byte sector */
	uint64_t start_lba;  /* in the disk's blocks */
	uint64_t num_blocks; /* in the disk's blocks */
};

struct eltorito_table {
	unsigned count;
	struct eltorito_image image[ELTORITO_MAX_IMAGES];
};

/* Sector 17 (len >= 2048): an El Torito boot record; *catalog its catalog's sector. */
int eltorito_check_boot_record(const void *buf, size_t len, uint32_t *catalog);
/* Sector 16 (len >= 2048): whether it is ISO 9660's primary volume descriptor. */
bool eltorito_is_primary_descriptor(const void *buf, size_t len);
/*
 * The boot catalog's sector (len >= 2048) on a disk of disk_bytes bytes in
 * block_size blocks: the bootable (0x88), no-emulation entries of platform
 * 0xEF (EFI), in catalog order. None is ELTORITO_OK with count 0.
 */
int eltorito_check_catalog(const void *buf, size_t len, uint64_t disk_bytes,
			   uint32_t block_size, struct eltorito_table *out);
/* Disk level: sector 17, then the catalog it names; scratch >= ELTORITO_SCRATCH_BYTES. */
int eltorito_read(const struct disk_ops *disk, void *scratch, size_t scratch_len,
		  struct eltorito_table *out);
const char *eltorito_strerror(int status);
#endif
