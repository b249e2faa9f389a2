/* Controller bring-up, the admin commands and the polled command loop. */
#include "firmware/drivers/nvme/nvme.h"

#include <string.h>

#include "firmware/drivers/io.h"
#include "firmware/platform/log.h"
#include "parsers/bytes/bytes.h"

/* Controller registers (NVMe Base 2.0 section 3.1.3). */
#define REG_CAP 0x00
#define REG_CC 0x14
#define REG_CSTS 0x1c
#define REG_AQA 0x24
#define REG_ASQ 0x28
#define REG_ACQ 0x30
#define CC_EN 1u
#define CC_IOSQES (6u << 16) /* 64-byte submission entries (Identify SQES allows them) */
#define CC_IOCQES (4u << 20) /* 16-byte completion entries (Identify CQES allows them) */
#define CC_SHN_MASK (3u << 14)
#define CC_SHN_NORMAL (1u << 14)
#define CSTS_RDY 1u
#define CSTS_CFS 2u
#define CSTS_SHST_MASK (3u << 2)
#define CSTS_SHST_COMPLETE (2u << 2)
#define CSTS_GONE 0xffffffffu /* what a read of a vanished device returns */

/* Admin commands and Identify CNS values. */
#define ADMIN_CREATE_SQ 0x01
#define ADMIN_CREATE_CQ 0x05
#define ADMIN_IDENTIFY 0x06
#define CNS_NAMESPACE 0x00
#define CNS_CONTROLLER 0x01
#define CNS_ACTIVE_LIST 0x02
#define MAX_NAMESPACES 16 /* NSIDs tried when the controller has no active list */

static int fail(struct nvme *n, const char *what, const char *why)
{
	log_msg(LOG_ERROR, "error: nvme@0x%x: %s: %s", n->where, what, why);
	n->failed = true;
	nvme_stop(n);
	return -1;
}

static uint64_t doorbell(const struct nvme *n, uint16_t qid, bool cq)
{
	return n->bar + NVME_DOORBELLS + (2u * qid + cq) * n->cap.stride;
}

/*
 * Waits, at most CAP.TO, for CSTS.RDY to read ready. 0 or -1 (no line: callers name it).
 * Waiting for ready, a fatal status (CSTS.CFS) ends the wait at once: such a controller never
 * becomes usable. The all-ones read of a vanished device ends either wait at once: it answers
 * nothing any more, and a reset would otherwise wait out CAP.TO (up to 127.5 s) for it.
 */
static int wait_ready(struct nvme *n, bool ready)
{
	uint64_t start = n->now(), limit = n->hz * n->cap.timeout_ms / 1000;

	for (;;) {
		uint32_t csts = io_read32(n->bar + REG_CSTS);

		if (csts == CSTS_GONE || (ready && csts & CSTS_CFS))
			return -1;
		if ((csts & CSTS_RDY) == ready)
			return 0;
		if (n->now() - start > limit)
			return -1;
	}
}

/*
 * At ExitBootServices the controller is disabled (CC.EN 0), not shut down (CC.SHN): the OS
 * takes it over at once, powered, resets it and flushes what it caches before its own
 * power-off. A shutdown there would only slow the OS's bring-up (a controller in shutdown
 * state may take longer to become ready: why Linux shuts its controllers down only for
 * power-off or removal since 4.5, "NVMe: Shutdown controller only for power-off"), and
 * edk2's NvmExpressDxe shuts down only from its ResetSystem notification, as nvme_shutdown()
 * serves here.
 */
void nvme_stop(struct nvme *n)
{
	/* CAP refused: the registers were never trusted, and the queues never handed over */
	n->stopped = !n->cap.timeout_ms;
	if (n->stopped)
		return;
	io_write32(n->bar + REG_CC, io_read32(n->bar + REG_CC) & ~CC_EN);
	n->stopped = !wait_ready(n, false);
	if (!n->stopped)
		log_msg(LOG_INFO, "nvme@0x%x: controller %s after disabling it", n->where,
			io_read32(n->bar + REG_CSTS) == CSTS_GONE ? "gone (registers read all ones)"
								 : "still ready");
}

/*
 * How long a shutdown may take: RTD3E, as NVMe Base 2.0 (3.6.2) tells the host to wait at
 * least that, or 1 s when it is not reported; never under 1 s (a latency reported too small
 * must not cut the controller's work short), and at most 60 s (what Linux caps RTD3E at: a
 * reset asked by a user must not hang for the 71 minutes RTD3E can say). CAP.TO bounds
 * CSTS.RDY changes, not shutdown processing, so it has no say here.
 */
#define SHUTDOWN_MIN_MS 1000u
#define SHUTDOWN_MAX_MS 60000u
static uint32_t shutdown_ms(const struct nvme *n)
{
	uint32_t ms = n->id.rtd3e_us / 1000 + (n->id.rtd3e_us % 1000 != 0);

	return ms < SHUTDOWN_MIN_MS ? SHUTDOWN_MIN_MS : ms > SHUTDOWN_MAX_MS ? SHUTDOWN_MAX_MS : ms;
}

int nvme_shutdown(struct nvme *n)
{
	uint32_t ms = shutdown_ms(n), csts;
	uint64_t start = n->now(), limit = n->hz * ms / 1000;
	int rc = 0;

	if (n->failed) /* refused (and disabled) earlier: its registers are not trusted */
		return -1;
	if (n->stopped) /* disabled already (nvme_stop()): nothing runs on it any more */
		return 0;
	io_write32(n->bar + REG_CC, (io_read32(n->bar + REG_CC) & ~CC_SHN_MASK) | CC_SHN_NORMAL);
	for (;;) {
		csts = io_read32(n->bar + REG_CSTS);
		if (csts != CSTS_GONE && (csts & CSTS_SHST_MASK) == CSTS_SHST_COMPLETE)
			break;
		if (csts & CSTS_CFS) { /* also the all-ones read of a vanished device */
			log_msg(LOG_ERROR, "error: nvme@0x%x: shutdown: %s (CSTS 0x%x): data it "
				"cached may be lost", n->where, csts == CSTS_GONE
				? "controller gone (registers read all ones)"
				: "controller fatal status (CSTS.CFS)", csts);
			rc = -1;
			break;
		}
		if (n->now() - start > limit) {
			log_msg(LOG_ERROR, "error: nvme@0x%x: shutdown: not complete after %u ms "
				"(CSTS 0x%x): data it cached may be lost", n->where, ms, csts);
			rc = -1;
			break;
		}
	}
	/* a reset is what the spec asks before the controller is used again: the OS's, or ours */
	nvme_stop(n);
	return rc;
}

/* The phase tag of the entry at the CQ head (bit 16 of its last dword) says a new one is there. */
static bool posted(const struct nvme_queue *q)
{
	const volatile uint8_t *tag = q->cq + (size_t)q->head * NVME_CQE_BYTES + 14;

	return (*tag & 1) == q->phase;
}

int nvme_run(struct nvme *n, struct nvme_queue *q, uint8_t sqe[NVME_SQE_BYTES], const char *what)
{
	struct nvme_cqe_expect e = { .sqid = q->id, .sq_entries = q->entries, .phase = q->phase };
	struct nvme_cqe c;
	uint8_t entry[NVME_CQE_BYTES];
	uint64_t start, checked;
	int rc;

	if (n->failed)
		return -1;
	e.cid = n->cid++ & 0x7fff; /* CID 0xFFFF is reserved */
	bytes_store_le(sqe + 2, e.cid, 2);
	memcpy(q->sq + (size_t)q->tail * NVME_SQE_BYTES, sqe, NVME_SQE_BYTES);
	q->tail = (uint16_t)((q->tail + 1) % q->entries);
	io_barrier(); /* the entry is in memory before the controller is told */
	io_write32(doorbell(n, q->id, false), q->tail);
	start = checked = n->now();
	while (!posted(q)) {
		uint64_t t = n->now();

		if (t - start > n->timeout)
			return fail(n, what, "no completion in time");
		/*
		 * A controller in fatal status completes nothing: notice it instead of
		 * waiting out the timeout. Once a millisecond, as an MMIO read is slow.
		 */
		if (t - checked >= n->hz / 1000) {
			checked = t;
			if (io_read32(n->bar + REG_CSTS) & CSTS_CFS)
				return fail(n, what, "controller fatal status (CSTS.CFS)");
		}
	}
	/*
	 * Only now the rest of the entry: read before the phase tag, it could be
	 * the last lap's (QEMU writes the entry while the CPU polls).
	 */
	io_barrier();
	memcpy(entry, q->cq + (size_t)q->head * NVME_CQE_BYTES, NVME_CQE_BYTES);
	rc = nvme_check_cqe(entry, NVME_CQE_BYTES, &e, &c);
	if (rc != NVME_OK && rc != NVME_ERR_COMMAND_FAILED)
		return fail(n, what, nvme_strerror(rc));
	if (++q->head == q->entries) {
		q->head = 0;
		q->phase ^= 1;
	}
	io_write32(doorbell(n, q->id, true), q->head);
	if (rc == NVME_OK)
		return 0;
	log_msg(LOG_INFO, "nvme@0x%x: %s failed: status type %u code 0x%02x", n->where, what, c.sct,
		c.sc);
	return 1;
}

static void sqe_init(uint8_t *sqe, uint8_t opcode, uint32_t nsid, uint64_t prp1)
{
	memset(sqe, 0, NVME_SQE_BYTES);
	sqe[0] = opcode;
	bytes_store_le(sqe + 4, nsid, 4);
	bytes_store_le(sqe + 24, prp1, 8);
}

/* Identify into the data page. 0, 1 (failed alone) or -1. */
static int identify(struct nvme *n, uint8_t cns, uint32_t nsid, const char *what)
{
	uint8_t sqe[NVME_SQE_BYTES];

	sqe_init(sqe, ADMIN_IDENTIFY, nsid, (uint64_t)(uintptr_t)nvme_page(n, NVME_MEM_DATA));
	bytes_store_le(sqe + 40, cns, 4);
	return nvme_run(n, &n->admin, sqe, what);
}

/* Create I/O Completion Queue 1, then Submission Queue 1 on it: physically contiguous, polled. */
static int create_io_queues(struct nvme *n)
{
	uint32_t qsize = (uint32_t)(n->io.entries - 1) << 16 | 1;
	uint8_t sqe[NVME_SQE_BYTES];

	sqe_init(sqe, ADMIN_CREATE_CQ, 0, (uint64_t)(uintptr_t)n->io.cq);
	bytes_store_le(sqe + 40, qsize, 4);
	bytes_store_le(sqe + 44, 1, 4); /* PC, interrupts off */
	if (nvme_run(n, &n->admin, sqe, "create I/O completion queue"))
		return -1;
	sqe_init(sqe, ADMIN_CREATE_SQ, 0, (uint64_t)(uintptr_t)n->io.sq);
	bytes_store_le(sqe + 40, qsize, 4);
	bytes_store_le(sqe + 44, 1u << 16 | 1, 4); /* CQ 1, PC */
	return nvme_run(n, &n->admin, sqe, "create I/O submission queue") ? -1 : 0;
}

static void queue_init(struct nvme_queue *q, uint16_t id, uint16_t entries, uint8_t *sq,
		       uint8_t *cq)
{
	*q = (struct nvme_queue){ .sq = sq, .cq = cq, .id = id, .entries = entries, .phase = 1 };
}

/* Disabled, admin queues set, enabled: the state in which commands run. */
static int enable(struct nvme *n)
{
	uint16_t entries = n->cap.queue_entries < NVME_QUEUE_ENTRIES ? (uint16_t)n->cap.queue_entries
								      : NVME_QUEUE_ENTRIES;

	io_write32(n->bar + REG_CC, 0);
	if (wait_ready(n, false))
		return fail(n, "reset", "controller still ready after CAP.TO");
	queue_init(&n->admin, 0, entries, nvme_page(n, NVME_MEM_ADMIN_SQ),
		   nvme_page(n, NVME_MEM_ADMIN_CQ));
	queue_init(&n->io, 1, entries, nvme_page(n, NVME_MEM_IO_SQ), nvme_page(n, NVME_MEM_IO_CQ));
	io_write32(n->bar + REG_AQA, (uint32_t)(entries - 1) << 16 | (entries - 1u));
	io_write64_halves(n->bar + REG_ASQ, (uint64_t)(uintptr_t)n->admin.sq);
	io_write64_halves(n->bar + REG_ACQ, (uint64_t)(uintptr_t)n->admin.cq);
	io_barrier();
	io_write32(n->bar + REG_CC, CC_IOCQES | CC_IOSQES | CC_EN); /* NVM command set, 4 KiB pages */
	if (wait_ready(n, true))
		return fail(n, "enable", "controller never became ready (CAP.TO) or reports a fatal status");
	return 0;
}

int nvme_init(struct nvme *n, uint64_t bar, uint64_t bar_size, uint32_t where, uint8_t *mem,
	      uint64_t (*now)(void), uint64_t hz, uint64_t timeout_s)
{
	uint8_t cap[NVME_CAP_BYTES];
	int status;

	memset(n, 0, sizeof(*n));
	n->bar = bar;
	n->where = where;
	n->mem = mem;
	n->now = now;
	n->hz = hz;
	n->timeout = hz * timeout_s;
	bytes_store_le(cap, io_read32(bar + REG_CAP), 4);
	bytes_store_le(cap + 4, io_read32(bar + REG_CAP + 4), 4);
	status = nvme_check_cap(cap, sizeof(cap), bar_size, &n->cap);
	if (status != NVME_OK)
		return fail(n, "CAP", nvme_strerror(status));
	if (enable(n) || identify(n, CNS_CONTROLLER, 0, "identify controller"))
		return n->failed ? -1 : fail(n, "identify controller", "command failed");
	status = nvme_check_ctrl(nvme_page(n, NVME_MEM_DATA), NVME_ID_BYTES, &n->id);
	if (status != NVME_OK)
		return fail(n, "identify controller", nvme_strerror(status));
	n->max_transfer = n->id.max_transfer && n->id.max_transfer < NVME_MAX_TRANSFER
				  ? (uint32_t)n->id.max_transfer : NVME_MAX_TRANSFER;
	return create_io_queues(n) ? (n->failed ? -1 : fail(n, "I/O queues", "command failed")) : 0;
}

/*
 * Identify Namespace nsid; found() if it can be served. -1 if the controller
 * was refused, 1 if found() has no room for more, else 0.
 */
static int add_namespace(struct nvme *n, uint32_t nsid, bool listed,
			 bool (*found)(void *ctx, const struct nvme_namespace *ns), void *ctx)
{
	struct nvme_namespace ns = { .ctrl = n, .nsid = nsid };
	struct nvme_ns id;
	int status, rc = identify(n, CNS_NAMESPACE, nsid, "identify namespace");

	if (rc)
		return rc < 0 ? -1 : 0;
	status = nvme_check_ns(nvme_page(n, NVME_MEM_DATA), NVME_ID_BYTES, &id);
	/* without the active list, an inactive NSID reads as all zeros: NSZE 0 */
	if (status == NVME_ERR_NS_SIZE && !listed)
		return 0;
	if (status != NVME_OK) {
		log_msg(LOG_ERROR, "error: nvme@0x%x: namespace %u: %s, left out", n->where, nsid,
			nvme_strerror(status));
		return 0;
	}
	ns.block_size = id.block_size;
	ns.num_blocks = id.num_blocks;
	memcpy(ns.eui64, id.eui64, sizeof(ns.eui64));
	ns.read_only = id.write_protected;
	return found(ctx, &ns) ? 0 : 1;
}

int nvme_scan(struct nvme *n, bool (*found)(void *ctx, const struct nvme_namespace *ns), void *ctx)
{
	uint8_t *list = nvme_page(n, NVME_MEM_PRP_LIST);
	uint32_t count = 0;
	bool listed;
	int rc = identify(n, CNS_ACTIVE_LIST, 0, "identify active namespaces");

	if (rc < 0)
		return -1;
	listed = rc == 0;
	if (listed) {
		int status = nvme_check_ns_list(nvme_page(n, NVME_MEM_DATA), NVME_ID_BYTES, n->id.nn, &count);

		if (status != NVME_OK)
			return fail(n, "identify active namespaces", nvme_strerror(status));
		/* the data page is reused for each namespace */
		memcpy(list, nvme_page(n, NVME_MEM_DATA), NVME_ID_BYTES);
	} else {
		/* NVMe 1.0 controllers have no active list: try the first NSIDs, naming the rest */
		count = n->id.nn < MAX_NAMESPACES ? n->id.nn : MAX_NAMESPACES;
		if (n->id.nn > count)
			log_msg(LOG_INFO, "nvme@0x%x: no active namespace list: NSIDs %u to %u not asked",
				n->where, count + 1, n->id.nn);
		for (uint32_t i = 0; i < count; i++)
			bytes_store_le(list + 4 * i, i + 1, 4);
	}
	for (uint32_t i = 0; i < count; i++) {
		rc = add_namespace(n, bytes_le32(list + 4 * i), listed, found, ctx);
		if (rc < 0)
			return -1;
		/* no room: the rest in one line, not one Identify and one line each (1,024 listed) */
		if (rc > 0 && i + 1 < count) {
			log_msg(LOG_ERROR, "error: nvme@0x%x: %u more namespaces after %u left out",
				n->where, count - i - 1, bytes_le32(list + 4 * i));
			break;
		}
	}
	return 0;
}
