/*
 * AArch64 system register values and VMSAv8-64 descriptor bits, shared by
 * start.S (preliminary tables, MMU enable) and the C drivers. At EL2 the
 * firmware runs with HCR_EL2.{E2H,TGE} = {1,1}, so the *_EL1 names used here
 * reach the EL2 registers, which then have the EL1 layout.
 */
#ifndef EFILITE_PLATFORM_ARCH_H
#define EFILITE_PLATFORM_ARCH_H
#include "firmware/platform/layout.h"

#define HCR_EL2_VHE_HOST LAYOUT_U64(0x488000000) /* E2H (34) | RW (31) | TGE (27) */

/* MAIR_EL1 slots: 0 = Device-nGnRE, 1 = Normal write-back read/write-allocate. */
#define MAIR_DEVICE_INDEX 0
#define MAIR_NORMAL_INDEX 1
#define MAIR_VALUE 0xff04

/* 48-bit VA, 4 KiB granule, walks inner-shareable write-back, no TTBR1 walks. */
#define TCR_T0SZ_48 16
#define TCR_WALK_WB_SHARED (0x1 << 8 | 0x1 << 10 | 0x3 << 12)
#define TCR_EPD1 (1 << 23)
#define TCR_VALUE (TCR_T0SZ_48 | TCR_WALK_WB_SHARED | TCR_EPD1)
#define TCR_IPS_SHIFT 32
#define PARANGE_48_BITS 5

/* RES1 bits | WXN | I | SA | C | M. */
#define SCTLR_VALUE 0x30d8180d
/*
 * Set by hardening_init() when the CPU has the feature: EnIA turns on the
 * PACIASP/AUTIASP return-address signing the firmware is compiled with; BT1
 * (BT at EL2 with E2H) stops PACIASP serving as a landing pad for BR through
 * a register other than x16/x17. TCR needs no change: TBI0 is off, so a PAC
 * also fills bits 63:56.
 */
#define SCTLR_ENIA (LAYOUT_U64(1) << 31)
#define SCTLR_BT1 (LAYOUT_U64(1) << 36)

#define CPACR_FPEN_ALL (3 << 20)

/* Descriptor bits. */
#define PTE_VALID 0x1
#define PTE_TABLE 0x3 /* at levels 0-2 */
#define PTE_BLOCK 0x1 /* at levels 1-2 */
#define PTE_PAGE 0x3  /* at level 3 */
#define PTE_ATTR_INDEX(i) ((i) << 2)
#define PTE_AP_RO (1 << 7)
#define PTE_SH_INNER (3 << 8)
#define PTE_AF (1 << 10)
#define PTE_NG (1 << 11)
#define PTE_GP (LAYOUT_U64(1) << 50) /* guarded page: BTI landing pads enforced */
#define PTE_PXN (LAYOUT_U64(1) << 53)
#define PTE_UXN (LAYOUT_U64(1) << 54)
#define PTE_ADDR_MASK LAYOUT_U64(0x0000fffffffff000)

/* Leaf attributes: EL0 never executes; everything is non-global (ASID tagged). */
#define PTE_NORMAL (PTE_ATTR_INDEX(MAIR_NORMAL_INDEX) | PTE_SH_INNER | PTE_AF | PTE_NG | PTE_UXN)
#define PTE_DEVICE (PTE_ATTR_INDEX(MAIR_DEVICE_INDEX) | PTE_AF | PTE_NG | PTE_UXN | PTE_PXN)

#define TTBR_ASID_SHIFT 48
#define ASID_BOOT 0 /* preliminary tables in flash */
#define ASID_RAM 1  /* tables built by mmu_init() */

#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009
#endif
