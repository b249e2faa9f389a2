/*
 * Section table access. pe_section() is public and may see a stale or forged
 * img, so it bounds-checks everything itself before reading.
 */
#include "parsers/pe/pe_format.h"
#include "parsers/pe/pe_internal.h"

void pe_read_section(const uint8_t *buf, const struct pe_image *img, unsigned idx,
		     struct pe_raw_section *out)
{
	const uint8_t *h = buf + img->section_table + (size_t)idx * SECTION_HEADER_SIZE;
	out->rva = bytes_le32(h + SECTION_RVA);
	out->raw_ptr = bytes_le32(h + SECTION_RAW_PTR);
	out->raw_size = bytes_le32(h + SECTION_RAW_SIZE);
	out->virtual_size = bytes_le32(h + SECTION_VIRTUAL_SIZE);
	if (out->virtual_size == 0)
		out->virtual_size = out->raw_size;
	out->init_size = out->raw_size < out->virtual_size ? out->raw_size : out->virtual_size;
	out->characteristics = bytes_le32(h + SECTION_CHARACTERISTICS);
}

static uint32_t section_flags(uint32_t characteristics)
{
	uint32_t flags = 0;

	if (characteristics & SCN_MEM_EXECUTE)
		flags |= PE_SECTION_EXEC;
	if (characteristics & SCN_MEM_WRITE)
		flags |= PE_SECTION_WRITE;
	if (characteristics & SCN_MEM_READ)
		flags |= PE_SECTION_READ;
	return flags;
}

int pe_section(const void *buf, size_t len, const struct pe_image *img, unsigned idx,
	       struct pe_section *out)
{
	if (!buf || !img || !out)
		return PE_ERR_ARGUMENT;
	uint32_t alignment = img->section_alignment;
	if (alignment == 0 || (alignment & (alignment - 1)))
		return PE_ERR_SECTION_ALIGNMENT;
	if (idx >= img->num_sections)
		return PE_ERR_SECTION_INDEX;
	uint64_t off = (uint64_t)img->section_table + (uint64_t)idx * SECTION_HEADER_SIZE;
	if (off > len || len - off < SECTION_HEADER_SIZE)
		return PE_ERR_SECTION_TABLE;
	struct pe_raw_section s;
	pe_read_section(buf, img, idx, &s);
	uint64_t size = ((uint64_t)s.virtual_size + alignment - 1) & ~(uint64_t)(alignment - 1);
	if ((uint64_t)s.rva + size > img->size_of_image)
		return PE_ERR_SECTION_BEYOND_IMAGE;
	out->rva = s.rva;
	out->virtual_size = (uint32_t)size;
	out->flags = section_flags(s.characteristics);
	return PE_OK;
}
