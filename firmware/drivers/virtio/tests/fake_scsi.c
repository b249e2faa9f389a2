#include "firmware/drivers/virtio/tests/fake_scsi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/bytes/bytes.h"

/* A request no driver should make: the test stops there (its CHECK counters are its own). */
#define EXPECT(cond)                                                                  \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: fake adapter: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			abort();                                                      \
		}                                                                     \
	} while (0)

struct fake fake;

/* LUN i's blocks, made on first use (and kept: the next adapter's LUN i has them). */
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
	return index <= 2 ? fake.queue_max : 0;
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
	uint32_t hdr_len, out_len, resp_len, in_len;
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

	EXPECT(lba + count <= l->num_blocks);
	EXPECT(bytes == (write ? io->out_len : io->in_len));
	if (bytes > fake.max_request)
		fake.max_request = (uint32_t)bytes;
	if (fake.fault == F_MEDIUM_ERROR) {
		sense(io, 0x3, 0x11);
		return;
	}
	if (!l->mem)
		l->mem = lun_mem((unsigned)(l - fake.luns));
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

	EXPECT(io->hdr[0] == 1);
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

/* The chains made available since the last notify, last first if fake.reverse. */
static void serve(void)
{
	uint16_t heads[256];
	unsigned count = 0;

	while (fake.last_avail != bytes_le16(fake.avail + 2) && count < 256)
		heads[count++] = bytes_le16(fake.avail + 4 + 2 * (fake.last_avail++ % fake.qsize));
	for (unsigned k = 0; k < count; k++) {
		uint16_t head = heads[fake.reverse ? count - 1 - k : k];
		struct io io = { 0 };
		uint32_t used_len;

		for (uint16_t i = head, n = 0; n < 3; n++) {
			uint8_t *dd = fake.desc + 16 * i;
			uint8_t *buf = (uint8_t *)(uintptr_t)bytes_le64(dd);
			uint32_t len = bytes_le32(dd + 8);
			uint16_t flags = bytes_le16(dd + 12);

			if (!io.hdr)
				io.hdr = buf, io.hdr_len = len;
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
		/* as QEMU: the data buffers, data-out too, and the response */
		used_len = io.out_len + io.resp_len + io.in_len;
		if (fake.fault == F_USED_SHORT && io.hdr[19] == fake.fault_op)
			used_len--;
		if (fake.fault == F_USED_LONG && io.hdr[19] == fake.fault_op)
			used_len += io.hdr_len + 1; /* beyond every byte of the chain */
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
	EXPECT(index == 2);
	fake.notifies++;
	serve();
}

const struct virtio_ops fake_ops = {
	get_status, set_status, get_features, set_features, config_generation,
	read_config32, queue_max, queue_setup, notify,
};

static uint64_t clock_now;

uint64_t fake_clock(void)
{
	return clock_now += 1000;
}


void fake_add_lun(uint8_t target, uint16_t lun, uint8_t type, uint32_t bs, uint64_t blocks)
{
	fake.luns[fake.nluns++] = (struct fake_lun){ target, lun, type, bs, blocks };
}

/* A fresh adapter as QEMU 7.2 sets it up (max_target 255, max_lun 16383), no LUNs yet. */
void fake_reset(enum fault fault, uint8_t fault_op)
{
	memset(&fake, 0, sizeof(fake));
	fake.dev.ops = &fake_ops;
	fake.dev.modern = true;
	fake.dev.kind = "fake@0x";
	fake.dev.config_len = 0x100;
	fake.queue_max = 128;
	fake.fault = fault;
	fake.fault_op = fault_op;
	bytes_store_le(fake.cfg, 1, 4);
	bytes_store_le(fake.cfg + 4, 126, 4);
	bytes_store_le(fake.cfg + 8, 0xffff, 4);
	bytes_store_le(fake.cfg + 20, 96, 4);
	bytes_store_le(fake.cfg + 24, 32, 4);
	bytes_store_le(fake.cfg + 30, 255, 2);
	bytes_store_le(fake.cfg + 32, 16383, 4);
}

