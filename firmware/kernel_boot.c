#include "firmware/kernel_boot.h"

#include <stdbool.h>
#include <stdint.h>

#include "firmware/bootmgr.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/image_header.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"
#include "parsers/cmdline/cmdline.h"
#include "parsers/dt/dt.h"
#include "parsers/pe/pe.h"

static efi_status_t read_kernel(void *ctx, uint64_t offset, void *dst, uint64_t len)
{
	(void)ctx;
	return fwcfg_read(FW_CFG_KERNEL_DATA, (uint32_t)offset, dst, (uint32_t)len) ? EFI_DEVICE_ERROR
									       : EFI_SUCCESS;
}

/*
 * Sizes and places the image from its headers, then DMA's the file once,
 * straight into pages where the EFI core can run it without a copy
 * (efi_image_read()). random_place: unless the command line says nokaslr.
 * The Linux arm64 EFI stub keeps a 2 MiB aligned kernel where it is unless
 * it picks a random place itself, which it leaves to a loader that
 * installed LINUX_EFI_LOADED_IMAGE_FIXED (efi_image_pages() does, for a
 * random place); otherwise it first copies all 27 MB.
 */
static void *load_kernel(uint32_t *size, bool random_place)
{
	struct pe_image img;
	void *kernel = NULL;
	efi_status_t status;
	int err;

	*size = fwcfg_read_u32(FW_CFG_KERNEL_SIZE);
	status = efi_image_read(*size, random_place, read_kernel, NULL, &kernel, &img, &err);
	if (status == EFI_LOAD_ERROR)
		return boot_fail("kernel: %s", pe_strerror(err)), NULL;
	if (status == EFI_OUT_OF_RESOURCES)
		return boot_fail("kernel: no room for %llu bytes in RAM",
				 (unsigned long long)(img.size_of_image > *size ? img.size_of_image
										: *size)),
		       NULL;
	if (status != EFI_SUCCESS)
		return boot_fail("kernel: fw_cfg read failed"), NULL;
	/* The headers passed; this names what is wrong past them (relocations). */
	err = pe_check(kernel, *size, &img);
	if (err) {
		efi_image_pages_release(kernel);
		return boot_fail("kernel: %s", pe_strerror(err)), NULL;
	}
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
static bool offer_initrd(void)
{
	uint32_t size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);

	if (!size)
		return true;
	/* Refused now, rather than the loader failing and booting on without it. */
	if (!efi_pages_available(size))
		return boot_fail("initrd: %u bytes do not fit in free RAM", size), false;
	if (efi_set_initrd(size, fill_initrd))
		return boot_fail("initrd: cannot install the LoadFile2 protocol"), false;
	log_debug("initrd: %u bytes", size);
	return true;
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
		return boot_fail("command line: %s", cmdline_strerror(err)), NULL;
	*bytes = units * sizeof(uint16_t);
	return load_options_utf16;
}

/*
 * The command line: -append from fw_cfg; without it, bootargs of a DT given
 * with -dtb; else none (*len 0). QEMU publishes an empty -append too (its
 * default, one NUL byte): that is no -append.
 */
static bool command_line(const struct dt_tree *dt, const char **text, size_t *len)
{
	uint32_t size = fwcfg_read_u32(FW_CFG_CMDLINE_SIZE);

	*text = NULL;
	*len = 0;
	if (size > MAX_CMDLINE)
		return boot_fail("command line: %u bytes, more than %u", size, MAX_CMDLINE), false;
	if (size > 1) {
		if (fwcfg_read(FW_CFG_CMDLINE_DATA, 0, cmdline, size))
			return boot_fail("command line: fw_cfg read failed"), false;
		if (cmdline[0]) {
			*text = cmdline;
			*len = size;
			return true;
		}
	}
	if (dt_bootargs(dt, text, len) != DT_OK) {
		*text = NULL;
		*len = 0;
	}
	return true;
}

bool kernel_present(void)
{
	return fwcfg_read_u32(FW_CFG_KERNEL_SIZE) != 0;
}

/*
 * The firmware's whole cost up to the kernel, from the first stage's reset
 * timestamp; under QEMU -icount it counts instructions (tools/bench
 * --hardening compares builds with it).
 */
static void log_handover_time(void)
{
	uint64_t freq = timer_frequency(), ticks = timer_ticks() - fw_image_header.stage1_start_ticks;

	log_debug("kernel: started %llu us after reset",
		  (unsigned long long)(freq ? ticks * 1000000 / freq : 0));
}

void kernel_boot(const struct dt_tree *dt)
{
	size_t cmdline_len, options_size = 0;
	const char *text;
	uint16_t *options = NULL;
	uint32_t size, initrd_size;
	void *kernel;
	efi_status_t status;
	bool random_place;

	if (!command_line(dt, &text, &cmdline_len))
		return;
	if (cmdline_len) {
		options = to_load_options(text, cmdline_len, &options_size);
		if (!options)
			return;
	}
	random_place = !cmdline_has_param(text, cmdline_len, "nokaslr");
	kernel = load_kernel(&size, random_place);
	if (!kernel)
		return;
	/*
	 * A random place can split the free RAM an initrd needs in one piece:
	 * whether the initrd fits must not depend on where the kernel fell (it
	 * did, boot to boot), so then the kernel is read again to the place
	 * memmap_allocate() gives, the same every boot, and offer_initrd()
	 * decides from that.
	 */
	initrd_size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);
	if (random_place && initrd_size && !efi_pages_available(initrd_size)) {
		efi_image_pages_release(kernel);
		log_debug("kernel: read again, not at a random place: the initrd needs the room");
		kernel = load_kernel(&size, false);
		if (!kernel)
			return;
	}
	if (!offer_initrd()) {
		efi_image_pages_release(kernel);
		return;
	}
	log_fwcfg_stats();
	log_handover_time();
	status = efi_boot_kernel(kernel, size, options, options_size);
	boot_program_returned("kernel: EFI program failed", status);
}
