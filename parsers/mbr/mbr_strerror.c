#include "parsers/bytes/status_message.h"
#include "parsers/mbr/mbr.h"

static const char *const messages[MBR_ERR_COUNT] = {
	[MBR_OK] = "ok",
	[MBR_ERR_ARGUMENT] = "invalid argument",
	[MBR_ERR_BLOCK_SIZE] = "block size not a power of two from 512 to 4096",
	[MBR_ERR_READ] = "disk read failed",
	[MBR_ERR_SIGNATURE] = "no 0x55AA signature in the MBR",
	[MBR_ERR_BOOT_FLAG] = "MBR boot indicator neither 0x00 nor 0x80",
	[MBR_ERR_PART_BEYOND_DISK] = "MBR partition beyond the end of the disk",
	[MBR_ERR_PART_OVERLAP] = "MBR partitions overlap",
	[MBR_ERR_TWO_EXTENDED] = "more than one extended partition",
	[MBR_ERR_EBR_SIGNATURE] = "no 0x55AA signature in an EBR",
	[MBR_ERR_EBR_ENTRIES] = "EBR entries other than a logical partition and a link",
	[MBR_ERR_EBR_LINK_BACKWARD] = "EBR link does not move forward (loop or self-reference)",
	[MBR_ERR_EBR_OUTSIDE_EXTENDED] = "EBR link outside the extended partition",
	[MBR_ERR_LOGICAL_OUTSIDE_EBR] = "logical partition outside its EBR's slot",
	[MBR_ERR_TOO_MANY_LOGICAL] = "more than 60 EBRs (logical partitions)",
};

const char *mbr_strerror(int status)
{
	return bytes_status_message(messages, MBR_ERR_COUNT, status, "unknown MBR status");
}
