/*
 * Checks of what an NVMe controller (NVM Express Base Specification 2.0)
 * hands the driver in firmware/drivers/nvme/ back: the CAP register, each
 * completion queue entry, and the Identify data (controller, active
 * namespace list, namespace). None of it is trusted; each function takes
 * the bytes the controller wrote and hands back checked values.
 *
 * Two kinds of refusal: a controller that breaks a rule (the driver
 * disables it), and a command the controller completed by the rules but
 * failed (NVME_ERR_COMMAND_FAILED: that command fails alone). A completion
 * entry whose phase tag is not the expected one is not posted yet
 * (NVME_CQE_PENDING), which is no refusal.
 * Rules: the tables in nvme_regs.c and nvme_identify.c.
 */
#ifndef EFILITE_PARSERS_NVME_NVME_H
#define EFILITE_PARSERS_NVME_NVME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nvme_status {
	NVME_OK = 0,
	NVME_ERR_ARGUMENT,
	/* CAP register */
	NVME_ERR_CAP_MQES,
	NVME_ERR_CAP_TIMEOUT,
	NVME_ERR_CAP_CSS,
	NVME_ERR_CAP_PAGE_SIZE,
	NVME_ERR_CAP_DOORBELLS,
	/* completion queue entry */
	NVME_CQE_PENDING,
	NVME_ERR_CQE_TRUNCATED,
	NVME_ERR_CQE_SQID,
	NVME_ERR_CQE_CID,
	NVME_ERR_CQE_SQ_HEAD,
	NVME_ERR_COMMAND_FAILED,
	/* Identify */
	NVME_ERR_ID_TRUNCATED,
	NVME_ERR_CTRL_NN,
	NVME_ERR_CTRL_SQES_MIN,
	NVME_ERR_CTRL_SQES_MAX,
	NVME_ERR_CTRL_CQES_MIN,
	NVME_ERR_CTRL_CQES_MAX,
	NVME_ERR_NS_LIST_ORDER,
	NVME_ERR_NS_LIST_NSID,
	NVME_ERR_NS_LIST_TERMINATOR,
	NVME_ERR_NS_SIZE,
	NVME_ERR_NS_CAPACITY,
	NVME_ERR_NS_FORMAT,
	NVME_ERR_NS_BLOCK_SIZE,
	NVME_ERR_NS_METADATA,
	NVME_ERR_NS_BYTES,
	NVME_ERR_COUNT /* not a status: one past the last */
};

#define NVME_CAP_BYTES 8u
#define NVME_DOORBELLS 0x1000u /* offset of the first doorbell in BAR0 */
#define NVME_PAGE 4096u        /* the memory page size the driver uses (CC.MPS 0) */
#define NVME_CQE_BYTES 16u
#define NVME_SQE_BYTES 64u
#define NVME_ID_BYTES 4096u
#define NVME_NS_LIST_MAX 1024u

struct nvme_cap {
	uint32_t queue_entries; /* MQES + 1: entries a queue may have */
	uint32_t timeout_ms;    /* CAP.TO: the longest CSTS.RDY takes to change */
	uint32_t stride;        /* bytes between doorbells: 4 << DSTRD */
};

/*
 * cap: the 8 bytes of CAP; bar_size: BAR0's size, which must hold queues 0 and 1's doorbells.
 * out is all zeros unless NVME_OK.
 */
int nvme_check_cap(const void *cap, size_t len, uint64_t bar_size, struct nvme_cap *out);

/* What the driver expects of the next completion: the one command outstanding. */
struct nvme_cqe_expect {
	uint16_t sqid, cid;
	uint16_t sq_entries; /* the submission queue's size: SQ head below it */
	uint8_t phase;       /* the phase tag a new entry carries (0 or 1) */
};

struct nvme_cqe {
	uint32_t dw0;      /* command specific */
	uint16_t sq_head;  /* the controller's SQ head pointer */
	uint8_t sct, sc;   /* status code type and status code (0, 0: success) */
};

int nvme_check_cqe(const void *buf, size_t len, const struct nvme_cqe_expect *e,
		   struct nvme_cqe *out);

/*
 * Identify Controller (CNS 01h): NN, and MDTS as a byte count (0: no limit).
 * Its SQES and CQES must allow the entry sizes the driver's I/O queues use
 * (NVME_SQE_BYTES and NVME_CQE_BYTES, programmed in CC.IOSQES and CC.IOCQES).
 */
struct nvme_ctrl {
	uint32_t nn;
	uint64_t max_transfer; /* 2^MDTS pages of 4 KiB (MPSMIN is 0), or 0; saturates */
	uint32_t rtd3e_us;     /* RTD3 Entry Latency: how long a shutdown may take (0: not reported) */
	bool volatile_cache;   /* VWC bit 0: written data may wait in a volatile cache until FLUSH */
};

int nvme_check_ctrl(const void *buf, size_t len, struct nvme_ctrl *out);

/* Active namespace list (CNS 02h): count, the NSIDs before the terminating zero. */
int nvme_check_ns_list(const void *buf, size_t len, uint32_t nn, uint32_t *count);

/* Identify Namespace (CNS 00h), in the format FLBAS selects. */
struct nvme_ns {
	uint64_t num_blocks;  /* NSZE */
	uint32_t block_size;  /* 512..4096 */
	uint8_t eui64[8];     /* zero if the namespace has none */
	bool write_protected; /* NSATTR bit 0: writes fail, so the EFI media is read-only */
};

int nvme_check_ns(const void *buf, size_t len, struct nvme_ns *out);

const char *nvme_strerror(int status);
#endif
