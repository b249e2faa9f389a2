/* Unix seconds (PL031) -> EFI_TIME in UTC (time_zone 0). Runtime code. */
#ifndef EFILITE_EFI_EFI_TIME_H
#define EFILITE_EFI_EFI_TIME_H
#include <stdint.h>

#include "firmware/efi/efi.h"

void efi_time_from_unix(uint64_t seconds, efi_time_t *t);
#endif
