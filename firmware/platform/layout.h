/*
 * Where the firmware lives. Flash at 0 holds code, rodata and preliminary page
 * tables. RAM starts with QEMU's DTB; the firmware's own RAM (data, bss, stack,
 * page tables) follows it. Symbols come from link.ld.
 */
#ifndef EFILITE_PLATFORM_LAYOUT_H
#define EFILITE_PLATFORM_LAYOUT_H
#include <stdint.h>

#define DRAM_BASE 0x40000000ull
#define DTB_BASE DRAM_BASE
#define DTB_MAX_SIZE 0x200000ull /* QEMU caps its generated DTB at 2 MiB */

/*
 * Runtime services code and data: one RAM range, mapped RWX-safe by the OS
 * (EfiRuntimeServicesCode), placed with these attributes.
 */
#define RUNTIME_CODE __attribute__((section(".rt.text")))
#define RUNTIME_DATA __attribute__((section(".rt.data")))

extern char __fw_ram_start[], __fw_ram_end[]; /* firmware RAM incl. stack and tables */
extern char __rt_start[], __rt_end[];         /* runtime range, page aligned, inside fw RAM */
extern char __flash_end[];                    /* end of the image in flash */
#endif
