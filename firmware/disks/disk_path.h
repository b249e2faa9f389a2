/* A disk's device path: its controller's path with one node for the disk appended. */
#ifndef EFILITE_DISK_PATH_H
#define EFILITE_DISK_PATH_H
#include <stdbool.h>
#include <stddef.h>

#include "firmware/efi/efi.h"

/* parent's nodes (a few: the paths disks.c builds), node (len bytes), End, in out (cap bytes). */
bool disk_child_path(const efi_device_path_t *parent, const void *node, size_t len, uint8_t *out,
		     size_t cap);
#endif
