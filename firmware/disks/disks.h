/*
 * The machine's disks as EFI handles: virtio-blk (virtio_blk_disks.c) and the
 * LUNs behind virtio-scsi adapters (scsi_disks.c) on the virtio-mmio slots
 * and on the PCIe host the DT describes, and the namespaces of NVMe
 * controllers there (nvme_disks.c). Nothing is probed at boot, so the
 * -kernel path pays nothing: disks_connect() runs when the boot manager
 * needs disks, or when a program first looks for storage protocols.
 */
#ifndef EFILITE_DISKS_H
#define EFILITE_DISKS_H
#include "parsers/dt/dt.h"

/* A disk request the device has not answered after this long refuses the device. */
#define DISK_REQUEST_TIMEOUT_S 30

/* Remembers the DT and arms the on-demand probe. */
void disks_init(const struct dt_tree *tree);
/* Probes every disk once and installs its handles; later calls return at once. */
void disks_connect(void);
#endif
