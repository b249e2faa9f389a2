/* SPDX-License-Identifier: MIT */
/* Table headers and the miscellaneous boot services: CRC32, CopyMem, SetMem, Stall, counters. */
#include "parsers/bytes/crc32.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

/* The header's CRC32 covers header_size bytes computed with the crc32 field as zero. */
static bool header_crc_valid(struct efi_table_header *hdr)
{
	uint32_t stored = hdr->crc32, crc = 0;
	efi_status_t status;

	hdr->crc32 = 0;
	status = env.bs->calculate_crc32(hdr, hdr->header_size, &crc);
	hdr->crc32 = stored;
	return status == EFI_SUCCESS && crc == stored;
}

static void check_header(const char *sig_name, const char *crc_name,
			 struct efi_table_header *hdr, uint64_t signature)
{
	t_equal(sig_name, hdr->signature, signature);
	t_check(crc_name, header_crc_valid(hdr), "header CRC32 does not match the table");
}

void test_tables(void)
{
	check_header("tables.system_signature", "tables.system_crc32", &env.st->hdr,
		     EFI_SYSTEM_TABLE_SIGNATURE);
	check_header("tables.boot_services_signature", "tables.boot_services_crc32",
		     &env.bs->hdr, EFI_BOOT_SERVICES_SIGNATURE);
	check_header("tables.runtime_services_signature", "tables.runtime_services_crc32",
		     &env.rt->hdr, EFI_RUNTIME_SERVICES_SIGNATURE);
	t_check("tables.revision_2", (env.st->hdr.revision >> 16) >= 2,
		"system table revision below 2.0");
	t_check("tables.firmware_vendor", env.st->firmware_vendor && env.st->firmware_vendor[0],
		"no firmware vendor string");
	t_check("tables.con_out", env.st->con_out != NULL, "no console output protocol");
	t_status("tables.con_out_output_string",
		 env.st->con_out->output_string(env.st->con_out, u"console check\r\n"),
		 EFI_SUCCESS);
}

static void test_crc32(void)
{
	static const char check[] = "123456789";
	uint32_t crc = 0;

	t_status("crc32.status", env.bs->calculate_crc32(check, 9, &crc), EFI_SUCCESS);
	/* The standard CRC-32 (IEEE 802.3) check value. */
	t_equal("crc32.check_value", crc, 0xcbf43926);
	/* The app's own CRC-32 checks the system table after ExitBootServices. */
	t_equal("crc32.app_check_value", bytes_crc32((const uint8_t *)check, 9), 0xcbf43926);
	t_status("crc32.null_data", env.bs->calculate_crc32(NULL, 9, &crc), EFI_INVALID_PARAMETER);
	t_status("crc32.zero_size", env.bs->calculate_crc32(check, 0, &crc), EFI_INVALID_PARAMETER);
	t_status("crc32.null_result", env.bs->calculate_crc32(check, 9, NULL),
		 EFI_INVALID_PARAMETER);
}

static void fill_sequence(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)i;
}

static void test_copy_set_mem(void)
{
	uint8_t buf[64];
	bool ok = true;

	fill_sequence(buf, sizeof(buf));
	env.bs->copy_mem(buf + 8, buf, 32);
	for (size_t i = 0; i < 32; i++)
		ok &= buf[8 + i] == i;
	t_check("copy_mem.overlap_forward", ok, "overlapping copy to higher address corrupted");

	fill_sequence(buf, sizeof(buf));
	env.bs->copy_mem(buf, buf + 8, 32);
	ok = true;
	for (size_t i = 0; i < 32; i++)
		ok &= buf[i] == i + 8;
	t_check("copy_mem.overlap_backward", ok, "overlapping copy to lower address corrupted");

	fill_sequence(buf, sizeof(buf));
	env.bs->set_mem(buf + 3, 50, 0xa5);
	ok = buf[2] == 2 && buf[53] == 53;
	for (size_t i = 3; i < 53; i++)
		ok &= buf[i] == 0xa5;
	t_check("set_mem.exact_range", ok, "SetMem wrote the wrong bytes");
}

static void test_stall(void)
{
	uint64_t start = t_ticks();
	efi_status_t status = env.bs->stall(20000);
	uint64_t us = t_elapsed_us(start);

	t_status("stall.status", status, EFI_SUCCESS);
	t_check("stall.waits_at_least_requested", us >= 20000, "returned before 20 ms elapsed");
	t_check("stall.does_not_hang", us < 2000000, "20 ms stall took over 2 s");
}

static void test_counters(void)
{
	uint64_t a = 0, b = 0;

	t_status("monotonic_count.status", env.bs->get_next_monotonic_count(&a), EFI_SUCCESS);
	env.bs->get_next_monotonic_count(&b);
	t_check("monotonic_count.increases", b > a, "second count not larger");
	t_status("monotonic_count.null", env.bs->get_next_monotonic_count(NULL),
		 EFI_INVALID_PARAMETER);
	t_status("watchdog.disable", env.bs->set_watchdog_timer(0, 0, 0, NULL), EFI_SUCCESS);
}

void test_misc_services(void)
{
	test_crc32();
	test_copy_set_mem();
	test_stall();
	test_counters();
}
