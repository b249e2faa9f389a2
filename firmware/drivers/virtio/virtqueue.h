/*
 * One split virtqueue driven synchronously: a chain is posted, the device
 * notified, and the used ring polled until the device hands the chain back
 * or the timeout passes; or several chains posted, one notify, and each
 * taken back as the device finishes it (vq_post, vq_notify, vq_wait). What
 * the device writes is checked by parsers/virtio before anything is taken
 * from it.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_VIRTQUEUE_H
#define EFILITE_DRIVERS_VIRTIO_VIRTQUEUE_H
#include <stdint.h>

#include "firmware/drivers/virtio/virtio.h"
#include "parsers/virtio/virtio.h"

/* Queue entries vq_init() asks for: a block request is a chain of three. */
#define VQ_SIZE_MAX 8u
/* The most vq_init_size() takes: descriptors and avail ring fill the first page. */
#define VQ_SIZE_LIMIT 128u
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
/* The same with up to max (<= VQ_SIZE_LIMIT) entries, for chains in flight together. */
int vq_init_size(struct virtq *q, struct virtio_dev *dev, uint16_t index, uint8_t *mem,
		 uint16_t max);
/*
 * Posts bufs[0..n) as one chain, notifies the device and waits for it:
 * VIRTIO_OK once the device returned the chain having written all its
 * device-writable bytes (a used len at least those: q->track's
 * len_counts_readable lets it count more); otherwise the parsers' verdict or VQ_ERR_TIMEOUT.
 */
int vq_run(struct virtq *q, const struct vq_buf *bufs, unsigned n);
/*
 * Posts bufs[0..n) as one chain in descriptors head..head + n - 1 (the
 * caller keeps the chains in flight apart), without notifying the device.
 * VIRTIO_OK or the parsers' verdict on the chain.
 */
int vq_post(struct virtq *q, uint16_t head, const struct vq_buf *bufs, unsigned n);
void vq_notify(struct virtq *q);
/*
 * Waits for the device to hand back one posted chain, whichever: VIRTIO_OK
 * and *done (its head and used len), or the parsers' verdict, or
 * VQ_ERR_TIMEOUT.
 */
int vq_wait(struct virtq *q, struct virtq_completion *done);
/* Message for vq_run()/vq_init() results. */
const char *vq_strerror(int status);
#endif
