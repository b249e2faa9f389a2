/*
 * UEFI variables: a RAM copy of every variable (runtime data) in the record
 * format of parsers/varstore, and, once varstore_attach() took a flash
 * window, the non-volatile ones persisted there before SetVariable returns.
 * Pure: host tests and fuzzers drive it with a RAM flash backend; the
 * runtime services wrap it. `at_runtime` is true after ExitBootServices: only
 * variables with EFI_VARIABLE_RUNTIME_ACCESS are then visible or writable.
 */
#ifndef EFILITE_EFI_VARSTORE_H
#define EFILITE_EFI_VARSTORE_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"
#include "parsers/varstore/varstore.h"

struct varstore {
	uint8_t *buf; /* 8-byte aligned */
	uint64_t cap, used;
	uint64_t nv_used; /* bytes of non-volatile entries: a compacted flash area's need */
	bool persistent;  /* non-volatile variables are written to `log` (false: no
			     bank, or one known to be read-only: they stay in RAM) */
	int unformatted;  /* VARSTORE_OK, or why the window holds no store yet (the
			     first write to flash formats one; `log` knows the window) */
	bool ask_first;	  /* the bank is asked whether it takes writes before the
			     first one (varstore_flash_read_only()) */
	struct varstore_log log;
};

void varstore_init(struct varstore *vs, void *buf, uint64_t cap);

/* What varstore_attach() found in the flash window. */
struct varstore_attach_result {
	int check;	/* varstore_check() status: VARSTORE_OK, or why there is no store yet */
	struct varstore_info info; /* valid when check == VARSTORE_OK */
};

/*
 * Committed records an area of a window can hold (each takes >= 64 bytes), a
 * power of two for window sizes that are. varstore_attach() needs
 * VARSTORE_ATTACH_SCRATCH_WORDS(window) words of scratch memory.
 */
#define VARSTORE_RECORD_SLOTS(window) ((uint32_t)((window) / 2 / 64))
#define VARSTORE_ATTACH_SCRATCH_WORDS(window) (4 * (uint64_t)VARSTORE_RECORD_SLOTS(window))

/*
 * Loads the flash store into RAM and persists non-volatile variables from
 * then on. map is the flash window (two areas of whole erase blocks, a power
 * of two), image a RAM copy of it that the parser checks (flash reads may
 * not be combined or unaligned). Writes nothing: a window with no valid
 * store (blank, all zero or garbage) holds no variables, and is formatted by
 * the first SetVariable that writes to flash (vs->unformatted says why until
 * then), so a boot that writes no non-volatile variable leaves it as it is.
 * Call on an empty store, at boot. The parser reads the two area headers and
 * the active area of image, nothing else.
 */
void varstore_attach(struct varstore *vs, const volatile uint8_t *map, const uint8_t *image,
		     uint64_t window_size, uint64_t block_size, uint32_t *scratch,
		     struct varstore_attach_result *result);
/*
 * varstore_attach() for a window that holds no store (check: why, from
 * varstore_check_headers()), with no copy of it to read.
 */
void varstore_attach_empty(struct varstore *vs, const volatile uint8_t *map,
			   uint64_t window_size, uint64_t block_size, int check);
/*
 * Formats the window of an attached store that has none (vs->unformatted):
 * true if it is now an empty store; false (the bank failed) leaves it
 * unformatted, for the next try. SetVariable calls it when needed, and
 * fails with EFI_DEVICE_ERROR when it fails.
 */
bool varstore_format(struct varstore *vs);
/*
 * Boot: appends a committed flash record of `size` bytes as it is (the RAM
 * copy has the record layout and reads only its fields); its name must not
 * be in the store yet (no lookup). False if full.
 */
bool varstore_append_record(struct varstore *vs, const uint8_t *record, uint64_t size);

/* The runtime services, with UEFI's arguments and statuses (rules: varstore.c). */
efi_status_t varstore_get(const struct varstore *vs, const efi_char16_t *name,
			  const efi_guid_t *guid, uint32_t *attributes, uint64_t *data_size,
			  void *data, bool at_runtime);
efi_status_t varstore_next_name(const struct varstore *vs, uint64_t *name_size,
				efi_char16_t *name, efi_guid_t *guid, bool at_runtime);
efi_status_t varstore_set(struct varstore *vs, const efi_char16_t *name, const efi_guid_t *guid,
			  uint32_t attributes, uint64_t data_size, const void *data,
			  bool at_runtime);
efi_status_t varstore_query(const struct varstore *vs, uint32_t attributes,
			    uint64_t *max_storage, uint64_t *remaining, uint64_t *max_variable,
			    bool at_runtime);
#endif
