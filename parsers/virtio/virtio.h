/*
 * Checks of what a virtio device hands back (virtio 1.2, split virtqueues),
 * as pure functions the drivers in firmware/drivers/virtio call. The device
 * writes the used ring, the status byte of each request and its config
 * space; none of it is trusted.
 *
 * A struct virtq_tracker mirrors what the driver has posted: which chain
 * heads are outstanding, which descriptors they own and how many bytes the
 * device may write into each. virtq_post() checks a chain the driver built;
 * virtq_used_pending() and virtq_used_take() check the used ring against it.
 * Every device-written field is read exactly once (a device changing it
 * meanwhile cannot make a check and a use disagree).
 * Rules: the tables in virtq_check.c and virtio_blk.c.
 */
#ifndef EFILITE_PARSERS_VIRTIO_VIRTIO_H
#define EFILITE_PARSERS_VIRTIO_VIRTIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum virtio_status {
	VIRTIO_OK = 0,
	VIRTIO_ERR_ARGUMENT,
	VIRTIO_ERR_QUEUE_SIZE,
	VIRTIO_ERR_QUEUE_TOO_SMALL,
	VIRTIO_ERR_RING_TRUNCATED,
	VIRTIO_ERR_DESC_HEAD,
	VIRTIO_ERR_DESC_NEXT,
	VIRTIO_ERR_DESC_LOOP,
	VIRTIO_ERR_DESC_LENGTH,
	VIRTIO_ERR_DESC_INDIRECT,
	VIRTIO_ERR_DESC_ORDER,
	VIRTIO_ERR_DESC_IN_USE,
	VIRTIO_ERR_USED_IDX,
	VIRTIO_ERR_USED_ID,
	VIRTIO_ERR_USED_NOT_OUTSTANDING,
	VIRTIO_ERR_USED_LEN,
	VIRTIO_ERR_BLK_IOERR,
	VIRTIO_ERR_BLK_UNSUPP,
	VIRTIO_ERR_BLK_STATUS_VALUE,
	VIRTIO_ERR_BLK_CONFIG_TRUNCATED,
	VIRTIO_ERR_BLK_CAPACITY,
	VIRTIO_ERR_BLK_BLOCK_SIZE,
	VIRTIO_ERR_BLK_SEG_MAX,
	VIRTIO_ERR_BLK_SIZE_MAX,
	VIRTIO_ERR_COUNT /* not a status: one past the last */
};

/* Split virtqueue layout (virtio 1.2 section 2.7). */
#define VIRTQ_DESC_SIZE 16u
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_USED_HEADER 4u   /* flags, idx */
#define VIRTQ_USED_ELEM_SIZE 8u /* id, len */
#define VIRTQ_MAX_SIZE 256u     /* largest queue the tracker follows */

/* Bytes of the used ring of a queue of size entries (without avail_event). */
static inline size_t virtq_used_bytes(uint16_t size)
{
	return VIRTQ_USED_HEADER + (size_t)size * VIRTQ_USED_ELEM_SIZE;
}

struct virtq_tracker {
	uint16_t size;           /* queue size: a power of two <= VIRTQ_MAX_SIZE */
	uint16_t last_used;      /* used.idx value consumed so far */
	uint16_t outstanding;    /* chains posted, not yet taken back */
	/*
	 * The device's used len may count a chain's device-readable bytes too
	 * (QEMU's virtio-scsi adds a command's data-out to it): the bound on
	 * len is then all of the chain's bytes, not its writable ones.
	 */
	bool len_counts_readable;
	uint16_t owner[VIRTQ_MAX_SIZE];   /* per descriptor: 1 + head of its chain, 0 if free */
	uint16_t next[VIRTQ_MAX_SIZE];    /* per owned descriptor: the next in its chain */
	uint16_t count[VIRTQ_MAX_SIZE];   /* per outstanding head: descriptors in its chain */
	uint32_t len_max[VIRTQ_MAX_SIZE]; /* per outstanding head: the most its used len may say */
};

struct virtq_completion {
	uint16_t head; /* the chain the device has finished */
	uint32_t len;  /* bytes it says it wrote (<= the chain's writable bytes) */
};

/*
 * Queue size from the device's maximum (QueueNumMax): the largest power of
 * two <= min(device_max, VIRTQ_MAX_SIZE); device_max 0 means no queue. A
 * queue with fewer than needed (1..VIRTQ_MAX_SIZE) entries, the driver's
 * longest chain, is refused.
 */
int virtq_pick_size(uint32_t device_max, uint16_t needed, uint16_t *size);
/* size from virtq_pick_size(); last_used starts at 0 as the device's used.idx. */
void virtq_tracker_init(struct virtq_tracker *t, uint16_t size);
/*
 * Checks the chain at head of the descriptor table desc (len bytes,
 * t->size entries) and records it as outstanding: indices in range, no loop,
 * no indirect descriptors, device-readable before device-writable, no
 * zero-length buffer, no descriptor shared with another outstanding chain;
 * its bytes (writable, or all with len_counts_readable) fit 32 bits.
 */
int virtq_post(struct virtq_tracker *t, const void *desc, size_t len, uint16_t head);
/* How many used elements are ready: used.idx may advance by at most t->outstanding. */
int virtq_used_pending(const struct virtq_tracker *t, const void *used, size_t len,
		       uint16_t *pending);
/*
 * Takes the next used element (call only when virtq_used_pending() > 0):
 * id in range and the head of an outstanding chain, len within its
 * writable bytes (all its bytes with len_counts_readable). The chain's
 * descriptors become free.
 */
int virtq_used_take(struct virtq_tracker *t, const void *used, size_t len,
		    struct virtq_completion *out);

/* virtio-blk (virtio 1.2 section 5.2). */
#define VIRTIO_BLK_F_SIZE_MAX (1ull << 1)
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_SECTOR_SIZE 512u
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u

struct virtio_blk_geometry {
	uint64_t capacity;    /* 512-byte sectors, as the device reports them */
	uint32_t block_size;  /* logical block size: blk_size, or 512 */
	uint64_t num_blocks;  /* whole logical blocks (capacity * 512 / block_size) */
	bool read_only;
	uint32_t seg_max;     /* 0: not reported */
	uint32_t size_max;    /* 0: not reported */
};

/*
 * The device config space (len bytes read from it) under the negotiated
 * features: capacity non-zero and below 2^64 bytes, a block size from 512 to
 * 4096 and a power of two, seg_max and size_max usable when reported.
 */
int virtio_blk_check_config(const void *cfg, size_t len, uint64_t features,
			    struct virtio_blk_geometry *out);
/* The status byte the device wrote: VIRTIO_OK only for VIRTIO_BLK_S_OK. */
int virtio_blk_check_status(uint8_t status);

const char *virtio_strerror(int status);
#endif
