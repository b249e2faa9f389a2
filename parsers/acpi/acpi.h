/*
 * ACPI tables as QEMU builds them: the RSDP, the XSDT and every table it
 * lists (and the DSDT the FADT points to), each with a generic 36-byte
 * header whose bytes sum to zero. Checks are pure: acpi_tree_check() sees
 * memory only through a caller-given list of address -> buffer regions.
 */
#ifndef EFILITE_PARSERS_ACPI_ACPI_H
#define EFILITE_PARSERS_ACPI_ACPI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_V1_SIZE 20u
#define ACPI_RSDP_V2_SIZE 36u
#define ACPI_HEADER_SIZE 36u
/* FADT fields reaching the DSDT: 32-bit DSDT at 40, 64-bit X_DSDT at 140. */
#define ACPI_FADT_DSDT_OFFSET 40u
#define ACPI_FADT_X_DSDT_OFFSET 140u

enum acpi_status {
	ACPI_OK = 0,
	/* RSDP */
	ACPI_ERR_RSDP_TOO_SHORT,        /* fewer than 20 bytes */
	ACPI_ERR_RSDP_SIGNATURE,        /* not "RSD PTR " */
	ACPI_ERR_RSDP_CHECKSUM,         /* first 20 bytes do not sum to 0 */
	ACPI_ERR_RSDP_V2_TOO_SHORT,     /* revision >= 2 but fewer than 36 bytes */
	ACPI_ERR_RSDP_LENGTH,           /* length field < 36 or beyond the buffer */
	ACPI_ERR_RSDP_EXT_CHECKSUM,     /* `length` bytes do not sum to 0 */
	/* any table */
	ACPI_ERR_TABLE_TOO_SHORT,       /* fewer than 36 bytes available */
	ACPI_ERR_TABLE_SIGNATURE,       /* not the signature asked for */
	ACPI_ERR_TABLE_LENGTH_SMALL,    /* length field < 36 */
	ACPI_ERR_TABLE_LENGTH_LARGE,    /* length field beyond the buffer */
	ACPI_ERR_TABLE_CHECKSUM,        /* `length` bytes do not sum to 0 */
	/* XSDT */
	ACPI_ERR_XSDT_ENTRIES,          /* length - 36 not a multiple of 8 */
	ACPI_ERR_XSDT_ENTRY_NULL,       /* an entry is 0 */
	/* tree walk */
	ACPI_ERR_NO_XSDT,               /* RSDP revision < 2 or XSDT address 0 */
	ACPI_ERR_UNMAPPED,              /* an address lies in no region */
	ACPI_ERR_FADT_TOO_SHORT,        /* FADT ends before its DSDT field */
	ACPI_ERR_NO_DSDT,               /* FADT with neither DSDT nor X_DSDT */
	ACPI_ERR_INDEX,                 /* accessor: entry index out of range */
	ACPI_ERR_COUNT_,                /* number of codes, not a status */
};

struct acpi_rsdp {
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;       /* 20 for revision < 2 */
	uint64_t xsdt_address; /* 0 for revision < 2 */
};

/* Checks an RSDP at the start of buf[0..len). */
int acpi_rsdp_check(const void *buf, size_t len, struct acpi_rsdp *out);
/*
 * Checks the generic header of a table at the start of buf[0..len):
 * signature (if sig is not NULL, 4 chars), length within buf, checksum.
 */
int acpi_table_check(const void *buf, size_t len, const char *sig, uint32_t *table_len);
/* acpi_table_check(..., "XSDT", ...) plus its entry array; *entries = count. */
int acpi_xsdt_check(const void *buf, size_t len, size_t *entries);
/* Entry idx (< count) of a checked XSDT. */
int acpi_xsdt_entry(const void *buf, size_t len, size_t idx, uint64_t *addr);

/* A window of the address space the tables live in. */
struct acpi_region {
	uint64_t addr;
	const void *buf;
	size_t len;
};

struct acpi_tree {
	struct acpi_rsdp rsdp;
	size_t num_tables; /* XSDT entries */
	uint64_t dsdt;     /* 0 if no FADT */
};

/*
 * Checks the RSDP at rsdp_addr, its XSDT, every table the XSDT lists and the
 * FADT's DSDT. Each must lie inside one region. Returns the first failure.
 */
int acpi_tree_check(const struct acpi_region *regions, size_t num_regions, uint64_t rsdp_addr,
		    struct acpi_tree *tree);
/*
 * Which regions hold a table of a tree acpi_tree_check() accepted: bit i is
 * set if regions[i] (i < 64) holds the RSDP, the XSDT, a table the XSDT lists
 * or the DSDT. The others hold data the tables point to (QEMU's error status
 * blocks, for one), which the platform may write at run time.
 */
uint64_t acpi_tree_regions(const struct acpi_region *regions, size_t num_regions,
			   uint64_t rsdp_addr, const struct acpi_tree *tree);
/* The buffer holding addr and the bytes available from it, or NULL. */
const void *acpi_map(const struct acpi_region *regions, size_t num_regions, uint64_t addr,
		     size_t *avail);
const char *acpi_strerror(int status);
#endif
