/* Stubs for the image loader, for host tests of the core without it. */
#include "firmware/efi/tests/boot_services_stubs.h"

efi_status_t efi_load_image(efi_bool_t boot_policy, efi_handle_t parent, efi_device_path_t *path,
			    void *source, uint64_t size, efi_handle_t *image)
{
	(void)boot_policy;
	(void)parent;
	(void)path;
	(void)source;
	(void)size;
	(void)image;
	return EFI_UNSUPPORTED;
}

const char *efi_image_load_refusal(void)
{
	return NULL; /* efi_load_image() above refuses no file */
}

efi_status_t efi_start_image(efi_handle_t image, uint64_t *exit_data_size,
			     efi_char16_t **exit_data)
{
	(void)image;
	(void)exit_data_size;
	(void)exit_data;
	return EFI_UNSUPPORTED;
}

efi_status_t efi_exit(efi_handle_t image, efi_status_t status, uint64_t exit_data_size,
		      efi_char16_t *exit_data)
{
	(void)image;
	(void)status;
	(void)exit_data_size;
	(void)exit_data;
	return EFI_UNSUPPORTED;
}

efi_status_t efi_unload_image(efi_handle_t image)
{
	(void)image;
	return EFI_UNSUPPORTED;
}
