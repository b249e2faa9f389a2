/*
 * Volatile UEFI variable store in a caller-provided buffer (runtime data).
 * Pure: host tests drive it directly; the runtime services wrap it.
 * `at_runtime` is true after ExitBootServices: only variables with
 * EFI_VARIABLE_RUNTIME_ACCESS are then visible or writable.
 */
#ifndef EFILITE_EFI_VARSTORE_H
#define EFILITE_EFI_VARSTORE_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

#define VARSTORE_MAX_NAME_BYTES 1024u

struct varstore {
	uint8_t *buf; /* 8-byte aligned */
	uint64_t cap, used;
};

void varstore_init(struct varstore *vs, void *buf, uint64_t cap);
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
