#include "firmware/kernel_boot.h"

#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi_boot.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "firmware/platform/psci.h"
#include "parsers/cmdline/cmdline.h"
#include "parsers/dt/dt.h"
#include "parsers/pe/pe.h"

/* Enough for the headers of any image seen in practice (Linux: 64 KiB). */
#define MAX_HEADERS_SIZE 0x10000u

static uint8_t headers[MAX_HEADERS_SIZE];

/*
 * Sizes and places the image from its headers, then DMA's the whole file
 * once, straight into pages where the EFI core can run it without a copy.
 * random_place: unless the command line says nokaslr. The Linux arm64 EFI
 * stub keeps a 2 MiB aligned kernel where it is unless it picks a random
 * place itself, which it leaves to a loader that installed
 * LINUX_EFI_LOADED_IMAGE_FIXED (efi_image_pages() does, for a random place);
 * otherwise it first copies all 27 MB.
 */
static void *load_kernel(uint32_t *size, bool random_place)
{
	struct pe_image img;
	uint32_t head_len;
	uint64_t alloc;
	void *kernel = NULL;
	int err;

	*size = fwcfg_read_u32(FW_CFG_KERNEL_SIZE);
	if (!*size)
		fatal("no kernel: pass one with -kernel");
	head_len = *size < MAX_HEADERS_SIZE ? *size : MAX_HEADERS_SIZE;
	if (fwcfg_read(FW_CFG_KERNEL_DATA, 0, headers, head_len))
		fatal("kernel: fw_cfg read failed");
	err = pe_check_headers(headers, head_len, *size, &img);
	if (err)
		fatal("kernel: %s", pe_strerror(err));
	alloc = img.size_of_image > *size ? img.size_of_image : *size;
	if (random_place)
		kernel = efi_image_pages(alloc, img.section_alignment, true);
	if (!kernel)
		kernel = efi_image_pages(alloc, img.section_alignment, false);
	if (!kernel)
		fatal("kernel: no room for %llu bytes in RAM", (unsigned long long)alloc);
	if (fwcfg_read(FW_CFG_KERNEL_DATA, 0, kernel, *size))
		fatal("kernel: fw_cfg read failed");
	/* The headers passed; this names what is wrong past them (relocations). */
	err = pe_check(kernel, *size, &img);
	if (err)
		fatal("kernel: %s", pe_strerror(err));
	log_debug("kernel: %u bytes at 0x%llx", *size, (unsigned long long)(uintptr_t)kernel);
	return kernel;
}

static void log_fwcfg_stats(void)
{
	struct fwcfg_stats stats = fwcfg_stats();

	log_debug("fw_cfg: %llu DMA transfers, %llu bytes", (unsigned long long)stats.transfers,
		  (unsigned long long)stats.bytes);
}

/* The initrd is the last fw_cfg transfer: the totals are final after it. */
static bool fill_initrd(void *dst, uint64_t size)
{
	bool ok = fwcfg_read(FW_CFG_INITRD_DATA, 0, dst, (uint32_t)size) == 0;

	log_fwcfg_stats();
	return ok;
}

/* The initrd is not read now: LoadFile2 DMA's it into the caller's buffer. */
static void offer_initrd(void)
{
	uint32_t size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);

	if (!size)
		return;
	/* Refused now, rather than the loader failing and booting on without it. */
	if (!efi_pages_available(size))
		fatal("initrd: %u bytes do not fit in free RAM", size);
	if (efi_set_initrd(size, fill_initrd))
		fatal("initrd: cannot install the LoadFile2 protocol");
	log_debug("initrd: %u bytes", size);
}

/*
 * LoadImage copies the options it is given, so one static buffer of each
 * kind serves: nothing is allocated for the program to inherit.
 */
#define MAX_CMDLINE 16384u

static char cmdline[MAX_CMDLINE];
static uint16_t load_options_utf16[MAX_CMDLINE + 1];

static uint16_t *to_load_options(const void *text, size_t len, size_t *bytes)
{
	size_t units;
	int err = cmdline_to_utf16(text, len, load_options_utf16,
				   sizeof(load_options_utf16) / sizeof(load_options_utf16[0]),
				   &units);

	if (err)
		fatal("command line: %s", cmdline_strerror(err));
	*bytes = units * sizeof(uint16_t);
	return load_options_utf16;
}

/*
 * The command line: -append from fw_cfg; without it, bootargs of a DT given
 * with -dtb; else none (*len 0).
 */
static const char *command_line(const struct dt_tree *dt, size_t *len)
{
	uint32_t size = fwcfg_read_u32(FW_CFG_CMDLINE_SIZE);
	const char *bootargs;

	if (size > MAX_CMDLINE)
		fatal("command line: %u bytes, more than %u", size, MAX_CMDLINE);
	*len = size;
	if (size) {
		if (fwcfg_read(FW_CFG_CMDLINE_DATA, 0, cmdline, size))
			fatal("command line: fw_cfg read failed");
		return cmdline;
	}
	if (dt_bootargs(dt, &bootargs, len) == DT_OK)
		return bootargs;
	*len = 0;
	return NULL;
}

_Noreturn void kernel_boot(const struct dt_tree *dt)
{
	size_t cmdline_len, options_size = 0;
	const char *text = command_line(dt, &cmdline_len);
	uint16_t *options = cmdline_len ? to_load_options(text, cmdline_len, &options_size) : NULL;
	uint32_t size;
	void *kernel = load_kernel(&size, !cmdline_has_param(text, cmdline_len, "nokaslr"));
	efi_status_t status;

	offer_initrd();
	log_fwcfg_stats();
	status = efi_boot_kernel(kernel, size, options, options_size);
	if (status != EFI_SUCCESS)
		fatal("kernel: EFI program failed: status 0x%llx", (unsigned long long)status);
	log_info("EFI program exited successfully, powering off");
	psci_system_off();
}
