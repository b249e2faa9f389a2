/* SPDX-License-Identifier: MIT */
/* Protocol handler services on a GUID only this app knows. */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static const efi_guid_t test_protocol_guid =
	EFI_GUID(0x3a1c5b1e, 0x2f6d, 0x4c1a, 0x9e, 0x61, 0x7b, 0x0d, 0x42, 0x8a, 0x5c, 0x11);
static const efi_guid_t second_protocol_guid =
	EFI_GUID(0x3a1c5b1e, 0x2f6d, 0x4c1a, 0x9e, 0x61, 0x7b, 0x0d, 0x42, 0x8a, 0x5c, 0x12);

static uint32_t interface_a, interface_b, interface_c;

static void test_locate(efi_handle_t handle)
{
	efi_handle_t found[4], *buffer = NULL;
	uint64_t size = 0, count = 0;
	void *iface = NULL;
	efi_status_t status;

	status = env.bs->locate_handle(EFI_BY_PROTOCOL, &test_protocol_guid, NULL, &size, found);
	t_status("protocol.locate_handle_too_small", status, EFI_BUFFER_TOO_SMALL);
	t_equal("protocol.locate_handle_size", size, sizeof(efi_handle_t));
	size = sizeof(found);
	status = env.bs->locate_handle(EFI_BY_PROTOCOL, &test_protocol_guid, NULL, &size, found);
	if (t_status("protocol.locate_handle", status, EFI_SUCCESS))
		t_check("protocol.locate_handle_finds_handle",
			size == sizeof(efi_handle_t) && found[0] == handle, "wrong handle list");

	status = env.bs->locate_handle_buffer(EFI_BY_PROTOCOL, &test_protocol_guid, NULL, &count,
					      &buffer);
	if (t_status("protocol.locate_handle_buffer", status, EFI_SUCCESS)) {
		t_check("protocol.locate_handle_buffer_finds_handle",
			count == 1 && buffer[0] == handle, "wrong handle list");
		env.bs->free_pool(buffer);
	}
	status = env.bs->locate_protocol(&test_protocol_guid, NULL, &iface);
	if (t_status("protocol.locate_protocol", status, EFI_SUCCESS))
		t_check("protocol.locate_protocol_interface", iface == &interface_a,
			"wrong interface");
}

static void test_open(efi_handle_t handle)
{
	efi_guid_t **guids = NULL;
	uint64_t count = 0;
	void *iface = NULL;
	bool listed = false;
	efi_status_t status;

	status = env.bs->handle_protocol(handle, &test_protocol_guid, &iface);
	if (t_status("protocol.handle_protocol", status, EFI_SUCCESS))
		t_check("protocol.handle_protocol_interface", iface == &interface_a,
			"wrong interface");
	iface = NULL;
	status = env.bs->open_protocol(handle, &test_protocol_guid, &iface, env.image, NULL,
				       EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	if (t_status("protocol.open_protocol", status, EFI_SUCCESS))
		t_check("protocol.open_protocol_interface", iface == &interface_a,
			"wrong interface");
	status = env.bs->open_protocol(handle, &second_protocol_guid, &iface, env.image, NULL,
				       EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	t_status("protocol.open_absent_unsupported", status, EFI_UNSUPPORTED);
	status = env.bs->handle_protocol(handle, &second_protocol_guid, &iface);
	t_status("protocol.handle_absent_unsupported", status, EFI_UNSUPPORTED);

	status = env.bs->protocols_per_handle(handle, &guids, &count);
	if (t_status("protocol.protocols_per_handle", status, EFI_SUCCESS)) {
		for (uint64_t i = 0; i < count; i++)
			listed |= guid_equal(guids[i], &test_protocol_guid);
		t_check("protocol.protocols_per_handle_lists_guid", count == 1 && listed,
			"GUID list does not match the installed protocol");
		env.bs->free_pool(guids);
	}
}

static void test_open_close(efi_handle_t handle)
{
	void *iface = NULL;
	efi_status_t status;

	status = env.bs->open_protocol(handle, &test_protocol_guid, NULL, env.image, NULL,
				       EFI_OPEN_PROTOCOL_TEST_PROTOCOL);
	t_status("protocol.open_test_protocol", status, EFI_SUCCESS);
	status = env.bs->open_protocol(handle, &test_protocol_guid, NULL, env.image, NULL,
				       EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	t_status("protocol.open_null_interface_invalid", status, EFI_INVALID_PARAMETER);
	status = env.bs->open_protocol(handle, &test_protocol_guid, &iface, env.image, NULL,
				       EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL);
	if (!t_status("protocol.open_by_handle", status, EFI_SUCCESS))
		return;
	t_status("protocol.close_without_agent_invalid",
		 env.bs->close_protocol(handle, &test_protocol_guid, NULL, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("protocol.close", env.bs->close_protocol(handle, &test_protocol_guid, env.image,
							   NULL),
		 EFI_SUCCESS);
	t_status("protocol.close_twice_not_found",
		 env.bs->close_protocol(handle, &test_protocol_guid, env.image, NULL),
		 EFI_NOT_FOUND);
}

static void test_reinstall_uninstall(efi_handle_t handle)
{
	void *iface = NULL;
	efi_status_t status;

	status = env.bs->reinstall_protocol_interface(handle, &test_protocol_guid, &interface_a,
						      &interface_b);
	if (t_status("protocol.reinstall", status, EFI_SUCCESS)) {
		env.bs->handle_protocol(handle, &test_protocol_guid, &iface);
		t_check("protocol.reinstall_takes_effect", iface == &interface_b,
			"HandleProtocol still returns the old interface");
	}
	status = env.bs->uninstall_protocol_interface(handle, &test_protocol_guid, &interface_c);
	t_status("protocol.uninstall_wrong_interface_not_found", status, EFI_NOT_FOUND);
	status = env.bs->uninstall_protocol_interface(handle, &test_protocol_guid, &interface_b);
	t_status("protocol.uninstall", status, EFI_SUCCESS);
	status = env.bs->locate_protocol(&test_protocol_guid, NULL, &iface);
	t_status("protocol.locate_after_uninstall_not_found", status, EFI_NOT_FOUND);
	/* The handle had no other protocol, so it is gone. */
	status = env.bs->handle_protocol(handle, &test_protocol_guid, &iface);
	t_status2("protocol.handle_gone_after_uninstall", status, EFI_INVALID_PARAMETER,
		  EFI_UNSUPPORTED);
}

static void test_multiple(void)
{
	efi_handle_t handle = NULL;
	void *iface = NULL;
	efi_status_t status;

	status = env.bs->install_multiple_protocol_interfaces(&handle, &test_protocol_guid,
							       &interface_a, &second_protocol_guid,
							       &interface_b, NULL);
	if (!t_status("protocol.install_multiple", status, EFI_SUCCESS))
		return;
	env.bs->handle_protocol(handle, &second_protocol_guid, &iface);
	t_check("protocol.install_multiple_second", iface == &interface_b,
		"second interface not installed");
	status = env.bs->uninstall_multiple_protocol_interfaces(
		handle, &test_protocol_guid, &interface_a, &second_protocol_guid, &interface_b,
		NULL);
	t_status("protocol.uninstall_multiple", status, EFI_SUCCESS);
}

void test_protocols(void)
{
	efi_handle_t handle = NULL, same;
	efi_status_t status;

	status = env.bs->install_protocol_interface(&handle, &test_protocol_guid,
						    EFI_NATIVE_INTERFACE, &interface_a);
	if (!t_status("protocol.install_new_handle", status, EFI_SUCCESS))
		return;
	t_check("protocol.install_returns_handle", handle != NULL, "no handle created");
	same = handle;
	status = env.bs->install_protocol_interface(&same, &test_protocol_guid,
						    EFI_NATIVE_INTERFACE, &interface_c);
	t_status("protocol.install_twice_invalid", status, EFI_INVALID_PARAMETER);
	status = env.bs->install_protocol_interface(NULL, &test_protocol_guid,
						    EFI_NATIVE_INTERFACE, &interface_c);
	t_status("protocol.install_null_handle_invalid", status, EFI_INVALID_PARAMETER);
	test_locate(handle);
	test_open(handle);
	test_open_close(handle);
	test_reinstall_uninstall(handle);
	test_multiple();
}
