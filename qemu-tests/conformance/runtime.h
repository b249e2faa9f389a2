/* SPDX-License-Identifier: MIT */
/* Runtime-service checks shared by the boot-time and the post-ExitBootServices tests. */
#ifndef QEMU_TESTS_CONFORMANCE_RUNTIME_H
#define QEMU_TESTS_CONFORMANCE_RUNTIME_H

#include "qemu-tests/conformance/efi.h"

#define VARIABLE_BS_RT (EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

/* A BS+RT volatile variable set before ExitBootServices and read back afterwards. */
#define KEPT_VARIABLE_NAME u"ConformanceKept"
#define KEPT_VARIABLE_VALUE 0x5eed5eed5eed5eedull
/* A boot-services-only variable, which must vanish at ExitBootServices. */
#define BOOT_ONLY_VARIABLE_NAME u"ConformanceBootOnly"
extern const efi_guid_t conformance_vendor_guid;

/* Why the time is not a valid EFI_TIME in 2024 or later, or NULL if it is. */
const char *time_invalid_reason(const struct efi_time *t);

#endif /* QEMU_TESTS_CONFORMANCE_RUNTIME_H */
