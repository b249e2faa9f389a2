#include "firmware/drivers/virtio/scsi.h"

#include <string.h>

#include "firmware/platform/log.h"
#include "parsers/bytes/bytes.h"

#define REQUEST_QUEUE 2u /* 0 control, 1 event, 2 the first request queue */
#define LUN_BYTES 8u
#define REQ_FIXED 19u /* lun, id, task_attr, prio, crn */
/* The page after the rings: request header, response, small data-in (REPORT LUNS...). */
#define REQ_OFFSET VQ_MEM_BYTES
#define RESP_OFFSET (REQ_OFFSET + 0x200u)
#define DATA_OFFSET (REQ_OFFSET + 0x400u)
#define DATA_BYTES (SCSI_LUNS_HEADER + 255u * SCSI_LUN_ENTRY)
_Static_assert(REQ_FIXED + SCSI_CDB_MAX <= RESP_OFFSET - REQ_OFFSET, "request header fits");
_Static_assert(SCSI_RESPONSE_HEADER + SCSI_SENSE_MAX <= DATA_OFFSET - RESP_OFFSET, "response fits");
_Static_assert(DATA_OFFSET + DATA_BYTES <= REQ_OFFSET + VQ_PAGE, "data-in fits the page");
/*
 * The scan's slots, after that page: each a request header, response and
 * the 16 bytes of REPORT LUNS data that say whether a target exists (its
 * least allocation length, SPC-4); a chain of three descriptors each.
 */
#define SLOT_OFFSET (REQ_OFFSET + VQ_PAGE)
#define SLOT_RESP 0x120u
#define SLOT_DATA 0x230u
#define SLOT_BYTES 0x240u
#define SCAN_LUNS_BYTES 16u
_Static_assert(REQ_FIXED + SCSI_CDB_MAX <= SLOT_RESP, "slot request header fits");
_Static_assert(SLOT_RESP + SCSI_RESPONSE_HEADER + SCSI_SENSE_MAX <= SLOT_DATA, "slot response fits");
_Static_assert(SLOT_DATA + SCAN_LUNS_BYTES <= SLOT_BYTES, "slot data fits");
_Static_assert(SLOT_OFFSET + VIRTIO_SCSI_SCAN_SLOTS * SLOT_BYTES <= VIRTIO_SCSI_MEM_BYTES,
	       "the scan's slots fit");
_Static_assert(VIRTIO_SCSI_SCAN_SLOTS * VQ_MAX_BUFS <= VQ_SIZE_LIMIT, "the slots' chains fit a queue");

/* Commands (SPC-4, SBC-3). */
#define TEST_UNIT_READY 0x00
#define INQUIRY 0x12
#define MODE_SENSE_6 0x1a
#define READ_CAPACITY_10 0x25
#define READ_10 0x28
#define WRITE_10 0x2a
#define SYNCHRONIZE_CACHE_10 0x35
#define READ_16 0x88
#define WRITE_16 0x8a
#define SERVICE_ACTION_IN_16 0x9e
#define READ_CAPACITY_16 0x10
#define REPORT_LUNS 0xa0
#define MODE_PAGE_ALL 0x3f
#define CAPACITY16_BYTES 32u
#define MODE_HEADER_BYTES 4u

/* A command to one LUN: its CDB, and the data it moves. */
struct cmd {
	uint8_t target;
	uint16_t lun;
	uint8_t cdb[16];
	void *data;
	uint32_t len;
	bool out;   /* data to the device */
	bool whole; /* a READ/WRITE: all of len must move */
};

static int fail(struct virtio_scsi *s, const char *what, const char *why)
{
	log_msg(LOG_ERROR, "error: %s%llx: %s: %s", s->dev.kind, (unsigned long long)s->dev.where,
		what, why);
	s->failed = true;
	virtio_reset(&s->dev);
	return -1;
}

int virtio_scsi_init(struct virtio_scsi *s, const struct virtio_dev *dev, uint8_t *mem,
		     uint64_t (*now)(void), uint64_t timeout)
{
	uint8_t cfg[SCSI_CONFIG_BYTES];
	uint64_t features = 0; /* no hotplug, no T10 PI: nothing beyond VERSION_1 */
	size_t len;
	int status;

	memset(s, 0, sizeof(*s));
	s->dev = *dev;
	if (virtio_negotiate(&s->dev, &features))
		return fail(s, "init", "feature negotiation refused");
	len = virtio_read_config(&s->dev, cfg, sizeof(cfg));
	if (!len)
		return fail(s, "config", "generation never settles");
	status = scsi_check_config(cfg, len, &s->cfg);
	if (status != SCSI_OK)
		return fail(s, "config", scsi_strerror(status));
	s->q.now = now;
	s->q.timeout = timeout;
	status = vq_init_size(&s->q, &s->dev, REQUEST_QUEUE, mem, VQ_SIZE_LIMIT);
	if (status != VIRTIO_OK)
		return fail(s, "queue", vq_strerror(status));
	/*
	 * QEMU's used len is the data buffers plus the response, its data-out
	 * included: a WRITE's would be refused as beyond the writable bytes.
	 * What moved is the response's residual; the len stays bounded.
	 */
	s->q.track.len_counts_readable = true;
	s->dev.ops->set_status(&s->dev, s->dev.ops->get_status(&s->dev) | VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

/* The request header at h: LUN (virtio 1.2 section 5.6.6: 1, target, flat LUN), tag, CDB. */
static uint32_t write_header(struct virtio_scsi *s, const struct cmd *c, uint8_t *h)
{
	uint32_t len = REQ_FIXED + s->cfg.cdb_size;

	memset(h, 0, len);
	h[0] = 1;
	h[1] = c->target;
	h[2] = (uint8_t)(0x40 | c->lun >> 8);
	h[3] = (uint8_t)c->lun;
	bytes_store_le(h + LUN_BYTES, ++s->next_id, 8);
	memcpy(h + REQ_FIXED, c->cdb, sizeof(c->cdb));
	return len;
}

static uint32_t response_bytes(const struct virtio_scsi *s)
{
	return SCSI_RESPONSE_HEADER + s->cfg.sense_size;
}

/* c's chain in bufs (VQ_MAX_BUFS), its header at h and response at resp: the buffer count. */
static unsigned build_chain(struct virtio_scsi *s, const struct cmd *c, uint8_t *h, uint8_t *resp,
			    struct vq_buf *bufs)
{
	unsigned n = 0;

	bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)h, write_header(s, c, h), false };
	if (c->len && c->out)
		bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)c->data, c->len, false };
	memset(resp, 0xff, response_bytes(s)); /* not a response: a device that writes none is caught */
	bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)resp, response_bytes(s), true };
	if (c->len && !c->out)
		bufs[n++] = (struct vq_buf){ (uint64_t)(uintptr_t)c->data, c->len, true };
	return n;
}

/*
 * Runs c: SCSI_OK, an answer (scsi_is_answer(): this command failed, the
 * device stays), or -1 with the device refused.
 */
static int run(struct virtio_scsi *s, const struct cmd *c, struct scsi_response *r)
{
	uint8_t *resp = s->q.mem + RESP_OFFSET;
	struct vq_buf bufs[VQ_MAX_BUFS];
	int status, rc;

	if (s->failed)
		return -1;
	status = vq_run(&s->q, bufs, build_chain(s, c, s->q.mem + REQ_OFFSET, resp, bufs));
	if (status != VIRTIO_OK && status != VQ_ERR_SHORT)
		return fail(s, "request", vq_strerror(status));
	rc = scsi_check_response(resp, response_bytes(s), c->len, c->whole, r);
	if (scsi_is_answer(rc))
		return rc;
	if (rc != SCSI_OK)
		return fail(s, "request", scsi_strerror(rc));
	/*
	 * A short used length is the residual's for a command that may move
	 * less (its buffer is zeroed, only r->transferred bytes are read), and
	 * stale bytes in one that must move all.
	 */
	if (status != VIRTIO_OK && c->whole)
		return fail(s, "request", vq_strerror(status));
	return SCSI_OK;
}

/* A command with data-in to the small buffer; its transferred bytes in *len. */
static int query(struct virtio_scsi *s, struct cmd *c, uint32_t alloc, struct scsi_response *r)
{
	c->data = s->q.mem + DATA_OFFSET;
	c->len = alloc;
	memset(c->data, 0, alloc);
	return run(s, c, r);
}

/* Command opcode failed by the rules: named with its sense (key/ASC/ASCQ). */
static void log_answer(const struct virtio_scsi *s, uint8_t target, uint16_t lun,
		       uint8_t opcode, int rc, const struct scsi_response *r)
{
	log_info("%s%llx: scsi %u,%u: command 0x%02x failed: %s (sense %x/%02x/%02x)",
		 s->dev.kind, (unsigned long long)s->dev.where, target, lun, opcode,
		 scsi_strerror(rc), r->sense_key, r->asc, r->ascq);
}

/* TEST UNIT READY until no UNIT ATTENTION is pending (the reset, a media change), bounded. */
static int unit_ready(struct virtio_scsi *s, uint8_t target, uint16_t lun, struct scsi_response *r)
{
	struct cmd c = { .target = target, .lun = lun, .cdb = { TEST_UNIT_READY } };
	int rc = -1;

	for (int i = 0; i < VIRTIO_SCSI_ATTENTION_TRIES; i++) {
		rc = run(s, &c, r);
		if (rc != SCSI_ERR_CHECK_CONDITION || r->sense_key != SCSI_SENSE_UNIT_ATTENTION)
			break;
	}
	return rc;
}

static int read_capacity(struct virtio_scsi *s, struct virtio_scsi_lun *l,
			 struct scsi_response *r)
{
	struct cmd c = { .target = l->target, .lun = l->lun, .cdb = { READ_CAPACITY_10 } };
	struct scsi_capacity cap;
	int rc = query(s, &c, 8, r);

	if (rc == SCSI_OK) {
		rc = scsi_check_capacity10(c.data, r->transferred, &cap);
		if (rc == SCSI_OK && cap.need_16) {
			c.cdb[0] = SERVICE_ACTION_IN_16;
			c.cdb[1] = READ_CAPACITY_16;
			bytes_store_be(c.cdb + 10, CAPACITY16_BYTES, 4);
			rc = query(s, &c, CAPACITY16_BYTES, r);
			if (rc == SCSI_OK)
				rc = scsi_check_capacity16(c.data, r->transferred, &cap);
		}
	}
	if (rc != SCSI_OK)
		return scsi_is_answer(rc) || rc < 0 ? rc : fail(s, "READ CAPACITY", scsi_strerror(rc));
	l->block_size = cap.block_size;
	l->num_blocks = cap.num_blocks;
	return SCSI_OK;
}

/*
 * A disk whose MODE SENSE header has WP set is read-only media; a CD always
 * is. A disk that fails MODE SENSE by the rules is taken as writable, as
 * Linux's sd does: its writes will say.
 */
static int write_protected(struct virtio_scsi *s, struct virtio_scsi_lun *l,
			   struct scsi_response *r)
{
	struct cmd c = { .target = l->target, .lun = l->lun,
			 .cdb = { MODE_SENSE_6, 0, MODE_PAGE_ALL, 0, 0xff } };
	int rc;

	l->read_only = l->type == SCSI_TYPE_CDROM;
	if (l->read_only)
		return SCSI_OK;
	rc = query(s, &c, 0xff, r);
	if (rc == SCSI_OK)
		rc = scsi_check_mode_header(c.data, r->transferred, &l->read_only);
	if (scsi_is_answer(rc))
		return SCSI_OK;
	if (rc > 0)
		return fail(s, "MODE SENSE", scsi_strerror(rc));
	return rc;
}

/*
 * One LUN: INQUIRY, ready, capacity, write protection; found() if it is
 * served. 1 if found() has no room for more, -1 if the device was refused.
 */
static int probe_lun(struct virtio_scsi *s, uint8_t target, uint16_t lun,
		     bool (*found)(void *ctx, const struct virtio_scsi_lun *l), void *ctx)
{
	struct cmd c = { .target = target, .lun = lun,
			 .cdb = { INQUIRY, 0, 0, 0, SCSI_INQUIRY_BYTES } };
	struct virtio_scsi_lun l = { .hba = s, .target = target, .lun = lun };
	struct scsi_inquiry inq;
	struct scsi_response r;
	uint8_t step = INQUIRY;
	int rc = query(s, &c, SCSI_INQUIRY_BYTES, &r);

	if (rc == SCSI_OK) {
		rc = scsi_check_inquiry(c.data, r.transferred, &inq);
		if (rc == SCSI_ERR_LUN_NOT_PRESENT || rc == SCSI_ERR_DEVICE_TYPE)
			return 0; /* nothing this driver serves: not an error */
		if (rc != SCSI_OK)
			return fail(s, "INQUIRY", scsi_strerror(rc));
		l.type = inq.type;
		step = TEST_UNIT_READY;
		rc = unit_ready(s, target, lun, &r);
	}
	if (rc == SCSI_OK) {
		step = READ_CAPACITY_10;
		rc = read_capacity(s, &l, &r);
	}
	if (rc == SCSI_OK) {
		step = MODE_SENSE_6;
		rc = write_protected(s, &l, &r);
	}
	if (rc < 0)
		return -1;
	if (rc != SCSI_OK) {
		/* an empty CD drive (NOT READY, 3A/00) is no news */
		if (r.sense_key != SCSI_SENSE_NOT_READY)
			log_answer(s, target, lun, step, rc, &r);
		return 0;
	}
	return found(ctx, &l) ? 0 : 1;
}

/* The LUNs of one target: REPORT LUNS, or LUN 0 alone if the target fails it. As probe_lun(). */
static int scan_target(struct virtio_scsi *s, uint8_t target,
		       bool (*found)(void *ctx, const struct virtio_scsi_lun *l), void *ctx)
{
	struct cmd c = { .target = target, .cdb = { REPORT_LUNS } };
	uint8_t luns[DATA_BYTES];
	struct scsi_response r;
	uint32_t count, lun;
	int rc, full;

	bytes_store_be(c.cdb + 6, DATA_BYTES, 4);
	rc = query(s, &c, DATA_BYTES, &r);
	if (rc == SCSI_ERR_BAD_TARGET)
		return 0;
	if (rc < 0)
		return -1;
	if (rc != SCSI_OK)
		return probe_lun(s, target, 0, found, ctx);
	/* the data buffer serves the commands to each LUN: the list is kept apart */
	memcpy(luns, c.data, r.transferred);
	rc = scsi_check_luns(luns, r.transferred, &count);
	for (uint32_t i = 0; rc == SCSI_OK && i < count; i++) {
		rc = scsi_lun_entry(luns, r.transferred, i, s->cfg.max_lun, &lun);
		if (rc == SCSI_OK && (full = probe_lun(s, target, (uint16_t)lun, found, ctx)) != 0)
			return full;
	}
	return rc == SCSI_OK ? 0 : fail(s, "REPORT LUNS", scsi_strerror(rc));
}

/*
 * Whether targets first..first + n - 1 exist: a REPORT LUNS to each in
 * flight together (slot i, descriptors 3i..3i + 2), one notify, the
 * answers taken as they come. exists[i] unless the device says BAD_TARGET;
 * a response that breaks a rule refuses the device (-1). Only the response
 * is read (the data is asked again by scan_target()): the used len says
 * nothing here.
 */
static int ask_targets(struct virtio_scsi *s, uint32_t first, unsigned n, bool *exists)
{
	struct vq_buf bufs[VQ_MAX_BUFS];
	struct virtq_completion done;
	struct scsi_response r;
	int status;

	for (unsigned i = 0; i < n; i++) {
		uint8_t *slot = s->q.mem + SLOT_OFFSET + (size_t)i * SLOT_BYTES;
		struct cmd c = { .target = (uint8_t)(first + i), .cdb = { REPORT_LUNS },
				 .data = slot + SLOT_DATA, .len = SCAN_LUNS_BYTES };

		bytes_store_be(c.cdb + 6, SCAN_LUNS_BYTES, 4);
		status = vq_post(&s->q, (uint16_t)(i * VQ_MAX_BUFS), bufs,
				 build_chain(s, &c, slot, slot + SLOT_RESP, bufs));
		if (status != VIRTIO_OK)
			return fail(s, "request", vq_strerror(status));
	}
	vq_notify(&s->q);
	for (unsigned k = 0; k < n; k++) {
		uint8_t *slot;
		int rc;

		status = vq_wait(&s->q, &done);
		if (status != VIRTIO_OK)
			return fail(s, "request", vq_strerror(status));
		/* the tracker took only the head of a chain posted above: 3i, i < n */
		slot = s->q.mem + SLOT_OFFSET + (size_t)(done.head / VQ_MAX_BUFS) * SLOT_BYTES;
		rc = scsi_check_response(slot + SLOT_RESP, response_bytes(s), SCAN_LUNS_BYTES, false,
					 &r);
		if (rc != SCSI_OK && !scsi_is_answer(rc))
			return fail(s, "request", scsi_strerror(rc));
		exists[done.head / VQ_MAX_BUFS] = rc != SCSI_ERR_BAD_TARGET;
	}
	return 0;
}

int virtio_scsi_scan(struct virtio_scsi *s, bool (*found)(void *ctx, const struct virtio_scsi_lun *l),
		     void *ctx)
{
	int rc;

	unsigned slots = s->q.size / VQ_MAX_BUFS;
	bool exists[VIRTIO_SCSI_SCAN_SLOTS];

	if (slots > VIRTIO_SCSI_SCAN_SLOTS)
		slots = VIRTIO_SCSI_SCAN_SLOTS;
	for (uint32_t first = 0; first <= s->cfg.max_target; first += slots) {
		unsigned n = s->cfg.max_target + 1u - first < slots ? s->cfg.max_target + 1u - first
								  : slots;

		if (ask_targets(s, first, n, exists))
			return -1;
		for (unsigned i = 0; i < n; i++) {
			rc = exists[i] ? scan_target(s, (uint8_t)(first + i), found, ctx) : 0;
			if (rc < 0)
				return -1;
			/* no room: one line, not an INQUIRY and a line per LUN listed (thousands) */
			if (rc > 0) {
				log_msg(LOG_ERROR, "error: %s%llx: LUN scan stopped at target %u: no room "
					"for more LUNs", s->dev.kind, (unsigned long long)s->dev.where,
					first + i);
				return 0;
			}
		}
	}
	return s->failed ? -1 : 0;
}

/* READ/WRITE (10) while LBA and count fit it, (16) beyond. */
static void rw_cdb(uint8_t cdb[16], bool write, uint64_t lba, uint32_t count)
{
	memset(cdb, 0, 16);
	if (lba + count <= UINT32_MAX && count <= UINT16_MAX) {
		cdb[0] = write ? WRITE_10 : READ_10;
		bytes_store_be(cdb + 2, lba, 4);
		bytes_store_be(cdb + 7, count, 2);
	} else {
		cdb[0] = write ? WRITE_16 : READ_16;
		bytes_store_be(cdb + 2, lba, 8);
		bytes_store_be(cdb + 10, count, 4);
	}
}

/* Blocks one command may carry: within max_sectors and VIRTIO_SCSI_MAX_REQUEST. */
static uint32_t request_blocks(const struct virtio_scsi_lun *l)
{
	uint64_t limit = (uint64_t)l->hba->cfg.max_sectors * 512;

	if (limit > VIRTIO_SCSI_MAX_REQUEST)
		limit = VIRTIO_SCSI_MAX_REQUEST;
	return (uint32_t)(limit / l->block_size);
}

static int transfer(struct virtio_scsi_lun *l, bool write, uint64_t lba, uint64_t count,
		    uint8_t *buf)
{
	struct virtio_scsi *s = l->hba;
	uint32_t most = request_blocks(l);
	struct scsi_response r;

	while (count) {
		uint32_t n = (uint32_t)(count < most ? count : most);
		struct cmd c = { .target = l->target, .lun = l->lun, .data = buf,
				 .len = n * l->block_size, .out = write, .whole = true };
		int rc;

		rw_cdb(c.cdb, write, lba, n);
		rc = run(s, &c, &r);
		if (rc != SCSI_OK) {
			if (rc > 0) {
				log_answer(s, l->target, l->lun, c.cdb[0], rc, &r);
				s->request_errors++;
			}
			return -1;
		}
		s->requests++;
		s->bytes += c.len;
		buf += c.len;
		lba += n;
		count -= n;
	}
	return 0;
}

int virtio_scsi_read(struct virtio_scsi_lun *l, uint64_t lba, uint64_t count, void *buf)
{
	return transfer(l, false, lba, count, buf);
}

int virtio_scsi_write(struct virtio_scsi_lun *l, uint64_t lba, uint64_t count, const void *buf)
{
	if (l->read_only)
		return -1;
	return transfer(l, true, lba, count, (uint8_t *)(uintptr_t)buf);
}

int virtio_scsi_flush(struct virtio_scsi_lun *l)
{
	struct cmd c = { .target = l->target, .lun = l->lun, .cdb = { SYNCHRONIZE_CACHE_10 } };
	struct scsi_response r;
	int rc;

	if (l->read_only)
		return l->hba->failed ? -1 : 0;
	rc = run(l->hba, &c, &r);
	if (rc > 0)
		log_answer(l->hba, l->target, l->lun, c.cdb[0], rc, &r);
	return rc == SCSI_OK ? 0 : -1;
}

void virtio_scsi_stop(struct virtio_scsi *s)
{
	virtio_reset(&s->dev);
}
