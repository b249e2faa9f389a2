// SPDX-License-Identifier: MIT
/*
 * The smallest EFI application that proves it ran: it prints one line on
 * ConOut and returns EFI_SUCCESS. Its only base relocation is the pointer to
 * that line, so it runs correctly only if the loader applied the relocation
 * (images are never loaded at the linker's ImageBase, 0x140000000).
 * The hostile tests build it for other machines and subsystems and break its
 * relocations; the unbroken arm64 build is their control.
 */
#include <stdint.h>

struct text_output {
	void *reset;
	uint64_t (*output_string)(struct text_output *self, const uint16_t *text);
};

/* The leading fields of EFI_SYSTEM_TABLE, up to ConOut. */
struct system_table {
	uint8_t header[24];
	void *firmware_vendor;
	uint32_t firmware_revision;
	void *console_in_handle;
	void *con_in;
	void *console_out_handle;
	struct text_output *con_out;
};

static const uint16_t ran[] = u"efilite-hostile: control app ran\r\n";
/* volatile: the compiler must load the relocated pointer, not fold it. */
static const uint16_t *volatile message = ran;

uint64_t efi_main(void *image, struct system_table *system_table)
{
	(void)image;
	system_table->con_out->output_string(system_table->con_out, message);
	return 0;
}
