/*
 * LoadImage/StartImage/Exit/UnloadImage for AArch64 PE/COFF images held in
 * memory. Images get their own pages (or run in place when the firmware
 * already put the file where it can execute), section permissions through
 * the MMU (code read-only+executable, everything else non-executable), and
 * a handle with LoadedImage, LoadedImageDevicePath and DevicePath (a
 * memory-mapped node: where the image lies).
 *
 * An image without NX_COMPAT turns the NX compatibility mode on (see
 * nx_compat.c): its writable+executable sections are loaded RWX and, with
 * sections not page-aligned, the whole image is RWX. An NX_COMPAT image
 * with such a section is refused by name.
 *
 * With an entropy source, images lie at a random 2 MiB aligned place in RAM
 * (the firmware's kernel, unless its command line says nokaslr: see
 * efi_image_pages()), and the handles of Linux kernels among them carry
 * LINUX_EFI_LOADED_IMAGE_FIXED. The Linux EFI stub then keeps that place
 * instead of choosing its own and copying the whole kernel there: physical
 * KASLR is done once, by the loader.
 *
 * Rule -> status:
 *   image/parent/source arguments NULL or parent not an image -> EFI_INVALID_PARAMETER
 *   no source buffer, and no file system, LoadFile2 or
 *   LoadFile handle serves the path (image_source.c)          -> EFI_NOT_FOUND
 *   the file source fails to deliver the file                 -> its status
 *   pe_check() rejects the file                               -> EFI_LOAD_ERROR
 *   NX_COMPAT image with a writable+executable section        -> EFI_LOAD_ERROR, logged
 *   not AArch64, not an EFI subsystem, a runtime driver, or
 *   NX_COMPAT sections not page-aligned (no W^X possible)     -> EFI_UNSUPPORTED
 *   no memory for the image or its bookkeeping                -> EFI_OUT_OF_RESOURCES
 *   Start/Exit/Unload of a handle that is not a loaded image  -> EFI_INVALID_PARAMETER
 *   StartImage of a started image; Exit of an image that is
 *   not the one running                                       -> EFI_INVALID_PARAMETER
 *   UnloadImage of a started image without an Unload hook    -> EFI_UNSUPPORTED
 */
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/efi/image_source.h"
#include "firmware/efi/nx_compat.h"
#include "firmware/platform/hardening.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/rng.h"
#include "parsers/pe/pe.h"

#define MAX_IMAGES 16 /* shim, MokManager/fallback, GRUB or systemd-boot, kernel, drivers */
/*
 * The least alignment of the firmware's kernel and of random places: the
 * Linux arm64 EFI stub runs a kernel in place from a 2 MiB boundary, whether
 * it was built with KASLR or not (with, 64 KiB would do; without, the kernel
 * would copy itself to a 2 MiB boundary first).
 */
#define KERNEL_ALIGN 0x200000u

struct efi_image_ctx {
	uint64_t regs[21]; /* see image_entry.S */
};

efi_status_t efi_enter_image(uint64_t entry, efi_handle_t handle, efi_system_table_t *st,
			     struct efi_image_ctx *ctx);
_Noreturn void efi_leave_image(struct efi_image_ctx *ctx, efi_status_t status);

struct memory_path {
	efi_memory_mapped_device_path_t memory;
	efi_device_path_t end;
} __attribute__((packed));

struct image {
	bool in_use, started, owns_pages, in_place, random_place, linux_kernel;
	efi_loaded_image_t loaded;
	efi_handle_t handle;
	uint64_t base, pages, entry;
	efi_device_path_t *path;
	void *file_path_copy;    /* pool copy of LoadedImage.FilePath, if LoadImage() had a path */
	void *device_path_copy;  /* pool copy of LoadImage()'s path: LoadedImageDevicePath */
	void *load_options_copy; /* pool copy of the options the firmware passed */
	struct memory_path memory_path;
	struct efi_image_ctx ctx;
	struct image *caller;
	efi_status_t exit_status;
	uint64_t exit_data_size;
	efi_char16_t *exit_data;
};

static struct image images[MAX_IMAGES];
static struct image *running;
static struct image *firmware_image;
static const char *load_refusal; /* why the last LoadImage's file was refused, or NULL */

/* The pages efi_image_pages() gave the firmware for the next image it loads. */
static struct {
	uint64_t base, size;
	bool random_place;
} staged;

static struct image *image_of(efi_handle_t handle)
{
	for (size_t i = 0; i < MAX_IMAGES; i++)
		if (images[i].in_use && images[i].handle == handle && handle)
			return &images[i];
	return NULL;
}

static struct image *new_image(void)
{
	for (size_t i = 0; i < MAX_IMAGES; i++) {
		if (!images[i].in_use) {
			memset(&images[i], 0, sizeof(images[i]));
			images[i].in_use = true;
			return &images[i];
		}
	}
	return NULL;
}

efi_handle_t efi_firmware_handle(void)
{
	return firmware_image ? firmware_image->handle : NULL;
}

static void set_memory_path(struct image *img, uint32_t type, uint64_t start, uint64_t size)
{
	struct memory_path *p = &img->memory_path;

	p->memory.header.type = EFI_DP_TYPE_HARDWARE;
	p->memory.header.sub_type = EFI_DP_HW_MEMORY_MAPPED;
	p->memory.header.length[0] = sizeof(p->memory);
	p->memory.header.length[1] = 0;
	p->memory.memory_type = type;
	p->memory.start = start;
	p->memory.end = start + size - 1;
	p->end.type = EFI_DP_TYPE_END;
	p->end.sub_type = EFI_DP_END_ENTIRE;
	p->end.length[0] = sizeof(p->end);
	p->end.length[1] = 0;
	img->path = &p->memory.header;
}

/*
 * LoadedImageDevicePath: the path LoadImage() was given (UEFI 2.10 9.2; Linux
 * zboot extends it for the kernel it loads), or the image's memory-mapped
 * path when there was none.
 */
static efi_device_path_t *loaded_image_path(const struct image *img)
{
	return img->device_path_copy ? img->device_path_copy : img->path;
}

static efi_status_t install_image_handle(struct image *img)
{
	efi_handle_t h = NULL;
	efi_status_t status;

	img->loaded.revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION;
	img->loaded.system_table = efi_system_table();
	img->loaded.file_path = img->path;
	status = db_install(&efi_db, &h, &efi_loaded_image_protocol_guid, &img->loaded);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, &h, &efi_loaded_image_device_path_protocol_guid,
				    loaded_image_path(img));
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, &h, &efi_device_path_protocol_guid, img->path);
	/*
	 * "Keep the place the firmware chose" speaks to a Linux kernel only: on
	 * any other image (a UKI's stub, GRUB) it claims a placement for a
	 * kernel that image places itself.
	 */
	if (status == EFI_SUCCESS && img->random_place && img->linux_kernel)
		status = db_install(&efi_db, &h, &efi_linux_loaded_image_fixed_guid, NULL);
	img->handle = h;
	return status;
}

static bool nx_compat(const struct pe_image *pe)
{
	return pe->dll_characteristics & PE_DLL_NX_COMPAT;
}

/*
 * Page-granular permissions: code RO+X, read-only data RO+XP, the rest RW+XP;
 * writable code (only without NX_COMPAT: pe_check() refuses it otherwise) RWX.
 */
static uint64_t section_attributes(uint32_t flags)
{
	if ((flags & PE_SECTION_EXEC) && (flags & PE_SECTION_WRITE))
		return 0;
	if (flags & PE_SECTION_EXEC)
		return MMU_ATTR_RO;
	if (flags & PE_SECTION_WRITE)
		return MMU_ATTR_XP;
	return MMU_ATTR_RO | MMU_ATTR_XP;
}

static uint64_t page_round_up(uint64_t n)
{
	return (n + EFI_PAGE_SIZE - 1) & ~(EFI_PAGE_SIZE - 1);
}

/*
 * An image built with BTI landing pads says so in its debug directory
 * (IMAGE_DLLCHARACTERISTICS_EX_FORWARD_CFI_COMPAT): its code pages are then
 * guarded, where the CPU has BTI. Every other image keeps unguarded pages.
 */
static uint64_t code_guard(const void *image, size_t size, const struct pe_image *pe)
{
	if (!hardening_cpu_bti() ||
	    !(pe_dll_characteristics_ex(image, size, pe) & PE_DLLEX_FORWARD_CFI_COMPAT))
		return 0;
	log_debug("image: built for BTI, code pages guarded");
	return MMU_ATTR_GP;
}

/*
 * Sets each section's permissions; executable sections are also made
 * visible to instruction fetch, the only ones that need it (a Linux Image is
 * 27 MB, much of it data).
 */
static efi_status_t protect_sections(const void *file, size_t size, const struct pe_image *pe,
				     uint64_t base)
{
	uint64_t guard;

	if (pe->section_alignment < EFI_PAGE_SIZE) {
		/* sections share pages: only an image without NX_COMPAT gets here */
		cache_sync_code(file, size);
		return mmu_set_attributes(base, page_round_up(size), 0) ? EFI_LOAD_ERROR
									: EFI_SUCCESS;
	}
	if (mmu_set_attributes(base, page_round_up(pe->size_of_headers),
			       MMU_ATTR_RO | MMU_ATTR_XP))
		return EFI_LOAD_ERROR;
	guard = code_guard(file, size, pe);
	for (unsigned i = 0; i < pe->num_sections; i++) {
		struct pe_section s;

		if (pe_section(file, size, pe, i, &s) != PE_OK)
			return EFI_LOAD_ERROR;
		if (s.virtual_size == 0)
			continue;
		if (s.flags & PE_SECTION_EXEC)
			cache_sync_code((void *)(uintptr_t)(base + s.rva), s.virtual_size);
		if (mmu_set_attributes(base + s.rva, page_round_up(s.virtual_size),
				       section_attributes(s.flags) |
					       (s.flags & PE_SECTION_EXEC ? guard : 0)))
			return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * Pages at a random align-aligned place (align raised to KERNEL_ALIGN);
 * EFI_NOT_READY without entropy, so the caller can fall back.
 */
static efi_status_t allocate_random(uint32_t type, uint64_t pages, uint64_t align,
				    uint64_t *base)
{
	uint64_t seed;

	if (!rng_read(&seed, sizeof(seed)))
		return EFI_NOT_READY;
	return memmap_allocate_random(&efi_memmap, type, pages, max_u64(align, KERNEL_ALIGN), seed,
				      base);
}

void *efi_image_pages(uint64_t size, uint64_t align, bool random_place)
{
	uint64_t pages, base = 0;
	efi_status_t status;

	if (size == 0 || size > UINT64_MAX - EFI_PAGE_SIZE)
		return NULL;
	pages = page_round_up(size) >> EFI_PAGE_SHIFT;
	align = max_u64(align, KERNEL_ALIGN);
	if (random_place)
		status = allocate_random(EFI_LOADER_CODE, pages, align, &base);
	else
		status = memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE,
					 pages, align, &base);
	if (status != EFI_SUCCESS)
		return NULL;
	staged.base = base;
	staged.size = pages << EFI_PAGE_SHIFT;
	staged.random_place = random_place;
	return (void *)(uintptr_t)base;
}

/* The staging pages, if LoadImage() did not take them for an image. */
static void release_staging(const void *source)
{
	if (staged.size && (uint64_t)(uintptr_t)source == staged.base) {
		efi_pages_free(staged.base, staged.size >> EFI_PAGE_SHIFT);
		staged.size = 0;
	}
}

void efi_image_pages_release(void *pages)
{
	release_staging(pages);
}

/* Enough for the headers of any image seen in practice (Linux: 64 KiB). */
#define MAX_HEADERS_SIZE 0x10000u

efi_status_t efi_image_read(uint64_t file_size, bool random_place, efi_image_reader_t read,
			    void *ctx, void **pages, struct pe_image *pe, int *pe_err)
{
	static uint8_t headers[MAX_HEADERS_SIZE];
	uint64_t head = file_size < MAX_HEADERS_SIZE ? file_size : MAX_HEADERS_SIZE, alloc;
	uint8_t *dst = NULL;
	efi_status_t status;

	*pe_err = PE_OK;
	status = read(ctx, 0, headers, head);
	if (status != EFI_SUCCESS)
		return status;
	*pe_err = pe_check_headers(headers, head, file_size, pe);
	if (*pe_err != PE_OK)
		return EFI_LOAD_ERROR;
	alloc = max_u64(pe->size_of_image, file_size);
	if (random_place)
		dst = efi_image_pages(alloc, pe->section_alignment, true);
	if (!dst)
		dst = efi_image_pages(alloc, pe->section_alignment, false);
	if (!dst)
		return EFI_OUT_OF_RESOURCES;
	memcpy(dst, headers, head);
	status = file_size > head ? read(ctx, head, dst + head, file_size - head) : EFI_SUCCESS;
	if (status != EFI_SUCCESS) {
		release_staging(dst);
		return status;
	}
	*pages = dst;
	return EFI_SUCCESS;
}

/*
 * The firmware put the file in pages from efi_image_pages(), at a usable
 * alignment, so it can run where it is. Only for the firmware's own buffers
 * (its -kernel file, a file it fetched for LoadImage()): an application may
 * free its buffer once LoadImage() returns. Those pages are loader code: a
 * driver, whose code is boot services code in the memory map, is copied.
 */
static bool can_load_in_place(bool firmware_buffer, const void *source,
			      const struct pe_image *pe, uint64_t align, uint32_t code_type)
{
	uint64_t addr = (uint64_t)(uintptr_t)source;

	return firmware_buffer && pe->in_place && code_type == EFI_LOADER_CODE && staged.size &&
	       addr == staged.base && (addr & (align - 1)) == 0 &&
	       page_round_up(pe->size_of_image) <= staged.size;
}

static efi_status_t place_image(struct image *img, bool firmware_buffer, const void *source,
				size_t size, const struct pe_image *pe, uint32_t code_type)
{
	uint64_t align = max_u64(pe->section_alignment, EFI_PAGE_SIZE);
	efi_status_t status;
	int err;

	if (can_load_in_place(firmware_buffer, source, pe, align, code_type)) {
		/* the image's pages from now on: freed with it, also if this load fails */
		img->base = staged.base;
		img->pages = staged.size >> EFI_PAGE_SHIFT;
		img->random_place = staged.random_place;
		img->owns_pages = img->in_place = true;
		staged.size = 0; /* one image per staging */
	} else {
		img->pages = page_round_up(pe->size_of_image) >> EFI_PAGE_SHIFT;
		status = allocate_random(code_type, img->pages, align, &img->base);
		img->random_place = status == EFI_SUCCESS;
		if (status != EFI_SUCCESS)
			status = memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, code_type,
						 img->pages, align, &img->base);
		if (status != EFI_SUCCESS)
			return status;
		img->owns_pages = true;
	}
	err = pe_load(source, size, pe, (void *)(uintptr_t)img->base, pe->size_of_image,
		      img->base);
	if (err != PE_OK) {
		load_refusal = pe_strerror(err);
		log_debug("LoadImage: %s", load_refusal);
		return EFI_LOAD_ERROR;
	}
	img->entry = img->base + pe->entry_rva;
	log_debug("LoadImage: %u bytes %s at 0x%llx%s", pe->size_of_image,
		  img->in_place ? "in place" : "copied", (unsigned long long)img->base,
		  img->random_place ? " (random)" : "");
	return protect_sections((void *)(uintptr_t)img->base, pe->size_of_image, pe, img->base);
}

/* Uninstalls what install_image_handle() managed to install (the rest fails harmlessly). */
static void release_image(struct image *img)
{
	if (img->handle) {
		db_uninstall(&efi_db, img->handle, &efi_linux_loaded_image_fixed_guid, NULL);
		db_uninstall(&efi_db, img->handle, &efi_device_path_protocol_guid, img->path);
		db_uninstall(&efi_db, img->handle, &efi_loaded_image_device_path_protocol_guid,
			     loaded_image_path(img));
		db_uninstall(&efi_db, img->handle, &efi_loaded_image_protocol_guid, &img->loaded);
	}
	/* pages that cannot be made RW XP again stay allocated (and are logged) */
	if (img->owns_pages)
		efi_pages_free(img->base, img->pages);
	/* only our own copies: loaders may point LoadOptions at their memory */
	if (img->load_options_copy)
		pool_free(&efi_pool, img->load_options_copy);
	if (img->file_path_copy)
		pool_free(&efi_pool, img->file_path_copy);
	if (img->device_path_copy)
		pool_free(&efi_pool, img->device_path_copy);
	img->in_use = false;
}

static efi_status_t check_image(const void *source, size_t size, struct pe_image *pe)
{
	int err = pe_check(source, size, pe);

	if (err != PE_OK) {
		load_refusal = pe_strerror(err);
		/* a W^X refusal is policy, not a broken file: say so on the console */
		log_msg(err == PE_ERR_SECTION_WRITE_EXEC ? LOG_INFO : LOG_DEBUG, "LoadImage: %s",
			load_refusal);
		if (err == PE_ERR_MACHINE || err == PE_ERR_SUBSYSTEM)
			return EFI_UNSUPPORTED;
		return EFI_LOAD_ERROR;
	}
	if (pe->subsystem == PE_SUBSYSTEM_EFI_RUNTIME_DRIVER) {
		load_refusal = "an EFI runtime driver (not supported)";
		return EFI_UNSUPPORTED;
	}
	if (pe->section_alignment < EFI_PAGE_SIZE && nx_compat(pe)) {
		load_refusal = "NX_COMPAT image with sections not page-aligned (no W^X possible)";
		return EFI_UNSUPPORTED;
	}
	return EFI_SUCCESS;
}

/* An arm64 Linux Image: "ARM\x64" at 0x38 of its header (Documentation/arch/arm64/booting). */
static bool is_linux_kernel(const void *source, size_t size)
{
	return size >= 0x3c && memcmp((const uint8_t *)source + 0x38, "ARM\x64", 4) == 0;
}

/* *copy: a pool copy of path (NULL for none, or a malformed one); EFI_OUT_OF_RESOURCES if no room. */
static efi_status_t copy_path(const efi_device_path_t *path, void **copy)
{
	size_t bytes = path ? dp_size(path) : 0;

	*copy = NULL;
	if (!bytes)
		return EFI_SUCCESS;
	if (pool_alloc(&efi_pool, EFI_LOADER_DATA, bytes, copy) != EFI_SUCCESS) {
		*copy = NULL;
		return EFI_OUT_OF_RESOURCES;
	}
	memcpy(*copy, path, bytes);
	return EFI_SUCCESS;
}

/* LoadedImage.DeviceHandle/FilePath: the device the path names and a private copy of the rest. */
static void record_origin(struct image *img, const struct fetched_file *f)
{
	img->loaded.device_handle = f->device;
	/* without room, FilePath stays the memory-mapped path */
	copy_path(f->file_path, &img->file_path_copy);
	if (img->file_path_copy)
		img->loaded.file_path = img->file_path_copy;
}

static efi_status_t load_from_buffer(efi_handle_t parent, const efi_device_path_t *path,
				     const void *source, uint64_t size,
				     const struct fetched_file *origin, bool firmware_buffer,
				     efi_handle_t *image)
{
	struct pe_image pe;
	struct image *img;
	bool driver;
	efi_status_t status;

	status = check_image(source, size, &pe);
	if (status != EFI_SUCCESS)
		return status;
	img = new_image();
	if (!img)
		return EFI_OUT_OF_RESOURCES;
	/* before its sections are mapped: RWX needs SCTLR.WXN clear */
	if (!nx_compat(&pe))
		nx_compat_enter();
	driver = pe.subsystem == PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER;
	img->loaded.image_code_type = driver ? EFI_BOOT_SERVICES_CODE : EFI_LOADER_CODE;
	img->loaded.image_data_type = driver ? EFI_BOOT_SERVICES_DATA : EFI_LOADER_DATA;
	img->linux_kernel = is_linux_kernel(source, size);
	status = place_image(img, firmware_buffer, source, size, &pe,
			     img->loaded.image_code_type);
	if (status == EFI_SUCCESS)
		status = copy_path(path, &img->device_path_copy);
	if (status == EFI_SUCCESS) {
		img->loaded.parent_handle = parent;
		img->loaded.image_base = (void *)(uintptr_t)img->base;
		img->loaded.image_size = pe.size_of_image;
		set_memory_path(img, img->loaded.image_code_type, img->base, pe.size_of_image);
		status = install_image_handle(img);
	}
	if (status != EFI_SUCCESS) {
		release_image(img);
		return status;
	}
	if (origin->file_path)
		record_origin(img, origin);
	*image = img->handle;
	return EFI_SUCCESS;
}

/*
 * A buffer's path still says where the file came from (GRUB's chainloader
 * reads it itself): the device with the longest matching path, and the rest
 * as FilePath; the whole path when no device matches (UEFI 2.10 7.4, edk2).
 */
static void buffer_origin(efi_device_path_t *path, struct fetched_file *f)
{
	efi_device_path_t *rest = path;

	if (db_locate_device_path(&efi_db, &efi_device_path_protocol_guid, &rest, &f->device) !=
	    EFI_SUCCESS) {
		f->device = NULL;
		rest = path;
	}
	f->file_path = rest;
}

efi_status_t efi_load_image(efi_bool_t boot_policy, efi_handle_t parent,
			    efi_device_path_t *path, void *source, uint64_t size,
			    efi_handle_t *image)
{
	struct fetched_file file = { 0 };
	efi_status_t status;

	load_refusal = NULL;
	if (!image || !image_of(parent) || (!source && !path))
		return EFI_INVALID_PARAMETER;
	if (!source) {
		status = image_source_fetch(boot_policy, path, &file, &source, &size);
		if (status != EFI_SUCCESS) {
			load_refusal = file.refusal;
			return status;
		}
	} else if (path) {
		buffer_origin(path, &file);
	}
	status = load_from_buffer(parent, path, source, size, &file,
				  parent == efi_firmware_handle() || file.staged, image);
	/* the firmware's file, if LoadImage() copied it rather than running it in place */
	release_staging(source);
	if (file.pages)
		memmap_free(&efi_memmap, file.base, file.pages);
	return status;
}

const char *efi_image_load_refusal(void)
{
	return load_refusal;
}

efi_status_t efi_start_image(efi_handle_t handle, uint64_t *exit_data_size,
			     efi_char16_t **exit_data)
{
	struct image *img = image_of(handle);
	efi_status_t status;

	if (!img || img == firmware_image || img->started)
		return EFI_INVALID_PARAMETER;
	img->started = true;
	img->caller = running;
	running = img;
	status = efi_enter_image(img->entry, img->handle, efi_system_table(), &img->ctx);
	running = img->caller;
	if (exit_data_size)
		*exit_data_size = img->exit_data_size;
	if (exit_data)
		*exit_data = img->exit_data;
	/* applications are unloaded when they exit; drivers only when they fail */
	if (img->loaded.image_code_type == EFI_LOADER_CODE || status != EFI_SUCCESS)
		release_image(img);
	return status;
}

efi_status_t efi_exit(efi_handle_t handle, efi_status_t status, uint64_t exit_data_size,
		      efi_char16_t *exit_data)
{
	struct image *img = image_of(handle);

	if (!img || img == firmware_image)
		return EFI_INVALID_PARAMETER;
	if (!img->started) {
		release_image(img);
		return EFI_SUCCESS;
	}
	if (img != running)
		return EFI_INVALID_PARAMETER;
	img->exit_data_size = exit_data ? exit_data_size : 0;
	img->exit_data = exit_data;
	efi_leave_image(&img->ctx, status);
}

efi_status_t efi_unload_image(efi_handle_t handle)
{
	struct image *img = image_of(handle);

	if (!img || img == firmware_image)
		return EFI_INVALID_PARAMETER;
	if (img->started) {
		efi_status_t status;

		if (!img->loaded.unload)
			return EFI_UNSUPPORTED;
		status = img->loaded.unload(handle);
		if (status != EFI_SUCCESS)
			return status;
	}
	release_image(img);
	return EFI_SUCCESS;
}

efi_status_t efi_image_set_load_options(efi_handle_t handle, const void *options,
					uint32_t size)
{
	struct image *img = image_of(handle);
	void *copy;
	efi_status_t status;

	if (!img || !options || !size)
		return EFI_INVALID_PARAMETER;
	status = pool_alloc(&efi_pool, EFI_LOADER_DATA, size, &copy);
	if (status != EFI_SUCCESS)
		return status;
	memcpy(copy, options, size);
	img->load_options_copy = copy;
	img->loaded.load_options = copy;
	img->loaded.load_options_size = size;
	return EFI_SUCCESS;
}

/* The firmware is an image too: the parent of what main loads. */
void efi_image_init(void)
{
	struct image *img = new_image();

	img->started = true;
	img->base = (uint64_t)(uintptr_t)__image_start;
	img->loaded.image_base = __image_start;
	img->loaded.image_size = (uint64_t)(uintptr_t)__image_end - img->base;
	img->loaded.image_code_type = EFI_BOOT_SERVICES_CODE;
	img->loaded.image_data_type = EFI_BOOT_SERVICES_DATA;
	/* the image the first stage expanded from flash into firmware RAM */
	set_memory_path(img, EFI_BOOT_SERVICES_CODE, img->base, img->loaded.image_size);
	install_image_handle(img);
	firmware_image = img;
	running = img;
}
