/*
 * The first stage, at QEMU's reset vector in flash: the only code that runs
 * from flash. It checks the CPU and exception level, turns the MMU on over
 * the preliminary tables (boot_tables.S: flash read-only executable, RAM
 * read-write execute-never), has stage1.c expand the firmware image into RAM
 * and build the early tables for it, switches to those (the image's code
 * read-only executable, the rest of RAM execute-never: W^X throughout) and
 * jumps to the image's entry (platform/start.S). The MMU and caches are on
 * before the first RAM access, so RAM is only ever accessed cacheable.
 */
#include "firmware/platform/arch.h"

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
	adrp	x0, boot_l0		/* ASID_BOOT is 0: nothing to OR in */
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
	 * (this code keeps running) and the firmware RAM with pages instead of
	 * a block: same ASID, so drop the old entries before touching RAM.
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
 */
	.global boot_puts
boot_puts:
	mov	x1, #BOOT_PL011_BASE
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
2:	ldr	w3, [x1, #0x18]		/* UARTFR */
	tbnz	w3, #5, 2b		/* TXFF: transmit FIFO full */
	str	w2, [x1]		/* UARTDR */
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
