/*
 * virtio-scsi harness. Input: one byte choosing the check (% 8), a 32-bit
 * little-endian parameter, a flag byte, then the bytes the device wrote:
 *   0 config space; 1 response header (parameter: the request's data bytes,
 *   flag bit 0: a READ/WRITE that must move them all); 2 sense data;
 *   3 INQUIRY; 4 READ CAPACITY(10); 5 READ CAPACITY(16); 6 REPORT LUNS
 *   (parameter: max_lun), every entry taken; 7 MODE SENSE(6) header.
 *
 * Oracles: an accepted config is within the driver's bounds; an accepted
 * response moved at most its data bytes (all of them for a READ/WRITE); a
 * CHECK CONDITION has a 4-bit sense key; accepted INQUIRY data is a disk or
 * CD; an accepted capacity has a served block length and blocks x length
 * below 2^64; REPORT LUNS counts only entries it was given, each accepted
 * one within max_lun. Misused calls are refused by name.
 * fuzz_status(): the chosen check's status (REPORT LUNS: the first refused entry's).
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/oracle.h"
#include "parsers/bytes/bytes.h"
#include "parsers/scsi/scsi.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

#define HEADER 6u

static int config(const uint8_t *p, size_t len)
{
	struct scsi_config c;
	int rc = scsi_check_config(p, len, &c);

	if (rc == SCSI_OK)
		REQUIRE(c.num_queues >= 1 && c.cdb_size >= 16 && c.cdb_size <= SCSI_CDB_MAX &&
			c.sense_size >= SCSI_SENSE_MIN && c.sense_size <= SCSI_SENSE_MAX &&
			c.max_target <= SCSI_MAX_TARGET && c.max_lun <= SCSI_MAX_LUN &&
			c.max_sectors >= 8);
	return rc;
}

static int response(const uint8_t *p, size_t len, uint32_t data_len, bool whole)
{
	struct scsi_response r;
	int rc = scsi_check_response(p, len, data_len, whole, &r);

	if (rc == SCSI_OK)
		REQUIRE(r.transferred <= data_len && (!whole || r.transferred == data_len) &&
			r.status == SCSI_STATUS_GOOD && r.response == SCSI_RESPONSE_OK);
	if (rc == SCSI_ERR_CHECK_CONDITION)
		REQUIRE(r.sense_key <= 15 && r.status == SCSI_STATUS_CHECK_CONDITION);
	if (scsi_is_answer(rc))
		REQUIRE(len >= SCSI_RESPONSE_HEADER);
	return rc;
}

static int capacity(const uint8_t *p, size_t len, bool sixteen)
{
	struct scsi_capacity c;
	int rc = sixteen ? scsi_check_capacity16(p, len, &c) : scsi_check_capacity10(p, len, &c);

	if (rc == SCSI_OK) {
		REQUIRE(c.block_size >= 512 && c.block_size <= 4096 &&
			!(c.block_size & (c.block_size - 1)));
		REQUIRE(c.num_blocks <= UINT64_MAX / c.block_size);
		REQUIRE(c.need_16 ? !sixteen && c.num_blocks == 0 : c.num_blocks >= 1);
	}
	return rc;
}

static int luns(const uint8_t *p, size_t len, uint32_t max_lun)
{
	uint32_t count, lun;
	int rc = scsi_check_luns(p, len, &count);

	if (rc != SCSI_OK)
		return rc;
	REQUIRE((uint64_t)count * SCSI_LUN_ENTRY <= len - SCSI_LUNS_HEADER);
	for (uint32_t i = 0; i < count; i++) {
		int e = scsi_lun_entry(p, len, i, max_lun, &lun);

		REQUIRE(fuzz_strerror(e) != NULL);
		if (e == SCSI_OK)
			REQUIRE(lun <= max_lun && lun <= SCSI_MAX_LUN);
		else if (rc == SCSI_OK)
			rc = e;
	}
	REQUIRE(scsi_lun_entry(p, len, count + (len - SCSI_LUNS_HEADER) / SCSI_LUN_ENTRY, max_lun,
			       &lun) == SCSI_ERR_ARGUMENT);
	return rc;
}

static int check(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + HEADER;
	size_t len = size - HEADER;
	uint32_t param = bytes_le32(data + 1);
	struct scsi_response r;
	struct scsi_inquiry inq;
	bool wp;
	int rc;

	switch (data[0] % 8) {
	case 0:
		return config(p, len);
	case 1:
		return response(p, len, param, data[5] & 1);
	case 2:
		rc = scsi_check_sense(p, len, &r);
		REQUIRE(rc != SCSI_OK || r.sense_key <= 15);
		return rc;
	case 3:
		rc = scsi_check_inquiry(p, len, &inq);
		REQUIRE(rc != SCSI_OK || inq.type == SCSI_TYPE_DISK || inq.type == SCSI_TYPE_CDROM);
		return rc;
	case 4:
		return capacity(p, len, false);
	case 5:
		return capacity(p, len, true);
	case 6:
		return luns(p, len, param);
	default:
		return scsi_check_mode_header(p, len, &wp);
	}
}

/* Calls the API wrongly: every misuse is refused by name. */
static void misuse(const uint8_t *p, size_t len)
{
	struct scsi_config c;
	struct scsi_response r;
	struct scsi_inquiry i;
	struct scsi_capacity cap;
	uint32_t n;
	bool wp;

	REQUIRE(scsi_check_config(NULL, len, &c) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_response(p, len, 0, false, NULL) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_sense(NULL, len, &r) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_inquiry(NULL, len, &i) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_capacity10(p, len, NULL) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_capacity16(NULL, len, &cap) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_luns(p, len, NULL) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_lun_entry(p, len < 8 ? len : 7, 0, SCSI_MAX_LUN, &n) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_check_mode_header(NULL, len, &wp) == SCSI_ERR_ARGUMENT);
	REQUIRE(scsi_strerror(SCSI_ERR_COUNT) != scsi_strerror(SCSI_OK));
}

int fuzz_status(const uint8_t *data, size_t size)
{
	if (size < HEADER)
		return SCSI_ERR_ARGUMENT;
	int rc = check(data, size);
	REQUIRE(fuzz_strerror(rc) != NULL);
	misuse(data + HEADER, size - HEADER);
	return rc;
}

const char *fuzz_strerror(int status)
{
	return scsi_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
