/*
 * The report for the first unexpected exception (vectors.S), then power off.
 * What a loaded image most often does wrong, running code from its data
 * (W^X), is named. So are the checks the firmware is compiled with: BTI
 * (branch target exception), PAC-RET (FPAC, or without FEAT_FPAC the
 * instruction abort on the poisoned address AUTIASP leaves), the stack
 * protector and UBSan traps (brk immediates, trap_names.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/platform/exception.h"
#include "firmware/platform/hardening.h"
#include "firmware/platform/log.h"
#include "firmware/platform/sysreg.h"
#include "firmware/platform/trap_names.h"

#define ESR_EC(esr) ((unsigned)((esr) >> 26) & 0x3f)
#define EC_BTI 0x0d
#define EC_FPAC 0x1c
#define EC_IABT_SAME_EL 0x21
#define EC_DABT_SAME_EL 0x25
#define ESR_FNV (1u << 10)   /* FAR not valid */
#define ESR_DFSC_MASK 0x3f
#define ESR_DFSC_EXTERNAL 0x10 /* synchronous external abort, not on a table walk */
#define EC_BRK 0x3c
#define ESR_FSC_MASK 0x3c
#define ESR_FSC_PERMISSION 0x0c /* permission fault, any level */

_Noreturn void exception_report(unsigned vector, uint64_t lr);

struct named_device {
	const char *what;
	uint64_t base, size;
};

/* The platform's four, the PCI host's ECAM and two windows, 64 virtio-mmio slots. */
#define MAX_NAMED_DEVICES 72
static struct named_device named_devices[MAX_NAMED_DEVICES];
static unsigned named_count;

void exception_name_device(const char *what, uint64_t base, uint64_t size)
{
	if (named_count < MAX_NAMED_DEVICES)
		named_devices[named_count++] = (struct named_device){ what, base, size };
}

static bool in_region(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

/*
 * A data abort on a DT device, by name. main.c probes the DT's console
 * (console_answers()) while the boot PL011, which it keeps mapped, is still
 * the console: a console that aborts later would fault again here, and the
 * terminal vectors power off.
 */
static void name_device_abort(uint64_t esr, uint64_t far)
{
	const struct named_device *dev = NULL;

	if (ESR_EC(esr) != EC_DABT_SAME_EL || (esr & ESR_FNV))
		return;
	for (unsigned i = 0; i < named_count && !dev; i++)
		if (in_region(far, named_devices[i].base, named_devices[i].size))
			dev = &named_devices[i];
	if (!dev)
		return;
	if ((esr & ESR_DFSC_MASK) == ESR_DFSC_EXTERNAL)
		fatal("%s at 0x%llx does not respond (external abort at 0x%llx)", dev->what,
		      (unsigned long long)dev->base, (unsigned long long)far);
	fatal("%s at 0x%llx: data abort at 0x%llx (ESR=0x%llx)", dev->what,
	      (unsigned long long)dev->base, (unsigned long long)far, (unsigned long long)esr);
}

/*
 * A failed AUTIA/AUTIB without FEAT_FPAC returns the stripped address with
 * error code 01 (key A) or 10 (key B) in bits 62:61 (TCR.TBI0 is off); a
 * firmware address has nothing else above bit 47.
 */
static bool pac_poisoned(uint64_t va)
{
	return va >> 48 == 0x2000 || va >> 48 == 0x4000;
}

/* Synchronous exceptions with a known cause, by name. */
static void name_check(uint64_t esr, uint64_t elr, uint64_t far, uint64_t lr)
{
	unsigned imm = (unsigned)esr & 0xffff;
	const char *ubsan;

	switch (ESR_EC(esr)) {
	case EC_BTI:
		fatal("branch target exception (BTI): indirect branch (BTYPE %u) to 0x%llx, "
		      "not a landing pad",
		      (unsigned)esr & 3, (unsigned long long)elr);
	case EC_FPAC:
		fatal("pointer authentication failure: signed return address corrupted (FPAC at 0x%llx)",
		      (unsigned long long)elr);
	case EC_IABT_SAME_EL:
		if (pac_poisoned(far))
			fatal("pointer authentication failure: signed return address corrupted "
			      "(return to 0x%llx refused)",
			      (unsigned long long)(far & 0xffffffffffffull));
		if ((esr & ESR_FSC_MASK) == ESR_FSC_PERMISSION)
			fatal("execute from non-executable memory at 0x%llx (W^X; ESR=0x%llx)",
			      (unsigned long long)far, (unsigned long long)esr);
		return;
	case EC_BRK:
		if (imm == BRK_STACK_PROTECTOR)
			fatal("stack smashing detected: canary overwritten in the function calling "
			      "__stack_chk_fail at 0x%llx",
			      (unsigned long long)(lr - 4));
#ifdef EFILITE_UBSAN /* the names cost 1 KiB of flash; only the UBSan build traps */
		ubsan = ubsan_check_name(imm);
#else
		ubsan = NULL;
#endif
		if (ubsan)
			fatal("undefined behaviour: %s (UBSan trap 0x%x at 0x%llx)", ubsan, imm,
			      (unsigned long long)elr);
		return;
	default:
		return;
	}
}

_Noreturn void exception_report(unsigned vector, uint64_t lr)
{
	static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };
	static const char *const origins[] = { "current EL, SP_EL0", "current EL",
					       "lower EL, AArch64", "lower EL, AArch32" };
	uint64_t esr = read_sysreg(esr_el1), elr = read_sysreg(elr_el1);
	uint64_t far = read_sysreg(far_el1);

	if ((vector & 3) == 0) {
		name_check(esr, elr, far, lr);
		name_device_abort(esr, far);
		fatal("unexpected exception: ESR=0x%llx ELR=0x%llx FAR=0x%llx (from %s)",
		      (unsigned long long)esr, (unsigned long long)elr, (unsigned long long)far,
		      origins[vector >> 2 & 3]);
	}
	fatal("unexpected %s exception: ESR=0x%llx ELR=0x%llx (from %s)", kinds[vector & 3],
	      (unsigned long long)esr, (unsigned long long)elr, origins[vector >> 2 & 3]);
}
