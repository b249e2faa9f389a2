/* SPDX-License-Identifier: MIT */
/*
 * The AArch64 processor state the UEFI spec promises an image: MMU and caches
 * on, alignment checks off, little-endian, FP/SIMD usable, generic timer set up.
 * At EL2 with E2H=1, the *_EL1 names below access the EL2 registers, which then
 * use the same layout, so the checks hold at either exception level.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)
#define SCTLR_EE (1ull << 25)
#define CPACR_FPEN_SHIFT 20
#define CPACR_FPEN_NO_TRAPS 3ull
#define HCR_E2H (1ull << 34)

static uint64_t current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (v >> 2) & 3;
}

static uint64_t read_sctlr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
	return v;
}

static uint64_t read_cpacr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cpacr_el1" : "=r"(v));
	return v;
}

static uint64_t read_hcr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, hcr_el2" : "=r"(v));
	return v;
}

/* Moves a value through a SIMD register and back. */
static uint64_t through_simd(uint64_t x)
{
	uint64_t y;

	__asm__ volatile("fmov d0, %1\n\tfmov %0, d0" : "=r"(y) : "r"(x) : "v0");
	return y;
}

void test_cpu_state(void)
{
	uint64_t el = current_el(), sctlr, fpen;

	if (!t_check("cpu.exception_level", el == 1 || el == 2, "not running at EL1 or EL2"))
		return;
	if (el == 2 && !t_check("cpu.el2_with_vhe", read_hcr() & HCR_E2H,
				"EL2 without HCR_EL2.E2H: EL1 register names do not apply"))
		return;
	sctlr = read_sctlr();
	t_check("cpu.mmu_on", sctlr & SCTLR_M, "SCTLR.M clear");
	t_check("cpu.caches_on", (sctlr & SCTLR_C) && (sctlr & SCTLR_I),
		"SCTLR.C or SCTLR.I clear");
	t_check("cpu.alignment_checks_off", !(sctlr & SCTLR_A), "SCTLR.A set");
	t_check("cpu.little_endian", !(sctlr & SCTLR_EE), "SCTLR.EE set");
	fpen = (read_cpacr() >> CPACR_FPEN_SHIFT) & 3;
	if (t_equal("cpu.fp_simd_not_trapped", fpen, CPACR_FPEN_NO_TRAPS))
		t_equal("cpu.fp_simd_usable", through_simd(0x0123456789abcdefull),
			0x0123456789abcdefull);
	t_check("cpu.timer_frequency_set", t_ticks_per_second() != 0, "CNTFRQ_EL0 is zero");
}
