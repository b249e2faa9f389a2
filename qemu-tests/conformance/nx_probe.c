/* SPDX-License-Identifier: MIT */
#include "qemu-tests/conformance/nx_probe.h"

#define A64_MOVZ_W0(imm) (0x52800000u | ((uint32_t)(imm) << 5))
#define A64_RET 0xd65f03c0u

uint32_t nx_probe_run(void *buf)
{
	volatile uint32_t *code = buf;
	uintptr_t addr = (uintptr_t)buf;

	code[0] = A64_MOVZ_W0(NX_PROBE_VALUE);
	code[1] = A64_RET;
	/* One cache line holds both instructions (8 bytes, 4-byte aligned, in one line). */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
			 :
			 : "r"(addr)
			 : "memory");
	return ((uint32_t(*)(void))buf)();
}
