/* A fake UEFI driver (see fake_driver.h). */
#include "firmware/efi/tests/fake_driver.h"

#include "firmware/efi/core.h"

static efi_boot_services_t *const bs = &efi_boot_services;

static struct fake_driver *fake(efi_driver_binding_t *b)
{
	return (struct fake_driver *)b;
}

static efi_guid_t *g(const efi_guid_t *guid)
{
	return (efi_guid_t *)guid;
}

static efi_status_t open_by_driver(efi_driver_binding_t *self, efi_handle_t controller)
{
	void *iface;

	return bs->open_protocol(controller, g(fake(self)->consumes), &iface,
				 self->driver_binding_handle, controller,
				 EFI_OPEN_PROTOCOL_BY_DRIVER);
}

static efi_status_t close_by_driver(efi_driver_binding_t *self, efi_handle_t controller)
{
	return bs->close_protocol(controller, g(fake(self)->consumes),
				  self->driver_binding_handle, controller);
}

static efi_status_t fake_supported(efi_driver_binding_t *self, efi_handle_t controller,
				   efi_device_path_t *remaining)
{
	efi_status_t status = open_by_driver(self, controller);

	(void)remaining;
	if (status == EFI_SUCCESS)
		close_by_driver(self, controller);
	return status;
}

static efi_status_t fake_start(efi_driver_binding_t *self, efi_handle_t controller,
			       efi_device_path_t *remaining)
{
	struct fake_driver *d = fake(self);
	void *iface;
	efi_status_t status = open_by_driver(self, controller);

	(void)remaining;
	if (status != EFI_SUCCESS)
		return status;
	d->starts++;
	if (!d->makes_child)
		return bs->install_protocol_interface(&controller, g(d->produces),
						      EFI_NATIVE_INTERFACE, d->interface);
	d->child = NULL;
	status = bs->install_protocol_interface(&d->child, g(d->produces), EFI_NATIVE_INTERFACE,
						d->interface);
	if (status == EFI_SUCCESS)
		status = bs->open_protocol(controller, g(d->consumes), &iface,
					   self->driver_binding_handle, d->child,
					   EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER);
	return status;
}

static efi_status_t fake_stop(efi_driver_binding_t *self, efi_handle_t controller,
			      uint64_t child_count, efi_handle_t *children)
{
	struct fake_driver *d = fake(self);

	d->stops++;
	for (uint64_t i = 0; i < child_count; i++) {
		efi_status_t status;

		bs->close_protocol(controller, g(d->consumes), self->driver_binding_handle,
				   children[i]);
		status = bs->uninstall_protocol_interface(children[i], g(d->produces),
							  d->interface);
		if (status != EFI_SUCCESS)
			return status;
	}
	if (child_count)
		return EFI_SUCCESS;
	if (!d->makes_child)
		bs->uninstall_protocol_interface(controller, g(d->produces), d->interface);
	return close_by_driver(self, controller);
}

efi_handle_t fake_driver_install(struct fake_driver *d, uint32_t version,
				 const efi_guid_t *consumes, const efi_guid_t *produces,
				 void *interface, bool makes_child)
{
	efi_handle_t h = NULL;

	*d = (struct fake_driver){
		.binding = { fake_supported, fake_start, fake_stop, version, NULL, NULL },
		.consumes = consumes,
		.produces = produces,
		.interface = interface,
		.makes_child = makes_child,
	};
	if (bs->install_protocol_interface(&h, g(&efi_driver_binding_protocol_guid),
					   EFI_NATIVE_INTERFACE, &d->binding) != EFI_SUCCESS)
		return NULL;
	d->binding.image_handle = d->binding.driver_binding_handle = h;
	return h;
}

efi_status_t fake_driver_uninstall(struct fake_driver *d)
{
	return bs->uninstall_protocol_interface(d->binding.driver_binding_handle,
						g(&efi_driver_binding_protocol_guid), &d->binding);
}
