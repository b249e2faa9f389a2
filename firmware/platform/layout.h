/*
 * Where the firmware lives. Flash at 0 holds the first stage (its code and
 * preliminary page tables) and the compressed firmware image. RAM starts with
 * QEMU's DTB; the firmware's own RAM (stack, the expanded image: code,
 * rodata, runtime range, data; then bss, page tables) follows it in a fixed
 * 2 MiB window. Symbols come from link.ld, which
 * asserts that they agree with the constants here. Included by assembly too.
 */
#ifndef EFILITE_PLATFORM_LAYOUT_H
#define EFILITE_PLATFORM_LAYOUT_H

#ifdef __ASSEMBLER__
#define LAYOUT_U64(x) x
#else
#define LAYOUT_U64(x) x##ull
#endif

#define FLASH_BASE LAYOUT_U64(0x00000000)
#define FLASH_SIZE LAYOUT_U64(0x04000000) /* QEMU virt flash0: 64 MiB */
#define DRAM_BASE LAYOUT_U64(0x40000000)
#define DTB_BASE DRAM_BASE
#define DTB_MAX_SIZE LAYOUT_U64(0x200000) /* QEMU caps its generated DTB at 2 MiB */
#define FW_RAM_BASE (DTB_BASE + DTB_MAX_SIZE)
#define FW_RAM_SIZE LAYOUT_U64(0x200000)
/*
 * The first stage's page tables open firmware RAM: the preliminary ones
 * (L0, L1, the [0, 1 GiB) L2) it writes before the MMU is on, and the early
 * ones the image starts on (L0, L1, the [1 GiB, 2 GiB) L2, the firmware
 * RAM's L3). mmu_init() switches away from them and leaves them unmapped
 * with the guard page. Then the stack, and the firmware image, which the
 * first stage (firmware/stage1, in flash) expands into RAM.
 */
#define EARLY_TABLES_BASE FW_RAM_BASE
#define EARLY_TABLES_SIZE LAYOUT_U64(0x7000)
#define FW_STACK_SIZE LAYOUT_U64(0x20000) /* UEFI (2.3.6, AArch64): at least 128 KiB */
#define FW_IMAGE_BASE (EARLY_TABLES_BASE + EARLY_TABLES_SIZE + 0x1000 + FW_STACK_SIZE)
/* QEMU virt's PL011: the console until the DT names one (mapped in flash tables). */
#define BOOT_PL011_BASE LAYOUT_U64(0x09000000)

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Runtime services code and data: one RAM range, mapped RWX-safe by the OS
 * (EfiRuntimeServicesCode), placed with these attributes. Runtime code may
 * only use the stack and runtime data: flash is not mapped after
 * ExitBootServices().
 */
#define RUNTIME_CODE __attribute__((section(".rt.text")))
#define RUNTIME_DATA __attribute__((section(".rt.data")))

extern char __fw_ram_start[], __fw_ram_end[]; /* firmware RAM incl. stack and tables */
extern char __rt_start[], __rt_end[];         /* runtime range, page aligned, inside fw RAM */
extern char __rt_text_end[];                  /* [__rt_start, __rt_text_end) is code */
extern char __image_start[], __image_end[];  /* the RAM image the first stage expanded */
extern char __text_end[];                     /* [__image_start, __text_end) is code, page aligned */
extern char __stack_bottom[], __stack_top[];  /* boot stack; the page below is a guard */
extern char __pt_pool_start[], __pt_pool_end[]; /* page-table pool */
#endif
#endif
