/*
 * Where LoadImage() gets a file when it is given a device path and no
 * buffer (image_source.c). Tried in the UEFI order:
 *   1. a file system: the handle with EFI_SIMPLE_FILE_SYSTEM_PROTOCOL whose
 *      path begins the device path, then the file the File Path nodes after
 *      it name; with BootPolicy TRUE and no file named, the removable-media
 *      path \EFI\BOOT\BOOTAA64.EFI;
 *   2. EFI_LOAD_FILE2_PROTOCOL (BootPolicy FALSE only; EFI zboot installs one);
 *   3. EFI_LOAD_FILE_PROTOCOL, which is handed BootPolicy.
 * The -kernel file from fw_cfg needs none of these: the firmware reads it
 * itself and passes the buffer (kernel_boot.c).
 */
#ifndef EFILITE_EFI_IMAGE_SOURCE_H
#define EFILITE_EFI_IMAGE_SOURCE_H
#include "firmware/efi/core.h"

struct fetched_file {
	uint64_t base, pages; /* pages == 0: not in plain pages */
	bool staged;          /* in pages from efi_image_pages() instead (efi_image_read()) */
	efi_handle_t device;
	efi_device_path_t *file_path; /* the part of the path after the device's */
	const char *refusal;          /* why a file found is none to load (a directory), or NULL */
};

/*
 * Fetches the file into pages it allocates: a PE file from a file system
 * into pages from efi_image_pages() (f->staged), where LoadImage() can run
 * it without a copy; anything else into plain pages (f->base, f->pages, for
 * the caller to free). On failure nothing stays allocated.
 * *source and *size describe the file on EFI_SUCCESS.
 * EFI_NOT_FOUND when no source serves the path.
 */
efi_status_t image_source_fetch(efi_bool_t boot_policy, efi_device_path_t *path,
				struct fetched_file *f, void **source, uint64_t *size);
#endif
