/*
 * CFI flash driver (see cfi.h). Commands are written to every chip lane of
 * the 32-bit bus at once; status is ready when every lane says so. The bank
 * is left in read-array mode after every operation, so the store can be read
 * as memory in between.
 */
#include "firmware/drivers/flash/cfi.h"

#include "firmware/drivers/flash/cfi_bus.h"
#include "firmware/platform/layout.h"

#define CMD_READ_ARRAY 0xffu
#define CMD_READ_STATUS 0x70u
#define CMD_CLEAR_STATUS 0x50u
#define CMD_PROGRAM 0x40u
#define CMD_BUFFERED_PROGRAM 0xe8u
#define CMD_ERASE 0x20u
#define CMD_CONFIRM 0xd0u
#define CMD_QUERY 0x98u
#define QUERY_ADDR 0x55u

#define SR_READY 0x80u
#define SR_ERASE_ERR 0x20u
#define SR_PROGRAM_ERR 0x10u
#define SR_VPP_LOW 0x08u
#define SR_LOCKED 0x02u

#define PROGRAM_TIMEOUT_MS 100u
#define ERASE_TIMEOUT_MS 10000u

RUNTIME_CODE static void put(const struct cfi_flash *f, uint64_t offset, uint32_t value)
{
	cfi_bus_write(f->base + offset, value);
}

RUNTIME_CODE static uint32_t get(const struct cfi_flash *f, uint64_t offset)
{
	return cfi_bus_read(f->base + offset);
}

/* A command byte for every chip on the bus. */
RUNTIME_CODE static uint32_t cmd(const struct cfi_flash *f, uint32_t command)
{
	return f->lanes == 2 ? command | command << 16 : command;
}

/* The OR of every lane's status byte, and whether all lanes are ready. */
RUNTIME_CODE static uint32_t lanes_status(const struct cfi_flash *f, uint32_t raw, int *ready)
{
	uint32_t low = raw & 0xff, high = (raw >> 16) & 0xff;

	if (f->lanes == 2) {
		*ready = (low & high & SR_READY) != 0;
		return low | high;
	}
	*ready = (low & SR_READY) != 0;
	return low;
}

RUNTIME_CODE static int wait_ready(struct cfi_flash *f, uint64_t offset, uint32_t timeout_ms,
				   uint32_t error_bit, int error)
{
	uint64_t freq = cfi_bus_frequency(), start = cfi_bus_ticks();
	uint64_t limit = freq / 1000 * timeout_ms;
	int status = CFI_OK, ready = 0;
	uint32_t sr;

	put(f, offset, cmd(f, CMD_READ_STATUS));
	for (;;) {
		sr = lanes_status(f, get(f, offset), &ready);
		if (ready)
			break;
		if (cfi_bus_ticks() - start > limit) {
			status = CFI_ERR_TIMEOUT;
			break;
		}
	}
	if (status == CFI_OK) {
		if (sr & SR_LOCKED)
			status = CFI_ERR_LOCKED;
		else if (sr & SR_VPP_LOW)
			status = CFI_ERR_VOLTAGE;
		else if (sr & error_bit)
			status = error;
	}
	if (status != CFI_OK) {
		put(f, offset, cmd(f, CMD_CLEAR_STATUS));
		f->last_error = status;
	}
	put(f, offset, cmd(f, CMD_READ_ARRAY));
	return status;
}

RUNTIME_CODE static uint32_t word_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Waits for the write buffer (the status read right after 0xE8 says it is free). */
RUNTIME_CODE static int buffer_free(struct cfi_flash *f, uint64_t offset)
{
	uint64_t freq = cfi_bus_frequency(), start = cfi_bus_ticks();
	int ready = 0;

	for (;;) {
		lanes_status(f, get(f, offset), &ready);
		if (ready)
			return CFI_OK;
		if (cfi_bus_ticks() - start > freq / 1000 * PROGRAM_TIMEOUT_MS) {
			f->last_error = CFI_ERR_TIMEOUT;
			put(f, offset, cmd(f, CMD_READ_ARRAY));
			return CFI_ERR_TIMEOUT;
		}
	}
}

/* words (<= the buffer, inside one buffer line) from src at offset, one 0xE8 command. */
RUNTIME_CODE static int program_buffer(struct cfi_flash *f, uint64_t offset, const uint8_t *src,
				       uint32_t words)
{
	int status;

	put(f, offset, cmd(f, CMD_BUFFERED_PROGRAM));
	status = buffer_free(f, offset);
	if (status != CFI_OK)
		return status;
	put(f, offset, cmd(f, words - 1)); /* per chip: its share is as many bus words */
	for (uint32_t i = 0; i < words; i++)
		put(f, offset + 4ull * i, word_at(src + 4ull * i));
	put(f, offset, cmd(f, CMD_CONFIRM));
	return wait_ready(f, offset, PROGRAM_TIMEOUT_MS, SR_PROGRAM_ERR, CFI_ERR_PROGRAM);
}

RUNTIME_CODE static int program_word(struct cfi_flash *f, uint64_t offset, uint32_t value)
{
	put(f, offset, cmd(f, CMD_PROGRAM));
	put(f, offset, value);
	return wait_ready(f, offset, PROGRAM_TIMEOUT_MS, SR_PROGRAM_ERR, CFI_ERR_PROGRAM);
}

RUNTIME_CODE int cfi_program(struct cfi_flash *f, uint64_t offset, const uint8_t *src,
			     uint64_t len)
{
	int status = CFI_OK;

	if (offset % 4 || len % 4 || offset > f->size || len > f->size - offset)
		return CFI_ERR_RANGE;
	while (len && status == CFI_OK) {
		/* up to the end of this buffer line */
		uint64_t n = f->buffer_bytes ? f->buffer_bytes - offset % f->buffer_bytes : 4;

		if (n > len)
			n = len;
		status = n > 4 ? program_buffer(f, offset, src, (uint32_t)(n / 4))
			       : program_word(f, offset, word_at(src));
		offset += n;
		src += n;
		len -= n;
	}
	return status;
}

RUNTIME_CODE int cfi_erase_block(struct cfi_flash *f, uint64_t offset)
{
	if (!f->block_size || offset % f->block_size || offset >= f->size)
		return CFI_ERR_RANGE;
	put(f, offset, cmd(f, CMD_ERASE));
	put(f, offset, cmd(f, CMD_CONFIRM));
	return wait_ready(f, offset, ERASE_TIMEOUT_MS, SR_ERASE_ERR, CFI_ERR_ERASE);
}

RUNTIME_CODE int cfi_write_probe(struct cfi_flash *f, uint64_t offset)
{
	uint32_t words[2], sr;
	int status, ready = 0;

	if (!f->buffer_bytes || offset % 8 || offset > f->size - 8)
		return CFI_ERR_NO_ANSWER;
	words[0] = get(f, offset);
	words[1] = get(f, offset + 4);
	put(f, offset, cmd(f, CMD_BUFFERED_PROGRAM));
	status = buffer_free(f, offset);
	if (status != CFI_OK)
		return status;
	put(f, offset, cmd(f, 1)); /* two bus words */
	put(f, offset, words[0]);
	put(f, offset + 4, words[1]);
	put(f, offset, cmd(f, CMD_READ_ARRAY)); /* not the confirm: nothing is programmed */
	put(f, offset, cmd(f, CMD_READ_STATUS));
	sr = lanes_status(f, get(f, offset), &ready);
	if ((sr & (SR_PROGRAM_ERR | SR_ERASE_ERR)) == (SR_PROGRAM_ERR | SR_ERASE_ERR))
		status = CFI_ERR_NO_ANSWER; /* a real chip's "bad command sequence" */
	else if (sr & SR_LOCKED)
		status = CFI_ERR_LOCKED;
	else if (sr & SR_VPP_LOW)
		status = CFI_ERR_VOLTAGE;
	else if (sr & SR_PROGRAM_ERR)
		status = CFI_ERR_PROGRAM;
	if (sr & (SR_PROGRAM_ERR | SR_ERASE_ERR | SR_VPP_LOW | SR_LOCKED))
		put(f, offset, cmd(f, CMD_CLEAR_STATUS));
	put(f, offset, cmd(f, CMD_READ_ARRAY));
	return status;
}

/* Byte k of the query table: one per 32-bit bus word, in the low lane. */
static uint32_t query_byte(const struct cfi_flash *f, uint32_t k)
{
	return get(f, 4ull * k) & 0xff;
}

int cfi_probe(struct cfi_flash *f, uint64_t base, uint64_t size)
{
	uint32_t q, command_set, regions, blocks, block_bytes, buffer_log2;
	uint64_t device_bytes;

	f->base = base;
	f->size = size;
	f->lanes = 2; /* until the answer says otherwise: a command to both lanes */
	f->block_size = 0;
	f->buffer_bytes = 0;
	f->last_error = CFI_OK;
	/*
	 * No read-array command first: a chip comes out of reset in read-array
	 * mode, and on QEMU every mode change costs a rebuild of the memory map.
	 */
	put(f, 4ull * QUERY_ADDR, cmd(f, CMD_QUERY));
	q = get(f, 4ull * 0x10);
	if ((q & 0xff) != 'Q' || query_byte(f, 0x11) != 'R' || query_byte(f, 0x12) != 'Y') {
		put(f, 0, cmd(f, CMD_READ_ARRAY));
		return CFI_ERR_NO_QUERY;
	}
	f->lanes = ((q >> 16) & 0xff) == 'Q' ? 2 : 1;
	command_set = query_byte(f, 0x13) | query_byte(f, 0x14) << 8;
	device_bytes = 1ull << (query_byte(f, 0x27) & 63);
	regions = query_byte(f, 0x2c);
	blocks = (query_byte(f, 0x2d) | query_byte(f, 0x2e) << 8) + 1;
	block_bytes = (query_byte(f, 0x2f) | query_byte(f, 0x30) << 8) * 256u;
	buffer_log2 = query_byte(f, 0x2a);
	put(f, 0, cmd(f, CMD_READ_ARRAY));
	if (command_set != 1 && command_set != 3)
		return CFI_ERR_COMMAND_SET;
	/* region 1 must tile the bank with blocks of a power-of-two size */
	if (regions == 0 || block_bytes == 0 || (block_bytes & (block_bytes - 1)) ||
	    (uint64_t)blocks * block_bytes != device_bytes ||
	    device_bytes * f->lanes < size)
		return CFI_ERR_GEOMETRY;
	f->block_size = (uint64_t)block_bytes * f->lanes;
	/*
	 * The buffer of one chip (bytes), used as the whole bus's: every chip
	 * then gets at most half of it. Between 8 bytes and 2 KiB, else none.
	 */
	f->buffer_bytes = buffer_log2 >= 3 && buffer_log2 <= 11 ? 1u << buffer_log2 : 0;
	return CFI_OK;
}

const char *cfi_strerror(int status)
{
	static const char *const messages[CFI_ERR_COUNT] = {
		[CFI_OK] = "ok",
		[CFI_ERR_NO_QUERY] = "no CFI query answer",
		[CFI_ERR_COMMAND_SET] = "not the Intel command set",
		[CFI_ERR_GEOMETRY] = "blocks do not tile the bank",
		[CFI_ERR_RANGE] = "offset outside the bank",
		[CFI_ERR_TIMEOUT] = "timed out",
		[CFI_ERR_PROGRAM] = "program failed",
		[CFI_ERR_ERASE] = "erase failed",
		[CFI_ERR_VOLTAGE] = "voltage low",
		[CFI_ERR_LOCKED] = "block locked",
		[CFI_ERR_NO_ANSWER] = "no clear answer to a write probe",
	};

	return status >= 0 && status < CFI_ERR_COUNT ? messages[status] : "unknown CFI status";
}
