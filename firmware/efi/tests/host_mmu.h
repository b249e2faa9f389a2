/*
 * The MMU calls (mmu.h) over real page tables in host memory for host tests:
 * the production pagetable.c and memattr.c, with as many tables as the
 * firmware has, so that table usage is measured as in the firmware.
 */
#ifndef EFILITE_EFI_TESTS_HOST_MMU_H
#define EFILITE_EFI_TESTS_HOST_MMU_H
#include <stddef.h>
#include <stdint.h>

#define HOST_MMU_TABLES 128

/* Maps [base, base+size) as free RAM (RW, XP); 0 or -1. */
int host_mmu_init(uint64_t base, uint64_t size);
/* Page tables in use. */
size_t host_mmu_tables(void);
#endif
