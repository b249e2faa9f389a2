/*
 * Kernel command line (UTF-8 from fw_cfg or /chosen/bootargs, untrusted: it
 * may be invalid or lack a NUL) -> EFI LoadOptions (NUL-terminated UTF-16LE).
 * Decoding rules are tabled in cmdline.c.
 */
#ifndef EFILITE_PARSERS_CMDLINE_CMDLINE_H
#define EFILITE_PARSERS_CMDLINE_CMDLINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cmdline_status {
	CMDLINE_OK = 0,
	CMDLINE_ERR_TOO_LONG,
	CMDLINE_ERR_COUNT /* not a status: one past the last */
};

/*
 * Converts buf[0..len), up to its first NUL, into out[0..out_max_units).
 * Ill-formed sequences become U+FFFD; code points above U+FFFF become
 * surrogate pairs. On CMDLINE_OK, *out_units counts the units written
 * including the terminating NUL (at least 1). On CMDLINE_ERR_TOO_LONG,
 * *out_units is 0 and out holds a partial result; nothing past
 * out[out_max_units - 1] is ever written. len + 1 units always suffice.
 */
int cmdline_to_utf16(const void *buf, size_t len, uint16_t *out, size_t out_max_units,
		     size_t *out_units);

/*
 * True if a parameter named name (its text up to any '=') is among the
 * kernel parameters of buf[0..len): words split at unquoted white space,
 * before a bare "--", up to the first NUL. Rules are tabled in
 * cmdline_param.c. name: non-empty, without '"', '=' or white space.
 */
bool cmdline_has_param(const void *buf, size_t len, const char *name);

/* A short description of a cmdline_status value (never NULL). */
const char *cmdline_strerror(int status);
#endif
