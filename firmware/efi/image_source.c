/*
 * LoadImage's file sources (see image_source.h).
 *
 * Rule -> status:
 *   no handle with a file system, LoadFile2 or LoadFile begins the path   -> EFI_NOT_FOUND
 *   a node after the file system's path that is not a File Path node,
 *   or file path text that is malformed or longer than MAX_FILE_PATH     -> EFI_NOT_FOUND
 *   no file named and BootPolicy FALSE                                    -> EFI_NOT_FOUND
 *   the file system fails (open, read, info): its status; a short read   -> EFI_LOAD_ERROR
 *   a directory or an empty file (size 0), named in f->refusal            -> EFI_LOAD_ERROR
 *   a set position the file system refuses                                -> its status
 *   LoadFile/LoadFile2 fail to size or deliver the file                   -> their status
 *   no pages for the file                                                 -> EFI_OUT_OF_RESOURCES
 * A source that fails frees what it allocated before the next is tried.
 */
#include "firmware/efi/image_source.h"

#include <string.h>

#include "firmware/efi/efi_boot.h"
#include "parsers/devpath/devpath.h"
#include "parsers/pe/pe.h"

#define MAX_FILE_PATH 512u /* UTF-16 units */

#define REMOVABLE_PATH u"\\EFI\\BOOT\\BOOTAA64.EFI"

/* File(\EFI\BOOT\BOOTAA64.EFI)/End: LoadedImage.FilePath of a removable-path boot. */
static const struct {
	efi_device_path_t header;
	efi_char16_t name[sizeof(REMOVABLE_PATH) / 2];
	efi_device_path_t end;
} __attribute__((packed)) removable_node = {
	.header = { EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_FILE_PATH, { 4 + sizeof(REMOVABLE_PATH), 0 } },
	.name = REMOVABLE_PATH,
	.end = { EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, { 4, 0 } },
};

static efi_status_t allocate(struct fetched_file *f, uint64_t size)
{
	if (!size || size > UINT64_MAX - EFI_PAGE_SIZE)
		return EFI_LOAD_ERROR;
	f->pages = (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT;
	if (memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, EFI_BOOT_SERVICES_DATA, f->pages,
			    EFI_PAGE_SIZE, &f->base) != EFI_SUCCESS) {
		f->pages = 0;
		return EFI_OUT_OF_RESOURCES;
	}
	return EFI_SUCCESS;
}

/* A failed source frees its pages: the next one allocates into the same fields. */
static efi_status_t release_on_failure(struct fetched_file *f, efi_status_t status)
{
	if (status != EFI_SUCCESS && f->pages) {
		memmap_free(&efi_memmap, f->base, f->pages);
		f->pages = 0;
	}
	return status;
}

/*
 * The name the File Path nodes of rest spell, joined with '\\' (an empty
 * component, as in "\\EFI\\" + "\\BOOT", is skipped by the FAT lookup);
 * *units 0 if rest names no file.
 */
static bool file_name(const efi_device_path_t *rest, efi_char16_t *name, size_t *units)
{
	struct devpath_node node;
	size_t size, off = 0, n = 0, got;

	if (devpath_check(rest, 64 * 1024, &size) != DEVPATH_OK)
		return false;
	while (devpath_next(rest, size, &off, &node) == DEVPATH_OK) {
		if (n)
			name[n++] = '\\';
		if (n >= MAX_FILE_PATH ||
		    devpath_file_path(&node, name + n, MAX_FILE_PATH - n, &got) != DEVPATH_OK)
			return false;
		n += got;
	}
	name[n] = 0;
	*units = n;
	return true;
}

static efi_status_t read_at(void *ctx, uint64_t offset, void *dst, uint64_t len)
{
	efi_file_t *file = ctx;
	uint64_t got = len;
	efi_status_t status = file->set_position(file, offset);

	if (status == EFI_SUCCESS)
		status = file->read(file, &got, dst);
	if (status == EFI_SUCCESS && got != len)
		status = EFI_LOAD_ERROR;
	return status;
}

/*
 * A PE file whose headers pass goes straight into pages where LoadImage()
 * can run it (efi_image_read(): uncopied if its sections lie at their RVAs
 * in the file, as in a Linux Image); anything else into plain pages, for
 * LoadImage() to copy from or to refuse by name.
 */
static efi_status_t read_file(efi_file_t *file, struct fetched_file *f, void **source,
			      uint64_t *size)
{
	union {
		efi_file_info_t info;
		uint8_t bytes[sizeof(efi_file_info_t) + 2 * (MAX_FILE_PATH + 1)];
	} u;
	uint64_t n = sizeof(u);
	struct pe_image pe;
	int pe_err;
	efi_status_t status = file->get_info(file, (efi_guid_t *)&efi_file_info_guid, &n, &u);

	if (status != EFI_SUCCESS)
		return status;
	*size = u.info.file_size;
	if (u.info.attribute & EFI_FILE_DIRECTORY)
		return f->refusal = "a directory, not a file", EFI_LOAD_ERROR;
	if (!*size)
		return f->refusal = "an empty file", EFI_LOAD_ERROR;
	status = efi_image_read(*size, true, read_at, file, source, &pe, &pe_err);
	if (status == EFI_SUCCESS) {
		f->staged = true;
		return EFI_SUCCESS;
	}
	if (status != EFI_LOAD_ERROR && status != EFI_OUT_OF_RESOURCES)
		return status;
	status = allocate(f, *size);
	if (status != EFI_SUCCESS)
		return status;
	*source = (void *)(uintptr_t)f->base;
	return release_on_failure(f, read_at(file, 0, *source, *size));
}

static efi_status_t from_file_system(efi_bool_t boot_policy, efi_device_path_t *path,
				     struct fetched_file *f, void **source, uint64_t *size)
{
	static efi_char16_t name[MAX_FILE_PATH];
	efi_device_path_t *rest = path;
	efi_simple_file_system_t *fs;
	efi_file_t *root, *file;
	size_t units;
	efi_status_t status;

	if (db_locate_device_path(&efi_db, &efi_simple_file_system_protocol_guid, &rest,
				  &f->device) != EFI_SUCCESS ||
	    db_get(&efi_db, f->device, &efi_simple_file_system_protocol_guid, (void **)&fs) !=
		    EFI_SUCCESS)
		return EFI_NOT_FOUND;
	if (!file_name(rest, name, &units))
		return EFI_NOT_FOUND;
	if (!units) {
		if (!boot_policy)
			return EFI_NOT_FOUND;
		rest = (efi_device_path_t *)&removable_node.header;
		memcpy(name, removable_node.name, sizeof(removable_node.name));
	}
	status = fs->open_volume(fs, &root);
	if (status != EFI_SUCCESS)
		return status;
	status = root->open(root, &file, name, EFI_FILE_MODE_READ, 0);
	if (status == EFI_SUCCESS) {
		status = read_file(file, f, source, size);
		file->close(file);
	}
	root->close(root);
	if (status != EFI_SUCCESS)
		return status;
	f->file_path = rest;
	return EFI_SUCCESS;
}

/*
 * LoadFile2 (zboot's payload) or LoadFile: the handle whose device path
 * begins the path; the protocol sizes the file, then delivers it.
 */
static efi_status_t from_load_file(const efi_guid_t *guid, efi_bool_t boot_policy,
				   efi_device_path_t *path, struct fetched_file *f, void **source,
				   uint64_t *size)
{
	efi_device_path_t *rest = path;
	efi_load_file2_t *lf;
	uint64_t need = 0;
	efi_status_t status;

	if (db_locate_device_path(&efi_db, guid, &rest, &f->device) != EFI_SUCCESS ||
	    db_get(&efi_db, f->device, guid, (void **)&lf) != EFI_SUCCESS)
		return EFI_NOT_FOUND;
	status = lf->load_file(lf, rest, boot_policy, &need, NULL);
	if (status != EFI_BUFFER_TOO_SMALL)
		return status == EFI_SUCCESS ? EFI_LOAD_ERROR : status;
	status = allocate(f, need);
	if (status != EFI_SUCCESS)
		return status;
	status = lf->load_file(lf, rest, boot_policy, &need, (void *)(uintptr_t)f->base);
	if (status != EFI_SUCCESS)
		return release_on_failure(f, status);
	f->file_path = rest;
	*source = (void *)(uintptr_t)f->base;
	*size = need;
	return EFI_SUCCESS;
}

efi_status_t image_source_fetch(efi_bool_t boot_policy, efi_device_path_t *path,
				struct fetched_file *f, void **source, uint64_t *size)
{
	efi_status_t status = from_file_system(boot_policy, path, f, source, size);

	if (status == EFI_NOT_FOUND && !boot_policy)
		status = from_load_file(&efi_load_file2_protocol_guid, 0, path, f, source, size);
	if (status == EFI_NOT_FOUND)
		status = from_load_file(&efi_load_file_protocol_guid, boot_policy, path, f, source,
					size);
	return status;
}
