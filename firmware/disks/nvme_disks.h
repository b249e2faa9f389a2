/*
 * The namespaces of NVMe controllers as EFI disks: each namespace the
 * driver serves gets a handle whose device path is the controller's with
 * an NVMe(nsid, EUI-64) node, as edk2 names it.
 */
#ifndef EFILITE_NVME_DISKS_H
#define EFILITE_NVME_DISKS_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/*
 * Starts the controller whose BAR0 (mapped) is at bar, and installs its
 * namespaces; where names it in messages. false if it kept none.
 */
bool nvme_disks_add(uint64_t bar, uint64_t bar_size, uint32_t where, const efi_device_path_t *path);
/* Disables every controller kept (before the OS takes over). */
void nvme_disks_stop(void);
/*
 * Before a reset: FLUSH on every writable namespace of a controller with a volatile write
 * cache (VWC), then each controller's normal shutdown (CC.SHN) and disable.
 */
void nvme_disks_shutdown(void);
#endif
