/* SPDX-License-Identifier: MIT */
/* Image services: LoadedImage of this app, LoadImage/StartImage/Exit/UnloadImage of a child. */
#include "qemu-tests/conformance/child.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;

/*
 * Holds an absolute address: correct only if the loader applied base relocations.
 * volatile keeps the compiler from folding the comparison with efi_main.
 */
static efi_status_t (*const volatile entry_via_relocation)(efi_handle_t,
							    struct efi_system_table *) = efi_main;

static bool contains_entry(const struct efi_loaded_image *li)
{
	uintptr_t entry = (uintptr_t)efi_main, base = (uintptr_t)li->image_base;

	return entry >= base && entry - base < li->image_size;
}

static void test_own_loaded_image(void)
{
	struct efi_loaded_image *li = NULL;
	efi_status_t status;

	status = env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li);
	if (!t_status("image.self_loaded_image", status, EFI_SUCCESS))
		return;
	t_equal("image.self_revision", li->revision, EFI_LOADED_IMAGE_PROTOCOL_REVISION);
	t_check("image.self_system_table", li->system_table == env.st,
		"SystemTable differs from the one passed to efi_main");
	t_check("image.self_contains_entry", contains_entry(li),
		"efi_main outside ImageBase/ImageSize");
	t_equal("image.self_code_type", li->image_code_type, EFI_LOADER_CODE);
	t_equal("image.self_data_type", li->image_data_type, EFI_LOADER_DATA);
	t_check("image.self_relocated", (uintptr_t)entry_via_relocation == (uintptr_t)efi_main,
		"base relocations not applied");
}

static void print_exit_data(const char16_t *data, uint64_t size)
{
	char line[80];
	size_t n = 0;

	for (; n + 1 < sizeof(line) && n < size / 2 && data[n]; n++)
		line[n] = data[n] < 0x80 ? (char)data[n] : '?';
	line[n] = 0;
	t_puts("  exit data: ");
	t_puts(line);
	t_puts("\n");
}

static efi_status_t load_child(efi_handle_t *child)
{
	*child = NULL;
	return env.bs->load_image(false, env.image, NULL, child_image, child_image_size, child);
}

static void check_child_loaded_image(efi_handle_t child, const char16_t *mode)
{
	struct efi_loaded_image *li = NULL;
	efi_status_t status;

	status = env.bs->handle_protocol(child, &loaded_image_guid, (void **)&li);
	if (!t_status("image.child_loaded_image", status, EFI_SUCCESS))
		return;
	t_check("image.child_parent_handle", li->parent_handle == env.image,
		"ParentHandle is not the loading image");
	t_check("image.child_image_size", li->image_size >= EFI_PAGE_SIZE && li->image_base,
		"ImageBase/ImageSize not filled in");
	t_equal("image.child_code_type", li->image_code_type, EFI_LOADER_CODE);
	/* The caller owns LoadOptions: the child reads its mode from them. */
	li->load_options = (void *)mode;
	li->load_options_size = (uint32_t)((str16_len(mode) + 1) * sizeof(char16_t));
}

static void test_child_return(void)
{
	efi_handle_t child, again;
	uint64_t size = 123; /* the firmware must overwrite it */
	char16_t *data = NULL;
	efi_status_t status;
	void *iface;

	if (!t_status("image.load_from_buffer", load_child(&child), EFI_SUCCESS))
		return;
	check_child_loaded_image(child, CHILD_MODE_RETURN);
	status = env.bs->start_image(child, &size, &data);
	if (!t_status("image.start_returns_child_status", status, CHILD_RETURN_STATUS) && data)
		print_exit_data(data, size);
	t_check("image.return_has_no_exit_data", size == 0 && data == NULL,
		"exit data reported for an image that returned");
	/* Applications are unloaded when they exit. */
	status = env.bs->handle_protocol(child, &loaded_image_guid, &iface);
	t_status2("image.exited_child_unloaded", status, EFI_INVALID_PARAMETER, EFI_UNSUPPORTED);
	/* The same buffer loads again into a new image. */
	if (!t_status("image.load_again", load_child(&again), EFI_SUCCESS))
		return;
	t_status("image.unload_unstarted", env.bs->unload_image(again), EFI_SUCCESS);
	status = env.bs->handle_protocol(again, &loaded_image_guid, &iface);
	t_status2("image.unloaded_handle_gone", status, EFI_INVALID_PARAMETER, EFI_UNSUPPORTED);
}

static void test_child_exit(void)
{
	static const char16_t expected[] = CHILD_EXIT_DATA;
	efi_handle_t child;
	uint64_t size = 0;
	char16_t *data = NULL;
	efi_status_t status;

	if (load_child(&child) != EFI_SUCCESS)
		return;
	check_child_loaded_image(child, CHILD_MODE_EXIT);
	status = env.bs->start_image(child, &size, &data);
	t_status("image.exit_status_returned", status, CHILD_EXIT_STATUS);
	if (!t_check("image.exit_data_returned", data && size == sizeof(expected) &&
		      str16_equal(data, expected), "ExitData/ExitDataSize not passed through")) {
		if (data)
			print_exit_data(data, size);
	}
	if (data)
		t_status("image.exit_data_freeable", env.bs->free_pool(data), EFI_SUCCESS);
}

/* Exit() on an image that was loaded but never started just unloads it. */
static void test_exit_unstarted(void)
{
	efi_handle_t child;
	efi_status_t status;
	void *iface;

	if (load_child(&child) != EFI_SUCCESS)
		return;
	status = env.bs->exit(child, EFI_SUCCESS, 0, NULL);
	t_status("image.exit_unstarted_unloads", status, EFI_SUCCESS);
	status = env.bs->handle_protocol(child, &loaded_image_guid, &iface);
	t_status2("image.exit_unstarted_handle_gone", status, EFI_INVALID_PARAMETER,
		  EFI_UNSUPPORTED);
}

/* File offsets equal to RVAs: a loader's copy must still land every section right. */
static void test_aligned_child(void)
{
	efi_handle_t child = NULL;
	uint64_t size = 0;
	char16_t *data = NULL;
	efi_status_t status;

	status = env.bs->load_image(false, env.image, NULL, child_aligned_image,
				    child_aligned_image_size, &child);
	if (!t_status("image.load_file_aligned", status, EFI_SUCCESS))
		return;
	check_child_loaded_image(child, CHILD_MODE_RETURN);
	status = env.bs->start_image(child, &size, &data);
	if (!t_status("image.start_file_aligned", status, CHILD_RETURN_STATUS) && data)
		print_exit_data(data, size);
}

/* Offsets into a PE image: e_lfanew in the DOS header, fields after the "PE\0\0" signature. */
#define PE_OFFSET_FIELD 0x3c
#define PE_MACHINE_OFFSET 4
#define PE_SUBSYSTEM_OFFSET (4 + 20 + 68)
#define PE_MACHINE_X64 0x8664
#define PE_SUBSYSTEM_CONSOLE 3

/* A pool copy of the child image with one 16-bit field replaced. */
static uint8_t *patched_child(size_t field, uint16_t value)
{
	uint8_t *copy = NULL;
	uint32_t pe;

	if (env.bs->allocate_pool(EFI_LOADER_DATA, child_image_size, (void **)&copy) != EFI_SUCCESS)
		return NULL;
	env.bs->copy_mem(copy, child_image, child_image_size);
	pe = copy[PE_OFFSET_FIELD] | (uint32_t)copy[PE_OFFSET_FIELD + 1] << 8;
	copy[pe + field] = (uint8_t)value;
	copy[pe + field + 1] = (uint8_t)(value >> 8);
	return copy;
}

static void expect_rejected(const char *name, const uint8_t *image, size_t size,
			    efi_status_t want1, efi_status_t want2)
{
	efi_handle_t child = NULL;

	if (!image)
		return;
	if (!t_status2(name, env.bs->load_image(false, env.image, NULL, image, size, &child),
		       want1, want2) &&
	    child)
		env.bs->unload_image(child);
}

/* The loader refuses images it cannot run instead of starting them. */
static void test_rejected_images(void)
{
	uint8_t *x64 = patched_child(PE_MACHINE_OFFSET, PE_MACHINE_X64);
	uint8_t *console = patched_child(PE_SUBSYSTEM_OFFSET, PE_SUBSYSTEM_CONSOLE);

	expect_rejected("image.load_other_machine_unsupported", x64, child_image_size,
			EFI_UNSUPPORTED, EFI_UNSUPPORTED);
	expect_rejected("image.load_non_efi_subsystem_unsupported", console, child_image_size,
			EFI_UNSUPPORTED, EFI_UNSUPPORTED);
	expect_rejected("image.load_truncated", child_image, child_image_size / 2,
			EFI_LOAD_ERROR, EFI_UNSUPPORTED);
	if (x64)
		env.bs->free_pool(x64);
	if (console)
		env.bs->free_pool(console);
}

static void test_load_errors(void)
{
	static const uint8_t not_an_image[512] = { 'M', 'Z' };
	efi_handle_t child = NULL;
	uint64_t marker;

	t_status2("image.load_garbage",
		  env.bs->load_image(false, env.image, NULL, not_an_image, sizeof(not_an_image),
				     &child),
		  EFI_LOAD_ERROR, EFI_UNSUPPORTED);
	t_status("image.load_null_handle",
		 env.bs->load_image(false, env.image, NULL, child_image, child_image_size, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("image.load_bad_parent",
		 env.bs->load_image(false, &marker, NULL, child_image, child_image_size, &child),
		 EFI_INVALID_PARAMETER);
	t_status("image.start_bad_handle", env.bs->start_image(&marker, NULL, NULL),
		 EFI_INVALID_PARAMETER);
}

/*
 * Loading and unloading an image many times costs nothing lasting: efilite
 * splits page-table blocks for each (random) place, and used to run out of
 * tables after about 140 cycles (issue 10 defect 1).
 */
#define LOAD_CYCLES 300

static void test_load_unload_cycles(void)
{
	efi_handle_t child = NULL;
	efi_status_t status = EFI_SUCCESS;
	unsigned i;

	for (i = 0; i < LOAD_CYCLES && status == EFI_SUCCESS; i++) {
		status = load_child(&child);
		if (status == EFI_SUCCESS)
			status = env.bs->unload_image(child);
	}
	if (!t_status("image.load_unload_cycles", status, EFI_SUCCESS)) {
		t_puts("  failed in cycle ");
		t_put_dec(i);
		t_puts("\n");
	}
}

void test_images(void)
{
	test_own_loaded_image();
	test_child_return();
	test_child_exit();
	test_aligned_child();
	test_exit_unstarted();
	test_rejected_images();
	test_load_errors();
	test_load_unload_cycles();
}
