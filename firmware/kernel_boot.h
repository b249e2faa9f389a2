/* The EFI program QEMU holds in fw_cfg (-kernel), with -initrd and -append. */
#ifndef EFILITE_KERNEL_BOOT_H
#define EFILITE_KERNEL_BOOT_H
#include <stdbool.h>

#include "parsers/dt/dt.h"

/* Whether QEMU holds a -kernel: then the boot manager tries nothing else. */
bool kernel_present(void);
/*
 * Loads the -kernel image straight to its final place, exposes -initrd via
 * LoadFile2, passes -append (else the DT's /chosen bootargs) as LoadOptions
 * and starts it. A program that returns success ends in power off; this
 * returns only when the kernel could not be started or failed, after
 * boot_fail() said why.
 */
void kernel_boot(const struct dt_tree *dt);
#endif
