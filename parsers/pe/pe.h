/*
 * PE/COFF images for AArch64 (EFI applications, Linux EFI stub, zboot, UKI).
 * pe_check() validates every header rule (see the table in pe.c) and fills
 * pe_image; pe_load() lays the image out and applies base relocations.
 */
#ifndef EFILITE_PARSERS_PE_H
#define EFILITE_PARSERS_PE_H
#include <stddef.h>
#include <stdint.h>

enum pe_status {
	PE_OK = 0,
	/* one distinct value per broken rule, defined in pe.c's table */
	PE_ERR_FIRST = 1,
};

#define PE_SECTION_EXEC 1u
#define PE_SECTION_WRITE 2u
#define PE_SECTION_READ 4u

struct pe_image {
	uint64_t image_base;          /* preferred address */
	uint32_t size_of_image;       /* bytes to allocate */
	uint32_t size_of_headers;
	uint32_t section_alignment;
	uint32_t entry_rva;
	uint16_t subsystem;           /* 10 = EFI application, ... */
	uint16_t dll_characteristics; /* 0x100 = NX_COMPAT */
	uint16_t num_sections;
};

struct pe_section {
	uint32_t rva, virtual_size;   /* virtual_size rounded to section_alignment */
	uint32_t flags;               /* PE_SECTION_* */
};

/* Validates the image in buf[0..len). Returns PE_OK or the broken rule. */
int pe_check(const void *buf, size_t len, struct pe_image *img);
/*
 * Copies headers and sections of a checked image into dst (size_of_image
 * bytes, zero-filling the rest) and relocates it for load address load_addr.
 */
int pe_load(const void *buf, size_t len, const struct pe_image *img, void *dst,
	    size_t dst_len, uint64_t load_addr);
/* Section idx (< img->num_sections) of a checked image. */
int pe_section(const void *buf, size_t len, const struct pe_image *img, unsigned idx,
	       struct pe_section *out);
const char *pe_strerror(int status);
#endif
