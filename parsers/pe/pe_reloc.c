/*
 * Base relocations (PE/COFF ".reloc"): blocks of an 8-byte header
 * (PageRVA, SizeOfBlock) followed by 16-bit entries (type << 12 | offset).
 *
 * Invariants (rule -> status), all arithmetic in 64 bits:
 *
 * | rule                                                          | status                        |
 * |---------------------------------------------------------------|-------------------------------|
 * | directory lies in one section's file-backed bytes             | PE_ERR_RELOC_DIR              |
 * | a block header and its SizeOfBlock fit in the rest of the dir | PE_ERR_RELOC_BLOCK_OVERRUN    |
 * | SizeOfBlock >= 8 and even (whole entries)                     | PE_ERR_RELOC_BLOCK_SIZE       |
 * | PageRVA < size_of_image                                       | PE_ERR_RELOC_PAGE             |
 * | entry type is ABSOLUTE (0, padding) or DIR64 (10)             | PE_ERR_RELOC_TYPE             |
 * | DIR64 target's 8 bytes lie within size_of_image               | PE_ERR_RELOC_TARGET           |
 * | DIR64 target's 8 bytes do not touch the relocation directory  | PE_ERR_RELOC_TARGET_IN_RELOCS |
 *
 * The last rule lets pe_load() relocate in place while it reads the
 * entries from the same memory: no fixup can change an entry not yet read.
 */
#include "parsers/pe/pe_format.h"
#include "parsers/pe/pe_internal.h"

int pe_find_reloc_dir(const uint8_t *buf, struct pe_image *img)
{
	img->reloc_offset = 0;
	if (img->reloc_size == 0)
		return PE_OK;
	uint64_t dir_end = (uint64_t)img->reloc_rva + img->reloc_size;
	for (unsigned i = 0; i < img->num_sections; i++) {
		struct pe_raw_section s;
		pe_read_section(buf, img, i, &s);
		if (img->reloc_rva >= s.rva && dir_end <= (uint64_t)s.rva + s.init_size) {
			img->reloc_offset = (uint64_t)s.raw_ptr + (img->reloc_rva - s.rva);
			return PE_OK;
		}
	}
	return PE_ERR_RELOC_DIR;
}

static bool overlaps(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
	return a < b + b_len && b < a + a_len;
}

static int apply_entry(const struct pe_image *img, uint32_t page, uint16_t entry, uint8_t *dst,
		       uint64_t delta)
{
	unsigned type = entry >> 12;

	if (type == RELOC_TYPE_ABSOLUTE)
		return PE_OK;
	if (type != RELOC_TYPE_DIR64)
		return PE_ERR_RELOC_TYPE;
	uint64_t target = (uint64_t)page + (entry & 0xfffu);
	if (target + RELOC_DIR64_SIZE > img->size_of_image)
		return PE_ERR_RELOC_TARGET;
	if (overlaps(target, RELOC_DIR64_SIZE, img->reloc_rva, img->reloc_size))
		return PE_ERR_RELOC_TARGET_IN_RELOCS;
	if (dst)
		bytes_store_le(dst + target, bytes_le64(dst + target) + delta, 8);
	return PE_OK;
}

/* One block at dir[0..rest); its size goes to *block_size. */
static int walk_block(const uint8_t *dir, uint64_t rest, const struct pe_image *img,
		      uint8_t *dst, uint64_t delta, uint32_t *block_size)
{
	if (rest < RELOC_BLOCK_HEADER_SIZE)
		return PE_ERR_RELOC_BLOCK_OVERRUN;
	uint32_t page = bytes_le32(dir);
	*block_size = bytes_le32(dir + 4);
	if (*block_size < RELOC_BLOCK_HEADER_SIZE || *block_size % RELOC_ENTRY_SIZE)
		return PE_ERR_RELOC_BLOCK_SIZE;
	if (*block_size > rest)
		return PE_ERR_RELOC_BLOCK_OVERRUN;
	if (page >= img->size_of_image)
		return PE_ERR_RELOC_PAGE;
	for (uint32_t off = RELOC_BLOCK_HEADER_SIZE; off < *block_size; off += RELOC_ENTRY_SIZE) {
		int rc = apply_entry(img, page, bytes_le16(dir + off), dst, delta);
		if (rc)
			return rc;
	}
	return PE_OK;
}

int pe_relocs_walk(const uint8_t *buf, const struct pe_image *img, uint8_t *dst, uint64_t delta)
{
	const uint8_t *dir = buf + img->reloc_offset;
	for (uint64_t pos = 0; pos < img->reloc_size;) {
		uint32_t block_size;
		int rc = walk_block(dir + pos, img->reloc_size - pos, img, dst, delta, &block_size);
		if (rc)
			return rc;
		pos += block_size;
	}
	return PE_OK;
}
