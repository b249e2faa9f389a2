/* SPDX-License-Identifier: MIT */
/*
 * An application built without NX_COMPAT, like Debian 12's GRUB and shim:
 * it runs code it wrote to LoaderCode/LoaderData pages, LoaderData pool and
 * a writable+executable section of its own, and the NX_COMPAT image it
 * loads does the same (the compatibility mode stays on).
 */
#include "qemu-tests/conformance/nx_probe.h"
#include "qemu-tests/conformance/test.h"

/* Writable and executable: the link marks this section RWE (/section:.wxcode,rwe). */
__attribute__((section(".wxcode"), aligned(64))) static uint32_t wx_code[16] = { 1 };

static void probe_pages(const char *name, const char *runs, uint32_t memory_type)
{
	efi_physical_addr_t page = 0;

	if (!t_status(name, env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, memory_type, 1, &page),
		      EFI_SUCCESS))
		return;
	t_equal(runs, nx_probe_run((void *)(uintptr_t)page), NX_PROBE_VALUE);
	env.bs->free_pages(page, 1);
}

static void probe_pool(void)
{
	void *small = NULL, *large = NULL;

	if (t_status("nx.pool_small", env.bs->allocate_pool(EFI_LOADER_DATA, 64, &small),
		     EFI_SUCCESS))
		t_equal("nx.pool_small_run", nx_probe_run(small), NX_PROBE_VALUE);
	if (t_status("nx.pool_large", env.bs->allocate_pool(EFI_LOADER_DATA, 3 * EFI_PAGE_SIZE,
							     &large),
		     EFI_SUCCESS))
		t_equal("nx.pool_large_run", nx_probe_run(large), NX_PROBE_VALUE);
}

static void probe_child(void)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li = NULL;
	efi_handle_t child = NULL;
	efi_status_t status;

	status = env.bs->load_image(false, env.image, NULL, (void *)nx_strict_image,
				    nx_strict_image_size, &child);
	if (!t_status("nx.child_load", status, EFI_SUCCESS) ||
	    !t_status("nx.child_loaded_image",
		      env.bs->handle_protocol(child, &loaded_image_guid, (void **)&li),
		      EFI_SUCCESS))
		return;
	li->load_options = (void *)NX_MODE_CHILD;
	li->load_options_size = sizeof(NX_MODE_CHILD);
	t_status("nx.child_inherits_mode", env.bs->start_image(child, NULL, NULL), NX_CHILD_RAN);
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	t_init(image, st);
	probe_pages("nx.loader_data_pages", "nx.loader_data_pages_run", EFI_LOADER_DATA);
	probe_pages("nx.loader_code_pages", "nx.loader_code_pages_run", EFI_LOADER_CODE);
	probe_pool();
	t_equal("nx.wx_section", nx_probe_run(wx_code), NX_PROBE_VALUE);
	probe_child();
	t_finish();
}
