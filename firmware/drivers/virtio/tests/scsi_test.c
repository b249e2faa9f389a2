/*
 * The virtio-scsi driver (virtio.c, virtqueue.c, scsi.c as linked into the
 * firmware) against a fake transport whose host adapter serves LUNs from
 * memory (disks of 512 and 4096-byte blocks, a CD of 2048, an empty CD
 * drive, a tape) and can break one rule at a time: a response, sense,
 * residual or status the rules forbid, bad INQUIRY, capacity or REPORT LUNS
 * data, silence, a short used length, hostile config. Each must end in a
 * refused device: one error line naming the rule, a reset, no more
 * requests. A command the device fails by the rules (CHECK CONDITION)
 * fails alone, and UNIT ATTENTION is retried a bounded number of times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/drivers/virtio/scsi.h"
#include "firmware/drivers/virtio/tests/fake_scsi.h"
#include "firmware/drivers/virtio/tests/log_capture.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

/*
 * The test's adapter: LUNs 0,0 a 512-byte disk with two UNIT ATTENTIONs
 * pending (the reset); 1,0 a CD of 2048-byte blocks; 1,3 a 4Kn disk past
 * 2^32 blocks; 2,0 an empty CD drive; 3,0 a tape.
 */
static void device(enum fault fault, uint8_t fault_op)
{
	fake_reset(fault, fault_op);
	fake_add_lun(0, 0, SCSI_TYPE_DISK, 512, (64u << 20) / 512);
	fake.luns[0].attention = 2;
	fake_add_lun(1, 0, SCSI_TYPE_CDROM, 2048, 3000);
	fake_add_lun(1, 3, SCSI_TYPE_DISK, 4096, (1ull << 32) + 16);
	fake_add_lun(2, 0, SCSI_TYPE_CDROM, 2048, 1);
	fake.luns[3].no_medium = true;
	fake_add_lun(3, 0, 0x01, 512, 100);
	last_log[0] = last_error[0] = 0;
}

static uint8_t *ring_mem(void)
{
	static uint8_t *mem;

	if (!mem)
		mem = aligned_alloc(VQ_PAGE, VIRTIO_SCSI_MEM_BYTES);
	memset(mem, 0, VIRTIO_SCSI_MEM_BYTES);
	return mem;
}

static struct virtio_scsi hba;
static struct virtio_scsi_lun found_luns[8];
static unsigned found_count;

static bool found(void *ctx, const struct virtio_scsi_lun *l)
{
	(void)ctx;
	if (found_count < 8)
		found_luns[found_count] = *l;
	found_count++;
	return true;
}

static int init_and_scan(void)
{
	found_count = 0;
	if (virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000))
		return -1;
	return virtio_scsi_scan(&hba, found, NULL);
}

static uint8_t buf[28u << 20];

static void test_scan_and_io(void)
{
	struct virtio_scsi_lun *disk = &found_luns[0], *cd = &found_luns[1], *big = &found_luns[2];

	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	CHECK(fake.qindex == 2 && (fake.status & VIRTIO_STATUS_DRIVER_OK));
	/* the empty CD drive and the tape are left out, quietly */
	CHECK(found_count == 3 && last_error[0] == 0);
	CHECK(disk->target == 0 && disk->lun == 0 && disk->block_size == 512 &&
	      disk->num_blocks == (64u << 20) / 512 && !disk->read_only);
	CHECK(cd->target == 1 && cd->lun == 0 && cd->type == SCSI_TYPE_CDROM &&
	      cd->block_size == 2048 && cd->num_blocks == 3000 && cd->read_only);
	CHECK(big->target == 1 && big->lun == 3 && big->block_size == 4096 &&
	      big->num_blocks == (1ull << 32) + 16 && fake.commands[0x9e] == 1);
	/* the reset's UNIT ATTENTIONs were taken by TEST UNIT READY */
	CHECK(fake.luns[0].attention == 0);
	/* targets 0..255 asked once each, the 4 that exist again for their LUNs */
	CHECK(fake.commands[0xa0] == 256 + 4);
	printf("scan: %u LUNs, %u notifies\n", found_count, fake.notifies);

	/* a 27 MiB kernel in one call: two commands of at most 16 MiB */
	fake.notifies = 0;
	CHECK(virtio_scsi_read(disk, 8, (27u << 20) / 512, buf) == 0);
	CHECK(memcmp(buf, fake.luns[0].mem + 8 * 512, 27u << 20) == 0);
	CHECK(fake.notifies == 2 && fake.max_request == VIRTIO_SCSI_MAX_REQUEST);
	CHECK(fake.commands[0x28] == 2);
	/* 2048-byte blocks */
	CHECK(virtio_scsi_read(cd, 16, 2, buf) == 0);
	CHECK(memcmp(buf, fake.luns[1].mem + 16 * 2048, 4096) == 0);
	/* beyond 2^32 blocks: READ(16) */
	CHECK(virtio_scsi_read(big, (1ull << 32) + 1, 2, buf) == 0);
	CHECK(fake.commands[0x88] == 1);
	CHECK(memcmp(buf, fake.luns[2].mem + (((1ull << 32) + 1) * 4096) % MEM_BLOCKS_BYTES,
		     8192) == 0);
	/* writes land on a disk, are refused on a CD without asking the device */
	memset(buf, 0x5a, 1024);
	CHECK(virtio_scsi_write(disk, 10, 2, buf) == 0 && fake.commands[0x2a] == 1);
	CHECK(fake.luns[0].mem[10 * 512] == 0x5a && fake.luns[0].mem[12 * 512 - 1] == 0x5a);
	CHECK(virtio_scsi_flush(disk) == 0 && fake.commands[0x35] == 1);
	fake.notifies = 0;
	CHECK(virtio_scsi_write(cd, 0, 1, buf) == -1 && fake.notifies == 0);
	CHECK(!hba.failed && hba.requests == 5);
}

/*
 * Which targets exist is asked 32 at a time on one notify (8 for 256
 * targets, not 256), the answers taken in any order: LUNs on targets at
 * the batches' edges are found, in target order, when the device answers
 * each batch last first.
 */
static void test_scan_batched(void)
{
	static const uint8_t targets[] = { 1, 32, 62, 255 };

	fake_reset(F_NONE, 0);
	for (unsigned i = 0; i < sizeof(targets); i++)
		fake_add_lun(targets[i], 0, SCSI_TYPE_DISK, 512, 64);
	fake.reverse = true;
	CHECK(init_and_scan() == 0 && found_count == 4 && !hba.failed);
	for (unsigned i = 0; i < sizeof(targets); i++)
		CHECK(found_luns[i].target == targets[i]);
	/* per disk: REPORT LUNS, INQUIRY, TEST UNIT READY, READ CAPACITY, MODE SENSE */
	printf("batched scan: %u notifies\n", fake.notifies);
	CHECK(fake.notifies == 256 / VIRTIO_SCSI_SCAN_SLOTS + 4 * 5);
	/* a queue of 4 entries holds one chain: one target at a time, the same LUNs */
	fake_reset(F_NONE, 0);
	for (unsigned i = 0; i < sizeof(targets); i++)
		fake_add_lun(targets[i], 0, SCSI_TYPE_DISK, 512, 64);
	fake.queue_max = 5;
	CHECK(init_and_scan() == 0 && found_count == 4 && fake.qsize == 4);
	CHECK(found_luns[3].target == 255 && fake.notifies == 256 + 4 * 5);
}

static void test_write_protected(void)
{
	device(F_NONE, 0);
	fake.luns[0].write_protected = true;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 3 && found_luns[0].read_only);
	CHECK(virtio_scsi_write(&found_luns[0], 0, 1, buf) == -1);
	/* a disk without MODE SENSE(6) (CHECK CONDITION): served, writable */
	device(F_NONE, 0);
	fake.luns[0].no_mode_sense = true;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 3 && !found_luns[0].read_only && !hba.failed);
	CHECK(virtio_scsi_write(&found_luns[0], 0, 1, buf) == 0);
}

/* UNIT ATTENTION for ever: TEST UNIT READY is tried a bounded number of times, the LUN left out. */
static void test_attention_bounded(void)
{
	device(F_NONE, 0);
	fake.luns[0].attention = 1000;
	CHECK(init_and_scan() == 0);
	CHECK(found_count == 2 && !hba.failed);
	CHECK(fake.luns[0].attention == 1000 - VIRTIO_SCSI_ATTENTION_TRIES);
	CHECK(strstr(last_log, "scsi 0,0: command 0x00") && strstr(last_log, "CHECK CONDITION") &&
	      strstr(last_log, "sense 6/29"));
}

/* A CHECK CONDITION on a read fails that read alone. */
static void test_medium_error(void)
{
	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	fake.fault = F_MEDIUM_ERROR;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == -1);
	printf("medium error: %s\n", last_log);
	CHECK(strstr(last_log, "CHECK CONDITION") && strstr(last_log, "sense 3/11") &&
	      last_error[0] == 0);
	CHECK(!hba.failed && hba.request_errors == 1 && fake.resets == 1);
	fake.fault = F_NONE;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == 0);
	CHECK(memcmp(buf, fake.luns[0].mem, 8 * 512) == 0);
}

static void expect_refused(const char *what, const char *reason)
{
	unsigned notifies = fake.notifies;

	printf("%s: %s\n", what, last_error);
	if (!strstr(last_error, reason) || strncmp(last_error, "error: fake@0x", 14) != 0) {
		check_failures++;
		fprintf(stderr, "%s: error '%s' does not name '%s'\n", what, last_error, reason);
	}
	CHECK(hba.failed && fake.status == 0);
	CHECK(virtio_scsi_read(&found_luns[0], 0, 1, buf) == -1 && fake.notifies == notifies);
}

/* A device breaking one rule during the scan (command op): refused, named, reset. */
static void hostile_scan(enum fault fault, uint8_t op, const char *reason)
{
	device(fault, op);
	found_luns[0] = (struct virtio_scsi_lun){ .hba = &hba, .block_size = 512, .num_blocks = 1 };
	CHECK(init_and_scan() == -1);
	expect_refused("scan", reason);
}

/* ... or in a read. */
static void hostile_read(enum fault fault, const char *reason)
{
	device(F_NONE, 0);
	CHECK(init_and_scan() == 0);
	fake.fault = fault;
	fake.fault_op = 0x28;
	CHECK(virtio_scsi_read(&found_luns[0], 0, 8, buf) == -1);
	expect_refused("read", reason);
}

static void test_hostile(void)
{
	/* a LUN listed twice (REPORT LUNS from the fake's table): the first served, then refused */
	device(F_NONE, 0);
	fake_add_lun(0, 0, SCSI_TYPE_DISK, 512, 64);
	CHECK(init_and_scan() == -1 && found_count == 1);
	expect_refused("scan", "lists a LUN twice");
	hostile_scan(F_RESPONSE_VALUE, 0xa0, "response not a defined value");
	hostile_scan(F_SENSE_LEN, 0x12, "sense_len beyond");
	hostile_scan(F_RESIDUAL, 0x12, "residual beyond");
	hostile_scan(F_STATUS, 0x00, "status not a defined value");
	hostile_scan(F_SENSE_CODE, 0x00, "response code");
	hostile_scan(F_SILENT, 0x25, "did not answer in time");
	hostile_scan(F_BLOCK_SIZE, 0x25, "block length");
	hostile_scan(F_LUN_ENTRY, 0xa0, "single-level LUN");
	hostile_scan(F_INQUIRY_SHORT, 0x12, "INQUIRY data truncated");
	hostile_read(F_SHORT_READ, "data left untransferred");
	hostile_read(F_USED_SHORT, "short of the request");
	hostile_read(F_USED_LONG, "beyond the request's writable");
	hostile_read(F_SILENT, "did not answer in time");
	hostile_read(F_RESPONSE_VALUE, "response not a defined value");
}

static void hostile_config(unsigned off, uint32_t value, unsigned size, const char *reason)
{
	device(F_NONE, 0);
	bytes_store_le(fake.cfg + off, value, size);
	CHECK(virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000) == -1);
	if (!strstr(last_error, reason)) {
		check_failures++;
		fprintf(stderr, "config: error '%s' does not name '%s'\n", last_error, reason);
	}
	CHECK(hba.failed && fake.status == 0 && fake.notifies == 0);
}

static void test_hostile_config(void)
{
	hostile_config(0, 0, 4, "num_queues");
	hostile_config(24, 8, 4, "cdb_size");
	hostile_config(20, 1u << 20, 4, "sense_size");
	hostile_config(30, 300, 2, "max_target");
	device(F_NONE, 0);
	fake.dev.config_len = 24; /* a PCI device config structure too short */
	CHECK(virtio_scsi_init(&hba, &fake.dev, ring_mem(), fake_clock, 1000000) == -1);
	CHECK(strstr(last_error, "config space too short") != NULL);
}

int main(void)
{
	test_scan_and_io();
	test_scan_batched();
	test_write_protected();
	test_attention_bounded();
	test_medium_error();
	test_hostile();
	test_hostile_config();
	return check_report("virtio_scsi_test");
}
