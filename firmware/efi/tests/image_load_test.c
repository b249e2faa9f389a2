/*
 * Where LoadImage() puts an image, and what it leaves allocated, on the
 * host: the production loader (image.c, image_source.c), boot services,
 * memory map, pool, protocol database and page tables over host memory
 * (image_host_stubs.c for the rest of the firmware).
 *
 * Files come from a fake EFI_SIMPLE_FILE_SYSTEM_PROTOCOL that records where
 * each Read() wrote. An image whose sections lie at their RVAs in the file
 * (systemd's linuxaa64.efi.stub, like a Linux Image) must run where the
 * file was read, uncopied; another layout (the conformance child, sections
 * packed at 512-byte file alignment) is still copied into place. A load
 * that fails leaves the memory map as it was.
 *
 * usage: image_load_test IN_PLACE.efi OTHER_LAYOUT.efi
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/efi_boot.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/efi/tests/host_mmu.h"
#include "firmware/efi/tests/map_snapshot.h"
#include "parsers/pe/pe.h"
#include "qemu-tests/host_file.h"
#include "tools/testing/check.h"

#define MiB (1024ull * 1024)
#define RAM_BYTES (64 * MiB)

/* ---- a file system of one file, recording its reads ---- */

static struct {
	const uint8_t *data;
	size_t size, pos;
	/* the read that delivered the file's last byte: where it wrote, from which offset */
	uintptr_t tail_dst;
	size_t tail_offset;
	unsigned reads;
	efi_status_t tail_status; /* not EFI_SUCCESS: what a read of the last byte returns */
} disk_file;

static efi_file_t root, file;
static efi_handle_t volume;

static efi_status_t f_open(efi_file_t *self, efi_file_t **out, efi_char16_t *name, uint64_t mode,
			   uint64_t attr)
{
	(void)name, (void)mode, (void)attr;
	if (self != &root)
		return EFI_NOT_FOUND;
	disk_file.pos = 0;
	*out = &file;
	return EFI_SUCCESS;
}

static efi_status_t f_close(efi_file_t *self)
{
	(void)self;
	return EFI_SUCCESS;
}

static efi_status_t f_read(efi_file_t *self, uint64_t *size, void *buf)
{
	size_t n = disk_file.size - disk_file.pos;

	if (self != &file)
		return EFI_UNSUPPORTED;
	if (*size < n)
		n = *size;
	if (n && disk_file.pos + n == disk_file.size && disk_file.tail_status != EFI_SUCCESS)
		return disk_file.tail_status;
	memcpy(buf, disk_file.data + disk_file.pos, n);
	if (n && disk_file.pos + n == disk_file.size) {
		disk_file.tail_dst = (uintptr_t)buf;
		disk_file.tail_offset = disk_file.pos;
	}
	disk_file.pos += n;
	disk_file.reads++;
	*size = n;
	return EFI_SUCCESS;
}

static efi_status_t f_set_position(efi_file_t *self, uint64_t pos)
{
	if (self != &file || pos > disk_file.size)
		return EFI_UNSUPPORTED;
	disk_file.pos = pos;
	return EFI_SUCCESS;
}

static efi_status_t f_get_info(efi_file_t *self, efi_guid_t *type, uint64_t *size, void *buf)
{
	efi_file_info_t *info = buf;

	(void)type;
	if (self != &file || *size < sizeof(*info) + 2)
		return EFI_BUFFER_TOO_SMALL;
	memset(info, 0, sizeof(*info) + 2);
	info->size = sizeof(*info) + 2;
	info->file_size = info->physical_size = disk_file.size;
	*size = info->size;
	return EFI_SUCCESS;
}

static efi_status_t open_volume(efi_simple_file_system_t *self, efi_file_t **out)
{
	(void)self;
	*out = &root;
	return EFI_SUCCESS;
}

static efi_simple_file_system_t fs = { .revision = 0x10000, .open_volume = open_volume };

/* A vendor node naming the test volume. */
struct vendor_node {
	efi_device_path_t header;
	uint8_t guid[16];
} __attribute__((packed));

#define VOLUME_NODE                                                                               \
	{ { EFI_DP_TYPE_HARDWARE, EFI_DP_HW_VENDOR, { 20, 0 } },                                  \
	  { 0x45, 0x66, 0x69, 0x6c, 0x69, 0x74, 0x65, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0x66,   \
	    0x73, 0x31 } }
#define END_NODE { EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, { 4, 0 } }

/* The volume's device path: the vendor node alone. */
static const struct {
	struct vendor_node volume;
	efi_device_path_t end;
} __attribute__((packed)) volume_path = { VOLUME_NODE, END_NODE };

/* Volume/File(\a.efi)/End: what a loader passes LoadImage(). */
static const struct {
	struct vendor_node volume;
	efi_device_path_t file;
	efi_char16_t name[7];
	efi_device_path_t end;
} __attribute__((packed)) file_path = {
	VOLUME_NODE,
	{ EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_FILE_PATH, { 4 + 14, 0 } },
	u"\\a.efi",
	END_NODE,
};

static void install_file_system(void)
{
	root = (efi_file_t){ .revision = 0x10000, .open = f_open, .close = f_close };
	file = (efi_file_t){ .revision = 0x10000, .close = f_close, .read = f_read,
			     .set_position = f_set_position, .get_info = f_get_info };
	CHECK(db_install(&efi_db, &volume, &efi_device_path_protocol_guid, (void *)&volume_path) ==
	      EFI_SUCCESS);
	CHECK(db_install(&efi_db, &volume, &efi_simple_file_system_protocol_guid, &fs) ==
	      EFI_SUCCESS);
}

static void serve(const void *data, size_t size)
{
	disk_file.data = data;
	disk_file.size = size;
	disk_file.tail_dst = 0;
	disk_file.reads = 0;
	disk_file.tail_status = EFI_SUCCESS;
}

/* A LoadFile protocol on the volume that sizes the file, then fails to deliver it. */
static efi_status_t failing_load_file(efi_load_file_t *self, efi_device_path_t *path,
				      efi_bool_t boot_policy, uint64_t *size, void *buf)
{
	(void)self, (void)path, (void)boot_policy;
	if (!buf) {
		*size = disk_file.size;
		return EFI_BUFFER_TOO_SMALL;
	}
	return EFI_DEVICE_ERROR;
}

static efi_load_file_t load_file = { .load_file = failing_load_file };

/* ---- the tests ---- */

static efi_status_t load_path(efi_handle_t *image)
{
	return efi_boot_services.load_image(false, efi_firmware_handle(),
					    (efi_device_path_t *)&file_path, NULL, 0, image);
}

static efi_loaded_image_t *loaded(efi_handle_t image)
{
	efi_loaded_image_t *li = NULL;

	CHECK(db_get(&efi_db, image, &efi_loaded_image_protocol_guid, (void **)&li) ==
	      EFI_SUCCESS);
	return li;
}

/* The image lies in RAM as pe_load() lays out the file at its preferred base, relocated. */
static bool laid_out(const efi_loaded_image_t *li, const uint8_t *data, size_t size)
{
	struct pe_image pe;
	uint8_t *want;
	bool same;

	if (pe_check(data, size, &pe) != PE_OK || li->image_size != pe.size_of_image)
		return false;
	want = aligned_alloc(EFI_PAGE_SIZE, pe.size_of_image);
	same = pe_load(data, size, &pe, want, pe.size_of_image,
		       (uint64_t)(uintptr_t)li->image_base) == PE_OK &&
	       memcmp(want, li->image_base, pe.size_of_image) == 0;
	free(want);
	return same;
}

/*
 * Loads the served file, has where() check where the image went, checks it
 * is laid out and unloads it: the memory map must end as it began.
 */
static void load_check_unload(const uint8_t *data, size_t size,
			      void (*where)(const efi_loaded_image_t *li, size_t size))
{
	static struct map_snapshot before, after;
	efi_handle_t image = NULL;

	CHECK(map_snapshot_take(&before));
	serve(data, size);
	CHECK(load_path(&image) == EFI_SUCCESS);
	if (image) {
		efi_loaded_image_t *li = loaded(image);

		where(li, size);
		CHECK(laid_out(li, data, size));
		CHECK(efi_boot_services.unload_image(image) == EFI_SUCCESS);
	}
	CHECK(map_snapshot_take(&after));
	CHECK(map_snapshot_same(&before, &after));
}

/* A copy of a PE file, *lfanew its PE signature's offset, for a test to change. */
static uint8_t *pe_copy(const uint8_t *data, size_t size, uint32_t *lfanew)
{
	uint8_t *copy = malloc(size);

	memcpy(copy, data, size);
	memcpy(lfanew, copy + 0x3c, 4);
	return copy;
}

/*
 * An in-place layout is read where it runs: the read that delivered the
 * file's tail wrote it at image base + offset, and nothing moved it since.
 */
static void read_in_place(const efi_loaded_image_t *li, size_t size)
{
	(void)size;
	CHECK(disk_file.tail_dst - disk_file.tail_offset == (uintptr_t)li->image_base);
	CHECK((uintptr_t)li->image_base % (2 * MiB) == 0);
}

static void test_in_place(const uint8_t *data, size_t size)
{
	struct pe_image pe;

	CHECK(pe_check(data, size, &pe) == PE_OK && pe.in_place);
	load_check_unload(data, size, read_in_place);
}

/*
 * A driver is copied into boot services code pages even with an in-place
 * layout: the staging pages are loader code.
 */
static void copied_driver(const efi_loaded_image_t *li, size_t size)
{
	(void)size;
	CHECK(li->image_code_type == EFI_BOOT_SERVICES_CODE);
	CHECK(memmap_type_at(&efi_memmap, (uintptr_t)li->image_base) == EFI_BOOT_SERVICES_CODE);
	CHECK(disk_file.tail_dst - disk_file.tail_offset != (uintptr_t)li->image_base);
}

static void test_driver_copied(const uint8_t *data, size_t size)
{
	uint32_t lfanew;
	uint8_t *driver = pe_copy(data, size, &lfanew);

	driver[lfanew + 24 + 68] = PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER;
	load_check_unload(driver, size, copied_driver);
	free(driver);
}

/* Any other layout is read into a buffer and copied into the image's pages. */
static void read_elsewhere(const efi_loaded_image_t *li, size_t size)
{
	uintptr_t base = (uintptr_t)li->image_base;

	CHECK(disk_file.tail_dst &&
	      (disk_file.tail_dst + size - disk_file.tail_offset <= base ||
	       disk_file.tail_dst - disk_file.tail_offset >= base + li->image_size));
}

static void test_other_layout(const uint8_t *data, size_t size)
{
	struct pe_image pe;

	CHECK(pe_check(data, size, &pe) == PE_OK && !pe.in_place);
	load_check_unload(data, size, read_elsewhere);
}

/*
 * An in-place image that cannot run where it lies (its relocations are
 * stripped and the place is not its base): LoadImage fails and nothing
 * stays allocated, neither for a file it fetched nor for the firmware's
 * own buffer from efi_image_pages() (the -kernel path).
 */
static void test_failed_in_place_frees(const uint8_t *data, size_t size)
{
	static struct map_snapshot before, after;
	uint32_t lfanew;
	uint8_t *stripped = pe_copy(data, size, &lfanew);
	efi_handle_t image = NULL;
	struct pe_image pe;
	void *pages;

	stripped[lfanew + 4 + 18] |= 1; /* IMAGE_FILE_RELOCS_STRIPPED */
	CHECK(pe_check(stripped, size, &pe) == PE_OK && pe.in_place && pe.image_base == 0);

	CHECK(map_snapshot_take(&before));
	serve(stripped, size);
	CHECK(load_path(&image) == EFI_LOAD_ERROR && disk_file.reads > 0);
	CHECK(map_snapshot_take(&after));
	CHECK(map_snapshot_same(&before, &after));

	pages = efi_image_pages(size > pe.size_of_image ? size : pe.size_of_image,
				pe.section_alignment, true);
	CHECK(pages != NULL);
	if (pages) {
		memcpy(pages, stripped, size);
		CHECK(efi_boot_services.load_image(false, efi_firmware_handle(), NULL, pages, size,
						   &image) == EFI_LOAD_ERROR);
	}
	CHECK(map_snapshot_take(&after));
	CHECK(map_snapshot_same(&before, &after));
	free(stripped);
}

/*
 * A file that is no PE image goes into plain pages; when that read fails
 * with EFI_NOT_FOUND the fetch goes on to LoadFile, which allocates again and
 * fails too: neither allocation stays.
 */
static void test_failed_fallbacks_free(void)
{
	static struct map_snapshot before, after;
	size_t size = 128 * 1024; /* more than the headers efi_image_read() reads first */
	uint8_t *junk = calloc(1, size);
	efi_handle_t image = NULL;

	CHECK(db_install(&efi_db, &volume, &efi_load_file_protocol_guid, &load_file) ==
	      EFI_SUCCESS);
	CHECK(map_snapshot_take(&before));
	serve(junk, size);
	disk_file.tail_status = EFI_NOT_FOUND;
	CHECK(load_path(&image) == EFI_DEVICE_ERROR && disk_file.reads > 0);
	CHECK(map_snapshot_take(&after));
	CHECK(map_snapshot_same(&before, &after));
	CHECK(db_uninstall(&efi_db, volume, &efi_load_file_protocol_guid, &load_file) ==
	      EFI_SUCCESS);
	free(junk);
}

static bool has_fixed_marker(efi_handle_t image)
{
	void *p;

	return db_get(&efi_db, image, &efi_linux_loaded_image_fixed_guid, &p) == EFI_SUCCESS;
}

/*
 * LINUX_EFI_LOADED_IMAGE_FIXED ("keep the place the firmware chose") goes on
 * a randomly placed Linux kernel, never on another image: the same file
 * with the arm64 Image magic at 0x38 gets it, the stub as shipped does not.
 */
static void test_fixed_marker_linux_only(const uint8_t *data, size_t size)
{
	uint32_t lfanew;
	uint8_t *kernel = pe_copy(data, size, &lfanew);
	efi_handle_t image = NULL;

	serve(data, size);
	CHECK(load_path(&image) == EFI_SUCCESS && !has_fixed_marker(image));
	CHECK(efi_boot_services.unload_image(image) == EFI_SUCCESS);
	memcpy(kernel + 0x38, "ARM\x64", 4);
	serve(kernel, size);
	CHECK(load_path(&image) == EFI_SUCCESS && has_fixed_marker(image));
	CHECK(efi_boot_services.unload_image(image) == EFI_SUCCESS);
	free(kernel);
}

/* File(\a.efi)/End: a path whose device nothing serves. */
static const struct {
	efi_device_path_t file;
	efi_char16_t name[7];
	efi_device_path_t end;
} __attribute__((packed)) bare_file_path = {
	{ EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_FILE_PATH, { 4 + 14, 0 } },
	u"\\a.efi",
	END_NODE,
};

/* LoadedImage.DeviceHandle, FilePath and LoadedImageDevicePath are as wanted; unloads. */
static void check_origin(efi_handle_t image, efi_handle_t device, const void *file, size_t file_bytes,
			 const void *whole, size_t whole_bytes)
{
	efi_loaded_image_t *li = loaded(image);
	efi_device_path_t *dp = NULL;

	CHECK(li->device_handle == device);
	CHECK(li->file_path && memcmp(li->file_path, file, file_bytes) == 0);
	CHECK(db_get(&efi_db, image, &efi_loaded_image_device_path_protocol_guid, (void **)&dp) ==
		      EFI_SUCCESS &&
	      memcmp(dp, whole, whole_bytes) == 0);
	CHECK(efi_boot_services.unload_image(image) == EFI_SUCCESS);
}

/*
 * What an image learns of its origin is the path LoadImage() was given
 * (UEFI 2.10 7.4, 9.2), from a buffer as from a file: GRUB's chainloader
 * reads the file itself, and a chained shim finds its second stage beside
 * FilePath. DeviceHandle is the volume, FilePath File(\a.efi), the
 * LoadedImageDevicePath all of it; with no device for the path, FilePath is
 * all of it; with no path, the image's memory-mapped one.
 */
static void test_origin(const uint8_t *data, size_t size)
{
	static const efi_device_path_t memory_node = { EFI_DP_TYPE_HARDWARE,
							EFI_DP_HW_MEMORY_MAPPED, { 24, 0 } };
	efi_boot_services_t *bs = &efi_boot_services;
	efi_handle_t image = NULL;
	efi_device_path_t *dp = NULL;

	serve(data, size);
	CHECK(load_path(&image) == EFI_SUCCESS);
	check_origin(image, volume, &file_path.file, sizeof(file_path) - sizeof(file_path.volume),
		     &file_path, sizeof(file_path));
	CHECK(bs->load_image(false, efi_firmware_handle(), (efi_device_path_t *)&file_path,
			     (void *)data, size, &image) == EFI_SUCCESS);
	check_origin(image, volume, &file_path.file, sizeof(file_path) - sizeof(file_path.volume),
		     &file_path, sizeof(file_path));
	CHECK(bs->load_image(false, efi_firmware_handle(), (efi_device_path_t *)&bare_file_path,
			     (void *)data, size, &image) == EFI_SUCCESS);
	check_origin(image, NULL, &bare_file_path, sizeof(bare_file_path), &bare_file_path,
		     sizeof(bare_file_path));
	CHECK(bs->load_image(false, efi_firmware_handle(), NULL, (void *)data, size, &image) ==
	      EFI_SUCCESS);
	CHECK(db_get(&efi_db, image, &efi_loaded_image_device_path_protocol_guid, (void **)&dp) ==
		      EFI_SUCCESS &&
	      memcmp(dp, &memory_node, sizeof(memory_node)) == 0);
	CHECK(loaded(image)->device_handle == NULL);
	CHECK(bs->unload_image(image) == EFI_SUCCESS);
}

static void warm_up(const void *data, size_t size)
{
	efi_handle_t image = NULL;

	serve(data, size);
	CHECK(load_path(&image) == EFI_SUCCESS &&
	      efi_boot_services.unload_image(image) == EFI_SUCCESS);
}

int main(int argc, char **argv)
{
	size_t in_place_len = 0, other_len = 0;
	uint8_t *in_place = argc > 2 ? host_file_read(argv[1], &in_place_len) : NULL;
	uint8_t *other = argc > 2 ? host_file_read(argv[2], &other_len) : NULL;
	uint8_t *ram = aligned_alloc(2 * MiB, RAM_BYTES);
	static efi_memory_descriptor_t descriptors[128];

	if (!in_place || !other || !ram) {
		fprintf(stderr, "usage: image_load_test IN_PLACE.efi OTHER_LAYOUT.efi\n");
		return 2;
	}
	CHECK(host_mmu_init((uint64_t)(uintptr_t)ram, RAM_BYTES) == 0);
	CHECK(host_core_init(descriptors, 128, (uint64_t)(uintptr_t)ram, RAM_BYTES) ==
	      EFI_SUCCESS);
	efi_image_init();
	install_file_system();
	/*
	 * One load of each first: the pool carves what it keeps, and the stub
	 * (no NX_COMPAT) turns the NX compatibility mode on for good.
	 */
	warm_up(other, other_len);
	warm_up(in_place, in_place_len);

	test_in_place(in_place, in_place_len);
	test_other_layout(other, other_len);
	test_driver_copied(in_place, in_place_len);
	test_failed_in_place_frees(in_place, in_place_len);
	test_failed_fallbacks_free();
	test_fixed_marker_linux_only(in_place, in_place_len);
	test_origin(other, other_len);
	free(in_place);
	free(other);
	return check_report("image_load_test");
}
