/*
 * The first stage's C part: expand the firmware image from flash into RAM
 * and prepare the tables it starts on. Flash holds, right after the first
 * stage (link.ld's __payload):
 *   header (packed.h) | LZ4 block of the RAM image (pack.py)
 * Every field is checked before use and the decoder is bounds-checked, so a
 * corrupt flash image ends in one "efilite: error:" line and power-off, and
 * nothing is written outside [FW_IMAGE_BASE, FW_RAM_BASE + FW_RAM_SIZE).
 * Runs with the preliminary tables: flash executable, RAM execute-never.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/image_header.h"
#include "firmware/platform/layout.h"
#include "firmware/stage1/packed.h"
#include "parsers/lz4/lz4.h"

#define PAGE 4096u
#define RAM_LIMIT (FW_RAM_BASE + FW_RAM_SIZE)

extern const char __payload[];
void boot_puts(const char *s);
__attribute__((noreturn)) void stage1_power_off(void);

struct handoff {
	uint64_t ttbr; /* x0 */
	uint64_t entry; /* x1 */
};

static __attribute__((noreturn)) void fail(const char *what, const char *why)
{
	boot_puts("efilite: error: firmware image: ");
	boot_puts(what);
	if (why) {
		boot_puts(": ");
		boot_puts(why);
	}
	boot_puts("\r\n");
	stage1_power_off();
}

/*
 * parsers/lz4 is built with the stack protector like all firmware code. The
 * first stage runs before any entropy source is set up, so its canary is a
 * fixed value (low byte zero): it still stops a decoder overrun from
 * returning through a smashed frame.
 */
const uintptr_t __stack_chk_guard = 0x2f8e5c71d4a39600u;

__attribute__((noreturn)) void __stack_chk_fail(void);

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	fail("stack smashing detected", "canary overwritten");
}

/*
 * Adler-32 (RFC 1950): sums reduced every 5552 bytes, before they can wrap;
 * 8 bytes a round, unrolled even at -Oz: 3 instructions a byte instead of 7
 * (under TCG the instruction count is the first stage's time).
 */
static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n) {
		size_t chunk = n < 5552 ? n : 5552;

		n -= chunk;
		for (; chunk >= 8; chunk -= 8, p += 8)
#pragma clang loop unroll(full)
			for (unsigned i = 0; i < 8; i++) {
				a += p[i];
				b += a;
			}
		for (; chunk; chunk--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool page_aligned(uint64_t a)
{
	return (a & (PAGE - 1)) == 0;
}

/* The header the image starts with, against what was expanded. */
static struct fw_image_header *check_image(size_t size)
{
	struct fw_image_header *h = (void *)(uintptr_t)FW_IMAGE_BASE;
	uint64_t end = FW_IMAGE_BASE + size;

	if (size < sizeof(*h) || h->magic != FW_IMAGE_MAGIC)
		fail("no firmware image header", NULL);
	if (h->image_end != end)
		fail("image size differs from its header's", NULL);
	if (!page_aligned(h->text_end) || h->text_end <= FW_IMAGE_BASE || h->text_end > end)
		fail("code range outside the image", NULL);
	if (h->ram_end < end || h->ram_end > RAM_LIMIT)
		fail("firmware RAM outside its window", NULL);
	if (h->early_tables != EARLY_TABLES_BASE)
		fail("image linked for early tables elsewhere", NULL);
	return h;
}

/*
 * The early tables, after the preliminary ones (start.S) in EARLY_TABLES_BASE:
 * the same mappings, except that the firmware's 2 MiB of RAM is mapped with
 * pages: the image's code read-only executable, all else read-write
 * execute-never. mmu_init() replaces them.
 */
static uint64_t build_tables(const struct fw_image_header *h)
{
	uint64_t prelim_l2 = EARLY_TABLES_BASE + 2 * PAGE; /* flash and the boot PL011 */
	uint64_t *l0 = (uint64_t *)(uintptr_t)(EARLY_TABLES_BASE + 3 * PAGE);
	uint64_t *l1 = l0 + 512, *l2 = l1 + 512, *l3 = l2 + 512;
	const uint64_t ram = PTE_NORMAL | PTE_PXN;

	for (unsigned i = 0; i < 512; i++) {
		uint64_t page = FW_RAM_BASE + (uint64_t)i * PAGE;
		bool code = page >= FW_IMAGE_BASE && page < h->text_end;

		l0[i] = 0;
		l1[i] = 0;
		l2[i] = (DRAM_BASE + ((uint64_t)i << 21)) | PTE_BLOCK | ram;
		l3[i] = page | PTE_PAGE | (code ? PTE_NORMAL | PTE_AP_RO : ram);
	}
	l0[0] = (uint64_t)(uintptr_t)l1 | PTE_TABLE;
	l1[0] = prelim_l2 | PTE_TABLE;
	l1[DRAM_BASE >> 30] = (uint64_t)(uintptr_t)l2 | PTE_TABLE;
	l2[(FW_RAM_BASE - DRAM_BASE) >> 21] = (uint64_t)(uintptr_t)l3 | PTE_TABLE;
	return (uint64_t)(uintptr_t)l0;
}

/* The image was written as data: clean it to the point of unification. */
static void clean_to_pou(uint64_t start, uint64_t end)
{
	uint64_t ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ull << (ctr >> 16 & 0xf);
	for (uint64_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb ish" : : : "memory");
}

static uint64_t ticks(void)
{
	uint64_t t;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t) : : "memory");
	return t;
}

struct handoff stage1_main(uint64_t reset_ticks)
{
	const uint8_t *packed = (const uint8_t *)__payload;
	uint8_t *dst = (uint8_t *)(uintptr_t)FW_IMAGE_BASE;
	uint64_t flash_left = FLASH_BASE + FLASH_SIZE - (uint64_t)(uintptr_t)packed;
	uint32_t packed_size, image_size;
	struct fw_image_header *h;
	struct handoff handoff;
	size_t size;
	int status;

	if (le32(packed) != PACKED_MAGIC)
		fail("no compressed image after the first stage", NULL);
	packed_size = le32(packed + PACKED_SIZE_OFFSET);
	image_size = le32(packed + PACKED_IMAGE_SIZE_OFFSET);
	if (packed_size > flash_left - PACKED_HEADER_SIZE)
		fail("compressed size past the end of flash", NULL);
	if (image_size > RAM_LIMIT - FW_IMAGE_BASE)
		fail("image larger than firmware RAM", NULL);
	/* The block, not the image: half the bytes, and garbage is never decoded. */
	if (adler32(packed + PACKED_HEADER_SIZE, packed_size) !=
	    le32(packed + PACKED_CHECKSUM_OFFSET))
		fail("checksum mismatch", NULL);
	status = lz4_decode(packed + PACKED_HEADER_SIZE, packed_size, dst, image_size, &size);
	if (status != LZ4_OK)
		fail("corrupt", lz4_strerror(status));
	if (size != image_size)
		fail("image shorter than its header says", NULL);
	h = check_image(size);
	handoff = (struct handoff){ build_tables(h), FW_IMAGE_BASE };
	/* The header is in the code pages: written before they are cleaned. */
	h->stage1_start_ticks = reset_ticks;
	h->stage1_end_ticks = ticks();
	clean_to_pou(FW_IMAGE_BASE, h->text_end);
	return handoff;
}
