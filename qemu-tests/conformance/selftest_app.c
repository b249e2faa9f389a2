/* SPDX-License-Identifier: MIT */
/*
 * Misbehaves on request so the runner's own checks can be tested: the load
 * options pick one outcome (see runner_selftest.sh).
 */
#include "qemu-tests/conformance/test.h"

static bool options_are(const struct efi_loaded_image *li, const char16_t *mode)
{
	size_t chars = li->load_options_size / sizeof(char16_t);
	size_t i = 0;

	if (!li->load_options)
		return false;
	for (; i < chars && mode[i] && ((const char16_t *)li->load_options)[i] == mode[i]; i++)
		;
	return !mode[i] && (i == chars || ((const char16_t *)li->load_options)[i] == 0);
}

static void power_off(void)
{
	env.rt->reset_system(EFI_RESET_SHUTDOWN, EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("wfi");
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li = NULL;

	t_init(image, st);
	env.bs->set_watchdog_timer(0, 0, 0, NULL);
	env.bs->handle_protocol(image, &loaded_image_guid, (void **)&li);
	t_check("selftest.always", true, "");
	if (li && options_are(li, u"fail")) {
		t_check("selftest.deliberate_failure", false, "requested by the load options");
	} else if (li && options_are(li, u"skip")) {
		t_skip("selftest.deliberate_skip", "requested by the load options");
	} else if (li && options_are(li, u"hang")) {
		for (;;)
			env.bs->stall(1000000);
	} else if (li && options_are(li, u"nosummary")) {
		power_off();
	} else if (li && options_are(li, u"miscount")) {
		t_puts("PASS selftest.not_counted\n");
	}
	t_finish();
}
