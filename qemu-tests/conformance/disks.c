/* SPDX-License-Identifier: MIT */
/*
 * Block I/O and Disk I/O on every whole disk QEMU attaches (each holding
 * gen_disk.py's image): all of it in one ReadBlocks compared with the
 * pattern, argument checks, byte-granular Disk I/O, writes (or
 * EFI_WRITE_PROTECTED on read-only media) and the device path a loader
 * walks. Disks with a partition table (gen_disk.py --gpt/--mbr) are
 * checked through their partitions: each partition's blocks must read as
 * the image at the place its HD() node names. Load-option words say what
 * the machine must have offered: "disk-count-N" (whole disks),
 * "disk-partitions-N", "disk-4096", "disk-read-only", "disk-mmio",
 * "disk-pci", "disk-bridged" (behind a PCIe root port), "disk-gpt", "disk-mbr".
 */
#include "qemu-tests/conformance/disk_pattern.h"
#include "qemu-tests/conformance/mem.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define DP_HARDWARE 0x01
#define DP_HW_PCI 0x01
#define DP_HW_VENDOR 0x04
#define DP_ACPI 0x02
#define DP_MEDIA_HARD_DRIVE 0x01
#define HD_NODE_LEN 42

static const efi_guid_t block_io_guid = EFI_BLOCK_IO_PROTOCOL_GUID;
static const efi_guid_t disk_io_guid = EFI_DISK_IO_PROTOCOL_GUID;
static const efi_guid_t device_path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

struct seen {
	unsigned disks, mmio, pci, bridged, bs4096, read_only, partitions, gpt, mbr;
};

/* Bytes [offset, offset + len) of the image match the pattern. */
static bool matches(const uint8_t *buf, uint64_t offset, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++) {
		uint64_t at = offset + i;

		if (buf[i] != (uint8_t)(disk_word(at / 8) >> (8 * (at % 8))))
			return false;
	}
	return true;
}

static void read_whole(struct efi_block_io_protocol *bio)
{
	struct efi_block_io_media *m = bio->media;
	efi_physical_addr_t addr = 0;
	uint64_t pages = DISK_BYTES / 4096, start;
	efi_status_t status;

	if (env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages, &addr) !=
	    EFI_SUCCESS) {
		t_check("disk.read_all_buffer", false, "no 28 MiB buffer");
		return;
	}
	start = t_ticks();
	status = bio->read_blocks(bio, m->media_id, 0, DISK_BYTES, (void *)(uintptr_t)addr);
	if (t_status("disk.read_all", status, EFI_SUCCESS)) {
		t_puts("note: 28 MiB in one ReadBlocks: ");
		t_put_dec(t_elapsed_us(start) / 1000);
		t_puts(" ms\n");
		t_check("disk.read_all_matches_image", matches((uint8_t *)(uintptr_t)addr, 0, DISK_BYTES),
			"contents differ from the host image");
	}
	env.bs->free_pages(addr, pages);
}

static void block_arguments(struct efi_block_io_protocol *bio)
{
	struct efi_block_io_media *m = bio->media;
	static uint8_t buf[2 * 4096];
	uint32_t bs = m->block_size;

	t_status("disk.read_zero_bytes", bio->read_blocks(bio, m->media_id, 0, 0, buf), EFI_SUCCESS);
	t_status("disk.read_media_changed", bio->read_blocks(bio, m->media_id + 1, 0, bs, buf),
		 EFI_MEDIA_CHANGED);
	t_status("disk.read_partial_block", bio->read_blocks(bio, m->media_id, 0, bs - 1, buf),
		 EFI_BAD_BUFFER_SIZE);
	t_status("disk.read_null_buffer", bio->read_blocks(bio, m->media_id, 0, bs, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("disk.read_past_end", bio->read_blocks(bio, m->media_id, m->last_block + 1, bs, buf),
		 EFI_INVALID_PARAMETER);
	t_status("disk.read_across_end",
		 bio->read_blocks(bio, m->media_id, m->last_block, 2 * bs, buf),
		 EFI_INVALID_PARAMETER);
	if (t_status("disk.read_last_block", bio->read_blocks(bio, m->media_id, m->last_block, bs, buf),
		     EFI_SUCCESS))
		t_check("disk.last_block_matches", matches(buf, m->last_block * bs, bs),
			"last block differs from the image");
	/* an odd buffer address: no alignment is asked for */
	if (t_status("disk.read_unaligned_buffer",
		     bio->read_blocks(bio, m->media_id, 3, bs, buf + 1), EFI_SUCCESS))
		t_check("disk.unaligned_buffer_matches", matches(buf + 1, 3ull * bs, bs),
			"block read to an odd address differs");
}

static void disk_io(efi_handle_t handle, struct efi_block_io_media *m)
{
	struct efi_disk_io_protocol *dio;
	static uint8_t buf[3 * 4096];
	uint64_t size = (m->last_block + 1) * m->block_size;

	if (!t_status("disk.disk_io", env.bs->handle_protocol(handle, &disk_io_guid, (void **)&dio),
		      EFI_SUCCESS))
		return;
	/* a partial block, whole blocks and a partial block in one call */
	if (t_status("disk.disk_io_read_unaligned",
		     dio->read_disk(dio, m->media_id, 4096 - 7, 8192 + 100, buf), EFI_SUCCESS))
		t_check("disk.disk_io_unaligned_matches", matches(buf, 4096 - 7, 8192 + 100),
			"bytes differ from the image");
	if (t_status("disk.disk_io_read_inside_block",
		     dio->read_disk(dio, m->media_id, 1001, 3, buf), EFI_SUCCESS))
		t_check("disk.disk_io_inside_block_matches", matches(buf, 1001, 3),
			"bytes differ from the image");
	if (t_status("disk.disk_io_read_tail", dio->read_disk(dio, m->media_id, size - 5, 5, buf),
		     EFI_SUCCESS))
		t_check("disk.disk_io_tail_matches", matches(buf, size - 5, 5), "bytes differ");
	t_status("disk.disk_io_past_end", dio->read_disk(dio, m->media_id, size - 5, 6, buf),
		 EFI_INVALID_PARAMETER);
	t_status("disk.disk_io_offset_wraps",
		 dio->read_disk(dio, m->media_id, ~0ull - 2, 6, buf), EFI_INVALID_PARAMETER);
	t_status("disk.disk_io_media_changed", dio->read_disk(dio, m->media_id + 1, 0, 1, buf),
		 EFI_MEDIA_CHANGED);
	if (m->read_only) {
		t_status("disk.disk_io_write_protected", dio->write_disk(dio, m->media_id, 10, 1, buf),
			 EFI_WRITE_PROTECTED);
		return;
	}
	/* 3 bytes across a block boundary, then back as they were */
	dio->read_disk(dio, m->media_id, m->block_size - 1, 3, buf);
	buf[4] = (uint8_t)~buf[0], buf[5] = (uint8_t)~buf[1], buf[6] = (uint8_t)~buf[2];
	t_status("disk.disk_io_write", dio->write_disk(dio, m->media_id, m->block_size - 1, 3, buf + 4),
		 EFI_SUCCESS);
	dio->read_disk(dio, m->media_id, m->block_size - 2, 5, buf + 8);
	t_check("disk.disk_io_write_read_back",
		buf[9] == buf[4] && buf[10] == buf[5] && buf[11] == buf[6] &&
			matches(buf + 8, m->block_size - 2, 1) && matches(buf + 12, m->block_size + 2, 1),
		"written bytes or their neighbours read back wrong");
	dio->write_disk(dio, m->media_id, m->block_size - 1, 3, buf);
}

static void writes(struct efi_block_io_protocol *bio)
{
	struct efi_block_io_media *m = bio->media;
	static uint8_t old[4096], new[4096], back[4096];
	uint32_t bs = m->block_size;

	if (m->read_only) {
		t_status("disk.write_protected", bio->write_blocks(bio, m->media_id, 1, bs, new),
			 EFI_WRITE_PROTECTED);
		return;
	}
	bio->read_blocks(bio, m->media_id, 5, bs, old);
	for (uint32_t i = 0; i < bs; i++)
		new[i] = (uint8_t)(old[i] ^ 0xa5);
	t_status("disk.write_block", bio->write_blocks(bio, m->media_id, 5, bs, new), EFI_SUCCESS);
	t_status("disk.flush", bio->flush_blocks(bio), EFI_SUCCESS);
	bio->read_blocks(bio, m->media_id, 5, bs, back);
	t_check("disk.write_read_back", memcmp(back, new, bs) == 0, "block read back differs");
	t_status("disk.write_restore", bio->write_blocks(bio, m->media_id, 5, bs, old), EFI_SUCCESS);
	t_status("disk.write_past_end",
		 bio->write_blocks(bio, m->media_id, m->last_block + 1, bs, new),
		 EFI_INVALID_PARAMETER);
}

static size_t node_len(const struct efi_device_path *n)
{
	return (size_t)n->length[0] | (size_t)n->length[1] << 8;
}

/* Hardware path of the transport: ACPI root then PCI nodes (bridges, device), or VenHw (virtio-mmio), then End. */
static void device_path(efi_handle_t handle, struct seen *seen)
{
	const struct efi_device_path *n, *first = NULL, *last = NULL;
	unsigned count = 0, pci = 0;

	if (!t_status("disk.device_path",
		      env.bs->handle_protocol(handle, &device_path_guid, (void **)&n), EFI_SUCCESS))
		return;
	for (; n->type != DEVICE_PATH_END && count < 16 && node_len(n) >= 4; count++) {
		if (!first)
			first = n;
		last = n;
		pci += n->type == DP_HARDWARE && n->subtype == DP_HW_PCI && node_len(n) == 6;
		n = (const struct efi_device_path *)((const uint8_t *)n + node_len(n));
	}
	if (!t_check("disk.device_path_ends", n->type == DEVICE_PATH_END &&
		     n->subtype == DEVICE_PATH_END_ENTIRE && last, "no End node after the hardware path"))
		return;
	if (last->type == DP_HARDWARE && last->subtype == DP_HW_PCI) {
		seen->pci++;
		seen->bridged += count > 2;
		t_check("disk.pci_path_under_root",
			first->type == DP_ACPI && pci == count - 1,
			"not PciRoot then only Pci() nodes");
	} else {
		seen->mmio += last->type == DP_HARDWARE && last->subtype == DP_HW_VENDOR &&
			      node_len(last) == 28 && count == 1;
	}
}

static bool starts_with_pattern(struct efi_block_io_protocol *bio)
{
	static uint8_t block[4096];

	return bio->read_blocks(bio, bio->media->media_id, 0, bio->media->block_size, block) ==
		       EFI_SUCCESS &&
	       matches(block, 0, bio->media->block_size);
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A partition: HD() last, under the disk's hardware path; its blocks are the image's. */
static void one_partition(efi_handle_t handle, struct efi_block_io_protocol *bio,
			  struct seen *seen)
{
	struct efi_block_io_media *m = bio->media;
	const struct efi_device_path *n, *prev = NULL, *hd = NULL;
	struct efi_disk_io_protocol *dio;
	static uint8_t buf[4096 + 100];
	uint64_t start, size, bs = m->block_size;
	unsigned count = 0;

	seen->partitions++;
	if (!t_status("part.device_path",
		      env.bs->handle_protocol(handle, &device_path_guid, (void **)&n), EFI_SUCCESS))
		return;
	for (; n->type != DEVICE_PATH_END && count < 16 && node_len(n) >= 4; count++) {
		prev = hd;
		hd = n;
		n = (const struct efi_device_path *)((const uint8_t *)n + node_len(n));
	}
	if (!t_check("part.hd_node_last", hd && hd->type == DEVICE_PATH_MEDIA &&
		     hd->subtype == DP_MEDIA_HARD_DRIVE && node_len(hd) == HD_NODE_LEN,
		     "the path does not end in an HD() node"))
		return;
	t_check("part.under_hardware_path", prev && prev->type == DP_HARDWARE,
		"HD() is not right after the disk's hardware node");
	start = get64((const uint8_t *)hd + 8);
	size = get64((const uint8_t *)hd + 16);
	seen->gpt += ((const uint8_t *)hd)[40] == 2 && ((const uint8_t *)hd)[41] == 2;
	seen->mbr += ((const uint8_t *)hd)[40] == 1 && ((const uint8_t *)hd)[41] == 1;
	t_equal("part.size_is_hd_size", m->last_block + 1, size);
	t_check("part.logical_partition", m->logical_partition, "LogicalPartition not set");
	if (t_status("part.read_first_block", bio->read_blocks(bio, m->media_id, 0, bs, buf),
		     EFI_SUCCESS))
		t_check("part.first_block_matches", matches(buf, start * bs, bs),
			"block 0 is not the disk's block at the HD() start");
	if (t_status("part.read_last_block",
		     bio->read_blocks(bio, m->media_id, m->last_block, bs, buf), EFI_SUCCESS))
		t_check("part.last_block_matches", matches(buf, (start + m->last_block) * bs, bs),
			"last block differs from the image");
	t_status("part.read_past_end", bio->read_blocks(bio, m->media_id, m->last_block + 1, bs, buf),
		 EFI_INVALID_PARAMETER);
	if (t_status("part.disk_io", env.bs->handle_protocol(handle, &disk_io_guid, (void **)&dio),
		     EFI_SUCCESS) &&
	    t_status("part.disk_io_read", dio->read_disk(dio, m->media_id, bs - 50, 100, buf),
		     EFI_SUCCESS))
		t_check("part.disk_io_matches", matches(buf, start * bs + bs - 50, 100),
			"Disk I/O bytes differ from the image");
}

static void one_disk(efi_handle_t handle, struct efi_block_io_protocol *bio, struct seen *seen)
{
	struct efi_block_io_media *m = bio->media;

	seen->disks++;
	t_check("disk.media_present", m->media_present, "media not present");
	t_check("disk.revision", bio->revision >= 0x00020001, "Block I/O revision below 2");
	if (!t_check("disk.block_size", m->block_size == 512 || m->block_size == 4096,
		     "block size neither 512 nor 4096"))
		return;
	t_equal("disk.block_count", m->last_block + 1, DISK_BYTES / m->block_size);
	seen->bs4096 += m->block_size == 4096;
	seen->read_only += m->read_only;
	device_path(handle, seen);
	if (!starts_with_pattern(bio))
		return; /* a partition table: checked through the partitions */
	read_whole(bio);
	block_arguments(bio);
	disk_io(handle, m);
	writes(bio);
}

/* Like the shell's "connect -r": firmware that connects lazily (edk2 with -kernel) does now. */
static void connect_all(void)
{
	efi_handle_t *handles = NULL;
	uint64_t count = 0;

	if (env.bs->locate_handle_buffer(EFI_ALL_HANDLES, NULL, NULL, &count, &handles) != EFI_SUCCESS)
		return;
	for (uint64_t i = 0; i < count; i++)
		env.bs->connect_controller(handles[i], NULL, NULL, true);
	env.bs->free_pool(handles);
}

static uint64_t partition_count(void)
{
	efi_handle_t *handles = NULL;
	uint64_t count = 0, partitions = 0;

	env.bs->locate_handle_buffer(EFI_BY_PROTOCOL, &block_io_guid, NULL, &count, &handles);
	for (uint64_t i = 0; i < count; i++) {
		struct efi_block_io_protocol *bio;

		if (env.bs->handle_protocol(handles[i], &block_io_guid, (void **)&bio) == EFI_SUCCESS)
			partitions += bio->media->logical_partition;
	}
	if (handles)
		env.bs->free_pool(handles);
	return partitions;
}

static bool disconnect_all(efi_handle_t *disks, uint64_t n)
{
	bool ok = true;

	for (uint64_t i = 0; i < n; i++)
		ok &= env.bs->disconnect_controller(disks[i], NULL, NULL) == EFI_SUCCESS;
	return ok;
}

static void connect_disks(efi_handle_t *disks, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		env.bs->connect_controller(disks[i], NULL, NULL, true);
}

/*
 * The partitions are a driver's children: disconnecting the disks removes
 * them (and whatever was started on them), connecting again brings them back.
 * Connecting disks that are already connected (systemd-boot's driver reload,
 * GRUB's connectefi) adds nothing and keeps the driver's hold on them, so a
 * later disconnect still removes every child.
 */
static void reconnect(efi_handle_t *disks, uint64_t n, uint64_t partitions)
{
	t_check("part.disconnect", disconnect_all(disks, n), "DisconnectController on a disk failed");
	t_equal("part.gone_after_disconnect", partition_count(), 0);
	connect_disks(disks, n);
	t_equal("part.back_after_connect", partition_count(), partitions);
	connect_disks(disks, n);
	t_equal("part.connect_again_adds_none", partition_count(), partitions);
	disconnect_all(disks, n);
	t_equal("part.gone_after_connecting_twice", partition_count(), 0);
	connect_disks(disks, n);
	t_equal("part.back_after_second_round", partition_count(), partitions);
}

void test_disks(void)
{
	static const char *const counts[] = { "disk-count-0", "disk-count-1", "disk-count-2",
					      "disk-count-3", "disk-count-4" };
	efi_handle_t *handles = NULL;
	uint64_t count = 0, disks = 0;
	struct seen seen = { 0 };
	/* what an -append word asks to have seen at least once */
	const struct {
		const char *option, *check, *missing;
		const unsigned *count;
	} kinds[] = {
		{ "disk-gpt", "disk.saw_gpt", "no HD() node of a GPT partition", &seen.gpt },
		{ "disk-mbr", "disk.saw_mbr", "no HD() node of an MBR partition", &seen.mbr },
		{ "disk-4096", "disk.saw_4096", "no disk with 4096-byte blocks", &seen.bs4096 },
		{ "disk-read-only", "disk.saw_read_only", "no read-only disk", &seen.read_only },
		{ "disk-mmio", "disk.saw_mmio", "no disk with a virtio-mmio VenHw path", &seen.mmio },
		{ "disk-bridged", "disk.saw_bridged", "no PCI disk behind a bridge", &seen.bridged },
		{ "disk-pci", "disk.saw_pci", "no disk with a PciRoot/Pci path", &seen.pci },
	};

	connect_all();
	env.bs->locate_handle_buffer(EFI_BY_PROTOCOL, &block_io_guid, NULL, &count, &handles);
	for (uint64_t i = 0; i < count; i++) {
		struct efi_block_io_protocol *bio;

		if (env.bs->handle_protocol(handles[i], &block_io_guid, (void **)&bio) != EFI_SUCCESS)
			continue;
		if (bio->media->logical_partition) {
			one_partition(handles[i], bio, &seen);
		} else {
			one_disk(handles[i], bio, &seen);
			handles[disks++] = handles[i];
		}
	}
	if (seen.partitions)
		reconnect(handles, disks, seen.partitions);
	if (handles)
		env.bs->free_pool(handles);
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (option_given(counts[i]))
			t_equal("disk.count", seen.disks, i);
	for (unsigned i = 0; i < 8; i++) {
		static char word[] = "disk-partitions-0";

		word[sizeof(word) - 2] = (char)('0' + i);
		if (option_given(word))
			t_equal("disk.partition_count", seen.partitions, i);
	}
	for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (option_given(kinds[i].option))
			t_check(kinds[i].check, *kinds[i].count > 0, kinds[i].missing);
}
