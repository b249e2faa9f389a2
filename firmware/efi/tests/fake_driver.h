/*
 * A fake UEFI driver for host tests of the driver model, using the boot
 * services table as a real driver does. As a bus driver (makes_child) it
 * manages a controller carrying `consumes` and makes one child handle
 * carrying `produces`, like a partition driver; otherwise it adds `produces`
 * to the controller itself, like a file system driver.
 */
#ifndef EFILITE_EFI_TESTS_FAKE_DRIVER_H
#define EFILITE_EFI_TESTS_FAKE_DRIVER_H
#include <stdbool.h>

#include "firmware/efi/efi.h"

struct fake_driver {
	efi_driver_binding_t binding;
	const efi_guid_t *consumes, *produces;
	void *interface; /* what it installs */
	bool makes_child;
	efi_handle_t child;
	int starts, stops;
};

/* Sets d up and installs its driver binding on a new handle, which it returns (NULL on failure). */
efi_handle_t fake_driver_install(struct fake_driver *d, uint32_t version,
				 const efi_guid_t *consumes, const efi_guid_t *produces,
				 void *interface, bool makes_child);
/* Uninstalls the driver binding; EFI_SUCCESS or the status. */
efi_status_t fake_driver_uninstall(struct fake_driver *d);
#endif
