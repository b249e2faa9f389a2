/* Header and memory reservation map rules of dt.c's table. */
#include <stdint.h>

#include "parsers/dt/dt_internal.h"

enum {
	OFF_MAGIC = 0,
	OFF_TOTALSIZE = 4,
	OFF_STRUCT = DT_OFF_STRUCT,
	OFF_STRINGS = DT_OFF_STRINGS,
	OFF_RSVMAP = 16,
	OFF_VERSION = 20,
	OFF_LAST_COMP_VERSION = 24,
	OFF_SIZE_STRINGS = 32,
	OFF_SIZE_STRUCT = 36,
};

/* [off, off+size) lies after the header and within totalsize. */
static bool block_in_bounds(uint32_t off, uint32_t size, uint32_t totalsize)
{
	return off >= DT_HEADER_SIZE && size <= totalsize && off <= totalsize - size;
}

/* Both ranges lie within totalsize (< 2^31), so the sums cannot wrap. */
static bool ranges_overlap(uint32_t a_off, uint32_t a_size, uint32_t b_off, uint32_t b_size)
{
	return a_size && b_size && a_off < b_off + b_size && b_off < a_off + a_size;
}

static int check_version(const uint8_t *fdt)
{
	uint32_t version = bytes_be32(fdt + OFF_VERSION);
	uint32_t last_comp = bytes_be32(fdt + OFF_LAST_COMP_VERSION);

	if (version < DT_VERSION)
		return DT_ERR_VERSION;
	if (last_comp > DT_VERSION || last_comp > version)
		return DT_ERR_LAST_COMP_VERSION;
	return DT_OK;
}

static int check_totalsize(uint32_t totalsize, size_t len)
{
	if (totalsize < DT_HEADER_SIZE)
		return DT_ERR_TOTALSIZE_SMALL;
	if (totalsize > len)
		return DT_ERR_TOTALSIZE_BUFFER;
	/* libfdt keeps offsets in an int and rejects INT32_MAX itself. */
	if (totalsize >= INT32_MAX)
		return DT_ERR_TOTALSIZE_MAX;
	return DT_OK;
}

static int check_blocks(const struct dt_blocks *b)
{
	if (b->rsvmap_off < DT_HEADER_SIZE || b->rsvmap_off > b->totalsize)
		return DT_ERR_RSVMAP_BOUNDS;
	if (b->rsvmap_off % 8)
		return DT_ERR_RSVMAP_ALIGN;
	if (!block_in_bounds(b->struct_off, b->struct_size, b->totalsize))
		return DT_ERR_STRUCT_BOUNDS;
	if (b->struct_off % 4 || b->struct_size % 4)
		return DT_ERR_STRUCT_ALIGN;
	if (!block_in_bounds(b->strings_off, b->strings_size, b->totalsize))
		return DT_ERR_STRINGS_BOUNDS;
	if (ranges_overlap(b->struct_off, b->struct_size, b->strings_off, b->strings_size))
		return DT_ERR_STRINGS_OVERLAP;
	return DT_OK;
}

int dt_check_header(const uint8_t *fdt, size_t len, struct dt_blocks *b)
{
	int status;

	/* libfdt dereferences 32-bit fields of the blob directly. */
	if ((uintptr_t)fdt % 8)
		return DT_ERR_ALIGNMENT;
	if (len < DT_HEADER_SIZE)
		return DT_ERR_SHORT_BUFFER;
	if (bytes_be32(fdt + OFF_MAGIC) != DT_MAGIC)
		return DT_ERR_MAGIC;
	status = check_version(fdt);
	if (status != DT_OK)
		return status;
	b->totalsize = bytes_be32(fdt + OFF_TOTALSIZE);
	status = check_totalsize(b->totalsize, len);
	if (status != DT_OK)
		return status;
	b->rsvmap_off = bytes_be32(fdt + OFF_RSVMAP);
	b->struct_off = bytes_be32(fdt + OFF_STRUCT);
	b->struct_size = bytes_be32(fdt + OFF_SIZE_STRUCT);
	b->strings_off = bytes_be32(fdt + OFF_STRINGS);
	b->strings_size = bytes_be32(fdt + OFF_SIZE_STRINGS);
	return check_blocks(b);
}

/* Entries run until an all-zero one, which must end within totalsize. */
int dt_check_rsvmap(const uint8_t *fdt, const struct dt_blocks *b)
{
	uint32_t off = b->rsvmap_off;

	for (;;) {
		uint64_t base, size;

		if (b->totalsize - off < DT_RSVMAP_ENTRY_SIZE)
			return DT_ERR_RSVMAP_UNTERMINATED;
		base = bytes_be64(fdt + off);
		size = bytes_be64(fdt + off + 8);
		off += DT_RSVMAP_ENTRY_SIZE;
		if (base == 0 && size == 0)
			break;
		if (size > UINT64_MAX - base)
			return DT_ERR_RSVMAP_ENTRY_OVERFLOW;
	}
	if (ranges_overlap(b->rsvmap_off, off - b->rsvmap_off, b->struct_off, b->struct_size) ||
	    ranges_overlap(b->rsvmap_off, off - b->rsvmap_off, b->strings_off, b->strings_size))
		return DT_ERR_RSVMAP_OVERLAP;
	return DT_OK;
}
