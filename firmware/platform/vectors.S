/*
 * Exception vectors. Nothing is ever resumed: the first exception switches
 * VBAR to the terminal table, moves to the exception stack and reports in C
 * (exception.c), which powers off. Any exception taken after that (a fault
 * while reporting, a broken stack, a PSCI conduit that does not exist) lands
 * in the terminal table, which touches no memory and only tries to power off.
 */
#include "firmware/platform/arch.h"

.macro vector_entry kind
	.balign	128
	mov	x0, #\kind
	b	exception_entry
.endm

.macro terminal_entry
	.balign	128
	b	terminal_power_off
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.global exception_vectors
exception_vectors:
	.irp	kind, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \kind
	.endr

	.balign	2048
terminal_vectors:
	.rept	16
	terminal_entry
	.endr

/*
 * x0: vector index (bits 1:0 = sync/IRQ/FIQ/SError, bits 3:2 = origin);
 * x30 as it was when the exception came (names __stack_chk_fail's caller).
 */
exception_entry:
	adr	x1, terminal_vectors
	msr	vbar_el1, x1
	isb
	adrp	x1, __exception_stack_top
	add	x1, x1, :lo12:__exception_stack_top
	mov	sp, x1
	mov	x1, x30
	bl	exception_report
	b	terminal_power_off

/*
 * PSCI SYSTEM_OFF without memory accesses. The conduit is SMC at EL2, else
 * HVC; if the HVC is undefined (it faults back here with ELR on it), SMC is
 * tried, and if that is undefined too the CPU halts.
 */
	.global terminal_power_off
terminal_power_off:
	mrs	x1, elr_el1
	adr	x2, terminal_hvc
	cmp	x1, x2
	b.eq	terminal_try_smc
	adr	x2, terminal_smc
	cmp	x1, x2
	b.eq	terminal_halt
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	terminal_try_smc
	movz	x0, #(PSCI_SYSTEM_OFF & 0xffff)
	movk	x0, #(PSCI_SYSTEM_OFF >> 16), lsl #16
terminal_hvc:
	hvc	#0
terminal_try_smc:
	movz	x0, #(PSCI_SYSTEM_OFF & 0xffff)
	movk	x0, #(PSCI_SYSTEM_OFF >> 16), lsl #16
terminal_smc:
	smc	#0
terminal_halt:
	wfi
	b	terminal_halt
