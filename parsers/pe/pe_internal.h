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

/* Reads section idx of the table at img->section_table, bounds-checked against len. */
int pe_read_section(const uint8_t *buf, size_t len, const struct pe_image *img, unsigned idx,
		    struct pe_raw_section *out);

/*
 * Walks the base relocation directory of a header-checked image, enforcing
 * the relocation rules; with dst non-NULL also adds delta to every DIR64
 * target in dst (img->size_of_image bytes).
 */
int pe_relocs_walk(const uint8_t *buf, size_t len, const struct pe_image *img, uint8_t *dst,
		   uint64_t delta);

/* File offset of the base relocation directory, found by pe_check_headers(). */
int pe_reloc_offset(const uint8_t *buf, size_t len, const struct pe_image *img,
		    uint64_t *offset);
#endif
