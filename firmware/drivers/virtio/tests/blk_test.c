/*
 * The virtio-blk driver (virtio.c, virtqueue.c, blk.c as linked into the
 * firmware) against a fake transport whose device serves an in-memory disk
 * and can break one rule at a time: wrong used id, len or idx, a bad status
 * byte, silence, hostile config, a queue too small for a request. Each
 * must end in a refused request, one error line naming the rule and a
 * reset device that is not asked again. A request the device reports as
 * failed (IOERR, UNSUPP) fails alone: the disk keeps serving the next one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/drivers/virtio/blk.h"
#include "firmware/drivers/virtio/tests/log_capture.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

/* ---- the fake device ---- */

enum fault {
	F_NONE,
	F_USED_ID,      /* hands back another descriptor than the head */
	F_USED_LEN_BIG, /* claims more bytes than the chain can take */
	F_USED_SHORT,   /* claims fewer bytes than it had to write */
	F_USED_IDX,     /* moves used idx by two */
	F_SILENT,       /* never answers */
	F_STATUS,       /* status byte 7 */
	F_UNSUPP,       /* status byte VIRTIO_BLK_S_UNSUPP */
	F_NO_FEATURES_OK,
	F_GENERATION,   /* config generation changes on every read */
	F_NO_QUEUE,     /* QueueNumMax 0 */
	F_SMALL_QUEUE,  /* QueueNumMax 2: no room for header, data and status */
};

#define DISK_BYTES (28u << 20)
#define F(bit) (1ull << (bit))

struct fake {
	struct virtio_dev dev;
	enum fault fault;
	uint8_t status;
	uint64_t features, driver_features;
	uint8_t cfg[24];
	uint32_t generation;
	uint16_t qsize;
	uint8_t *desc, *avail, *used;
	uint16_t last_avail, used_idx;
	uint8_t *disk;
	unsigned notifies, resets;
	uint64_t max_request, sectors_read;
	unsigned ioerr_at;      /* the n-th request (1-based) reports IOERR; 0: none */
	bool ioerr_short;       /* ... and a used len of the status byte alone */
	unsigned busy_polls;    /* a request is served at the n-th clock read after its notify */
	unsigned polls_left;    /* of the request in flight; 0: none in flight */
	uint8_t *flight, *flight_end; /* the data buffer of the request in flight */
};

static struct fake fake;

/* The driver keeps its own copy of the virtio_dev: the ops find the one fake device. */
static struct fake *of(struct virtio_dev *d)
{
	(void)d;
	return &fake;
}

static uint8_t get_status(struct virtio_dev *d)
{
	uint8_t s = of(d)->status;

	return of(d)->fault == F_NO_FEATURES_OK ? s & ~VIRTIO_STATUS_FEATURES_OK : s;
}

static void set_status(struct virtio_dev *d, uint8_t s)
{
	of(d)->status = s;
	of(d)->resets += s == 0;
}

static uint64_t get_features(struct virtio_dev *d)
{
	return of(d)->features;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	of(d)->driver_features = f;
}

static uint32_t config_generation(struct virtio_dev *d)
{
	return of(d)->fault == F_GENERATION ? of(d)->generation++ : 0;
}

static uint32_t read_config32(struct virtio_dev *d, uint32_t off)
{
	return bytes_le32(of(d)->cfg + off);
}

static uint32_t queue_max(struct virtio_dev *d, uint16_t index)
{
	(void)index;
	return of(d)->fault == F_NO_QUEUE ? 0 : of(d)->fault == F_SMALL_QUEUE ? 2 : 128;
}

static int queue_setup(struct virtio_dev *d, uint16_t index, uint16_t size, uint64_t desc,
		       uint64_t avail, uint64_t used)
{
	(void)index;
	of(d)->qsize = size;
	of(d)->desc = (uint8_t *)(uintptr_t)desc;
	of(d)->avail = (uint8_t *)(uintptr_t)avail;
	of(d)->used = (uint8_t *)(uintptr_t)used;
	return 0;
}

/* The data descriptor of the newest avail entry (the second of its chain). */
static void note_flight(struct fake *f)
{
	uint16_t head = bytes_le16(f->avail + 4 + 2 * ((bytes_le16(f->avail + 2) - 1) % f->qsize));
	uint8_t *d = f->desc + 16 * bytes_le16(f->desc + 16 * head + 14);

	f->flight = (uint8_t *)(uintptr_t)bytes_le64(d);
	f->flight_end = f->flight + bytes_le32(d + 8);
}

static void serve(struct fake *f);

/* Serves every new avail entry now, or after busy_polls clock reads. */
static void notify(struct virtio_dev *d, uint16_t index)
{
	struct fake *f = of(d);

	(void)index;
	f->notifies++;
	if (f->busy_polls) {
		note_flight(f);
		f->polls_left = f->busy_polls;
		return;
	}
	serve(f);
}

/* Serves every new avail entry: header, data, status, as a device would. */
static void serve(struct fake *f)
{
	while (f->last_avail != bytes_le16(f->avail + 2)) {
		uint16_t head = bytes_le16(f->avail + 4 + 2 * (f->last_avail++ % f->qsize));
		uint8_t *hdr = NULL, *status = NULL;
		uint8_t *data = NULL;
		uint32_t data_len = 0, written = 0;

		for (uint16_t i = head, n = 0; n < 3; n++) {
			uint8_t *dd = f->desc + 16 * i;
			uint8_t *buf = (uint8_t *)(uintptr_t)bytes_le64(dd);
			uint32_t len = bytes_le32(dd + 8);
			uint16_t flags = bytes_le16(dd + 12);

			if (!hdr)
				hdr = buf;
			else if (!(flags & 1))
				status = buf;
			else
				data = buf, data_len = len;
			if (!(flags & 1)) {
				status = buf;
				break;
			}
			i = bytes_le16(dd + 14);
		}
		if (f->fault == F_SILENT)
			return;
		if (data) {
			uint64_t sector = bytes_le64(hdr + 8);
			uint32_t type = bytes_le32(hdr);

			if (data_len > f->max_request)
				f->max_request = data_len;
			if (type == 0) {
				memcpy(data, f->disk + sector * 512, data_len);
				written = data_len;
				f->sectors_read += data_len / 512;
			} else {
				memcpy(f->disk + sector * 512, data, data_len);
			}
		}
		*status = f->fault == F_STATUS ? 7 : f->fault == F_UNSUPP ? 2 : 0;
		if (f->notifies == f->ioerr_at) {
			*status = 1;
			written = f->ioerr_short ? 0 : written;
		}
		written += 1;
		{
			uint8_t *e = f->used + 4 + 8 * (f->used_idx % f->qsize);

			bytes_store_le(e, f->fault == F_USED_ID ? head + 1u : head, 4);
			bytes_store_le(e + 4,
				       f->fault == F_USED_LEN_BIG ? written + 1
				       : f->fault == F_USED_SHORT ? written - 1
								   : written,
				       4);
			f->used_idx += f->fault == F_USED_IDX ? 2 : 1;
			bytes_store_le(f->used + 2, f->used_idx, 2);
		}
	}
}

static const struct virtio_ops fake_ops = {
	get_status, set_status, get_features, set_features, config_generation,
	read_config32, queue_max, queue_setup, notify,
};

static uint64_t clock_now;

static uint64_t fake_clock(void)
{
	if (fake.polls_left && !--fake.polls_left) {
		serve(&fake);
		fake.flight = fake.flight_end = NULL;
	}
	return clock_now += 1000;
}

static uint8_t *ring_mem(void)
{
	static uint8_t *mem;

	if (!mem)
		mem = aligned_alloc(VQ_PAGE, VIRTIO_BLK_MEM_BYTES);
	memset(mem, 0, VIRTIO_BLK_MEM_BYTES);
	return mem;
}

/* A fresh device: capacity in 512-byte sectors, block size, features. */
static void device(enum fault fault, uint32_t block, uint64_t features, uint32_t size_max)
{
	static uint8_t *disk;

	if (!disk) {
		disk = malloc(DISK_BYTES);
		for (uint32_t i = 0; i < DISK_BYTES; i += 4)
			bytes_store_le(disk + i, i * 2654435761u, 4);
	}
	memset(&fake, 0, sizeof(fake));
	fake.dev.ops = &fake_ops;
	fake.dev.modern = true;
	fake.dev.kind = "fake@0x";
	fake.dev.config_len = sizeof(fake.cfg);
	fake.fault = fault;
	fake.disk = disk;
	fake.features = features | VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_BLK_SIZE;
	bytes_store_le(fake.cfg, DISK_BYTES / 512, 8);
	bytes_store_le(fake.cfg + 8, size_max, 4);
	bytes_store_le(fake.cfg + 12, 126, 4);
	bytes_store_le(fake.cfg + 20, block, 4);
	last_log[0] = 0;
}

static int init(struct virtio_blk *b)
{
	int r = virtio_blk_init(b, &fake.dev, ring_mem(), fake_clock, 1000000);

	if (r && getenv("BLK_TEST_VERBOSE"))
		fprintf(stderr, "init: %s\n", last_log);
	return r;
}

static uint8_t buf[DISK_BYTES];

static void test_large_read(void)
{
	static struct virtio_blk b;

	device(F_NONE, 512, 0, 0);
	CHECK(init(&b) == 0);
	CHECK(b.geo.block_size == 512 && b.geo.num_blocks == DISK_BYTES / 512);
	CHECK((fake.status & VIRTIO_STATUS_DRIVER_OK) != 0);
	/* a 27 MiB kernel in one call: two requests of at most 16 MiB */
	CHECK(virtio_blk_read(&b, 0, (27u << 20) / 512, buf) == 0);
	CHECK(memcmp(buf, fake.disk, 27u << 20) == 0);
	CHECK(b.requests == 2 && fake.notifies == 2 && b.bytes == 27u << 20);
	CHECK(fake.max_request == VIRTIO_BLK_MAX_REQUEST);
	printf("27 MiB read: %llu requests, largest %llu bytes\n",
	       (unsigned long long)b.requests, (unsigned long long)fake.max_request);
	/* the last block, at a sector past 2^16 */
	CHECK(virtio_blk_read(&b, DISK_BYTES / 512 - 1, 1, buf) == 0);
	CHECK(memcmp(buf, fake.disk + DISK_BYTES - 512, 512) == 0);
}

/* What the prepare hook was given: every byte of it once, never in flight. */
static uint8_t prepared[DISK_BYTES];
static unsigned prepare_calls, prepare_in_flight;

static void prepare(uint8_t *p, uint64_t n)
{
	CHECK(n > 0 && n <= VIRTIO_BLK_PREPARE_SLICE);
	CHECK(p >= buf && p + n <= buf + sizeof(buf));
	prepare_calls++;
	if (p < fake.flight_end && fake.flight < p + n)
		prepare_in_flight++;
	for (uint64_t i = 0; i < n; i++)
		prepared[p - buf + i]++;
}

static uint64_t count_prepared(uint64_t from, uint64_t to, uint8_t times)
{
	uint64_t n = 0;

	for (uint64_t i = from; i < to; i++)
		n += prepared[i] == times;
	return n;
}

/*
 * With a prepare hook, a long read goes in VIRTIO_BLK_PIECE pieces, and
 * while one is in flight the next one's buffer is prepared, slice by slice,
 * each byte once, never the buffer of the piece the device holds.
 */
static void test_read_pieces(void)
{
	static struct virtio_blk b;
	const uint64_t len = (27u << 20) + 4096, pieces = (len + VIRTIO_BLK_PIECE - 1) / VIRTIO_BLK_PIECE;

	device(F_NONE, 512, 0, 0);
	CHECK(init(&b) == 0);
	b.prepare = prepare;
	/* the device holds each request for 1000 polls: time to prepare a whole piece */
	fake.busy_polls = 1000;
	memset(buf, 0, sizeof(buf));
	CHECK(virtio_blk_read(&b, 0, len / 512, buf) == 0);
	CHECK(memcmp(buf, fake.disk, len) == 0);
	CHECK(b.requests == pieces && fake.max_request == VIRTIO_BLK_PIECE);
	CHECK(prepare_in_flight == 0);
	CHECK(count_prepared(0, VIRTIO_BLK_PIECE, 0) == VIRTIO_BLK_PIECE); /* the first: no time */
	CHECK(count_prepared(VIRTIO_BLK_PIECE, len, 1) == len - VIRTIO_BLK_PIECE);
	CHECK(prepare_calls == (len - VIRTIO_BLK_PIECE + VIRTIO_BLK_PREPARE_SLICE - 1) /
				       VIRTIO_BLK_PREPARE_SLICE);
	printf("%llu-byte read in pieces: %llu requests, %u prepared slices\n",
	       (unsigned long long)len, (unsigned long long)b.requests, prepare_calls);

	/* a device quicker than the preparing: the rest of the piece is left to it */
	device(F_NONE, 512, 0, 0);
	CHECK(init(&b) == 0);
	b.prepare = prepare;
	fake.busy_polls = 3;
	memset(prepared, 0, sizeof(prepared));
	prepare_calls = 0;
	CHECK(virtio_blk_read(&b, 0, (2 * VIRTIO_BLK_PIECE + VIRTIO_BLK_PIECE / 2) / 512, buf) == 0);
	CHECK(memcmp(buf, fake.disk, 2 * VIRTIO_BLK_PIECE + VIRTIO_BLK_PIECE / 2) == 0);
	CHECK(b.requests == 3 && prepare_in_flight == 0);
	CHECK(prepare_calls == 2 * 2); /* 2 slices per piece after the first */

	/* reads of one piece, and writes, are left alone: one request each */
	device(F_NONE, 512, 0, 0);
	CHECK(init(&b) == 0);
	b.prepare = prepare;
	fake.busy_polls = 10;
	prepare_calls = 0;
	CHECK(virtio_blk_read(&b, 0, VIRTIO_BLK_PIECE / 512, buf) == 0);
	CHECK(virtio_blk_write(&b, 0, (8u << 20) / 512, buf) == 0);
	CHECK(b.requests == 2 && prepare_calls == 0);
}

static void test_4096(void)
{
	static struct virtio_blk b;

	device(F_NONE, 4096, 0, 0);
	CHECK(init(&b) == 0);
	CHECK(b.geo.block_size == 4096 && b.geo.num_blocks == DISK_BYTES / 4096);
	/* block 3 of 4096 bytes is sector 24 */
	CHECK(virtio_blk_read(&b, 3, 2, buf) == 0);
	CHECK(memcmp(buf, fake.disk + 3 * 4096, 8192) == 0);
}

static void test_size_max(void)
{
	static struct virtio_blk b;

	/* the device takes at most 64 KiB + 100 bytes per segment: whole blocks of it */
	device(F_NONE, 4096, VIRTIO_BLK_F_SIZE_MAX, 65536 + 100);
	CHECK(init(&b) == 0);
	CHECK(virtio_blk_read(&b, 0, 64, buf) == 0);
	CHECK(memcmp(buf, fake.disk, 64 * 4096) == 0);
	CHECK(fake.max_request == 65536 && b.requests == 4);
}

static void test_read_only(void)
{
	static struct virtio_blk b;

	device(F_NONE, 512, VIRTIO_BLK_F_RO, 0);
	CHECK(init(&b) == 0);
	CHECK(b.geo.read_only);
	CHECK(virtio_blk_write(&b, 0, 1, buf) == -1);
	CHECK(fake.notifies == 0);
	/* writable: the bytes land on the disk */
	device(F_NONE, 512, 0, 0);
	CHECK(init(&b) == 0);
	memset(buf, 0x5a, 1024);
	CHECK(virtio_blk_write(&b, 10, 2, buf) == 0);
	CHECK(fake.disk[10 * 512] == 0x5a && fake.disk[12 * 512 - 1] == 0x5a);
}

/* A device breaking one rule in a read: refused, named, reset, not asked again. */
static void hostile_read(enum fault fault, const char *reason)
{
	static struct virtio_blk b;
	unsigned resets, notifies;

	device(fault, 512, 0, 0);
	CHECK(init(&b) == 0);
	resets = fake.resets;
	CHECK(virtio_blk_read(&b, 0, 8, buf) == -1);
	printf("fault %d: %s\n", fault, last_log);
	if (!strstr(last_log, reason)) {
		check_failures++;
		fprintf(stderr, "fault %d: log '%s' does not name '%s'\n", fault, last_log, reason);
	}
	CHECK(strncmp(last_log, "error: fake@0x", 14) == 0);
	CHECK(b.failed && fake.resets == resets + 1);
	notifies = fake.notifies;
	CHECK(virtio_blk_read(&b, 0, 8, buf) == -1);
	CHECK(fake.notifies == notifies);
}

static void test_hostile_requests(void)
{
	hostile_read(F_USED_ID, "not an outstanding request");
	hostile_read(F_USED_LEN_BIG, "beyond the request's writable");
	hostile_read(F_USED_SHORT, "short of the request");
	hostile_read(F_USED_IDX, "index moved past");
	hostile_read(F_SILENT, "did not answer in time");
	hostile_read(F_STATUS, "status");
}

/* IOERR on the n-th request of a read: that read fails, the disk serves the next one. */
static void failed_request(unsigned n, bool short_len)
{
	static struct virtio_blk b;

	device(F_NONE, 512, VIRTIO_BLK_F_SIZE_MAX, 4096);
	CHECK(init(&b) == 0);
	fake.ioerr_at = n;
	fake.ioerr_short = short_len;
	CHECK(virtio_blk_read(&b, 0, 24, buf) == -1); /* three requests of 4 KiB */
	printf("IOERR on request %u%s: %s\n", n, short_len ? " (used len 1)" : "", last_log);
	CHECK(strstr(last_log, "IOERR") && strstr(last_log, "read at sector") &&
	      strncmp(last_log, "error:", 6) != 0);
	CHECK(!b.failed && b.request_errors == 1 && fake.resets == 1);
	CHECK(fake.notifies == n); /* the read stopped at the failed request */
	memset(buf, 0, 8 * 4096);
	CHECK(virtio_blk_read(&b, 8, 24, buf) == 0);
	CHECK(memcmp(buf, fake.disk + 8 * 512, 24 * 512) == 0);
	memset(buf, 0x33, 512);
	CHECK(virtio_blk_write(&b, 1, 1, buf) == 0 && fake.disk[512] == 0x33);
	CHECK(!b.failed && fake.resets == 1);
}

static void test_failed_requests(void)
{
	static struct virtio_blk b;

	failed_request(1, false);
	failed_request(3, false);
	failed_request(2, true);
	/* UNSUPP: the request fails by name, the disk stays */
	device(F_UNSUPP, 512, 0, 0);
	CHECK(init(&b) == 0);
	CHECK(virtio_blk_read(&b, 0, 1, buf) == -1);
	CHECK(strstr(last_log, "UNSUPP") && !b.failed && fake.resets == 1);
	fake.fault = F_NONE;
	CHECK(virtio_blk_read(&b, 0, 1, buf) == 0 && memcmp(buf, fake.disk, 512) == 0);
}

static void hostile_init(enum fault fault, uint32_t block, uint64_t capacity, const char *reason)
{
	static struct virtio_blk b;

	device(fault, block, 0, 0);
	if (capacity != ~0ull)
		bytes_store_le(fake.cfg, capacity, 8);
	CHECK(init(&b) == -1);
	if (!strstr(last_log, reason)) {
		check_failures++;
		fprintf(stderr, "init fault %d: log '%s' does not name '%s'\n", fault, last_log,
			reason);
	}
	CHECK(fake.status == 0 && b.failed);
}

static void test_hostile_init(void)
{
	hostile_init(F_NONE, 1000, ~0ull, "block size");
	hostile_init(F_NONE, 512, 0, "capacity");
	hostile_init(F_NONE, 512, ~0ull >> 1, "capacity");
	hostile_init(F_NO_FEATURES_OK, 512, ~0ull, "negotiation");
	hostile_init(F_GENERATION, 512, ~0ull, "generation");
	hostile_init(F_NO_QUEUE, 512, ~0ull, "queue");
	hostile_init(F_SMALL_QUEUE, 512, ~0ull, "queue smaller than one request");
}

int main(void)
{
	test_large_read();
	test_read_pieces();
	test_4096();
	test_size_max();
	test_read_only();
	test_hostile_requests();
	test_failed_requests();
	test_hostile_init();
	return check_report("virtio_blk_test");
}
