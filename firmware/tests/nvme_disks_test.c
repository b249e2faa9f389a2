/*
 * firmware/disks/nvme_disks.c with the NVMe driver and the EFI disk handle code
 * as linked into the firmware, over the fake controller
 * (firmware/drivers/nvme/tests/fake_nvme.h): a controller with no
 * namespace gives its pages back, is disabled and keeps nothing; each
 * namespace's handle has the controller's path with NVMe(nsid, EUI-64) as
 * edk2 forms it (messaging sub-type 23, length 16); its Block I/O reads
 * through the driver; the stop disables the controller kept.
 * Stubs: the pages (counted), the clock (steps the fake), the log (kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/disks/nvme_disks.h"
#include "firmware/drivers/nvme/nvme.h"
#include "firmware/drivers/nvme/tests/fake_nvme.h"
#include "firmware/efi/core.h"
#include "firmware/efi/protocols/disk.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"
#include "firmware/tests/disk_test_env.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

static struct fake_nvme f;
static uint64_t ticks;
static unsigned pages_out;

void *efi_allocate_pages(uint64_t size, uint64_t align, uint32_t memory_type)
{
	(void)memory_type;
	CHECK(size == NVME_MEM_BYTES);
	pages_out++;
	return aligned_alloc(align, size);
}

void efi_free_pages(void *pages, uint64_t size)
{
	CHECK(size == NVME_MEM_BYTES);
	pages_out--;
	free(pages);
}

uint64_t timer_ticks(void)
{
	fake_nvme_step(&f);
	return ticks++;
}

uint64_t timer_frequency(void)
{
	return 1000;
}

/* The controller's path as disks.c builds it: PciRoot(0x0)/Pci(0x3,0x0). */
static const uint8_t pci_path[] = {
	0x02, 0x01, 0x0c, 0x00, 0xd0, 0x41, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x01, 0x06, 0x00, 0x00, 0x03,
	0x7f, 0xff, 0x04, 0x00,
};

/* The Block I/O of the handle whose path is pci_path + NVMe(nsid, the fake's EUI-64) + End. */
static efi_block_io_t *namespace_io(uint32_t nsid)
{
	const uint8_t tail[] = { 0x03, 0x17, 0x10, 0x00, (uint8_t)nsid, 0, 0, 0,
				 0x52, 0x54, 0, 0, 0, 0, 0, (uint8_t)nsid, 0x7f, 0xff, 0x04, 0x00 };
	efi_handle_t all[32];
	uint64_t size = sizeof(all);

	if (db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size, all) !=
	    EFI_SUCCESS)
		return NULL;
	for (uint64_t i = 0; i < size / sizeof(all[0]); i++) {
		uint8_t *path;
		efi_block_io_t *bio;

		if (db_get(&efi_db, all[i], &efi_device_path_protocol_guid, (void **)&path) ==
			    EFI_SUCCESS &&
		    !memcmp(path, pci_path, sizeof(pci_path) - 4) &&
		    !memcmp(path + sizeof(pci_path) - 4, tail, sizeof(tail)) &&
		    db_get(&efi_db, all[i], &efi_block_io_protocol_guid, (void **)&bio) == EFI_SUCCESS)
			return bio;
	}
	return NULL;
}

static bool enabled(void)
{
	return bytes_le32(f.bar + 0x14) & 1;
}

static void test_nothing_kept(void)
{
	fake_nvme_init(&f);
	CHECK(!nvme_disks_add((uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18,
			      (const efi_device_path_t *)pci_path));
	CHECK(pages_out == 0 && !enabled() && f.commands > 0);
}

static void test_namespaces(void)
{
	static uint8_t block[4096];
	efi_block_io_t *a, *b;

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 100);
	fake_nvme_add_ns(&f, 1, 3, 4096, 50);
	f.ns[1].write_protected = true;
	CHECK(nvme_disks_add((uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18,
			     (const efi_device_path_t *)pci_path));
	a = namespace_io(1);
	b = namespace_io(3);
	CHECK(a && b && pages_out == 1);
	if (!a || !b)
		return;
	CHECK(a->media->block_size == 512 && a->media->last_block == 99 && !a->media->read_only);
	CHECK(b->media->block_size == 4096 && b->media->last_block == 49 && b->media->read_only);
	/* a write-protected namespace (NSATTR bit 0) is read-only media: no WRITE is sent */
	CHECK(b->write_blocks(b, b->media->media_id, 1, 4096, block) == EFI_WRITE_PROTECTED &&
	      f.writes == 0);
	CHECK(b->read_blocks(b, b->media->media_id, 49, 4096, block) == EFI_SUCCESS &&
	      !memcmp(block, f.ns[1].data + 49 * 4096, 4096));
	CHECK(strstr(all_log, "disk: nvme@0x18: namespace 3: 50 blocks of 4096 bytes, read-only\n"));
	CHECK(enabled());
	nvme_disks_stop();
	CHECK(!enabled() && !(bytes_le32(f.bar + 0x1c) & 1));
	CHECK(f.violations == 0);
}

/* A controller that stays ready after its disable keeps its pages: it may still write them. */
static void test_stays_ready(void)
{
	unsigned before = pages_out;

	fake_nvme_init(&f);
	CHECK(!nvme_disks_add((uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18,
			      (const efi_device_path_t *)pci_path));
	CHECK(pages_out == before);
	f.brk = FAKE_STAYS_READY;
	CHECK(!nvme_disks_add((uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18,
			      (const efi_device_path_t *)pci_path));
	CHECK(pages_out == before + 1 && enabled() == false && (bytes_le32(f.bar + 0x1c) & 1));
	CHECK(strstr(all_log, "nvme@0x18: controller still ready after disabling it") != NULL);
}

/*
 * The firmware serves 16 namespaces in all: with 2 served already, a controller with
 * 16 gets 14 handles, NSID 15 is named and left out, and NSID 16 after it is named in
 * one line, not identified (a controller may list 1,024); the controller is kept.
 */
static void test_too_many(void)
{
	fake_nvme_init(&f);
	for (int i = 0; i < 16; i++)
		fake_nvme_add_ns(&f, i, (uint32_t)i + 1, 512, 8);
	CHECK(nvme_disks_add((uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18,
			     (const efi_device_path_t *)pci_path));
	CHECK(namespace_io(13) && !namespace_io(15)); /* odd NSIDs: the fake's EUI-64 ends in nsid | 1 */
	CHECK(strstr(all_log, "nvme@0x18: namespace 15: more than 16 NVMe namespaces, left out\n"));
	CHECK(strstr(all_log, "nvme@0x18: 1 more namespaces after 15 left out\n"));
	CHECK(!strstr(all_log, "namespace 14: more than") && !strstr(all_log, "namespace 16:"));
	CHECK(enabled());
}

/*
 * Before a reset (ResetSystem at boot time): each writable namespace of the controller kept is
 * flushed, then the controller gets its normal shutdown notification and is disabled; the
 * controller stopped earlier (test_namespaces', on the same fake) is left alone.
 */
static void test_shutdown(void)
{
	size_t mark = strlen(all_log);

	CHECK(enabled() && f.flushes == 0);
	nvme_disks_shutdown();
	CHECK(f.shutdowns == 1 && f.flushes_at_shutdown == 14 && f.flushes == 14);
	CHECK(!enabled() && !(bytes_le32(f.bar + 0x1c) & 1) && f.violations == 0);
	CHECK(!strstr(all_log + mark, "error: "));
}

int main(void)
{
	disk_test_env_init();
	test_nothing_kept();
	test_namespaces();
	test_stays_ready();
	test_too_many();
	test_shutdown();
	printf("%s", all_log);
	return check_report("nvme_disks_test");
}
