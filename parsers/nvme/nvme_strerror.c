#include "parsers/bytes/status_message.h"
#include "parsers/nvme/nvme.h"

static const char *const messages[NVME_ERR_COUNT] = {
	[NVME_OK] = "ok",
	[NVME_ERR_ARGUMENT] = "invalid argument",
	[NVME_ERR_CAP_MQES] = "NVMe CAP.MQES 0 (queues of one entry)",
	[NVME_ERR_CAP_TIMEOUT] = "NVMe CAP.TO 0 (no ready timeout)",
	[NVME_ERR_CAP_CSS] = "NVMe CAP.CSS without the NVM command set",
	[NVME_ERR_CAP_PAGE_SIZE] = "NVMe CAP.MPSMIN above 4 KiB pages",
	[NVME_ERR_CAP_DOORBELLS] = "NVMe doorbells (CAP.DSTRD) beyond BAR0",
	[NVME_CQE_PENDING] = "no new NVMe completion (phase tag unchanged)",
	[NVME_ERR_CQE_TRUNCATED] = "NVMe completion entry truncated",
	[NVME_ERR_CQE_SQID] = "NVMe completion for another submission queue",
	[NVME_ERR_CQE_CID] = "NVMe completion for a command not outstanding",
	[NVME_ERR_CQE_SQ_HEAD] = "NVMe completion SQ head beyond the queue",
	[NVME_ERR_COMMAND_FAILED] = "NVMe command failed (status not 0)",
	[NVME_ERR_ID_TRUNCATED] = "NVMe Identify data truncated",
	[NVME_ERR_CTRL_NN] = "NVMe Identify Controller: no namespaces (NN 0)",
	[NVME_ERR_CTRL_SQES_MIN] = "NVMe Identify Controller: SQES requires entries above 64 bytes",
	[NVME_ERR_CTRL_SQES_MAX] = "NVMe Identify Controller: SQES allows no 64-byte entries",
	[NVME_ERR_CTRL_CQES_MIN] = "NVMe Identify Controller: CQES requires entries above 16 bytes",
	[NVME_ERR_CTRL_CQES_MAX] = "NVMe Identify Controller: CQES allows no 16-byte entries",
	[NVME_ERR_NS_LIST_ORDER] = "NVMe namespace list not ascending",
	[NVME_ERR_NS_LIST_NSID] = "NVMe namespace list entry above NN",
	[NVME_ERR_NS_LIST_TERMINATOR] = "NVMe namespace list entries after its end",
	[NVME_ERR_NS_SIZE] = "NVMe namespace size (NSZE) 0",
	[NVME_ERR_NS_CAPACITY] = "NVMe namespace NCAP or NUSE above NSZE",
	[NVME_ERR_NS_FORMAT] = "NVMe namespace FLBAS format beyond NLBAF",
	[NVME_ERR_NS_BLOCK_SIZE] = "NVMe namespace block size not 512 to 4096",
	[NVME_ERR_NS_METADATA] = "NVMe namespace format with metadata",
	[NVME_ERR_NS_BYTES] = "NVMe namespace too large (NSZE x block size)",
};

const char *nvme_strerror(int status)
{
	return bytes_status_message(messages, NVME_ERR_COUNT, status, "unknown nvme status");
}
