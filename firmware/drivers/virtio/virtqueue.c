#include "firmware/drivers/virtio/virtqueue.h"

#include <string.h>

#include "firmware/drivers/io.h"
#include "parsers/bytes/bytes.h"

#define AVAIL_OFFSET(size) (VQ_DESC_BYTES(size))
#define VQ_DESC_BYTES(size) ((size_t)(size) * VIRTQ_DESC_SIZE)
#define USED_OFFSET VQ_PAGE
#define USED_IDX 2u /* flags, then idx */

_Static_assert(VQ_SIZE_LIMIT * VIRTQ_DESC_SIZE + 6 + 2 * VQ_SIZE_LIMIT <= VQ_PAGE,
	       "descriptors and avail ring (flags, idx, ring, used_event) fit the first page");
_Static_assert(VIRTQ_USED_HEADER + VQ_SIZE_LIMIT * VIRTQ_USED_ELEM_SIZE + 2 <= VQ_PAGE,
	       "used ring (flags, idx, ring, avail_event) fits the second page");

int vq_init(struct virtq *q, struct virtio_dev *dev, uint16_t index, uint8_t *mem)
{
	return vq_init_size(q, dev, index, mem, VQ_SIZE_MAX);
}

int vq_init_size(struct virtq *q, struct virtio_dev *dev, uint16_t index, uint8_t *mem,
		 uint16_t want)
{
	uint32_t max = dev->ops->queue_max(dev, index);
	uint64_t base = (uint64_t)(uintptr_t)mem;
	int status;

	if (want > VQ_SIZE_LIMIT)
		return VIRTIO_ERR_ARGUMENT;
	status = virtq_pick_size(max < want ? max : want, VQ_MAX_BUFS, &q->size);

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
 * the element to take next (the only one virtq_used_take() reads). Without
 * the barrier a weakly ordered CPU (a KVM host) may load an element before
 * the idx that covers it, and take the stale element of an earlier request
 * (the device writes the element first, then idx).
 */
int vq_wait(struct virtq *q, struct virtq_completion *done)
{
	uint8_t snapshot[VIRTQ_USED_HEADER + VQ_SIZE_LIMIT * VIRTQ_USED_ELEM_SIZE];
	const uint8_t *used = q->mem + USED_OFFSET;
	size_t len = virtq_used_bytes(q->size);
	size_t elem = VIRTQ_USED_HEADER +
		      (size_t)(q->track.last_used & (q->size - 1)) * VIRTQ_USED_ELEM_SIZE;
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
	memcpy(snapshot + elem, used + elem, VIRTQ_USED_ELEM_SIZE);
	io_barrier(); /* and both before the buffers the element hands back are read */
	return virtq_used_take(&q->track, snapshot, len, done);
}

int vq_post(struct virtq *q, uint16_t head, const struct vq_buf *bufs, unsigned n)
{
	uint8_t *avail = q->mem + AVAIL_OFFSET(q->size);
	int status;

	if (!n || n > VQ_MAX_BUFS || head + n > q->size)
		return VIRTIO_ERR_ARGUMENT;
	for (unsigned i = 0; i < n; i++)
		write_desc(q, (uint16_t)(head + i), &bufs[i], i + 1 == n);
	status = virtq_post(&q->track, q->mem, VQ_DESC_BYTES(q->size), head);
	if (status != VIRTIO_OK)
		return status;
	bytes_store_le(avail + 4 + 2 * (size_t)(q->avail_idx % q->size), head, 2);
	io_barrier();
	q->avail_idx++;
	bytes_store_le(avail + 2, q->avail_idx, 2);
	return VIRTIO_OK;
}

void vq_notify(struct virtq *q)
{
	io_barrier(); /* the avail ring before the device is told */
	q->dev->ops->notify(q->dev, q->index);
}

int vq_run(struct virtq *q, const struct vq_buf *bufs, unsigned n)
{
	uint32_t writable = 0;
	struct virtq_completion done;
	int status = vq_post(q, 0, bufs, n);

	if (status != VIRTIO_OK)
		return status;
	for (unsigned i = 0; i < n; i++)
		writable += bufs[i].device_writes ? bufs[i].len : 0;
	vq_notify(q);
	status = vq_wait(q, &done);
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
