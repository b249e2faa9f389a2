/*
 * LoadImage/StartImage/UnloadImage soak (issue 10 section 3) on the host: the
 * production image loader (image.c, nx_compat.c), boot services, memory map,
 * pool and protocol database over host memory, with the production page
 * tables (pagetable.c, memattr.c) behind the MMU calls, so that page-table
 * usage is measured exactly. Images are placed at random 2 MiB places, as in
 * the firmware. Starting an image runs nothing (efi_enter_image is stubbed
 * in image_host_stubs.c: a host cannot run arm64 code); the loader's side of
 * it all happens.
 *
 * Usage: image_soak_test IMAGE.efi [CYCLES]   (default 10,000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/nx_compat.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/efi/tests/host_mmu.h"
#include "firmware/efi/tests/image_host_stubs.h"
#include "firmware/efi/tests/map_snapshot.h"
#include "qemu-tests/host_file.h"
#include "tools/testing/check.h"

#define MiB (1024ull * 1024)
#define RAM_BYTES (64 * MiB)

/* ---- the soak ---- */

static size_t peak_tables;

/* Load and start (an application is unloaded when it returns), or load and unload. */
static bool cycle(const void *file, size_t len, unsigned i)
{
	efi_boot_services_t *bs = &efi_boot_services;
	efi_handle_t image = NULL;
	uint64_t exit_size = 1;
	efi_char16_t *exit_data = NULL;

	if (bs->load_image(false, efi_firmware_handle(), NULL, (void *)file, len, &image) !=
	    EFI_SUCCESS)
		return false;
	/* while loaded, its sections' attributes split blocks into tables */
	if (host_mmu_tables() > peak_tables)
		peak_tables = host_mmu_tables();
	if (i % 2)
		return bs->unload_image(image) == EFI_SUCCESS;
	return bs->start_image(image, &exit_size, &exit_data) == EFI_SUCCESS && exit_size == 0 &&
	       !db_handle_valid(&efi_db, image);
}

/* Loading without unloading runs out of image slots with the spec's status; all unload again. */
static void exhaustion(const void *file, size_t len)
{
	static struct map_snapshot before, after;
	efi_handle_t images[64];
	unsigned n = 0;
	efi_status_t status = EFI_SUCCESS;

	CHECK(map_snapshot_take(&before));
	while (n < 64) {
		images[n] = NULL;
		status = efi_boot_services.load_image(false, efi_firmware_handle(), NULL, (void *)file,
						      len, &images[n]);
		if (status != EFI_SUCCESS)
			break;
		n++;
	}
	CHECK(status == EFI_OUT_OF_RESOURCES && n > 0);
	while (n-- > 0)
		CHECK(efi_boot_services.unload_image(images[n]) == EFI_SUCCESS);
	CHECK(map_snapshot_take(&after));
	CHECK(before.max == after.max && map_snapshot_same(&before, &after));
}

int main(int argc, char **argv)
{
	static struct map_snapshot before, after;
	unsigned cycles = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10000, done = 0;
	size_t len = 0;
	void *file = argc > 1 ? host_file_read(argv[1], &len) : NULL;
	uint8_t *ram = aligned_alloc(2 * MiB, RAM_BYTES);
	struct { uint64_t base, size; } region = { (uint64_t)(uintptr_t)ram, RAM_BYTES };
	static efi_memory_descriptor_t descriptors[128];
	bool ok = true;

	if (!file || !ram) {
		fprintf(stderr, "usage: image_soak_test IMAGE.efi [CYCLES]\n");
		return 2;
	}
	CHECK(host_mmu_init(region.base, region.size) == 0);
	CHECK(host_core_init(descriptors, 128, region.base, region.size) == EFI_SUCCESS);
	efi_image_init();

	/* one warm-up cycle of each kind: the pool carves what it keeps */
	CHECK(cycle(file, len, 0) && cycle(file, len, 1));
	CHECK(map_snapshot_take(&before));
	while (ok && done < cycles)
		ok = cycle(file, len, done++);
	CHECK(map_snapshot_take(&after));
	exhaustion(file, len);
	CHECK(ok && done == cycles && image_stub_starts == 1 + (cycles + 1) / 2);
	CHECK(peak_tables > before.tables); /* the loads did change attributes */
	CHECK(before.max == after.max && map_snapshot_same(&before, &after));
	printf("image_soak: %u of %u LoadImage cycles (%u started), free pages %llu -> %llu, "
	       "page tables %zu -> %zu (peak %zu of %d), %llu descriptors\n",
	       done, cycles, image_stub_starts - 1, (unsigned long long)before.free_pages,
	       (unsigned long long)after.free_pages, before.tables, after.tables, peak_tables,
	       HOST_MMU_TABLES, (unsigned long long)after.count);
	free(file);
	return check_report("image_soak_test");
}
