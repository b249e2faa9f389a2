/* SPDX-License-Identifier: MIT */
/*
 * Facts about the firmware hand-over that only the kernel log states. The
 * log is the text of syslog(SYSLOG_ACTION_READ_ALL): lines such as
 * "<6>[    0.000000] efi: EFI v2.70 by EDK II". Each function copies its
 * value NUL-terminated into out (size > 0; truncated to size - 1 bytes) and returns
 * false if the log does not state it. Pure string code, tested on the host.
 */
#ifndef EFILITE_QEMU_TESTS_INIT_KLOG_H
#define EFILITE_QEMU_TESTS_INIT_KLOG_H
#include <stdbool.h>
#include <stddef.h>

/* "efi: EFI vX.Y by VENDOR" -> VENDOR (the rest of the line) */
bool klog_efi_firmware(const char *log, char *out, size_t size);
/* "efi: ... RNG=0x... ..." (the config table line) -> "0x..." */
bool klog_rng_seed(const char *log, char *out, size_t size);
/* "CPU: All CPU(s) started at EL2" -> "EL2" */
bool klog_boot_el(const char *log, char *out, size_t size);
#endif
