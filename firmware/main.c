/*
 * From QEMU's DTB to a configured platform, then the EFI core, the tables
 * QEMU offers (ACPI or the DT itself, SMBIOS) and the boot manager (-kernel,
 * else the disks).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "firmware/acpi_tables.h"
#include "firmware/bootmgr.h"
#include "firmware/device_claim.h"
#include "firmware/disks/disks.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/efi/varstore_flash.h"
#include "firmware/fwcfg_files.h"
#include "firmware/log_option.h"
#include "firmware/platform/console.h"
#include "firmware/platform/exception.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/image_header.h"
#include "firmware/platform/hardening.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/psci.h"
#include "firmware/platform/rng.h"
#include "firmware/platform/rtc.h"
#include "firmware/platform/sysreg.h"
#include "firmware/platform/timer.h"
#include "firmware/smbios_tables.h"
#include "parsers/bytes/bytes.h"
#ifdef EFILITE_PROBES
#include "firmware/probes/probes.h" /* test images only */
#endif
#include "parsers/dt/dt.h"

#define EFILITE_VERSION "0.1.0"
#define MAX_RAM_REGIONS 16

struct platform {
	struct mmu_region ram[MAX_RAM_REGIONS];
	size_t ram_count;
	uint64_t ram_bytes;
	struct dt_reg console, fwcfg, rtc, var_flash;
	bool has_rtc, has_var_flash;
	int var_flash_status;
};

static void dt_require(int status, const char *what)
{
	if (status != DT_OK)
		fatal("device tree: %s: %s", what, dt_strerror(status));
}

static void find_ram(const struct dt_tree *dt, struct platform *p)
{
	struct dt_reg regs[MAX_RAM_REGIONS];

	dt_require(dt_memory(dt, regs, MAX_RAM_REGIONS, &p->ram_count), "memory");
	p->ram_bytes = 0;
	for (size_t i = 0; i < p->ram_count; i++) {
		p->ram[i].base = regs[i].base;
		p->ram[i].size = regs[i].size;
		if (regs[i].size > UINT64_MAX - p->ram_bytes)
			fatal("device tree: memory: total size overflows");
		p->ram_bytes += regs[i].size;
	}
}

/* Without a /psci node keep the default: SMC at EL2, HVC at EL1. */
static void find_psci(const struct dt_tree *dt)
{
	bool use_smc;
	int status = dt_psci_use_smc(dt, &use_smc);

	if (status == DT_ERR_NOT_FOUND)
		return;
	dt_require(status, "psci");
	psci_init(use_smc);
}

/* QEMU virt's "cfi-flash" node: bank 0 holds this firmware, bank 1 the variables. */
static void find_variable_flash(const struct dt_tree *dt, struct platform *p)
{
	struct dt_reg banks[2];
	size_t count = 0;
	int status = dt_compatible_node_regs(dt, "cfi-flash", banks, 2, &count);

	p->has_var_flash = status == DT_OK && count == 2;
	p->var_flash_status = status;
	if (!p->has_var_flash)
		return;
	p->var_flash = banks[1];
	if (p->var_flash.size > EFI_VARIABLE_FLASH_MAP_MAX)
		p->var_flash.size = EFI_VARIABLE_FLASH_MAP_MAX; /* the store window is inside */
}

static void find_devices(const struct dt_tree *dt, struct platform *p)
{
	int status;

	dt_require(dt_stdout_reg(dt, &p->console), "/chosen stdout-path");
	dt_require(dt_compatible_reg(dt, "qemu,fw-cfg-mmio", &p->fwcfg), "fw_cfg");
	status = dt_compatible_reg(dt, "arm,pl031", &p->rtc);
	p->has_rtc = status == DT_OK;
	if (status != DT_ERR_NOT_FOUND && status != DT_ERR_DISABLED)
		dt_require(status, "PL031 RTC");
	find_variable_flash(dt, p);
}

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/*
 * Every device region, before any is mapped or touched: faults here are
 * reported on the boot console, the PL011 the preliminary tables map. The
 * console comes last, so that a console moved onto another device is the
 * one named.
 */
static void check_devices(const struct platform *p)
{
	struct devices_range ram[MAX_RAM_REGIONS];
	struct devices_layout layout = {
		.ram = ram,
		.ram_count = p->ram_count,
		.flash = { FLASH_BASE, FLASH_SIZE },
		.dtb = { DTB_BASE, DTB_MAX_SIZE },
		.firmware_ram = { addr_of(__fw_ram_start), addr_of(__fw_ram_end) - addr_of(__fw_ram_start) },
		.pa_limit = mmu_pa_limit(),
	};

	for (size_t i = 0; i < p->ram_count; i++)
		ram[i] = (struct devices_range){ p->ram[i].base, p->ram[i].size };
	device_claim_init(&layout);
	if (device_claim("fw_cfg", p->fwcfg.base, p->fwcfg.size, FWCFG_REG_ALIGN, FWCFG_REG_END) ||
	    (p->has_rtc && device_claim("PL031 RTC", p->rtc.base, p->rtc.size, PL031_REG_ALIGN,
					PL031_REG_END)) ||
	    device_claim("console", p->console.base, p->console.size, PL011_REG_ALIGN,
			 PL011_REG_END))
		psci_boot_system_off();
}

static void map_device(const struct dt_reg *reg, const char *what)
{
	if (mmu_map_device(reg->base, reg->size))
		fatal("cannot map %s at 0x%llx (size 0x%llx)", what, (unsigned long long)reg->base,
		      (unsigned long long)reg->size);
	exception_name_device(what, reg->base, reg->size);
}

/* What expanding the image cost (tools/bench reads this line). */
static void log_first_stage(void)
{
	uint64_t ticks = fw_image_header.stage1_end_ticks - fw_image_header.stage1_start_ticks;
	uint64_t freq = timer_frequency();

	log_debug("first stage: %llu-byte image expanded, %llu us from reset",
		  (unsigned long long)(fw_image_header.image_end - (uintptr_t)__image_start),
		  (unsigned long long)(freq ? ticks * 1000000 / freq : 0));
}

static void log_platform(const struct platform *p)
{
	size_t tables_used, tables_total;

	mmu_pool_usage(&tables_used, &tables_total);
	log_debug("console: PL011 at 0x%llx", (unsigned long long)p->console.base);
	for (size_t i = 0; i < p->ram_count; i++)
		log_debug("RAM: [0x%llx, 0x%llx)", (unsigned long long)p->ram[i].base,
			  (unsigned long long)(p->ram[i].base + p->ram[i].size));
	log_debug("firmware RAM: [0x%llx, 0x%llx), runtime [0x%llx, 0x%llx)",
		  (unsigned long long)(uintptr_t)__fw_ram_start,
		  (unsigned long long)(uintptr_t)__fw_ram_end,
		  (unsigned long long)(uintptr_t)__rt_start, (unsigned long long)(uintptr_t)__rt_end);
	log_debug("page tables: %zu of %zu pages", tables_used, tables_total);
	log_debug("fw_cfg: DMA at 0x%llx", (unsigned long long)p->fwcfg.base);
	if (p->has_rtc)
		log_debug("RTC: PL031 at 0x%llx, %u s since 1970", (unsigned long long)p->rtc.base,
			  rtc_read_seconds());
	log_debug("timer: %llu Hz", (unsigned long long)timer_frequency());
	log_first_stage();
	log_debug("RNG: %s", rng_source());
	hardening_log();
}

/*
 * The DT the OS gets. While the runtime services write the variable flash,
 * the OS must not drive it too (Linux's physmap driver would bind to
 * cfi-flash), so it gets a copy without that node, as edk2 does.
 */
static void *dt_for_os(void *dtb)
{
	uint32_t size = bytes_be32((const uint8_t *)dtb + 4);
	void *copy;

	if (!efi_variable_flash_in_use())
		return dtb;
	copy = efi_allocate_pages(size, EFI_PAGE_SIZE, EFI_ACPI_RECLAIM_MEMORY);
	if (!copy)
		fatal("no memory for the device tree handed to the OS");
	memcpy(copy, dtb, size);
	if (dt_hide_compatible(copy, size, "cfi-flash") != DT_OK)
		return dtb; /* e.g. a -dtb without the flash node */
	log_debug("variables: the DT handed to the OS leaves out the flash");
	return copy;
}

/*
 * The DTB window is mapped read-only and stays reserved: in DT mode it is the
 * configuration table the OS reads, in EfiACPIReclaimMemory as EBBR asks
 * (the OS keeps it until it has read it).
 */
static void start_efi(const struct platform *p, void *dtb)
{
	struct efi_ram_region ram[MAX_RAM_REGIONS];

	for (size_t i = 0; i < p->ram_count; i++) {
		ram[i].base = p->ram[i].base;
		ram[i].size = p->ram[i].size;
	}
	if (efi_init(ram, p->ram_count) != EFI_SUCCESS)
		fatal("cannot set up the EFI memory map");
	if (efi_reserve(DTB_BASE, DTB_MAX_SIZE, EFI_BOOT_SERVICES_DATA) != EFI_SUCCESS)
		fatal("cannot reserve the device tree");
	if (acpi_tables_install())
		log_debug("booting in ACPI mode");
	else if (efi_reserve((uint64_t)(uintptr_t)dtb, bytes_be32((const uint8_t *)dtb + 4),
			     EFI_ACPI_RECLAIM_MEMORY) == EFI_SUCCESS &&
		 efi_install_config_table(&efi_dtb_table_guid, dt_for_os(dtb)) == EFI_SUCCESS)
		log_debug("booting in DT mode");
	else
		fatal("cannot install the device tree configuration table");
	smbios_tables_install();
}

_Noreturn void fw_main(void *dtb);

_Noreturn void fw_main(void *dtb)
{
	struct platform p;
	struct dt_tree dt;

	/*
	 * hardening_init() (start.S) brought up the boot console and the PSCI
	 * conduit. The one full check of the blob; every lookup below reuses it.
	 */
	dt_require(dt_open(dtb, DTB_MAX_SIZE, &dt), "invalid blob");
	find_psci(&dt);
	find_ram(&dt, &p);
	find_devices(&dt, &p);
	check_devices(&p);
	if (p.has_var_flash && device_claim("variable flash", p.var_flash.base, p.var_flash.size,
					    4, EFI_VARIABLE_FLASH_MIN_WINDOW))
		p.has_var_flash = false; /* left out: the variables stay volatile */

	map_device(&p.console, "console");
	map_device(&p.fwcfg, "fw_cfg");
	if (p.has_rtc)
		map_device(&p.rtc, "PL031 RTC");
	if (p.has_var_flash)
		map_device(&p.var_flash, "variable flash");
	/* Where a report goes when the DT's console does not answer (exception.c). */
	if (mmu_map_device(BOOT_PL011_BASE, PL011_REG_END))
		fatal("cannot map the boot console at 0x%llx", (unsigned long long)BOOT_PL011_BASE);
	if (mmu_init(p.ram, p.ram_count))
		fatal("cannot build the page tables for the DT memory map");
	if (!console_answers(p.console.base, p.console.size))
		fatal("console at 0x%llx does not respond (no PL011 there)",
		      (unsigned long long)p.console.base);
	console_init(p.console.base);
	if (p.has_rtc)
		rtc_init(p.rtc.base);
	if (!fwcfg_init(p.fwcfg.base))
		fatal("fw_cfg at 0x%llx: no QEMU signature or no DMA interface",
		      (unsigned long long)p.fwcfg.base);
	fwcfg_files_load();
	log_option_apply();
#ifdef EFILITE_PROBES
	probes_run();
#endif
	rng_init();

	log_banner("efilite " EFILITE_VERSION ": EL%u, %llu MiB RAM", current_el(),
		   (unsigned long long)(p.ram_bytes >> 20));
	log_platform(&p);
	if (p.has_var_flash)
		efi_variable_flash_probe(p.var_flash.base, p.var_flash.size);
	else
		log_debug("variables: no second CFI flash bank in the DT (%s): volatile store",
			  p.var_flash_status == DT_OK ? "one bank" : dt_strerror(p.var_flash_status));

	start_efi(&p, dtb);
	disks_init(&dt);
	bootmgr_run(&dt);
}
