#include "parsers/bytes/status_message.h"
#include "parsers/virtio/virtio.h"

static const char *const messages[VIRTIO_ERR_COUNT] = {
	[VIRTIO_OK] = "ok",
	[VIRTIO_ERR_ARGUMENT] = "invalid argument",
	[VIRTIO_ERR_QUEUE_SIZE] = "device offers no queue (QueueNumMax 0)",
	[VIRTIO_ERR_QUEUE_TOO_SMALL] = "device queue smaller than one request's descriptor chain",
	[VIRTIO_ERR_RING_TRUNCATED] = "ring buffer smaller than the queue",
	[VIRTIO_ERR_DESC_HEAD] = "descriptor chain head out of range",
	[VIRTIO_ERR_DESC_NEXT] = "descriptor next index out of range",
	[VIRTIO_ERR_DESC_LOOP] = "descriptor chain loops",
	[VIRTIO_ERR_DESC_LENGTH] = "descriptor length zero or chain too long",
	[VIRTIO_ERR_DESC_INDIRECT] = "indirect descriptor not negotiated",
	[VIRTIO_ERR_DESC_ORDER] = "device-readable descriptor after a writable one",
	[VIRTIO_ERR_DESC_IN_USE] = "descriptor already in an outstanding chain",
	[VIRTIO_ERR_USED_IDX] = "used ring index moved past the outstanding requests",
	[VIRTIO_ERR_USED_ID] = "used ring id out of range",
	[VIRTIO_ERR_USED_NOT_OUTSTANDING] = "used ring id is not an outstanding request",
	[VIRTIO_ERR_USED_LEN] = "used ring length beyond the request's writable buffers",
	[VIRTIO_ERR_BLK_IOERR] = "virtio-blk request failed (VIRTIO_BLK_S_IOERR)",
	[VIRTIO_ERR_BLK_UNSUPP] = "virtio-blk request unsupported (VIRTIO_BLK_S_UNSUPP)",
	[VIRTIO_ERR_BLK_STATUS_VALUE] = "virtio-blk status byte not a defined value",
	[VIRTIO_ERR_BLK_CONFIG_TRUNCATED] = "virtio-blk config space too short",
	[VIRTIO_ERR_BLK_CAPACITY] = "virtio-blk capacity zero, below one block or too large",
	[VIRTIO_ERR_BLK_BLOCK_SIZE] = "virtio-blk block size not a power of two from 512 to 4096",
	[VIRTIO_ERR_BLK_SEG_MAX] = "virtio-blk seg_max is zero",
	[VIRTIO_ERR_BLK_SIZE_MAX] = "virtio-blk size_max below the block size",
};

const char *virtio_strerror(int status)
{
	return bytes_status_message(messages, VIRTIO_ERR_COUNT, status, "unknown virtio status");
}
