/*
 * virtio-blk devices as EFI disks: each device a transport probed
 * (virtio-mmio or PCI, disks.c) gets a handle whose device path is the
 * transport's own.
 */
#ifndef EFILITE_VIRTIO_BLK_DISKS_H
#define EFILITE_VIRTIO_BLK_DISKS_H
#include <stdbool.h>

#include "firmware/drivers/virtio/virtio.h"
#include "firmware/efi/efi.h"

/* Starts the device (a probed transport) and installs its handle; false if it is left out. */
bool virtio_blk_disks_add(const struct virtio_dev *dev, const efi_device_path_t *path);
/* Stops every device kept (before the OS takes over). */
/* Has every writable disk kept write what it caches (VIRTIO_BLK_T_FLUSH, if negotiated). */
void virtio_blk_disks_flush(void);
void virtio_blk_disks_stop(void);
#endif
