#include "firmware/disks/virtio_blk_disks.h"

#include <string.h>

#include "firmware/disks/disks.h"
#include "firmware/drivers/virtio/blk.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/timer.h"

#define MAX_DISKS 16

struct disk {
	struct virtio_blk blk;
	struct efi_block_device dev;
};

static struct disk disks[MAX_DISKS];
static size_t disk_count;

static int disk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return virtio_blk_read(ctx, lba, count, buf);
}

static int disk_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return virtio_blk_write(ctx, lba, count, buf);
}

static int disk_flush(void *ctx)
{
	return virtio_blk_flush(ctx);
}

/*
 * While the device fills one piece of a long read, the CPU stores once to
 * each page of the next piece (virtio-blk's prepare hook): on QEMU the first
 * store to a guest page makes the host allocate and clear it, work that the
 * host's copy into that page would otherwise do after the previous piece,
 * and that now overlaps it (a 27 MB kernel read into fresh pages: QEMU's
 * preads 13-19 ms -> 7-10 ms on a quiet host). Each store writes back the byte just read, so the
 * buffer is unchanged, and the device has not been given this memory yet;
 * virtio devices are cache coherent, as the rings rely on too. Only memory
 * the CPU may write: a caller's buffer might be mapped read-only.
 */
static void prefault(uint8_t *p, uint64_t n)
{
	volatile uint8_t *v = p, *end = p + n;

	if (!mmu_ram_writable((uint64_t)(uintptr_t)p, n))
		return;
	while (v < end) {
		*v = *v;
		v = (volatile uint8_t *)(((uintptr_t)v | (EFI_PAGE_SIZE - 1)) + 1);
	}
}

/*
 * Starts the device and installs its handle; a device that fails is named
 * and left out, its ring memory given back (the device reset first).
 */
bool virtio_blk_disks_add(const struct virtio_dev *dev, const efi_device_path_t *path)
{
	struct disk *d = &disks[disk_count];
	uint8_t *mem;
	efi_handle_t handle;

	if (disk_count == MAX_DISKS) {
		log_msg(LOG_ERROR, "error: %s%llx: more than %u disks, left out", dev->kind,
			(unsigned long long)dev->where, MAX_DISKS);
		return false;
	}
	mem = efi_allocate_pages(VIRTIO_BLK_MEM_BYTES, VQ_PAGE, EFI_BOOT_SERVICES_DATA);
	if (!mem) {
		log_msg(LOG_ERROR, "error: %s%llx: out of memory for its rings, left out", dev->kind,
			(unsigned long long)dev->where);
		return false;
	}
	memset(mem, 0, VIRTIO_BLK_MEM_BYTES);
	if (virtio_blk_init(&d->blk, dev, mem, timer_ticks,
			    timer_frequency() * DISK_REQUEST_TIMEOUT_S)) {
		efi_free_pages(mem, VIRTIO_BLK_MEM_BYTES); /* named, and reset, by the driver */
		return false;
	}
	d->blk.prepare = prefault;
	d->dev = (struct efi_block_device){
		.ctx = &d->blk,
		.block_size = d->blk.geo.block_size,
		.num_blocks = d->blk.geo.num_blocks,
		.read_only = d->blk.geo.read_only,
		.read = disk_read,
		.write = disk_write,
		.flush = disk_flush,
	};
	if (efi_disk_install(&d->dev, path, &handle) != EFI_SUCCESS) {
		/* the block size is checked already: only memory can be missing */
		log_msg(LOG_ERROR, "error: %s%llx: out of memory for its EFI handle, left out",
			dev->kind, (unsigned long long)dev->where);
		virtio_blk_stop(&d->blk);
		efi_free_pages(mem, VIRTIO_BLK_MEM_BYTES);
		return false;
	}
	disk_count++;
	log_debug("disk: %s%llx: %llu blocks of %u bytes%s", dev->kind,
		  (unsigned long long)dev->where, (unsigned long long)d->blk.geo.num_blocks,
		  d->blk.geo.block_size, d->blk.geo.read_only ? ", read-only" : "");
	return true;
}

void virtio_blk_disks_stop(void)
{
	for (size_t i = 0; i < disk_count; i++) {
		log_debug("disk: %s%llx: %llu requests, %llu bytes", disks[i].blk.dev.kind,
			  (unsigned long long)disks[i].blk.dev.where,
			  (unsigned long long)disks[i].blk.requests,
			  (unsigned long long)disks[i].blk.bytes);
		virtio_blk_stop(&disks[i].blk);
	}
}
