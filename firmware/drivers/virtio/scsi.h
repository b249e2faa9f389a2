/*
 * virtio-scsi (virtio 1.2 section 5.6) over any transport: the disks and
 * CD/DVD drives behind one host adapter, found by REPORT LUNS on each
 * target, and reads and writes of whole logical blocks in as few commands
 * as the device allows. One request queue (the first), polled; the
 * control and event queues are not used (no task management, no hotplug).
 *
 * What the device writes is checked by parsers/scsi. A device that breaks
 * a rule, or does not answer in time, is reset and refused from then on,
 * with one "efilite: error:" line. A command the device answers by the
 * rules but fails (CHECK CONDITION, BUSY, a failed response) fails alone,
 * with an info line naming its sense.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_SCSI_H
#define EFILITE_DRIVERS_VIRTIO_SCSI_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/drivers/virtio/virtio.h"
#include "firmware/drivers/virtio/virtqueue.h"
#include "parsers/scsi/scsi.h"

/* Largest command: a 27 MB kernel takes two. */
#define VIRTIO_SCSI_MAX_REQUEST (16u << 20)
/* Targets asked at once whether they exist: REPORT LUNS in flight together. */
#define VIRTIO_SCSI_SCAN_SLOTS 32u
/*
 * Ring memory, then a page for the request header, response and small
 * data-in, then five for the scan's requests in flight.
 */
#define VIRTIO_SCSI_MEM_BYTES (VQ_MEM_BYTES + 6u * VQ_PAGE)
/* TEST UNIT READY tries while the LUN reports UNIT ATTENTION (reset, media change). */
#define VIRTIO_SCSI_ATTENTION_TRIES 8

struct virtio_scsi {
	struct virtio_dev dev;
	struct virtq q;
	struct scsi_config cfg;
	bool failed;
	uint64_t next_id; /* the request's tag */
	uint64_t request_errors; /* commands the device failed by the rules */
	uint64_t requests, bytes; /* data commands completed, and their bytes */
};

/* One LUN the driver serves: a disk, or a CD/DVD drive with a medium. */
struct virtio_scsi_lun {
	struct virtio_scsi *hba;
	uint8_t target;
	uint16_t lun;
	uint8_t type; /* SCSI_TYPE_DISK or SCSI_TYPE_CDROM */
	uint32_t block_size;
	uint64_t num_blocks;
	bool read_only; /* a CD/DVD, or a disk whose MODE SENSE says write-protected */
};

/*
 * Negotiates, checks the config and sets up the request queue in mem
 * (VIRTIO_SCSI_MEM_BYTES, zeroed, page aligned); dev is a probed transport.
 * 0, or -1 with an error line.
 */
int virtio_scsi_init(struct virtio_scsi *s, const struct virtio_dev *dev, uint8_t *mem,
		     uint64_t (*now)(void), uint64_t timeout);
/*
 * Targets 0..max_target, the LUNs REPORT LUNS lists on each (LUN 0 if it
 * fails): found() for each disk or CD/DVD with a medium, in that order,
 * until it returns false (no room: the scan stops, named in one line).
 * Which targets exist is asked up to VIRTIO_SCSI_SCAN_SLOTS at a time, on
 * one notify. 0, or -1 if the device was refused on the way.
 */
int virtio_scsi_scan(struct virtio_scsi *s, bool (*found)(void *ctx, const struct virtio_scsi_lun *l),
		     void *ctx);
/* count blocks at lba; the caller keeps lba + count within num_blocks. 0 or -1. */
int virtio_scsi_read(struct virtio_scsi_lun *l, uint64_t lba, uint64_t count, void *buf);
int virtio_scsi_write(struct virtio_scsi_lun *l, uint64_t lba, uint64_t count, const void *buf);
int virtio_scsi_flush(struct virtio_scsi_lun *l);
/* Stops the device (before the OS takes over). */
void virtio_scsi_stop(struct virtio_scsi *s);
#endif
