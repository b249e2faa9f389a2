/*
 * PE/COFF images for AArch64 (EFI applications, Linux EFI stub, zboot, UKI).
 * pe_check() validates every header rule (see the table in pe_check.c) and
 * fills pe_image; pe_load() lays the image out and applies base relocations.
 */
#ifndef EFILITE_PARSERS_PE_PE_H
#define EFILITE_PARSERS_PE_PE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One value per broken rule; the rules are tabled in pe_check.c, pe_reloc.c and pe_load.c. */
enum pe_status {
	PE_OK = 0,
	PE_ERR_FIRST = 1,
	PE_ERR_ARGUMENT = PE_ERR_FIRST,
	PE_ERR_DOS_TRUNCATED,
	PE_ERR_DOS_MAGIC,
	PE_ERR_LFANEW_RANGE,
	PE_ERR_LFANEW_ALIGN,
	PE_ERR_PE_SIGNATURE,
	PE_ERR_MACHINE,
	PE_ERR_NUM_SECTIONS,
	PE_ERR_OPT_HDR_SIZE,
	PE_ERR_OPT_HDR_TRUNCATED,
	PE_ERR_OPT_MAGIC,
	PE_ERR_NUM_DATA_DIRS,
	PE_ERR_DATA_DIRS_SIZE,
	PE_ERR_SUBSYSTEM,
	PE_ERR_FILE_ALIGNMENT,
	PE_ERR_SECTION_ALIGNMENT,
	PE_ERR_IMAGE_SIZE,
	PE_ERR_HEADERS_BEYOND_IMAGE,
	PE_ERR_HEADERS_BEYOND_FILE,
	PE_ERR_HEADERS_TRUNCATED,
	PE_ERR_SECTION_TABLE,
	PE_ERR_SECTION_ALIGN,
	PE_ERR_SECTION_IN_HEADERS,
	PE_ERR_SECTION_UNSORTED,
	PE_ERR_SECTION_OVERLAP,
	PE_ERR_SECTION_BEYOND_IMAGE,
	PE_ERR_SECTION_RAW_BEYOND_FILE,
	PE_ERR_SECTION_WRITE_EXEC,
	PE_ERR_ENTRY_OUTSIDE_CODE,
	PE_ERR_ENTRY_ALIGN,
	PE_ERR_RELOC_DIR,
	PE_ERR_RELOC_BLOCK_OVERRUN,
	PE_ERR_RELOC_BLOCK_SIZE,
	PE_ERR_RELOC_PAGE,
	PE_ERR_RELOC_TYPE,
	PE_ERR_RELOC_TARGET,
	PE_ERR_RELOC_TARGET_IN_RELOCS,
	PE_ERR_SECTION_INDEX,
	PE_ERR_LOAD_IMAGE_MISMATCH,
	PE_ERR_LOAD_DST_SIZE,
	PE_ERR_LOAD_OVERLAP,
	PE_ERR_LOAD_NOT_IN_PLACE,
	PE_ERR_LOAD_ADDR_ALIGN,
	PE_ERR_LOAD_ADDR_RANGE,
	PE_ERR_LOAD_RELOCS_STRIPPED,
	PE_ERR_COUNT /* not a status: one past the last */
};

#define PE_SECTION_EXEC 1u
#define PE_SECTION_WRITE 2u
#define PE_SECTION_READ 4u

/* Limits this loader imposes on top of the PE/COFF specification. */
#define PE_MAX_SECTIONS 96u
#define PE_MAX_DATA_DIRS 16u

#define PE_SUBSYSTEM_EFI_APPLICATION 10u
#define PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER 11u
#define PE_SUBSYSTEM_EFI_RUNTIME_DRIVER 12u
#define PE_DLL_NX_COMPAT 0x0100u
/* Extended DLL characteristics (debug directory entry type 20): built with BTI landing pads. */
#define PE_DEBUG_TYPE_EX_DLLCHARACTERISTICS 20u
#define PE_DLLEX_FORWARD_CFI_COMPAT 0x0040u
#define PE_FILE_RELOCS_STRIPPED 0x0001u

struct pe_image {
	uint64_t image_base;          /* preferred address */
	uint32_t size_of_image;       /* bytes to allocate (rounded up to section_alignment) */
	uint32_t size_of_headers;
	uint32_t section_alignment;
	uint32_t entry_rva;
	uint16_t subsystem;           /* 10 = EFI application, ... */
	uint16_t dll_characteristics; /* 0x100 = NX_COMPAT */
	uint16_t num_sections;
	uint16_t characteristics;     /* COFF flags, 0x0001 = relocations stripped */
	uint32_t section_table;       /* file offset of the section table */
	uint32_t reloc_rva, reloc_size; /* base relocation directory (size 0: none) */
	uint64_t reloc_offset;        /* its file offset */
	uint32_t debug_rva, debug_size; /* debug directory (size 0: none) */
	/*
	 * Every section's raw data sits at its RVA in the file (Linux arm64
	 * Image layout), so pe_load() can run in place with dst == buf.
	 */
	bool in_place;
};

struct pe_section {
	uint32_t rva, virtual_size;   /* virtual_size rounded to section_alignment */
	uint32_t flags;               /* PE_SECTION_* */
};

/* Validates the image in buf[0..len). Returns PE_OK or the broken rule. */
int pe_check(const void *buf, size_t len, struct pe_image *img);
/*
 * Validates only what lies in the headers, given the first len bytes of a
 * file that is file_len bytes long: lets a loader size and place the image
 * (and decide to load it in place) before it has read the whole file. The
 * base relocations are not checked: pe_check() the complete file next.
 */
int pe_check_headers(const void *buf, size_t len, size_t file_len, struct pe_image *img);
/*
 * Copies headers and sections of a checked image into dst (size_of_image
 * bytes, zero-filling the rest) and relocates it for load address load_addr.
 * With dst == buf (img->in_place required) nothing is copied: only the bytes
 * that must become zero are written, then the relocations are applied.
 * buf is re-checked first, so a stale img cannot make it write out of bounds.
 */
int pe_load(const void *buf, size_t len, const struct pe_image *img, void *dst,
	    size_t dst_len, uint64_t load_addr);
/*
 * The extended DLL characteristics (PE_DLLEX_*) of a loaded image (image:
 * image_len bytes as pe_load() laid it out), from the first
 * EX_DLLCHARACTERISTICS entry of its debug directory; 0 if there is none or
 * the directory or the entry's data does not lie wholly in the image.
 */
uint32_t pe_dll_characteristics_ex(const void *image, size_t image_len, const struct pe_image *img);
/* Section idx (< img->num_sections) of a checked image. */
int pe_section(const void *buf, size_t len, const struct pe_image *img, unsigned idx,
	       struct pe_section *out);
const char *pe_strerror(int status);
#endif
