/*
 * Entering an EFI image and leaving it through Exit(). efi_enter_image saves
 * the callee-saved state (x19-x30, sp, d8-d15: the caller of StartImage may
 * itself be an EFI image using FP) in ctx and calls the entry point; when the
 * image returns, or calls Exit() which runs efi_leave_image, that state is
 * restored and efi_enter_image returns the status.
 *
 * struct efi_image_ctx: x19..x30 at 0..95, sp at 96, d8..d15 at 104..167.
 */
	.arch_extension fp
	.text

	/* efi_status_t efi_enter_image(entry, handle, system_table, ctx) */
	.global efi_enter_image
	.type efi_enter_image, %function
efi_enter_image:
	stp	x19, x20, [x3, #0]
	stp	x21, x22, [x3, #16]
	stp	x23, x24, [x3, #32]
	stp	x25, x26, [x3, #48]
	stp	x27, x28, [x3, #64]
	stp	x29, x30, [x3, #80]
	mov	x4, sp
	str	x4, [x3, #96]
	stp	d8, d9, [x3, #104]
	stp	d10, d11, [x3, #120]
	stp	d12, d13, [x3, #136]
	stp	d14, d15, [x3, #152]
	mov	x19, x3			/* callee-saved: survives the image */
	mov	x16, x0
	mov	x0, x1
	mov	x1, x2
	blr	x16
	mov	x1, x0
	mov	x0, x19
	b	efi_leave_image
	.size efi_enter_image, . - efi_enter_image

	/* _Noreturn void efi_leave_image(ctx, status): returns from efi_enter_image */
	.global efi_leave_image
	.type efi_leave_image, %function
efi_leave_image:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x4, [x0, #96]
	mov	sp, x4
	ldp	d8, d9, [x0, #104]
	ldp	d10, d11, [x0, #120]
	ldp	d12, d13, [x0, #136]
	ldp	d14, d15, [x0, #152]
	mov	x0, x1
	ret
	.size efi_leave_image, . - efi_leave_image
