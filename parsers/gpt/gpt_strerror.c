#include "parsers/bytes/status_message.h"
#include "parsers/gpt/gpt.h"

static const char *const messages[GPT_ERR_COUNT] = {
	[GPT_OK] = "ok",
	[GPT_ERR_ARGUMENT] = "invalid argument",
	[GPT_ERR_BLOCK_SIZE] = "block size not a power of two from 512 to 4096",
	[GPT_ERR_DISK_TOO_SMALL] = "disk too small for a GPT",
	[GPT_ERR_READ] = "disk read failed",
	[GPT_ERR_PMBR_SIGNATURE] = "no 0x55AA signature in LBA 0",
	[GPT_ERR_PMBR_NOT_PROTECTIVE] = "LBA 0 has no protective (type 0xEE) partition",
	[GPT_ERR_SIGNATURE] = "no \"EFI PART\" signature",
	[GPT_ERR_HEADER_SIZE] = "GPT HeaderSize below 92 or above the block size",
	[GPT_ERR_HEADER_CRC] = "GPT header CRC mismatch",
	[GPT_ERR_MY_LBA] = "GPT MyLBA is not where the header is",
	[GPT_ERR_ALTERNATE_LBA] = "GPT AlternateLBA is 0 or the header's own LBA",
	[GPT_ERR_USABLE_RANGE] = "GPT usable LBA range empty, beyond the disk or over a header",
	[GPT_ERR_ENTRY_SIZE] = "GPT entry size below 128 or not a multiple of 8",
	[GPT_ERR_ENTRY_ARRAY_SIZE] = "GPT entry count x entry size too large",
	[GPT_ERR_ENTRY_ARRAY_LOCATION] = "GPT entry array beyond the disk or over a header or partitions",
	[GPT_ERR_ENTRY_ARRAY_CRC] = "GPT entry array CRC mismatch",
	[GPT_ERR_PART_RANGE] = "GPT partition ends before it starts",
	[GPT_ERR_PART_OUTSIDE_USABLE] = "GPT partition outside the usable LBAs",
	[GPT_ERR_PART_OVERLAP] = "GPT partitions overlap",
	[GPT_ERR_BOTH_HEADERS_BAD] = "both GPT headers are damaged",
	[GPT_ERR_INDEX] = "GPT entry index out of range",
};

const char *gpt_strerror(int status)
{
	return bytes_status_message(messages, GPT_ERR_COUNT, status, "unknown GPT status");
}
