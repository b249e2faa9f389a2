#include "firmware/drivers/virtio/blk.h"

#include <string.h>

#include "firmware/platform/log.h"
#include "parsers/bytes/bytes.h"

#define T_IN 0u
#define T_OUT 1u
#define T_FLUSH 4u
#define VIRTIO_BLK_F_FLUSH (1ull << 9)
#define WANTED (VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO | \
		VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH)
#define CONFIG_BYTES 24u
#define HEADER_BYTES 16u
/* Request header and status byte: in the ring memory's second page, after the used ring. */
#define HEADER_OFFSET (VQ_PAGE + 0x800u)
#define STATUS_OFFSET (HEADER_OFFSET + HEADER_BYTES)
/* The split-ring layout in VIRTIO_BLK_MEM_BYTES (virtio 1.2 section 2.7): */
_Static_assert(VQ_SIZE_MAX * VIRTQ_DESC_SIZE + 6 + 2 * VQ_SIZE_MAX <= VQ_PAGE,
	       "descriptors and avail ring (flags, idx, ring, used_event) fit the first page");
_Static_assert(VQ_PAGE + VIRTQ_USED_HEADER + VQ_SIZE_MAX * VIRTQ_USED_ELEM_SIZE + 2 <= HEADER_OFFSET,
	       "used ring (flags, idx, ring, avail_event) ends before the request header");
_Static_assert(STATUS_OFFSET < VIRTIO_BLK_MEM_BYTES, "request header and status in the ring memory");

static int fail(struct virtio_blk *b, const char *what, const char *why)
{
	log_msg(LOG_ERROR, "error: %s%llx: %s: %s", b->dev.kind, (unsigned long long)b->dev.where,
		what, why);
	b->failed = true;
	virtio_reset(&b->dev);
	return -1;
}

int virtio_blk_init(struct virtio_blk *b, const struct virtio_dev *dev, uint8_t *mem,
		    uint64_t (*now)(void), uint64_t timeout)
{
	uint8_t cfg[CONFIG_BYTES];
	size_t len;
	int status;

	memset(b, 0, sizeof(*b));
	b->dev = *dev;
	b->features = WANTED;
	if (virtio_negotiate(&b->dev, &b->features))
		return fail(b, "init", "feature negotiation refused");
	len = virtio_read_config(&b->dev, cfg, sizeof(cfg));
	if (!len)
		return fail(b, "config", "generation never settles");
	status = virtio_blk_check_config(cfg, len, b->features, &b->geo);
	if (status != VIRTIO_OK)
		return fail(b, "config", virtio_strerror(status));
	b->q.now = now;
	b->q.timeout = timeout;
	status = vq_init(&b->q, &b->dev, 0, mem);
	if (status != VIRTIO_OK)
		return fail(b, "queue", vq_strerror(status));
	b->dev.ops->set_status(&b->dev, b->dev.ops->get_status(&b->dev) | VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

static int request(struct virtio_blk *b, uint32_t type, uint64_t sector, void *data,
		   uint32_t len)
{
	uint8_t *header = b->q.mem + HEADER_OFFSET, *status_byte = b->q.mem + STATUS_OFFSET;
	struct vq_buf bufs[3];
	unsigned n = 0;
	uint8_t device_status;
	int status;

	if (b->failed)
		return -1;
	bytes_store_le(header, type, 4);
	bytes_store_le(header + 4, 0, 4);
	bytes_store_le(header + 8, sector, 8);
	*status_byte = 0xff; /* not a status: a device that writes none is caught */
	bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)header, HEADER_BYTES, false };
	if (len)
		bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)data, len, type == T_IN };
	bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)status_byte, 1, true };
	status = vq_run(&b->q, bufs, n);
	/* a short used len still hands the chain back: the status byte says why */
	if (status != VIRTIO_OK && status != VQ_ERR_SHORT)
		return fail(b, "request", vq_strerror(status));
	device_status = *(volatile uint8_t *)status_byte;
	if (device_status == VIRTIO_BLK_S_IOERR || device_status == VIRTIO_BLK_S_UNSUPP) {
		/* the device answered by the rules: this request failed, the disk stays */
		log_msg(LOG_INFO, "%s%llx: %s at sector %llu: %s", b->dev.kind,
			(unsigned long long)b->dev.where,
			type == T_IN ? "read" : type == T_OUT ? "write" : "flush",
			(unsigned long long)sector,
			virtio_strerror(virtio_blk_check_status(device_status)));
		b->request_errors++;
		return -1;
	}
	if (status != VIRTIO_OK) /* stale bytes in buffers the device said it filled */
		return fail(b, "request", vq_strerror(status));
	status = virtio_blk_check_status(device_status);
	if (status != VIRTIO_OK)
		return fail(b, "request", virtio_strerror(status));
	return 0;
}

/* Bytes one request may carry: whole blocks, within size_max (pieces: VIRTIO_BLK_PIECE). */
static uint64_t request_limit(const struct virtio_blk *b, bool pieces)
{
	uint64_t limit = pieces ? VIRTIO_BLK_PIECE : VIRTIO_BLK_MAX_REQUEST;

	if (b->geo.size_max && b->geo.size_max < limit)
		limit = b->geo.size_max;
	return limit - limit % b->geo.block_size;
}

/* The part of the next piece not yet prepared. */
struct next_piece {
	struct virtio_blk *b;
	uint8_t *p, *end;
};

static void prepare_slice(void *ctx)
{
	struct next_piece *n = ctx;
	uint64_t len = (uint64_t)(n->end - n->p);

	if (len > VIRTIO_BLK_PREPARE_SLICE)
		len = VIRTIO_BLK_PREPARE_SLICE;
	if (len)
		n->b->prepare(n->p, len);
	n->p += len;
}

static int transfer(struct virtio_blk *b, uint32_t type, uint64_t lba, uint64_t count,
		    uint8_t *buf)
{
	uint64_t bytes = count * b->geo.block_size;
	bool pieces = type == T_IN && b->prepare && bytes > VIRTIO_BLK_PIECE;
	uint64_t limit = request_limit(b, pieces);
	uint64_t sector = lba * (b->geo.block_size / VIRTIO_BLK_SECTOR_SIZE);

	while (bytes) {
		uint32_t len = (uint32_t)(bytes < limit ? bytes : limit);
		uint64_t rest = bytes - len;
		struct next_piece next = { b, buf + len, buf + len + (rest < limit ? rest : limit) };
		int status;

		b->q.while_busy = pieces && rest ? prepare_slice : NULL;
		b->q.busy_ctx = &next;
		status = request(b, type, sector, buf, len);
		b->q.while_busy = NULL;
		if (status)
			return -1;
		b->requests++;
		b->bytes += len;
		buf += len;
		bytes -= len;
		sector += len / VIRTIO_BLK_SECTOR_SIZE;
	}
	return 0;
}

int virtio_blk_read(struct virtio_blk *b, uint64_t lba, uint64_t count, void *buf)
{
	return transfer(b, T_IN, lba, count, buf);
}

int virtio_blk_write(struct virtio_blk *b, uint64_t lba, uint64_t count, const void *buf)
{
	if (b->geo.read_only)
		return -1;
	return transfer(b, T_OUT, lba, count, (uint8_t *)(uintptr_t)buf);
}

int virtio_blk_flush(struct virtio_blk *b)
{
	if (!(b->features & VIRTIO_BLK_F_FLUSH))
		return b->failed ? -1 : 0;
	return request(b, T_FLUSH, 0, NULL, 0);
}

void virtio_blk_stop(struct virtio_blk *b)
{
	virtio_reset(&b->dev);
}
