/*
 * One split virtqueue driven synchronously: a chain is posted, the device
 * notified, and the used ring polled until the device hands the chain back
 * or the timeout passes. What the device writes is checked by
 * parsers/virtio before anything is taken from it.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_VIRTQUEUE_H
#define EFILITE_DRIVERS_VIRTIO_VIRTQUEUE_H
#include <stdint.h>

#include "firmware/drivers/virtio/virtio.h"
#include "parsers/virtio/virtio.h"

/* Queue entries the driver uses: a block request is a chain of three. */
#define VQ_SIZE_MAX 8u
#define VQ_PAGE 4096u
/* Ring memory: descriptors and avail ring in the first page, used ring in the second. */
#define VQ_MEM_BYTES (2u * VQ_PAGE)
#define VQ_MAX_BUFS 3u

/* Driver-side failures, beside the parsers' virtio_status values. */
#define VQ_ERR_TIMEOUT (-1)
#define VQ_ERR_SETUP (-2)
#define VQ_ERR_SHORT (-3) /* the device wrote less than the request's writable bytes */

struct vq_buf {
	uint64_t addr;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	struct virtio_dev *dev;
	uint16_t index, size, avail_idx;
	uint8_t *mem; /* VQ_MEM_BYTES, page aligned, identity mapped */
	struct virtq_tracker track;
	uint64_t (*now)(void); /* clock for the timeout */
	uint64_t timeout;      /* in now() units */
	/*
	 * Called on every poll while the device holds the chain: CPU work to
	 * overlap with the device's, which must not touch the chain's buffers.
	 * NULL: none.
	 */
	void (*while_busy)(void *ctx);
	void *busy_ctx;
};

/* mem: VQ_MEM_BYTES of zeroed, page-aligned memory. 0 or VQ_ERR_SETUP / a virtio_status. */
int vq_init(struct virtq *q, struct virtio_dev *dev, uint16_t index, uint8_t *mem);
/*
 * Posts bufs[0..n) as one chain, notifies the device and waits for it:
 * VIRTIO_OK once the device returned the chain having written all its
 * device-writable bytes (a used len at least those: q->track's
 * len_counts_readable lets it count more); otherwise the parsers' verdict or VQ_ERR_TIMEOUT.
 */
int vq_run(struct virtq *q, const struct vq_buf *bufs, unsigned n);
/* Message for vq_run()/vq_init() results. */
const char *vq_strerror(int status);
#endif
