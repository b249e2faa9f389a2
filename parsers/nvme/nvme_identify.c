/*
 * Identify data (NVMe Base 2.0 section 5.17.2; NVM Command Set 1.0 section
 * 4.1.5.1): the controller, the active namespace list and a namespace,
 * 4096 bytes each, little-endian.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                              | status                      |
 * |-------------------------------------------------------------------|-----------------------------|
 * | buffers and outputs non-NULL                                      | NVME_ERR_ARGUMENT           |
 * | the 4096 bytes of the data structure                              | NVME_ERR_ID_TRUNCATED       |
 * | controller: NN (namespaces) nonzero                               | NVME_ERR_CTRL_NN            |
 * | controller: SQES required size (bits 3:0) at most 2^6 (64 bytes)  | NVME_ERR_CTRL_SQES_MIN      |
 * | controller: SQES largest size (bits 7:4) at least 2^6             | NVME_ERR_CTRL_SQES_MAX      |
 * | controller: CQES required size (bits 3:0) at most 2^4 (16 bytes)  | NVME_ERR_CTRL_CQES_MIN      |
 * | controller: CQES largest size (bits 7:4) at least 2^4             | NVME_ERR_CTRL_CQES_MAX      |
 * | list: NSIDs ascending                                             | NVME_ERR_NS_LIST_ORDER      |
 * | list: each NSID at most NN (the controller's namespace count)     | NVME_ERR_NS_LIST_NSID       |
 * | list: no NSID FFFFFFFFh (the broadcast one), whatever NN says     | NVME_ERR_NS_LIST_NSID       |
 * | list: only zeros after the first zero entry                       | NVME_ERR_NS_LIST_TERMINATOR |
 * | namespace: NSZE nonzero                                           | NVME_ERR_NS_SIZE            |
 * | namespace: NCAP and NUSE at most NSZE                             | NVME_ERR_NS_CAPACITY        |
 * | namespace: the FLBAS format index at most NLBAF                   | NVME_ERR_NS_FORMAT          |
 * | namespace: LBADS 9..12 (blocks of 512..4096 bytes)                | NVME_ERR_NS_BLOCK_SIZE      |
 * | namespace: no metadata (MS 0) in the format                       | NVME_ERR_NS_METADATA        |
 * | namespace: NSZE x block size below 2^64                           | NVME_ERR_NS_BYTES           |
 *
 * MDTS, RTD3E and VWC have no rule: 0 is no limit, and 2^MDTS pages
 * saturate; any latency may be reported; a cache is there or not. The entry
 * size rules are the driver's CC.IOSQES and CC.IOCQES (NVME_SQE_BYTES,
 * NVME_CQE_BYTES): a controller that cannot take them would run no I/O queue.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/nvme/nvme.h"

#define CTRL_MDTS 77
#define CTRL_RTD3E 88
#define CTRL_SQES 512
#define CTRL_CQES 513
#define CTRL_NN 516
#define CTRL_VWC 525
#define SQES_LOG2 6 /* NVME_SQE_BYTES */
#define CQES_LOG2 4 /* NVME_CQE_BYTES */
#define NS_NSZE 0
#define NS_NCAP 8
#define NS_NUSE 16
#define NS_NLBAF 25
#define NS_FLBAS 26
#define NS_NSATTR 99
#define NS_EUI64 120
#define NS_LBAF 128
#define NSID_BROADCAST 0xffffffffu
#define MDTS_MAX 51 /* 2^51 pages of 4 KiB: 2^63 bytes */

/* SQES and CQES: bits 3:0 the size required, bits 7:4 the largest allowed, log2 bytes. */
static int check_entry_sizes(uint8_t sqes, uint8_t cqes)
{
	if ((sqes & 0xfu) > SQES_LOG2)
		return NVME_ERR_CTRL_SQES_MIN;
	if (sqes >> 4 < SQES_LOG2)
		return NVME_ERR_CTRL_SQES_MAX;
	if ((cqes & 0xfu) > CQES_LOG2)
		return NVME_ERR_CTRL_CQES_MIN;
	if (cqes >> 4 < CQES_LOG2)
		return NVME_ERR_CTRL_CQES_MAX;
	return NVME_OK;
}

int nvme_check_ctrl(const void *buf, size_t len, struct nvme_ctrl *out)
{
	const uint8_t *p = buf;
	uint8_t mdts;

	if (!p || !out)
		return NVME_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < NVME_ID_BYTES)
		return NVME_ERR_ID_TRUNCATED;
	mdts = p[CTRL_MDTS];
	out->nn = bytes_le32(p + CTRL_NN);
	out->max_transfer = mdts ? (uint64_t)NVME_PAGE << (mdts < MDTS_MAX ? mdts : MDTS_MAX) : 0;
	out->rtd3e_us = bytes_le32(p + CTRL_RTD3E);
	out->volatile_cache = p[CTRL_VWC] & 1;
	if (!out->nn)
		return NVME_ERR_CTRL_NN;
	return check_entry_sizes(p[CTRL_SQES], p[CTRL_CQES]);
}

int nvme_check_ns_list(const void *buf, size_t len, uint32_t nn, uint32_t *count)
{
	const uint8_t *p = buf;
	uint32_t n = 0, prev = 0;

	if (!p || !count)
		return NVME_ERR_ARGUMENT;
	*count = 0;
	if (len < NVME_ID_BYTES)
		return NVME_ERR_ID_TRUNCATED;
	for (; n < NVME_NS_LIST_MAX; n++) {
		uint32_t id = bytes_le32(p + 4 * n);

		if (!id)
			break;
		if (id <= prev)
			return NVME_ERR_NS_LIST_ORDER;
		if (id > nn || id == NSID_BROADCAST)
			return NVME_ERR_NS_LIST_NSID;
		prev = id;
	}
	for (uint32_t i = n; i < NVME_NS_LIST_MAX; i++)
		if (bytes_le32(p + 4 * i))
			return NVME_ERR_NS_LIST_TERMINATOR;
	*count = n;
	return NVME_OK;
}

int nvme_check_ns(const void *buf, size_t len, struct nvme_ns *out)
{
	const uint8_t *p = buf;
	uint64_t nsze;
	uint32_t lbaf;
	unsigned index, lbads;

	if (!p || !out)
		return NVME_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < NVME_ID_BYTES)
		return NVME_ERR_ID_TRUNCATED;
	nsze = bytes_le64(p + NS_NSZE);
	if (!nsze)
		return NVME_ERR_NS_SIZE;
	if (bytes_le64(p + NS_NCAP) > nsze || bytes_le64(p + NS_NUSE) > nsze)
		return NVME_ERR_NS_CAPACITY;
	/* FLBAS bits 3:0, and bits 6:5 above them when NLBAF is beyond 16 */
	index = (p[NS_FLBAS] & 0xfu) | (p[NS_FLBAS] >> 5 & 3u) << 4;
	if (index > p[NS_NLBAF])
		return NVME_ERR_NS_FORMAT;
	lbaf = bytes_le32(p + NS_LBAF + 4 * index);
	lbads = lbaf >> 16 & 0xff;
	if (lbads < 9 || lbads > 12)
		return NVME_ERR_NS_BLOCK_SIZE;
	if (lbaf & 0xffff)
		return NVME_ERR_NS_METADATA;
	if (nsze > UINT64_MAX >> lbads)
		return NVME_ERR_NS_BYTES;
	out->num_blocks = nsze;
	out->block_size = 1u << lbads;
	memcpy(out->eui64, p + NS_EUI64, sizeof(out->eui64));
	out->write_protected = p[NS_NSATTR] & 1;
	return NVME_OK;
}
