/*
 * The steps every transport's disks (virtio-blk, SCSI LUNs, NVMe namespaces)
 * share on their way to an EFI handle, and the lines that name a disk left
 * out. The transport keeps a table of slots (its driver state beside a
 * struct efi_block_device); disk_room() says whether the next slot is free,
 * the transport fills it, and disk_register() installs it and counts it.
 */
#ifndef EFILITE_DISK_REGISTER_H
#define EFILITE_DISK_REGISTER_H
#include <stdbool.h>
#include <stddef.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/efi_boot.h"

/* A disk's name in lines: at most "virtio-mmio@0x<16 hex digits>: scsi 255,65535", 46 bytes. */
#define DISK_WHO_BYTES 64

/* One transport's disks: the transport has max slots; the first count are installed. */
struct disk_table {
	const char *what; /* "SCSI LUNs": "more than <max> <what>, left out" */
	unsigned max;
	size_t count;
};

/*
 * Whether slot t->count is free; if not, one line: "error: <who>: more than
 * <max> <what>, left out". Asked before the slot is filled.
 */
bool disk_room(const struct disk_table *t, const char *who);

/*
 * Installs dev (slot t->count, filled) as an EFI disk and counts it. Its path
 * is parent's with node appended (one node, as long as its header says), or
 * parent itself if node is NULL. who names the disk in lines; note goes
 * before its size in the debug line ("CD/DVD, ", or ""). false, after one
 * error line, if the path is too long (named as a full table) or no memory
 * is left for the handle.
 */
bool disk_register(struct disk_table *t, const struct efi_block_device *dev,
		   const efi_device_path_t *parent, const efi_device_path_t *node, const char *who,
		   const char *note);
#endif
