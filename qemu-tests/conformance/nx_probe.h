/* SPDX-License-Identifier: MIT */
/*
 * The NX compatibility apps (nx_legacy.c, nx_strict.c): the same code run
 * from memory an application wrote, by an image without and with NX_COMPAT.
 */
#ifndef QEMU_TESTS_CONFORMANCE_NX_PROBE_H
#define QEMU_TESTS_CONFORMANCE_NX_PROBE_H

#include "qemu-tests/conformance/efi.h"

/* What the generated code returns. */
#define NX_PROBE_VALUE 42

/* LoadOptions that make nx_strict a child: it runs the probe and returns. */
#define NX_MODE_CHILD u"child"
/* nx_strict's exit status as a child whose probe ran. */
#define NX_CHILD_RAN EFI_SUCCESS

/*
 * Writes `return NX_PROBE_VALUE;` into buf (at least 8 bytes, 4-byte
 * aligned), makes it visible to instruction fetch and calls it.
 */
uint32_t nx_probe_run(void *buf);

/* nx_strict.efi, embedded in nx_legacy (efi_embed). */
extern const uint8_t nx_strict_image[];
extern const size_t nx_strict_image_size;
/* The same source without NX_COMPAT, with 512-byte section alignment. */
extern const uint8_t nx_unaligned_image[];
extern const size_t nx_unaligned_image_size;

#endif
