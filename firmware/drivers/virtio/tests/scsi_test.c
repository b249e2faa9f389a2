/*
 * The virtio-scsi driver (virtio.c, virtqueue.c, scsi.c as linked into the
 * firmware) against a fake transport whose host adapter serves LUNs from
 * memory (disks of 512 and 4096-byte blocks, a CD of 2048, an empty CD
 * drive, a tape) and can break one rule at a time: a response, sense,
 * residual or status the rules forbid, bad INQUIRY, capacity or REPORT LUNS
 * data, silence, a short used length, hostile config. Each must end in a
 * refused device: one error line naming the rule, a reset, no more
 * requests. A command the device fails by the rules (CHECK CONDITION)
 * fails alone, and UNIT ATTENTION is retried a bounded number of times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/drivers/virtio/scsi.h"
#include "firmware/drivers/virtio/tests/log_capture.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

/* ---- the fake host adapter ---- */

enum fault {
	F_NONE,
	F_RESPONSE_VALUE, /* response byte 0xff */
	F_SENSE_LEN,      /* sense_len beyond the sense buffer */
	F_RESIDUAL,       /* residual beyond the data */
	F_STATUS,         /* SCSI status 0x01 */
	F_SENSE_CODE,     /* CHECK CONDITION with sense response code 0x7f */
	F_SHORT_READ,     /* GOOD with a residual on a READ */
	F_USED_SHORT,     /* used length short of the writable bytes */
	F_SILENT,         /* never answers */
	F_MEDIUM_ERROR,   /* CHECK CONDITION, MEDIUM ERROR: by the rules */
	F_BLOCK_SIZE,     /* READ CAPACITY block length 520 */
	F_LUN_ENTRY,      /* REPORT LUNS entry with a second level */
	F_INQUIRY_SHORT,  /* INQUIRY: 3 bytes */
};

#define MEM_BLOCKS_BYTES (32u << 20)
#define MAX_FAKE_LUNS 8

struct fake_lun {
	uint8_t target;
	uint16_t lun;
	uint8_t type;
	uint32_t block_size;
	uint64_t num_blocks;
	bool no_medium, write_protected, no_mode_sense;
	unsigned attention; /* UNIT ATTENTIONs still to report */
	uint8_t *mem;       /* MEM_BLOCKS_BYTES; block b at (b * size) % that */
};

struct fake {
	struct virtio_dev dev;
	uint8_t status;
	uint8_t cfg[SCSI_CONFIG_BYTES];
	uint16_t qsize, qindex;
	uint8_t *desc, *avail, *used;
	uint16_t last_avail, used_idx;
	unsigned notifies, resets, commands[256];
	enum fault fault;
	uint8_t fault_op; /* the command the fault hits */
	struct fake_lun luns[MAX_FAKE_LUNS];
	unsigned nluns;
	uint32_t max_request;
};

static struct fake fake;

static uint8_t get_status(struct virtio_dev *d)
{
	(void)d;
	return fake.status;
}

static void set_status(struct virtio_dev *d, uint8_t s)
{
	(void)d;
	fake.status = s;
	fake.resets += s == 0;
}

static uint64_t get_features(struct virtio_dev *d)
{
	(void)d;
	return VIRTIO_F_VERSION_1;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	(void)d;
	(void)f;
}

static uint32_t config_generation(struct virtio_dev *d)
{
	(void)d;
	return 0;
}

static uint32_t read_config32(struct virtio_dev *d, uint32_t off)
{
	(void)d;
	return bytes_le32(fake.cfg + off);
}

static uint32_t queue_max(struct virtio_dev *d, uint16_t index)
{
	(void)d;
	return index <= 2 ? 128 : 0;
}

static int queue_setup(struct virtio_dev *d, uint16_t index, uint16_t size, uint64_t desc,
		       uint64_t avail, uint64_t used)
{
	(void)d;
	fake.qindex = index;
	fake.qsize = size;
	fake.desc = (uint8_t *)(uintptr_t)desc;
	fake.avail = (uint8_t *)(uintptr_t)avail;
	fake.used = (uint8_t *)(uintptr_t)used;
	return 0;
}

struct io {
	uint8_t *hdr, *out, *resp, *in;
	uint32_t out_len, resp_len, in_len;
};

static struct fake_lun *find(uint8_t target, uint16_t lun, bool *target_exists)
{
	*target_exists = false;
	for (unsigned i = 0; i < fake.nluns; i++) {
		if (fake.luns[i].target != target)
			continue;
		*target_exists = true;
		if (fake.luns[i].lun == lun)
			return &fake.luns[i];
	}
	return NULL;
}

static void sense(struct io *io, uint8_t key, uint8_t asc)
{
	bytes_store_le(io->resp, 18, 4);
	io->resp[10] = SCSI_STATUS_CHECK_CONDITION;
	io->resp[12] = fake.fault == F_SENSE_CODE ? 0x7f : 0x70;
	io->resp[14] = key;
	io->resp[12 + 7] = 10;
	io->resp[12 + 12] = asc;
	bytes_store_le(io->resp + 4, io->in_len + io->out_len, 4);
}

/* Data-in of n bytes at most: the rest is the residual. */
static void reply(struct io *io, const void *data, uint32_t n)
{
	if (n > io->in_len)
		n = io->in_len;
	memcpy(io->in, data, n);
	bytes_store_le(io->resp + 4, io->in_len - n, 4);
}

static void report_luns(struct io *io, uint8_t target)
{
	uint8_t buf[8 + 8 * MAX_FAKE_LUNS] = { 0 };
	uint32_t n = 0;

	for (unsigned i = 0; i < fake.nluns; i++) {
		uint8_t *e = buf + 8 + 8 * n;

		if (fake.luns[i].target != target)
			continue;
		e[0] = (uint8_t)(0x40 | fake.luns[i].lun >> 8);
		e[1] = (uint8_t)fake.luns[i].lun;
		if (fake.fault == F_LUN_ENTRY)
			e[3] = 1;
		n++;
	}
	bytes_store_be(buf, 8 * n, 4);
	reply(io, buf, 8 + 8 * n);
}

static void inquiry(struct io *io, const struct fake_lun *l)
{
	uint8_t buf[36] = { 0x7f, 0, 5, 2, 31 };

	if (l) {
		buf[0] = l->type;
		buf[1] = l->type == SCSI_TYPE_CDROM ? 0x80 : 0;
	}
	reply(io, buf, fake.fault == F_INQUIRY_SHORT ? 3 : sizeof(buf));
}

static void capacity(struct io *io, const struct fake_lun *l, bool sixteen)
{
	uint8_t buf[32] = { 0 };
	uint32_t bs = fake.fault == F_BLOCK_SIZE ? 520 : l->block_size;

	if (sixteen) {
		bytes_store_be(buf, l->num_blocks - 1, 8);
		bytes_store_be(buf + 8, bs, 4);
		reply(io, buf, 32);
		return;
	}
	bytes_store_be(buf, l->num_blocks > UINT32_MAX ? UINT32_MAX : l->num_blocks - 1, 4);
	bytes_store_be(buf + 4, bs, 4);
	reply(io, buf, 8);
}

static void rw(struct io *io, struct fake_lun *l, const uint8_t *cdb)
{
	bool sixteen = cdb[0] == 0x88 || cdb[0] == 0x8a, write = cdb[0] == 0x2a || cdb[0] == 0x8a;
	uint64_t lba = sixteen ? bytes_be64(cdb + 2) : bytes_be32(cdb + 2);
	uint32_t count = sixteen ? bytes_be32(cdb + 10) : bytes_be16(cdb + 7);
	uint64_t bytes = (uint64_t)count * l->block_size;
	uint8_t *data = write ? io->out : io->in;

	CHECK(lba + count <= l->num_blocks);
	CHECK(bytes == (write ? io->out_len : io->in_len));
	if (bytes > fake.max_request)
		fake.max_request = (uint32_t)bytes;
	if (fake.fault == F_MEDIUM_ERROR) {
		sense(io, 0x3, 0x11);
		return;
	}
	for (uint64_t off = 0; off < bytes; off += l->block_size) {
		uint8_t *b = l->mem + ((lba + off / l->block_size) * l->block_size) % MEM_BLOCKS_BYTES;

		if (write)
			memcpy(b, data + off, l->block_size);
		else
			memcpy(data + off, b, l->block_size);
	}
	if (fake.fault == F_SHORT_READ)
		bytes_store_le(io->resp + 4, l->block_size, 4);
}

static void execute(struct io *io)
{
	const uint8_t *cdb = io->hdr + 19;
	uint8_t target = io->hdr[1];
	uint16_t lun = (uint16_t)((io->hdr[2] << 8 | io->hdr[3]) & 0x3fff);
	bool target_exists;
	struct fake_lun *l = find(target, lun, &target_exists);

	CHECK(io->hdr[0] == 1);
	memset(io->resp, 0, io->resp_len);
	fake.commands[cdb[0]]++;
	if (!target_exists) {
		io->resp[11] = SCSI_RESPONSE_BAD_TARGET;
		return;
	}
	if (cdb[0] == 0xa0) {
		report_luns(io, target);
		return;
	}
	if (cdb[0] == 0x12) {
		inquiry(io, l);
		return;
	}
	if (!l) {
		sense(io, 0x5, 0x25);
		return;
	}
	if (l->no_medium) {
		sense(io, SCSI_SENSE_NOT_READY, 0x3a);
		return;
	}
	if (l->attention) {
		l->attention--;
		sense(io, SCSI_SENSE_UNIT_ATTENTION, 0x29);
		return;
	}
	switch (cdb[0]) {
	case 0x25:
		capacity(io, l, false);
		break;
	case 0x9e:
		capacity(io, l, true);
		break;
	case 0x1a: {
		uint8_t m[4] = { 3, 0, l->write_protected ? 0x80 : 0, 0 };

		if (l->no_mode_sense)
			sense(io, 0x5, 0x20); /* ILLEGAL REQUEST, invalid command */
		else
			reply(io, m, sizeof(m));
		break;
	}
	case 0x28: case 0x2a: case 0x88: case 0x8a:
		rw(io, l, cdb);
		break;
	default: /* TEST UNIT READY, SYNCHRONIZE CACHE */
		break;
	}
}

/* The fault, if the command is the one it hits, on the response. */
static void break_response(struct io *io)
{
	if (io->hdr[19] != fake.fault_op)
		return;
	if (fake.fault == F_RESPONSE_VALUE)
		io->resp[11] = 0xff;
	else if (fake.fault == F_SENSE_LEN)
		bytes_store_le(io->resp, io->resp_len, 4);
	else if (fake.fault == F_RESIDUAL)
		bytes_store_le(io->resp + 4, io->in_len + io->out_len + 1, 4);
	else if (fake.fault == F_STATUS)
		io->resp[10] = 0x01;
	else if (fake.fault == F_SENSE_CODE)
		sense(io, 0x5, 0x24);
}

static void serve(void)
{
	while (fake.last_avail != bytes_le16(fake.avail + 2)) {
		uint16_t head = bytes_le16(fake.avail + 4 + 2 * (fake.last_avail++ % fake.qsize));
		struct io io = { 0 };
		uint32_t used_len;

		for (uint16_t i = head, n = 0; n < 3; n++) {
			uint8_t *dd = fake.desc + 16 * i;
			uint8_t *buf = (uint8_t *)(uintptr_t)bytes_le64(dd);
			uint32_t len = bytes_le32(dd + 8);
			uint16_t flags = bytes_le16(dd + 12);

			if (!io.hdr)
				io.hdr = buf;
			else if (!(flags & 2))
				io.out = buf, io.out_len = len;
			else if (!io.resp)
				io.resp = buf, io.resp_len = len;
			else
				io.in = buf, io.in_len = len;
			if (!(flags & 1))
				break;
			i = bytes_le16(dd + 14);
		}
		if (fake.fault == F_SILENT && io.hdr[19] == fake.fault_op)
			return;
		execute(&io);
		break_response(&io);
		used_len = io.resp_len + io.in_len;
		if (fake.fault == F_USED_SHORT && io.hdr[19] == fake.fault_op)
			used_len--;
		uint8_t *e = fake.used + 4 + 8 * (fake.used_idx % fake.qsize);
		bytes_store_le(e, head, 4);
		bytes_store_le(e + 4, used_len, 4);
		fake.used_idx++;
		bytes_store_le(fake.used + 2, fake.used_idx, 2);
	}
}

static void notify(struct virtio_dev *d, uint16_t index)
{
	(void)d;
	CHECK(index == 2);
	fake.notifies++;
	serve();
}

static const struct virtio_ops fake_ops = {
	get_status, set_status, get_features, set_features, config_generation,
	read_config32, queue_max, queue_setup, notify,
};

static uint64_t clock_now;

static uint64_t fake_clock(void)
{
	return clock_now += 1000;
}

static uint8_t *lun_mem(unsigned i)
{
	static uint8_t *mem[MAX_FAKE_LUNS];

	if (!mem[i]) {
		mem[i] = malloc(MEM_BLOCKS_BYTES);
		for (uint32_t j = 0; j < MEM_BLOCKS_BYTES; j += 4)
			bytes_store_le(mem[i] + j, (j + i) * 2654435761u, 4);
	}
	return mem[i];
}

static void add_lun(uint8_t target, uint16_t lun, uint8_t type, uint32_t bs, uint64_t blocks)
{
	struct fake_lun *l = &fake.luns[fake.nluns];

	*l = (struct fake_lun){ target, lun, type, bs, blocks, false, false, false, 0,
				lun_mem(fake.nluns) };
	fake.nluns++;
}

/*
 * A fresh adapter as QEMU 7.2 sets it up: max_target 255, max_lun 16383.
 * LUNs: 0,0 a 512-byte disk with two UNIT ATTENTIONs pending (the reset);
 * 1,0 a CD of 2048-byte blocks; 1,3 a 4Kn disk past 2^32 blocks; 2,0 an
 * empty CD drive; 3,0 a tape.
 */
static void device(enum fault fault, uint8_t fault_op)
{
	memset(&fake, 0, sizeof(fake));
	fake.dev.ops = &fake_ops;
	fake.dev.modern = true;
	fake.dev.kind = "fake@0x";
	fake.dev.config_len = 0x100;
	fake.fault = fault;
	fake.fault_op = fault_op;
	bytes_store_le(fake.cfg, 1, 4);
	bytes_store_le(fake.cfg + 4, 126, 4);
	bytes_store_le(fake.cfg + 8, 0xffff, 4);
	bytes_store_le(fake.cfg + 20, 96, 4);
	bytes_store_le(fake.cfg + 24, 32, 4);
	bytes_store_le(fake.cfg + 30, 255, 2);
	bytes_store_le(fake.cfg + 32, 16383, 4);
	add_lun(0, 0, SCSI_TYPE_DISK, 512, (64u << 20) / 512);
	fake.luns[0].attention = 2;
	add_lun(1, 0, SCSI_TYPE_CDROM, 2048, 3000);
	add_lun(1, 3, SCSI_TYPE_DISK, 4096, (1ull << 32) + 16);
	add_lun(2, 0, SCSI_TYPE_CDROM, 2048, 1);
	fake.luns[3].no_medium = true;
	add_lun(3, 0, 0x01, 512, 100);
	last_log[0] = last_error[0] = 0;
}

static uint8_t *ring_mem(void)
{
	static uint8_t *mem;

	if (!mem)
		mem = aligned_alloc(VQ_PAGE, VIRTIO_SCSI_MEM_BYTES);
	memset(mem, 0, VIRTIO_SCSI_MEM_BYTES);
	return mem;
}

static struct virtio_scsi hba;
static struct virtio_scsi_lun found_luns[8];
static unsigned found_count;

static void found(void *ctx, const struct virtio_scsi_lun *l)
{
	(void)ctx;
	if (found_count < 8)
		found_luns[found_count] = *l;
	found_count++;
}

static int init_and_scan(void)
{
	found_count = 0;
	if (virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000))
		return -1;
	return virtio_scsi_scan(&hba, found, NULL);
}

static uint8_t buf[28u << 20];

static void test_scan_and_io(void)
{
	struct virtio_scsi_lun *disk = &found_luns[0], *cd = &found_luns[1], *big = &found_luns[2];

	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	CHECK(fake.qindex == 2 && (fake.status & VIRTIO_STATUS_DRIVER_OK));
	/* the empty CD drive and the tape are left out, quietly */
	CHECK(found_count == 3 && last_error[0] == 0);
	CHECK(disk->target == 0 && disk->lun == 0 && disk->block_size == 512 &&
	      disk->num_blocks == (64u << 20) / 512 && !disk->read_only);
	CHECK(cd->target == 1 && cd->lun == 0 && cd->type == SCSI_TYPE_CDROM &&
	      cd->block_size == 2048 && cd->num_blocks == 3000 && cd->read_only);
	CHECK(big->target == 1 && big->lun == 3 && big->block_size == 4096 &&
	      big->num_blocks == (1ull << 32) + 16 && fake.commands[0x9e] == 1);
	/* the reset's UNIT ATTENTIONs were taken by TEST UNIT READY */
	CHECK(fake.luns[0].attention == 0);
	/* targets 0..255 asked once each */
	CHECK(fake.commands[0xa0] == 256);
	printf("scan: %u LUNs, %u commands\n", found_count, fake.notifies);

	/* a 27 MiB kernel in one call: two commands of at most 16 MiB */
	fake.notifies = 0;
	CHECK(virtio_scsi_read(disk, 8, (27u << 20) / 512, buf) == 0);
	CHECK(memcmp(buf, fake.luns[0].mem + 8 * 512, 27u << 20) == 0);
	CHECK(fake.notifies == 2 && fake.max_request == VIRTIO_SCSI_MAX_REQUEST);
	CHECK(fake.commands[0x28] == 2);
	/* 2048-byte blocks */
	CHECK(virtio_scsi_read(cd, 16, 2, buf) == 0);
	CHECK(memcmp(buf, fake.luns[1].mem + 16 * 2048, 4096) == 0);
	/* beyond 2^32 blocks: READ(16) */
	CHECK(virtio_scsi_read(big, (1ull << 32) + 1, 2, buf) == 0);
	CHECK(fake.commands[0x88] == 1);
	CHECK(memcmp(buf, fake.luns[2].mem + (((1ull << 32) + 1) * 4096) % MEM_BLOCKS_BYTES,
		     8192) == 0);
	/* writes land on a disk, are refused on a CD without asking the device */
	memset(buf, 0x5a, 1024);
	CHECK(virtio_scsi_write(disk, 10, 2, buf) == 0 && fake.commands[0x2a] == 1);
	CHECK(fake.luns[0].mem[10 * 512] == 0x5a && fake.luns[0].mem[12 * 512 - 1] == 0x5a);
	CHECK(virtio_scsi_flush(disk) == 0 && fake.commands[0x35] == 1);
	fake.notifies = 0;
	CHECK(virtio_scsi_write(cd, 0, 1, buf) == -1 && fake.notifies == 0);
	CHECK(!hba.failed && hba.requests == 5);
}

static void test_write_protected(void)
{
	device(F_NONE, 0);
	fake.luns[0].write_protected = true;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 3 && found_luns[0].read_only);
	CHECK(virtio_scsi_write(&found_luns[0], 0, 1, buf) == -1);
	/* a disk without MODE SENSE(6) (CHECK CONDITION): served, writable */
	device(F_NONE, 0);
	fake.luns[0].no_mode_sense = true;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 3 && !found_luns[0].read_only && !hba.failed);
	CHECK(virtio_scsi_write(&found_luns[0], 0, 1, buf) == 0);
}

/* UNIT ATTENTION for ever: TEST UNIT READY is tried a bounded number of times, the LUN left out. */
static void test_attention_bounded(void)
{
	device(F_NONE, 0);
	fake.luns[0].attention = 1000;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 2 && !hba.failed);
	CHECK(fake.luns[0].attention == 1000 - VIRTIO_SCSI_ATTENTION_TRIES);
	CHECK(strstr(last_log, "scsi 0,0: command 0x00") && strstr(last_log, "CHECK CONDITION") &&
	      strstr(last_log, "sense 6/29"));
}

/* A CHECK CONDITION on a read fails that read alone. */
static void test_medium_error(void)
{
	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	fake.fault = F_MEDIUM_ERROR;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == -1);
	printf("medium error: %s\n", last_log);
	CHECK(strstr(last_log, "CHECK CONDITION") && strstr(last_log, "sense 3/11") &&
	      last_error[0] == 0);
	CHECK(!hba.failed && hba.request_errors == 1 && fake.resets == 1);
	fake.fault = F_NONE;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == 0);
	CHECK(memcmp(buf, fake.luns[0].mem, 8 * 512) == 0);
}

static void expect_refused(const char *what, const char *reason)
{
	unsigned notifies = fake.notifies;

	printf("%s: %s\n", what, last_error);
	if (!strstr(last_error, reason) || strncmp(last_error, "error: fake@0x", 14) != 0) {
		check_failures++;
		fprintf(stderr, "%s: error '%s' does not name '%s'\n", what, last_error, reason);
	}
	CHECK(hba.failed && fake.status == 0);
	CHECK(virtio_scsi_read(&found_luns[0], 0, 1, buf) == -1 && fake.notifies == notifies);
}

/* A device breaking one rule during the scan (command op): refused, named, reset. */
static void hostile_scan(enum fault fault, uint8_t op, const char *reason)
{
	device(fault, op);
	found_luns[0] = (struct virtio_scsi_lun){ .hba = &hba, .block_size = 512, .num_blocks = 1 };
	CHECK(init_and_scan() == -1);
	expect_refused("scan", reason);
}

/* ... or in a read. */
static void hostile_read(enum fault fault, const char *reason)
{
	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	fake.fault = fault;
	fake.fault_op = 0x28;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == -1);
	expect_refused("read", reason);
}

static void test_hostile(void)
{
	hostile_scan(F_RESPONSE_VALUE, 0xa0, "response not a defined value");
	hostile_scan(F_SENSE_LEN, 0x12, "sense_len beyond");
	hostile_scan(F_RESIDUAL, 0x12, "residual beyond");
	hostile_scan(F_STATUS, 0x00, "status not a defined value");
	hostile_scan(F_SENSE_CODE, 0x00, "response code");
	hostile_scan(F_SILENT, 0x25, "did not answer in time");
	hostile_scan(F_BLOCK_SIZE, 0x25, "block length");
	hostile_scan(F_LUN_ENTRY, 0xa0, "single-level LUN");
	hostile_scan(F_INQUIRY_SHORT, 0x12, "INQUIRY data truncated");
	hostile_read(F_SHORT_READ, "data left untransferred");
	hostile_read(F_USED_SHORT, "short of the request");
	hostile_read(F_SILENT, "did not answer in time");
	hostile_read(F_RESPONSE_VALUE, "response not a defined value");
}

static void hostile_config(unsigned off, uint32_t value, unsigned size, const char *reason)
{
	device(F_NONE, 0);
	bytes_store_le(fake.cfg + off, value, size);
	CHECK(virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000) == -1);
	if (!strstr(last_error, reason)) {
		check_failures++;
		fprintf(stderr, "config: error '%s' does not name '%s'\n", last_error, reason);
	}
	CHECK(hba.failed && fake.status == 0 && fake.notifies == 0);
}

static void test_hostile_config(void)
{
	hostile_config(0, 0, 4, "num_queues");
	hostile_config(24, 8, 4, "cdb_size");
	hostile_config(20, 1u << 20, 4, "sense_size");
	hostile_config(30, 300, 2, "max_target");
	device(F_NONE, 0);
	fake.dev.config_len = 24; /* a PCI device config structure too short */
	CHECK(virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000) == -1);
	CHECK(strstr(last_error, "config space too short") != NULL);
}

int main(void)
{
	test_scan_and_io();
	test_write_protected();
	test_attention_bounded();
	test_medium_error();
	test_hostile();
	test_hostile_config();
	return check_report("virtio_scsi_test");
}
