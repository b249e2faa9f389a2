/* PSCI and SMCCC calls: power off/reset, and the SMCCC TRNG for the RNG protocol. */
#ifndef EFILITE_PLATFORM_PSCI_H
#define EFILITE_PLATFORM_PSCI_H
#include <stdbool.h>
#include <stdint.h>

/* Conduit: true = SMC, false = HVC (from the DT /psci "method"; HVC at EL1 by default). */
void psci_init(bool use_smc);
struct smccc_res { uint64_t a0, a1, a2, a3; };
/* An SMCCC call from flash, for boot-time code that may run before mmu_init() (the RNG). */
struct smccc_res smccc_boot_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
_Noreturn void psci_system_off(void);
_Noreturn void psci_system_reset(void);
/* SYSTEM_OFF from flash: for boot-time code that may run before mmu_init() (fatal()). */
_Noreturn void psci_boot_system_off(void);
#endif
