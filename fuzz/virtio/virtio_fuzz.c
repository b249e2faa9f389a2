/*
 * virtio harness: a driver and a hostile device play out a script.
 * Input: u16 QueueNumMax, u64 negotiated features (the top byte's low 5
 * bits shorten the config space read, its top bit sets the tracker's
 * len_counts_readable, as virtio-scsi does), 32 bytes of virtio-blk config space, then the descriptor table (queue size x 16 bytes, as if the
 * driver had written it), then operations, two bytes each:
 *   op % 4 == 0: the driver posts the chain at head `arg`;
 *   op % 4 == 1: the device writes a used element (id, len from the next
 *                8 bytes) and advances used.idx by op >> 6;
 *   op % 4 == 2: the driver takes every pending element;
 *   op % 4 == 3: the status byte `arg` is checked.
 *
 * Oracles: the tracker's outstanding count equals the heads that own
 * themselves; a taken element's len never exceeds what its chain made
 * writable (all its bytes with len_counts_readable) and its descriptors
 * are free afterwards; pending never exceeds
 * the outstanding count; an accepted config has 1 <= blocks and
 * blocks x block size <= capacity x 512.
 * fuzz_status(): the first error the script meets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/bytes/bytes.h"
#include "parsers/virtio/virtio.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

#define HEADER (2u + 8u + 32u)

static void check_tracker(const struct virtq_tracker *t)
{
	unsigned heads = 0;

	for (unsigned i = 0; i < t->size; i++)
		heads += t->owner[i] == i + 1;
	REQUIRE(heads == t->outstanding);
}

static int check_config(const uint8_t *data)
{
	struct virtio_blk_geometry g;
	uint64_t features = bytes_le64(data + 2);
	/* The top feature byte (no virtio-blk meaning) cuts the config short. */
	int rc = virtio_blk_check_config(data + 10, 32 - (data[9] & 31), features, &g);

	REQUIRE(fuzz_strerror(rc) != NULL);
	if (rc == VIRTIO_OK) {
		REQUIRE(g.num_blocks >= 1 && g.block_size >= 512 && g.block_size <= 4096);
		REQUIRE(g.num_blocks <= g.capacity / (g.block_size / 512));
	}
	return rc;
}

struct script {
	struct virtq_tracker t;
	uint8_t used[VIRTQ_USED_HEADER + VIRTQ_MAX_SIZE * VIRTQ_USED_ELEM_SIZE];
	uint16_t device_idx;
	int first_error;
};

static void note(struct script *s, int rc)
{
	REQUIRE(fuzz_strerror(rc) != NULL);
	if (rc != VIRTIO_OK && s->first_error == VIRTIO_OK)
		s->first_error = rc;
}

static void take_all(struct script *s)
{
	uint16_t pending;
	int rc = virtq_used_pending(&s->t, s->used, sizeof(s->used), &pending);

	note(s, rc);
	if (rc)
		return;
	REQUIRE(pending <= s->t.outstanding);
	while (pending-- > 0) {
		struct virtq_completion c;
		uint32_t writable = 0;
		uint16_t slot = s->t.last_used & (s->t.size - 1);
		uint32_t id = bytes_le32(s->used + VIRTQ_USED_HEADER + slot * VIRTQ_USED_ELEM_SIZE);
		if (id < s->t.size)
			writable = s->t.len_max[id];
		rc = virtq_used_take(&s->t, s->used, sizeof(s->used), &c);
		note(s, rc);
		if (rc)
			return;
		REQUIRE(c.len <= writable && s->t.owner[c.head] == 0);
		check_tracker(&s->t);
	}
}

static void run(struct script *s, const uint8_t *desc, size_t desc_len, const uint8_t *ops,
		size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint8_t op = ops[i], arg = ops[i + 1];
		switch (op % 4) {
		case 0:
			note(s, virtq_post(&s->t, desc, desc_len, arg));
			check_tracker(&s->t);
			break;
		case 1: {
			if (i + 10 > n)
				return;
			uint8_t *e = s->used + VIRTQ_USED_HEADER +
				     (s->device_idx & (s->t.size - 1)) * VIRTQ_USED_ELEM_SIZE;
			memcpy(e, ops + i + 2, VIRTQ_USED_ELEM_SIZE);
			s->device_idx = (uint16_t)(s->device_idx + (op >> 6));
			bytes_store_le(s->used + 2, s->device_idx, 2);
			i += 8;
			break;
		}
		case 2:
			take_all(s);
			break;
		default:
			note(s, virtio_blk_check_status(arg));
			break;
		}
	}
}

/* Calls the API wrongly: every misuse is refused by name. */
static void misuse(const struct virtq_tracker *t, const uint8_t *desc, size_t desc_len)
{
	struct virtq_tracker copy = *t, bad = {.size = 3};
	struct virtq_completion c;
	struct virtio_blk_geometry g;
	uint8_t used[VIRTQ_USED_HEADER + VIRTQ_MAX_SIZE * VIRTQ_USED_ELEM_SIZE] = {0};
	uint16_t pending;

	REQUIRE(virtq_post(&copy, desc, desc_len - 1, 0) == VIRTIO_ERR_RING_TRUNCATED);
	REQUIRE(virtq_post(&copy, desc, desc_len, copy.size) == VIRTIO_ERR_DESC_HEAD);
	REQUIRE(virtq_post(&bad, desc, desc_len, 0) == VIRTIO_ERR_ARGUMENT);
	REQUIRE(virtq_used_pending(&copy, used, virtq_used_bytes(copy.size) - 1, &pending) ==
		VIRTIO_ERR_RING_TRUNCATED);
	REQUIRE(virtq_used_take(&copy, used, virtq_used_bytes(copy.size) - 1, &c) ==
		VIRTIO_ERR_RING_TRUNCATED);
	REQUIRE(virtq_used_pending(&bad, used, sizeof(used), &pending) == VIRTIO_ERR_ARGUMENT);
	REQUIRE(virtq_used_take(&bad, used, sizeof(used), &c) == VIRTIO_ERR_ARGUMENT);
	copy.outstanding = 0;
	REQUIRE(virtq_used_take(&copy, used, sizeof(used), &c) == VIRTIO_ERR_USED_IDX);
	REQUIRE(virtq_pick_size(0, 1, &pending) == VIRTIO_ERR_QUEUE_SIZE);
	REQUIRE(virtq_pick_size(2, 3, &pending) == VIRTIO_ERR_QUEUE_TOO_SMALL);
	REQUIRE(virtq_pick_size(1, 1, NULL) == VIRTIO_ERR_ARGUMENT);
	REQUIRE(virtio_blk_check_config(NULL, 32, 0, &g) == VIRTIO_ERR_ARGUMENT);
	REQUIRE(virtio_strerror(VIRTIO_ERR_COUNT) != virtio_strerror(VIRTIO_OK));
}

int fuzz_status(const uint8_t *data, size_t size)
{
	static struct script s;
	uint16_t qsize;

	if (size < HEADER)
		return VIRTIO_ERR_ARGUMENT;
	int rc = check_config(data);
	/* any queue the device offers: the script's chains may be one descriptor long */
	int q = virtq_pick_size(bytes_le16(data), 1, &qsize);
	if (q)
		return q;
	memset(&s, 0, sizeof(s));
	virtq_tracker_init(&s.t, qsize);
	s.t.len_counts_readable = (data[9] & 0x80) != 0;
	size_t desc_len = (size_t)qsize * VIRTQ_DESC_SIZE;
	if (size - HEADER < desc_len)
		return VIRTIO_ERR_RING_TRUNCATED;
	s.first_error = rc;
	run(&s, data + HEADER, desc_len, data + HEADER + desc_len, size - HEADER - desc_len);
	misuse(&s.t, data + HEADER, desc_len);
	return s.first_error;
}

const char *fuzz_strerror(int status)
{
	return virtio_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
