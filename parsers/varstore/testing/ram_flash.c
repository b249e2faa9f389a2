#include "parsers/varstore/testing/ram_flash.h"

#include <stdlib.h>
#include <string.h>

#include "parsers/varstore/varstore.h"

struct ram_flash ram_flash;

void ram_flash_init(uint8_t *mem, uint64_t size, uint64_t block_size)
{
	memset(&ram_flash, 0, sizeof(ram_flash));
	ram_flash.mem = mem;
	ram_flash.size = size;
	ram_flash.block_size = block_size;
	ram_flash.budget = -1;
}

void ram_flash_cut_after(int64_t operations)
{
	ram_flash.budget = operations;
}

void ram_flash_power_on(void)
{
	ram_flash.off = false;
	ram_flash.budget = -1;
}

/* true if this operation runs whole; false if the power goes now (torn) or is off. */
static bool power(bool *torn)
{
	*torn = false;
	if (ram_flash.off || ram_flash.fail_all || ram_flash.read_only)
		return false;
	if (ram_flash.budget == 0) {
		ram_flash.off = true;
		*torn = true;
		return false;
	}
	if (ram_flash.budget > 0)
		ram_flash.budget--;
	return true;
}

/* One word: the unit a power cut can tear. */
static int program_word(uint64_t offset, uint32_t value)
{
	bool torn;

	if (!power(&torn))
		value |= torn ? 0xffff0000u : 0xffffffffu;
	else
		ram_flash.programs++;
	for (unsigned i = 0; i < 4; i++)
		ram_flash.mem[offset + i] &= (uint8_t)(value >> (8 * i));
	return torn || ram_flash.off || ram_flash.fail_all || ram_flash.read_only ? -1 : 0;
}

int varstore_flash_program(uint64_t offset, const uint8_t *src, uint64_t len)
{
	if (offset % 4 || len % 4 || offset > ram_flash.size || len > ram_flash.size - offset)
		abort(); /* the writer never programs outside the window or unaligned */
	for (uint64_t i = 0; i < len; i += 4) {
		uint32_t value = (uint32_t)src[i] | (uint32_t)src[i + 1] << 8 |
				 (uint32_t)src[i + 2] << 16 | (uint32_t)src[i + 3] << 24;

		if (program_word(offset + i, value) != 0)
			return -1;
	}
	return 0;
}

int varstore_flash_read_only(void)
{
	ram_flash.questions++;
	return ram_flash.read_only;
}

int varstore_flash_erase(uint64_t offset, uint64_t size)
{
	uint64_t block = ram_flash.block_size;

	if (offset % block || size % block || offset > ram_flash.size ||
	    size > ram_flash.size - offset)
		abort();
	for (uint64_t b = offset; b < offset + size; b += block) {
		bool torn;

		if (!power(&torn)) {
			if (torn)
				memset(ram_flash.mem + b, 0xff, block / 2);
			return -1;
		}
		ram_flash.erases++;
		memset(ram_flash.mem + b, 0xff, block);
	}
	return 0;
}
