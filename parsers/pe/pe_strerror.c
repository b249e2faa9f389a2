#include "parsers/pe/pe.h"

static const char *const messages[PE_ERR_COUNT] = {
	[PE_OK] = "ok",
	[PE_ERR_ARGUMENT] = "invalid argument",
	[PE_ERR_DOS_TRUNCATED] = "file shorter than the DOS header",
	[PE_ERR_DOS_MAGIC] = "no MZ signature",
	[PE_ERR_LFANEW_RANGE] = "e_lfanew points outside the file",
	[PE_ERR_LFANEW_ALIGN] = "e_lfanew not 8-byte aligned",
	[PE_ERR_PE_SIGNATURE] = "no PE signature",
	[PE_ERR_MACHINE] = "machine is not ARM64",
	[PE_ERR_NUM_SECTIONS] = "no sections or too many sections",
	[PE_ERR_OPT_HDR_SIZE] = "optional header too small for PE32+",
	[PE_ERR_OPT_HDR_TRUNCATED] = "optional header beyond the file",
	[PE_ERR_OPT_MAGIC] = "optional header is not PE32+",
	[PE_ERR_NUM_DATA_DIRS] = "too many data directories",
	[PE_ERR_DATA_DIRS_SIZE] = "data directories beyond the optional header",
	[PE_ERR_SUBSYSTEM] = "subsystem is not EFI",
	[PE_ERR_FILE_ALIGNMENT] = "FileAlignment not a power of two",
	[PE_ERR_SECTION_ALIGNMENT] = "SectionAlignment not a power of two >= FileAlignment",
	[PE_ERR_IMAGE_SIZE] = "SizeOfImage overflows 32 bits when aligned",
	[PE_ERR_HEADERS_BEYOND_IMAGE] = "SizeOfHeaders larger than SizeOfImage",
	[PE_ERR_HEADERS_BEYOND_FILE] = "SizeOfHeaders larger than the file",
	[PE_ERR_HEADERS_TRUNCATED] = "headers not completely read",
	[PE_ERR_SECTION_TABLE] = "section table beyond SizeOfHeaders",
	[PE_ERR_SECTION_ALIGN] = "section address not aligned to SectionAlignment",
	[PE_ERR_SECTION_IN_HEADERS] = "section overlaps the headers",
	[PE_ERR_SECTION_UNSORTED] = "sections not sorted by address",
	[PE_ERR_SECTION_OVERLAP] = "sections overlap",
	[PE_ERR_SECTION_BEYOND_IMAGE] = "section extends beyond SizeOfImage",
	[PE_ERR_SECTION_RAW_BEYOND_FILE] = "section raw data beyond the file",
	[PE_ERR_SECTION_WRITE_EXEC] = "writable and executable section in an NX_COMPAT image",
	[PE_ERR_ENTRY_OUTSIDE_CODE] = "entry point outside executable sections",
	[PE_ERR_ENTRY_ALIGN] = "entry point not 4-byte aligned",
	[PE_ERR_RELOC_DIR] = "relocation directory outside file-backed section data",
	[PE_ERR_RELOC_BLOCK_OVERRUN] = "relocation block beyond the directory",
	[PE_ERR_RELOC_BLOCK_SIZE] = "relocation block size below 8 or odd",
	[PE_ERR_RELOC_PAGE] = "relocation block page beyond the image",
	[PE_ERR_RELOC_TYPE] = "relocation type not ABSOLUTE or DIR64",
	[PE_ERR_RELOC_TARGET] = "relocation target beyond the image",
	[PE_ERR_RELOC_TARGET_IN_RELOCS] = "relocation target inside the relocation directory",
	[PE_ERR_SECTION_INDEX] = "section index out of range",
	[PE_ERR_LOAD_IMAGE_MISMATCH] = "image description does not match the buffer",
	[PE_ERR_LOAD_DST_SIZE] = "destination smaller than SizeOfImage",
	[PE_ERR_LOAD_OVERLAP] = "destination partially overlaps the file",
	[PE_ERR_LOAD_NOT_IN_PLACE] = "file layout differs from memory layout: cannot load in place",
	[PE_ERR_LOAD_ADDR_ALIGN] = "load address not aligned to SectionAlignment",
	[PE_ERR_LOAD_ADDR_RANGE] = "load address range wraps",
	[PE_ERR_LOAD_RELOCS_STRIPPED] = "relocations stripped: image cannot move",
};

const char *pe_strerror(int status)
{
	if (status < 0 || status >= PE_ERR_COUNT || !messages[status])
		return "unknown PE status";
	return messages[status];
}
