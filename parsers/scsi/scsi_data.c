/*
 * Data-in of the commands the driver sends: INQUIRY, READ CAPACITY (10) and
 * (16), REPORT LUNS, MODE SENSE(6) (SPC-4, SBC-3). len is what the device
 * transferred (the buffer less the residual); big-endian fields.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                               | status                       |
 * |--------------------------------------------------------------------|------------------------------|
 * | buffers and outputs non-NULL; a LUN entry index within the data    | SCSI_ERR_ARGUMENT            |
 * | INQUIRY: the 5-byte header transferred                             | SCSI_ERR_INQUIRY_TRUNCATED   |
 * | INQUIRY: peripheral qualifier 0 (a LUN is connected)               | SCSI_ERR_LUN_NOT_PRESENT     |
 * | INQUIRY: device type 0x00 (disk) or 0x05 (CD/DVD)                  | SCSI_ERR_DEVICE_TYPE         |
 * | READ CAPACITY(10): 8 bytes; (16): at least 12                      | SCSI_ERR_CAPACITY_TRUNCATED  |
 * | block length 512, 1024, 2048 or 4096                               | SCSI_ERR_CAPACITY_BLOCK_SIZE |
 * | (16): last LBA + 1 blocks, times the block length, below 2^64      | SCSI_ERR_CAPACITY_BLOCKS     |
 * | REPORT LUNS: the 8-byte header transferred                         | SCSI_ERR_LUNS_TRUNCATED      |
 * | REPORT LUNS: list length a multiple of 8                           | SCSI_ERR_LUNS_LENGTH         |
 * | entry: single level (bytes 2-7 zero), peripheral (bus 0) or flat   | SCSI_ERR_LUNS_ENTRY          |
 * | addressing, LUN <= the config's max_lun                            |                              |
 * | entry: a LUN no earlier entry lists (two handles, one device path) | SCSI_ERR_LUNS_DUPLICATE      |
 * | MODE SENSE(6): the 4-byte header transferred                       | SCSI_ERR_MODE_TRUNCATED      |
 *
 * READ CAPACITY(10)'s last LBA 0xFFFFFFFF says "ask (16)": need_16, no size.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/scsi/scsi.h"

#define INQUIRY_HEADER 5u
#define CAPACITY10_BYTES 8u
#define CAPACITY16_MIN 12u
#define MODE_HEADER 4u
#define MODE_WP 0x80u
#define ADDRESS_PERIPHERAL 0u
#define ADDRESS_FLAT 1u

int scsi_check_inquiry(const void *buf, size_t len, struct scsi_inquiry *out)
{
	const uint8_t *p = buf;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < INQUIRY_HEADER)
		return SCSI_ERR_INQUIRY_TRUNCATED;
	out->type = p[0] & 0x1f;
	out->removable = (p[1] & 0x80) != 0;
	if (p[0] >> 5)
		return SCSI_ERR_LUN_NOT_PRESENT;
	if (out->type != SCSI_TYPE_DISK && out->type != SCSI_TYPE_CDROM)
		return SCSI_ERR_DEVICE_TYPE;
	return SCSI_OK;
}

static bool block_size_ok(uint32_t bs)
{
	return bs == 512 || bs == 1024 || bs == 2048 || bs == 4096;
}

int scsi_check_capacity10(const void *buf, size_t len, struct scsi_capacity *out)
{
	const uint8_t *p = buf;
	uint32_t last;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < CAPACITY10_BYTES)
		return SCSI_ERR_CAPACITY_TRUNCATED;
	last = bytes_be32(p);
	out->block_size = bytes_be32(p + 4);
	if (!block_size_ok(out->block_size))
		return SCSI_ERR_CAPACITY_BLOCK_SIZE;
	if (last == UINT32_MAX)
		out->need_16 = true;
	else
		out->num_blocks = (uint64_t)last + 1;
	return SCSI_OK;
}

int scsi_check_capacity16(const void *buf, size_t len, struct scsi_capacity *out)
{
	const uint8_t *p = buf;
	uint64_t last;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < CAPACITY16_MIN)
		return SCSI_ERR_CAPACITY_TRUNCATED;
	last = bytes_be64(p);
	out->block_size = bytes_be32(p + 8);
	if (!block_size_ok(out->block_size))
		return SCSI_ERR_CAPACITY_BLOCK_SIZE;
	if (last == UINT64_MAX || last + 1 > UINT64_MAX / out->block_size)
		return SCSI_ERR_CAPACITY_BLOCKS;
	out->num_blocks = last + 1;
	return SCSI_OK;
}

int scsi_check_luns(const void *buf, size_t len, uint32_t *count)
{
	const uint8_t *p = buf;
	uint32_t list;
	size_t seen;

	if (!p || !count)
		return SCSI_ERR_ARGUMENT;
	*count = 0;
	if (len < SCSI_LUNS_HEADER)
		return SCSI_ERR_LUNS_TRUNCATED;
	list = bytes_be32(p);
	if (list % SCSI_LUN_ENTRY)
		return SCSI_ERR_LUNS_LENGTH;
	seen = len - SCSI_LUNS_HEADER;
	if (seen > list)
		seen = list;
	*count = (uint32_t)(seen / SCSI_LUN_ENTRY);
	return SCSI_OK;
}

/* The LUN of entry e (8 bytes), single-level peripheral or flat: true and *lun. */
static bool decode_lun(const uint8_t *e, uint32_t *lun)
{
	for (unsigned i = 2; i < SCSI_LUN_ENTRY; i++)
		if (e[i])
			return false;
	if (e[0] >> 6 == ADDRESS_PERIPHERAL && (e[0] & 0x3f) == 0)
		*lun = e[1];
	else if (e[0] >> 6 == ADDRESS_FLAT)
		*lun = (uint32_t)(e[0] & 0x3f) << 8 | e[1];
	else
		return false;
	return true;
}

int scsi_lun_entry(const void *buf, size_t len, uint32_t index, uint32_t max_lun,
		   uint32_t *lun)
{
	const uint8_t *p = buf, *first;
	uint32_t value, earlier;

	if (!p || !lun || len < SCSI_LUNS_HEADER ||
	    index >= (len - SCSI_LUNS_HEADER) / SCSI_LUN_ENTRY)
		return SCSI_ERR_ARGUMENT;
	*lun = 0;
	first = p + SCSI_LUNS_HEADER;
	if (!decode_lun(first + (size_t)index * SCSI_LUN_ENTRY, &value) || value > max_lun)
		return SCSI_ERR_LUNS_ENTRY;
	/* peripheral 5 and flat 5 are one LUN: compared decoded */
	for (uint32_t j = 0; j < index; j++)
		if (decode_lun(first + (size_t)j * SCSI_LUN_ENTRY, &earlier) && earlier == value)
			return SCSI_ERR_LUNS_DUPLICATE;
	*lun = value;
	return SCSI_OK;
}

int scsi_check_mode_header(const void *buf, size_t len, bool *write_protected)
{
	const uint8_t *p = buf;

	if (!p || !write_protected)
		return SCSI_ERR_ARGUMENT;
	*write_protected = false;
	if (len < MODE_HEADER)
		return SCSI_ERR_MODE_TRUNCATED;
	*write_protected = (p[2] & MODE_WP) != 0;
	return SCSI_OK;
}
