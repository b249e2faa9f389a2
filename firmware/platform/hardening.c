#include "firmware/platform/hardening.h"

#include <stddef.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/console.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/log.h"
#include "firmware/platform/psci.h"
#include "firmware/platform/rng.h"
#include "firmware/platform/sysreg.h"

/* The key and the canary change while this runs: it must not use them. */
#define UNPROTECTED __attribute__((target("branch-protection=none"), no_stack_protector))

/*
 * Read by every function with a canary, runtime services included, so it is
 * runtime data. Its low byte is zero: a string copy cannot reproduce it.
 */
RUNTIME_DATA uintptr_t __stack_chk_guard;

/* What this build has landing pads and signed returns for (tools/bench builds variants without). */
#ifdef __ARM_FEATURE_BTI_DEFAULT
#define BUILT_WITH_BTI true
#else
#define BUILT_WITH_BTI false
#endif
#ifdef __ARM_FEATURE_PAC_DEFAULT
#define BUILT_WITH_PAC true
#else
#define BUILT_WITH_PAC false
#endif

static bool cpu_bti, has_bti, has_pauth, from_rng;

static unsigned id_field(uint64_t reg, unsigned shift)
{
	return (unsigned)(reg >> shift & 0xf);
}

static bool cpu_has_pauth_a(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t isar2 = read_sysreg(s3_0_c0_c6_2); /* ID_AA64ISAR2_EL1: RAZ before v8.7 */

	/* APA (QARMA5), API (implementation defined), APA3 (QARMA3): key A. */
	return id_field(isar1, 4) || id_field(isar1, 8) || id_field(isar2, 12);
}

/*
 * Without an entropy source (no FEAT_RNG and no SMCCC TRNG) the counter is
 * all there is: better than a constant, and hardening_log() says so.
 */
UNPROTECTED static void fill_secrets(uint64_t secret[3])
{
	psci_init(current_el() == 2); /* the default conduit, for the TRNG; the DT may change it */
	rng_init();
	from_rng = rng_read(secret, 3 * sizeof(secret[0]));
	if (!from_rng)
		for (size_t i = 0; i < 3; i++)
			secret[i] = read_sysreg(cntpct_el0) * 0x9e3779b97f4a7c15ull ^
				    (uint64_t)(uintptr_t)&secret[i] << 17;
}

UNPROTECTED void hardening_init(void)
{
	uint64_t secret[3], sctlr = read_sysreg(sctlr_el1);

	console_init(BOOT_PL011_BASE); /* so that a fault from here on is reported */
	cpu_bti = id_field(read_sysreg(id_aa64pfr1_el1), 0) != 0;
	has_bti = BUILT_WITH_BTI && cpu_bti;
	has_pauth = BUILT_WITH_PAC && cpu_has_pauth_a();
	fill_secrets(secret);
	__stack_chk_guard = (uintptr_t)(secret[2] & ~0xffull);
	if (has_pauth) {
		write_sysreg(s3_0_c2_c1_0, secret[0]); /* APIAKeyLo_EL1 */
		write_sysreg(s3_0_c2_c1_1, secret[1]); /* APIAKeyHi_EL1 */
		sctlr |= SCTLR_ENIA;
	}
	if (has_bti)
		sctlr |= SCTLR_BT1;
	write_sysreg(sctlr_el1, sctlr);
	isb();
	secret[0] = secret[1] = secret[2] = 0;
	__asm__ volatile("" : : "r"(secret) : "memory"); /* keep the clearing */
}

bool hardening_bti(void)
{
	return has_bti;
}

bool hardening_cpu_bti(void)
{
	return cpu_bti;
}

static const char *state(bool on, bool built)
{
	return on ? "on" : built ? "off (not in this CPU)" : "off (not in this build)";
}

void hardening_log(void)
{
	log_debug("hardening: BTI %s, PAC-RET %s, keys and stack canary from %s",
		  state(has_bti, BUILT_WITH_BTI), state(has_pauth, BUILT_WITH_PAC),
		  from_rng ? rng_source() : "the counter (no entropy source)");
}

/* No frame, no memory access: also safe in a runtime service after ExitBootServices(). */
RUNTIME_CODE _Noreturn void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("brk %0" : : "i"(BRK_STACK_PROTECTOR));
}
