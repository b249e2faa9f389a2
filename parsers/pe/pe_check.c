/*
 * PE32+ header validation.
 *
 * Invariants (rule -> status). "len" is the file length; all sums are done
 * in 64 bits so no 32-bit field can wrap a bound.
 *
 * | rule                                                        | status                         |
 * |-------------------------------------------------------------|--------------------------------|
 * | buf and img non-NULL, bytes present <= file length          | PE_ERR_ARGUMENT                |
 * | file holds the 64-byte DOS header                           | PE_ERR_DOS_TRUNCATED           |
 * | DOS header starts with "MZ"                                 | PE_ERR_DOS_MAGIC               |
 * | 64 <= e_lfanew, PE signature + COFF header within the file  | PE_ERR_LFANEW_RANGE            |
 * | e_lfanew is a multiple of 8                                 | PE_ERR_LFANEW_ALIGN            |
 * | "PE\0\0" at e_lfanew                                        | PE_ERR_PE_SIGNATURE            |
 * | Machine is ARM64 (0xAA64)                                   | PE_ERR_MACHINE                 |
 * | 1 <= NumberOfSections <= PE_MAX_SECTIONS (96)               | PE_ERR_NUM_SECTIONS            |
 * | SizeOfOptionalHeader >= 112 (the fixed PE32+ fields)        | PE_ERR_OPT_HDR_SIZE            |
 * | optional header within the file                             | PE_ERR_OPT_HDR_TRUNCATED       |
 * | optional header Magic is PE32+ (0x20B)                      | PE_ERR_OPT_MAGIC               |
 * | NumberOfRvaAndSizes <= PE_MAX_DATA_DIRS (16)                | PE_ERR_NUM_DATA_DIRS           |
 * | data directories fit in SizeOfOptionalHeader                | PE_ERR_DATA_DIRS_SIZE          |
 * | Subsystem is EFI app, boot or runtime driver (10..12)       | PE_ERR_SUBSYSTEM               |
 * | FileAlignment is a power of two                             | PE_ERR_FILE_ALIGNMENT          |
 * | SectionAlignment is a power of two >= FileAlignment         | PE_ERR_SECTION_ALIGNMENT       |
 * | SizeOfImage rounded up to SectionAlignment fits 32 bits     | PE_ERR_IMAGE_SIZE              |
 * | SizeOfHeaders <= SizeOfImage                                | PE_ERR_HEADERS_BEYOND_IMAGE    |
 * | SizeOfHeaders <= file length                                | PE_ERR_HEADERS_BEYOND_FILE     |
 * | SizeOfHeaders <= bytes present (pe_check_headers only)      | PE_ERR_HEADERS_TRUNCATED       |
 * | section table ends within SizeOfHeaders                     | PE_ERR_SECTION_TABLE           |
 * | each VirtualAddress is a multiple of SectionAlignment       | PE_ERR_SECTION_ALIGN           |
 * | no section starts below SizeOfHeaders                       | PE_ERR_SECTION_IN_HEADERS      |
 * | sections sorted by VirtualAddress                           | PE_ERR_SECTION_UNSORTED        |
 * | a section starts at or after the end of the previous one    | PE_ERR_SECTION_OVERLAP         |
 * | VirtualAddress + VirtualSize <= SizeOfImage (empty too)     | PE_ERR_SECTION_BEYOND_IMAGE    |
 * | PointerToRawData + SizeOfRawData <= file length             | PE_ERR_SECTION_RAW_BEYOND_FILE |
 * | with NX_COMPAT, no section is both writable and executable  | PE_ERR_SECTION_WRITE_EXEC      |
 * | entry point inside an executable section's VirtualSize      | PE_ERR_ENTRY_OUTSIDE_CODE      |
 * | entry point is 4-byte aligned (an A64 instruction)          | PE_ERR_ENTRY_ALIGN             |
 * | relocation directory inside one section's file-backed bytes | PE_ERR_RELOC_DIR               |
 * | relocation blocks: see pe_reloc.c (pe_check only)           | PE_ERR_RELOC_*                 |
 *
 * Decisions beyond the specification's letter:
 * - SizeOfImage need not be a multiple of SectionAlignment (systemd-boot 252
 *   ships 0x10E00 with 4 KiB alignment); img->size_of_image is rounded up.
 * - VirtualSize 0 means SizeOfRawData, as in edk2; raw data beyond VirtualSize
 *   is allowed (SizeOfRawData is rounded to FileAlignment) and not loaded.
 * - A section with VirtualSize = SizeOfRawData = 0 occupies nothing and is
 *   skipped by every section rule: older arm64 Linux and Xen headers carry
 *   such a dummy section at RVA 0, inside the headers.
 * - Every image needs an entry point in code, drivers included: the EFI
 *   loader always calls it, so entry point 0 is rejected.
 * - A relocation directory of size 0 means "no relocations", whatever its RVA.
 */
#include <string.h>

#include "parsers/pe/pe_format.h"
#include "parsers/pe/pe_internal.h"

static bool is_power_of_two(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static uint64_t align_up(uint64_t v, uint32_t alignment)
{
	return (v + alignment - 1) & ~(uint64_t)(alignment - 1);
}

/* Finds the COFF header: returns its file offset in *coff. */
static int check_dos(const uint8_t *p, size_t len, size_t *coff)
{
	if (len < DOS_HEADER_SIZE)
		return PE_ERR_DOS_TRUNCATED;
	if (bytes_le16(p) != DOS_MAGIC)
		return PE_ERR_DOS_MAGIC;
	uint32_t lfanew = bytes_le32(p + DOS_LFANEW);
	if (lfanew < DOS_HEADER_SIZE || lfanew > len - PE_SIGNATURE_SIZE - COFF_HEADER_SIZE)
		return PE_ERR_LFANEW_RANGE;
	if (lfanew % 8)
		return PE_ERR_LFANEW_ALIGN;
	if (bytes_le32(p + lfanew) != PE_SIGNATURE)
		return PE_ERR_PE_SIGNATURE;
	*coff = (size_t)lfanew + PE_SIGNATURE_SIZE;
	return PE_OK;
}

static int check_coff(const uint8_t *p, size_t coff, struct pe_image *img, uint16_t *opt_size)
{
	if (bytes_le16(p + coff + COFF_MACHINE) != COFF_MACHINE_ARM64)
		return PE_ERR_MACHINE;
	img->num_sections = bytes_le16(p + coff + COFF_NUM_SECTIONS);
	if (img->num_sections == 0 || img->num_sections > PE_MAX_SECTIONS)
		return PE_ERR_NUM_SECTIONS;
	*opt_size = bytes_le16(p + coff + COFF_OPT_HDR_SIZE);
	if (*opt_size < OPT_DATA_DIRS)
		return PE_ERR_OPT_HDR_SIZE;
	img->characteristics = bytes_le16(p + coff + COFF_CHARACTERISTICS);
	return PE_OK;
}

static int check_data_dirs(const uint8_t *opt, uint16_t opt_size, struct pe_image *img)
{
	uint32_t count = bytes_le32(opt + OPT_NUM_DATA_DIRS);

	if (count > PE_MAX_DATA_DIRS)
		return PE_ERR_NUM_DATA_DIRS;
	if (opt_size < OPT_DATA_DIRS + count * DATA_DIR_SIZE)
		return PE_ERR_DATA_DIRS_SIZE;
	img->reloc_rva = 0;
	img->reloc_size = 0;
	if (count > DATA_DIR_BASERELOC) {
		const uint8_t *dir = opt + OPT_DATA_DIRS + DATA_DIR_BASERELOC * DATA_DIR_SIZE;
		img->reloc_size = bytes_le32(dir + 4);
		if (img->reloc_size)
			img->reloc_rva = bytes_le32(dir);
	}
	/* Only read by pe_dll_characteristics_ex(), which bounds it against the loaded image. */
	img->debug_rva = 0;
	img->debug_size = 0;
	if (count > DATA_DIR_DEBUG) {
		const uint8_t *dir = opt + OPT_DATA_DIRS + DATA_DIR_DEBUG * DATA_DIR_SIZE;
		img->debug_rva = bytes_le32(dir);
		img->debug_size = bytes_le32(dir + 4);
	}
	return PE_OK;
}

static int check_alignment(const uint8_t *opt, struct pe_image *img)
{
	uint32_t file_alignment = bytes_le32(opt + OPT_FILE_ALIGNMENT);

	if (!is_power_of_two(file_alignment))
		return PE_ERR_FILE_ALIGNMENT;
	img->section_alignment = bytes_le32(opt + OPT_SECTION_ALIGNMENT);
	if (!is_power_of_two(img->section_alignment) || img->section_alignment < file_alignment)
		return PE_ERR_SECTION_ALIGNMENT;
	return PE_OK;
}

/* Sizes: *declared_size is SizeOfImage as written, for the section bounds. */
static int check_sizes(const uint8_t *opt, size_t len, size_t file_len, struct pe_image *img,
		       uint32_t *declared_size)
{
	*declared_size = bytes_le32(opt + OPT_SIZE_OF_IMAGE);
	uint64_t rounded = align_up(*declared_size, img->section_alignment);
	if (rounded > UINT32_MAX)
		return PE_ERR_IMAGE_SIZE;
	img->size_of_image = (uint32_t)rounded;
	img->size_of_headers = bytes_le32(opt + OPT_SIZE_OF_HEADERS);
	if (img->size_of_headers > *declared_size)
		return PE_ERR_HEADERS_BEYOND_IMAGE;
	if (img->size_of_headers > file_len)
		return PE_ERR_HEADERS_BEYOND_FILE;
	if (img->size_of_headers > len)
		return PE_ERR_HEADERS_TRUNCATED;
	return PE_OK;
}

static int check_optional(const uint8_t *p, size_t len, size_t file_len, size_t opt_off,
			  uint16_t opt_size, struct pe_image *img, uint32_t *declared_size)
{
	if (opt_off > len || opt_size > len - opt_off)
		return PE_ERR_OPT_HDR_TRUNCATED;
	const uint8_t *opt = p + opt_off;
	if (bytes_le16(opt + OPT_MAGIC) != OPT_MAGIC_PE32_PLUS)
		return PE_ERR_OPT_MAGIC;
	int rc = check_data_dirs(opt, opt_size, img);
	if (rc)
		return rc;
	img->subsystem = bytes_le16(opt + OPT_SUBSYSTEM);
	if (img->subsystem < PE_SUBSYSTEM_EFI_APPLICATION ||
	    img->subsystem > PE_SUBSYSTEM_EFI_RUNTIME_DRIVER)
		return PE_ERR_SUBSYSTEM;
	rc = check_alignment(opt, img);
	if (rc)
		return rc;
	img->image_base = bytes_le64(opt + OPT_IMAGE_BASE);
	img->entry_rva = bytes_le32(opt + OPT_ENTRY);
	img->dll_characteristics = bytes_le16(opt + OPT_DLL_CHARACTERISTICS);
	return check_sizes(opt, len, file_len, img, declared_size);
}

/* One section against its predecessor, which ended at *prev_end (RVA). */
static int check_section(const struct pe_raw_section *s, const struct pe_image *img,
			 uint32_t declared_size, size_t file_len, uint64_t *prev_start,
			 uint64_t *prev_end)
{
	/*
	 * Empty (VirtualSize 0 stands for SizeOfRawData, also 0): it occupies
	 * nothing, but its RVA must still lie in the image, as pe_section()
	 * requires (tools/fuzz found one at 0x60000 in a 0x25000 image:
	 * corpora/pe/regressions/empty-section-beyond-image).
	 */
	if (s->virtual_size == 0)
		return s->rva > declared_size ? PE_ERR_SECTION_BEYOND_IMAGE : PE_OK;
	if (s->rva % img->section_alignment)
		return PE_ERR_SECTION_ALIGN;
	if (s->rva < img->size_of_headers)
		return PE_ERR_SECTION_IN_HEADERS;
	if (s->rva < *prev_start)
		return PE_ERR_SECTION_UNSORTED;
	if (s->rva < *prev_end)
		return PE_ERR_SECTION_OVERLAP;
	uint64_t end = (uint64_t)s->rva + s->virtual_size;
	if (end > declared_size)
		return PE_ERR_SECTION_BEYOND_IMAGE;
	if (s->raw_size && (uint64_t)s->raw_ptr + s->raw_size > file_len)
		return PE_ERR_SECTION_RAW_BEYOND_FILE;
	if ((img->dll_characteristics & PE_DLL_NX_COMPAT) &&
	    (s->characteristics & SCN_MEM_WRITE) && (s->characteristics & SCN_MEM_EXECUTE))
		return PE_ERR_SECTION_WRITE_EXEC;
	*prev_start = s->rva;
	*prev_end = end;
	return PE_OK;
}

static bool contains_entry(const struct pe_raw_section *s, uint32_t entry)
{
	return (s->characteristics & SCN_MEM_EXECUTE) && entry >= s->rva &&
	       entry - s->rva < s->virtual_size;
}

static int check_sections(const uint8_t *p, size_t file_len, struct pe_image *img,
			  size_t table, uint32_t declared_size)
{
	if (table > img->size_of_headers ||
	    img->num_sections * SECTION_HEADER_SIZE > img->size_of_headers - table)
		return PE_ERR_SECTION_TABLE;
	img->section_table = (uint32_t)table;
	uint64_t prev_start = 0, prev_end = 0;
	bool entry_found = false;
	img->in_place = true;
	for (unsigned i = 0; i < img->num_sections; i++) {
		struct pe_raw_section s;
		pe_read_section(p, img, i, &s);
		int rc = check_section(&s, img, declared_size, file_len, &prev_start, &prev_end);
		if (rc)
			return rc;
		entry_found = entry_found || contains_entry(&s, img->entry_rva);
		if (s.init_size && s.raw_ptr != s.rva)
			img->in_place = false;
	}
	if (!entry_found)
		return PE_ERR_ENTRY_OUTSIDE_CODE;
	if (img->entry_rva % 4)
		return PE_ERR_ENTRY_ALIGN;
	return PE_OK;
}

int pe_check_headers(const void *buf, size_t len, size_t file_len, struct pe_image *img)
{
	if (!buf || !img || len > file_len)
		return PE_ERR_ARGUMENT;
	memset(img, 0, sizeof(*img));
	const uint8_t *p = buf;
	size_t coff;
	uint32_t declared_size;
	uint16_t opt_size;
	int rc = check_dos(p, len, &coff);
	if (rc)
		return rc;
	rc = check_coff(p, coff, img, &opt_size);
	if (rc)
		return rc;
	size_t opt_off = coff + COFF_HEADER_SIZE;
	rc = check_optional(p, len, file_len, opt_off, opt_size, img, &declared_size);
	if (rc)
		return rc;
	rc = check_sections(p, file_len, img, opt_off + opt_size, declared_size);
	if (rc)
		return rc;
	return pe_find_reloc_dir(p, img);
}

int pe_check(const void *buf, size_t len, struct pe_image *img)
{
	int rc = pe_check_headers(buf, len, len, img);
	if (rc)
		return rc;
	return pe_relocs_walk(buf, img, NULL, 0);
}

uint32_t pe_dll_characteristics_ex(const void *image, size_t image_len, const struct pe_image *img)
{
	const uint8_t *p = image;
	uint32_t n = img->debug_size / DEBUG_ENTRY_SIZE;

	if (!img->debug_size || img->debug_rva > image_len ||
	    img->debug_size > image_len - img->debug_rva)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = p + img->debug_rva + (size_t)i * DEBUG_ENTRY_SIZE;
		uint32_t rva = bytes_le32(e + DEBUG_ENTRY_DATA_RVA);

		if (bytes_le32(e + DEBUG_ENTRY_TYPE) != PE_DEBUG_TYPE_EX_DLLCHARACTERISTICS)
			continue;
		if (bytes_le32(e + DEBUG_ENTRY_DATA_SIZE) < 4 || rva > image_len || image_len - rva < 4)
			return 0;
		return bytes_le32(p + rva);
	}
	return 0;
}
