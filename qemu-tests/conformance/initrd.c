/* SPDX-License-Identifier: MIT */
/*
 * The Linux initrd hand-over: a LoadFile2 protocol on a handle whose device path
 * is the vendor media node LINUX_EFI_INITRD_MEDIA_GUID. Suite "initrd" expects
 * QEMU's -initrd to be the file gen_initrd.py writes; suite "no_initrd" expects
 * no initrd and therefore no such handle.
 */
#include "qemu-tests/conformance/initrd_pattern.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

/* The path Linux's EFI stub looks up: one vendor media node, then the end node. */
struct initrd_device_path {
	struct efi_device_path vendor;
	efi_guid_t guid;
	struct efi_device_path end;
} __attribute__((packed));

static const struct initrd_device_path initrd_path = {
	.vendor = { DEVICE_PATH_MEDIA, DEVICE_PATH_MEDIA_VENDOR,
		    { sizeof(struct efi_device_path) + sizeof(efi_guid_t), 0 } },
	.guid = LINUX_EFI_INITRD_MEDIA_GUID,
	.end = { DEVICE_PATH_END, DEVICE_PATH_END_ENTIRE, { sizeof(struct efi_device_path), 0 } },
};

static const efi_guid_t load_file2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;

static efi_status_t locate(efi_handle_t *handle, void **remaining)
{
	*remaining = (void *)&initrd_path;
	return env.bs->locate_device_path(&load_file2_guid, remaining, handle);
}

static bool pattern_matches(const uint8_t *buf, uint64_t size)
{
	for (uint32_t i = 0; i < size; i++) {
		if (buf[i] != initrd_byte(i))
			return false;
	}
	return true;
}

static void test_load(struct efi_load_file2_protocol *lf2, void *path)
{
	efi_physical_addr_t pages = 0;
	uint64_t page_count = (INITRD_SIZE + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE;
	uint64_t size = 0;
	efi_status_t status;

	status = lf2->load_file(lf2, path, false, &size, NULL);
	t_status("initrd.size_query", status, EFI_BUFFER_TOO_SMALL);
	t_equal("initrd.size", size, INITRD_SIZE);
	size = INITRD_SIZE;
	t_status("initrd.boot_policy_unsupported", lf2->load_file(lf2, path, true, &size, NULL),
		 EFI_UNSUPPORTED);
	if (env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, page_count, &pages) !=
	    EFI_SUCCESS)
		return;
	size = page_count * EFI_PAGE_SIZE;
	status = lf2->load_file(lf2, path, false, &size, (void *)(uintptr_t)pages);
	if (t_status("initrd.load", status, EFI_SUCCESS)) {
		t_equal("initrd.loaded_size", size, INITRD_SIZE);
		t_check("initrd.contents", pattern_matches((const uint8_t *)(uintptr_t)pages,
							   INITRD_SIZE),
			"loaded bytes differ from the initrd file");
	}
	env.bs->free_pages(pages, page_count);
}

void test_initrd(void)
{
	struct efi_load_file2_protocol *lf2 = NULL;
	efi_handle_t handle = NULL;
	void *remaining;
	efi_status_t status;

	status = locate(&handle, &remaining);
	if (!t_status("initrd.locate_device_path", status, EFI_SUCCESS))
		return;
	t_check("initrd.whole_path_matched", remaining == &initrd_path.end,
		"the handle's device path is not exactly the initrd vendor node");
	status = env.bs->handle_protocol(handle, &load_file2_guid, (void **)&lf2);
	if (t_status("initrd.load_file2", status, EFI_SUCCESS))
		test_load(lf2, remaining);
}

void test_no_initrd(void)
{
	efi_handle_t handle = NULL;
	void *remaining;

	t_status("initrd.absent_not_found", locate(&handle, &remaining), EFI_NOT_FOUND);
}
