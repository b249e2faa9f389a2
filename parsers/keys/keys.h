/*
 * Keys from a serial terminal's bytes: the escape sequences VT100/xterm and
 * the Linux console send for cursor, editing and function keys, decoded into
 * UEFI scan codes, as edk2's terminal driver does, so that menus (rEFInd,
 * GRUB, systemd-boot) can be driven over the serial console.
 */
#ifndef EFILITE_PARSERS_KEYS_KEYS_H
#define EFILITE_PARSERS_KEYS_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* UEFI scan codes (UEFI 2.10, table 12.1: EFI Scan Codes for EFI_SIMPLE_TEXT_INPUT_PROTOCOL). */
enum {
	KEYS_SCAN_NULL = 0x00,
	KEYS_SCAN_UP = 0x01,
	KEYS_SCAN_DOWN = 0x02,
	KEYS_SCAN_RIGHT = 0x03,
	KEYS_SCAN_LEFT = 0x04,
	KEYS_SCAN_HOME = 0x05,
	KEYS_SCAN_END = 0x06,
	KEYS_SCAN_INSERT = 0x07,
	KEYS_SCAN_DELETE = 0x08,
	KEYS_SCAN_PAGE_UP = 0x09,
	KEYS_SCAN_PAGE_DOWN = 0x0a,
	KEYS_SCAN_F1 = 0x0b, /* F1..F10 are 0x0b..0x14 */
	KEYS_SCAN_F11 = 0x15,
	KEYS_SCAN_F12 = 0x16,
	KEYS_SCAN_ESC = 0x17,
};

/* The longest sequence of the table (ESC [ 1 5 ~). */
#define KEYS_MAX_SEQUENCE 5

struct keys_key {
	uint16_t scan_code;
	uint16_t unicode_char;
};

enum keys_status {
	KEYS_OK,       /* *key decoded from the first *used bytes */
	KEYS_NEED_MORE /* the bytes begin a sequence: wait for more, or decode with final */
};

/*
 * Decodes the key the bytes b[0..len) begin with (none if len is 0:
 * KEYS_NEED_MORE, b not read). A byte other
 * than ESC is one key: CR and LF are Enter ('\r'), DEL (0x7f, what terminals
 * send for Backspace) is backspace (0x08), any other byte that character.
 * ESC followed by one of the table's sequences is that scan code. ESC
 * followed by bytes that begin a sequence needs more bytes, unless final
 * (no more came in time): then, as ESC followed by anything else, it is the
 * Escape key alone (*used 1), and the bytes after it are keys of their own.
 */
enum keys_status keys_decode(const uint8_t *b, size_t len, bool final, struct keys_key *key,
			     size_t *used);
#endif
