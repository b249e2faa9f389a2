#include "firmware/disks/disk_register.h"

#include <stdint.h>

#include "firmware/disks/disk_path.h"
#include "firmware/platform/log.h"

#define PATH_BYTES 128 /* a controller's path (PciRoot, bridges, Pci) + Scsi or NVMe + End */

bool disk_room(const struct disk_table *t, const char *who)
{
	if (t->count < t->max)
		return true;
	log_msg(LOG_ERROR, "error: %s: more than %u %s, left out", who, t->max, t->what);
	return false;
}

bool disk_register(struct disk_table *t, const struct efi_block_device *dev,
		   const efi_device_path_t *parent, const efi_device_path_t *node, const char *who,
		   const char *note)
{
	uint8_t child[PATH_BYTES];
	const efi_device_path_t *path = parent;
	efi_handle_t handle;

	if (node) {
		size_t len = (size_t)(node->length[0] | node->length[1] << 8);

		if (!disk_child_path(parent, node, len, child, sizeof(child))) {
			log_msg(LOG_ERROR, "error: %s: device path longer than %u bytes, left out",
				who, PATH_BYTES);
			return false;
		}
		path = (const efi_device_path_t *)child;
	}
	if (efi_disk_install(dev, path, &handle) != EFI_SUCCESS) {
		/* the driver checked the block size: only memory can be missing */
		log_msg(LOG_ERROR, "error: %s: out of memory for its EFI handle, left out", who);
		return false;
	}
	t->count++;
	log_debug("disk: %s: %s%llu blocks of %u bytes%s", who, note,
		  (unsigned long long)dev->num_blocks, dev->block_size,
		  dev->read_only ? ", read-only" : "");
	return true;
}
