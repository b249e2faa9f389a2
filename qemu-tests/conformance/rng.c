/* SPDX-License-Identifier: MIT */
/* EFI_RNG_PROTOCOL: GetInfo sizing, GetRNG output and argument checks. */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define MAX_ALGORITHMS 8
#define DRAW 32

static const efi_guid_t unknown_algorithm =
	EFI_GUID(0x0badc0de, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01);

static bool all_zero(const uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i])
			return false;
	}
	return true;
}

static void test_info(struct efi_rng_protocol *rng)
{
	efi_guid_t algorithms[MAX_ALGORITHMS];
	uint8_t value[DRAW];
	uint64_t size = 0;
	bool all_ok = true;
	efi_status_t status;

	status = rng->get_info(rng, &size, NULL);
	t_status("rng.get_info_size_query", status, EFI_BUFFER_TOO_SMALL);
	if (!t_check("rng.get_info_size", size > 0 && size % sizeof(efi_guid_t) == 0 &&
		     size <= sizeof(algorithms), "algorithm list size not a GUID multiple"))
		return;
	status = rng->get_info(rng, &size, algorithms);
	t_status("rng.get_info", status, EFI_SUCCESS);
	for (size_t i = 0; i < size / sizeof(efi_guid_t); i++)
		all_ok &= rng->get_rng(rng, &algorithms[i], DRAW, value) == EFI_SUCCESS;
	t_check("rng.every_listed_algorithm_works", all_ok, "a listed algorithm failed");
}

static void test_draws(struct efi_rng_protocol *rng)
{
	uint8_t a[DRAW] = { 0 }, b[DRAW] = { 0 };
	bool differ = false;

	t_status("rng.get_rng_default", rng->get_rng(rng, NULL, DRAW, a), EFI_SUCCESS);
	rng->get_rng(rng, NULL, DRAW, b);
	for (size_t i = 0; i < DRAW; i++)
		differ |= a[i] != b[i];
	t_check("rng.draws_differ", differ, "two 32-byte draws are identical");
	t_check("rng.draw_not_zero", !all_zero(a, DRAW), "32 zero bytes");
	t_status("rng.odd_length", rng->get_rng(rng, NULL, 3, a), EFI_SUCCESS);
}

static void test_errors(struct efi_rng_protocol *rng)
{
	uint8_t value[DRAW];

	t_status("rng.zero_length", rng->get_rng(rng, NULL, 0, value), EFI_INVALID_PARAMETER);
	t_status("rng.null_buffer", rng->get_rng(rng, NULL, DRAW, NULL), EFI_INVALID_PARAMETER);
	t_status("rng.unknown_algorithm", rng->get_rng(rng, &unknown_algorithm, DRAW, value),
		 EFI_UNSUPPORTED);
	t_status("rng.get_info_null_size", rng->get_info(rng, NULL, NULL), EFI_INVALID_PARAMETER);
}

void test_rng(void)
{
	static const efi_guid_t guid = EFI_RNG_PROTOCOL_GUID;
	struct efi_rng_protocol *rng;

	if (env.bs->locate_protocol(&guid, NULL, (void **)&rng) != EFI_SUCCESS) {
		t_skip("rng.protocol", "EFI_RNG_PROTOCOL not installed");
		return;
	}
	test_info(rng);
	test_draws(rng);
	test_errors(rng);
}
