#include "parsers/dt/dt_test_util.h"

#include <string.h>

int failures;
uint64_t blob_words[2048];

static void sw(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "building test tree: %s: %s\n", what, fdt_strerror(err));
		exit(2);
	}
}

void begin_tree_bare(void)
{
	memset(blob_words, 0, sizeof(blob_words));
	sw(fdt_create(BLOB, sizeof(blob_words)), "fdt_create");
	sw(fdt_finish_reservemap(BLOB), "fdt_finish_reservemap");
	sw(fdt_begin_node(BLOB, ""), "root");
}

void begin_tree(void)
{
	begin_tree_bare();
	prop_u32("#address-cells", 2);
	prop_u32("#size-cells", 2);
}

size_t finish_tree(void)
{
	node_end();
	sw(fdt_finish(BLOB), "fdt_finish");
	return fdt_totalsize(BLOB);
}

void node(const char *name)
{
	sw(fdt_begin_node(BLOB, name), name);
}

void node_end(void)
{
	sw(fdt_end_node(BLOB), "fdt_end_node");
}

void prop_str(const char *name, const char *value)
{
	sw(fdt_property_string(BLOB, name, value), name);
}

void prop_u32(const char *name, uint32_t value)
{
	sw(fdt_property_u32(BLOB, name, value), name);
}

void prop_raw(const char *name, const void *value, int len)
{
	sw(fdt_property(BLOB, name, value, len), name);
}

void put_be32(uint8_t *p, uint32_t value)
{
	p[0] = value >> 24;
	p[1] = value >> 16;
	p[2] = value >> 8;
	p[3] = value;
}

void prop_reg(uint64_t base, uint64_t size)
{
	uint8_t cells[16];

	put_be32(cells, base >> 32);
	put_be32(cells + 4, (uint32_t)base);
	put_be32(cells + 8, size >> 32);
	put_be32(cells + 12, (uint32_t)size);
	prop_raw("reg", cells, sizeof(cells));
}

uint32_t hdr_get(unsigned off)
{
	const uint8_t *p = BLOB_BYTES + off;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void hdr_set(unsigned off, uint32_t value)
{
	put_be32(BLOB_BYTES + off, value);
}

unsigned prop_tag_offset(const char *name)
{
	int depth = 0;

	for (int n = 0; n >= 0; n = fdt_next_node(BLOB, n, &depth)) {
		int p;

		fdt_for_each_property_offset(p, BLOB, n) {
			const char *found;

			fdt_getprop_by_offset(BLOB, p, &found, NULL);
			if (strcmp(found, name) == 0)
				return hdr_get(HDR_OFF_STRUCT) + (unsigned)p;
		}
	}
	fprintf(stderr, "test tree has no property %s\n", name);
	exit(2);
}

size_t raw_blob(const uint32_t *words, size_t nwords, const char *strings, size_t strings_len)
{
	const unsigned rsvmap = 40, structure = rsvmap + 16;
	unsigned strings_off = structure + 4 * (unsigned)nwords;

	memset(blob_words, 0, sizeof(blob_words));
	hdr_set(0, 0xd00dfeed);
	hdr_set(HDR_TOTALSIZE, strings_off + (unsigned)strings_len);
	hdr_set(HDR_OFF_STRUCT, structure);
	hdr_set(HDR_OFF_STRINGS, strings_off);
	hdr_set(HDR_OFF_RSVMAP, rsvmap);
	hdr_set(HDR_VERSION, 17);
	hdr_set(HDR_LAST_COMP, 16);
	hdr_set(HDR_SIZE_STRINGS, (uint32_t)strings_len);
	hdr_set(HDR_SIZE_STRUCT, 4 * (uint32_t)nwords);
	for (size_t i = 0; i < nwords; i++)
		put_be32(BLOB_BYTES + structure + 4 * i, words[i]);
	memcpy(BLOB_BYTES + strings_off, strings, strings_len);
	return strings_off + strings_len;
}
