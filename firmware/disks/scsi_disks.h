/*
 * The LUNs behind virtio-scsi host adapters as EFI disks: each disk or
 * CD/DVD drive with a medium gets a handle whose device path is the
 * adapter's with a Scsi(target, lun) node, as edk2 names it.
 */
#ifndef EFILITE_SCSI_DISKS_H
#define EFILITE_SCSI_DISKS_H
#include <stdbool.h>

#include "firmware/drivers/virtio/virtio.h"
#include "firmware/efi/efi.h"

/* Starts the adapter (a probed transport) and installs its LUNs; false if it kept none. */
bool scsi_disks_add(const struct virtio_dev *dev, const efi_device_path_t *path);
/* Stops every adapter kept (before the OS takes over). */
/* SYNCHRONIZE CACHE on every writable LUN kept. */
void scsi_disks_flush(void);
void scsi_disks_stop(void);
#endif
