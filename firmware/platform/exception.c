/* The report for the first unexpected exception (vectors.S), then power off. */
#include <stdbool.h>
#include <stdint.h>

#include "firmware/platform/log.h"
#include "firmware/platform/sysreg.h"

_Noreturn void exception_report(unsigned vector);

#define ESR_EC_SHIFT 26
#define ESR_EC_IABT_CUR 0x21 /* instruction abort taken without a change of EL */
#define ESR_FSC_MASK 0x3c
#define ESR_FSC_PERMISSION 0x0c /* permission fault, any level */

/* What a loaded image most often does wrong: running code from its data (W^X). */
static bool is_exec_permission_fault(uint64_t esr)
{
	return (esr >> ESR_EC_SHIFT) == ESR_EC_IABT_CUR && (esr & ESR_FSC_MASK) == ESR_FSC_PERMISSION;
}

_Noreturn void exception_report(unsigned vector)
{
	static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };
	static const char *const origins[] = { "current EL, SP_EL0", "current EL",
					       "lower EL, AArch64", "lower EL, AArch32" };
	uint64_t esr = read_sysreg(esr_el1), elr = read_sysreg(elr_el1);

	if ((vector & 3) == 0 && is_exec_permission_fault(esr))
		fatal("execute from non-executable memory at 0x%llx (W^X; ESR=0x%llx)",
		      (unsigned long long)read_sysreg(far_el1), (unsigned long long)esr);
	if ((vector & 3) == 0)
		fatal("unexpected exception: ESR=0x%llx ELR=0x%llx FAR=0x%llx (from %s)",
		      (unsigned long long)esr, (unsigned long long)elr,
		      (unsigned long long)read_sysreg(far_el1), origins[vector >> 2 & 3]);
	fatal("unexpected %s exception: ESR=0x%llx ELR=0x%llx (from %s)", kinds[vector & 3],
	      (unsigned long long)esr, (unsigned long long)elr, origins[vector >> 2 & 3]);
}
