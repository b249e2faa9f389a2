/*
 * Links the EFI core into a bare-metal image (same objects, same linker
 * script as the firmware) so runtime_isolation_test.sh can inspect what the
 * runtime range's code references. Never booted.
 */
#include "firmware/efi/efi_boot.h"

_Noreturn void fw_main(void *dtb);

_Noreturn void fw_main(void *dtb)
{
	(void)dtb;
	efi_init(NULL, 0);
	for (;;)
		;
}
