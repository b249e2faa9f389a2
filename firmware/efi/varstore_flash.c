/*
 * Glue between the variable store and the CFI driver: the store writer's
 * flash backend (runtime code, offsets within the store window) and the boot
 * steps of varstore_flash.h.
 *
 * The window is the start of the bank: two areas of max(256 KiB, one erase
 * block). A window without a store is left untouched until the first
 * non-volatile SetVariable formats it (varstore.c): QEMU shows a bank without
 * a backing file as all zeros, on every -kernel boot, and erasing it there
 * costs 15-37 ms of QEMU's time for nothing. All zero (also a new zero-filled
 * vars.fd) gets debug lines only; blank (0xFF) or garbage flash info lines:
 * at boot (left as it is), and when formatted during boot services (runtime
 * code cannot log). A read-only bank (QEMU's readonly=on drive) is found by
 * asking the chip without writing anything (cfi_write_probe(): two mode
 * changes and back, each a rebuild of QEMU's memory map) before the first
 * non-volatile write; the store turns volatile then (one with variables stays
 * loaded). With the debug log on, a window with a store is asked at boot
 * instead, so that the line says so; either way the same writes succeed.
 * Boot writes nothing to flash.
 */
#include "firmware/efi/varstore_flash.h"

#include "firmware/drivers/flash/cfi.h"
#include "firmware/efi/rt.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"

#define MIN_AREA (EFI_VARIABLE_FLASH_MIN_WINDOW / 2)

static struct cfi_flash flash RUNTIME_DATA;
static uint64_t window_size RUNTIME_DATA; /* 0: no usable bank */
static bool in_use; /* the store was loaded or formatted there and is written there */
/* a damaged store: why its variables were not all read (VARSTORE_OK: none), and where */
static int damage;
static uint64_t damage_at; /* the byte its log ends at; 0: not read at all */

RUNTIME_CODE int varstore_flash_program(uint64_t offset, const uint8_t *src, uint64_t len)
{
	if (offset > window_size || len > window_size - offset)
		return -1;
	return cfi_program(&flash, offset, src, len) == CFI_OK ? 0 : -1;
}

RUNTIME_CODE int varstore_flash_erase(uint64_t offset, uint64_t size)
{
	if (offset > window_size || size > window_size - offset)
		return -1;
	for (uint64_t b = offset; b < offset + size; b += flash.block_size)
		if (cfi_erase_block(&flash, b) != CFI_OK)
			return -1;
	return 0;
}

bool efi_variable_flash_damage(const char **why, uint64_t *end)
{
	if (damage == VARSTORE_OK)
		return false;
	*why = varstore_strerror(damage);
	*end = damage_at;
	return true;
}

bool efi_variable_flash_in_use(void)
{
	return in_use;
}

RUNTIME_CODE uint64_t *efi_variable_flash_base_ref(void)
{
	return &flash.base;
}

void efi_variable_flash_probe(uint64_t base, uint64_t size)
{
	int status = cfi_probe(&flash, base, size);
	uint64_t area;

	area = flash.block_size > MIN_AREA ? flash.block_size : MIN_AREA;
	if (status == CFI_OK && (2 * area > size || 2 * area > EFI_VARIABLE_FLASH_MAP_MAX))
		status = CFI_ERR_GEOMETRY; /* blocks too large for two areas */
	if (status != CFI_OK) {
		log_debug("variables: flash 0x%llx: %s: volatile store", (unsigned long long)base,
			  cfi_strerror(status));
		/*
		 * No bank: nothing for SetVirtualAddressMap to convert. The bank's
		 * address stays out of the runtime map, so converting a pointer to
		 * it would fail the call (EFI_NO_MAPPING).
		 */
		flash.base = 0;
		return;
	}
	window_size = 2 * area;
	log_debug("variables: flash 0x%llx: %llu KiB blocks, %u chip(s), window %llu KiB",
		  (unsigned long long)base, (unsigned long long)(flash.block_size >> 10),
		  flash.lanes, (unsigned long long)(window_size >> 10));
}

uint64_t efi_variable_flash_ram_bytes(void)
{
	return window_size / 2;
}

efi_status_t efi_variable_flash_reserve(struct memmap *map)
{
	if (!window_size)
		return EFI_SUCCESS;
	return memmap_add_mmio(map, flash.base, window_size, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME);
}

/*
 * The parser reads a RAM copy: flash is Device memory, where the compiler's
 * combined or unaligned loads would fault. Aligned 8-byte loads copy it.
 */
static void copy_from_flash(void *dst, uint64_t offset, uint64_t size)
{
	const volatile uint64_t *src = (const volatile uint64_t *)(uintptr_t)(flash.base + offset);
	uint64_t *d = dst;

	for (uint64_t i = 0; i < size / 8; i++)
		d[i] = src[i];
}

/*
 * Whether the chip refuses writes (read-only drive, locked or VPP low), asked
 * without writing. A chip that gives no clear answer counts as writable: a
 * write that then fails returns EFI_DEVICE_ERROR, never a silent RAM-only
 * success.
 */
RUNTIME_CODE int varstore_flash_read_only(void)
{
	int status = cfi_write_probe(&flash, 0);

	if (status == CFI_OK || status == CFI_ERR_NO_ANSWER || status == CFI_ERR_TIMEOUT)
		return 0;
	flash.last_error = status;
	return 1;
}

/* QEMU shows a bank without a file as zeros: no news worth a line by default */
static enum log_level no_store_level(int check)
{
	return check == VARSTORE_ERR_ZERO ? LOG_DEBUG : LOG_INFO;
}

void efi_variable_flash_formatted(int check, enum efi_variable_format outcome)
{
	if (outcome == EFI_VARIABLE_READ_ONLY)
		log_debug("variables: flash 0x%llx: %s (read-only): %s, volatile store",
			  (unsigned long long)flash.base, cfi_strerror(flash.last_error),
			  check == VARSTORE_OK ? "store loaded" : varstore_strerror(check));
	else if (outcome == EFI_VARIABLE_FORMATTED)
		log_msg(no_store_level(check), "variables: flash 0x%llx: %s: formatted a new store",
			(unsigned long long)flash.base, varstore_strerror(check));
	else
		log_info("variables: flash 0x%llx: formatting a new store failed (%s): "
			 "non-volatile SetVariable fails with EFI_DEVICE_ERROR",
			 (unsigned long long)flash.base,
			 flash.last_error != CFI_OK ? cfi_strerror(flash.last_error)
						    : "read back wrong");
}

static void log_attached(const struct varstore_attach_result *r)
{
	const struct varstore_info *i = &r->info;

	if (r->check != VARSTORE_OK) {
		/* a blank or zero bank never held variables; garbage may have */
		if (r->check != VARSTORE_ERR_ZERO && r->check != VARSTORE_ERR_BLANK)
			damage = r->check;
		log_msg(no_store_level(r->check),
			"variables: flash 0x%llx: %s: left as it is until a non-volatile "
			"SetVariable formats a new store",
			(unsigned long long)flash.base, varstore_strerror(r->check));
		return;
	}
	log_debug("variables: %u records, area %u, generation %llu, log %llu of %llu bytes",
		  i->records, i->active, (unsigned long long)i->generation,
		  (unsigned long long)i->end, (unsigned long long)i->area_size);
	if (i->skipped)
		log_debug("variables: %u records left out (%s)", i->skipped,
			  varstore_strerror(i->skip_reason));
	/* records past a damaged one (not a write cut short) are lost: said so */
	if (i->tail != VARSTORE_OK && i->unread) {
		damage = i->tail;
		damage_at = i->end;
		log_info("variables: log ends early at byte %llu (%s), %llu bytes of records "
			 "past it unread: the next write compacts the store without them",
			 (unsigned long long)i->end, varstore_strerror(i->tail),
			 (unsigned long long)i->unread);
	} else if (i->tail != VARSTORE_OK)
		log_info("variables: log ends early (%s): the next write compacts it",
			 varstore_strerror(i->tail));
}

static void log_read_time(uint64_t start)
{
	log_debug("variables: flash store read in %llu us",
		  (unsigned long long)((timer_ticks() - start) * 1000000 / timer_frequency()));
}

/*
 * The area headers first (two 64-byte reads): a window without a store (every
 * plain -kernel boot: QEMU's zero bank) is left with no copy and no parse.
 * Else the copy holds what the parser reads: both headers and the active area.
 */
void efi_variable_flash_attach(struct varstore *vs, struct memmap *map)
{
	struct varstore_attach_result result;
	uint64_t scratch_bytes = VARSTORE_ATTACH_SCRATCH_WORDS(window_size) * 4;
	uint64_t pages = (window_size + scratch_bytes) / EFI_PAGE_SIZE, copy = 0;
	uint64_t start = timer_ticks(), area = window_size / 2;
	const volatile uint8_t *window = (const volatile uint8_t *)(uintptr_t)flash.base;
	uint64_t headers[2][VARSTORE_AREA_HEADER_SIZE / 8];
	unsigned active = 0;

	if (!window_size)
		return;
	copy_from_flash(headers[0], 0, sizeof(headers[0]));
	copy_from_flash(headers[1], area, sizeof(headers[1]));
	result.check = varstore_check_headers(headers[0], headers[1], area, &active);
	if (result.check != VARSTORE_OK) {
		varstore_attach_empty(vs, window, window_size, flash.block_size, result.check);
		log_attached(&result);
		in_use = true;
		log_read_time(start);
		return;
	}
	if (memmap_allocate(map, EFI_ALLOCATE_ANY_PAGES, EFI_BOOT_SERVICES_DATA, pages,
			    EFI_PAGE_SIZE, &copy) != EFI_SUCCESS) {
		log_info("variables: no RAM for the flash store: volatile store");
		return;
	}
	copy_from_flash((uint8_t *)(uintptr_t)copy + (1 - active) * area, (1 - active) * area,
			VARSTORE_AREA_HEADER_SIZE);
	copy_from_flash((uint8_t *)(uintptr_t)copy + active * area, active * area, area);
	varstore_attach(vs, window, (const uint8_t *)(uintptr_t)copy, window_size,
			flash.block_size, (uint32_t *)(uintptr_t)(copy + window_size), &result);
	log_attached(&result);
	in_use = true;
	if (result.check == VARSTORE_OK && log_enabled(LOG_DEBUG)) {
		vs->ask_first = false;
		if (varstore_flash_read_only()) {
			vs->persistent = false;
			efi_variable_flash_formatted(VARSTORE_OK, EFI_VARIABLE_READ_ONLY);
		}
	}
	memmap_free(map, copy, pages);
	log_read_time(start);
}
