/* What the boot_services.c stubs record (see boot_services_stubs.c). */
#ifndef EFILITE_EFI_TESTS_BOOT_SERVICES_STUBS_H
#define EFILITE_EFI_TESTS_BOOT_SERVICES_STUBS_H
#include <stdint.h>

#include "firmware/efi/core.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/ticks.h"
#include "firmware/platform/timer.h"

#define STUB_TIMER_HZ 62500000u /* QEMU virt's CNTFRQ_EL0 */

struct stub_state {
	uint64_t ticks;                 /* the generic timer; Stall() advances it */
	uint64_t attributes;            /* the last mmu_set_attributes() value */
	unsigned set_attributes_calls;
	int set_attributes_result;      /* what mmu_set_attributes() returns (0) */
	unsigned write_exec_allowed;    /* mmu_allow_write_exec() calls */
	unsigned runtime_exits, system_table_exits;
	char last_log[256];             /* the last log_msg() line, formatted */
};

extern struct stub_state stub;
#endif
