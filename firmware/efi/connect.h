/*
 * ConnectController/DisconnectController over the protocol database: the
 * EFI driver model. A driver is a handle carrying EFI_DRIVER_BINDING_PROTOCOL
 * (installed by the firmware or by an application). Connecting a controller
 * asks each driver, highest Version first, whether it supports the
 * controller and starts the ones that do; a started driver opens the
 * controller's protocols BY_DRIVER and may create child handles (opened
 * BY_CHILD_CONTROLLER), which a recursive connect connects in turn.
 * Pure over the database: no globals, host tests drive it with fake drivers.
 */
#ifndef EFILITE_EFI_CONNECT_H
#define EFILITE_EFI_CONNECT_H
#include <stdbool.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/protocol_db.h"

#define CONNECT_MAX_DEPTH 8 /* levels of children a recursive connect reaches */

/*
 * ConnectController. drivers: NULL or a NULL-terminated list of driver
 * binding handles tried before all others. EFI_SUCCESS if a driver started,
 * EFI_NOT_FOUND if none did, EFI_INVALID_PARAMETER for a bad controller.
 */
efi_status_t db_connect(struct protocol_db *db, efi_handle_t controller, efi_handle_t *drivers,
			efi_device_path_t *remaining, bool recursive);
/*
 * DisconnectController: stops driver (NULL: every driver managing the
 * controller) for child (NULL: all its children, then the controller).
 */
efi_status_t db_disconnect(struct protocol_db *db, efi_handle_t controller, efi_handle_t driver,
			   efi_handle_t child);
/*
 * Installs a firmware driver: its binding on a new handle, which becomes the
 * binding's driver_binding_handle; image is the driver's image handle.
 */
efi_status_t db_install_driver(struct protocol_db *db, efi_driver_binding_t *binding,
			       efi_handle_t image);
#endif
