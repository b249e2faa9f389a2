/* Unix seconds (PL031) <-> EFI_TIME; the clock counts UTC. Runtime code. */
#ifndef EFILITE_EFI_EFI_TIME_H
#define EFILITE_EFI_EFI_TIME_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

void efi_time_from_unix(uint64_t seconds, efi_time_t *t);
/*
 * A valid EFI_TIME (UEFI 2.10 8.3: ranges, day within its month, time zone
 * -1440..1440 minutes or unspecified, which is taken as UTC) -> Unix seconds
 * in UTC. False if a field is out of range or the result is before 1970 or
 * past the PL031's 32-bit counter.
 */
bool efi_time_to_unix(const efi_time_t *t, uint32_t *seconds);
#endif
