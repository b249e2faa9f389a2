/*
 * The EFI core's entry API for the firmware main:
 *
 *   efi_init(ram)                      memory map from the DT RAM regions; reserves
 *                                      the firmware's own RAM (runtime range as
 *                                      EfiRuntimeServicesCode), declares the PL031
 *                                      page (rtc_init() first) as runtime MMIO, and
 *                                      builds the system table, console, runtime
 *                                      services, Memory Attribute and RNG protocols
 *   efi_reserve(base, size, type)      other firmware-owned RAM (the DTB)
 *   efi_allocate_pages(size, align, type)  memory for what main loads (ACPI/SMBIOS
 *                                      blobs) and for drivers (virtio rings);
 *                                      efi_free_pages() gives it back
 *   efi_image_pages(size, align, random)  pages for the kernel file: read into them,
 *                                      efi_boot_kernel() runs it in place, uncopied
 *   efi_image_read(size, random, read, ...)  a PE file sized from its headers and
 *                                      read into such pages (-kernel, LoadImage's
 *                                      file system source)
 *   efi_install_config_table(guid, table)  ACPI 2.0 RSDP, DTB, SMBIOS3
 *   efi_set_initrd(size, fill)         the Linux initrd LoadFile2 handle
 *   efi_boot_kernel(...)               LoadImage + StartImage; returns only on failure
 *                                      (or when an application exits)
 *   efi_disk_install(dev, path)        a disk handle: Device Path, Block I/O, Disk I/O
 *                                      (its partitions: the partition driver,
 *                                      on ConnectController)
 *   efi_set_connect_hook(fn)           fn(guid) runs before a program looks for
 *                                      handles or protocols (disks probed on demand)
 *   efi_on_exit_boot_services(fn, ctx) fn(event, ctx) when the OS takes over (devices stop)
 *   efi_on_reset_system(fn)            fn() when a program calls ResetSystem() before
 *                                      ExitBootServices() (disks flushed, then stopped)
 */
#ifndef EFILITE_EFI_EFI_BOOT_H
#define EFILITE_EFI_EFI_BOOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

struct pe_image; /* parsers/pe/pe.h */

struct efi_ram_region {
	uint64_t base, size;
};

efi_status_t efi_init(const struct efi_ram_region *ram, size_t count);
efi_status_t efi_reserve(uint64_t base, uint64_t size, uint32_t memory_type);
/* NULL if there is no room. align: a power of two (EFI_PAGE_SIZE at least is used). */
void *efi_allocate_pages(uint64_t size, uint64_t align, uint32_t memory_type);
/* Gives back what efi_allocate_pages(size, ...) returned. */
void efi_free_pages(void *pages, uint64_t size);
/*
 * Loader-code pages for the next image efi_boot_kernel() starts, aligned to
 * align (a power of two: the image's own need) or 2 MiB if more (where a
 * Linux kernel runs in place). random_place: at a random place that the
 * image is told it must keep. NULL if there is no room or, for a random
 * place, no entropy.
 */
void *efi_image_pages(uint64_t size, uint64_t align, bool random_place);
/* Reads len bytes of a file from offset into dst; EFI_SUCCESS only if all were read. */
typedef efi_status_t (*efi_image_reader_t)(void *ctx, uint64_t offset, void *dst, uint64_t len);
/*
 * Reads a PE file of file_size bytes with read() straight into pages from
 * efi_image_pages() (random_place with a fallback to any place), where
 * LoadImage() then runs it without a copy if its layout allows: its headers
 * first (at most 64 KiB), checked by pe_check_headers() into *pe and sizing
 * the pages, then the rest. The rest of the file is not checked: LoadImage()
 * (or pe_check()) does that. On failure nothing stays allocated:
 * EFI_LOAD_ERROR with *pe_err the rule the headers break,
 * EFI_OUT_OF_RESOURCES when there is no room, or read()'s status.
 */
efi_status_t efi_image_read(uint64_t file_size, bool random_place, efi_image_reader_t read,
			    void *ctx, void **pages, struct pe_image *pe, int *pe_err);
/* Frees pages from efi_image_pages() that LoadImage() did not take (no-op if it did). */
void efi_image_pages_release(void *pages);
/* Whether an allocation of size bytes would succeed now (nothing stays allocated). */
bool efi_pages_available(uint64_t size);
efi_status_t efi_install_config_table(const efi_guid_t *guid, void *table);
/* fill(dst, size) writes the whole initrd to dst; false on a transfer error. */
efi_status_t efi_set_initrd(uint64_t size, bool (*fill)(void *dst, uint64_t size));
/* load_options: UTF-16 LoadOptions (NUL included in load_options_size bytes), or NULL. */
efi_status_t efi_boot_kernel(const void *image, size_t len, const uint16_t *load_options,
			     size_t load_options_size);

/* A disk as a driver offers it: whole logical blocks, 0 or -1 (the driver logs why). */
#define EFI_DISK_MAX_BLOCK 4096u
struct efi_block_device {
	void *ctx;
	uint32_t block_size; /* power of two, 512..EFI_DISK_MAX_BLOCK */
	uint64_t num_blocks;
	bool read_only;
	int (*read)(void *ctx, uint64_t lba, uint64_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint64_t count, const void *buf);
	int (*flush)(void *ctx);
};

/* dev must outlive boot services; path is copied. */
efi_status_t efi_disk_install(const struct efi_block_device *dev, const efi_device_path_t *path,
			      efi_handle_t *handle);
/* guid: the protocol looked for, NULL for all handles. One hook. */
void efi_set_connect_hook(void (*hook)(const efi_guid_t *guid));
efi_status_t efi_on_exit_boot_services(efi_event_notify_t notify, void *ctx);
/*
 * notify() runs first in a ResetSystem() called before ExitBootServices(), once; at runtime
 * never (the OS owns the devices then, and boot-services code is gone). One hook.
 */
void efi_on_reset_system(void (*notify)(void));
#endif
