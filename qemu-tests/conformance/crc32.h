/* SPDX-License-Identifier: MIT */
/* The app's own CRC-32, for table headers after ExitBootServices took CalculateCrc32 away. */
#ifndef QEMU_TESTS_CONFORMANCE_CRC32_H
#define QEMU_TESTS_CONFORMANCE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 as UEFI uses it (IEEE 802.3, reflected, initial and final XOR 0xffffffff). */
uint32_t crc32(const void *data, size_t len);

#endif /* QEMU_TESTS_CONFORMANCE_CRC32_H */
