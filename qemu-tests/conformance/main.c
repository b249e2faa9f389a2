/* SPDX-License-Identifier: MIT */
/*
 * The conformance app: checks the UEFI boot and runtime services an OS loader
 * relies on, prints one PASS/FAIL line per check and a summary, then shuts the
 * machine down so QEMU exits. Boot it with -kernel on QEMU's virt machine.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st);

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	t_init(image, st);
	t_puts("\nefilite conformance app\n");
	/* A firmware watchdog must not cut the run short. */
	env.bs->set_watchdog_timer(0, 0, 0, NULL);
	test_tables();
	test_memory_map();
	test_pages();
	test_pool();
	test_protocols();
	test_configuration_tables();
	test_misc_services();
	test_events();
	test_images();
	test_memory_attributes();
	test_rng();
	test_time();
	test_variables();
	test_exit_boot_services_and_runtime();
	return EFI_SUCCESS;
}
