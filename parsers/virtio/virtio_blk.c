/*
 * virtio-blk config space and request status.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                               | status                          |
 * |--------------------------------------------------------------------|---------------------------------|
 * | config and output non-NULL                                         | VIRTIO_ERR_ARGUMENT             |
 * | the bytes read hold capacity and every field a negotiated feature  | VIRTIO_ERR_BLK_CONFIG_TRUNCATED |
 * | reports                                                            |                                 |
 * | capacity > 0, capacity x 512 < 2^64, at least one whole block      | VIRTIO_ERR_BLK_CAPACITY         |
 * | BLK_SIZE: blk_size a power of two from 512 to 4096                 | VIRTIO_ERR_BLK_BLOCK_SIZE       |
 * | SEG_MAX: seg_max >= 1                                              | VIRTIO_ERR_BLK_SEG_MAX          |
 * | SIZE_MAX: size_max >= the block size (a block fits one segment)    | VIRTIO_ERR_BLK_SIZE_MAX         |
 * | status byte VIRTIO_BLK_S_OK                                        | VIRTIO_OK                       |
 * | ... VIRTIO_BLK_S_IOERR                                             | VIRTIO_ERR_BLK_IOERR            |
 * | ... VIRTIO_BLK_S_UNSUPP                                            | VIRTIO_ERR_BLK_UNSUPP           |
 * | ... any other value                                                | VIRTIO_ERR_BLK_STATUS_VALUE     |
 *
 * Capacity is always in 512-byte units; a tail shorter than one logical
 * block is not addressable and is dropped.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/virtio/virtio.h"

#define CFG_CAPACITY 0u
#define CFG_SIZE_MAX 8u
#define CFG_SEG_MAX 12u
#define CFG_BLK_SIZE 20u

int virtio_blk_check_config(const void *cfg, size_t len, uint64_t features,
			    struct virtio_blk_geometry *out)
{
	const uint8_t *p = cfg;

	if (!p || !out)
		return VIRTIO_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < CFG_SIZE_MAX || ((features & VIRTIO_BLK_F_SIZE_MAX) && len < CFG_SIZE_MAX + 4) ||
	    ((features & VIRTIO_BLK_F_SEG_MAX) && len < CFG_SEG_MAX + 4) ||
	    ((features & VIRTIO_BLK_F_BLK_SIZE) && len < CFG_BLK_SIZE + 4))
		return VIRTIO_ERR_BLK_CONFIG_TRUNCATED;
	out->capacity = bytes_le64(p + CFG_CAPACITY);
	if (out->capacity == 0 || out->capacity > UINT64_MAX / VIRTIO_BLK_SECTOR_SIZE)
		return VIRTIO_ERR_BLK_CAPACITY;
	out->block_size = VIRTIO_BLK_SECTOR_SIZE;
	if (features & VIRTIO_BLK_F_BLK_SIZE) {
		uint32_t bs = bytes_le32(p + CFG_BLK_SIZE);
		if (bs < 512 || bs > 4096 || (bs & (bs - 1)))
			return VIRTIO_ERR_BLK_BLOCK_SIZE;
		out->block_size = bs;
	}
	out->num_blocks = out->capacity / (out->block_size / VIRTIO_BLK_SECTOR_SIZE);
	if (out->num_blocks == 0)
		return VIRTIO_ERR_BLK_CAPACITY;
	if (features & VIRTIO_BLK_F_SEG_MAX) {
		out->seg_max = bytes_le32(p + CFG_SEG_MAX);
		if (out->seg_max == 0)
			return VIRTIO_ERR_BLK_SEG_MAX;
	}
	if (features & VIRTIO_BLK_F_SIZE_MAX) {
		out->size_max = bytes_le32(p + CFG_SIZE_MAX);
		if (out->size_max < out->block_size)
			return VIRTIO_ERR_BLK_SIZE_MAX;
	}
	out->read_only = (features & VIRTIO_BLK_F_RO) != 0;
	return VIRTIO_OK;
}

int virtio_blk_check_status(uint8_t status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return VIRTIO_OK;
	case VIRTIO_BLK_S_IOERR:
		return VIRTIO_ERR_BLK_IOERR;
	case VIRTIO_BLK_S_UNSUPP:
		return VIRTIO_ERR_BLK_UNSUPP;
	default:
		return VIRTIO_ERR_BLK_STATUS_VALUE;
	}
}
