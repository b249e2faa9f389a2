/*
 * The first stage, at QEMU's reset vector in flash: the only code that runs
 * from flash. It checks the CPU and exception level, writes the preliminary
 * tables and turns the MMU on over them, has stage1.c expand the firmware
 * image into RAM and build the early tables for it, switches to those (the
 * image's code read-only executable, the rest of RAM execute-never: W^X
 * throughout) and jumps to the image's entry (platform/start.S).
 *
 * The preliminary tables (identity mapped, ASID 0, every entry non-global):
 *   flash (64 MiB)          Normal, read-only, executable     2 MiB blocks
 *   boot PL011 (its 2 MiB)  Device-nGnRE, execute-never       2 MiB block
 *     (the DT's console replaces this mapping in mmu_init())
 *   [1 GiB, 2 GiB): the DTB window and firmware RAM
 *                           Normal, read-write, execute-never 1 GiB block
 * They are written into firmware RAM (EARLY_TABLES_BASE) with the MMU off,
 * not stored in flash: 12 KiB of mostly zeros less in the 128 KiB image.
 * Those writes go to memory (Device accesses), so the lines are invalidated
 * before the cacheable table walks; every later RAM access is cacheable.
 */
#include "firmware/platform/arch.h"

#define PRELIM_L0 EARLY_TABLES_BASE
#define PRELIM_L1 (EARLY_TABLES_BASE + 0x1000)
#define PRELIM_L2 (EARLY_TABLES_BASE + 0x2000) /* [0, 1 GiB); the early tables share it */
#define PRELIM_END (EARLY_TABLES_BASE + 0x3000)
#define L2_INDEX(a) (((a) >> 21) & 511)

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x19, cntvct_el0		/* for the image header: how long this stage took */
	/* Only the boot CPU (all affinity fields zero) runs the firmware. */
	mrs	x0, mpidr_el1
	mov	x1, #0xffffff
	movk	x1, #0xff, lsl #32
	tst	x0, x1
	b.ne	park

	mrs	x0, CurrentEL
	cmp	x0, #(1 << 2)
	b.eq	el_ok
	cmp	x0, #(2 << 2)
	b.ne	unsupported_el
	/* EL2 needs VHE so the EL1 register names and descriptor layout apply. */
	mrs	x0, id_aa64mmfr1_el1
	ubfx	x0, x0, #8, #4
	cbz	x0, no_vhe
	movz	x0, #((HCR_EL2_VHE_HOST >> 16) & 0xffff), lsl #16
	movk	x0, #(HCR_EL2_VHE_HOST >> 32), lsl #32
	msr	hcr_el2, x0
	isb

el_ok:
	adr	x0, stage1_vectors
	msr	vbar_el1, x0

	/* The preliminary tables: zeroed, then the entries above. */
	movz	x0, #(PRELIM_L0 >> 16), lsl #16
	movz	x1, #(PRELIM_END >> 16), lsl #16
	movk	x1, #(PRELIM_END & 0xffff)
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b
	movz	x0, #(PRELIM_L0 >> 16), lsl #16
	add	x1, x0, #(PRELIM_L1 - PRELIM_L0)
	add	x2, x0, #(PRELIM_L2 - PRELIM_L0)
	orr	x3, x1, #PTE_TABLE
	str	x3, [x0]
	orr	x3, x2, #PTE_TABLE
	str	x3, [x1]
	ldr	x3, =(DRAM_BASE + PTE_BLOCK + PTE_NORMAL + PTE_PXN)
	str	x3, [x1, #((DRAM_BASE >> 30) * 8)]
	ldr	x3, =(FLASH_BASE + PTE_BLOCK + PTE_NORMAL + PTE_AP_RO)
	mov	x4, #(FLASH_SIZE >> 21)
	mov	x5, x2
2:	str	x3, [x5], #8
	add	x3, x3, #0x200000
	subs	x4, x4, #1
	b.ne	2b
	ldr	x3, =((BOOT_PL011_BASE & ~0x1fffff) + PTE_BLOCK + PTE_DEVICE)
	str	x3, [x2, #(L2_INDEX(BOOT_PL011_BASE) * 8)]
	/* No stale line may hide them from the walks: invalidate [PRELIM_L0, PRELIM_END). */
	dsb	sy
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x4, #4
	lsl	x4, x4, x3		/* D-cache line size */
	add	x1, x0, #(PRELIM_END - PRELIM_L0)
3:	dc	ivac, x0
	add	x0, x0, x4
	cmp	x0, x1
	b.lo	3b
	dsb	sy

	mov	x0, #MAIR_VALUE
	msr	mair_el1, x0
	/* Output size: the CPU's PA range, capped at the 48 bits of a 4 KiB granule. */
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf
	cmp	x1, #PARANGE_48_BITS
	mov	x2, #PARANGE_48_BITS
	csel	x1, x1, x2, ls
	movz	x0, #(TCR_VALUE & 0xffff)
	movk	x0, #(TCR_VALUE >> 16), lsl #16
	bfi	x0, x1, #TCR_IPS_SHIFT, #3
	msr	tcr_el1, x0
	movz	x0, #(PRELIM_L0 >> 16), lsl #16	/* ASID_BOOT is 0: nothing to OR in */
	msr	ttbr0_el1, x0
	isb
	/* TLB and I-cache contents are not architecturally clean at reset. */
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	movz	x0, #(SCTLR_VALUE & 0xffff)
	movk	x0, #(SCTLR_VALUE >> 16), lsl #16
	msr	sctlr_el1, x0
	isb

	/* Its stack: the top of the firmware's, just below the image. */
	movz	x0, #((FW_IMAGE_BASE >> 16) & 0xffff), lsl #16
	movk	x0, #(FW_IMAGE_BASE & 0xffff)
	mov	sp, x0
	mov	x0, x19
	bl	stage1_main		/* x0: early tables, x1: the image's entry */

	/*
	 * The early tables map flash and devices as the preliminary ones do
	 * (same L2: this code keeps running) and the firmware RAM with pages
	 * instead of a block: same ASID, so drop the old entries before
	 * touching RAM.
	 */
	dsb	ish
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	ic	iallu			/* stage1_main cleaned the image to the PoU */
	dsb	nsh
	isb
	br	x1

/* Before the MMU is on: report on the boot PL011, then stop. */
no_vhe:
	adr	x0, msg_no_vhe
	bl	boot_puts
	b	stage1_power_off

unsupported_el:
	adr	x0, msg_unsupported_el
	bl	boot_puts
park:
	wfe
	b	park

/*
 * x0: NUL-terminated string, to the boot PL011 (Device memory, mapped by the
 * preliminary tables; with the MMU off all accesses are Device): bytes only.
 * A transmitter that stays full for 1/8 s (a 16-byte FIFO drains in 1.4 ms at
 * 115200 baud) is wedged: the rest of the string is dropped, so that the
 * power-off after a report never waits on it. Clobbers x0-x6.
 */
	.global boot_puts
boot_puts:
	mov	x1, #BOOT_PL011_BASE
	mrs	x4, cntfrq_el0
	lsr	x4, x4, #3		/* 1/8 s in counter ticks */
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
	mrs	x5, cntvct_el0
2:	ldr	w3, [x1, #0x18]		/* UARTFR */
	tbz	w3, #5, 4f		/* TXFF: transmit FIFO full */
	mrs	x6, cntvct_el0
	sub	x6, x6, x5
	cmp	x6, x4
	b.ls	2b
	ret
4:	str	w2, [x1]		/* UARTDR */
	b	1b
3:	ret

/*
 * PSCI SYSTEM_OFF: SMC at EL2, else HVC. If the call is undefined it comes
 * back through stage1_vectors with ELR on it: then halt.
 */
	.global stage1_power_off
stage1_power_off:
	mrs	x1, CurrentEL
	movz	x0, #(PSCI_SYSTEM_OFF & 0xffff)
	movk	x0, #(PSCI_SYSTEM_OFF >> 16), lsl #16
	cmp	x1, #(2 << 2)
	b.eq	s1_smc
s1_hvc:	hvc	#0
s1_smc:	smc	#0
s1_halt:
	wfi
	b	s1_halt

/* Any exception in the first stage: one error line, then power off. */
s1_exception:
	mrs	x1, elr_el1
	adr	x2, s1_hvc
	cmp	x1, x2
	b.eq	s1_halt
	adr	x2, s1_smc
	cmp	x1, x2
	b.eq	s1_halt
	adr	x0, msg_exception
	bl	boot_puts
	b	stage1_power_off

.macro vector_entry
	.balign	128
	b	s1_exception
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.global	stage1_vectors
stage1_vectors:
	.rept	16
	vector_entry
	.endr

	.section .rodata.messages, "a"
msg_no_vhe:
	.asciz	"efilite: error: entered at EL2 without VHE\r\n"
msg_unsupported_el:
	.asciz	"efilite: error: entered at an exception level other than EL1 or EL2\r\n"
msg_exception:
	.asciz	"efilite: error: exception in the first stage\r\n"

	.section .text.boot, "ax"
	.balign	8
	.ltorg			/* the ldr = constants, read with the MMU off: aligned */
