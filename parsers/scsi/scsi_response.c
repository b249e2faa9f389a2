/*
 * virtio-scsi config space, response header and sense data.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                              | status                      |
 * |-------------------------------------------------------------------|-----------------------------|
 * | buffers and outputs non-NULL                                      | SCSI_ERR_ARGUMENT           |
 * | config: SCSI_CONFIG_BYTES (36) read                               | SCSI_ERR_CONFIG_TRUNCATED   |
 * | config: num_queues >= 1 (a request queue exists)                  | SCSI_ERR_CONFIG_NUM_QUEUES  |
 * | config: seg_max >= 1                                              | SCSI_ERR_CONFIG_SEG_MAX     |
 * | config: max_sectors >= 8 (a 4096-byte block fits one command)     | SCSI_ERR_CONFIG_MAX_SECTORS |
 * | config: 16 <= cdb_size <= 256 (READ(16) fits; the driver's room)  | SCSI_ERR_CONFIG_CDB_SIZE    |
 * | config: 18 <= sense_size <= 256 (fixed sense fits; driver's room) | SCSI_ERR_CONFIG_SENSE_SIZE  |
 * | config: max_target <= 255 (one byte in the LUN field)             | SCSI_ERR_CONFIG_MAX_TARGET  |
 * | config: max_lun <= 16383 (flat space addressing)                  | SCSI_ERR_CONFIG_MAX_LUN     |
 * | response: the 12-byte header present                              | SCSI_ERR_RESPONSE_TRUNCATED |
 * | response: response <= VIRTIO_SCSI_S_FAILURE (9)                   | SCSI_ERR_RESPONSE_VALUE     |
 * | response: BAD_TARGET (no such target: an answer)                  | SCSI_ERR_BAD_TARGET         |
 * | response: any other defined non-OK response (an answer)           | SCSI_ERR_RESPONSE_FAILED    |
 * | response: sense_len <= the sense bytes after the header           | SCSI_ERR_SENSE_LEN          |
 * | response: residual <= the request's data bytes                    | SCSI_ERR_RESIDUAL           |
 * | response: status a SAM-5 status code                              | SCSI_ERR_STATUS_VALUE       |
 * | response: CHECK CONDITION with sense data (an answer)             | SCSI_ERR_CHECK_CONDITION    |
 * | response: BUSY, RESERVATION CONFLICT... (an answer)               | SCSI_ERR_STATUS_FAILED      |
 * | response: GOOD of a READ/WRITE moved all its data (residual 0)    | SCSI_ERR_SHORT_TRANSFER     |
 * | sense: at least its response code, and the key/ASC/ASCQ bytes     | SCSI_ERR_SENSE_TRUNCATED    |
 * | sense: response code 0x70-0x73 (fixed or descriptor format)       | SCSI_ERR_SENSE_CODE         |
 *
 * status_qualifier is not used: nothing depends on it.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/scsi/scsi.h"

#define CFG_NUM_QUEUES 0u
#define CFG_SEG_MAX 4u
#define CFG_MAX_SECTORS 8u
#define CFG_SENSE_SIZE 20u
#define CFG_CDB_SIZE 24u
#define CFG_MAX_TARGET 30u
#define CFG_MAX_LUN 32u
#define CDB_MIN 16u
#define MAX_SECTORS_MIN 8u

int scsi_check_config(const void *cfg, size_t len, struct scsi_config *out)
{
	const uint8_t *p = cfg;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < SCSI_CONFIG_BYTES)
		return SCSI_ERR_CONFIG_TRUNCATED;
	out->num_queues = bytes_le32(p + CFG_NUM_QUEUES);
	out->seg_max = bytes_le32(p + CFG_SEG_MAX);
	out->max_sectors = bytes_le32(p + CFG_MAX_SECTORS);
	out->sense_size = bytes_le32(p + CFG_SENSE_SIZE);
	out->cdb_size = bytes_le32(p + CFG_CDB_SIZE);
	out->max_target = bytes_le16(p + CFG_MAX_TARGET);
	out->max_lun = bytes_le32(p + CFG_MAX_LUN);
	if (out->num_queues == 0)
		return SCSI_ERR_CONFIG_NUM_QUEUES;
	if (out->seg_max == 0)
		return SCSI_ERR_CONFIG_SEG_MAX;
	if (out->max_sectors < MAX_SECTORS_MIN)
		return SCSI_ERR_CONFIG_MAX_SECTORS;
	if (out->cdb_size < CDB_MIN || out->cdb_size > SCSI_CDB_MAX)
		return SCSI_ERR_CONFIG_CDB_SIZE;
	if (out->sense_size < SCSI_SENSE_MIN || out->sense_size > SCSI_SENSE_MAX)
		return SCSI_ERR_CONFIG_SENSE_SIZE;
	if (out->max_target > SCSI_MAX_TARGET)
		return SCSI_ERR_CONFIG_MAX_TARGET;
	if (out->max_lun > SCSI_MAX_LUN)
		return SCSI_ERR_CONFIG_MAX_LUN;
	return SCSI_OK;
}

/* SAM-5 status codes (the obsolete ones included: a device may still send them). */
static bool status_defined(uint8_t s)
{
	switch (s) {
	case 0x00: case 0x02: case 0x04: case 0x08: case 0x10: case 0x14:
	case 0x18: case 0x22: case 0x28: case 0x30: case 0x40:
		return true;
	default:
		return false;
	}
}

int scsi_check_sense(const void *sense, size_t len, struct scsi_response *out)
{
	const uint8_t *p = sense;
	uint8_t code;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	if (len < 1)
		return SCSI_ERR_SENSE_TRUNCATED;
	code = p[0] & 0x7f;
	if (code == 0x70 || code == 0x71) {
		if (len < 14) /* ASC and ASCQ are bytes 12 and 13 */
			return SCSI_ERR_SENSE_TRUNCATED;
		out->sense_key = p[2] & 0xf;
		out->asc = p[12];
		out->ascq = p[13];
		return SCSI_OK;
	}
	if (code == 0x72 || code == 0x73) {
		if (len < 4)
			return SCSI_ERR_SENSE_TRUNCATED;
		out->sense_key = p[1] & 0xf;
		out->asc = p[2];
		out->ascq = p[3];
		return SCSI_OK;
	}
	return SCSI_ERR_SENSE_CODE;
}

int scsi_check_response(const void *resp, size_t len, uint32_t data_len, bool whole,
			struct scsi_response *out)
{
	const uint8_t *p = resp;
	uint32_t sense_len, residual;

	if (!p || !out)
		return SCSI_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (len < SCSI_RESPONSE_HEADER)
		return SCSI_ERR_RESPONSE_TRUNCATED;
	/* each field read once, into out, before any check uses it */
	sense_len = bytes_le32(p);
	residual = bytes_le32(p + 4);
	out->status = p[10];
	out->response = p[11];
	if (out->response > SCSI_RESPONSE_LAST)
		return SCSI_ERR_RESPONSE_VALUE;
	if (out->response == SCSI_RESPONSE_BAD_TARGET)
		return SCSI_ERR_BAD_TARGET;
	if (out->response != SCSI_RESPONSE_OK)
		return SCSI_ERR_RESPONSE_FAILED;
	if (sense_len > len - SCSI_RESPONSE_HEADER)
		return SCSI_ERR_SENSE_LEN;
	if (residual > data_len)
		return SCSI_ERR_RESIDUAL;
	out->transferred = data_len - residual;
	if (!status_defined(out->status))
		return SCSI_ERR_STATUS_VALUE;
	if (out->status == SCSI_STATUS_CHECK_CONDITION) {
		int status = scsi_check_sense(p + SCSI_RESPONSE_HEADER, sense_len, out);

		return status == SCSI_OK ? SCSI_ERR_CHECK_CONDITION : status;
	}
	if (out->status != SCSI_STATUS_GOOD)
		return SCSI_ERR_STATUS_FAILED;
	if (whole && residual)
		return SCSI_ERR_SHORT_TRANSFER;
	return SCSI_OK;
}

bool scsi_is_answer(int status)
{
	return status == SCSI_ERR_BAD_TARGET || status == SCSI_ERR_RESPONSE_FAILED ||
	       status == SCSI_ERR_CHECK_CONDITION || status == SCSI_ERR_STATUS_FAILED;
}
