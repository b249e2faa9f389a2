/*
 * The CPU side of the firmware's compiler hardening (tools/toolchain):
 * -mbranch-protection=standard needs pointer authentication keys and
 * SCTLR.EnIA (PAC-RET) and guarded pages for its code (BTI, see mmu.c);
 * -fstack-protector-strong needs a canary.
 *
 * hardening_init() runs from start.S before the first C function that has a
 * canary or signs its return address, and is itself compiled without either:
 * the keys and the canary change under it, and no protected function may be
 * live across that change. It brings up the boot console and the default
 * PSCI conduit first, for its entropy (rng.c) and so that a fault is reported.
 */
#ifndef EFILITE_PLATFORM_HARDENING_H
#define EFILITE_PLATFORM_HARDENING_H
#include <stdbool.h>
#include <stdint.h>

/* brk immediate of __stack_chk_fail (exception.c names it). */
#define BRK_STACK_PROTECTOR 0x5350

void hardening_init(void);
/* FEAT_BTI and a build with landing pads: firmware code is mapped with the guarded-page bit. */
bool hardening_bti(void);
/* FEAT_BTI, whatever the firmware was built with: loaded BTI images get guarded pages. */
bool hardening_cpu_bti(void);
/* One debug line: what is on and where the keys and canary came from. */
void hardening_log(void);
#endif
