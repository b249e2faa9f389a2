/*
 * PE32+ on-disk layout (Microsoft PE/COFF specification) and little-endian
 * byte loads: the image is untrusted and unaligned, so fields are never read
 * through casted pointers.
 */
#ifndef EFILITE_PARSERS_PE_PE_FORMAT_H
#define EFILITE_PARSERS_PE_PE_FORMAT_H
#include <stdint.h>

#include "parsers/bytes/bytes.h"

#define DOS_HEADER_SIZE 64u
#define DOS_MAGIC 0x5a4du /* "MZ" */
#define DOS_LFANEW 0x3cu

#define PE_SIGNATURE 0x00004550u /* "PE\0\0" */
#define PE_SIGNATURE_SIZE 4u

#define COFF_HEADER_SIZE 20u
#define COFF_MACHINE 0u
#define COFF_NUM_SECTIONS 2u
#define COFF_OPT_HDR_SIZE 16u
#define COFF_CHARACTERISTICS 18u
#define COFF_MACHINE_ARM64 0xaa64u

#define OPT_MAGIC 0u
#define OPT_ENTRY 16u
#define OPT_IMAGE_BASE 24u
#define OPT_SECTION_ALIGNMENT 32u
#define OPT_FILE_ALIGNMENT 36u
#define OPT_SIZE_OF_IMAGE 56u
#define OPT_SIZE_OF_HEADERS 60u
#define OPT_SUBSYSTEM 68u
#define OPT_DLL_CHARACTERISTICS 70u
#define OPT_NUM_DATA_DIRS 108u
#define OPT_DATA_DIRS 112u /* also the size of the fixed PE32+ fields */
#define OPT_MAGIC_PE32_PLUS 0x20bu

#define DATA_DIR_SIZE 8u
#define DATA_DIR_BASERELOC 5u
#define DATA_DIR_DEBUG 6u
/* IMAGE_DEBUG_DIRECTORY: Type at 12, SizeOfData at 16, AddressOfRawData (RVA) at 20. */
#define DEBUG_ENTRY_SIZE 28u
#define DEBUG_ENTRY_TYPE 12u
#define DEBUG_ENTRY_DATA_SIZE 16u
#define DEBUG_ENTRY_DATA_RVA 20u

#define SECTION_HEADER_SIZE 40u
#define SECTION_VIRTUAL_SIZE 8u
#define SECTION_RVA 12u
#define SECTION_RAW_SIZE 16u
#define SECTION_RAW_PTR 20u
#define SECTION_CHARACTERISTICS 36u
#define SCN_MEM_EXECUTE 0x20000000u
#define SCN_MEM_READ 0x40000000u
#define SCN_MEM_WRITE 0x80000000u

#define RELOC_BLOCK_HEADER_SIZE 8u
#define RELOC_ENTRY_SIZE 2u
#define RELOC_TYPE_ABSOLUTE 0u
#define RELOC_TYPE_DIR64 10u
#define RELOC_DIR64_SIZE 8u

#endif
