/* Helpers shared by the PE parser's files; not part of the API. */
#ifndef EFILITE_PARSERS_PE_PE_INTERNAL_H
#define EFILITE_PARSERS_PE_PE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "parsers/pe/pe.h"

/* A section header as the loader uses it. */
struct pe_raw_section {
	uint32_t rva;
	uint32_t virtual_size; /* VirtualSize, or SizeOfRawData when VirtualSize is 0 */
	uint32_t raw_ptr;
	uint32_t raw_size;
	uint32_t init_size;    /* bytes taken from the file: min(raw_size, virtual_size) */
	uint32_t characteristics;
};

/* Reads section idx (< num_sections) of a section table already known to lie in buf. */
void pe_read_section(const uint8_t *buf, const struct pe_image *img, unsigned idx,
		     struct pe_raw_section *out);

/*
 * Walks the base relocation directory of an image that passed
 * pe_check_headers() with all of its file in buf (so the directory is in buf
 * at img->reloc_offset), enforcing the relocation
 * rules; with dst non-NULL also adds delta to every DIR64 target in dst
 * (img->size_of_image bytes).
 */
int pe_relocs_walk(const uint8_t *buf, const struct pe_image *img, uint8_t *dst, uint64_t delta);

/*
 * Sets img->reloc_offset, the file offset of the base relocation directory,
 * which must lie in the file-backed bytes of one section of the (already
 * bounds-checked) section table.
 */
int pe_find_reloc_dir(const uint8_t *buf, struct pe_image *img);
#endif
