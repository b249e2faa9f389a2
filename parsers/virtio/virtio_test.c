/* Virtqueue and virtio-blk rules, each broken once, on rings built in memory. */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/testing/strerror_table.h"
#include "parsers/virtio/virtio.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, virtio_strerror)
#define QSIZE 8u

static uint8_t desc[QSIZE * VIRTQ_DESC_SIZE];
static uint8_t used[VIRTQ_USED_HEADER + QSIZE * VIRTQ_USED_ELEM_SIZE + 2];
static struct virtq_tracker t;

static void set_desc(uint16_t i, uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *d = desc + i * VIRTQ_DESC_SIZE;
	bytes_store_le(d, 0x40000000u + i * 0x1000u, 8);
	bytes_store_le(d + 8, len, 4);
	bytes_store_le(d + 12, flags, 2);
	bytes_store_le(d + 14, next, 2);
}

/* A virtio-blk request: 16-byte header, data, 1-byte status. */
static void blk_chain(uint16_t head, uint32_t data_len, bool read)
{
	uint16_t w = VIRTQ_DESC_F_WRITE;
	set_desc(head, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(head + 1));
	set_desc((uint16_t)(head + 1), data_len, (uint16_t)(VIRTQ_DESC_F_NEXT | (read ? w : 0)),
		 (uint16_t)(head + 2));
	set_desc((uint16_t)(head + 2), 1, w, 0);
}

static void complete(uint16_t slot, uint32_t id, uint32_t len, uint16_t idx)
{
	uint8_t *e = used + VIRTQ_USED_HEADER + (slot % QSIZE) * VIRTQ_USED_ELEM_SIZE;
	bytes_store_le(e, id, 4);
	bytes_store_le(e + 4, len, 4);
	bytes_store_le(used + 2, idx, 2);
}

static void reset(void)
{
	memset(desc, 0, sizeof(desc));
	memset(used, 0, sizeof(used));
	virtq_tracker_init(&t, QSIZE);
}

static void test_round_trip(void)
{
	struct virtq_completion c;
	uint16_t pending;

	reset();
	blk_chain(0, 4096, true);
	blk_chain(3, 512, false);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_OK);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 3), VIRTIO_OK);
	CHECK(t.outstanding == 2 && t.len_max[0] == 4097 && t.len_max[3] == 1);
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_OK);
	CHECK(pending == 0);
	complete(0, 3, 1, 1);
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_OK);
	CHECK(pending == 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_OK);
	CHECK(c.head == 3 && c.len == 1 && t.outstanding == 1 && t.owner[3] == 0 && t.owner[0] == 1);
	complete(1, 0, 4097, 2);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_OK);
	CHECK(c.head == 0 && t.outstanding == 0);
	/* The freed descriptors can be posted again; used.idx wraps at 2^16. */
	t.last_used = 0xffff;
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_OK);
	complete(0xffff, 0, 10, 0);
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_OK);
	CHECK(pending == 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_OK);
	CHECK(t.last_used == 0);
}

static void test_post_rules(void)
{
	reset();
	blk_chain(0, 4096, true);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc) - 1, 0), VIRTIO_ERR_RING_TRUNCATED);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), QSIZE), VIRTIO_ERR_DESC_HEAD);
	set_desc(2, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, QSIZE);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_NEXT);
	set_desc(2, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1); /* back to the data buffer */
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_LOOP);
	blk_chain(0, 0, true);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_LENGTH);
	blk_chain(0, 0xffffffffu, true);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_LENGTH);
	blk_chain(0, 512, true);
	set_desc(1, 512, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 2);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_INDIRECT);
	blk_chain(0, 512, true);
	set_desc(2, 1, 0, 0); /* readable after writable */
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_ORDER);
	blk_chain(0, 512, true);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_OK);
	set_desc(5, 16, VIRTQ_DESC_F_NEXT, 2); /* shares the status descriptor */
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 5), VIRTIO_ERR_DESC_IN_USE);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_ERR_DESC_IN_USE);
	struct virtq_tracker bad = {.size = 6};
	CHECK_STATUS(virtq_post(&bad, desc, sizeof(desc), 0), VIRTIO_ERR_ARGUMENT);
	CHECK_STATUS(virtq_post(NULL, desc, sizeof(desc), 0), VIRTIO_ERR_ARGUMENT);
}

static void test_used_rules(void)
{
	struct virtq_completion c;
	uint16_t pending;

	reset();
	blk_chain(0, 512, true);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_OK);
	complete(0, 0, 10, 2); /* two completions for one request */
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_ERR_USED_IDX);
	complete(0, 0, 10, 0xffff); /* backwards */
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_ERR_USED_IDX);
	CHECK_STATUS(virtq_used_pending(&t, used, virtq_used_bytes(QSIZE) - 1, &pending),
		     VIRTIO_ERR_RING_TRUNCATED);
	complete(0, QSIZE, 10, 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_ID);
	complete(0, 1, 10, 1); /* a middle descriptor */
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_NOT_OUTSTANDING);
	complete(0, 4, 10, 1); /* never posted */
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_NOT_OUTSTANDING);
	complete(0, 0, 514, 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_LEN);
	CHECK_STATUS(virtq_used_take(&t, used, virtq_used_bytes(QSIZE) - 1, &c),
		     VIRTIO_ERR_RING_TRUNCATED);
	complete(0, 0, 513, 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_OK);
	complete(1, 0, 513, 2); /* the same request completed twice */
	CHECK_STATUS(virtq_used_pending(&t, used, sizeof(used), &pending), VIRTIO_ERR_USED_IDX);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_IDX);
	CHECK_STATUS(virtq_used_take(NULL, used, sizeof(used), &c), VIRTIO_ERR_ARGUMENT);
	/* a device that counts device-readable bytes (QEMU's virtio-scsi): all the chain's */
	reset();
	t.len_counts_readable = true;
	blk_chain(0, 512, false);
	CHECK_STATUS(virtq_post(&t, desc, sizeof(desc), 0), VIRTIO_OK);
	CHECK(t.len_max[0] == 16 + 512 + 1);
	complete(0, 0, 16 + 512 + 2, 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_ERR_USED_LEN);
	complete(0, 0, 16 + 512 + 1, 1);
	CHECK_STATUS(virtq_used_take(&t, used, sizeof(used), &c), VIRTIO_OK);
	CHECK_STATUS(virtq_used_pending(&t, NULL, sizeof(used), &pending), VIRTIO_ERR_ARGUMENT);
}

static void test_queue_size(void)
{
	uint16_t s;

	CHECK_STATUS(virtq_pick_size(0, 1, &s), VIRTIO_ERR_QUEUE_SIZE);
	CHECK_STATUS(virtq_pick_size(1024, 3, &s), VIRTIO_OK);
	CHECK(s == VIRTQ_MAX_SIZE);
	CHECK_STATUS(virtq_pick_size(100, 3, &s), VIRTIO_OK);
	CHECK(s == 64);
	CHECK_STATUS(virtq_pick_size(1, 1, &s), VIRTIO_OK);
	CHECK(s == 1);
	/* a blk request is three descriptors: queues of 1, 2 (and 3, used as 2) are refused */
	for (uint32_t max = 1; max <= 3; max++) {
		s = 99;
		CHECK_STATUS(virtq_pick_size(max, 3, &s), VIRTIO_ERR_QUEUE_TOO_SMALL);
		CHECK(s == 0);
	}
	CHECK_STATUS(virtq_pick_size(4, 3, &s), VIRTIO_OK);
	CHECK(s == 4);
	CHECK_STATUS(virtq_pick_size(1, 1, NULL), VIRTIO_ERR_ARGUMENT);
	CHECK_STATUS(virtq_pick_size(8, 0, &s), VIRTIO_ERR_ARGUMENT);
	CHECK_STATUS(virtq_pick_size(8, VIRTQ_MAX_SIZE + 1, &s), VIRTIO_ERR_ARGUMENT);
}

static void test_blk(void)
{
	uint8_t cfg[32] = {0};
	struct virtio_blk_geometry g;
	uint64_t all = VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE |
		       VIRTIO_BLK_F_RO;

	bytes_store_le(cfg, 2 * 1024 * 1024, 8); /* 1 GiB */
	bytes_store_le(cfg + 8, 65536, 4);
	bytes_store_le(cfg + 12, 126, 4);
	bytes_store_le(cfg + 20, 4096, 4);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_OK);
	CHECK(g.block_size == 4096 && g.num_blocks == 262144 && g.read_only && g.seg_max == 126 &&
	      g.size_max == 65536);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), 0, &g), VIRTIO_OK);
	CHECK(g.block_size == 512 && g.num_blocks == 2 * 1024 * 1024 && !g.read_only);
	CHECK_STATUS(virtio_blk_check_config(cfg, 7, 0, &g), VIRTIO_ERR_BLK_CONFIG_TRUNCATED);
	CHECK_STATUS(virtio_blk_check_config(cfg, 23, VIRTIO_BLK_F_BLK_SIZE, &g),
		     VIRTIO_ERR_BLK_CONFIG_TRUNCATED);
	CHECK_STATUS(virtio_blk_check_config(cfg, 15, VIRTIO_BLK_F_SEG_MAX, &g),
		     VIRTIO_ERR_BLK_CONFIG_TRUNCATED);
	CHECK_STATUS(virtio_blk_check_config(cfg, 11, VIRTIO_BLK_F_SIZE_MAX, &g),
		     VIRTIO_ERR_BLK_CONFIG_TRUNCATED);
	CHECK_STATUS(virtio_blk_check_config(NULL, 32, 0, &g), VIRTIO_ERR_ARGUMENT);
	bytes_store_le(cfg + 20, 8192, 4);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_BLOCK_SIZE);
	bytes_store_le(cfg + 20, 1536, 4);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_BLOCK_SIZE);
	bytes_store_le(cfg + 20, 4096, 4);
	bytes_store_le(cfg + 12, 0, 4);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_SEG_MAX);
	bytes_store_le(cfg + 12, 1, 4);
	bytes_store_le(cfg + 8, 2048, 4);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_SIZE_MAX);
	bytes_store_le(cfg + 8, 4096, 4);
	bytes_store_le(cfg, 0, 8);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_CAPACITY);
	bytes_store_le(cfg, 7, 8); /* 3.5 KiB: no whole 4 KiB block */
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_CAPACITY);
	bytes_store_le(cfg, UINT64_MAX / 512 + 1, 8);
	CHECK_STATUS(virtio_blk_check_config(cfg, sizeof(cfg), all, &g), VIRTIO_ERR_BLK_CAPACITY);
	CHECK_STATUS(virtio_blk_check_status(0), VIRTIO_OK);
	CHECK_STATUS(virtio_blk_check_status(1), VIRTIO_ERR_BLK_IOERR);
	CHECK_STATUS(virtio_blk_check_status(2), VIRTIO_ERR_BLK_UNSUPP);
	CHECK_STATUS(virtio_blk_check_status(0xff), VIRTIO_ERR_BLK_STATUS_VALUE);
}

int main(void)
{
	CHECK(strerror_table_ok(virtio_strerror, VIRTIO_ERR_COUNT, "unknown virtio status"));
	test_round_trip();
	test_post_rules();
	test_used_rules();
	test_queue_size();
	test_blk();
	return check_report("virtio_test");
}
