/*
 * virtio-blk (virtio 1.2 section 5.2) over any transport: reads and writes
 * of whole logical blocks, each split into as few requests as the device
 * allows (one data descriptor of up to VIRTIO_BLK_MAX_REQUEST bytes). A
 * device that breaks a rule, or does not answer in time, is reset and
 * refused from then on, with one "efilite: error:" line. A request the
 * device itself reports as failed (VIRTIO_BLK_S_IOERR, _UNSUPP) fails
 * alone, with an info line: a bad sector does not take the disk away.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_BLK_H
#define EFILITE_DRIVERS_VIRTIO_BLK_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/drivers/virtio/virtio.h"
#include "firmware/drivers/virtio/virtqueue.h"
#include "parsers/virtio/virtio.h"

/* Largest request: a 27 MB kernel takes two (without a prepare hook). */
#define VIRTIO_BLK_MAX_REQUEST (16u << 20)
/*
 * With a prepare hook, a read longer than this goes in pieces of this size,
 * and while one piece is in flight prepare(p, n) is called with successive
 * slices (at most VIRTIO_BLK_PREPARE_SLICE bytes, one per poll of the used
 * ring) of the next piece's buffer, never of a piece the device holds.
 */
#define VIRTIO_BLK_PIECE (8u << 20)
#define VIRTIO_BLK_PREPARE_SLICE (64u << 10)
/* Memory the driver needs per device (rings, request header, status). */
#define VIRTIO_BLK_MEM_BYTES VQ_MEM_BYTES

struct virtio_blk {
	struct virtio_dev dev;
	struct virtq q;
	struct virtio_blk_geometry geo;
	uint64_t features;
	bool failed;
	uint64_t request_errors; /* requests the device reported as failed */
	uint64_t requests, bytes; /* data requests completed, and their bytes */
	void (*prepare)(uint8_t *p, uint64_t n); /* see VIRTIO_BLK_PIECE; NULL: none */
};

/*
 * Negotiates, checks the config and sets up the request queue in mem
 * (VIRTIO_BLK_MEM_BYTES, zeroed, page aligned); dev is a probed transport.
 * 0, or -1 with an error line.
 */
int virtio_blk_init(struct virtio_blk *b, const struct virtio_dev *dev, uint8_t *mem,
		    uint64_t (*now)(void), uint64_t timeout);
/* count blocks at lba; the caller keeps lba + count within geo.num_blocks. 0 or -1. */
int virtio_blk_read(struct virtio_blk *b, uint64_t lba, uint64_t count, void *buf);
int virtio_blk_write(struct virtio_blk *b, uint64_t lba, uint64_t count, const void *buf);
int virtio_blk_flush(struct virtio_blk *b);
/* Stops the device (before the OS takes over). */
void virtio_blk_stop(struct virtio_blk *b);
#endif
