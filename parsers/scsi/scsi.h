/*
 * Checks of what a virtio-scsi device (virtio 1.2 section 5.6) and the SCSI
 * targets behind it hand back, as pure functions the driver in
 * firmware/drivers/virtio/scsi.c calls: the config space, the response
 * header of each request, sense data, and the data-in of INQUIRY, READ
 * CAPACITY (10)/(16), REPORT LUNS and MODE SENSE(6). None of it is trusted;
 * each function takes the bytes the device wrote (len: the bytes it
 * transferred) and hands back checked values.
 *
 * Two kinds of refusal: a device that breaks a rule (a status the driver
 * answers with a reset), and a request the device answered by the rules
 * but failed (scsi_is_answer(): CHECK CONDITION, BUSY, BAD_TARGET...),
 * which fails alone.
 * Rules: the tables in scsi_response.c and scsi_data.c.
 */
#ifndef EFILITE_PARSERS_SCSI_SCSI_H
#define EFILITE_PARSERS_SCSI_SCSI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum scsi_status {
	SCSI_OK = 0,
	SCSI_ERR_ARGUMENT,
	/* config space */
	SCSI_ERR_CONFIG_TRUNCATED,
	SCSI_ERR_CONFIG_NUM_QUEUES,
	SCSI_ERR_CONFIG_SEG_MAX,
	SCSI_ERR_CONFIG_MAX_SECTORS,
	SCSI_ERR_CONFIG_CDB_SIZE,
	SCSI_ERR_CONFIG_SENSE_SIZE,
	SCSI_ERR_CONFIG_MAX_TARGET,
	SCSI_ERR_CONFIG_MAX_LUN,
	/* response header: the device broke a rule */
	SCSI_ERR_RESPONSE_TRUNCATED,
	SCSI_ERR_RESPONSE_VALUE,
	SCSI_ERR_SENSE_LEN,
	SCSI_ERR_RESIDUAL,
	SCSI_ERR_STATUS_VALUE,
	SCSI_ERR_SENSE_TRUNCATED,
	SCSI_ERR_SENSE_CODE,
	SCSI_ERR_SHORT_TRANSFER,
	/* response header: the request failed, by the rules (scsi_is_answer()) */
	SCSI_ERR_BAD_TARGET,
	SCSI_ERR_RESPONSE_FAILED,
	SCSI_ERR_CHECK_CONDITION,
	SCSI_ERR_STATUS_FAILED,
	/* data-in */
	SCSI_ERR_INQUIRY_TRUNCATED,
	SCSI_ERR_LUN_NOT_PRESENT,
	SCSI_ERR_DEVICE_TYPE,
	SCSI_ERR_CAPACITY_TRUNCATED,
	SCSI_ERR_CAPACITY_BLOCK_SIZE,
	SCSI_ERR_CAPACITY_BLOCKS,
	SCSI_ERR_LUNS_TRUNCATED,
	SCSI_ERR_LUNS_LENGTH,
	SCSI_ERR_LUNS_ENTRY,
	SCSI_ERR_LUNS_DUPLICATE,
	SCSI_ERR_MODE_TRUNCATED,
	SCSI_ERR_COUNT /* not a status: one past the last */
};

/* virtio-scsi config space (virtio 1.2 section 5.6.4): the fields the driver uses. */
#define SCSI_CONFIG_BYTES 36u
#define SCSI_CDB_MAX 256u   /* largest cdb_size the driver lays out */
#define SCSI_SENSE_MIN 18u  /* fixed-format sense data with ASC/ASCQ */
#define SCSI_SENSE_MAX 256u /* largest sense_size the driver lays out */
#define SCSI_MAX_TARGET 255u /* the LUN field has one byte for the target */
#define SCSI_MAX_LUN 16383u  /* flat space addressing: 14 bits */

struct scsi_config {
	uint32_t num_queues, seg_max, max_sectors, sense_size, cdb_size;
	uint16_t max_target;
	uint32_t max_lun;
};

int scsi_check_config(const void *cfg, size_t len, struct scsi_config *out);

/* Response header (struct virtio_scsi_cmd_resp) and its values. */
#define SCSI_RESPONSE_HEADER 12u
#define SCSI_RESPONSE_OK 0u
#define SCSI_RESPONSE_BAD_TARGET 3u
#define SCSI_RESPONSE_LAST 9u /* VIRTIO_SCSI_S_FAILURE */
#define SCSI_STATUS_GOOD 0x00u
#define SCSI_STATUS_CHECK_CONDITION 0x02u
#define SCSI_SENSE_NOT_READY 0x2u
#define SCSI_SENSE_UNIT_ATTENTION 0x6u

struct scsi_response {
	uint8_t response, status;
	uint32_t transferred; /* data bytes: the request's data_len less the residual */
	uint8_t sense_key, asc, ascq; /* with SCSI_ERR_CHECK_CONDITION */
};

/*
 * The response buffer (len bytes: the header and the sense_size bytes after
 * it) of a request that offered data_len bytes of data. whole: the command
 * must move all of them (a READ or WRITE); otherwise a residual is a
 * shorter answer (INQUIRY, REPORT LUNS). SCSI_OK only for a GOOD status.
 */
int scsi_check_response(const void *resp, size_t len, uint32_t data_len, bool whole,
			struct scsi_response *out);
/* Fixed (0x70/0x71) or descriptor (0x72/0x73) sense data: key, ASC, ASCQ. */
int scsi_check_sense(const void *sense, size_t len, struct scsi_response *out);
/* The request failed by the rules (the device stays): this status only. */
bool scsi_is_answer(int status);

/* Peripheral device types the driver serves. */
#define SCSI_TYPE_DISK 0x00u
#define SCSI_TYPE_CDROM 0x05u
#define SCSI_INQUIRY_BYTES 36u

struct scsi_inquiry {
	uint8_t type;
	bool removable;
};

/* INQUIRY data: a connected LUN (qualifier 0) of a type served (disk or CD/DVD). */
int scsi_check_inquiry(const void *buf, size_t len, struct scsi_inquiry *out);

struct scsi_capacity {
	uint64_t num_blocks;
	uint32_t block_size;
	bool need_16; /* READ CAPACITY(10) saw more blocks than it can say */
};

/* READ CAPACITY(10) data: 8 bytes; a block length of 512, 1024, 2048 or 4096. */
int scsi_check_capacity10(const void *buf, size_t len, struct scsi_capacity *out);
/* READ CAPACITY(16) data: at least 12 bytes; blocks x block length below 2^64. */
int scsi_check_capacity16(const void *buf, size_t len, struct scsi_capacity *out);

/* REPORT LUNS: an 8-byte header, then 8-byte entries. */
#define SCSI_LUNS_HEADER 8u
#define SCSI_LUN_ENTRY 8u
/*
 * REPORT LUNS data (len bytes received): *count entries there (the list may
 * be longer than the buffer the driver gave: the rest is not seen).
 */
int scsi_check_luns(const void *buf, size_t len, uint32_t *count);
/*
 * Entry index (< count): a single-level LUN (peripheral or flat) <= max_lun,
 * not listed by an earlier entry.
 */
int scsi_lun_entry(const void *buf, size_t len, uint32_t index, uint32_t max_lun,
		   uint32_t *lun);

/* MODE SENSE(6) data: the 4-byte header; *write_protected from its WP bit. */
int scsi_check_mode_header(const void *buf, size_t len, bool *write_protected);

const char *scsi_strerror(int status);
#endif
