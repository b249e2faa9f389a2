// SPDX-License-Identifier: MIT
/* Host test of the kernel-log scanning behind efi_firmware, rng_seed, boot_el. */
#include <stdio.h>
#include <string.h>

#include "qemu-tests/init/klog.h"

static int failures;

typedef bool (*klog_fn)(const char *log, char *out, size_t size);

static void expect(const char *what, klog_fn fn, const char *log, size_t size,
		   const char *want)
{
	char out[256];
	bool found;

	memset(out, 'X', sizeof(out));
	found = fn(log, out, size);
	if (!want) {
		if (found) {
			printf("%s: found '%s', want nothing\n", what, out);
			failures++;
		}
		return;
	}
	if (!found || strcmp(out, want) != 0) {
		printf("%s: got %s'%s', want '%s'\n", what, found ? "" : "(not found) ",
		       found ? out : "", want);
		failures++;
	}
}

/* The shape of an edk2 boot's log as syslog READ_ALL returns it. */
static const char edk2_log[] =
	"<6>[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x000f0510]\n"
	"<6>[    0.000000] efi: EFI v2.70 by EDK II\n"
	"<6>[    0.000000] efi: SMBIOS 3.0=0x5fed0000 MEMATTR=0x5d1fc018 ACPI 2.0=0x5c430018 "
	"INITRD=0x5c42ff18 RNG=0x5c43e798 MEMRESERVE=0x5c42ff98 \n"
	"<6>[    0.103513] CPU: All CPU(s) started at EL2\n"
	"<6>[    0.200000] random: crng init done";

int main(void)
{
	static char long_line[2048];

	expect("firmware", klog_efi_firmware, edk2_log, 256, "EDK II");
	expect("rng seed", klog_rng_seed, edk2_log, 256, "0x5c43e798");
	expect("boot EL", klog_boot_el, edk2_log, 256, "EL2");

	/* A direct boot states none of them. */
	expect("no firmware", klog_efi_firmware,
	       "<6>[    0.0] Machine model: linux,dummy-virt\n", 256, NULL);
	expect("no seed", klog_rng_seed,
	       "<6>[    0.0] efi: UEFI not found.\n<6>[    0.0] RNG=0x1 elsewhere\n", 256, NULL);
	expect("mixed levels", klog_boot_el,
	       "<6>[    0.1] CPU: CPUs started in inconsistent modes\n", 256, NULL);

	/* Values end at the line's end, without the newline. */
	expect("seed last on line", klog_rng_seed, "efi: ACPI=0x1 RNG=0xabc\nnext", 256, "0xabc");
	expect("EL1, unterminated log", klog_boot_el, "CPU: All CPU(s) started at EL1", 256, "EL1");

	/* Truncation keeps size - 1 bytes and the NUL. */
	expect("truncated vendor", klog_efi_firmware, edk2_log, 4, "EDK");

	/* An overlong line is skipped, not overrun; a later match still counts. */
	memset(long_line, 'a', sizeof(long_line) - 1);
	memcpy(long_line, "efi: EFI v9 by LONG ", 20);
	expect("overlong line", klog_efi_firmware, long_line, 256, NULL);
	long_line[1500] = '\n';
	memcpy(long_line + 1501, "efi: EFI v2.7 by efilite", 24);
	long_line[1525] = '\0';
	expect("match after overlong line", klog_efi_firmware, long_line, 256, "efilite");

	if (failures)
		printf("%d failure(s)\n", failures);
	return failures != 0;
}
