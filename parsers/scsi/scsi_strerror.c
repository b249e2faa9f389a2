#include "parsers/bytes/status_message.h"
#include "parsers/scsi/scsi.h"

static const char *const messages[SCSI_ERR_COUNT] = {
	[SCSI_OK] = "ok",
	[SCSI_ERR_ARGUMENT] = "invalid argument",
	[SCSI_ERR_CONFIG_TRUNCATED] = "virtio-scsi config space too short",
	[SCSI_ERR_CONFIG_NUM_QUEUES] = "virtio-scsi config: no request queue (num_queues 0)",
	[SCSI_ERR_CONFIG_SEG_MAX] = "virtio-scsi config: seg_max is zero",
	[SCSI_ERR_CONFIG_MAX_SECTORS] = "virtio-scsi config: max_sectors below one 4096-byte block",
	[SCSI_ERR_CONFIG_CDB_SIZE] = "virtio-scsi config: cdb_size not from 16 to 256",
	[SCSI_ERR_CONFIG_SENSE_SIZE] = "virtio-scsi config: sense_size not from 18 to 256",
	[SCSI_ERR_CONFIG_MAX_TARGET] = "virtio-scsi config: max_target above 255",
	[SCSI_ERR_CONFIG_MAX_LUN] = "virtio-scsi config: max_lun above 16383",
	[SCSI_ERR_RESPONSE_TRUNCATED] = "virtio-scsi response header truncated",
	[SCSI_ERR_RESPONSE_VALUE] = "virtio-scsi response not a defined value",
	[SCSI_ERR_SENSE_LEN] = "virtio-scsi sense_len beyond the sense buffer",
	[SCSI_ERR_RESIDUAL] = "virtio-scsi residual beyond the request's data",
	[SCSI_ERR_STATUS_VALUE] = "SCSI status not a defined value",
	[SCSI_ERR_SENSE_TRUNCATED] = "SCSI sense data truncated",
	[SCSI_ERR_SENSE_CODE] = "SCSI sense data response code not 0x70-0x73",
	[SCSI_ERR_SHORT_TRANSFER] = "SCSI GOOD status with data left untransferred",
	[SCSI_ERR_BAD_TARGET] = "no such SCSI target (VIRTIO_SCSI_S_BAD_TARGET)",
	[SCSI_ERR_RESPONSE_FAILED] = "virtio-scsi request failed (response not OK)",
	[SCSI_ERR_CHECK_CONDITION] = "SCSI CHECK CONDITION",
	[SCSI_ERR_STATUS_FAILED] = "SCSI status neither GOOD nor CHECK CONDITION",
	[SCSI_ERR_INQUIRY_TRUNCATED] = "SCSI INQUIRY data truncated",
	[SCSI_ERR_LUN_NOT_PRESENT] = "SCSI LUN not present (peripheral qualifier)",
	[SCSI_ERR_DEVICE_TYPE] = "SCSI device type neither disk nor CD/DVD",
	[SCSI_ERR_CAPACITY_TRUNCATED] = "SCSI READ CAPACITY data truncated",
	[SCSI_ERR_CAPACITY_BLOCK_SIZE] = "SCSI block length not 512, 1024, 2048 or 4096",
	[SCSI_ERR_CAPACITY_BLOCKS] = "SCSI capacity too large",
	[SCSI_ERR_LUNS_TRUNCATED] = "SCSI REPORT LUNS data truncated",
	[SCSI_ERR_LUNS_LENGTH] = "SCSI REPORT LUNS list length not a multiple of 8",
	[SCSI_ERR_LUNS_ENTRY] = "SCSI REPORT LUNS entry not a single-level LUN within max_lun",
	[SCSI_ERR_LUNS_DUPLICATE] = "SCSI REPORT LUNS lists a LUN twice",
	[SCSI_ERR_MODE_TRUNCATED] = "SCSI MODE SENSE header truncated",
};

const char *scsi_strerror(int status)
{
	return bytes_status_message(messages, SCSI_ERR_COUNT, status, "unknown scsi status");
}
