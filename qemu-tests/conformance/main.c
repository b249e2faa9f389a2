/* SPDX-License-Identifier: MIT */
/*
 * The conformance app: checks the UEFI boot and runtime services an OS loader
 * relies on, prints one PASS/FAIL line per check and a summary, then shuts the
 * machine down so QEMU exits. Boot it with -kernel on QEMU's virt machine.
 *
 * The load options (QEMU's -append) may name suites to run, e.g. "memory events";
 * without any suite name every suite runs except those needing a particular QEMU
 * setup ("initrd": -initrd of gen_initrd.py's file, "no_initrd": no -initrd).
 * The "exit" suite ends boot services, so it always runs last; without it the
 * app powers off with boot services up.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define MAX_OPTIONS 256

struct suite {
	const char *name;
	void (*run)(void);
	/* Needs a particular QEMU setup, so it does not run in the default "all". */
	bool only_when_named;
};

static const struct suite suites[] = {
	{ "cpu", test_cpu_state, false },
	{ "tables", test_tables, false },
	{ "tables", test_runtime_layout, false },
	{ "memory", test_memory_map, false },
	{ "memory", test_pages, false },
	{ "memory", test_pool, false },
	{ "protocols", test_protocols, false },
	{ "console", test_console, false },
	{ "console_keys", test_console_keys, true },
	{ "drivers", test_drivers, false },
	{ "config_tables", test_configuration_tables, false },
	{ "config_tables", test_platform_tables, false },
	{ "misc", test_misc_services, false },
	{ "events", test_events, false },
	{ "images", test_images, false },
	{ "memattr", test_memory_attributes, false },
	{ "rng", test_rng, false },
	{ "initrd", test_initrd, true },
	{ "no_initrd", test_no_initrd, true },
	{ "disks", test_disks, true },
	{ "time", test_time, false },
	{ "variables", test_variables, false },
	{ "soak", test_soak, true },
	{ "soak_long", test_soak_long, true },
	{ "exit", test_exit_boot_services_and_runtime, false },
};

#define SUITE_COUNT (sizeof(suites) / sizeof(suites[0]))

/* The load options as ASCII, each word surrounded by single spaces: " a b ". */
static char options[MAX_OPTIONS];

static void read_options(void)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li;
	const char16_t *text;
	size_t n = 0, chars;

	options[n++] = ' ';
	if (env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li) == EFI_SUCCESS &&
	    li->load_options) {
		text = li->load_options;
		chars = li->load_options_size / sizeof(char16_t);
		for (size_t i = 0; i < chars && text[i] && n + 2 < sizeof(options); i++)
			options[n++] = text[i] < 0x80 && text[i] > ' ' ? (char)text[i] : ' ';
	}
	options[n++] = ' ';
	options[n] = 0;
}

bool option_given(const char *word)
{
	for (const char *p = options; *p; p++) {
		size_t i = 0;

		if (*p != ' ')
			continue;
		while (word[i] && p[1 + i] == word[i])
			i++;
		if (!word[i] && p[1 + i] == ' ')
			return true;
	}
	return false;
}

static bool any_suite_named(void)
{
	for (size_t i = 0; i < SUITE_COUNT; i++) {
		if (option_given(suites[i].name))
			return true;
	}
	return false;
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	bool all;

	t_init(image, st);
	t_puts("\nefilite conformance app\n");
	/* A firmware watchdog must not cut the run short. */
	env.bs->set_watchdog_timer(0, 0, 0, NULL);
	read_options();
	all = !any_suite_named();
	for (size_t i = 0; i < SUITE_COUNT; i++) {
		if ((all && !suites[i].only_when_named) || option_given(suites[i].name))
			suites[i].run();
	}
	t_finish();
}
