#include "firmware/drivers/nvme/tests/fake_nvme.h"

#include <stdlib.h>
#include <string.h>

#include "parsers/bytes/bytes.h"

#define CC 0x14
#define CSTS 0x1c
#define AQA 0x24
#define ASQ 0x28
#define ACQ 0x30
#define PAGE 4096u
/* QEMU 7.2's (captured): MQES 2047, CQR, TO 15 (7.5 s), DSTRD 0, CSS NVM, MPSMIN 0, MPSMAX 4 */
#define QEMU_CAP 0x004018200f0107ffull
#define SC_INVALID_OPCODE 0x01
#define SC_INVALID_FIELD 0x02
#define SC_WRITE_PROTECTED 0x20
#define SC_LBA_RANGE 0x80
#define SC_MEDIA_READ_ERROR (2u << 8 | 0x81)

void fake_nvme_init(struct fake_nvme *f)
{
	memset(f, 0, sizeof(*f));
	bytes_store_le(f->bar, QEMU_CAP, 8);
	bytes_store_le(f->bar + 8, 0x10400, 4); /* VS 1.4 */
	f->mdts = 7;
	f->sqes = 0x66;
	f->cqes = 0x44;
	f->vwc = 7;
}

void fake_nvme_add_ns(struct fake_nvme *f, int i, uint32_t nsid, uint32_t block_size,
		      uint64_t blocks)
{
	struct fake_namespace *ns = &f->ns[i];

	*ns = (struct fake_namespace){ nsid, block_size, blocks, malloc(blocks * block_size) };
	for (uint64_t b = 0; b < blocks * block_size; b++)
		ns->data[b] = (uint8_t)(b + nsid);
}

static uint8_t *host(uint64_t addr)
{
	return (uint8_t *)(uintptr_t)addr;
}

static struct fake_namespace *find(struct fake_nvme *f, uint32_t nsid)
{
	for (int i = 0; i < FAKE_NVME_NAMESPACES; i++)
		if (nsid && f->ns[i].nsid == nsid)
			return &f->ns[i];
	return NULL;
}

/* Posts the completion of cid on queue q's CQ, or a broken one as f->brk says. */
static void complete(struct fake_nvme *f, int q, uint16_t cid, uint16_t status)
{
	uint8_t *e = host(f->cq[q] + f->cq_tail[q] * 16u);
	uint32_t sqid = (uint32_t)q, phase = f->phase[q];

	if (q == 1 && f->brk == FAKE_WRONG_PHASE)
		phase ^= 1;
	if (q == 1 && f->brk == FAKE_WRONG_CID)
		cid ^= 1;
	if (q == 1 && f->brk == FAKE_WRONG_SQID)
		sqid = 0;
	bytes_store_le(e, 0, 8);
	bytes_store_le(e + 8, sqid << 16 | f->sq_head[q], 4);
	bytes_store_le(e + 12, (uint32_t)status << 17 | phase << 16 | cid, 4);
	if (++f->cq_tail[q] == f->entries[q]) {
		f->cq_tail[q] = 0;
		f->phase[q] ^= 1;
	}
}

static void identify_ns(struct fake_nvme *f, uint32_t nsid, uint8_t *d)
{
	struct fake_namespace *ns = find(f, nsid);
	unsigned lbads = 9;

	if (!ns || ns->inactive)
		return; /* an inactive NSID: all zeros */
	while ((1u << lbads) < ns->block_size)
		lbads++;
	bytes_store_le(d, ns->blocks, 8);
	bytes_store_le(d + 8, ns->blocks, 8);
	bytes_store_le(d + 16, ns->blocks, 8);
	d[25] = 1; /* two formats: the namespace's, then one with metadata */
	d[99] = ns->write_protected;
	bytes_store_le(d + 120, 0x0100000000005452ull | (uint64_t)nsid << 56, 8);
	bytes_store_le(d + 128, lbads << 16, 4);
	bytes_store_le(d + 132, lbads << 16 | 8, 4);
}

static uint16_t identify(struct fake_nvme *f, const uint8_t *sqe)
{
	uint8_t *d = host(bytes_le64(sqe + 24));
	uint32_t n = 0;

	memset(d, 0, PAGE);
	switch (sqe[40]) {
	case 0:
		identify_ns(f, bytes_le32(sqe + 4), d);
		return 0;
	case 1:
		d[77] = f->mdts;
		d[512] = f->sqes;
		d[513] = f->cqes;
		d[525] = f->vwc;
		bytes_store_le(d + 88, f->rtd3e, 4);
		bytes_store_le(d + 516, 256, 4);
		return 0;
	case 2:
		if (f->brk == FAKE_NO_ACTIVE_LIST)
			return SC_INVALID_FIELD;
		for (int i = 0; i < FAKE_NVME_NAMESPACES; i++)
			if (f->ns[i].nsid)
				bytes_store_le(d + 4 * n++, f->ns[i].nsid, 4);
		return 0;
	default:
		return SC_INVALID_FIELD;
	}
}

static uint16_t admin(struct fake_nvme *f, const uint8_t *sqe)
{
	uint32_t cdw10 = bytes_le32(sqe + 40), cdw11 = bytes_le32(sqe + 44);

	switch (sqe[0]) {
	case 0x06:
		return identify(f, sqe);
	case 0x05: /* create I/O CQ 1, physically contiguous */
		if ((cdw10 & 0xffff) != 1 || !(cdw11 & 1))
			return f->violations++, SC_INVALID_FIELD;
		f->cq[1] = bytes_le64(sqe + 24);
		f->entries[1] = (uint16_t)((cdw10 >> 16) + 1);
		f->cq_tail[1] = 0;
		f->phase[1] = 1;
		return 0;
	case 0x01: /* create I/O SQ 1 on CQ 1 */
		if ((cdw10 & 0xffff) != 1 || cdw11 >> 16 != 1 || !f->cq[1] ||
		    (uint16_t)((cdw10 >> 16) + 1) != f->entries[1])
			return f->violations++, SC_INVALID_FIELD;
		f->sq[1] = bytes_le64(sqe + 24);
		f->sq_head[1] = 0;
		return 0;
	default:
		return SC_INVALID_OPCODE;
	}
}

/* Copies len bytes between the namespace at off and the PRPs of sqe; false on a PRP violation. */
static bool move(struct fake_nvme *f, const uint8_t *sqe, uint8_t *disk, uint32_t len, bool rd)
{
	uint64_t prp1 = bytes_le64(sqe + 24), prp2 = bytes_le64(sqe + 32);
	uint32_t first = PAGE - (uint32_t)(prp1 & (PAGE - 1)), n = len < first ? len : first;
	uint32_t entries = (len - n + PAGE - 1) / PAGE;

	if (prp1 & 3 || (entries == 1 && prp2 & (PAGE - 1)) || (entries > 1 && prp2 & 7) ||
	    entries > 512)
		return false;
	memcpy(rd ? host(prp1) : disk, rd ? disk : host(prp1), n);
	if (entries > f->max_prp_list && entries > 1)
		f->max_prp_list = entries;
	for (uint32_t i = 0, off = n; i < entries; i++, off += PAGE) {
		uint64_t page = entries == 1 ? prp2 : bytes_le64(host(prp2) + 8 * i);
		uint32_t k = len - off < PAGE ? len - off : PAGE;

		if (page & (PAGE - 1))
			return false;
		memcpy(rd ? host(page) : disk + off, rd ? disk + off : host(page), k);
	}
	return true;
}

static uint16_t io(struct fake_nvme *f, const uint8_t *sqe)
{
	struct fake_namespace *ns = find(f, bytes_le32(sqe + 4));
	uint64_t lba = bytes_le64(sqe + 40);
	uint32_t blocks = (bytes_le32(sqe + 48) & 0xffff) + 1;

	if (!ns)
		return SC_INVALID_FIELD;
	if (sqe[0] == 0x00)
		return f->flushes++, 0;
	if (sqe[0] != 0x01 && sqe[0] != 0x02)
		return SC_INVALID_OPCODE;
	if (f->brk == FAKE_FAIL_IO)
		return f->brk = FAKE_NONE, SC_MEDIA_READ_ERROR;
	if (sqe[0] == 0x01 && ns->write_protected)
		return SC_WRITE_PROTECTED;
	if (lba > ns->blocks || ns->blocks - lba < blocks)
		return SC_LBA_RANGE;
	if (f->mdts && (uint64_t)blocks * ns->block_size > (uint64_t)PAGE << f->mdts)
		return f->violations++, SC_INVALID_FIELD;
	if (!move(f, sqe, ns->data + lba * ns->block_size, blocks * ns->block_size, sqe[0] == 0x02))
		return f->violations++, SC_INVALID_FIELD;
	sqe[0] == 0x02 ? f->reads++ : f->writes++;
	if (blocks > f->max_blocks)
		f->max_blocks = blocks;
	return 0;
}

/* Runs the new entries of queue q. */
static void drain(struct fake_nvme *f, int q)
{
	uint32_t stride = 4u << (f->bar[4] & 0xf); /* CAP.DSTRD */
	uint32_t tail = bytes_le32(f->bar + 0x1000 + 2 * q * stride);

	while (f->sq[q] && f->sq_head[q] != tail) {
		const uint8_t *sqe = host(f->sq[q] + f->sq_head[q] * 64u);
		uint16_t status;

		f->commands++;
		if (tail >= f->entries[q])
			f->violations++;
		f->sq_head[q] = (uint16_t)((f->sq_head[q] + 1) % f->entries[q]);
		if (q == 1 && f->brk == FAKE_FATAL_IO) {
			bytes_store_le(f->bar + CSTS, 3, 4); /* RDY and CFS */
			continue;
		}
		status = q ? io(f, sqe) : admin(f, sqe);
		complete(f, q, bytes_le16(sqe + 2), status);
	}
}

void fake_nvme_step(struct fake_nvme *f)
{
	uint32_t cc = bytes_le32(f->bar + CC), csts = bytes_le32(f->bar + CSTS);

	if (!(cc & 1)) {
		if ((f->brk == FAKE_STAYS_READY && csts & 1) ||
		    (f->brk == FAKE_GONE_AT_SHUTDOWN && csts == 0xffffffffu))
			return;
		bytes_store_le(f->bar + CSTS, 0, 4);
		f->sq[0] = f->sq[1] = f->cq[1] = 0;
		return;
	}
	if (!(csts & 1)) {
		if (f->brk == FAKE_NEVER_READY)
			return;
		if (f->brk == FAKE_FATAL_AT_ENABLE) {
			bytes_store_le(f->bar + CSTS, 2, 4);
			return;
		}
		f->entries[0] = (uint16_t)((bytes_le32(f->bar + AQA) & 0xfff) + 1);
		f->sq[0] = bytes_le64(f->bar + ASQ);
		f->cq[0] = bytes_le64(f->bar + ACQ);
		f->sq_head[0] = f->cq_tail[0] = 0;
		f->phase[0] = 1;
		bytes_store_le(f->bar + CSTS, 1, 4);
		return;
	}
	/* CC.SHN 01b (bits 15:14), new: CSTS.SHST (bits 3:2) 10b, complete, or 01b when it hangs */
	if ((cc >> 14 & 3) == 1 && !(csts & 0xc)) {
		f->shutdowns++;
		f->flushes_at_shutdown = f->flushes;
		if (f->brk == FAKE_GONE_AT_SHUTDOWN) {
			bytes_store_le(f->bar + CSTS, 0xffffffffu, 4);
			return;
		}
		if (f->brk == FAKE_SHUTDOWN_FATAL)
			csts |= 2u; /* CFS */
		bytes_store_le(f->bar + CSTS,
			       csts | (f->brk == FAKE_SHUTDOWN_HANGS || f->brk == FAKE_SHUTDOWN_FATAL
					       ? 4u
					       : 8u),
			       4);
		return;
	}
	drain(f, 0);
	drain(f, 1);
}
