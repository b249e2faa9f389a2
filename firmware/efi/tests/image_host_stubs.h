/* The rest of the firmware as the image loader sees it, stubbed (see image_host_stubs.c). */
#ifndef EFILITE_EFI_TESTS_IMAGE_HOST_STUBS_H
#define EFILITE_EFI_TESTS_IMAGE_HOST_STUBS_H

/* Images started: efi_enter_image() calls. */
extern unsigned image_stub_starts;
#endif
