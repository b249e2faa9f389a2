/* SPDX-License-Identifier: MIT */
/* The child image started by the conformance app's image tests (see child.h). */
#include "qemu-tests/conformance/child.h"

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st);

static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;

/*
 * Holds an absolute address: correct only if the loader applied base relocations.
 * volatile keeps the compiler from folding the comparison with efi_main.
 */
static efi_status_t (*const volatile entry_via_relocation)(efi_handle_t,
							    struct efi_system_table *) = efi_main;

/* Zero-initialised data lives in .bss, which the file does not store: the loader must zero it. */
static uint8_t bss[2 * EFI_PAGE_SIZE];

static bool bss_zero_and_writable(void)
{
	volatile uint8_t *p = bss;

	for (size_t i = 0; i < sizeof(bss); i++) {
		if (p[i])
			return false;
	}
	p[sizeof(bss) - 1] = 1;
	return p[sizeof(bss) - 1] == 1;
}

static bool str16_equal(const char16_t *a, const char16_t *b)
{
	size_t i = 0;

	for (; a[i] && a[i] == b[i]; i++)
		;
	return a[i] == b[i];
}

static size_t str16_size(const char16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return (n + 1) * sizeof(char16_t);
}

/* Leaves through Exit() with a copy of `message` in a pool buffer, as the spec requires. */
static efi_status_t exit_with(efi_handle_t image, struct efi_system_table *st,
			      efi_status_t status, const char16_t *message)
{
	size_t size = str16_size(message);
	char16_t *data = NULL;

	if (st->boot_services->allocate_pool(EFI_LOADER_DATA, size, (void **)&data) != EFI_SUCCESS)
		return status;
	st->boot_services->copy_mem(data, message, size);
	st->boot_services->exit(image, status, size, data);
	return CHILD_FAILED_STATUS;
}

static bool options_are(const struct efi_loaded_image *li, const char16_t *mode)
{
	return li->load_options && li->load_options_size == str16_size(mode) &&
	       str16_equal(li->load_options, mode);
}

/* The name of the first failed self-check, or NULL. */
static const char16_t *self_check(efi_handle_t image, struct efi_system_table *st,
				  struct efi_loaded_image **li)
{
	uintptr_t entry = (uintptr_t)efi_main, base;

	if (st->boot_services->handle_protocol(image, &loaded_image_guid, (void **)li) !=
	    EFI_SUCCESS)
		return u"child: no LoadedImage on its handle";
	base = (uintptr_t)(*li)->image_base;
	if ((*li)->system_table != st)
		return u"child: LoadedImage.SystemTable differs";
	if (entry < base || entry - base >= (*li)->image_size)
		return u"child: entry point outside ImageBase/ImageSize";
	if ((*li)->image_code_type != EFI_LOADER_CODE || (*li)->image_data_type != EFI_LOADER_DATA)
		return u"child: image memory types are not LoaderCode/LoaderData";
	if ((uintptr_t)entry_via_relocation != entry)
		return u"child: base relocations not applied";
	if (!bss_zero_and_writable())
		return u"child: .bss not zeroed or not writable";
	return NULL;
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	struct efi_loaded_image *li = NULL;
	const char16_t *failure = self_check(image, st, &li);

	if (failure)
		return exit_with(image, st, CHILD_FAILED_STATUS, failure);
	if (options_are(li, CHILD_MODE_RETURN))
		return CHILD_RETURN_STATUS;
	if (options_are(li, CHILD_MODE_EXIT))
		return exit_with(image, st, CHILD_EXIT_STATUS, CHILD_EXIT_DATA);
	return exit_with(image, st, CHILD_FAILED_STATUS, u"child: unknown LoadOptions");
}
