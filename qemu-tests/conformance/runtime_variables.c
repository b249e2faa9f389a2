/* SPDX-License-Identifier: MIT */
/* Volatile variables: Set/Get/GetNextVariableName/append/delete/QueryVariableInfo. */
#include "qemu-tests/conformance/runtime.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define NAME u"ConformanceVar"
#define MAX_NAME_CHARS 128
/* Guards the enumeration against a firmware that never returns EFI_NOT_FOUND. */
#define MAX_VARIABLES 1000

const efi_guid_t conformance_vendor_guid =
	EFI_GUID(0x9d1e4c2a, 0x6b7f, 0x4e30, 0xa5, 0x8c, 0x21, 0x3f, 0x70, 0x9b, 0xe4, 0x6d);
static const efi_guid_t other_guid =
	EFI_GUID(0x9d1e4c2a, 0x6b7f, 0x4e30, 0xa5, 0x8c, 0x21, 0x3f, 0x70, 0x9b, 0xe4, 0x6e);

static efi_status_t set(const void *data, uint64_t size, uint32_t attrs)
{
	return env.rt->set_variable(NAME, &conformance_vendor_guid, attrs, size, data);
}

static bool value_is(const char *want, uint64_t want_size)
{
	uint8_t buf[32];
	uint64_t size = sizeof(buf);
	uint32_t attrs = 0;

	if (env.rt->get_variable(NAME, &conformance_vendor_guid, &attrs, &size, buf) !=
	    EFI_SUCCESS)
		return false;
	if (attrs != VARIABLE_BS_RT || size != want_size)
		return false;
	for (uint64_t i = 0; i < size; i++) {
		if (buf[i] != (uint8_t)want[i])
			return false;
	}
	return true;
}

static void test_get(void)
{
	uint8_t buf[2];
	uint64_t size = sizeof(buf);
	efi_status_t status;

	status = env.rt->get_variable(NAME, &conformance_vendor_guid, NULL, &size, buf);
	t_status("variable.get_small_buffer", status, EFI_BUFFER_TOO_SMALL);
	t_equal("variable.get_small_buffer_size", size, 5);
	size = 0;
	status = env.rt->get_variable(NAME, &conformance_vendor_guid, NULL, &size, NULL);
	t_status("variable.get_size_query_null_data", status, EFI_BUFFER_TOO_SMALL);
	t_check("variable.get_value_and_attributes", value_is("hello", 5),
		"value or attributes differ from what was set");
	size = sizeof(buf);
	status = env.rt->get_variable(NAME, &other_guid, NULL, &size, buf);
	t_status("variable.get_other_vendor_not_found", status, EFI_NOT_FOUND);
	status = env.rt->get_variable(NAME, &conformance_vendor_guid, NULL, NULL, buf);
	t_status("variable.get_null_size", status, EFI_INVALID_PARAMETER);
}

/* Walks the variable list from the start; true if NAME under our GUID is listed. */
static bool enumeration_finds_ours(void)
{
	char16_t name[MAX_NAME_CHARS] = { 0 };
	efi_guid_t vendor = { 0 };
	bool found = false;

	for (int i = 0; i < MAX_VARIABLES; i++) {
		uint64_t size = sizeof(name);
		efi_status_t status = env.rt->get_next_variable_name(&size, name, &vendor);

		if (status == EFI_NOT_FOUND)
			return found;
		if (status != EFI_SUCCESS)
			return false;
		found |= str16_equal(name, NAME) && guid_equal(&vendor, &conformance_vendor_guid);
	}
	return false;
}

static void test_enumerate(void)
{
	char16_t name[1] = { 0 };
	efi_guid_t vendor = { 0 };
	uint64_t size = sizeof(name);
	efi_status_t status;

	status = env.rt->get_next_variable_name(&size, name, &vendor);
	t_status("variable.next_name_small_buffer", status, EFI_BUFFER_TOO_SMALL);
	t_check("variable.next_name_reports_size", size > sizeof(name),
		"required name size not returned");
	t_check("variable.enumeration_finds_variable", enumeration_finds_ours(),
		"GetNextVariableName never returned the variable");
	t_status("variable.next_name_null_size",
		 env.rt->get_next_variable_name(NULL, name, &vendor), EFI_INVALID_PARAMETER);
}

static void test_append_delete(void)
{
	uint8_t buf[16];
	uint64_t size = sizeof(buf);

	t_status("variable.append", set("abc", 3, VARIABLE_BS_RT | EFI_VARIABLE_APPEND_WRITE),
		 EFI_SUCCESS);
	t_check("variable.append_concatenates", value_is("helloabc", 8),
		"appended data not after the old data");
	t_status("variable.overwrite", set("xy", 2, VARIABLE_BS_RT), EFI_SUCCESS);
	t_check("variable.overwrite_replaces", value_is("xy", 2), "old data survived");
	t_status("variable.delete", set(NULL, 0, VARIABLE_BS_RT), EFI_SUCCESS);
	t_status("variable.get_deleted_not_found",
		 env.rt->get_variable(NAME, &conformance_vendor_guid, NULL, &size, buf),
		 EFI_NOT_FOUND);
	t_status("variable.delete_absent_not_found", set(NULL, 0, VARIABLE_BS_RT), EFI_NOT_FOUND);
}

static void test_set_errors(void)
{
	t_status("variable.runtime_without_boot_access",
		 set("x", 1, EFI_VARIABLE_RUNTIME_ACCESS), EFI_INVALID_PARAMETER);
	t_status("variable.empty_name",
		 env.rt->set_variable(u"", &conformance_vendor_guid, VARIABLE_BS_RT, 1, "x"),
		 EFI_INVALID_PARAMETER);
}

static void test_query(void)
{
	uint64_t max_storage = 0, remaining = 0, max_variable = 0;
	efi_status_t status;

	status = env.rt->query_variable_info(VARIABLE_BS_RT, &max_storage, &remaining,
					     &max_variable);
	if (t_status("variable.query_info", status, EFI_SUCCESS))
		t_check("variable.query_info_sane",
			max_storage > 0 && remaining <= max_storage && max_variable > 0,
			"storage sizes inconsistent");
	status = env.rt->query_variable_info(0, &max_storage, &remaining, &max_variable);
	t_status("variable.query_info_no_attributes", status, EFI_INVALID_PARAMETER);
}

void test_variables(void)
{
	if (!t_status("variable.set_volatile", set("hello", 5, VARIABLE_BS_RT), EFI_SUCCESS))
		return;
	test_get();
	test_enumerate();
	test_append_delete();
	test_set_errors();
	test_query();
}
