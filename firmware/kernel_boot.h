/* The EFI program QEMU holds in fw_cfg (-kernel), with -initrd and -append. */
#ifndef EFILITE_KERNEL_BOOT_H
#define EFILITE_KERNEL_BOOT_H
#include <stddef.h>

#include "parsers/dt/dt.h"

/*
 * Loads the -kernel image straight to its final place, exposes -initrd via
 * LoadFile2, passes -append (else the checked DT's /chosen bootargs) as LoadOptions
 * and starts it. Returns nothing: the program's return ends in power off.
 */
_Noreturn void kernel_boot(const struct dt_tree *dt);
#endif
