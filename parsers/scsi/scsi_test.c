/* virtio-scsi and SCSI data rules, each broken once, on buffers built in memory. */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/scsi/scsi.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, scsi_strerror)

/* QEMU 7.2's virtio-scsi config: 1 queue, seg_max 126, 0xffff sectors, sense 96, cdb 32. */
static void qemu_config(uint8_t cfg[SCSI_CONFIG_BYTES])
{
	memset(cfg, 0, SCSI_CONFIG_BYTES);
	bytes_store_le(cfg, 1, 4);
	bytes_store_le(cfg + 4, 126, 4);
	bytes_store_le(cfg + 8, 0xffff, 4);
	bytes_store_le(cfg + 12, 128, 4);
	bytes_store_le(cfg + 20, 96, 4);
	bytes_store_le(cfg + 24, 32, 4);
	bytes_store_le(cfg + 30, 255, 2);
	bytes_store_le(cfg + 32, 16383, 4);
}

static void test_config(void)
{
	uint8_t cfg[SCSI_CONFIG_BYTES];
	struct scsi_config c;

	qemu_config(cfg);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_OK);
	CHECK(c.num_queues == 1 && c.sense_size == 96 && c.cdb_size == 32 && c.max_target == 255 &&
	      c.max_lun == 16383 && c.max_sectors == 0xffff && c.seg_max == 126);
	CHECK_STATUS(scsi_check_config(NULL, sizeof(cfg), &c), SCSI_ERR_ARGUMENT);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg) - 1, &c), SCSI_ERR_CONFIG_TRUNCATED);
	bytes_store_le(cfg, 0, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_NUM_QUEUES);
	qemu_config(cfg);
	bytes_store_le(cfg + 4, 0, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_SEG_MAX);
	qemu_config(cfg);
	bytes_store_le(cfg + 8, 7, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_MAX_SECTORS);
	qemu_config(cfg);
	bytes_store_le(cfg + 24, 15, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_CDB_SIZE);
	bytes_store_le(cfg + 24, 257, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_CDB_SIZE);
	qemu_config(cfg);
	bytes_store_le(cfg + 20, 17, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_SENSE_SIZE);
	bytes_store_le(cfg + 20, 0xffffffffu, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_SENSE_SIZE);
	qemu_config(cfg);
	bytes_store_le(cfg + 30, 256, 2);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_MAX_TARGET);
	qemu_config(cfg);
	bytes_store_le(cfg + 32, 16384, 4);
	CHECK_STATUS(scsi_check_config(cfg, sizeof(cfg), &c), SCSI_ERR_CONFIG_MAX_LUN);
}

static uint8_t resp[SCSI_RESPONSE_HEADER + 96];

static void response(uint32_t sense_len, uint32_t residual, uint8_t status, uint8_t response)
{
	memset(resp, 0, sizeof(resp));
	bytes_store_le(resp, sense_len, 4);
	bytes_store_le(resp + 4, residual, 4);
	resp[10] = status;
	resp[11] = response;
}

static void test_response(void)
{
	struct scsi_response r;

	response(0, 0, 0, 0);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 4096, true, &r), SCSI_OK);
	CHECK(r.transferred == 4096);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 4096, true, NULL), SCSI_ERR_ARGUMENT);
	CHECK_STATUS(scsi_check_response(resp, 11, 4096, true, &r), SCSI_ERR_RESPONSE_TRUNCATED);
	/* a residual: a shorter answer for INQUIRY, a broken READ */
	response(0, 100, 0, 0);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 256, false, &r), SCSI_OK);
	CHECK(r.transferred == 156);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 256, true, &r),
		     SCSI_ERR_SHORT_TRANSFER);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 99, false, &r), SCSI_ERR_RESIDUAL);
	response(0, 0, 0, 10);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_RESPONSE_VALUE);
	response(0, 0, 0, SCSI_RESPONSE_BAD_TARGET);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_BAD_TARGET);
	response(0, 0, 0, 9);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_RESPONSE_FAILED);
	response(97, 0, 0, 0);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_SENSE_LEN);
	response(0, 0, 0x01, 0);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_STATUS_VALUE);
	response(0, 0, 0x08, 0); /* BUSY */
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 0, false, &r), SCSI_ERR_STATUS_FAILED);
	/* CHECK CONDITION: UNIT ATTENTION, power on or reset (29/00), fixed format */
	response(18, 512, SCSI_STATUS_CHECK_CONDITION, 0);
	resp[12] = 0x70;
	resp[14] = SCSI_SENSE_UNIT_ATTENTION;
	resp[12 + 12] = 0x29;
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 512, true, &r),
		     SCSI_ERR_CHECK_CONDITION);
	CHECK(r.sense_key == SCSI_SENSE_UNIT_ATTENTION && r.asc == 0x29 && r.ascq == 0);
	CHECK(scsi_is_answer(SCSI_ERR_CHECK_CONDITION) && !scsi_is_answer(SCSI_ERR_SENSE_LEN));
	bytes_store_le(resp, 13, 4); /* sense_len short of ASC/ASCQ */
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 512, true, &r),
		     SCSI_ERR_SENSE_TRUNCATED);
	bytes_store_le(resp, 0, 4);
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 512, true, &r),
		     SCSI_ERR_SENSE_TRUNCATED);
	bytes_store_le(resp, 18, 4);
	resp[12] = 0x7f;
	CHECK_STATUS(scsi_check_response(resp, sizeof(resp), 512, true, &r), SCSI_ERR_SENSE_CODE);
}

static void test_sense(void)
{
	uint8_t s[8] = { 0x72, SCSI_SENSE_NOT_READY, 0x3a, 0x01 };
	struct scsi_response r;

	CHECK_STATUS(scsi_check_sense(s, sizeof(s), &r), SCSI_OK);
	CHECK(r.sense_key == SCSI_SENSE_NOT_READY && r.asc == 0x3a && r.ascq == 1);
	CHECK_STATUS(scsi_check_sense(s, 3, &r), SCSI_ERR_SENSE_TRUNCATED);
	CHECK_STATUS(scsi_check_sense(NULL, 3, &r), SCSI_ERR_ARGUMENT);
}

static void test_inquiry(void)
{
	uint8_t inq[SCSI_INQUIRY_BYTES] = { SCSI_TYPE_CDROM, 0x80, 5, 2, 31 };
	struct scsi_inquiry i;

	CHECK_STATUS(scsi_check_inquiry(inq, sizeof(inq), &i), SCSI_OK);
	CHECK(i.type == SCSI_TYPE_CDROM && i.removable);
	CHECK_STATUS(scsi_check_inquiry(inq, 4, &i), SCSI_ERR_INQUIRY_TRUNCATED);
	CHECK_STATUS(scsi_check_inquiry(NULL, 36, &i), SCSI_ERR_ARGUMENT);
	inq[0] = 0x7f; /* QEMU's answer for a LUN that is not there */
	CHECK_STATUS(scsi_check_inquiry(inq, sizeof(inq), &i), SCSI_ERR_LUN_NOT_PRESENT);
	inq[0] = 0x01; /* tape */
	CHECK_STATUS(scsi_check_inquiry(inq, sizeof(inq), &i), SCSI_ERR_DEVICE_TYPE);
}

static void test_capacity(void)
{
	uint8_t c[32] = { 0 };
	struct scsi_capacity cap;

	bytes_store_be(c, 999, 4);
	bytes_store_be(c + 4, 2048, 4);
	CHECK_STATUS(scsi_check_capacity10(c, 8, &cap), SCSI_OK);
	CHECK(cap.num_blocks == 1000 && cap.block_size == 2048 && !cap.need_16);
	CHECK_STATUS(scsi_check_capacity10(c, 7, &cap), SCSI_ERR_CAPACITY_TRUNCATED);
	CHECK_STATUS(scsi_check_capacity10(NULL, 8, &cap), SCSI_ERR_ARGUMENT);
	bytes_store_be(c + 4, 520, 4);
	CHECK_STATUS(scsi_check_capacity10(c, 8, &cap), SCSI_ERR_CAPACITY_BLOCK_SIZE);
	bytes_store_be(c, 0xffffffffu, 4);
	bytes_store_be(c + 4, 512, 4);
	CHECK_STATUS(scsi_check_capacity10(c, 8, &cap), SCSI_OK);
	CHECK(cap.need_16 && cap.num_blocks == 0);
	/* (16): 2^33 blocks of 4096 bytes */
	bytes_store_be(c, (1ull << 33) - 1, 8);
	bytes_store_be(c + 8, 4096, 4);
	CHECK_STATUS(scsi_check_capacity16(c, 32, &cap), SCSI_OK);
	CHECK(cap.num_blocks == 1ull << 33 && cap.block_size == 4096);
	CHECK_STATUS(scsi_check_capacity16(c, 11, &cap), SCSI_ERR_CAPACITY_TRUNCATED);
	bytes_store_be(c + 8, 0, 4);
	CHECK_STATUS(scsi_check_capacity16(c, 32, &cap), SCSI_ERR_CAPACITY_BLOCK_SIZE);
	bytes_store_be(c + 8, 512, 4);
	bytes_store_be(c, UINT64_MAX, 8);
	CHECK_STATUS(scsi_check_capacity16(c, 32, &cap), SCSI_ERR_CAPACITY_BLOCKS);
	bytes_store_be(c, UINT64_MAX / 512, 8); /* + 1 blocks of 512: 2^64 bytes */
	CHECK_STATUS(scsi_check_capacity16(c, 32, &cap), SCSI_ERR_CAPACITY_BLOCKS);
}

static void test_luns(void)
{
	uint8_t l[8 + 4 * 8] = { 0 };
	uint32_t count, lun;

	bytes_store_be(l, 3 * 8, 4);
	l[8 + 8 + 1] = 5;    /* peripheral: 5 */
	l[16 + 8] = 0x41;    /* flat: 0x100 | 0x02 */
	l[16 + 9] = 0x02;
	CHECK_STATUS(scsi_check_luns(l, sizeof(l), &count), SCSI_OK);
	CHECK(count == 3);
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 0, 16383, &lun), SCSI_OK);
	CHECK(lun == 0);
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 1, 16383, &lun), SCSI_OK);
	CHECK(lun == 5);
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 2, 16383, &lun), SCSI_OK);
	CHECK(lun == 0x102);
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 2, 0x101, &lun), SCSI_ERR_LUNS_ENTRY);
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 4, 16383, &lun), SCSI_ERR_ARGUMENT);
	/* LUN 5 again, flat: the same LUN */
	l[24 + 8] = 0x40;
	l[24 + 9] = 0x05;
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 3, 16383, &lun), SCSI_ERR_LUNS_DUPLICATE);
	CHECK(lun == 0);
	l[24 + 9] = 0x06;
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 3, 16383, &lun), SCSI_OK);
	CHECK(lun == 6);
	/* a list longer than the buffer: the entries received */
	bytes_store_be(l, 100 * 8, 4);
	CHECK_STATUS(scsi_check_luns(l, 8 + 2 * 8 + 3, &count), SCSI_OK);
	CHECK(count == 2);
	CHECK_STATUS(scsi_check_luns(l, 7, &count), SCSI_ERR_LUNS_TRUNCATED);
	bytes_store_be(l, 12, 4);
	CHECK_STATUS(scsi_check_luns(l, sizeof(l), &count), SCSI_ERR_LUNS_LENGTH);
	l[8 + 8 + 3] = 1; /* a second level */
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 1, 16383, &lun), SCSI_ERR_LUNS_ENTRY);
	l[8 + 8 + 3] = 0;
	l[8 + 8] = 0x01; /* peripheral on bus 1 */
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 1, 16383, &lun), SCSI_ERR_LUNS_ENTRY);
	l[8 + 8] = 0xc0; /* extended addressing */
	CHECK_STATUS(scsi_lun_entry(l, sizeof(l), 1, 16383, &lun), SCSI_ERR_LUNS_ENTRY);
}

static void test_mode(void)
{
	uint8_t m[4] = { 3, 0, 0x80, 0 };
	bool wp;

	CHECK_STATUS(scsi_check_mode_header(m, 4, &wp), SCSI_OK);
	CHECK(wp);
	m[2] = 0;
	CHECK_STATUS(scsi_check_mode_header(m, 4, &wp), SCSI_OK);
	CHECK(!wp);
	CHECK_STATUS(scsi_check_mode_header(m, 3, &wp), SCSI_ERR_MODE_TRUNCATED);
}

int main(void)
{
	CHECK(strerror_table_ok(scsi_strerror, SCSI_ERR_COUNT, "unknown scsi status"));
	test_config();
	test_response();
	test_sense();
	test_inquiry();
	test_capacity();
	test_luns();
	test_mode();
	return check_report("scsi_test");
}
