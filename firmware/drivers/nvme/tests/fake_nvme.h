/*
 * A fake NVMe controller for host tests: BAR0 (registers and doorbells) and
 * the namespaces in host memory, addresses in commands being host pointers.
 * It acts when fake_nvme_step() runs (the test's clock calls it while the
 * driver polls): CC.EN moves CSTS.RDY, and the doorbells' new entries are
 * executed and completed as a controller would, or broken as set below.
 * Every command checks what NVMe requires of the host (PRP alignment, PRP
 * list, MDTS, the NLB, queue ids); a violation is counted, not obeyed.
 */
#ifndef EFILITE_DRIVERS_NVME_TESTS_FAKE_NVME_H
#define EFILITE_DRIVERS_NVME_TESTS_FAKE_NVME_H
#include <stdbool.h>
#include <stdint.h>

#define FAKE_NVME_BAR_BYTES 0x2000u
#define FAKE_NVME_NAMESPACES 18 /* two more than the firmware serves */

enum fake_nvme_break {
	FAKE_NONE,
	FAKE_NEVER_READY,   /* CSTS.RDY stays 0 after CC.EN */
	FAKE_WRONG_PHASE,   /* the next I/O completion keeps the old phase: never posted */
	FAKE_WRONG_CID,     /* the next I/O completion names another command */
	FAKE_WRONG_SQID,    /* the next I/O completion names the admin queue */
	FAKE_FAIL_IO,       /* the next I/O command fails: Unrecovered Read Error */
	FAKE_NO_ACTIVE_LIST, /* Identify CNS 02h fails: Invalid Field (an NVMe 1.0 controller) */
	FAKE_FATAL_AT_ENABLE, /* CC.EN sets CSTS.CFS, never CSTS.RDY */
	FAKE_FATAL_IO,        /* the next I/O command sets CSTS.CFS and is never completed */
	FAKE_STAYS_READY,     /* CC.EN 0 leaves CSTS.RDY 1: the controller may still use memory */
	FAKE_SHUTDOWN_HANGS,  /* CC.SHN 01b: CSTS.SHST stays 01b (processing), never 10b */
	FAKE_SHUTDOWN_FATAL,  /* CC.SHN 01b: CSTS.CFS set, CSTS.SHST stays 01b */
	FAKE_GONE_AT_SHUTDOWN /* CC.SHN 01b: CSTS reads all ones from then on (the device gone) */
};

struct fake_namespace {
	uint32_t nsid; /* 0: none */
	uint32_t block_size;
	uint64_t blocks;
	uint8_t *data;
	bool write_protected; /* NSATTR bit 0; its writes fail (Namespace is Write Protected) */
	bool inactive;        /* listed as active, yet Identify Namespace returns zeros */
};

struct fake_nvme {
	uint8_t bar[FAKE_NVME_BAR_BYTES] __attribute__((aligned(4096)));
	uint8_t mdts;
	uint8_t sqes, cqes; /* Identify Controller bytes 512, 513 */
	uint8_t vwc;        /* byte 525: volatile write cache */
	uint32_t rtd3e;     /* bytes 88-91: RTD3 Entry Latency, microseconds */
	enum fake_nvme_break brk;
	struct fake_namespace ns[FAKE_NVME_NAMESPACES];
	/* queue state: 0 admin, 1 I/O */
	uint64_t sq[2], cq[2];
	uint16_t entries[2], sq_head[2], cq_tail[2];
	uint8_t phase[2];
	/* what the driver did */
	unsigned commands, reads, writes, flushes, violations, max_prp_list;
	unsigned max_blocks; /* largest READ/WRITE */
	unsigned shutdowns;  /* normal shutdown notifications (CC.SHN 01b) */
	unsigned flushes_at_shutdown; /* flushes seen when the last one came */
};

/*
 * A controller as QEMU 7.2 presents one (CAP, MDTS 7, SQES 66h, CQES 44h, VWC 7, RTD3E 0), with no
 * namespaces. A normal shutdown notification completes at the next step.
 */
void fake_nvme_init(struct fake_nvme *f);
/* Namespace nsid (slot i) of blocks x block_size bytes, each byte its offset's low byte + nsid. */
void fake_nvme_add_ns(struct fake_nvme *f, int i, uint32_t nsid, uint32_t block_size,
		      uint64_t blocks);
void fake_nvme_step(struct fake_nvme *f);
#endif
