/*
 * Runtime-services support: section placement and the tiny helpers runtime
 * code uses instead of libc (which is boot-time only and unmapped afterwards).
 * Runtime code must not touch .rodata either: it lives in flash, which the OS
 * does not map, so runtime files are built with -fno-jump-tables and keep
 * their constants in code or RUNTIME_DATA.
 */
#ifndef EFILITE_EFI_RT_H
#define EFILITE_EFI_RT_H
#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
/* Host tests: placement does not matter. */
#define RUNTIME_CODE
#define RUNTIME_DATA
#else
#include "firmware/platform/layout.h"
#endif

void rt_memmove(void *dst, const void *src, size_t n);
void rt_memset(void *dst, uint8_t value, size_t n);
int rt_memcmp(const void *a, const void *b, size_t n);
/* Bytes in a NUL-terminated UTF-16 string including the NUL, or 0 if none within max bytes. */
size_t rt_str16_size(const uint16_t *s, size_t max);
#endif
