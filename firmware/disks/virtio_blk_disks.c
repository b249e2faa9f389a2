#include "firmware/disks/virtio_blk_disks.h"

#include <string.h>

#include "firmware/disks/disk_register.h"
#include "firmware/disks/disks.h"
#include "firmware/drivers/virtio/blk.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/format.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/timer.h"

#define MAX_DISKS 16

struct disk {
	struct virtio_blk blk;
	struct efi_block_device dev;
};

static struct disk disks[MAX_DISKS];
static struct disk_table table = { "disks", MAX_DISKS, 0 };

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
 * A device that fails is named and left out, its ring memory given back (the
 * device reset first); the table is asked first, so that a device beyond it
 * is never started.
 */
bool virtio_blk_disks_add(const struct virtio_dev *dev, const efi_device_path_t *path)
{
	struct disk *d = &disks[table.count];
	char who[DISK_WHO_BYTES];
	uint8_t *mem;

	format_string(who, sizeof(who), "%s%llx", dev->kind, (unsigned long long)dev->where);
	if (!disk_room(&table, who))
		return false;
	mem = efi_allocate_pages(VIRTIO_BLK_MEM_BYTES, VQ_PAGE, EFI_BOOT_SERVICES_DATA);
	if (!mem) {
		log_msg(LOG_ERROR, "error: %s: out of memory for its rings, left out", who);
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
	if (!disk_register(&table, &d->dev, path, NULL, who, "")) {
		virtio_blk_stop(&d->blk);
		efi_free_pages(mem, VIRTIO_BLK_MEM_BYTES);
		return false;
	}
	return true;
}

void virtio_blk_disks_flush(void)
{
	/* without VIRTIO_BLK_F_FLUSH the device caches nothing: the driver sends no request */
	for (size_t i = 0; i < table.count; i++)
		if (!disks[i].blk.geo.read_only)
			virtio_blk_flush(&disks[i].blk);
}

void virtio_blk_disks_stop(void)
{
	for (size_t i = 0; i < table.count; i++) {
		log_debug("disk: %s%llx: %llu requests, %llu bytes", disks[i].blk.dev.kind,
			  (unsigned long long)disks[i].blk.dev.where,
			  (unsigned long long)disks[i].blk.requests,
			  (unsigned long long)disks[i].blk.bytes);
		virtio_blk_stop(&disks[i].blk);
	}
}
