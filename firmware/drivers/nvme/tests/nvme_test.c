/* The NVMe driver as the firmware links it, against a fake controller in host memory. */
#include <stdlib.h>
#include <string.h>

#include "firmware/drivers/nvme/nvme.h"
#include "firmware/drivers/nvme/tests/fake_nvme.h"
#include "firmware/drivers/virtio/tests/log_capture.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

#define HZ 1000u /* the fake clock: one tick per poll */
#define TIMEOUT_S 30u

static struct fake_nvme f;
static uint64_t ticks;
static struct nvme ctrl;
static struct nvme_namespace found_ns[4];
static int found_count;

static uint64_t now(void)
{
	fake_nvme_step(&f);
	return ticks++;
}

static bool found(void *ctx, const struct nvme_namespace *ns)
{
	(void)ctx;
	if (found_count < 4)
		found_ns[found_count] = *ns;
	found_count++;
	return true;
}

/* A fresh controller with the given namespaces, brought up and scanned. 0 or -1. */
static int start(enum fake_nvme_break brk)
{
	static uint8_t *mem;

	if (!mem)
		mem = aligned_alloc(NVME_PAGE, NVME_MEM_BYTES);
	memset(mem, 0, NVME_MEM_BYTES);
	f.brk = brk;
	ticks = 0;
	found_count = 0;
	last_error[0] = 0;
	if (nvme_init(&ctrl, (uint64_t)(uintptr_t)f.bar, FAKE_NVME_BAR_BYTES, 0x18, mem, now, HZ,
		      TIMEOUT_S))
		return -1;
	return nvme_scan(&ctrl, found, NULL);
}

static bool same(const uint8_t *buf, const struct fake_namespace *ns, uint64_t lba, uint64_t n)
{
	return !memcmp(buf, ns->data + lba * ns->block_size, n * ns->block_size);
}

static void test_happy(uint32_t block_size)
{
	static uint8_t buf[16 * 4096], back[16 * 4096];

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, block_size, 2048);
	CHECK(start(FAKE_NONE) == 0);
	CHECK(found_count == 1 && found_ns[0].nsid == 1 && found_ns[0].block_size == block_size &&
	      found_ns[0].num_blocks == 2048);
	CHECK(!memcmp(found_ns[0].eui64, "\x52\x54\x00\x00\x00\x00\x00\x01", 8));
	CHECK(nvme_read(&found_ns[0], 3, 2, buf) == 0 && same(buf, &f.ns[0], 3, 2));
	memset(buf, 0xa5, 2 * block_size);
	CHECK(nvme_write(&found_ns[0], 100, 2, buf) == 0 && same(buf, &f.ns[0], 100, 2));
	CHECK(nvme_read(&found_ns[0], 100, 2, back) == 0 && !memcmp(back, buf, 2 * block_size));
	CHECK(nvme_flush(&found_ns[0]) == 0 && f.flushes == 1);
	CHECK(f.violations == 0 && ctrl.requests == 3 && !last_error[0]);
	/* past the queue's end: the phase flips and the doorbells wrap */
	for (int i = 0; i < 70; i++)
		CHECK(nvme_read(&found_ns[0], (uint64_t)i, 1, buf) == 0);
	CHECK(same(buf, &f.ns[0], 69, 1) && f.violations == 0);
	nvme_stop(&ctrl);
	CHECK(!(bytes_le32(f.bar + 0x14) & 1) && !(bytes_le32(f.bar + 0x1c) & 1));
}

/* 64 KiB at a buffer 512 bytes into a page: PRP1 and a list of 16 pages, one command. */
static void test_prp_list(void)
{
	uint8_t *buf = aligned_alloc(4096, 80 * 1024);

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 4096);
	CHECK(start(FAKE_NONE) == 0);
	CHECK(nvme_read(&found_ns[0], 5, 128, buf + 512) == 0 && same(buf + 512, &f.ns[0], 5, 128));
	CHECK(f.reads == 1 && f.max_prp_list == 16 && f.violations == 0);
	/* two pages exactly: PRP2 is the second page, no list */
	f.max_prp_list = 0;
	CHECK(nvme_read(&found_ns[0], 0, 16, buf) == 0 && same(buf, &f.ns[0], 0, 16));
	CHECK(f.max_prp_list == 0 && f.violations == 0);
	/* a buffer not dword aligned goes through the bounce page */
	CHECK(nvme_read(&found_ns[0], 7, 3, buf + 1) == 0 && same(buf + 1, &f.ns[0], 7, 3));
	CHECK(nvme_write(&found_ns[0], 9, 1, buf + 1) == 0 && same(buf + 1, &f.ns[0], 9, 1));
	CHECK(f.violations == 0);
	free(buf);
}

/* MDTS 1 (8 KiB): 32 KiB in four commands; MDTS 7 is above the driver's 2 MiB. */
static void test_mdts(void)
{
	uint8_t *buf = aligned_alloc(4096, 3 << 20);

	fake_nvme_init(&f);
	f.mdts = 1;
	fake_nvme_add_ns(&f, 0, 1, 512, 8192);
	CHECK(start(FAKE_NONE) == 0);
	CHECK(nvme_read(&found_ns[0], 1, 64, buf) == 0 && same(buf, &f.ns[0], 1, 64));
	CHECK(f.reads == 4 && f.max_blocks == 16 && f.violations == 0);
	fake_nvme_init(&f);
	f.mdts = 0; /* no limit: the PRP list page's bound */
	fake_nvme_add_ns(&f, 0, 1, 4096, 1024);
	CHECK(start(FAKE_NONE) == 0);
	CHECK(nvme_read(&found_ns[0], 0, 768, buf) == 0 && same(buf, &f.ns[0], 0, 768));
	CHECK(f.reads == 2 && f.max_blocks == 512 && f.max_prp_list == 511 && f.violations == 0);
	free(buf);
}

/* A broken completion refuses the controller: named, disabled, no command after. */
static void refused(enum fake_nvme_break brk, const char *why)
{
	uint8_t buf[512];
	unsigned commands;

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_NONE) == 0);
	f.brk = brk;
	CHECK(nvme_read(&found_ns[0], 0, 1, buf) == -1);
	CHECK(strstr(last_error, "nvme@0x18: read: ") && strstr(last_error, why));
	CHECK(!(bytes_le32(f.bar + 0x14) & 1));
	commands = f.commands;
	CHECK(nvme_read(&found_ns[0], 0, 1, buf) == -1 && f.commands == commands);
}

static void test_broken_completions(void)
{
	refused(FAKE_WRONG_PHASE, "no completion in time");
	CHECK(ticks < HZ * (TIMEOUT_S + 1) + 8000);
	refused(FAKE_WRONG_CID, "completion for a command not outstanding");
	refused(FAKE_WRONG_SQID, "completion for another submission queue");
}

/* A command the controller fails by the rules fails alone. */
static void test_command_fails_alone(void)
{
	uint8_t buf[512];

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_NONE) == 0);
	f.brk = FAKE_FAIL_IO;
	CHECK(nvme_read(&found_ns[0], 0, 1, buf) == -1);
	CHECK(strstr(last_log, "nvme@0x18: read failed: status type 2 code 0x81") && !last_error[0]);
	CHECK(nvme_read(&found_ns[0], 2, 1, buf) == 0 && same(buf, &f.ns[0], 2, 1));
}

static void test_never_ready(void)
{
	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_NEVER_READY) == -1);
	CHECK(strstr(last_error, "nvme@0x18: enable: controller never became ready") != NULL);
	/* CAP.TO is 7.5 s: given up after it (twice: the enable, then the disable's wait is quick) */
	CHECK(ticks > 7500 && ticks < 7600);
	CHECK(f.commands == 0);
}

/*
 * A controller fatal status (CSTS.CFS) is seen as it is set: the enable or
 * the command in flight fails at once instead of after CAP.TO or the
 * command timeout, and the controller is disabled.
 */
static void test_fatal_status(void)
{
	uint8_t buf[512];

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_FATAL_AT_ENABLE) == -1);
	CHECK(strstr(last_error, "nvme@0x18: enable: ") && ticks < 100 && f.commands == 0);
	CHECK(start(FAKE_NONE) == 0);
	f.brk = FAKE_FATAL_IO;
	ticks = 0;
	CHECK(nvme_read(&found_ns[0], 0, 1, buf) == -1);
	CHECK(strstr(last_error, "nvme@0x18: read: controller fatal status (CSTS.CFS)") != NULL);
	CHECK(ticks < 100 && !(bytes_le32(f.bar + 0x14) & 1));
}

/* A write-protected namespace (NSATTR bit 0) is read-only; a WRITE sent anyway fails alone. */
static void test_write_protected(void)
{
	uint8_t buf[512] = { 0 };

	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	fake_nvme_add_ns(&f, 1, 2, 512, 64);
	f.ns[1].write_protected = true;
	CHECK(start(FAKE_NONE) == 0 && found_count == 2);
	CHECK(!found_ns[0].read_only && found_ns[1].read_only);
	CHECK(nvme_write(&found_ns[1], 0, 1, buf) == -1 && !last_error[0]);
	CHECK(strstr(last_log, "nvme@0x18: write failed: status type 0 code 0x20") != NULL);
	CHECK(nvme_write(&found_ns[0], 0, 1, buf) == 0 && same(buf, &f.ns[0], 0, 1));
}

/*
 * The active list names a namespace Identify says is inactive (all zeros): it is named in an
 * error line and left out, the namespaces after it served.
 */
static void test_inactive_listed(void)
{
	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 2, 512, 64);
	fake_nvme_add_ns(&f, 1, 5, 4096, 64);
	f.ns[0].inactive = true;
	CHECK(start(FAKE_NONE) == 0);
	CHECK(found_count == 1 && found_ns[0].nsid == 5 && found_ns[0].block_size == 4096);
	CHECK(strstr(last_error, "nvme@0x18: namespace 2: NVMe namespace size (NSZE) 0, left out"));
}

/*
 * No active list (NVMe 1.0): NSIDs 1..16 are asked, the inactive ones (all zeros) skipped,
 * the NSIDs up to NN beyond them named.
 */
static void test_no_active_list(void)
{
	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	fake_nvme_add_ns(&f, 1, 3, 4096, 64);
	last_log[0] = 0;
	CHECK(start(FAKE_NO_ACTIVE_LIST) == 0);
	CHECK(found_count == 2 && found_ns[0].nsid == 1 && found_ns[1].nsid == 3 &&
	      found_ns[1].block_size == 4096 && !last_error[0]);
	/* the fake's NN is 256: those beyond the 16 asked are named */
	CHECK(strstr(last_log, "nvme@0x18: no active namespace list: NSIDs 17 to 256 not asked"));
	CHECK(start(FAKE_NONE) == 0 && found_count == 2);
}

/* CAP.DSTRD 2: doorbells 16 bytes apart, SQ 1's tail at 0x1020. */
static void test_doorbell_stride(void)
{
	uint8_t buf[4096];

	fake_nvme_init(&f);
	f.bar[4] |= 2;
	fake_nvme_add_ns(&f, 0, 1, 4096, 64);
	CHECK(start(FAKE_NONE) == 0 && found_count == 1);
	CHECK(nvme_read(&found_ns[0], 5, 1, buf) == 0 && same(buf, &f.ns[0], 5, 1));
	CHECK(bytes_le32(f.bar + 0x1020) == 1 && f.violations == 0);
}

/* A CAP the parser refuses: named, and the registers left alone. */
static void test_bad_cap(void)
{
	fake_nvme_init(&f);
	f.bar[4] &= ~0x20; /* CSS without NVM */
	CHECK(start(FAKE_NONE) == -1);
	CHECK(strstr(last_error, "nvme@0x18: CAP: NVMe CAP.CSS without the NVM command set") != NULL);
	CHECK(bytes_le32(f.bar + 0x14) == 0 && f.commands == 0);
}

/*
 * A BAR0 too small for the doorbells (here 2 KiB: CAP fits, its last registers do not):
 * refused from CAP alone, nothing past CAP touched. (The fake's CSTS reads ready, as a
 * controller left enabled would: a disable attempt would wait CAP.TO and say so.)
 */
static void test_small_bar(void)
{
	static uint8_t mem[NVME_MEM_BYTES] __attribute__((aligned(4096)));

	fake_nvme_init(&f);
	bytes_store_le(f.bar + 0x1c, 1, 4);
	f.brk = FAKE_STAYS_READY;
	ticks = 0;
	last_log[0] = 0;
	CHECK(nvme_init(&ctrl, (uint64_t)(uintptr_t)f.bar, 0x800, 0x18, mem, now, HZ, TIMEOUT_S) ==
	      -1);
	CHECK(strstr(last_error, "nvme@0x18: CAP: NVMe doorbells (CAP.DSTRD) beyond BAR0") != NULL);
	CHECK(ticks < 10 && !strstr(last_log, "still ready"));
}

/*
 * Identify Controller's SQES or CQES refusing the driver's 64-byte SQ or 16-byte CQ entries:
 * one error line naming the rule, the controller disabled before any I/O queue is created.
 */
static void entry_sizes_refused(uint8_t sqes, uint8_t cqes, const char *why)
{
	fake_nvme_init(&f);
	f.sqes = sqes;
	f.cqes = cqes;
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	error_lines = 0;
	CHECK(start(FAKE_NONE) == -1);
	CHECK(error_lines == 1 && strstr(last_error, "nvme@0x18: identify controller: ") &&
	      strstr(last_error, why));
	CHECK(f.commands == 1 && !(bytes_le32(f.bar + 0x14) & 1) && found_count == 0);
}

static void test_entry_sizes(void)
{
	entry_sizes_refused(0x77, 0x44, "SQES requires entries above 64 bytes");
	entry_sizes_refused(0x55, 0x44, "SQES allows no 64-byte entries");
	entry_sizes_refused(0x66, 0x55, "CQES requires entries above 16 bytes");
	entry_sizes_refused(0x66, 0x33, "CQES allows no 16-byte entries");
}

/*
 * A normal shutdown: CC.SHN 01b written, CSTS.SHST 10b waited for, then the controller disabled
 * as at ExitBootServices. One that never completes is waited for RTD3E (at least 1 s, at most
 * 60 s), named in one error line, and disabled all the same.
 */
static void test_shutdown(void)
{
	fake_nvme_init(&f);
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_NONE) == 0);
	error_lines = 0;
	ticks = 0;
	CHECK(nvme_shutdown(&ctrl) == 0);
	CHECK(f.shutdowns == 1 && (bytes_le32(f.bar + 0x14) >> 14 & 3) == 1);
	CHECK(!(bytes_le32(f.bar + 0x14) & 1) && !(bytes_le32(f.bar + 0x1c) & 1) && ctrl.stopped);
	CHECK(error_lines == 0 && ticks < 10);
	/* one stopped already (at ExitBootServices) is left alone */
	CHECK(start(FAKE_NONE) == 0);
	nvme_stop(&ctrl);
	CHECK(nvme_shutdown(&ctrl) == 0 && f.shutdowns == 1 && !(bytes_le32(f.bar + 0x14) >> 14 & 3));
	/* a controller refused earlier is left alone: no notification, no line */
	refused(FAKE_WRONG_CID, "completion for a command not outstanding");
	error_lines = 0;
	CHECK(nvme_shutdown(&ctrl) == -1 && f.shutdowns == 0 && error_lines == 0);
}

/*
 * A controller with RTD3E rtd3e that breaks as brk says once told to shut down: the shutdown
 * fails with one error line naming why; ticks (ms) then say how long it was waited for.
 */
static void shutdown_broken(enum fake_nvme_break brk, uint32_t rtd3e, const char *why)
{
	fake_nvme_init(&f);
	f.rtd3e = rtd3e;
	fake_nvme_add_ns(&f, 0, 1, 512, 64);
	CHECK(start(FAKE_NONE) == 0);
	f.brk = brk;
	error_lines = 0;
	ticks = 0;
	CHECK(nvme_shutdown(&ctrl) == -1);
	CHECK(f.shutdowns == 1 && error_lines == 1 && strstr(last_error, why));
}

/* ticks (ms) a shutdown that never completes is waited for, with RTD3E rtd3e */
static uint64_t shutdown_hangs(uint32_t rtd3e)
{
	shutdown_broken(FAKE_SHUTDOWN_HANGS, rtd3e, "nvme@0x18: shutdown: not complete after ");
	CHECK(!(bytes_le32(f.bar + 0x14) & 1) && !(bytes_le32(f.bar + 0x1c) & 1));
	return ticks;
}

static void test_shutdown_timeout(void)
{
	uint64_t t = shutdown_hangs(0); /* RTD3E not reported: the spec's 1 s */

	CHECK(t > 1000 && t < 1010 && strstr(last_error, "not complete after 1000 ms"));
	t = shutdown_hangs(20000000); /* 20 s */
	CHECK(t > 20000 && t < 20010 && strstr(last_error, "not complete after 20000 ms"));
	t = shutdown_hangs(1500); /* 1.5 ms: under the 1 s floor */
	CHECK(t > 1000 && t < 1010);
	t = shutdown_hangs(0xffffffffu); /* 71 minutes: the 60 s cap */
	CHECK(t > 60000 && t < 60010 && strstr(last_error, "not complete after 60000 ms"));
}

/* A fatal status while shutting down ends the wait at once, by name: no 60 s hang at reset. */
static void test_shutdown_fatal(void)
{
	shutdown_broken(FAKE_SHUTDOWN_FATAL, 20000000, /* 20 s */
			"nvme@0x18: shutdown: controller fatal status (CSTS.CFS) (CSTS 0x");
	CHECK(ticks < 10 && !(bytes_le32(f.bar + 0x14) & 1));
}

/*
 * A controller gone while shutting down (CSTS reads all ones): one line, and its disable is not
 * waited for either (CAP.TO: 7.5 s here, up to 127.5 s) before the reset goes on.
 */
static void test_shutdown_gone(void)
{
	shutdown_broken(FAKE_GONE_AT_SHUTDOWN, 0,
			"nvme@0x18: shutdown: controller gone (registers read all ones) "
			"(CSTS 0xffffffff)");
	CHECK(ticks < 10 && !ctrl.stopped);
	CHECK(strstr(last_log, "nvme@0x18: controller gone (registers read all ones) after "
			       "disabling it") != NULL);
}

int main(void)
{
	test_happy(512);
	test_happy(4096);
	test_prp_list();
	test_mdts();
	test_broken_completions();
	test_command_fails_alone();
	test_never_ready();
	test_fatal_status();
	test_write_protected();
	test_no_active_list();
	test_inactive_listed();
	test_doorbell_stride();
	test_bad_cap();
	test_small_bar();
	test_entry_sizes();
	test_shutdown();
	test_shutdown_timeout();
	test_shutdown_fatal();
	test_shutdown_gone();
	return check_report("nvme_test");
}
