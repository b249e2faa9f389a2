/*
 * SMBIOS 3.x as QEMU hands it over in fw_cfg: the 24-byte "_SM3_" entry
 * point (etc/smbios/smbios-anchor, table address left 0 for the firmware
 * to fill in) and the structure table (etc/smbios/smbios-tables).
 */
#ifndef EFILITE_PARSERS_SMBIOS_SMBIOS_H
#define EFILITE_PARSERS_SMBIOS_SMBIOS_H
#include <stddef.h>
#include <stdint.h>

#define SMBIOS3_EP_SIZE 24u
#define SMBIOS_HEADER_SIZE 4u
#define SMBIOS_TYPE_END 127u

enum smbios_status {
	SMBIOS_OK = 0,
	/* entry point */
	SMBIOS_ERR_EP_TOO_SHORT,        /* fewer than 24 bytes */
	SMBIOS_ERR_EP_ANCHOR,           /* not "_SM3_" */
	SMBIOS_ERR_EP_LENGTH,           /* length field < 24 or beyond the buffer */
	SMBIOS_ERR_EP_CHECKSUM,         /* `length` bytes do not sum to 0 */
	SMBIOS_ERR_EP_VERSION,          /* major version < 3 */
	SMBIOS_ERR_EP_REVISION,         /* entry point revision not 1 */
	SMBIOS_ERR_EP_TABLE_SIZE,       /* structure table maximum size 0 */
	/* structures */
	SMBIOS_ERR_HEADER_TRUNCATED,    /* fewer than 4 bytes left for a header */
	SMBIOS_ERR_FORMATTED_SHORT,     /* formatted length < 4 */
	SMBIOS_ERR_FORMATTED_TRUNCATED, /* formatted area beyond the table */
	SMBIOS_ERR_STRINGS_UNTERMINATED,/* no double NUL before the table ends */
	SMBIOS_ERR_NO_END,              /* no type 127 structure */
	/* accessors */
	SMBIOS_ERR_NO_STRING,           /* string number 0 means "none" */
	SMBIOS_ERR_STRING_INDEX,        /* string number beyond the string set */
	SMBIOS_ERR_COUNT_,              /* number of codes, not a status */
};

struct smbios_ep {
	uint8_t major, minor, docrev;
	uint32_t table_max_size;
	uint64_t table_address;
};

struct smbios_struct {
	uint8_t type;
	uint8_t length;          /* formatted area, header included */
	uint16_t handle;
	const uint8_t *formatted;
	const char *strings;     /* string set, each NUL-terminated */
	size_t num_strings;
	size_t total_len;        /* formatted area + string set + final NUL */
};

/* An installed entry point: every rule, checksum included. */
int smbios_ep_check(const void *buf, size_t len, struct smbios_ep *ep);
/*
 * QEMU's anchor file: the same rules but the checksum, which QEMU leaves for
 * the firmware to compute along with the table address (see
 * smbios_ep_set_table_address, after which smbios_ep_check passes).
 */
int smbios_ep_template_check(const void *buf, size_t len, struct smbios_ep *ep);
/*
 * Walks the structures in the first min(len, max_size) bytes of buf up to
 * and including the type 127 end structure; *count includes it.
 */
int smbios_tables_check(const void *buf, size_t len, uint32_t max_size, size_t *count);
/*
 * The structure at *offset of buf[0..len); on success *offset moves past it.
 * Safe on unchecked input: it applies the per-structure rules.
 */
int smbios_next(const void *buf, size_t len, size_t *offset, struct smbios_struct *s);
/* String number idx (1-based, as the formatted area refers to them). */
int smbios_string(const struct smbios_struct *s, uint8_t idx, const char **str);
/* Stores the table address in a checked entry point (or template) and sets its checksum. */
void smbios_ep_set_table_address(void *ep, uint64_t addr);
const char *smbios_strerror(int status);
#endif
