/*
 * The Linux initrd as EFI_LOAD_FILE2_PROTOCOL on a handle whose device path
 * is the VendorMedia node LINUX_EFI_INITRD_MEDIA_GUID. Nothing is preloaded:
 * the size is known up front and the fill callback (fw_cfg DMA, in main)
 * writes straight into the buffer the OS loader provides.
 *
 * Rule -> status: size NULL -> EFI_INVALID_PARAMETER; BootPolicy TRUE ->
 * EFI_UNSUPPORTED; buffer NULL or too small -> EFI_BUFFER_TOO_SMALL with the
 * size; the fill callback fails -> EFI_DEVICE_ERROR.
 */
#include "firmware/efi/core.h"

struct initrd_path {
	efi_vendor_device_path_t vendor;
	efi_device_path_t end;
} __attribute__((packed));

static struct initrd_path initrd_path;
static uint64_t initrd_size;
static bool (*initrd_fill)(void *dst, uint64_t size);

static efi_status_t load_file(efi_load_file2_t *self, efi_device_path_t *path,
			      efi_bool_t boot_policy, uint64_t *buffer_size, void *buffer)
{
	(void)self;
	(void)path;
	if (!buffer_size)
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buffer || *buffer_size < initrd_size) {
		*buffer_size = initrd_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!initrd_fill(buffer, initrd_size))
		return EFI_DEVICE_ERROR;
	*buffer_size = initrd_size;
	return EFI_SUCCESS;
}

static efi_load_file2_t load_file2 = { .load_file = load_file };

efi_status_t efi_initrd_install(uint64_t size, bool (*fill)(void *dst, uint64_t size))
{
	efi_handle_t handle = NULL;
	efi_status_t status;

	if (!fill || !size)
		return EFI_INVALID_PARAMETER;
	initrd_size = size;
	initrd_fill = fill;
	initrd_path.vendor.header.type = EFI_DP_TYPE_MEDIA;
	initrd_path.vendor.header.sub_type = EFI_DP_MEDIA_VENDOR;
	initrd_path.vendor.header.length[0] = sizeof(initrd_path.vendor);
	initrd_path.vendor.vendor = efi_linux_initrd_media_guid;
	initrd_path.end.type = EFI_DP_TYPE_END;
	initrd_path.end.sub_type = EFI_DP_END_ENTIRE;
	initrd_path.end.length[0] = sizeof(initrd_path.end);
	status = db_install(&efi_db, &handle, &efi_device_path_protocol_guid, &initrd_path);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, &handle, &efi_load_file2_protocol_guid, &load_file2);
	return status;
}
