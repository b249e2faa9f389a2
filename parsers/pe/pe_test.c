/*
 * pe_check/pe_load/pe_section against images built here in memory: one
 * valid image per layout (compact and in place), then one broken rule each.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parsers/pe/pe.h"
#include "parsers/testing/strerror_table.h"

/* The test image: headers, .text (RX), .data (RW, with bss), .reloc. */
#define LFANEW 0x40u
#define COFF (LFANEW + 4)
#define OPT (COFF + 20)
#define OPT_SIZE (112u + 16u * 8u)
#define SEC(i) (OPT + OPT_SIZE + 40u * (i))
#define SEC_END SEC(3)
#define HEADERS 0x400u
#define IMAGE_SIZE 0x5000u
#define IMAGE_BASE 0x40000000ull
#define TEXT_RVA 0x1000u
#define DATA_RVA 0x2000u
#define RELOC_RVA 0x4000u
#define ENTRY (TEXT_RVA + 0x40u)
#define POINTER_RVA (DATA_RVA + 0x10u) /* holds IMAGE_BASE + TEXT_RVA, relocated */
#define RELOC_SIZE 12u
#define MAX_FILE 0x6000u

/* Section characteristics as in the PE/COFF specification. */
#define RX 0x60000020u
#define RW 0xc0000040u
#define R 0x40000040u

struct image {
	uint8_t b[MAX_FILE];
	size_t len;
};

static int failures;

/*
 * The test links with -Wl,--wrap=memcpy,--wrap=memset: these tally how many
 * bytes are copied and filled into the watched destination buffer.
 */
void *__real_memcpy(void *dst, const void *src, size_t n);
void *__real_memset(void *dst, int c, size_t n);
static const uint8_t *watched;
static size_t bytes_copied, bytes_filled;

static bool in_watched(const void *p)
{
	const uint8_t *b = p;
	return watched && b >= watched && b < watched + IMAGE_SIZE;
}

void *__wrap_memcpy(void *dst, const void *src, size_t n)
{
	if (in_watched(dst))
		bytes_copied += n;
	return __real_memcpy(dst, src, n);
}

void *__wrap_memset(void *dst, int c, size_t n)
{
	if (in_watched(dst))
		bytes_filled += n;
	return __real_memset(dst, c, n);
}

static int counted_load(const struct image *im, const struct pe_image *img, uint8_t *dst,
			uint64_t load_addr)
{
	bytes_copied = bytes_filled = 0;
	watched = dst;
	int rc = pe_load(im->b, im->len, img, dst, IMAGE_SIZE, load_addr);
	watched = NULL;
	return rc;
}

/* Bytes of the test image that come from the file: headers and each section's init part. */
#define FILE_BACKED (HEADERS + 0x200u + 0x400u + RELOC_SIZE)

#define EXPECT(cond)                                                                 \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("%s:%d: %s: expected %s\n", __FILE__, __LINE__, __func__, \
			       #cond);                                               \
			failures++;                                                  \
		}                                                                    \
	} while (0)

static void put16(struct image *im, uint32_t off, uint16_t v)
{
	im->b[off] = (uint8_t)v;
	im->b[off + 1] = (uint8_t)(v >> 8);
}

static void put32(struct image *im, uint32_t off, uint32_t v)
{
	put16(im, off, (uint16_t)v);
	put16(im, off + 2, (uint16_t)(v >> 16));
}

static void put64(struct image *im, uint32_t off, uint64_t v)
{
	put32(im, off, (uint32_t)v);
	put32(im, off + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void section(struct image *im, unsigned i, const char *name, uint32_t rva,
		    uint32_t vsize, uint32_t raw_ptr, uint32_t raw_size, uint32_t flags)
{
	memcpy(im->b + SEC(i), name, strlen(name));
	put32(im, SEC(i) + 8, vsize);
	put32(im, SEC(i) + 12, rva);
	put32(im, SEC(i) + 16, raw_size);
	put32(im, SEC(i) + 20, raw_ptr);
	put32(im, SEC(i) + 36, flags);
}

static void headers(struct image *im)
{
	memset(im, 0, sizeof(*im));
	im->b[0] = 'M';
	im->b[1] = 'Z';
	put32(im, 0x3c, LFANEW);
	memcpy(im->b + LFANEW, "PE\0\0", 4);
	put16(im, COFF, 0xaa64);
	put16(im, COFF + 2, 3);
	put16(im, COFF + 16, OPT_SIZE);
	put16(im, COFF + 18, 0x0206);
	put16(im, OPT, 0x20b);
	put32(im, OPT + 16, ENTRY);
	put64(im, OPT + 24, IMAGE_BASE);
	put32(im, OPT + 32, 0x1000);
	put32(im, OPT + 36, 0x200);
	put32(im, OPT + 56, IMAGE_SIZE);
	put32(im, OPT + 60, HEADERS);
	put16(im, OPT + 68, 10);
	put16(im, OPT + 70, 0x100);
	put32(im, OPT + 108, 16);
	put32(im, OPT + 112 + 5 * 8, RELOC_RVA);
	put32(im, OPT + 112 + 5 * 8 + 4, RELOC_SIZE);
}

/* Section contents at the given file offsets; .reloc raw data runs past its VirtualSize. */
static void contents(struct image *im, uint32_t text, uint32_t data, uint32_t reloc)
{
	memset(im->b + text, 0xcc, 0x200);
	memset(im->b + data, 0xdd, 0x400);
	put64(im, data + (POINTER_RVA - DATA_RVA), IMAGE_BASE + TEXT_RVA);
	memset(im->b + reloc, 0xee, 0x200);
	put32(im, reloc, DATA_RVA);
	put32(im, reloc + 4, RELOC_SIZE);
	put16(im, reloc + 8, 10u << 12 | (POINTER_RVA - DATA_RVA));
	put16(im, reloc + 10, 0);
}

/* Raw data packed right after the headers (file layout != memory layout). */
static void build_compact(struct image *im)
{
	headers(im);
	section(im, 0, ".text", TEXT_RVA, 0x1000, 0x400, 0x200, RX);
	section(im, 1, ".data", DATA_RVA, 0x1800, 0x600, 0x400, RW);
	section(im, 2, ".reloc", RELOC_RVA, RELOC_SIZE, 0xa00, 0x200, R);
	contents(im, 0x400, 0x600, 0xa00);
	im->len = 0xc00;
}

/* Raw data at its RVA, as in a Linux arm64 Image: loadable in place. */
static void build_in_place(struct image *im)
{
	headers(im);
	section(im, 0, ".text", TEXT_RVA, 0x1000, TEXT_RVA, 0x200, RX);
	section(im, 1, ".data", DATA_RVA, 0x1800, DATA_RVA, 0x400, RW);
	section(im, 2, ".reloc", RELOC_RVA, RELOC_SIZE, RELOC_RVA, 0x200, R);
	contents(im, TEXT_RVA, DATA_RVA, RELOC_RVA);
	im->len = RELOC_RVA + 0x200;
}

static int check(const struct image *im)
{
	struct pe_image img;
	return pe_check(im->b, im->len, &img);
}

static void test_valid_images(void)
{
	struct image im;
	struct pe_image img;

	build_compact(&im);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(img.image_base == IMAGE_BASE);
	EXPECT(img.size_of_image == IMAGE_SIZE);
	EXPECT(img.size_of_headers == HEADERS);
	EXPECT(img.section_alignment == 0x1000);
	EXPECT(img.entry_rva == ENTRY);
	EXPECT(img.subsystem == 10);
	EXPECT(img.dll_characteristics == 0x100);
	EXPECT(img.num_sections == 3);
	EXPECT(img.section_table == SEC(0));
	EXPECT(img.reloc_rva == RELOC_RVA && img.reloc_size == RELOC_SIZE);
	EXPECT(img.reloc_offset == 0xa00);
	EXPECT(!img.in_place);

	build_in_place(&im);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(img.in_place);
}

static void test_dos_and_coff(void)
{
	struct image im;

	build_compact(&im);
	im.len = 63;
	EXPECT(check(&im) == PE_ERR_DOS_TRUNCATED);
	build_compact(&im);
	im.b[1] = 'X';
	EXPECT(check(&im) == PE_ERR_DOS_MAGIC);
	build_compact(&im);
	put32(&im, 0x3c, 0x20);
	EXPECT(check(&im) == PE_ERR_LFANEW_RANGE);
	put32(&im, 0x3c, (uint32_t)im.len - 23);
	EXPECT(check(&im) == PE_ERR_LFANEW_RANGE);
	put32(&im, 0x3c, 0xfffffff8);
	EXPECT(check(&im) == PE_ERR_LFANEW_RANGE);
	put32(&im, 0x3c, 0x44);
	EXPECT(check(&im) == PE_ERR_LFANEW_ALIGN);
	build_compact(&im);
	im.b[LFANEW + 2] = 'X';
	EXPECT(check(&im) == PE_ERR_PE_SIGNATURE);
	build_compact(&im);
	put16(&im, COFF, 0x8664);
	EXPECT(check(&im) == PE_ERR_MACHINE);
	put16(&im, COFF, 0xaa64);
	put16(&im, COFF + 2, 0);
	EXPECT(check(&im) == PE_ERR_NUM_SECTIONS);
	put16(&im, COFF + 2, PE_MAX_SECTIONS + 1);
	EXPECT(check(&im) == PE_ERR_NUM_SECTIONS);
	put16(&im, COFF + 2, 0xffff);
	EXPECT(check(&im) == PE_ERR_NUM_SECTIONS);
	build_compact(&im);
	put16(&im, COFF + 16, 111);
	EXPECT(check(&im) == PE_ERR_OPT_HDR_SIZE);
}

static void test_optional_header(void)
{
	struct image im;

	build_compact(&im);
	im.len = OPT + OPT_SIZE - 1;
	EXPECT(check(&im) == PE_ERR_OPT_HDR_TRUNCATED);
	build_compact(&im);
	put16(&im, OPT, 0x10b);
	EXPECT(check(&im) == PE_ERR_OPT_MAGIC);
	build_compact(&im);
	put32(&im, OPT + 108, 17);
	EXPECT(check(&im) == PE_ERR_NUM_DATA_DIRS);
	build_compact(&im);
	put16(&im, COFF + 16, 112 + 8 * 15);
	EXPECT(check(&im) == PE_ERR_DATA_DIRS_SIZE);
	build_compact(&im);
	put16(&im, OPT + 68, 3);
	EXPECT(check(&im) == PE_ERR_SUBSYSTEM);
	put16(&im, OPT + 68, 13);
	EXPECT(check(&im) == PE_ERR_SUBSYSTEM);
	put16(&im, OPT + 68, 11);
	EXPECT(check(&im) == PE_OK);
	put16(&im, OPT + 68, 12);
	EXPECT(check(&im) == PE_OK);
}

static void test_alignment_and_sizes(void)
{
	struct image im;
	struct pe_image img;

	build_compact(&im);
	put32(&im, OPT + 36, 0x300);
	EXPECT(check(&im) == PE_ERR_FILE_ALIGNMENT);
	put32(&im, OPT + 36, 0);
	EXPECT(check(&im) == PE_ERR_FILE_ALIGNMENT);
	build_compact(&im);
	put32(&im, OPT + 32, 0x100);
	EXPECT(check(&im) == PE_ERR_SECTION_ALIGNMENT);
	put32(&im, OPT + 32, 0x1800);
	EXPECT(check(&im) == PE_ERR_SECTION_ALIGNMENT);
	build_compact(&im);
	put32(&im, OPT + 56, 0xfffff001);
	EXPECT(check(&im) == PE_ERR_IMAGE_SIZE);
	/* Not a multiple of SectionAlignment (systemd-boot does this): rounded up. */
	put32(&im, OPT + 56, RELOC_RVA + RELOC_SIZE);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(img.size_of_image == IMAGE_SIZE);
	build_compact(&im);
	put32(&im, OPT + 60, IMAGE_SIZE + 1);
	EXPECT(check(&im) == PE_ERR_HEADERS_BEYOND_IMAGE);
	put32(&im, OPT + 60, (uint32_t)im.len + 1);
	EXPECT(check(&im) == PE_ERR_HEADERS_BEYOND_FILE);
	put32(&im, OPT + 60, SEC_END - 1);
	EXPECT(check(&im) == PE_ERR_SECTION_TABLE);
}

static void test_headers_only(void)
{
	struct image im;
	struct pe_image img;

	build_compact(&im);
	EXPECT(pe_check_headers(im.b, HEADERS - 1, im.len, &img) == PE_ERR_HEADERS_TRUNCATED);
	EXPECT(pe_check_headers(im.b, HEADERS, im.len, &img) == PE_OK);
	EXPECT(img.size_of_image == IMAGE_SIZE && !img.in_place);
	EXPECT(pe_check_headers(im.b, HEADERS, HEADERS, &img) == PE_ERR_SECTION_RAW_BEYOND_FILE);
	EXPECT(pe_check_headers(im.b, im.len, im.len - 1, &img) == PE_ERR_ARGUMENT);
	/* Relocation blocks live in section data: only pe_check() sees them. */
	put32(&im, 0xa00 + 4, 6);
	EXPECT(pe_check_headers(im.b, HEADERS, im.len, &img) == PE_OK);
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_SIZE);
	EXPECT(pe_check(NULL, 0, &img) == PE_ERR_ARGUMENT);
	EXPECT(pe_check(im.b, im.len, NULL) == PE_ERR_ARGUMENT);
}

static void test_sections(void)
{
	struct image im;

	build_compact(&im);
	put32(&im, SEC(1) + 12, DATA_RVA + 0x800);
	EXPECT(check(&im) == PE_ERR_SECTION_ALIGN);
	build_compact(&im);
	put32(&im, SEC(0) + 12, 0);
	EXPECT(check(&im) == PE_ERR_SECTION_IN_HEADERS);
	build_compact(&im);
	put32(&im, SEC(2) + 12, TEXT_RVA);
	EXPECT(check(&im) == PE_ERR_SECTION_UNSORTED);
	build_compact(&im);
	put32(&im, SEC(0) + 8, 0x1001);
	EXPECT(check(&im) == PE_ERR_SECTION_OVERLAP);
	build_compact(&im);
	put32(&im, SEC(2) + 8, 0xfffff000); /* 32-bit RVA + size would wrap to 0x3000 */
	EXPECT(check(&im) == PE_ERR_SECTION_BEYOND_IMAGE);
	build_compact(&im);
	put32(&im, SEC(2) + 8, IMAGE_SIZE - RELOC_RVA + 1);
	EXPECT(check(&im) == PE_ERR_SECTION_BEYOND_IMAGE);
	build_compact(&im);
	put32(&im, SEC(1) + 20, 0xb00);
	EXPECT(check(&im) == PE_ERR_SECTION_RAW_BEYOND_FILE);
	put32(&im, SEC(1) + 20, 0xffffff00); /* 32-bit pointer + size would wrap */
	EXPECT(check(&im) == PE_ERR_SECTION_RAW_BEYOND_FILE);
	/* Raw data beyond the file is irrelevant for a section without raw data. */
	put32(&im, SEC(1) + 16, 0);
	EXPECT(check(&im) == PE_OK);
	build_compact(&im);
	put32(&im, SEC(1) + 36, RW | 0x20000000);
	EXPECT(check(&im) == PE_ERR_SECTION_WRITE_EXEC);
	put16(&im, OPT + 70, 0);
	EXPECT(check(&im) == PE_OK);
}

static void test_entry_point(void)
{
	struct image im;

	build_compact(&im);
	put32(&im, OPT + 16, DATA_RVA);
	EXPECT(check(&im) == PE_ERR_ENTRY_OUTSIDE_CODE);
	put32(&im, OPT + 16, 0);
	EXPECT(check(&im) == PE_ERR_ENTRY_OUTSIDE_CODE);
	put32(&im, OPT + 16, TEXT_RVA + 0x1000);
	EXPECT(check(&im) == PE_ERR_ENTRY_OUTSIDE_CODE);
	put32(&im, OPT + 16, TEXT_RVA + 0xffc);
	EXPECT(check(&im) == PE_OK);
	put32(&im, OPT + 16, ENTRY + 2);
	EXPECT(check(&im) == PE_ERR_ENTRY_ALIGN);
	/* VirtualSize 0 stands for SizeOfRawData (0x200). */
	build_compact(&im);
	put32(&im, SEC(0) + 8, 0);
	EXPECT(check(&im) == PE_OK);
	put32(&im, OPT + 16, TEXT_RVA + 0x200);
	EXPECT(check(&im) == PE_ERR_ENTRY_OUTSIDE_CODE);
}

static void test_relocations(void)
{
	struct image im;
	const uint32_t dir = 0xa00;

	build_compact(&im);
	put32(&im, OPT + 112 + 5 * 8, RELOC_RVA + 0x100); /* past .reloc's 12 file-backed bytes */
	EXPECT(check(&im) == PE_ERR_RELOC_DIR);
	put32(&im, OPT + 112 + 5 * 8, DATA_RVA + 0x800); /* .data's uninitialized part */
	EXPECT(check(&im) == PE_ERR_RELOC_DIR);
	put32(&im, OPT + 112 + 5 * 8 + 4, 0); /* size 0: no relocations at all */
	EXPECT(check(&im) == PE_OK);
	build_compact(&im);
	put32(&im, dir + 4, 0xfffffff8); /* 32-bit offset + SizeOfBlock would wrap */
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_OVERRUN);
	put32(&im, dir + 4, RELOC_SIZE + 2);
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_OVERRUN);
	build_compact(&im);
	put32(&im, OPT + 112 + 5 * 8 + 4, RELOC_SIZE + 4); /* a 4-byte partial block header */
	put32(&im, SEC(2) + 8, RELOC_SIZE + 4);
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_OVERRUN);
	build_compact(&im);
	put32(&im, dir + 4, 6);
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_SIZE);
	put32(&im, dir + 4, 11);
	EXPECT(check(&im) == PE_ERR_RELOC_BLOCK_SIZE);
	build_compact(&im);
	put32(&im, dir, IMAGE_SIZE);
	EXPECT(check(&im) == PE_ERR_RELOC_PAGE);
	put32(&im, dir, 0xfffff000);
	EXPECT(check(&im) == PE_ERR_RELOC_PAGE);
	build_compact(&im);
	put16(&im, dir + 8, 3u << 12 | 0x10);
	EXPECT(check(&im) == PE_ERR_RELOC_TYPE);
	build_compact(&im);
	put32(&im, dir, IMAGE_SIZE - 0x1000);
	put16(&im, dir + 8, 10u << 12 | 0xffc); /* 8 bytes from 4 before the end */
	EXPECT(check(&im) == PE_ERR_RELOC_TARGET);
	put16(&im, dir + 8, 10u << 12 | 0xff8);
	EXPECT(check(&im) == PE_OK);
	put32(&im, dir, RELOC_RVA);
	put16(&im, dir + 8, 10u << 12 | 0x4);
	EXPECT(check(&im) == PE_ERR_RELOC_TARGET_IN_RELOCS);
	put16(&im, dir + 8, 10u << 12 | RELOC_SIZE);
	EXPECT(check(&im) == PE_OK);
}

static void test_section_accessor(void)
{
	struct image im;
	struct pe_image img;
	struct pe_section s;

	build_compact(&im);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(pe_section(im.b, im.len, &img, 0, &s) == PE_OK);
	EXPECT(s.rva == TEXT_RVA && s.virtual_size == 0x1000 &&
	       s.flags == (PE_SECTION_EXEC | PE_SECTION_READ));
	EXPECT(pe_section(im.b, im.len, &img, 1, &s) == PE_OK);
	EXPECT(s.rva == DATA_RVA && s.virtual_size == 0x2000 &&
	       s.flags == (PE_SECTION_READ | PE_SECTION_WRITE));
	EXPECT(pe_section(im.b, im.len, &img, 2, &s) == PE_OK);
	EXPECT(s.rva == RELOC_RVA && s.virtual_size == 0x1000 && s.flags == PE_SECTION_READ);
	EXPECT(pe_section(im.b, im.len, &img, 3, &s) == PE_ERR_SECTION_INDEX);
	EXPECT(pe_section(im.b, SEC(2) + 39, &img, 2, &s) == PE_ERR_SECTION_TABLE);
	EXPECT(pe_section(im.b, im.len, &img, 0, NULL) == PE_ERR_ARGUMENT);
	/* A forged img cannot make pe_section() report memory outside the image. */
	img.size_of_image = TEXT_RVA;
	EXPECT(pe_section(im.b, im.len, &img, 0, &s) == PE_ERR_SECTION_BEYOND_IMAGE);
	img.section_alignment = 0x1800;
	EXPECT(pe_section(im.b, im.len, &img, 0, &s) == PE_ERR_SECTION_ALIGNMENT);
}

/* dst holds the memory layout of the test image loaded at load_addr. */
static void expect_loaded(const uint8_t *dst, const struct image *im, uint64_t load_addr)
{
	uint8_t zero[0x1000] = {0};

	EXPECT(memcmp(dst, im->b, HEADERS) == 0);
	EXPECT(memcmp(dst + HEADERS, zero, TEXT_RVA - HEADERS) == 0);
	EXPECT(dst[TEXT_RVA] == 0xcc && dst[TEXT_RVA + 0x1ff] == 0xcc);
	EXPECT(memcmp(dst + TEXT_RVA + 0x200, zero, 0xe00) == 0);
	EXPECT(dst[DATA_RVA] == 0xdd && dst[DATA_RVA + 0x3ff] == 0xdd);
	EXPECT(get64(dst + POINTER_RVA) == load_addr + TEXT_RVA);
	EXPECT(memcmp(dst + DATA_RVA + 0x400, zero, 0x1000) == 0);
	EXPECT(memcmp(dst + DATA_RVA + 0x1400, zero, 0xc00) == 0);
	/* .reloc's raw bytes past its VirtualSize are not loaded. */
	EXPECT(dst[RELOC_RVA] == (DATA_RVA & 0xff) && dst[RELOC_RVA + 9] == 0xa0);
	EXPECT(memcmp(dst + RELOC_RVA + RELOC_SIZE, zero, 0x1000 - RELOC_SIZE) == 0);
}

static void test_load_copy(void)
{
	static struct image im;
	static uint8_t dst[IMAGE_SIZE + 16];
	struct pe_image img;

	build_compact(&im);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	memset(dst, 0x5a, sizeof(dst));
	EXPECT(counted_load(&im, &img, dst, IMAGE_BASE) == PE_OK);
	EXPECT(bytes_copied == FILE_BACKED && bytes_filled == IMAGE_SIZE - FILE_BACKED);
	expect_loaded(dst, &im, IMAGE_BASE);
	EXPECT(dst[IMAGE_SIZE] == 0x5a);
	memset(dst, 0x5a, sizeof(dst));
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE + 0x10000) == PE_OK);
	expect_loaded(dst, &im, IMAGE_BASE + 0x10000);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE - 0x10000) == PE_OK);
	expect_loaded(dst, &im, IMAGE_BASE - 0x10000);
}

/* Older arm64 Linux and Xen headers: an empty section at RVA 0, in the headers. */
static void test_empty_dummy_section(void)
{
	static struct image im;
	static uint8_t dst[IMAGE_SIZE];
	struct pe_image img;

	headers(&im);
	put16(&im, COFF + 2, 4);
	section(&im, 0, ".dummy", 0, 0, 0, 0, RX | RW);
	section(&im, 1, ".text", TEXT_RVA, 0x1000, 0x400, 0x200, RX);
	section(&im, 2, ".data", DATA_RVA, 0x1800, 0x600, 0x400, RW);
	section(&im, 3, ".reloc", RELOC_RVA, RELOC_SIZE, 0xa00, 0x200, R);
	contents(&im, 0x400, 0x600, 0xa00);
	im.len = 0xc00;
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	memset(dst, 0x5a, sizeof(dst));
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE) == PE_OK);
	expect_loaded(dst, &im, IMAGE_BASE);
	/* with raw data it is a section in the headers again */
	put32(&im, SEC(0) + 16, 0x200);
	EXPECT(check(&im) == PE_ERR_SECTION_IN_HEADERS);
}

static void test_load_in_place(void)
{
	static struct image im, file;
	struct pe_image img;

	build_in_place(&im);
	file = im;
	/* Stale bytes in gaps and beyond the file must end up zero. */
	memset(im.b + HEADERS, 0x77, TEXT_RVA - HEADERS);
	memset(im.b + TEXT_RVA + 0x200, 0x77, 0xe00);
	memset(im.b + DATA_RVA + 0x400, 0x77, 0x1c00);
	memset(im.b + im.len, 0x77, IMAGE_SIZE - im.len);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK && img.in_place);
	EXPECT(counted_load(&im, &img, im.b, IMAGE_BASE + 0x200000) == PE_OK);
	/* Nothing copied; only what is not file-backed is zeroed. */
	EXPECT(bytes_copied == 0 && bytes_filled == IMAGE_SIZE - FILE_BACKED);
	expect_loaded(im.b, &file, IMAGE_BASE + 0x200000);
}

/*
 * In place, the headers and file-backed section bytes must not be written at
 * all (the firmware DMAs a 27 MB kernel into its final buffer): with those
 * pages read-only, a stray copy or zeroing would fault.
 */
static void test_load_in_place_leaves_file_bytes_alone(void)
{
	static struct image im;
	struct pe_image img;

	if (sysconf(_SC_PAGESIZE) != 0x1000) {
		printf("%s: skipped, page size is not 4 KiB\n", __func__);
		return;
	}
	build_in_place(&im);
	put32(&im, OPT + 60, TEXT_RVA);    /* headers fill page 0 */
	put32(&im, SEC(0) + 16, 0x1000);   /* .text file-backed over all of page 1 */
	uint8_t *mem = mmap(NULL, IMAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
	EXPECT(mem != MAP_FAILED);
	if (mem == MAP_FAILED)
		return;
	memcpy(mem, im.b, im.len);
	EXPECT(mprotect(mem, DATA_RVA, PROT_READ) == 0);
	EXPECT(pe_check(mem, im.len, &img) == PE_OK && img.in_place);
	EXPECT(pe_load(mem, im.len, &img, mem, IMAGE_SIZE, IMAGE_BASE + 0x10000) == PE_OK);
	EXPECT(get64(mem + POINTER_RVA) == IMAGE_BASE + 0x10000 + TEXT_RVA);
	munmap(mem, IMAGE_SIZE);
}

static void test_load_rules(void)
{
	static struct image im;
	static uint8_t dst[IMAGE_SIZE];
	struct pe_image img, forged;

	build_compact(&im);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(pe_load(im.b, im.len, &img, NULL, IMAGE_SIZE, IMAGE_BASE) == PE_ERR_ARGUMENT);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE - 1, IMAGE_BASE) ==
	       PE_ERR_LOAD_DST_SIZE);
	EXPECT(pe_load(im.b, im.len, &img, im.b, MAX_FILE, IMAGE_BASE) ==
	       PE_ERR_LOAD_NOT_IN_PLACE);
	EXPECT(pe_load(im.b, im.len, &img, im.b + 0x10, MAX_FILE - 0x10, IMAGE_BASE) ==
	       PE_ERR_LOAD_OVERLAP);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE + 0x800) ==
	       PE_ERR_LOAD_ADDR_ALIGN);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, 0xfffffffffffff000ull) ==
	       PE_ERR_LOAD_ADDR_RANGE);
	forged = img;
	forged.size_of_image = 0x1000;
	EXPECT(pe_load(im.b, im.len, &forged, dst, 0x1000, IMAGE_BASE) ==
	       PE_ERR_LOAD_IMAGE_MISMATCH);
	put16(&im, COFF + 18, 0x0207);
	EXPECT(pe_check(im.b, im.len, &img) == PE_OK);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE + 0x1000) ==
	       PE_ERR_LOAD_RELOCS_STRIPPED);
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE) == PE_OK);
	im.b[0] = 0;
	EXPECT(pe_load(im.b, im.len, &img, dst, IMAGE_SIZE, IMAGE_BASE) == PE_ERR_DOS_MAGIC);
}

static void test_strerror(void)
{
	EXPECT(strerror_table_ok(pe_strerror, PE_ERR_COUNT, "unknown PE status"));
}

/* A loaded image with a debug directory at 0x100 and entry data at 0x200. */
static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void debug_entry(uint8_t *image, unsigned idx, uint32_t type, uint32_t size, uint32_t rva)
{
	uint8_t *e = image + 0x100 + idx * 28;

	put_le32(e + 12, type);
	put_le32(e + 16, size);
	put_le32(e + 20, rva);
}

static void test_dll_characteristics_ex(void)
{
	static uint8_t image[0x1000];
	struct pe_image img = { .size_of_image = sizeof(image), .debug_rva = 0x100,
				.debug_size = 2 * 28 };

	debug_entry(image, 0, 16 /* REPRO */, 0, 0);
	debug_entry(image, 1, PE_DEBUG_TYPE_EX_DLLCHARACTERISTICS, 4, 0x200);
	put_le32(image + 0x200, PE_DLLEX_FORWARD_CFI_COMPAT | 1);
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) ==
	       (PE_DLLEX_FORWARD_CFI_COMPAT | 1));
	/* the second entry lies outside a one-entry directory */
	img.debug_size = 28;
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
	img.debug_size = 0;
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
	/* directory or data past the image: nothing, never a read out of bounds */
	img.debug_size = 2 * 28;
	img.debug_rva = sizeof(image) - 28;
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
	img.debug_rva = 0xffffff00u;
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
	img.debug_rva = 0x100;
	debug_entry(image, 1, PE_DEBUG_TYPE_EX_DLLCHARACTERISTICS, 4, sizeof(image) - 2);
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
	debug_entry(image, 1, PE_DEBUG_TYPE_EX_DLLCHARACTERISTICS, 2, 0x200);
	EXPECT(pe_dll_characteristics_ex(image, sizeof(image), &img) == 0);
}

int main(void)
{
	test_valid_images();
	test_dos_and_coff();
	test_optional_header();
	test_alignment_and_sizes();
	test_headers_only();
	test_sections();
	test_entry_point();
	test_relocations();
	test_section_accessor();
	test_load_copy();
	test_empty_dummy_section();
	test_load_in_place();
	test_load_in_place_leaves_file_bytes_alone();
	test_load_rules();
	test_strerror();
	test_dll_characteristics_ex();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
