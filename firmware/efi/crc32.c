/*
 * CRC-32 for table headers and CalculateCrc32(): parsers/bytes' table CRC,
 * placed in the runtime range (code and table), because SetVirtualAddressMap
 * recomputes the runtime table's CRC when nothing else is mapped.
 */
#include "firmware/efi/crc32.h"
#include "firmware/efi/rt.h"

#define BYTES_CRC32_CODE RUNTIME_CODE
#define BYTES_CRC32_DATA RUNTIME_DATA
#include "parsers/bytes/crc32.h"

RUNTIME_CODE uint32_t crc32(const void *buf, size_t len)
{
	return bytes_crc32(buf, len);
}
