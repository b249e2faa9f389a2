/*
 * The reduced real binaries of corpora/pe keep the header facts that
 * llvm-readobj reports for the original Debian binaries, and load (by copy
 * and, where the layout allows, in place). That every seed is accepted and
 * loads is also //fuzz/pe:pe_seed_*_test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pe/pe.h"

static int failures;

#define EXPECT(seed, cond)                                                  \
	do {                                                                \
		if (!(cond)) {                                              \
			printf("%s:%d: %s: expected %s\n", __FILE__, __LINE__, seed, #cond); \
			failures++;                                         \
		}                                                           \
	} while (0)

struct seed {
	unsigned char *data;
	size_t len;
	struct pe_image img;
};

static int load_seed(const char *name, struct seed *s)
{
	char path[256];
	snprintf(path, sizeof(path), "corpora/pe/%s", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s\n", path);
		failures++;
		return -1;
	}
	static unsigned char buf[1 << 20];
	s->len = fread(buf, 1, sizeof(buf), f);
	s->data = buf;
	fclose(f);
	int rc = pe_check(s->data, s->len, &s->img);
	EXPECT(name, rc == PE_OK);
	if (rc) {
		printf("  %s\n", pe_strerror(rc));
		return rc;
	}
	/* The firmware sizes the buffer from the headers before reading the rest. */
	struct pe_image from_headers;
	EXPECT(name, pe_check_headers(s->data, s->img.size_of_headers, s->len, &from_headers) ==
			     PE_OK);
	EXPECT(name, from_headers.size_of_image == s->img.size_of_image);
	return rc;
}

/* Copy to an address 2 MiB above the preferred one, and in place if possible. */
static void expect_loads(const char *name, struct seed *s)
{
	uint64_t load_addr = s->img.image_base + 0x200000;
	unsigned char *copy = malloc(s->img.size_of_image);
	EXPECT(name, pe_load(s->data, s->len, &s->img, copy, s->img.size_of_image, load_addr) ==
			     PE_OK);
	if (s->img.in_place) {
		size_t n = s->img.size_of_image > s->len ? s->img.size_of_image : s->len;
		unsigned char *in_place = calloc(1, n);
		memcpy(in_place, s->data, s->len);
		EXPECT(name, pe_load(in_place, s->len, &s->img, in_place, n, load_addr) == PE_OK);
		EXPECT(name, memcmp(in_place, copy, s->img.size_of_image) == 0);
		free(in_place);
	}
	free(copy);
}

static void expect_section(const char *name, struct seed *s, unsigned idx, uint32_t rva,
			   uint32_t flags)
{
	struct pe_section sec;
	EXPECT(name, pe_section(s->data, s->len, &s->img, idx, &sec) == PE_OK);
	EXPECT(name, sec.rva == rva && sec.flags == flags);
}

static uint64_t get_le(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;
	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/*
 * Loads at the preferred address and 1 GiB above; returns how many DIR64
 * targets (listed in the loaded relocation directory) moved by exactly the
 * difference, or -1 if any other byte differs or a load fails.
 */
static int relocated_targets(struct seed *s)
{
	const uint64_t delta = 1ull << 30;
	uint32_t size = s->img.size_of_image;
	unsigned char *at_base = malloc(size), *moved = malloc(size);
	int count = -1;
	if (pe_load(s->data, s->len, &s->img, at_base, size, s->img.image_base) ||
	    pe_load(s->data, s->len, &s->img, moved, size, s->img.image_base + delta))
		goto out;
	count = 0;
	const unsigned char *dir = at_base + s->img.reloc_rva;
	for (uint32_t pos = 0; pos + 8 <= s->img.reloc_size;) {
		uint32_t page = (uint32_t)get_le(dir + pos, 4);
		uint32_t block = (uint32_t)get_le(dir + pos + 4, 4);
		for (uint32_t e = 8; e + 2 <= block; e += 2) {
			uint32_t entry = (uint32_t)get_le(dir + pos + e, 2);
			uint32_t target = page + (entry & 0xfff);
			if (entry >> 12 != 10)
				continue;
			if (get_le(moved + target, 8) - get_le(at_base + target, 8) != delta)
				goto out;
			memcpy(moved + target, at_base + target, 8);
			count++;
		}
		pos += block;
	}
	if (memcmp(moved, at_base, size))
		count = -1;
out:
	free(at_base);
	free(moved);
	return count;
}

static void test_linux_image(void)
{
	const char *name = "linux-cloud-arm64-image";
	struct seed s;
	if (load_seed(name, &s))
		return;
	EXPECT(name, s.img.in_place);
	EXPECT(name, s.img.section_alignment == 0x10000);
	EXPECT(name, s.img.size_of_image == 27983872);
	EXPECT(name, s.img.entry_rva == 0x13ec7f0);
	EXPECT(name, s.img.subsystem == PE_SUBSYSTEM_EFI_APPLICATION);
	EXPECT(name, s.img.dll_characteristics & PE_DLL_NX_COMPAT);
	EXPECT(name, s.img.num_sections == 2 && s.img.reloc_size == 0);
	expect_section(name, &s, 0, 0x10000, PE_SECTION_EXEC | PE_SECTION_READ);
	expect_section(name, &s, 1, 0x1450000, PE_SECTION_READ | PE_SECTION_WRITE);
}

static void test_systemd_stub(void)
{
	const char *name = "systemd-linuxaa64.efi.stub";
	struct seed s;
	if (load_seed(name, &s))
		return;
	/* SizeOfImage 0x10E00 is not a multiple of SectionAlignment 0x1000. */
	EXPECT(name, s.img.size_of_image == 0x11000);
	EXPECT(name, s.img.in_place && s.img.entry_rva == 0x1000);
	expect_section(name, &s, 1, 0xf000, PE_SECTION_READ | PE_SECTION_WRITE);
	expect_loads(name, &s);
}

static void test_relocated_images(void)
{
	static const struct {
		const char *name;
		uint32_t reloc_rva, reloc_size;
		uint16_t sections;
	} images[] = {
		{"grub-grubaa64.efi", 0x422000, 0x1000, 5},
		{"shim-shimaa64.efi", 0x8c000, 0xa, 10},
		{"shim-mmaa64.efi", 0x7a000, 0xa, 7},
		{"shim-fbaa64.efi", 0xf000, 0xa, 7},
	};
	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		struct seed s;
		const char *name = images[i].name;
		if (load_seed(name, &s))
			continue;
		EXPECT(name, s.img.reloc_rva == images[i].reloc_rva);
		EXPECT(name, s.img.reloc_size == images[i].reloc_size);
		EXPECT(name, s.img.num_sections == images[i].sections);
		EXPECT(name, relocated_targets(&s) >= 0);
		expect_loads(name, &s);
	}
}

static void test_lld_link_app(void)
{
	const char *name = "lld-link-efi-app";
	struct seed s;
	if (load_seed(name, &s))
		return;
	/* llvm-readobj --coff-basereloc: two DIR64 entries (the two pointers in pe_app.c). */
	EXPECT(name, relocated_targets(&s) == 2);
	EXPECT(name, s.img.image_base == 0x140000000ull && !s.img.in_place);
	expect_section(name, &s, 0, 0x1000, PE_SECTION_EXEC | PE_SECTION_READ);
}

int main(void)
{
	test_linux_image();
	test_systemd_stub();
	test_relocated_images();
	test_lld_link_app();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
