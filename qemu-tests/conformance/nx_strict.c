/* SPDX-License-Identifier: MIT */
/*
 * An NX_COMPAT application that runs code from LoaderData memory it wrote.
 * Started by the firmware (-kernel), it must fault: the boot test expects
 * the firmware's W^X error. Started as a child of nx_legacy (LoadOptions
 * "child"), the NX compatibility mode its parent turned on is still on, and
 * it returns NX_CHILD_RAN.
 */
#include "qemu-tests/conformance/nx_probe.h"
#include "qemu-tests/conformance/test.h"

static bool started_as_child(void)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	const char16_t *mode = NX_MODE_CHILD;
	struct efi_loaded_image *li;
	const char16_t *options;
	size_t i = 0;

	if (env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS ||
	    !li->load_options || li->load_options_size < sizeof(NX_MODE_CHILD))
		return false;
	options = li->load_options;
	for (; mode[i] && options[i] == mode[i]; i++)
		;
	return !mode[i];
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	efi_physical_addr_t page = 0;
	bool child;

	t_init(image, st);
	child = started_as_child();
	if (env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &page) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	if (!child)
		t_puts("nx_strict: running code from LoaderData\n");
	if (nx_probe_run((void *)(uintptr_t)page) != NX_PROBE_VALUE)
		return EFI_ABORTED;
	if (child)
		return NX_CHILD_RAN;
	t_check("nx.strict_loader_data_not_executable", false,
		"an NX_COMPAT image ran code from LoaderData");
	t_finish();
}
