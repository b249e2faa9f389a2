/* SPDX-License-Identifier: MIT */
/*
 * An application built without NX_COMPAT, like Debian 12's GRUB and shim:
 * it runs code it wrote to LoaderCode/LoaderData pages, LoaderData pool and
 * a writable+executable section of its own, and the NX_COMPAT image it
 * loads does the same (the compatibility mode stays on), as does an image
 * without NX_COMPAT whose sections share pages (loaded RWX as a whole). An
 * NX_COMPAT image with a writable+executable section is still refused.
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

/* Loads an nx_strict build as a child in "child" mode and starts it. */
static void run_child(const char *load, const char *ran, const uint8_t *image, size_t size)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li = NULL;
	efi_handle_t child = NULL;

	if (!t_status(load, env.bs->load_image(false, env.image, NULL, (void *)image, size, &child),
		      EFI_SUCCESS) ||
	    env.bs->handle_protocol(child, &loaded_image_guid, (void **)&li) != EFI_SUCCESS)
		return;
	li->load_options = (void *)NX_MODE_CHILD;
	li->load_options_size = sizeof(NX_MODE_CHILD);
	t_status(ran, env.bs->start_image(child, NULL, NULL), NX_CHILD_RAN);
}

#define PE_LFANEW 0x3c
#define COFF_OPT_SIZE 16
#define COFF_SIZE 20
#define SECTION_CHARACTERISTICS 36
#define SCN_MEM_WRITE 0x80000000u

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An NX_COMPAT image whose code section is also writable is refused, mode or not. */
static void probe_wx_in_nx_compat_image(void)
{
	uint8_t *copy = NULL;
	efi_handle_t child = NULL;
	uint32_t coff, text;

	if (env.bs->allocate_pool(EFI_LOADER_DATA, nx_strict_image_size, (void **)&copy) !=
	    EFI_SUCCESS)
		return;
	env.bs->copy_mem(copy, (void *)nx_strict_image, nx_strict_image_size);
	coff = le32(copy + PE_LFANEW) + 4;
	text = coff + COFF_SIZE + (copy[coff + COFF_OPT_SIZE] | copy[coff + COFF_OPT_SIZE + 1] << 8);
	copy[text + SECTION_CHARACTERISTICS + 3] |= SCN_MEM_WRITE >> 24;
	t_status("nx.compat_wx_section_refused",
		 env.bs->load_image(false, env.image, NULL, copy, nx_strict_image_size, &child),
		 EFI_LOAD_ERROR);
	env.bs->free_pool(copy);
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	t_init(image, st);
	probe_pages("nx.loader_data_pages", "nx.loader_data_pages_run", EFI_LOADER_DATA);
	probe_pages("nx.loader_code_pages", "nx.loader_code_pages_run", EFI_LOADER_CODE);
	probe_pool();
	t_equal("nx.wx_section", nx_probe_run(wx_code), NX_PROBE_VALUE);
	run_child("nx.child_load", "nx.child_inherits_mode", nx_strict_image, nx_strict_image_size);
	run_child("nx.unaligned_load", "nx.unaligned_runs", nx_unaligned_image,
		  nx_unaligned_image_size);
	probe_wx_in_nx_compat_image();
	t_finish();
}
