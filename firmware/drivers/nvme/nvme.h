/*
 * NVMe controllers (NVM Express Base Specification 2.0) on PCI: the
 * namespaces of one controller, read and written through one I/O queue
 * pair, polled (no interrupts). The controller is reset and enabled at
 * init, and disabled when the OS takes over or when it is refused; shut
 * down (CC.SHN) before a reset or power-off the firmware carries out.
 *
 * What the controller writes (CAP, completions, Identify data) is checked
 * by parsers/nvme. A controller that breaks a rule, or does not answer in
 * time, is disabled and refused from then on, with one "efilite: error:"
 * line. A command the controller completes with an error status fails
 * alone, with an info line naming its status.
 */
#ifndef EFILITE_DRIVERS_NVME_NVME_H
#define EFILITE_DRIVERS_NVME_NVME_H
#include <stdbool.h>
#include <stdint.h>

#include "parsers/nvme/nvme.h"

/* Entries of each queue (CAP.MQES may lower it): one command is outstanding at a time. */
#define NVME_QUEUE_ENTRIES 64u
/* Largest command: a PRP list page's 512 entries of 4 KiB (MDTS may lower it). */
#define NVME_MAX_TRANSFER (2u << 20)
/* The pages of the driver's memory. */
enum nvme_mem_page {
	NVME_MEM_ADMIN_SQ,
	NVME_MEM_ADMIN_CQ,
	NVME_MEM_IO_SQ,
	NVME_MEM_IO_CQ,
	NVME_MEM_DATA,     /* Identify data; the bounce buffer of unaligned requests */
	NVME_MEM_PRP_LIST, /* also holds the namespace list while namespaces are identified */
	NVME_MEM_PAGES
};
#define NVME_MEM_BYTES (NVME_MEM_PAGES * NVME_PAGE)

struct nvme_queue {
	uint8_t *sq, *cq;
	uint16_t id, entries, tail, head;
	uint8_t phase;
};

struct nvme {
	uint64_t bar;   /* BAR0: registers, then doorbells */
	uint32_t where; /* the PCI function (bus << 8 | device << 3 | function), for messages */
	struct nvme_cap cap;
	struct nvme_ctrl id;
	uint8_t *mem;
	struct nvme_queue admin, io;
	uint64_t (*now)(void);
	uint64_t hz;       /* now() ticks per second */
	uint64_t timeout;  /* ticks a command may take */
	uint32_t max_transfer; /* bytes per command */
	uint16_t cid;
	bool failed;
	bool stopped; /* CSTS.RDY read 0 after the last nvme_stop(): it no longer uses mem */
	uint64_t requests, bytes; /* I/O commands completed, and their bytes */
};

/* One namespace the driver serves. */
struct nvme_namespace {
	struct nvme *ctrl;
	uint32_t nsid;
	uint32_t block_size;
	uint64_t num_blocks;
	uint8_t eui64[8];
	bool read_only; /* write-protected (NSATTR): its writes would fail */
};

/*
 * Resets the controller at bar (mapped, bar_size bytes), enables it with
 * its queues in mem (NVME_MEM_BYTES, zeroed, page aligned) and identifies
 * it. timeout_s bounds each command. 0, or -1 with an error line (the
 * controller left disabled).
 */
int nvme_init(struct nvme *n, uint64_t bar, uint64_t bar_size, uint32_t where, uint8_t *mem,
	      uint64_t (*now)(void), uint64_t hz, uint64_t timeout_s);
/*
 * found() for each active namespace the driver can serve (512..4096-byte
 * blocks, no metadata), in NSID order, until it returns false (no room: the
 * namespaces after that one are named in one line, not asked). 0, or -1 if
 * the controller was refused on the way.
 */
int nvme_scan(struct nvme *n, bool (*found)(void *ctx, const struct nvme_namespace *ns),
	      void *ctx);
/* count blocks at lba; the caller keeps lba + count within num_blocks. 0 or -1. */
int nvme_read(struct nvme_namespace *ns, uint64_t lba, uint64_t count, void *buf);
int nvme_write(struct nvme_namespace *ns, uint64_t lba, uint64_t count, const void *buf);
int nvme_flush(struct nvme_namespace *ns);
/* Disables the controller (before the OS takes over); n->stopped says whether it obeyed. */
void nvme_stop(struct nvme *n);
/*
 * Before the power goes (ResetSystem): a normal shutdown notification, which has the
 * controller write its volatile cache and metadata to media, waited for, then nvme_stop().
 * The caller FLUSHes the namespaces first. 0 (also for a controller stopped already), or -1:
 * not complete in time (an error line), or the controller was refused earlier (named then, and
 * left alone now).
 */
int nvme_shutdown(struct nvme *n);

/* A page of the driver's memory. */
static inline uint8_t *nvme_page(const struct nvme *n, enum nvme_mem_page p)
{
	return n->mem + (size_t)p * NVME_PAGE;
}

/* For nvme_io.c: runs one command on q. 0, 1 if the command failed alone, -1 if refused. */
int nvme_run(struct nvme *n, struct nvme_queue *q, uint8_t sqe[NVME_SQE_BYTES], const char *what);
#endif
