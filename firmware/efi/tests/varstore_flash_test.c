/*
 * Host tests for the variable store's flash glue (firmware/efi/varstore_flash.c)
 * with the CFI driver as the firmware links it, over a fake bus: a bank that
 * does not answer the CFI query (a user's DT naming a second flash bank that
 * is no pflash_cfi01, or one with blocks too large) leaves no bank behind,
 * in particular no address for SetVirtualAddressMap to convert: that one is
 * in no runtime region, so converting it fails the call (EFI_NO_MAPPING) and
 * the OS loses every runtime service.
 */
#include <stdarg.h>

#include "firmware/drivers/flash/cfi_bus.h"
#include "firmware/efi/varstore_flash.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"
#include "tools/testing/check.h"

#define BANK 0x04000000ull

static unsigned bus_reads;

/* A bank that reads as zero whatever is written (QEMU's bank without a chip model reads so). */
void cfi_bus_write(uint64_t address, uint32_t value)
{
	(void)address, (void)value;
}

uint32_t cfi_bus_read(uint64_t address)
{
	(void)address;
	bus_reads++;
	return 0;
}

uint64_t cfi_bus_ticks(void)
{
	return 0;
}

uint64_t cfi_bus_frequency(void)
{
	return 1000000;
}

uint64_t timer_ticks(void)
{
	return 0;
}

uint64_t timer_frequency(void)
{
	return 1000000;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)level, (void)fmt;
}

bool log_enabled(enum log_level level)
{
	(void)level;
	return false;
}

static void test_no_answer_leaves_no_bank(void)
{
	efi_variable_flash_probe(BANK, 64ull << 20);
	CHECK(bus_reads > 0); /* it was asked */
	CHECK(efi_variable_flash_ram_bytes() == 0);
	CHECK(*efi_variable_flash_base_ref() == 0);
	CHECK(!efi_variable_flash_in_use());
}

int main(void)
{
	test_no_answer_leaves_no_bank();
	return check_report("varstore_flash_test");
}
