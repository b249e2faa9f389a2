/* SPDX-License-Identifier: MIT */
/*
 * Calls a function 4 bytes past its BTI landing pad through a pointer, as a
 * forged function pointer would. The app is built with BTI landing pads
 * (-mbranch-protection=bti) twice: bti_probe_marked also declares it in its
 * debug directory (IMAGE_DLLCHARACTERISTICS_EX_FORWARD_CFI_COMPAT, added by
 * add_forward_cfi.py), so the firmware guards its code pages and the call
 * must end in the firmware's named BTI error; bti_probe_unmarked does not,
 * keeps unguarded pages, and the call runs.
 */
#include "qemu-tests/conformance/test.h"

/* Top-level asm: no landing pad added by the compiler, the one written here only. */
__asm__(".text\n"
	".p2align 2\n"
	".globl bti_probe_target\n"
	"bti_probe_target:\n"
	"\thint #34\n" /* bti c */
	"\tnop\n"      /* bti_probe_target + 4: not a landing pad */
	"\tret\n");
void bti_probe_target(void);

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	void (*volatile past_pad)(void) =
		(void (*)(void))((uintptr_t)bti_probe_target + 4);

	t_init(image, st);
	t_puts("bti_probe: calling past a landing pad\n");
	past_pad();
	t_puts("bti_probe: the call ran\n");
	return EFI_SUCCESS;
}
