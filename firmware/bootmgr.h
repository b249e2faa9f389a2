/* The boot manager: what to boot, tried in order until one runs (bootmgr.c). */
#ifndef EFILITE_BOOTMGR_H
#define EFILITE_BOOTMGR_H
#include <stdbool.h>

#include "firmware/efi/efi.h"
#include "parsers/dt/dt.h"

/*
 * Tries every candidate boot_order() lists; a program that exits
 * successfully powers the machine off. When none is left: one
 * "efilite: error:" line naming the last failure, then power off.
 */
_Noreturn void bootmgr_run(const struct dt_tree *dt);
/* Why the candidate being tried failed (printf subset of log.h). */
void boot_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * After LoadImage+StartImage of `what`: success powers off (the program
 * exited); otherwise records "what: <reason or status>" and returns false.
 */
bool boot_program_returned(const char *what, efi_status_t status);
#endif
