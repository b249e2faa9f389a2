/*
 * The boot policy as a pure function (host tested): what the firmware holds
 * in, in the order it tries it. bootmgr.c gathers the inputs and runs the
 * candidates; a candidate that fails is logged and the next one runs.
 */
#ifndef EFILITE_BOOT_ORDER_H
#define EFILITE_BOOT_ORDER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum boot_kind {
	BOOT_KERNEL,      /* QEMU's -kernel (with -initrd, -append) */
	BOOT_OPTION,      /* Boot#### (number = ####) */
	BOOT_QEMU_DEVICE, /* the disk on line `number` of QEMU's bootorder: its removable path */
	BOOT_REMOVABLE,   /* \EFI\BOOT\BOOTAA64.EFI on file system `number`, as found */
};

struct boot_candidate {
	enum boot_kind kind;
	uint16_t number;
};

struct boot_inputs {
	bool have_kernel;
	bool have_boot_next;
	uint16_t boot_next;
	const uint16_t *boot_order; /* BootOrder, as parsed */
	size_t boot_order_count;
	size_t qemu_devices; /* bootorder lines that name a disk */
	size_t file_systems; /* file systems on the connected disks */
};

/*
 * Fills out[0..max) and returns the count:
 *   -kernel given        -> that alone (disks are not even looked at);
 *   otherwise            -> BootNext, then BootOrder (each number once),
 *                           then QEMU's bootorder disks, then every file
 *                           system's removable path.
 * Nothing left over max is tried.
 */
size_t boot_order(const struct boot_inputs *in, struct boot_candidate *out, size_t max);
#endif
