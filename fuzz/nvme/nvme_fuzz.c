/*
 * NVMe harness. Input: one byte choosing the check (% 5), a 32-bit
 * little-endian parameter, a flag byte, then the bytes the controller wrote:
 *   0 CAP (parameter: BAR0's size); 1 a completion entry (parameter: the
 *   expected SQ id in bits 31:16 and CID in bits 15:0, flag: the expected
 *   phase in bit 0 and the SQ size, bits 7:1, plus 1); 2 Identify
 *   Controller; 3 active namespace list (parameter: NN); 4 Identify
 *   Namespace.
 *
 * Oracles: an accepted CAP has queues of 2+ entries, a timeout, and its four
 * doorbells inside the BAR, a refused one hands back zeros; an accepted or
 * failed completion is the one expected, its SQ head within the queue, a
 * failed one with a nonzero status; an accepted controller has namespaces
 * and takes 64-byte SQ and 16-byte CQ entries (SQES, CQES);
 * an accepted list counts only ascending NSIDs up to NN, never the broadcast
 * one; an accepted namespace has blocks of 512..4096 bytes whose total fits
 * 64 bits. Misused calls are refused by name. fuzz_status(): the chosen
 * check's status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/bytes/bytes.h"
#include "parsers/nvme/nvme.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

#define HEADER 6u

static int cap(const uint8_t *p, size_t len, uint32_t bar)
{
	struct nvme_cap c;
	int rc;

	/* not zero to start with, so "a refused CAP hands back zeros" is tested */
	memset(&c, 0xa5, sizeof(c));
	rc = nvme_check_cap(p, len, bar, &c);

	if (rc == NVME_OK)
		REQUIRE(c.queue_entries >= 2 && c.timeout_ms && c.stride >= 4 &&
			NVME_DOORBELLS + 4ull * c.stride <= bar);
	else
		REQUIRE(!c.queue_entries && !c.timeout_ms && !c.stride);
	return rc;
}

static int cqe(const uint8_t *p, size_t len, uint32_t param, uint8_t flag)
{
	const struct nvme_cqe_expect e = {
		.sqid = (uint16_t)(param >> 16),
		.cid = (uint16_t)param,
		.sq_entries = (uint16_t)((flag >> 1) + 1),
		.phase = flag & 1,
	};
	struct nvme_cqe c;
	int rc = nvme_check_cqe(p, len, &e, &c);

	if (rc == NVME_OK || rc == NVME_ERR_COMMAND_FAILED)
		REQUIRE(bytes_le32(p + 8) >> 16 == e.sqid && (bytes_le32(p + 12) & 0xffff) == e.cid &&
			(bytes_le32(p + 12) >> 16 & 1) == e.phase && c.sq_head < e.sq_entries);
	if (rc == NVME_ERR_COMMAND_FAILED)
		REQUIRE(c.sc || c.sct);
	return rc;
}

static int ns_list(const uint8_t *p, size_t len, uint32_t nn)
{
	uint32_t count;
	int rc = nvme_check_ns_list(p, len, nn, &count);

	if (rc != NVME_OK)
		return rc;
	REQUIRE(count <= NVME_NS_LIST_MAX);
	for (uint32_t i = 0, prev = 0; i < count; prev = bytes_le32(p + 4 * i), i++)
		REQUIRE(bytes_le32(p + 4 * i) > prev && bytes_le32(p + 4 * i) <= nn &&
			bytes_le32(p + 4 * i) != 0xffffffff);
	return rc;
}

static int check(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + HEADER;
	size_t len = size - HEADER;
	uint32_t param = bytes_le32(data + 1);
	struct nvme_ctrl c;
	struct nvme_ns n;
	int rc;

	switch (data[0] % 5) {
	case 0:
		return cap(p, len, param);
	case 1:
		return cqe(p, len, param, data[5]);
	case 2:
		rc = nvme_check_ctrl(p, len, &c);
		REQUIRE(rc != NVME_OK || (c.nn && (p[512] & 0xf) <= 6 && p[512] >> 4 >= 6 &&
					  (p[513] & 0xf) <= 4 && p[513] >> 4 >= 4));
		return rc;
	case 3:
		return ns_list(p, len, param);
	default:
		rc = nvme_check_ns(p, len, &n);
		if (rc == NVME_OK)
			REQUIRE(n.block_size >= 512 && n.block_size <= 4096 && n.num_blocks &&
				n.num_blocks <= UINT64_MAX / n.block_size);
		return rc;
	}
}

/* Calls the API wrongly: every misuse is refused by name. */
static void misuse(const uint8_t *p, size_t len)
{
	const struct nvme_cqe_expect e = { 0 };
	struct nvme_cap cap;
	struct nvme_cqe c;
	struct nvme_ctrl ctrl;
	struct nvme_ns n;

	REQUIRE(nvme_check_cap(NULL, len, 0, &cap) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_cap(p, len, 0, NULL) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_cqe(p, len, NULL, &c) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_cqe(p, len, &e, NULL) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_ctrl(NULL, len, &ctrl) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_ns_list(p, len, 1, NULL) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_check_ns(NULL, len, &n) == NVME_ERR_ARGUMENT);
	REQUIRE(nvme_strerror(NVME_ERR_COUNT) != nvme_strerror(NVME_OK));
}

int fuzz_status(const uint8_t *data, size_t size)
{
	if (size < HEADER)
		return NVME_ERR_ARGUMENT;
	int rc = check(data, size);
	REQUIRE(fuzz_strerror(rc) != NULL);
	misuse(data + HEADER, size - HEADER);
	return rc;
}

const char *fuzz_strerror(int status)
{
	return nvme_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
