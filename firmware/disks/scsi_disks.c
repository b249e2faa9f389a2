#include "firmware/disks/scsi_disks.h"

#include <string.h>

#include "firmware/disks/disk_register.h"
#include "firmware/disks/disks.h"
#include "firmware/drivers/virtio/scsi.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/format.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"

#define MAX_ADAPTERS 4
#define MAX_LUNS 16

struct lun_disk {
	struct virtio_scsi_lun lun;
	struct efi_block_device dev;
};

static struct virtio_scsi adapters[MAX_ADAPTERS];
static size_t adapter_count;
static struct lun_disk luns[MAX_LUNS];
static struct disk_table table = { "SCSI LUNs", MAX_LUNS, 0 };

static int lun_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return virtio_scsi_read(ctx, lba, count, buf);
}

static int lun_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return virtio_scsi_write(ctx, lba, count, buf);
}

static int lun_flush(void *ctx)
{
	return virtio_scsi_flush(ctx);
}

static bool found(void *ctx, const struct virtio_scsi_lun *l)
{
	struct lun_disk *d = &luns[table.count];
	efi_scsi_device_path_t node = {
		.header = { EFI_DP_TYPE_MESSAGING, EFI_DP_MSG_SCSI, { sizeof(node), 0 } },
		.target = l->target,
		.lun = l->lun,
	};
	char who[DISK_WHO_BYTES];

	format_string(who, sizeof(who), "%s%llx: scsi %u,%u", l->hba->dev.kind,
		      (unsigned long long)l->hba->dev.where, l->target, l->lun);
	if (!disk_room(&table, who))
		return false;
	d->lun = *l;
	d->dev = (struct efi_block_device){
		.ctx = &d->lun,
		.block_size = l->block_size,
		.num_blocks = l->num_blocks,
		.read_only = l->read_only,
		.read = lun_read,
		.write = lun_write,
		.flush = lun_flush,
	};
	return disk_register(&table, &d->dev, ctx, &node.header, who,
			     l->type == SCSI_TYPE_CDROM ? "CD/DVD, " : "disk, ");
}

bool scsi_disks_add(const struct virtio_dev *dev, const efi_device_path_t *path)
{
	struct virtio_scsi *s = &adapters[adapter_count];
	size_t before = table.count;
	uint64_t start;
	uint8_t *mem;

	if (adapter_count == MAX_ADAPTERS) {
		log_msg(LOG_ERROR, "error: %s%llx: more than %u virtio-scsi adapters, left out",
			dev->kind, (unsigned long long)dev->where, MAX_ADAPTERS);
		return false;
	}
	mem = efi_allocate_pages(VIRTIO_SCSI_MEM_BYTES, VQ_PAGE, EFI_BOOT_SERVICES_DATA);
	if (!mem) {
		log_msg(LOG_ERROR, "error: %s%llx: out of memory for its rings, left out", dev->kind,
			(unsigned long long)dev->where);
		return false;
	}
	memset(mem, 0, VIRTIO_SCSI_MEM_BYTES);
	if (virtio_scsi_init(s, dev, mem, timer_ticks, timer_frequency() * DISK_REQUEST_TIMEOUT_S)) {
		efi_free_pages(mem, VIRTIO_SCSI_MEM_BYTES); /* named, and reset, by the driver */
		return false;
	}
	/* a device refused during the scan keeps the LUNs found: their reads fail by name */
	start = timer_ticks();
	virtio_scsi_scan(s, found, (void *)(uintptr_t)path);
	log_debug("disk: %s%llx: targets 0-%u scanned in %llu us, %zu LUNs served", dev->kind,
		  (unsigned long long)dev->where, s->cfg.max_target,
		  (unsigned long long)((timer_ticks() - start) * 1000000 / timer_frequency()),
		  table.count - before);
	if (table.count == before) {
		/* nothing to serve: the device goes back to its reset state, its rings freed */
		virtio_scsi_stop(s);
		efi_free_pages(mem, VIRTIO_SCSI_MEM_BYTES);
		return false;
	}
	adapter_count++;
	return true;
}

void scsi_disks_flush(void)
{
	for (size_t i = 0; i < table.count; i++)
		virtio_scsi_flush(&luns[i].lun); /* read-only LUNs: nothing sent */
}

void scsi_disks_stop(void)
{
	for (size_t i = 0; i < adapter_count; i++) {
		log_debug("disk: %s%llx: %llu requests, %llu bytes", adapters[i].dev.kind,
			  (unsigned long long)adapters[i].dev.where,
			  (unsigned long long)adapters[i].requests,
			  (unsigned long long)adapters[i].bytes);
		virtio_scsi_stop(&adapters[i]);
	}
}
