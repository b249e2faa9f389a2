/* SPDX-License-Identifier: MIT */
/*
 * Protocol notification (RegisterProtocolNotify, LocateHandle ByRegisterNotify,
 * LocateProtocol with a registration) and the driver model
 * (ConnectController/DisconnectController) with two drivers this app
 * installs: a bus driver that makes a child handle on a "disk", and a leaf
 * driver that adds a "file system" to the child, as partition and FAT
 * drivers do on a BlockIo an application installs.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static const efi_guid_t notify_guid =
	EFI_GUID(0x5c1f0a10, 0x7d2e, 0x4b8e, 0x9a, 0x33, 0x21, 0x6e, 0x0f, 0x4c, 0x8d, 0x01);
static const efi_guid_t disk_guid =
	EFI_GUID(0x5c1f0a10, 0x7d2e, 0x4b8e, 0x9a, 0x33, 0x21, 0x6e, 0x0f, 0x4c, 0x8d, 0x02);
static const efi_guid_t part_guid =
	EFI_GUID(0x5c1f0a10, 0x7d2e, 0x4b8e, 0x9a, 0x33, 0x21, 0x6e, 0x0f, 0x4c, 0x8d, 0x03);
static const efi_guid_t fs_guid =
	EFI_GUID(0x5c1f0a10, 0x7d2e, 0x4b8e, 0x9a, 0x33, 0x21, 0x6e, 0x0f, 0x4c, 0x8d, 0x04);
static const efi_guid_t binding_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;

static uint32_t iface_1, iface_2, iface_3, disk, part, fs;
static unsigned notifies;

static void count_notify(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	notifies++;
}

static efi_status_t next_new(void *registration, efi_handle_t *handle)
{
	uint64_t size = sizeof(*handle);

	return env.bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, registration, &size, handle);
}

static void test_protocol_notify(void)
{
	efi_handle_t h1 = NULL, h2 = NULL, h3 = NULL, got = NULL;
	efi_event_t event;
	void *registration = NULL, *iface = NULL;
	uint64_t size = 0;
	efi_status_t status;

	status = env.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL, &event);
	if (!t_status("notify.create_event", status, EFI_SUCCESS))
		return;
	status = env.bs->register_protocol_notify(&notify_guid, event, &registration);
	if (!t_status("notify.register", status, EFI_SUCCESS)) {
		env.bs->close_event(event);
		return;
	}
	t_status("notify.register_null_registration_invalid",
		 env.bs->register_protocol_notify(&notify_guid, event, NULL), EFI_INVALID_PARAMETER);
	t_status("notify.nothing_new", next_new(registration, &got), EFI_NOT_FOUND);
	notifies = 0;
	env.bs->install_protocol_interface(&h1, &notify_guid, EFI_NATIVE_INTERFACE, &iface_1);
	t_equal("notify.install_signals", notifies, 1);
	status = env.bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, registration, &size, &got);
	t_status("notify.locate_too_small", status, EFI_BUFFER_TOO_SMALL);
	t_equal("notify.locate_size_one_handle", size, sizeof(efi_handle_t));
	t_check("notify.locate_new_handle", next_new(registration, &got) == EFI_SUCCESS && got == h1,
		"ByRegisterNotify did not return the new handle");
	t_status("notify.locate_taken", next_new(registration, &got), EFI_NOT_FOUND);
	env.bs->install_protocol_interface(&h2, &notify_guid, EFI_NATIVE_INTERFACE, &iface_2);
	env.bs->install_protocol_interface(&h3, &notify_guid, EFI_NATIVE_INTERFACE, &iface_3);
	t_equal("notify.each_install_signals", notifies, 3);
	t_check("notify.oldest_first", next_new(registration, &got) == EFI_SUCCESS && got == h2,
		"not the oldest new handle");
	status = env.bs->locate_protocol(&notify_guid, registration, &iface);
	t_check("notify.locate_protocol_next", status == EFI_SUCCESS && iface == &iface_3,
		"LocateProtocol with the registration did not give the next new interface");
	t_status("notify.locate_protocol_none_left",
		 env.bs->locate_protocol(&notify_guid, registration, &iface), EFI_NOT_FOUND);
	env.bs->reinstall_protocol_interface(h1, &notify_guid, &iface_1, &iface_2);
	t_equal("notify.reinstall_signals", notifies, 4);
	t_check("notify.reinstalled_is_new", next_new(registration, &got) == EFI_SUCCESS && got == h1,
		"a reinstalled handle is not reported");
	env.bs->close_event(event);
	env.bs->uninstall_protocol_interface(h1, &notify_guid, &iface_2);
	env.bs->uninstall_protocol_interface(h2, &notify_guid, &iface_2);
	env.bs->uninstall_protocol_interface(h3, &notify_guid, &iface_3);
	h1 = NULL;
	env.bs->install_protocol_interface(&h1, &notify_guid, EFI_NATIVE_INTERFACE, &iface_1);
	t_equal("notify.closed_event_not_signalled", notifies, 4);
	env.bs->uninstall_protocol_interface(h1, &notify_guid, &iface_1);
}

struct driver {
	struct efi_driver_binding_protocol binding;
	const efi_guid_t *consumes, *produces;
	void *interface;
	bool makes_child;
	efi_handle_t child;
	unsigned starts, stops;
};

static efi_status_t open_by_driver(struct efi_driver_binding_protocol *self,
				   efi_handle_t controller)
{
	struct driver *d = (struct driver *)self;
	void *iface;

	return env.bs->open_protocol(controller, d->consumes, &iface, self->driver_binding_handle,
				     controller, EFI_OPEN_PROTOCOL_BY_DRIVER);
}

static efi_status_t driver_supported(struct efi_driver_binding_protocol *self,
				     efi_handle_t controller, void *remaining)
{
	struct driver *d = (struct driver *)self;
	efi_status_t status = open_by_driver(self, controller);

	(void)remaining;
	if (status == EFI_SUCCESS)
		env.bs->close_protocol(controller, d->consumes, self->driver_binding_handle,
				       controller);
	return status;
}

static efi_status_t driver_start(struct efi_driver_binding_protocol *self,
				 efi_handle_t controller, void *remaining)
{
	struct driver *d = (struct driver *)self;
	void *iface;
	efi_status_t status = open_by_driver(self, controller);

	(void)remaining;
	if (status != EFI_SUCCESS)
		return status;
	d->starts++;
	if (!d->makes_child)
		return env.bs->install_protocol_interface(&controller, d->produces,
							  EFI_NATIVE_INTERFACE, d->interface);
	d->child = NULL;
	status = env.bs->install_protocol_interface(&d->child, d->produces, EFI_NATIVE_INTERFACE,
						    d->interface);
	if (status == EFI_SUCCESS)
		status = env.bs->open_protocol(controller, d->consumes, &iface,
					       self->driver_binding_handle, d->child,
					       EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER);
	return status;
}

static efi_status_t driver_stop(struct efi_driver_binding_protocol *self,
				efi_handle_t controller, uint64_t children,
				efi_handle_t *child_buffer)
{
	struct driver *d = (struct driver *)self;

	d->stops++;
	for (uint64_t i = 0; i < children; i++) {
		efi_status_t status;

		env.bs->close_protocol(controller, d->consumes, self->driver_binding_handle,
				       child_buffer[i]);
		status = env.bs->uninstall_protocol_interface(child_buffer[i], d->produces,
							      d->interface);
		if (status != EFI_SUCCESS)
			return status;
	}
	if (children)
		return EFI_SUCCESS;
	if (!d->makes_child)
		env.bs->uninstall_protocol_interface(controller, d->produces, d->interface);
	return env.bs->close_protocol(controller, d->consumes, self->driver_binding_handle,
				      controller);
}

static bool install_driver(struct driver *d, const efi_guid_t *consumes,
			   const efi_guid_t *produces, void *interface, bool makes_child)
{
	efi_handle_t h = NULL;

	*d = (struct driver){
		.binding = { driver_supported, driver_start, driver_stop, 0x10, env.image, NULL },
		.consumes = consumes,
		.produces = produces,
		.interface = interface,
		.makes_child = makes_child,
	};
	if (env.bs->install_protocol_interface(&h, &binding_guid, EFI_NATIVE_INTERFACE,
					       &d->binding) != EFI_SUCCESS)
		return false;
	d->binding.driver_binding_handle = h;
	return true;
}

static bool has(efi_handle_t h, const efi_guid_t *guid)
{
	void *iface;

	return h && env.bs->handle_protocol(h, guid, &iface) == EFI_SUCCESS;
}

static void test_connect(void)
{
	static struct driver bus, leaf;
	efi_handle_t controller = NULL, child;
	efi_status_t status;

	if (!t_check("driver.install_bindings",
		     install_driver(&bus, &disk_guid, &part_guid, &part, true) &&
			     install_driver(&leaf, &part_guid, &fs_guid, &fs, false),
		     "InstallProtocolInterface(DriverBinding) failed"))
		return;
	env.bs->install_protocol_interface(&controller, &disk_guid, EFI_NATIVE_INTERFACE, &disk);
	status = env.bs->connect_controller(controller, NULL, NULL, false);
	t_status("driver.connect", status, EFI_SUCCESS);
	child = bus.child;
	t_check("driver.connect_starts_bus_driver", bus.starts == 1 && has(child, &part_guid),
		"the bus driver did not make its child");
	t_check("driver.connect_not_recursive", leaf.starts == 0 && !has(child, &fs_guid),
		"a non-recursive connect connected the child");
	t_status("driver.connect_again_not_found",
		 env.bs->connect_controller(controller, NULL, NULL, false), EFI_NOT_FOUND);
	t_status("driver.disconnect", env.bs->disconnect_controller(controller, NULL, NULL),
		 EFI_SUCCESS);
	t_check("driver.disconnect_stops_children", bus.stops == 2 && !has(child, &part_guid),
		"Stop() not called for the child and then the controller");
	status = env.bs->connect_controller(controller, NULL, NULL, true);
	t_status("driver.connect_recursive", status, EFI_SUCCESS);
	child = bus.child;
	t_check("driver.connect_recursive_reaches_child",
		bus.starts == 2 && leaf.starts == 1 && has(child, &fs_guid),
		"the child did not get its file system");
	t_status("driver.disconnect_all", env.bs->disconnect_controller(controller, NULL, NULL),
		 EFI_SUCCESS);
	t_check("driver.disconnect_all_tears_down",
		leaf.stops == 1 && bus.stops == 4 && !has(child, &part_guid),
		"the child's driver was not stopped first");
	t_status("driver.disconnect_unmanaged",
		 env.bs->disconnect_controller(controller, NULL, NULL), EFI_SUCCESS);
	/* reinstalling what a driver holds: it lets go, and binds to the new interface */
	env.bs->connect_controller(controller, NULL, NULL, false);
	status = env.bs->reinstall_protocol_interface(controller, &disk_guid, &disk, &part);
	t_status("driver.reinstall_held_by_driver", status, EFI_SUCCESS);
	t_check("driver.reinstall_reconnects",
		bus.starts == 4 && bus.stops == 6 && has(bus.child, &part_guid),
		"the driver was not stopped and started again on the new interface");
	env.bs->disconnect_controller(controller, NULL, NULL);
	env.bs->reinstall_protocol_interface(controller, &disk_guid, &part, &disk);
	env.bs->disconnect_controller(controller, NULL, NULL);
	env.bs->uninstall_protocol_interface(controller, &disk_guid, &disk);
	env.bs->uninstall_protocol_interface(bus.binding.driver_binding_handle, &binding_guid,
					     &bus.binding);
	env.bs->uninstall_protocol_interface(leaf.binding.driver_binding_handle, &binding_guid,
					     &leaf.binding);
}

void test_drivers(void)
{
	test_protocol_notify();
	test_connect();
}
