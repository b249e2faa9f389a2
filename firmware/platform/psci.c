/*
 * SMCCC calls through the conduit the DT names. Runtime code: ResetSystem()
 * ends up here after ExitBootServices(), so only runtime data is touched.
 */
#include "firmware/platform/psci.h"

#include "firmware/platform/arch.h"
#include "firmware/platform/layout.h"

static bool conduit_smc RUNTIME_DATA;

void psci_init(bool use_smc)
{
	conduit_smc = use_smc;
}

/* Inlined into its callers, so it lives in their section: runtime or flash. */
static inline __attribute__((always_inline)) struct smccc_res
smccc_conduit_call(bool smc, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC 1.0 lets the callee clobber x4-x17. */
	if (smc)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return (struct smccc_res){ x0, x1, x2, x3 };
}

struct smccc_res smccc_boot_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_conduit_call(conduit_smc, fid, a1, a2, a3);
}

static inline __attribute__((always_inline)) _Noreturn void power(uint32_t fid)
{
	smccc_conduit_call(conduit_smc, fid, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

RUNTIME_CODE _Noreturn void psci_system_off(void)
{
	power(PSCI_SYSTEM_OFF);
}

RUNTIME_CODE _Noreturn void psci_system_reset(void)
{
	power(PSCI_SYSTEM_RESET);
}

_Noreturn void psci_boot_system_off(void)
{
	power(PSCI_SYSTEM_OFF);
}
