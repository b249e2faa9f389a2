/*
 * Lays a checked image out in memory and relocates it.
 *
 * Invariants (rule -> status), checked before dst is written:
 *
 * | rule                                                           | status                      |
 * |----------------------------------------------------------------|-----------------------------|
 * | buf, img and dst non-NULL                                      | PE_ERR_ARGUMENT             |
 * | buf passes pe_check() (any PE_ERR_* of pe_check.c, pe_reloc.c) | that status                 |
 * | img is what pe_check() says about buf                          | PE_ERR_LOAD_IMAGE_MISMATCH  |
 * | dst_len >= size_of_image                                       | PE_ERR_LOAD_DST_SIZE        |
 * | dst and buf are the same or disjoint                           | PE_ERR_LOAD_OVERLAP         |
 * | dst == buf only for in-place layouts (img->in_place)           | PE_ERR_LOAD_NOT_IN_PLACE    |
 * | load_addr is a multiple of section_alignment                   | PE_ERR_LOAD_ADDR_ALIGN      |
 * | load_addr + size_of_image does not wrap 64 bits                | PE_ERR_LOAD_ADDR_RANGE      |
 * | moving the image (load_addr != image_base) needs relocations   | PE_ERR_LOAD_RELOCS_STRIPPED |
 *
 * Memory layout produced in dst[0..size_of_image): headers, then each
 * section's file-backed bytes at its RVA, zeros everywhere else (gaps,
 * uninitialized data, raw data beyond VirtualSize). In place, the headers and
 * file-backed bytes already sit where they belong, so only zeros are written.
 */
#include <string.h>

#include "parsers/pe/pe_internal.h"

static bool same_image(const struct pe_image *a, const struct pe_image *b)
{
	return a->image_base == b->image_base && a->size_of_image == b->size_of_image &&
	       a->size_of_headers == b->size_of_headers &&
	       a->section_alignment == b->section_alignment && a->entry_rva == b->entry_rva &&
	       a->subsystem == b->subsystem && a->dll_characteristics == b->dll_characteristics &&
	       a->num_sections == b->num_sections && a->characteristics == b->characteristics &&
	       a->section_table == b->section_table && a->reloc_rva == b->reloc_rva &&
	       a->reloc_size == b->reloc_size && a->reloc_offset == b->reloc_offset &&
	       a->in_place == b->in_place;
}

static int check_destination(const void *buf, size_t len, const struct pe_image *img,
			     const void *dst, size_t dst_len, uint64_t load_addr)
{
	if (dst_len < img->size_of_image)
		return PE_ERR_LOAD_DST_SIZE;
	uintptr_t src_start = (uintptr_t)buf, dst_start = (uintptr_t)dst;
	if (dst == buf) {
		if (!img->in_place)
			return PE_ERR_LOAD_NOT_IN_PLACE;
	} else if (src_start < dst_start + img->size_of_image && dst_start < src_start + len) {
		return PE_ERR_LOAD_OVERLAP;
	}
	if (load_addr % img->section_alignment)
		return PE_ERR_LOAD_ADDR_ALIGN;
	if (load_addr > UINT64_MAX - img->size_of_image)
		return PE_ERR_LOAD_ADDR_RANGE;
	if (load_addr != img->image_base && (img->characteristics & PE_FILE_RELOCS_STRIPPED))
		return PE_ERR_LOAD_RELOCS_STRIPPED;
	return PE_OK;
}

/* Places the headers and sections; copy is false in place. */
static void lay_out(const uint8_t *buf, const struct pe_image *img, uint8_t *dst, bool copy)
{
	if (copy)
		memcpy(dst, buf, img->size_of_headers);
	uint32_t cursor = img->size_of_headers;
	for (unsigned i = 0; i < img->num_sections; i++) {
		struct pe_raw_section s;
		pe_read_section(buf, img, i, &s);
		if (!s.virtual_size)
			continue; /* empty: may lie anywhere, even in the headers */
		memset(dst + cursor, 0, s.rva - cursor);
		if (copy)
			memcpy(dst + s.rva, buf + s.raw_ptr, s.init_size);
		cursor = s.rva + s.init_size;
	}
	memset(dst + cursor, 0, img->size_of_image - cursor);
}

int pe_load(const void *buf, size_t len, const struct pe_image *img, void *dst,
	    size_t dst_len, uint64_t load_addr)
{
	if (!buf || !img || !dst)
		return PE_ERR_ARGUMENT;
	struct pe_image checked;
	int rc = pe_check(buf, len, &checked);
	if (rc)
		return rc;
	if (!same_image(img, &checked))
		return PE_ERR_LOAD_IMAGE_MISMATCH;
	rc = check_destination(buf, len, &checked, dst, dst_len, load_addr);
	if (rc)
		return rc;
	lay_out(buf, &checked, dst, dst != buf);
	uint64_t delta = load_addr - checked.image_base;
	if (delta == 0)
		return PE_OK;
	return pe_relocs_walk(buf, &checked, dst, delta);
}
