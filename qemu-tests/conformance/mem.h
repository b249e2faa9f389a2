/* SPDX-License-Identifier: MIT */
/* The app's own memory helpers (mem.c), usable after ExitBootServices. */
#ifndef QEMU_TESTS_CONFORMANCE_MEM_H
#define QEMU_TESTS_CONFORMANCE_MEM_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* QEMU_TESTS_CONFORMANCE_MEM_H */
