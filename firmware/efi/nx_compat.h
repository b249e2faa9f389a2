/*
 * Page attributes of the memory the firmware hands to images, and the NX
 * compatibility mode for images built before NX_COMPAT (see nx_compat.c).
 */
#ifndef EFILITE_EFI_NX_COMPAT_H
#define EFILITE_EFI_NX_COMPAT_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/pool.h"

/* Turns the mode on (for good: until the OS takes over the MMU). */
void nx_compat_enter(void);
/* True if memory of this type handed out now must be executable. */
bool nx_compat_executable(uint32_t memory_type);

/* Fresh pages of memory_type: executable if nx_compat_executable(). */
efi_status_t efi_pages_prepare(uint64_t base, uint64_t pages, uint32_t memory_type);
/*
 * FreePages: resets the attributes of allocated pages to those of free RAM
 * (RW, XP), then frees them. Pages whose attributes cannot be reset are
 * kept out of free memory (pinned EfiBootServicesData, logged) and the call
 * succeeds: free memory is never read-only or executable. Other failures
 * are memmap_free()'s.
 */
efi_status_t efi_pages_free(uint64_t base, uint64_t pages);
/* The same rules for the pool (pool_init()). */
struct pool_hooks efi_pool_hooks(void);
#endif
