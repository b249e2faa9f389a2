/*
 * What the CFI driver needs from the machine: 32-bit bus accesses to the bank
 * and a tick counter for its timeouts. cfi_bus.c implements them on the
 * hardware (runtime code, like the driver); host tests link a fake chip and
 * a fake clock instead (tests/cfi_test.c).
 */
#ifndef EFILITE_DRIVERS_FLASH_CFI_BUS_H
#define EFILITE_DRIVERS_FLASH_CFI_BUS_H
#include <stdint.h>

void cfi_bus_write(uint64_t address, uint32_t value); /* completes before returning */
uint32_t cfi_bus_read(uint64_t address);
uint64_t cfi_bus_ticks(void);
uint64_t cfi_bus_frequency(void); /* ticks per second */
#endif
