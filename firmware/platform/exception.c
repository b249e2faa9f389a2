/* The report for the first unexpected exception (vectors.S), then power off. */
#include "firmware/platform/log.h"
#include "firmware/platform/sysreg.h"

_Noreturn void exception_report(unsigned vector);

_Noreturn void exception_report(unsigned vector)
{
	static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };
	static const char *const origins[] = { "current EL, SP_EL0", "current EL",
					       "lower EL, AArch64", "lower EL, AArch32" };
	uint64_t esr = read_sysreg(esr_el1), elr = read_sysreg(elr_el1);

	if ((vector & 3) == 0)
		fatal("unexpected exception: ESR=0x%llx ELR=0x%llx FAR=0x%llx (from %s)",
		      (unsigned long long)esr, (unsigned long long)elr,
		      (unsigned long long)read_sysreg(far_el1), origins[vector >> 2 & 3]);
	fatal("unexpected %s exception: ESR=0x%llx ELR=0x%llx (from %s)", kinds[vector & 3],
	      (unsigned long long)esr, (unsigned long long)elr, origins[vector >> 2 & 3]);
}
