/*
 * READ, WRITE and FLUSH on the I/O queue: each request cut into commands
 * of at most max_transfer bytes (MDTS), each command's memory described by
 * PRP1, PRP2 and, beyond two pages, a PRP list page (NVMe Base 2.0
 * section 4.1.1).
 */
#include <string.h>

#include "firmware/drivers/nvme/nvme.h"
#include "parsers/bytes/bytes.h"

#define NVM_FLUSH 0x00
#define NVM_WRITE 0x01
#define NVM_READ 0x02

/* PRP entries for len bytes at addr (dword aligned), in sqe. */
static void set_prps(struct nvme *n, uint8_t *sqe, uint64_t addr, uint32_t len)
{
	uint64_t page = (addr & ~(uint64_t)(NVME_PAGE - 1)) + NVME_PAGE;
	uint64_t first = page - addr, prp2 = 0;

	bytes_store_le(sqe + 24, addr, 8);
	if (len > first + NVME_PAGE) {
		uint8_t *list = nvme_page(n, NVME_MEM_PRP_LIST);

		for (unsigned i = 0; first + (uint64_t)i * NVME_PAGE < len; i++)
			bytes_store_le(list + 8 * i, page + (uint64_t)i * NVME_PAGE, 8);
		prp2 = (uint64_t)(uintptr_t)list;
	} else if (len > first) {
		prp2 = page;
	}
	bytes_store_le(sqe + 32, prp2, 8);
}

/* One command: count blocks at lba, at buf. 0 or -1 (a failed command counts as failed). */
static int transfer(struct nvme_namespace *ns, uint8_t opcode, uint64_t lba, uint32_t count,
		    uint64_t buf)
{
	struct nvme *n = ns->ctrl;
	uint32_t len = count * ns->block_size;
	uint8_t sqe[NVME_SQE_BYTES] = { opcode };

	bytes_store_le(sqe + 4, ns->nsid, 4);
	set_prps(n, sqe, buf, len);
	bytes_store_le(sqe + 40, lba, 8);
	bytes_store_le(sqe + 48, count - 1, 4);
	if (nvme_run(n, &n->io, sqe, opcode == NVM_READ ? "read" : "write"))
		return -1;
	n->requests++;
	n->bytes += len;
	return 0;
}

/*
 * PRPs take dword-aligned memory: a buffer that is not goes block by block
 * through the data page (rare: EFI callers align their buffers).
 */
static int bounce(struct nvme_namespace *ns, uint8_t opcode, uint64_t lba, uint64_t count,
		  uint8_t *buf)
{
	uint8_t *data = nvme_page(ns->ctrl, NVME_MEM_DATA);

	for (uint64_t i = 0; i < count; i++, buf += ns->block_size) {
		if (opcode == NVM_WRITE)
			memcpy(data, buf, ns->block_size);
		if (transfer(ns, opcode, lba + i, 1, (uint64_t)(uintptr_t)data))
			return -1;
		if (opcode == NVM_READ)
			memcpy(buf, data, ns->block_size);
	}
	return 0;
}

static int io(struct nvme_namespace *ns, uint8_t opcode, uint64_t lba, uint64_t count, uint8_t *buf)
{
	uint32_t step = ns->ctrl->max_transfer / ns->block_size;

	if ((uintptr_t)buf & 3)
		return bounce(ns, opcode, lba, count, buf);
	while (count) {
		uint32_t n = count < step ? (uint32_t)count : step;

		if (transfer(ns, opcode, lba, n, (uint64_t)(uintptr_t)buf))
			return -1;
		lba += n;
		count -= n;
		buf += (uint64_t)n * ns->block_size;
	}
	return 0;
}

int nvme_read(struct nvme_namespace *ns, uint64_t lba, uint64_t count, void *buf)
{
	return io(ns, NVM_READ, lba, count, buf);
}

int nvme_write(struct nvme_namespace *ns, uint64_t lba, uint64_t count, const void *buf)
{
	/* the controller only reads the buffer */
	return io(ns, NVM_WRITE, lba, count, (uint8_t *)(uintptr_t)buf);
}

int nvme_flush(struct nvme_namespace *ns)
{
	uint8_t sqe[NVME_SQE_BYTES] = { NVM_FLUSH };

	bytes_store_le(sqe + 4, ns->nsid, 4);
	return nvme_run(ns->ctrl, &ns->ctrl->io, sqe, "flush") ? -1 : 0;
}
