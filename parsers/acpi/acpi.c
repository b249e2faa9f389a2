/*
 * ACPI table checks.
 *
 * Rule (in order)                                          -> status
 * RSDP (acpi_rsdp_check):
 *   at least 20 bytes                                      -> ACPI_ERR_RSDP_TOO_SHORT
 *   signature "RSD PTR "                                   -> ACPI_ERR_RSDP_SIGNATURE
 *   bytes 0..19 sum to 0                                   -> ACPI_ERR_RSDP_CHECKSUM
 *   revision >= 2: at least 36 bytes                       -> ACPI_ERR_RSDP_V2_TOO_SHORT
 *   revision >= 2: 36 <= length <= buffer                  -> ACPI_ERR_RSDP_LENGTH
 *   revision >= 2: bytes 0..length-1 sum to 0              -> ACPI_ERR_RSDP_EXT_CHECKSUM
 * Any table (acpi_table_check):
 *   at least 36 bytes available                            -> ACPI_ERR_TABLE_TOO_SHORT
 *   signature as asked                                     -> ACPI_ERR_TABLE_SIGNATURE
 *   length >= 36                                           -> ACPI_ERR_TABLE_LENGTH_SMALL
 *   length <= bytes available                              -> ACPI_ERR_TABLE_LENGTH_LARGE
 *   bytes 0..length-1 sum to 0                             -> ACPI_ERR_TABLE_CHECKSUM
 * XSDT (acpi_xsdt_check), after the table rules:
 *   (length - 36) % 8 == 0                                 -> ACPI_ERR_XSDT_ENTRIES
 *   no entry is 0                                          -> ACPI_ERR_XSDT_ENTRY_NULL
 * Tree (acpi_tree_check):
 *   RSDP, XSDT, each listed table and the DSDT lie inside
 *   one region each                                        -> ACPI_ERR_UNMAPPED
 *   RSDP revision >= 2 with a non-zero XSDT address        -> ACPI_ERR_NO_XSDT
 *   FADT ("FACP") length >= 44                             -> ACPI_ERR_FADT_TOO_SHORT
 *   FADT X_DSDT (if length >= 148 and non-zero) or DSDT
 *   non-zero                                               -> ACPI_ERR_NO_DSDT
 *   the DSDT passes the table rules with signature "DSDT"  -> (table status)
 *
 * Every multi-byte field is read byte by byte: tables are not aligned. The
 * 32-bit RSDT is not walked: arm64 operating systems use the XSDT.
 */
#include "parsers/acpi/acpi.h"

#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/status_message.h"

int acpi_rsdp_check(const void *buf, size_t len, struct acpi_rsdp *out)
{
	const uint8_t *p = buf;
	struct acpi_rsdp r = { 0 };

	if (len < ACPI_RSDP_V1_SIZE)
		return ACPI_ERR_RSDP_TOO_SHORT;
	if (memcmp(p, "RSD PTR ", 8) != 0)
		return ACPI_ERR_RSDP_SIGNATURE;
	if (bytes_sum(p, ACPI_RSDP_V1_SIZE) != 0)
		return ACPI_ERR_RSDP_CHECKSUM;
	r.revision = p[15];
	r.rsdt_address = (uint32_t)bytes_load_le(p + 16, 4);
	r.length = ACPI_RSDP_V1_SIZE;
	if (r.revision >= 2) {
		if (len < ACPI_RSDP_V2_SIZE)
			return ACPI_ERR_RSDP_V2_TOO_SHORT;
		r.length = (uint32_t)bytes_load_le(p + 20, 4);
		if (r.length < ACPI_RSDP_V2_SIZE || r.length > len)
			return ACPI_ERR_RSDP_LENGTH;
		if (bytes_sum(p, r.length) != 0)
			return ACPI_ERR_RSDP_EXT_CHECKSUM;
		r.xsdt_address = bytes_load_le(p + 24, 8);
	}
	*out = r;
	return ACPI_OK;
}

int acpi_table_check(const void *buf, size_t len, const char *sig, uint32_t *table_len)
{
	const uint8_t *p = buf;
	uint32_t length;

	if (len < ACPI_HEADER_SIZE)
		return ACPI_ERR_TABLE_TOO_SHORT;
	if (sig && memcmp(p, sig, 4) != 0)
		return ACPI_ERR_TABLE_SIGNATURE;
	length = (uint32_t)bytes_load_le(p + 4, 4);
	if (length < ACPI_HEADER_SIZE)
		return ACPI_ERR_TABLE_LENGTH_SMALL;
	if (length > len)
		return ACPI_ERR_TABLE_LENGTH_LARGE;
	if (bytes_sum(p, length) != 0)
		return ACPI_ERR_TABLE_CHECKSUM;
	*table_len = length;
	return ACPI_OK;
}

static uint64_t xsdt_entry_at(const uint8_t *xsdt, size_t idx)
{
	return bytes_load_le(xsdt + ACPI_HEADER_SIZE + idx * 8, 8);
}

int acpi_xsdt_check(const void *buf, size_t len, size_t *entries)
{
	const uint8_t *p = buf;
	uint32_t length;
	size_t n;
	int status = acpi_table_check(buf, len, "XSDT", &length);

	if (status != ACPI_OK)
		return status;
	if ((length - ACPI_HEADER_SIZE) % 8 != 0)
		return ACPI_ERR_XSDT_ENTRIES;
	n = (length - ACPI_HEADER_SIZE) / 8;
	for (size_t i = 0; i < n; i++)
		if (xsdt_entry_at(p, i) == 0)
			return ACPI_ERR_XSDT_ENTRY_NULL;
	*entries = n;
	return ACPI_OK;
}

/* Re-checks the XSDT so an index can never reach past its length. */
int acpi_xsdt_entry(const void *buf, size_t len, size_t idx, uint64_t *addr)
{
	size_t n;
	int status = acpi_xsdt_check(buf, len, &n);

	if (status != ACPI_OK)
		return status;
	if (idx >= n)
		return ACPI_ERR_INDEX;
	*addr = xsdt_entry_at(buf, idx);
	return ACPI_OK;
}

const void *acpi_map(const struct acpi_region *regions, size_t num_regions, uint64_t addr,
		     size_t *avail)
{
	for (size_t i = 0; i < num_regions; i++) {
		const struct acpi_region *r = &regions[i];

		if (addr >= r->addr && addr - r->addr < r->len) {
			*avail = r->len - (size_t)(addr - r->addr);
			return (const uint8_t *)r->buf + (addr - r->addr);
		}
	}
	return NULL;
}

/* The table at addr, checked with the generic rules (and sig, if given). */
static int check_table_at(const struct acpi_region *regions, size_t num_regions, uint64_t addr,
			  const char *sig, const uint8_t **table, uint32_t *length)
{
	size_t avail;
	const uint8_t *p = acpi_map(regions, num_regions, addr, &avail);
	int status;

	if (!p)
		return ACPI_ERR_UNMAPPED;
	status = acpi_table_check(p, avail, sig, length);
	if (status == ACPI_OK)
		*table = p;
	return status;
}

static int check_fadt_dsdt(const struct acpi_region *regions, size_t num_regions,
			   const uint8_t *fadt, uint32_t length, uint64_t *dsdt)
{
	const uint8_t *table;
	uint32_t dsdt_len;
	uint64_t addr = 0;

	if (length < ACPI_FADT_DSDT_OFFSET + 4)
		return ACPI_ERR_FADT_TOO_SHORT;
	if (length >= ACPI_FADT_X_DSDT_OFFSET + 8)
		addr = bytes_load_le(fadt + ACPI_FADT_X_DSDT_OFFSET, 8);
	if (addr == 0)
		addr = bytes_load_le(fadt + ACPI_FADT_DSDT_OFFSET, 4);
	if (addr == 0)
		return ACPI_ERR_NO_DSDT;
	*dsdt = addr;
	return check_table_at(regions, num_regions, addr, "DSDT", &table, &dsdt_len);
}

static int check_listed_table(const struct acpi_region *regions, size_t num_regions,
			      uint64_t addr, struct acpi_tree *tree)
{
	const uint8_t *table;
	uint32_t length;
	int status = check_table_at(regions, num_regions, addr, NULL, &table, &length);

	if (status != ACPI_OK || memcmp(table, "FACP", 4) != 0)
		return status;
	return check_fadt_dsdt(regions, num_regions, table, length, &tree->dsdt);
}

int acpi_tree_check(const struct acpi_region *regions, size_t num_regions, uint64_t rsdp_addr,
		    struct acpi_tree *tree)
{
	size_t avail, xsdt_avail;
	const uint8_t *rsdp = acpi_map(regions, num_regions, rsdp_addr, &avail);
	const uint8_t *xsdt;
	int status;

	*tree = (struct acpi_tree){ 0 };
	if (!rsdp)
		return ACPI_ERR_UNMAPPED;
	status = acpi_rsdp_check(rsdp, avail, &tree->rsdp);
	if (status != ACPI_OK)
		return status;
	if (tree->rsdp.xsdt_address == 0)
		return ACPI_ERR_NO_XSDT;
	xsdt = acpi_map(regions, num_regions, tree->rsdp.xsdt_address, &xsdt_avail);
	if (!xsdt)
		return ACPI_ERR_UNMAPPED;
	status = acpi_xsdt_check(xsdt, xsdt_avail, &tree->num_tables);
	for (size_t i = 0; status == ACPI_OK && i < tree->num_tables; i++)
		status = check_listed_table(regions, num_regions, xsdt_entry_at(xsdt, i), tree);
	return status;
}

static uint64_t region_bit(const struct acpi_region *regions, size_t num_regions, uint64_t addr)
{
	for (size_t i = 0; i < num_regions && i < 64; i++)
		if (addr >= regions[i].addr && addr - regions[i].addr < regions[i].len)
			return 1ull << i;
	return 0;
}

uint64_t acpi_tree_regions(const struct acpi_region *regions, size_t num_regions,
			   uint64_t rsdp_addr, const struct acpi_tree *tree)
{
	uint64_t xsdt_addr = tree->rsdp.xsdt_address, bits;
	size_t avail;
	const uint8_t *xsdt = acpi_map(regions, num_regions, xsdt_addr, &avail);

	bits = region_bit(regions, num_regions, rsdp_addr) |
	       region_bit(regions, num_regions, xsdt_addr);
	if (tree->dsdt)
		bits |= region_bit(regions, num_regions, tree->dsdt);
	for (size_t i = 0; xsdt && i < tree->num_tables; i++)
		bits |= region_bit(regions, num_regions, xsdt_entry_at(xsdt, i));
	return bits;
}

const char *acpi_strerror(int status)
{
	static const char *const msg[ACPI_ERR_COUNT_] = {
		[ACPI_OK] = "ok",
		[ACPI_ERR_RSDP_TOO_SHORT] = "RSDP shorter than 20 bytes",
		[ACPI_ERR_RSDP_SIGNATURE] = "RSDP signature not \"RSD PTR \"",
		[ACPI_ERR_RSDP_CHECKSUM] = "RSDP checksum wrong",
		[ACPI_ERR_RSDP_V2_TOO_SHORT] = "RSDP revision 2 shorter than 36 bytes",
		[ACPI_ERR_RSDP_LENGTH] = "RSDP length out of range",
		[ACPI_ERR_RSDP_EXT_CHECKSUM] = "RSDP extended checksum wrong",
		[ACPI_ERR_TABLE_TOO_SHORT] = "table shorter than its header",
		[ACPI_ERR_TABLE_SIGNATURE] = "table signature unexpected",
		[ACPI_ERR_TABLE_LENGTH_SMALL] = "table length smaller than its header",
		[ACPI_ERR_TABLE_LENGTH_LARGE] = "table length beyond its memory",
		[ACPI_ERR_TABLE_CHECKSUM] = "table checksum wrong",
		[ACPI_ERR_XSDT_ENTRIES] = "XSDT length not a whole number of entries",
		[ACPI_ERR_XSDT_ENTRY_NULL] = "XSDT entry is 0",
		[ACPI_ERR_NO_XSDT] = "RSDP has no XSDT",
		[ACPI_ERR_UNMAPPED] = "table address outside the loaded tables",
		[ACPI_ERR_FADT_TOO_SHORT] = "FADT too short for its DSDT field",
		[ACPI_ERR_NO_DSDT] = "FADT has no DSDT",
		[ACPI_ERR_INDEX] = "XSDT entry index out of range",
	};

	return bytes_status_message(msg, ACPI_ERR_COUNT_, status, "unknown ACPI status");
}
