#include "firmware/drivers/virtio/virtqueue.h"

#include <string.h>

#include "firmware/drivers/io.h"
#include "parsers/bytes/bytes.h"

#define AVAIL_OFFSET(size) (VQ_DESC_BYTES(size))
#define VQ_DESC_BYTES(size) ((size_t)(size) * VIRTQ_DESC_SIZE)
#define USED_OFFSET VQ_PAGE
#define USED_IDX 2u /* flags, then idx */

int vq_init(struct virtq *q, struct virtio_dev *dev, uint16_t index, uint8_t *mem)
{
	uint32_t max = dev->ops->queue_max(dev, index);
	uint64_t base = (uint64_t)(uintptr_t)mem;
	int status = virtq_pick_size(max < VQ_SIZE_MAX ? max : VQ_SIZE_MAX, VQ_MAX_BUFS, &q->size);

	if (status != VIRTIO_OK)
		return status;
	q->dev = dev;
	q->index = index;
	q->avail_idx = 0;
	q->mem = mem;
	virtq_tracker_init(&q->track, q->size);
	if (dev->ops->queue_setup(dev, index, q->size, base, base + AVAIL_OFFSET(q->size),
				  base + USED_OFFSET))
		return VQ_ERR_SETUP;
	return VIRTIO_OK;
}

static void write_desc(struct virtq *q, uint16_t i, const struct vq_buf *b, bool last)
{
	uint8_t *d = q->mem + (size_t)i * VIRTQ_DESC_SIZE;
	uint16_t flags = (last ? 0 : VIRTQ_DESC_F_NEXT) | (b->device_writes ? VIRTQ_DESC_F_WRITE : 0);

	bytes_store_le(d, b->addr, 8);
	bytes_store_le(d + 8, b->len, 4);
	bytes_store_le(d + 12, flags, 2);
	bytes_store_le(d + 14, last ? 0 : i + 1u, 2);
}

/*
 * The used ring as the device left it, copied so that each device-written
 * field is read once: used.idx alone first (one 16-bit load: the device
 * stores it whole), then, once it shows a new element and after a barrier,
 * the elements. Without the barrier a weakly ordered CPU (a KVM host) may
 * load an element before the idx that covers it, and take the stale element
 * of an earlier request (the device writes the element first, then idx).
 */
static int wait_used(struct virtq *q, struct virtq_completion *done)
{
	uint8_t snapshot[VIRTQ_USED_HEADER + VQ_SIZE_MAX * VIRTQ_USED_ELEM_SIZE] = { 0 };
	const uint8_t *used = q->mem + USED_OFFSET;
	size_t len = virtq_used_bytes(q->size);
	uint64_t start = q->now();
	uint16_t pending = 0, idx;
	int status;

	for (;;) {
		io_barrier();
		idx = *(const volatile uint16_t *)(used + USED_IDX);
		memcpy(snapshot + USED_IDX, &idx, sizeof(idx));
		status = virtq_used_pending(&q->track, snapshot, len, &pending);
		if (status != VIRTIO_OK)
			return status;
		if (pending)
			break;
		if (q->while_busy)
			q->while_busy(q->busy_ctx);
		if (q->now() - start > q->timeout)
			return VQ_ERR_TIMEOUT;
	}
	io_barrier(); /* the idx load above before the element loads below */
	memcpy(snapshot + VIRTQ_USED_HEADER, used + VIRTQ_USED_HEADER, len - VIRTQ_USED_HEADER);
	io_barrier(); /* and both before the buffers the element hands back are read */
	return virtq_used_take(&q->track, snapshot, len, done);
}

int vq_run(struct virtq *q, const struct vq_buf *bufs, unsigned n)
{
	uint8_t *avail = q->mem + AVAIL_OFFSET(q->size);
	uint32_t writable = 0;
	struct virtq_completion done;
	int status;

	if (!n || n > VQ_MAX_BUFS || n > q->size)
		return VIRTIO_ERR_ARGUMENT;
	for (unsigned i = 0; i < n; i++) {
		write_desc(q, (uint16_t)i, &bufs[i], i + 1 == n);
		writable += bufs[i].device_writes ? bufs[i].len : 0;
	}
	status = virtq_post(&q->track, q->mem, VQ_DESC_BYTES(q->size), 0);
	if (status != VIRTIO_OK)
		return status;
	bytes_store_le(avail + 4 + 2 * (size_t)(q->avail_idx % q->size), 0, 2);
	io_barrier();
	q->avail_idx++;
	bytes_store_le(avail + 2, q->avail_idx, 2);
	io_barrier();
	q->dev->ops->notify(q->dev, q->index);
	status = wait_used(q, &done);
	if (status != VIRTIO_OK)
		return status;
	/*
	 * all of it: a device that wrote less left stale bytes in the buffers
	 * (more only where the tracker lets len count device-readable bytes)
	 */
	return done.len >= writable ? VIRTIO_OK : VQ_ERR_SHORT;
}

const char *vq_strerror(int status)
{
	if (status == VQ_ERR_TIMEOUT)
		return "device did not answer in time";
	if (status == VQ_ERR_SETUP)
		return "queue setup refused";
	if (status == VQ_ERR_SHORT)
		return "used ring length short of the request";
	return virtio_strerror(status);
}
