/*
 * The store writer's flash backend for host tests, fuzzers and tools: NOR
 * flash in RAM (programming only clears bits, erase sets whole blocks to
 * 0xFF) that can lose power after a given number of word programs and block
 * erases (a multi-word program counts each word). The operation the power
 * cut hits is torn: a word gets only the low half of its bits, an erase
 * clears only the first half of its block. Every operation after it fails
 * until ram_flash_power_on().
 */
#ifndef EFILITE_PARSERS_VARSTORE_TESTING_RAM_FLASH_H
#define EFILITE_PARSERS_VARSTORE_TESTING_RAM_FLASH_H
#include <stdbool.h>
#include <stdint.h>

struct ram_flash {
	uint8_t *mem;
	uint64_t size, block_size;
	int64_t budget;		/* operations left before the power cut; < 0: never */
	bool off;		/* the power was cut */
	uint64_t programs, erases; /* operations done */
	uint64_t questions;	/* varstore_flash_read_only() calls */
	bool fail_all;		/* a failing device: every operation fails */
	bool read_only;		/* a read-only device: says so, and every operation fails */
};

extern struct ram_flash ram_flash;

/* Uses mem (size bytes, erase blocks of block_size) as the flash; power on, no cut. */
void ram_flash_init(uint8_t *mem, uint64_t size, uint64_t block_size);
/* The power goes off after `operations` more program/erase operations (< 0: never). */
void ram_flash_cut_after(int64_t operations);
/* Back on after a cut (a reboot). */
void ram_flash_power_on(void);
#endif
