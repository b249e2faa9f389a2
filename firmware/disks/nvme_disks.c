#include "firmware/disks/nvme_disks.h"

#include <string.h>

#include "firmware/disks/disk_register.h"
#include "firmware/disks/disks.h"
#include "firmware/drivers/nvme/nvme.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/format.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"

#define MAX_CONTROLLERS 4
#define MAX_NAMESPACES 16

struct ns_disk {
	struct nvme_namespace ns;
	struct efi_block_device dev;
};

static struct nvme ctrls[MAX_CONTROLLERS];
static size_t ctrl_count;
static struct ns_disk disks[MAX_NAMESPACES];
static struct disk_table table = { "NVMe namespaces", MAX_NAMESPACES, 0 };

/*
 * The controller's memory back to the pool once it is disabled; a controller
 * still ready after the disable may yet write its queues and data page, so
 * those pages stay allocated rather than be handed to someone else.
 */
static void release(const struct nvme *n, uint8_t *mem)
{
	if (n->stopped)
		efi_free_pages(mem, NVME_MEM_BYTES);
}

static int ns_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return nvme_read(ctx, lba, count, buf);
}

static int ns_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return nvme_write(ctx, lba, count, buf);
}

static int ns_flush(void *ctx)
{
	return nvme_flush(ctx);
}

static bool found(void *ctx, const struct nvme_namespace *ns)
{
	struct ns_disk *d = &disks[table.count];
	efi_nvme_device_path_t node = {
		.header = { EFI_DP_TYPE_MESSAGING, EFI_DP_MSG_NVME, { sizeof(node), 0 } },
		.nsid = ns->nsid,
	};
	char who[DISK_WHO_BYTES];

	memcpy(node.eui64, ns->eui64, sizeof(node.eui64));
	format_string(who, sizeof(who), "nvme@0x%x: namespace %u", ns->ctrl->where, ns->nsid);
	if (!disk_room(&table, who))
		return false;
	d->ns = *ns;
	d->dev = (struct efi_block_device){
		.ctx = &d->ns,
		.block_size = ns->block_size,
		.num_blocks = ns->num_blocks,
		.read_only = ns->read_only,
		.read = ns_read,
		.write = ns_write,
		.flush = ns_flush,
	};
	return disk_register(&table, &d->dev, ctx, &node.header, who, "");
}

bool nvme_disks_add(uint64_t bar, uint64_t bar_size, uint32_t where, const efi_device_path_t *path)
{
	struct nvme *n = &ctrls[ctrl_count];
	size_t before = table.count;
	uint8_t *mem;

	if (ctrl_count == MAX_CONTROLLERS) {
		log_msg(LOG_ERROR, "error: nvme@0x%x: more than %u NVMe controllers, left out", where,
			MAX_CONTROLLERS);
		return false;
	}
	mem = efi_allocate_pages(NVME_MEM_BYTES, NVME_PAGE, EFI_BOOT_SERVICES_DATA);
	if (!mem) {
		log_msg(LOG_ERROR, "error: nvme@0x%x: out of memory for its queues, left out", where);
		return false;
	}
	memset(mem, 0, NVME_MEM_BYTES);
	if (nvme_init(n, bar, bar_size, where, mem, timer_ticks, timer_frequency(),
		      DISK_REQUEST_TIMEOUT_S)) {
		release(n, mem); /* named, and disabled, by the driver */
		return false;
	}
	/* a controller refused during the scan keeps the namespaces found: their reads fail by name */
	nvme_scan(n, found, (void *)(uintptr_t)path);
	if (table.count == before) {
		nvme_stop(n);
		release(n, mem);
		return false;
	}
	ctrl_count++;
	return true;
}

/* The counters of the controller's I/O, as the stop leaves them. */
static void log_counts(const struct nvme *n)
{
	log_debug("disk: nvme@0x%x: %llu requests, %llu bytes", n->where,
		  (unsigned long long)n->requests, (unsigned long long)n->bytes);
}

void nvme_disks_shutdown(void)
{
	for (size_t i = 0; i < table.count; i++) {
		struct nvme_namespace *ns = &disks[i].ns;

		/* a controller stopped or refused already runs nothing: nvme_shutdown() knows */
		if (ns->ctrl->id.volatile_cache && !ns->read_only && !ns->ctrl->stopped)
			nvme_flush(ns);
	}
	for (size_t i = 0; i < ctrl_count; i++) {
		log_counts(&ctrls[i]);
		nvme_shutdown(&ctrls[i]);
	}
}

void nvme_disks_stop(void)
{
	for (size_t i = 0; i < ctrl_count; i++) {
		log_counts(&ctrls[i]);
		nvme_stop(&ctrls[i]);
	}
}
