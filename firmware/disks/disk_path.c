#include "firmware/disks/disk_path.h"

#include <stdint.h>
#include <string.h>

#define PATH_NODES 16 /* bound on the walk of the parent's path */

/* Bytes of path before its End node. */
static size_t prefix_bytes(const efi_device_path_t *path)
{
	const uint8_t *p = (const uint8_t *)path;
	size_t off = 0;

	for (int i = 0; i < PATH_NODES; i++) {
		const efi_device_path_t *n = (const efi_device_path_t *)(p + off);

		if (n->type == EFI_DP_TYPE_END)
			return off;
		off += (size_t)(n->length[0] | n->length[1] << 8);
	}
	return SIZE_MAX;
}

bool disk_child_path(const efi_device_path_t *parent, const void *node, size_t len, uint8_t *out,
		     size_t cap)
{
	size_t prefix = prefix_bytes(parent);
	efi_device_path_t end = { EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, { sizeof(end), 0 } };

	if (cap < len + sizeof(end) || prefix > cap - len - sizeof(end))
		return false;
	memcpy(out, parent, prefix);
	memcpy(out + prefix, node, len);
	memcpy(out + prefix + len, &end, sizeof(end));
	return true;
}
