/*
 * Preliminary page tables, built by the assembler and linker into flash so
 * the MMU can be on before the first RAM access; the first stage expands the
 * firmware image into RAM under them. Identity mapped, ASID 0, every entry
 * non-global:
 *   flash (64 MiB)          Normal, read-only, executable    2 MiB blocks
 *   boot PL011 (its 2 MiB)  Device-nGnRE, execute-never      2 MiB block
 *     (a block, not an L3 table for one page: 4 KiB less flash; the DT's
 *     console replaces this mapping in mmu_init())
 *   [1 GiB, 2 GiB): the DTB window and firmware RAM
 *                           Normal, read-write, execute-never 1 GiB block
 *     (not an L2 table of two 2 MiB blocks: 4 KiB less flash, for the 128 KiB
 *     image; nothing writes the DTB, and mmu_init() maps it read-only and
 *     leaves out what is not RAM)
 */
#include "firmware/platform/arch.h"

#define L2_INDEX(a) (((a) >> 21) & 511)

	.section .rodata.boot_tables, "a"
	.balign	4096
	.global boot_l0
boot_l0:
	.quad	boot_l1 + PTE_TABLE
	.fill	511, 8, 0

boot_l1:
	.quad	boot_l2_low + PTE_TABLE		/* [0, 1 GiB) */
	.quad	DRAM_BASE + PTE_BLOCK + PTE_NORMAL + PTE_PXN	/* [1 GiB, 2 GiB) */
	.fill	510, 8, 0

	.global boot_l2_low	/* the early tables (stage1.c) share it */
boot_l2_low:
	.set	addr, FLASH_BASE
	.rept	FLASH_SIZE >> 21
	.quad	addr + PTE_BLOCK + PTE_NORMAL + PTE_AP_RO
	.set	addr, addr + 0x200000
	.endr
	.fill	L2_INDEX(BOOT_PL011_BASE) - (FLASH_SIZE >> 21), 8, 0
	.quad	(BOOT_PL011_BASE & ~0x1fffff) + PTE_BLOCK + PTE_DEVICE
	.fill	511 - L2_INDEX(BOOT_PL011_BASE), 8, 0

