/*
 * The CAP register and completion queue entries (NVMe Base 2.0 sections
 * 3.1.3.1 and 4.2.1), little-endian.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                              | status                  |
 * |-------------------------------------------------------------------|-------------------------|
 * | buffers and outputs non-NULL                                      | NVME_ERR_ARGUMENT       |
 * | CAP: 8 bytes                                                      | NVME_ERR_ARGUMENT       |
 * | CAP.MQES at least 1 (queues of 2 entries or more)                 | NVME_ERR_CAP_MQES       |
 * | CAP.TO nonzero (the driver's wait for CSTS.RDY is bounded by it)  | NVME_ERR_CAP_TIMEOUT    |
 * | CAP.CSS has the NVM command set (bit 0)                           | NVME_ERR_CAP_CSS        |
 * | CAP.MPSMIN 0: the controller takes 4 KiB memory pages             | NVME_ERR_CAP_PAGE_SIZE  |
 * | the doorbells of queues 0 and 1 (4 << DSTRD apart) inside BAR0    | NVME_ERR_CAP_DOORBELLS  |
 * | CQE: phase tag the expected one, else not posted yet              | NVME_CQE_PENDING        |
 * | CQE: 16 bytes                                                     | NVME_ERR_CQE_TRUNCATED  |
 * | CQE: SQ identifier the command's queue                            | NVME_ERR_CQE_SQID       |
 * | CQE: command identifier the one outstanding                       | NVME_ERR_CQE_CID        |
 * | CQE: SQ head pointer below the queue's size                       | NVME_ERR_CQE_SQ_HEAD    |
 * | CQE: status 0 (else that command failed, by the rules)            | NVME_ERR_COMMAND_FAILED |
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/nvme/nvme.h"

#define CSS_NVM 1u
#define TO_UNIT_MS 500u

int nvme_check_cap(const void *cap, size_t len, uint64_t bar_size, struct nvme_cap *out)
{
	uint64_t v;
	uint32_t stride;

	/* zeros for every refusal, a wrong length too: the driver reads 0 as "never enabled" */
	if (out)
		memset(out, 0, sizeof(*out));
	if (!cap || !out || len != NVME_CAP_BYTES)
		return NVME_ERR_ARGUMENT;
	v = bytes_le64(cap);
	if ((v & 0xffff) < 1)
		return NVME_ERR_CAP_MQES;
	if (!(v >> 24 & 0xff))
		return NVME_ERR_CAP_TIMEOUT;
	if (!(v >> 37 & CSS_NVM))
		return NVME_ERR_CAP_CSS;
	if (v >> 48 & 0xf)
		return NVME_ERR_CAP_PAGE_SIZE;
	stride = 4u << (v >> 32 & 0xf);
	/* SQ0, CQ0, SQ1, CQ1: four doorbells of 4 bytes, each a stride apart */
	if (bar_size < NVME_DOORBELLS || (bar_size - NVME_DOORBELLS) / 4 < stride)
		return NVME_ERR_CAP_DOORBELLS;
	/* only now: a refused CAP leaves out zero, which the driver reads as "never enabled" */
	out->queue_entries = (uint32_t)(v & 0xffff) + 1;
	out->timeout_ms = (uint32_t)(v >> 24 & 0xff) * TO_UNIT_MS;
	out->stride = stride;
	return NVME_OK;
}

int nvme_check_cqe(const void *buf, size_t len, const struct nvme_cqe_expect *e,
		   struct nvme_cqe *out)
{
	const uint8_t *p = buf;
	uint32_t dw2, dw3;
	uint16_t status;

	if (!p || !e || !out)
		return NVME_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < NVME_CQE_BYTES)
		return NVME_ERR_CQE_TRUNCATED;
	dw2 = bytes_le32(p + 8);
	dw3 = bytes_le32(p + 12);
	if ((dw3 >> 16 & 1) != e->phase)
		return NVME_CQE_PENDING;
	out->dw0 = bytes_le32(p);
	out->sq_head = (uint16_t)dw2;
	status = (uint16_t)(dw3 >> 17);
	out->sc = (uint8_t)status;
	out->sct = status >> 8 & 7;
	if (dw2 >> 16 != e->sqid)
		return NVME_ERR_CQE_SQID;
	if ((dw3 & 0xffff) != e->cid)
		return NVME_ERR_CQE_CID;
	if (out->sq_head >= e->sq_entries)
		return NVME_ERR_CQE_SQ_HEAD;
	if (out->sc || out->sct)
		return NVME_ERR_COMMAND_FAILED;
	return NVME_OK;
}
