/*
 * firmware/disks/scsi_disks.c with the virtio-scsi driver and the EFI disk handle
 * code as linked into the firmware, over the fake host adapter
 * (firmware/drivers/virtio/tests/fake_scsi.h): an adapter that fails its
 * init and one with no LUN it serves give their ring pages back and keep
 * nothing; a LUN's handle has the adapter's path with Scsi(target, lun),
 * after VenHw(virtio-mmio, base) and after PciRoot(0x0)/Pci(2,0) as edk2
 * names them; 16 LUNs are served, the 17th is named and the scan stops;
 * a CD's Block I/O reads 2048-byte blocks and refuses writes
 * (EFI_WRITE_PROTECTED) without a request to the device; the stop resets every adapter kept.
 * Stubs: the pages (counted), the clock, the log (kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/disks/scsi_disks.h"
#include "firmware/drivers/virtio/scsi.h"
#include "firmware/drivers/virtio/tests/fake_scsi.h"
#include "firmware/efi/core.h"
#include "firmware/efi/protocols/disk.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"
#include "firmware/tests/disk_test_env.h"
#include "tools/testing/check.h"


static unsigned pages_out;

void *efi_allocate_pages(uint64_t size, uint64_t align, uint32_t memory_type)
{
	(void)memory_type;
	CHECK(size == VIRTIO_SCSI_MEM_BYTES);
	pages_out++;
	return aligned_alloc(align, size);
}

void efi_free_pages(void *pages, uint64_t size)
{
	CHECK(size == VIRTIO_SCSI_MEM_BYTES);
	pages_out--;
	free(pages);
}

uint64_t timer_ticks(void)
{
	return fake_clock();
}

uint64_t timer_frequency(void)
{
	return 1000;
}

/* The adapters' paths as disks.c builds them. */
static const uint8_t mmio_path[] = {
	0x01, 0x04, 0x1c, 0x00, 0x9e, 0xca, 0x7d, 0x83, 0x74, 0xe8, 0x82, 0x4d, 0xb2, 0x9a,
	0x23, 0xfe, 0x0e, 0x23, 0xd1, 0xe2, 0x00, 0x3e, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00,
	0x7f, 0xff, 0x04, 0x00,
};
static const uint8_t pci_path[] = {
	0x02, 0x01, 0x0c, 0x00, 0xd0, 0x41, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x00, /* PciRoot(0x0) */
	0x01, 0x01, 0x06, 0x00, 0x00, 0x02,                                     /* Pci(0x2,0x0) */
	0x7f, 0xff, 0x04, 0x00,
};

/* Whether a Block I/O handle's path is prefix (an adapter's, without End) + Scsi(t, l) + End. */
static bool has_lun_path(const uint8_t *prefix, size_t prefix_len, uint8_t target, uint8_t lun)
{
	const uint8_t tail[] = { 0x03, 0x02, 0x08, 0x00, target, 0, lun, 0, 0x7f, 0xff, 0x04, 0x00 };
	efi_handle_t all[32];
	uint64_t size = sizeof(all);

	if (db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size, all) !=
	    EFI_SUCCESS)
		return false;
	for (uint64_t i = 0; i < size / sizeof(all[0]); i++) {
		uint8_t *path;

		if (db_get(&efi_db, all[i], &efi_device_path_protocol_guid, (void **)&path) ==
			    EFI_SUCCESS &&
		    memcmp(path, prefix, prefix_len) == 0 &&
		    memcmp(path + prefix_len, tail, sizeof(tail)) == 0)
			return true;
	}
	return false;
}

/* A CD LUN's Block I/O: read-only media of 2048-byte blocks; a write never reaches the device. */
static void check_cd_block_io(void)
{
	static uint8_t block[2048];
	efi_handle_t all[32];
	uint64_t size = sizeof(all);
	efi_block_io_t *bio;
	unsigned notifies;

	CHECK(db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size, all) ==
	      EFI_SUCCESS);
	CHECK(db_get(&efi_db, all[size / sizeof(all[0]) - 1], &efi_block_io_protocol_guid,
		     (void **)&bio) == EFI_SUCCESS);
	CHECK(bio->media->read_only && bio->media->block_size == 2048 && bio->media->last_block == 99);
	CHECK(bio->read_blocks(bio, bio->media->media_id, 99, sizeof(block), block) == EFI_SUCCESS);
	notifies = fake.notifies;
	CHECK(bio->write_blocks(bio, bio->media->media_id, 0, sizeof(block), block) ==
	      EFI_WRITE_PROTECTED);
	CHECK(fake.notifies == notifies && fake.commands[0x2a] == 0);
}

static size_t block_io_handles(void)
{
	efi_handle_t all[32];
	uint64_t size = sizeof(all);

	if (db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size, all) !=
	    EFI_SUCCESS)
		return 0;
	return size / sizeof(all[0]);
}

/* An adapter the driver refuses, and one with nothing to serve: nothing kept. */
static void test_nothing_kept(void)
{
	fake_reset(F_NONE, 0);
	fake.cfg[0] = 0; /* num_queues 0 */
	CHECK(!scsi_disks_add(&fake.dev, (const efi_device_path_t *)pci_path));
	CHECK(strstr(all_log, "error: fake@0x0: config: virtio-scsi config: no request queue"));
	CHECK(pages_out == 0);
	fake_reset(F_NONE, 0);
	fake_add_lun(0, 0, 0x01, 512, 100); /* a tape */
	CHECK(!scsi_disks_add(&fake.dev, (const efi_device_path_t *)pci_path));
	CHECK(pages_out == 0 && fake.status == 0 && block_io_handles() == 0);
}

static void test_paths_and_limit(void)
{
	fake_reset(F_NONE, 0);
	fake_add_lun(1, 0, SCSI_TYPE_DISK, 512, 100);
	CHECK(scsi_disks_add(&fake.dev, (const efi_device_path_t *)mmio_path));
	CHECK(has_lun_path(mmio_path, sizeof(mmio_path) - 4, 1, 0));
	/*
	 * libvirt's numbering: target 0, LUN N; with the one above, 17 served
	 * and more: LUN 15 is named, and the scan stops there in one line (no
	 * line for LUN 16 or target 1)
	 */
	fake_reset(F_NONE, 0);
	for (uint16_t lun = 0; lun < 17; lun++)
		fake_add_lun(0, lun, SCSI_TYPE_CDROM, 2048, 100);
	fake_add_lun(1, 0, SCSI_TYPE_DISK, 512, 100);
	CHECK(scsi_disks_add(&fake.dev, (const efi_device_path_t *)pci_path));
	CHECK(has_lun_path(pci_path, sizeof(pci_path) - 4, 0, 2));
	CHECK(has_lun_path(pci_path, sizeof(pci_path) - 4, 0, 14));
	CHECK(!has_lun_path(pci_path, sizeof(pci_path) - 4, 0, 15));
	CHECK(block_io_handles() == 16);
	CHECK(strstr(all_log, "error: fake@0x0: scsi 0,15: more than 16 SCSI LUNs, left out\n"));
	CHECK(strstr(all_log, "error: fake@0x0: LUN scan stopped at target 0: no room for more LUNs\n"));
	CHECK(!strstr(all_log, "scsi 0,16:") && !strstr(all_log, "scsi 1,0: more than"));
	CHECK(pages_out == 2);
	check_cd_block_io();
	fake.resets = 0;
	scsi_disks_stop();
	CHECK(fake.resets == 2);
}

/* An adapter path too long for a LUN's node: the LUN is left out by that name, not as a full table. */
static void test_path_too_long(void)
{
	uint8_t long_path[124] = { 0x01, 0x04, 120, 0x00 }; /* VenHw, 116 bytes after its header */

	long_path[120] = 0x7f;
	long_path[121] = 0xff;
	long_path[122] = 0x04;
	fake_reset(F_NONE, 0);
	fake_add_lun(0, 0, SCSI_TYPE_DISK, 512, 100);
	CHECK(!scsi_disks_add(&fake.dev, (const efi_device_path_t *)long_path));
	CHECK(strstr(all_log, "error: fake@0x0: scsi 0,0: device path longer than 128 bytes, "
			      "left out\n"));
	CHECK(!strstr(all_log, "more than 16 SCSI LUNs") && pages_out == 0);
}

int main(void)
{
	disk_test_env_init();
	test_nothing_kept();
	test_path_too_long();
	test_paths_and_limit();
	printf("%s", all_log);
	return check_report("scsi_disks_test");
}
