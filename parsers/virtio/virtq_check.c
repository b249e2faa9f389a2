/*
 * Split-virtqueue checks: the chains the driver posts and the used ring the
 * device writes back.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                               | status                          |
 * |--------------------------------------------------------------------|---------------------------------|
 * | tracker, rings and outputs non-NULL; tracker size a power of two   | VIRTIO_ERR_ARGUMENT             |
 * | <= VIRTQ_MAX_SIZE                                                  |                                 |
 * | the device offers a queue (QueueNumMax > 0)                        | VIRTIO_ERR_QUEUE_SIZE           |
 * | the queue holds the driver's longest chain (a virtio-blk request:  | VIRTIO_ERR_QUEUE_TOO_SMALL      |
 * | header, data, status)                                              |                                 |
 * | the descriptor table / used ring buffer holds the whole queue      | VIRTIO_ERR_RING_TRUNCATED       |
 * | a chain's head is a descriptor index (< queue size)                | VIRTIO_ERR_DESC_HEAD            |
 * | every `next` is a descriptor index                                 | VIRTIO_ERR_DESC_NEXT            |
 * | a chain has at most queue-size descriptors (no loop)               | VIRTIO_ERR_DESC_LOOP            |
 * | no zero-length buffer; writable bytes of a chain (all its bytes    | VIRTIO_ERR_DESC_LENGTH          |
 * | with len_counts_readable) fit 32 bits                              |                                 |
 * | no indirect descriptors (VIRTIO_F_INDIRECT_DESC is not negotiated) | VIRTIO_ERR_DESC_INDIRECT        |
 * | device-readable buffers before device-writable ones (2.7.4.2)      | VIRTIO_ERR_DESC_ORDER           |
 * | no descriptor belongs to another outstanding chain                 | VIRTIO_ERR_DESC_IN_USE          |
 * | used.idx advances by at most the number of outstanding chains      | VIRTIO_ERR_USED_IDX             |
 * | (and an element is taken only while one is outstanding)            |                                 |
 * | a used element's id is a descriptor index                          | VIRTIO_ERR_USED_ID              |
 * | ... and the head of an outstanding chain (not freed, not a middle  | VIRTIO_ERR_USED_NOT_OUTSTANDING |
 * | descriptor, not completed twice)                                   |                                 |
 * | a used element's len <= the chain's device-writable bytes (all its | VIRTIO_ERR_USED_LEN             |
 * | bytes with len_counts_readable)                                    |                                 |
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/virtio/virtio.h"

#define DESC_ADDR 0u
#define DESC_LEN 8u
#define DESC_FLAGS 12u
#define DESC_NEXT 14u
#define USED_IDX 2u

static bool tracker_ok(const struct virtq_tracker *t)
{
	return t && t->size != 0 && t->size <= VIRTQ_MAX_SIZE && (t->size & (t->size - 1)) == 0;
}

int virtq_pick_size(uint32_t device_max, uint16_t needed, uint16_t *size)
{
	if (!size || needed == 0 || needed > VIRTQ_MAX_SIZE)
		return VIRTIO_ERR_ARGUMENT;
	*size = 0;
	if (device_max == 0)
		return VIRTIO_ERR_QUEUE_SIZE;
	uint32_t limit = device_max < VIRTQ_MAX_SIZE ? device_max : VIRTQ_MAX_SIZE;
	uint16_t s = 1;
	while ((uint32_t)s * 2 <= limit)
		s *= 2;
	/* a smaller queue would only fail later, at the first request, without naming why */
	if (s < needed)
		return VIRTIO_ERR_QUEUE_TOO_SMALL;
	*size = s;
	return VIRTIO_OK;
}

void virtq_tracker_init(struct virtq_tracker *t, uint16_t size)
{
	memset(t, 0, sizeof(*t));
	t->size = size;
}

/*
 * Walks the chain at head without changing the tracker: *len_max, the bytes
 * its used len may count, and *count descriptors.
 */
static int check_chain(const struct virtq_tracker *t, const uint8_t *desc, uint16_t head,
		       uint32_t *len_max, uint16_t *count)
{
	uint64_t total = 0;
	bool writing = false;
	uint16_t i = head;

	*count = 0;
	for (;;) {
		if (++*count > t->size)
			return VIRTIO_ERR_DESC_LOOP;
		const uint8_t *d = desc + (size_t)i * VIRTQ_DESC_SIZE;
		uint16_t flags = bytes_le16(d + DESC_FLAGS), next = bytes_le16(d + DESC_NEXT);
		uint32_t len = bytes_le32(d + DESC_LEN);
		if (flags & VIRTQ_DESC_F_INDIRECT)
			return VIRTIO_ERR_DESC_INDIRECT;
		if (len == 0)
			return VIRTIO_ERR_DESC_LENGTH;
		if (t->owner[i])
			return VIRTIO_ERR_DESC_IN_USE;
		if (flags & VIRTQ_DESC_F_WRITE)
			writing = true;
		else if (writing)
			return VIRTIO_ERR_DESC_ORDER;
		if (writing || t->len_counts_readable)
			total += len;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		if (next >= t->size)
			return VIRTIO_ERR_DESC_NEXT;
		i = next;
	}
	if (total > UINT32_MAX)
		return VIRTIO_ERR_DESC_LENGTH;
	*len_max = (uint32_t)total;
	return VIRTIO_OK;
}

int virtq_post(struct virtq_tracker *t, const void *desc, size_t len, uint16_t head)
{
	const uint8_t *p = desc;

	if (!tracker_ok(t) || !p)
		return VIRTIO_ERR_ARGUMENT;
	if (len < (size_t)t->size * VIRTQ_DESC_SIZE)
		return VIRTIO_ERR_RING_TRUNCATED;
	if (head >= t->size)
		return VIRTIO_ERR_DESC_HEAD;
	uint32_t len_max;
	uint16_t count;
	int rc = check_chain(t, p, head, &len_max, &count);
	if (rc)
		return rc;
	/*
	 * The same (driver-owned) table again: mark the chain's descriptors,
	 * and keep its links, so that taking it back frees them alone.
	 */
	for (uint16_t i = head, n = 0; n < count; n++) {
		t->owner[i] = (uint16_t)(head + 1);
		t->next[i] = bytes_le16(p + (size_t)i * VIRTQ_DESC_SIZE + DESC_NEXT);
		i = t->next[i];
	}
	t->count[head] = count;
	t->len_max[head] = len_max;
	t->outstanding++;
	return VIRTIO_OK;
}

int virtq_used_pending(const struct virtq_tracker *t, const void *used, size_t len,
		       uint16_t *pending)
{
	const uint8_t *p = used;

	if (!tracker_ok(t) || !p || !pending)
		return VIRTIO_ERR_ARGUMENT;
	*pending = 0;
	if (len < virtq_used_bytes(t->size))
		return VIRTIO_ERR_RING_TRUNCATED;
	uint16_t advance = (uint16_t)(bytes_le16(p + USED_IDX) - t->last_used);
	if (advance > t->outstanding)
		return VIRTIO_ERR_USED_IDX;
	*pending = advance;
	return VIRTIO_OK;
}

int virtq_used_take(struct virtq_tracker *t, const void *used, size_t len,
		    struct virtq_completion *out)
{
	const uint8_t *p = used;

	if (!tracker_ok(t) || !p || !out)
		return VIRTIO_ERR_ARGUMENT;
	if (len < virtq_used_bytes(t->size))
		return VIRTIO_ERR_RING_TRUNCATED;
	if (t->outstanding == 0)
		return VIRTIO_ERR_USED_IDX;
	const uint8_t *elem = p + VIRTQ_USED_HEADER +
			      (size_t)(t->last_used & (t->size - 1)) * VIRTQ_USED_ELEM_SIZE;
	uint32_t id = bytes_le32(elem), written = bytes_le32(elem + 4);
	if (id >= t->size)
		return VIRTIO_ERR_USED_ID;
	if (t->owner[id] != id + 1)
		return VIRTIO_ERR_USED_NOT_OUTSTANDING;
	if (written > t->len_max[id])
		return VIRTIO_ERR_USED_LEN;
	for (uint16_t i = (uint16_t)id, n = 0; n < t->count[id]; n++) {
		t->owner[i] = 0;
		i = t->next[i];
	}
	t->len_max[id] = 0;
	t->outstanding--;
	t->last_used++;
	out->head = (uint16_t)id;
	out->len = written;
	return VIRTIO_OK;
}
