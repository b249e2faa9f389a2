/*
 * One disk handle: a whole disk or one partition of it, carrying Device
 * Path, Block I/O and Disk I/O (block_io.c, disk_io.c). A partition shares
 * its disk's driver and media id and reads blocks [first, first + blocks).
 */
#ifndef EFILITE_EFI_PROTOCOLS_DISK_H
#define EFILITE_EFI_PROTOCOLS_DISK_H
#include "firmware/efi/core.h"
#include "firmware/efi/efi_boot.h"

struct efi_disk {
	efi_block_io_t block_io;
	efi_disk_io_t disk_io;
	efi_block_io_media_t media;
	const struct efi_block_device *dev;
	uint64_t first; /* first block of the partition on the disk; 0 for the disk */
	efi_device_path_t *path;
	uint32_t magic;
};

#define EFI_DISK_MAGIC 0x6b736964u /* "disk" */

/*
 * Writes started through any disk's or partition's Block I/O or Disk I/O
 * (failed ones too: they may have changed part of the blocks). Readers that
 * keep disk contents (simple_fs.c's caches) drop them when it moves.
 */
extern uint64_t efi_disk_writes;

/* The disk whose Block I/O self is, or NULL for a forged pointer. */
struct efi_disk *efi_disk_from_block_io(efi_block_io_t *self);
/*
 * The checks Block I/O and Disk I/O make first, in this order: forged self
 * (d NULL) -> EFI_INVALID_PARAMETER; media id not the current one ->
 * EFI_MEDIA_CHANGED; write on read-only media -> EFI_WRITE_PROTECTED.
 */
efi_status_t efi_disk_check_access(const struct efi_disk *d, uint32_t media_id, bool write);
/* Reads or writes count blocks at lba of the handle (checked by the caller). */
efi_status_t efi_disk_transfer(struct efi_disk *d, bool write, uint64_t lba, uint64_t count,
			       void *buf);
void efi_disk_io_init(struct efi_disk *d);
/* A disk (node NULL) or a partition (path + node) in pool memory, not yet installed. */
struct efi_disk *efi_disk_new(const struct efi_block_device *dev, uint64_t first,
			      uint64_t blocks, const efi_device_path_t *path,
			      const efi_device_path_t *node);
/* Device Path, Block I/O and Disk I/O on a new handle; d is freed if there is none. */
efi_status_t efi_disk_install_handle(struct efi_disk *d, efi_handle_t *handle);
#endif
