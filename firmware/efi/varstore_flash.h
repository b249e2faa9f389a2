/*
 * The variable store's flash bank: QEMU virt's second CFI bank, which the
 * DT names. main.c probes it once mapped; efi_init() then reserves its
 * window as runtime MMIO and loads the store into the RAM copy. Without a
 * usable bank the variables stay volatile (a debug line says why).
 */
#ifndef EFILITE_EFI_VARSTORE_FLASH_H
#define EFILITE_EFI_VARSTORE_FLASH_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/memmap.h"
#include "firmware/efi/varstore.h"

/* How much of the bank main.c maps before mmu_init(): the store window is inside. */
#define EFI_VARIABLE_FLASH_MAP_MAX (4ull << 20)
/* The smallest store window: two areas of 256 KiB. */
#define EFI_VARIABLE_FLASH_MIN_WINDOW (512ull << 10)

/* Boot: queries the bank at base (mapped) and picks the store window. */
void efi_variable_flash_probe(uint64_t base, uint64_t size);
/* RAM the store's copy of the flash variables needs (0 without a usable bank). */
uint64_t efi_variable_flash_ram_bytes(void);
/* Declares the store window as runtime MMIO, so the OS maps it for SetVariable. */
efi_status_t efi_variable_flash_reserve(struct memmap *map);
/* Loads the store into vs (formatted later, when needed), logging what it found. */
void efi_variable_flash_attach(struct varstore *vs, struct memmap *map);
/* What the first non-volatile SetVariable did with the window. */
enum efi_variable_format {
	EFI_VARIABLE_FORMATTED,	     /* formatted it (it had no store): the store persists */
	EFI_VARIABLE_FORMAT_FAILED,  /* tried and failed: that write failed too */
	EFI_VARIABLE_READ_ONLY,	     /* left it: the bank refuses writes, the store is volatile */
};
/* Boot services: the line for that (check: why the window had no store, or VARSTORE_OK). */
void efi_variable_flash_formatted(int check, enum efi_variable_format outcome);
/*
 * Whether the store was damaged, its variables not all read (a Boot#### the
 * user meant may be among them): why, and the byte its log ends at (0: the
 * store was not read at all). A blank or all-zero bank is no damage.
 */
bool efi_variable_flash_damage(const char **why, uint64_t *end);
/* Whether the store lives in the flash (the OS must then leave the bank alone). */
bool efi_variable_flash_in_use(void);
/* The flash address runtime code follows, for SetVirtualAddressMap to convert. */
uint64_t *efi_variable_flash_base_ref(void);
#endif
