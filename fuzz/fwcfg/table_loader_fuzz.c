/*
 * etc/table-loader harness.
 *
 * Input: u32 script_len, u32 dir_len, u32 pool_len (little-endian; each
 * clamped to what is left), the script, the fw_cfg directory, the pool of
 * file contents (fetch() hands out consecutive chunks, zero-filled when the
 * pool runs dry), then control bytes: byte k steers the k-th ops call.
 *   bit 0      the call fails
 *   bits 1..3  for allocate(): where the blob lands (see place_blob)
 * Each blob is its own exact-size heap block, so ASan sees any overrun.
 *
 * Oracles: an execution that fails a check-pass rule made no ops call and
 * tl_check() agrees; a successful one has its RSDP where it says, and the
 * loaded tables then go through acpi_tree_check().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/table_loader.h"

/* Larger blobs fail to allocate, as in a small VM; keeps executions fast. */
#define MAX_BLOB_SIZE (1u << 20)

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

struct harness {
	const uint8_t *pool;
	size_t pool_len, pool_used;
	const uint8_t *control;
	size_t control_len, calls;
	uint64_t next_addr;
	void *blocks[TL_MAX_BLOBS];
	size_t num_blocks;
};

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Takes n (at most what is left) bytes off the input. */
static const uint8_t *take(const uint8_t **data, size_t *size, size_t *n)
{
	const uint8_t *p = *data;

	if (*n > *size)
		*n = *size;
	*data += *n;
	*size -= *n;
	return p;
}

static uint8_t next_control(struct harness *h)
{
	size_t k = h->calls++;

	return k < h->control_len ? h->control[k] : 0;
}

/* Blob addresses: ordinary RAM (below or above 4 GiB), or edge cases. */
static uint64_t place_blob(struct harness *h, uint8_t mode, uint32_t size, uint32_t align)
{
	uint64_t mask = (uint64_t)align - 1;
	uint64_t addr = (h->next_addr + mask) & ~mask;

	switch (mode) {
	case 1: /* just below 4 GiB: 32-bit pointers barely fit */
		return (0x100000000ull - size) & ~mask;
	case 3: /* the top of the address space: the end wraps */
		return UINT64_MAX & ~mask;
	case 4: /* an allocator that ignores the alignment */
		return addr | 1;
	default:
		h->next_addr = addr + size;
		/* mode 2: the same layout 4 GiB up, out of reach of 32-bit pointers */
		return mode == 2 ? addr + 0x100000000ull : addr;
	}
}

static void *fuzz_allocate(void *ctx, const char *name, uint32_t size, uint32_t align,
			   uint8_t zone, uint64_t *addr)
{
	struct harness *h = ctx;
	uint8_t control = next_control(h);
	void *p;

	REQUIRE(strlen(name) < 56 && size > 0 && align > 0 && align <= TL_MAX_ALIGN);
	REQUIRE((align & (align - 1)) == 0 && (zone == TL_ZONE_HIGH || zone == TL_ZONE_FSEG));
	if ((control & 1) || size > MAX_BLOB_SIZE || h->num_blocks == TL_MAX_BLOBS)
		return NULL;
	p = malloc(size);
	REQUIRE(p != NULL);
	memset(p, 0xa5, size); /* fetch() must overwrite all of it */
	h->blocks[h->num_blocks++] = p;
	*addr = place_blob(h, (control >> 1) & 7, size, align);
	return p;
}

static int fuzz_fetch(void *ctx, uint16_t select, void *dst, uint32_t size)
{
	struct harness *h = ctx;
	size_t n = h->pool_len - h->pool_used;

	(void)select;
	if (next_control(h) & 1)
		return -1;
	if (n > size)
		n = size;
	memcpy(dst, h->pool + h->pool_used, n);
	memset((uint8_t *)dst + n, 0, size - n);
	h->pool_used += n;
	return 0;
}

static int fuzz_write_pointer(void *ctx, uint16_t select, uint32_t offset, const void *value,
			      uint8_t size)
{
	struct harness *h = ctx;
	uint8_t copy[8];

	REQUIRE(select >= 0x20 && (size == 1 || size == 2 || size == 4 || size == 8));
	(void)offset;
	memcpy(copy, value, size);
	return next_control(h) & 1 ? -1 : 0;
}

/* The loaded tables seen as ACPI memory. */
static void walk_tables(const struct tl_plan *plan, const struct tl_rsdp *rsdp)
{
	struct acpi_region regions[TL_MAX_BLOBS];
	struct acpi_rsdp info;
	struct acpi_tree tree;

	REQUIRE(rsdp->blob < plan->num_blobs);
	REQUIRE(rsdp->offset < plan->blobs[rsdp->blob].size);
	REQUIRE(rsdp->addr == plan->blobs[rsdp->blob].addr + rsdp->offset);
	REQUIRE(acpi_rsdp_check(plan->blobs[rsdp->blob].data + rsdp->offset,
				plan->blobs[rsdp->blob].size - rsdp->offset, &info) == ACPI_OK);
	for (size_t i = 0; i < plan->num_blobs; i++)
		regions[i] = (struct acpi_region){ plan->blobs[i].addr, plan->blobs[i].data,
						   plan->blobs[i].size };
	acpi_tree_check(regions, plan->num_blobs, rsdp->addr, &tree);
}

int fuzz_status(const uint8_t *data, size_t size)
{
	size_t script_len, dir_len, pool_len;
	const uint8_t *script, *dir;
	struct harness h = { .next_addr = 0x40000000 };
	const struct tl_ops ops = { &h, fuzz_allocate, fuzz_fetch, fuzz_write_pointer };
	struct tl_plan plan, checked;
	struct tl_rsdp rsdp;
	int status, check_status;

	if (size < 12)
		return -1;
	script_len = load_le32(data), dir_len = load_le32(data + 4), pool_len = load_le32(data + 8);
	data += 12, size -= 12;
	script = take(&data, &size, &script_len);
	dir = take(&data, &size, &dir_len);
	h.pool = take(&data, &size, &pool_len);
	h.pool_len = pool_len;
	h.control = data, h.control_len = size;

	status = tl_execute(script, script_len, dir, dir_len, &ops, &plan, &rsdp);
	check_status = tl_check(script, script_len, dir, dir_len, &checked);
	REQUIRE(fuzz_strerror(status) != NULL);
	if (status < TL_ERR_ALLOCATE_FAILED) {
		REQUIRE(check_status == status);
		REQUIRE(status != TL_OK || h.num_blocks == plan.num_blobs);
	} else {
		REQUIRE(check_status == TL_OK);
	}
	REQUIRE(status != TL_OK || checked.num_blobs == plan.num_blobs);
	if (status == TL_OK)
		walk_tables(&plan, &rsdp);
	if (status != TL_OK && status < TL_ERR_ALLOCATE_FAILED)
		REQUIRE(h.calls == 0);
	for (size_t i = 0; i < h.num_blocks; i++)
		free(h.blocks[i]);
	return status;
}

const char *fuzz_strerror(int status)
{
	return tl_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
