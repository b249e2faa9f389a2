/*
 * A fake virtio-scsi host adapter behind the virtio_ops, for host tests of
 * the driver (scsi_test) and of what the firmware makes of its LUNs
 * (firmware/tests:scsi_disks_test): it serves LUNs from memory as QEMU
 * 7.2's virtio-scsi, scsi-hd and scsi-cd answer (REPORT LUNS, INQUIRY,
 * TEST UNIT READY, READ CAPACITY, MODE SENSE, READ/WRITE (10)/(16)), and
 * can break one rule at a time on one command.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_TESTS_FAKE_SCSI_H
#define EFILITE_DRIVERS_VIRTIO_TESTS_FAKE_SCSI_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/drivers/virtio/virtio.h"
#include "parsers/scsi/scsi.h"

enum fault {
	F_NONE,
	F_RESPONSE_VALUE, /* response byte 0xff */
	F_SENSE_LEN,      /* sense_len beyond the sense buffer */
	F_RESIDUAL,       /* residual beyond the data */
	F_STATUS,         /* SCSI status 0x01 */
	F_SENSE_CODE,     /* CHECK CONDITION with sense response code 0x7f */
	F_SHORT_READ,     /* GOOD with a residual on a READ */
	F_USED_SHORT,     /* used length short of the writable bytes */
	F_USED_LONG,      /* used length beyond all of the chain's bytes */
	F_SILENT,         /* never answers */
	F_MEDIUM_ERROR,   /* CHECK CONDITION, MEDIUM ERROR: by the rules */
	F_BLOCK_SIZE,     /* READ CAPACITY block length 520 */
	F_LUN_ENTRY,      /* REPORT LUNS entry with a second level */
	F_INQUIRY_SHORT,  /* INQUIRY: 3 bytes */
};

#define MEM_BLOCKS_BYTES (32u << 20)
#define MAX_FAKE_LUNS 20

struct fake_lun {
	uint8_t target;
	uint16_t lun;
	uint8_t type;
	uint32_t block_size;
	uint64_t num_blocks;
	bool no_medium, write_protected, no_mode_sense;
	unsigned attention; /* UNIT ATTENTIONs still to report */
	uint8_t *mem;       /* MEM_BLOCKS_BYTES, on first use; block b at (b * size) % that */
};

struct fake {
	struct virtio_dev dev;
	uint8_t status;
	uint8_t cfg[SCSI_CONFIG_BYTES];
	uint16_t qsize, qindex;
	uint8_t *desc, *avail, *used;
	uint16_t last_avail, used_idx;
	unsigned notifies, resets, commands[256];
	enum fault fault;
	uint8_t fault_op; /* the command the fault hits */
	bool reverse;     /* the chains of one notify answered last first */
	uint32_t queue_max; /* QueueNumMax of the queues (128) */
	struct fake_lun luns[MAX_FAKE_LUNS];
	unsigned nluns;
	uint32_t max_request;
};

extern struct fake fake;
extern const struct virtio_ops fake_ops;

/* A fresh adapter as QEMU 7.2 sets it up, no LUNs; fault hits command fault_op. */
void fake_reset(enum fault fault, uint8_t fault_op);
void fake_add_lun(uint8_t target, uint16_t lun, uint8_t type, uint32_t bs, uint64_t blocks);
/* A clock that moves 1000 ticks a read. */
uint64_t fake_clock(void);
#endif
