/* NVMe register, completion and Identify rules, each broken once, on buffers built in memory. */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/nvme/nvme.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, nvme_strerror)

/* QEMU 7.2's CAP (captured): MQES 2047, CQR, TO 15, DSTRD 0, CSS NVM (+ bits 6, 7), MPSMAX 4. */
#define QEMU_CAP 0x004018200f0107ffull
#define QEMU_BAR 0x4000u

static int cap(uint64_t v, uint64_t bar, struct nvme_cap *c)
{
	uint8_t b[8];

	bytes_store_le(b, v, 8);
	return nvme_check_cap(b, sizeof(b), bar, c);
}

static void test_cap(void)
{
	struct nvme_cap c;
	uint8_t b[8] = { 0 };

	CHECK_STATUS(cap(QEMU_CAP, QEMU_BAR, &c), NVME_OK);
	CHECK(c.queue_entries == 2048 && c.timeout_ms == 7500 && c.stride == 4);
	CHECK_STATUS(nvme_check_cap(NULL, 8, QEMU_BAR, &c), NVME_ERR_ARGUMENT);
	CHECK_STATUS(nvme_check_cap(b, 7, QEMU_BAR, &c), NVME_ERR_ARGUMENT);
	CHECK_STATUS(cap(QEMU_CAP & ~0xffffull, QEMU_BAR, &c), NVME_ERR_CAP_MQES);
	CHECK_STATUS(cap(QEMU_CAP & ~0xff000000ull, QEMU_BAR, &c), NVME_ERR_CAP_TIMEOUT);
	CHECK_STATUS(cap(QEMU_CAP & ~(1ull << 37), QEMU_BAR, &c), NVME_ERR_CAP_CSS);
	CHECK_STATUS(cap(QEMU_CAP | 1ull << 48, QEMU_BAR, &c), NVME_ERR_CAP_PAGE_SIZE);
	/* DSTRD 15: doorbells 128 KiB apart, the fourth beyond a 16 KiB BAR */
	CHECK_STATUS(cap(QEMU_CAP | 15ull << 32, QEMU_BAR, &c), NVME_ERR_CAP_DOORBELLS);
	CHECK_STATUS(cap(QEMU_CAP | 15ull << 32, 0x1000 + 4 * (4u << 15), &c), NVME_OK);
	CHECK_STATUS(cap(QEMU_CAP, 0x1000 + 15, &c), NVME_ERR_CAP_DOORBELLS);
	CHECK_STATUS(cap(QEMU_CAP, 0x800, &c), NVME_ERR_CAP_DOORBELLS);
	/* a refused CAP hands back nothing: the driver takes a zero timeout as "never touched" */
	CHECK(c.queue_entries == 0 && c.timeout_ms == 0 && c.stride == 0);
}

static void cqe(uint8_t *p, uint16_t sqid, uint16_t cid, uint16_t head, uint8_t phase,
		uint16_t status)
{
	memset(p, 0, NVME_CQE_BYTES);
	bytes_store_le(p, 0x1234, 4);
	bytes_store_le(p + 8, (uint32_t)sqid << 16 | head, 4);
	bytes_store_le(p + 12, (uint32_t)status << 17 | (uint32_t)phase << 16 | cid, 4);
}

static void test_cqe(void)
{
	const struct nvme_cqe_expect e = { .sqid = 1, .cid = 7, .sq_entries = 64, .phase = 1 };
	struct nvme_cqe c;
	uint8_t p[NVME_CQE_BYTES];

	cqe(p, 1, 7, 63, 1, 0);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_OK);
	CHECK(c.dw0 == 0x1234 && c.sq_head == 63 && !c.sc && !c.sct);
	CHECK_STATUS(nvme_check_cqe(NULL, sizeof(p), &e, &c), NVME_ERR_ARGUMENT);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p) - 1, &e, &c), NVME_ERR_CQE_TRUNCATED);
	cqe(p, 1, 7, 0, 0, 0);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_CQE_PENDING);
	cqe(p, 0, 7, 0, 1, 0);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_ERR_CQE_SQID);
	cqe(p, 1, 6, 0, 1, 0);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_ERR_CQE_CID);
	cqe(p, 1, 7, 64, 1, 0);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_ERR_CQE_SQ_HEAD);
	/* LBA out of range: SCT 0, SC 0x80; with DNR (bit 14 of the status field) */
	cqe(p, 1, 7, 1, 1, 0x4080);
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_ERR_COMMAND_FAILED);
	CHECK(c.sc == 0x80 && c.sct == 0);
	cqe(p, 1, 7, 1, 1, 0x281); /* SCT 2 (media), SC 0x81 (unrecovered read) */
	CHECK_STATUS(nvme_check_cqe(p, sizeof(p), &e, &c), NVME_ERR_COMMAND_FAILED);
	CHECK(c.sc == 0x81 && c.sct == 2);
}

static void test_ctrl(void)
{
	static uint8_t id[NVME_ID_BYTES];
	struct nvme_ctrl c;

	memset(id, 0, sizeof(id));
	id[77] = 7;
	id[512] = 0x66; /* SQES and CQES as QEMU 7.2 has them: 64 and 16 bytes only */
	id[513] = 0x44;
	bytes_store_le(id + 516, 256, 4);
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id), &c), NVME_OK);
	CHECK(c.nn == 256 && c.max_transfer == 512 * 1024);
	CHECK(c.rtd3e_us == 0 && !c.volatile_cache);
	bytes_store_le(id + 88, 2500000, 4); /* RTD3E 2.5 s */
	id[525] = 7; /* VWC as QEMU 7.2 has it: present, FLUSH to NSID FFFFFFFFh supported */
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id), &c), NVME_OK);
	CHECK(c.rtd3e_us == 2500000 && c.volatile_cache);
	id[77] = 0;
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id), &c), NVME_OK);
	CHECK(c.max_transfer == 0);
	id[77] = 255;
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id), &c), NVME_OK);
	CHECK(c.max_transfer == 1ull << 63);
	CHECK_STATUS(nvme_check_ctrl(NULL, sizeof(id), &c), NVME_ERR_ARGUMENT);
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id) - 1, &c), NVME_ERR_ID_TRUNCATED);
	bytes_store_le(id + 516, 0, 4);
	CHECK_STATUS(nvme_check_ctrl(id, sizeof(id), &c), NVME_ERR_CTRL_NN);
}

/* SQES and CQES (bytes 512, 513): required size in bits 3:0, largest in 7:4, log2. */
static int entry_sizes(uint8_t sqes, uint8_t cqes)
{
	static uint8_t id[NVME_ID_BYTES];
	struct nvme_ctrl c;

	memset(id, 0, sizeof(id));
	id[512] = sqes;
	id[513] = cqes;
	bytes_store_le(id + 516, 1, 4);
	return nvme_check_ctrl(id, sizeof(id), &c);
}

static void test_ctrl_entry_sizes(void)
{
	CHECK_STATUS(entry_sizes(0x66, 0x44), NVME_OK);
	/* ranges around the driver's sizes are fine */
	CHECK_STATUS(entry_sizes(0xf5, 0xf3), NVME_OK);
	CHECK_STATUS(entry_sizes(0x77, 0x44), NVME_ERR_CTRL_SQES_MIN);
	CHECK_STATUS(entry_sizes(0x55, 0x44), NVME_ERR_CTRL_SQES_MAX);
	CHECK_STATUS(entry_sizes(0x66, 0x55), NVME_ERR_CTRL_CQES_MIN);
	CHECK_STATUS(entry_sizes(0x66, 0x33), NVME_ERR_CTRL_CQES_MAX);
	/* all zeros (a controller that fills in neither): no 64-byte entries allowed */
	CHECK_STATUS(entry_sizes(0x00, 0x44), NVME_ERR_CTRL_SQES_MAX);
	CHECK_STATUS(entry_sizes(0x66, 0x00), NVME_ERR_CTRL_CQES_MAX);
}

static void test_ns_list(void)
{
	static uint8_t l[NVME_ID_BYTES];
	uint32_t n;

	memset(l, 0, sizeof(l));
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 4, &n), NVME_OK);
	CHECK(n == 0);
	bytes_store_le(l, 1, 4);
	bytes_store_le(l + 4, 3, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 4, &n), NVME_OK);
	CHECK(n == 2);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 2, &n), NVME_ERR_NS_LIST_NSID);
	CHECK(n == 0);
	/* the broadcast NSID names no namespace, even with NN all ones */
	bytes_store_le(l + 4, 0xffffffff, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 0xffffffff, &n), NVME_ERR_NS_LIST_NSID);
	bytes_store_le(l + 4, 0xfffffffe, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 0xffffffff, &n), NVME_OK);
	CHECK(n == 2);
	bytes_store_le(l + 4, 3, 4);
	CHECK_STATUS(nvme_check_ns_list(NULL, sizeof(l), 4, &n), NVME_ERR_ARGUMENT);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l) - 1, 4, &n), NVME_ERR_ID_TRUNCATED);
	bytes_store_le(l + 4, 1, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 4, &n), NVME_ERR_NS_LIST_ORDER);
	bytes_store_le(l + 4, 3, 4);
	bytes_store_le(l + 4092, 4, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 4, &n), NVME_ERR_NS_LIST_TERMINATOR);
	/* a full list has no terminator */
	for (uint32_t i = 0; i < NVME_NS_LIST_MAX; i++)
		bytes_store_le(l + 4 * i, i + 1, 4);
	CHECK_STATUS(nvme_check_ns_list(l, sizeof(l), 1024, &n), NVME_OK);
	CHECK(n == 1024);
}

/* QEMU 7.2's namespace: NLBAF 7, formats 512/4096 with and without 8..64 bytes of metadata. */
static void ns(uint8_t *id, uint64_t nsze, uint8_t flbas)
{
	static const uint8_t lbads[8] = { 9, 9, 9, 9, 12, 12, 12, 12 };
	static const uint16_t ms[8] = { 0, 8, 16, 64, 0, 8, 16, 64 };

	memset(id, 0, NVME_ID_BYTES);
	bytes_store_le(id, nsze, 8);
	bytes_store_le(id + 8, nsze, 8);
	bytes_store_le(id + 16, nsze, 8);
	id[25] = 7;
	id[26] = flbas;
	for (int i = 0; i < 8; i++)
		bytes_store_le(id + 128 + 4 * i, (uint32_t)lbads[i] << 16 | ms[i], 4);
	memcpy(id + 120, "\x52\x54\x00\x00\x00\x00\x00\x01", 8);
}

static void test_ns(void)
{
	static uint8_t id[NVME_ID_BYTES];
	struct nvme_ns n;

	ns(id, 81920, 0);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_OK);
	CHECK(n.num_blocks == 81920 && n.block_size == 512 && n.eui64[0] == 0x52 && n.eui64[7] == 1);
	ns(id, 10240, 4);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_OK);
	CHECK(n.num_blocks == 10240 && n.block_size == 4096 && !n.write_protected);
	id[99] = 0xfe; /* NSATTR: only bit 0 says write-protected */
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_OK);
	CHECK(!n.write_protected);
	id[99] = 1;
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_OK);
	CHECK(n.write_protected && n.block_size == 4096);
	CHECK_STATUS(nvme_check_ns(NULL, sizeof(id), &n), NVME_ERR_ARGUMENT);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id) - 1, &n), NVME_ERR_ID_TRUNCATED);
	ns(id, 0, 0);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_SIZE);
	ns(id, 100, 0);
	bytes_store_le(id + 8, 101, 8);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_CAPACITY);
	ns(id, 100, 0);
	bytes_store_le(id + 16, 101, 8);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_CAPACITY);
	ns(id, 100, 8);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_FORMAT);
	ns(id, 100, 0x20); /* bits 6:5 extend the index: format 16 */
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_FORMAT);
	ns(id, 100, 1);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_METADATA);
	ns(id, 100, 0);
	id[128 + 2] = 8;
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_BLOCK_SIZE);
	id[128 + 2] = 13;
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_BLOCK_SIZE);
	ns(id, 1ull << 55, 4);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_ERR_NS_BYTES);
	ns(id, (1ull << 52) - 1, 4);
	CHECK_STATUS(nvme_check_ns(id, sizeof(id), &n), NVME_OK);
}

int main(void)
{
	test_cap();
	test_cqe();
	test_ctrl();
	test_ctrl_entry_sizes();
	test_ns_list();
	test_ns();
	CHECK(strerror_table_ok(nvme_strerror, NVME_ERR_COUNT, "unknown nvme status"));
	return check_report("nvme_test");
}
