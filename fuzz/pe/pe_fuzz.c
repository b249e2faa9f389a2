/*
 * PE/COFF harness: every accepted image is walked completely. The oracles
 * abort on disagreement: pe_check_headers() on the headers alone must accept
 * what pe_check() accepted, every section must fit the image, a load must
 * succeed, and loading in place must produce the same bytes as copying.
 * The last input byte picks the shifted load address and whether the
 * destination is one byte short (which must fail with PE_ERR_LOAD_DST_SIZE).
 * fuzz_status(): pe_check()'s status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/pe/pe.h"

#define MAX_LOADED_IMAGE (16u << 20) /* keeps each execution fast */

static void walk_sections(const uint8_t *data, size_t size, const struct pe_image *img)
{
	for (unsigned i = 0; i < img->num_sections; i++) {
		struct pe_section s;
		REQUIRE(pe_section(data, size, img, i, &s) == PE_OK);
		REQUIRE((uint64_t)s.rva + s.virtual_size <= img->size_of_image);
		REQUIRE(s.flags <= (PE_SECTION_EXEC | PE_SECTION_WRITE | PE_SECTION_READ));
	}
	struct pe_section s;
	REQUIRE(pe_section(data, size, img, img->num_sections, &s) == PE_ERR_SECTION_INDEX);
}

static void check_headers_alone(const uint8_t *data, size_t size, const struct pe_image *img)
{
	struct pe_image headers_only;
	REQUIRE(pe_check_headers(data, img->size_of_headers, size, &headers_only) == PE_OK);
	REQUIRE(headers_only.size_of_image == img->size_of_image);
	REQUIRE(headers_only.in_place == img->in_place);
	REQUIRE(headers_only.entry_rva == img->entry_rva);
}

/* Loads at load_addr by copy, and in place when the layout allows; compares. */
static void load_both_ways(const uint8_t *data, size_t size, const struct pe_image *img,
			   uint64_t load_addr, uint8_t *copy)
{
	int rc = pe_load(data, size, img, copy, img->size_of_image, load_addr);
	if (rc == PE_ERR_LOAD_ADDR_ALIGN || rc == PE_ERR_LOAD_ADDR_RANGE)
		return;
	if (load_addr != img->image_base && (img->characteristics & PE_FILE_RELOCS_STRIPPED)) {
		REQUIRE(rc == PE_ERR_LOAD_RELOCS_STRIPPED);
		return;
	}
	REQUIRE(rc == PE_OK);
	if (!img->in_place)
		return;
	size_t in_place_len = size > img->size_of_image ? size : img->size_of_image;
	uint8_t *in_place = malloc(in_place_len);
	REQUIRE(in_place != NULL);
	memcpy(in_place, data, size);
	memset(in_place + size, 0xa5, in_place_len - size); /* stale bytes past the file */
	REQUIRE(pe_load(in_place, size, img, in_place, in_place_len, load_addr) == PE_OK);
	REQUIRE(memcmp(in_place, copy, img->size_of_image) == 0);
	free(in_place);
}

static void load(const uint8_t *data, size_t size, const struct pe_image *img)
{
	if (img->size_of_image > MAX_LOADED_IMAGE)
		return;
	uint8_t knob = data[size - 1];
	uint8_t *copy = malloc(img->size_of_image);
	REQUIRE(copy != NULL);
	if (knob & 1)
		REQUIRE(pe_load(data, size, img, copy, img->size_of_image - 1, img->image_base) ==
			PE_ERR_LOAD_DST_SIZE);
	load_both_ways(data, size, img, img->image_base, copy);
	/* the debug directory of the loaded image: bounded reads only (ASan) */
	(void)pe_dll_characteristics_ex(copy, img->size_of_image, img);
	uint64_t shifted = (uint64_t)img->section_alignment * (1u + (knob >> 1));
	load_both_ways(data, size, img, shifted, copy);
	free(copy);
}

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

/* pe_check()'s status; an accepted image has been walked and loaded. */
int fuzz_status(const uint8_t *data, size_t size)
{
	struct pe_image img;
	int rc = pe_check(data, size, &img);
	REQUIRE(pe_strerror(rc) != NULL);
	if (rc != PE_OK)
		return rc;
	check_headers_alone(data, size, &img);
	walk_sections(data, size, &img);
	load(data, size, &img);
	return PE_OK;
}

const char *fuzz_strerror(int status)
{
	return pe_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
