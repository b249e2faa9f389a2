/*
 * The CFI driver (cfi.c as the firmware links it) against a fake bus: a small
 * model of an Intel/Sharp pflash_cfi01 bank (one x32 chip or two x16 chips
 * side by side) and a fake clock that moves 1 ms on every read. The chip
 * checks the command sequences it is given, keeps its status error bits until
 * a clear-status command (as real chips do), and can fail one way at a time:
 * a status error bit, a locked block, or never becoming ready. Like QEMU's
 * pflash_cfi01 it drops a write buffer abandoned before its confirm, and
 * refuses every program and erase of a read-only drive with an error bit;
 * as a stricter chip it can flag the abandonment as a bad sequence instead.
 */
#include <stdint.h>
#include <string.h>

#include "firmware/drivers/flash/cfi.h"
#include "firmware/drivers/flash/cfi_bus.h"
#include "tools/testing/check.h"

#define BASE 0x04000000ull
#define BANK_BYTES (256u << 10)
#define BLOCK_BYTES (32u << 10) /* of the whole bus */
#define CHIP_BUFFER_LOG2 6      /* 64-byte write buffer per chip */

#define SR_READY 0x80u
#define SR_ERASE_ERR 0x20u
#define SR_PROGRAM_ERR 0x10u
#define SR_VPP_LOW 0x08u
#define SR_LOCKED 0x02u

enum mode {
	M_ARRAY,	/* reads give the data */
	M_STATUS,	/* reads give the status register */
	M_QUERY,	/* reads give the CFI query table */
	M_PROGRAM,	/* 0x40/0x10 given: the next write is the data */
	M_BUF_COUNT,	/* 0xe8 given: the next write is the word count */
	M_BUF_BUSY,	/* 0xe8 given, buffer busy: not taken (the next write is a command) */
	M_BUF_DATA,	/* taking the buffer's words */
	M_BUF_CONFIRM,	/* all words in: 0xd0 programs them */
	M_ERASE,	/* 0x20 given: 0xd0 erases */
};

enum fault {
	F_NONE,
	F_PROGRAM,	/* program fails (SR4) */
	F_ERASE,	/* erase fails (SR5) */
	F_VPP,		/* VPP low: SR3 with SR4 or SR5 */
	F_STUCK,	/* busy for ever after program or erase */
	F_BUFFER_STUCK,	/* the write buffer never becomes free */
	F_READ_ONLY,	/* QEMU's read-only drive: SR4 on loading or programming, SR5 on erase */
	F_STRICT,	/* a real chip: anything but the confirm after a buffer is a bad sequence */
};

static struct {
	uint32_t lanes;
	enum mode mode;
	uint8_t sr[2];		/* per chip */
	uint8_t data[BANK_BYTES];
	int locked[BANK_BYTES / BLOCK_BYTES];
	enum fault fault;
	unsigned fault_lanes;	/* which chips fail (bit per lane) */
	unsigned busy_reads;	/* status reads that still say busy (~0u: for ever) */
	uint64_t op_base, buf_next;
	uint32_t buf_left, buf_words, buf[1u << CHIP_BUFFER_LOG2];
	unsigned sequence_errors, bad_addresses;
	unsigned changes;	/* programs and erases that reached the cells */
	uint16_t command_set;	/* in the query table */
	uint64_t ticks;
} chip;

/* ---- the fake clock: 1 MHz, 1 ms per reading ---- */

uint64_t cfi_bus_frequency(void)
{
	return 1000000;
}

uint64_t cfi_bus_ticks(void)
{
	chip.ticks += 1000;
	return chip.ticks;
}

/* ---- the fake chip ---- */

/*
 * The command byte: a x32 chip reads its low byte only; two x16 chips each
 * need it in their low byte, or -1.
 */
static int command(uint32_t value)
{
	uint32_t low = value & 0xff;

	if (chip.lanes == 2 && (((value >> 16) & 0xff) != low || (value & 0xff00ff00u) != 0))
		return -1;
	return (int)low;
}

static uint32_t lanes_value(uint8_t per_lane[2])
{
	return chip.lanes == 2 ? per_lane[0] | (uint32_t)per_lane[1] << 16 : per_lane[0];
}

static void sequence_error(void)
{
	chip.sequence_errors++;
	for (uint32_t l = 0; l < chip.lanes; l++)
		chip.sr[l] |= SR_PROGRAM_ERR | SR_ERASE_ERR;
	chip.mode = M_STATUS;
}

static uint64_t block_of(uint64_t offset)
{
	return offset / BLOCK_BYTES;
}

/* Ends a program (erase: 0) of the block at offset; 1 if the cells may change. */
static int finish(uint64_t offset, int erase)
{
	uint8_t err = erase ? SR_ERASE_ERR : SR_PROGRAM_ERR;
	int ok = 1;

	chip.mode = M_STATUS;
	for (uint32_t l = 0; l < chip.lanes; l++) {
		uint8_t bits = 0;

		if (chip.locked[block_of(offset)])
			bits = SR_LOCKED | err;
		else if (chip.fault == F_READ_ONLY)
			bits = err;
		else if (chip.fault_lanes & (1u << l)) {
			if (chip.fault == F_VPP)
				bits = SR_VPP_LOW | err;
			else if ((chip.fault == F_PROGRAM && !erase) || (chip.fault == F_ERASE && erase))
				bits = err;
		}
		chip.sr[l] |= bits;
		if (bits)
			ok = 0;
	}
	if (chip.fault == F_STUCK)
		chip.busy_reads = ~0u;
	return ok;
}

static void program_word(uint64_t offset, uint32_t value)
{
	uint8_t bytes[4] = { (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
			     (uint8_t)(value >> 24) };

	for (int i = 0; i < 4; i++)
		chip.data[offset + i] &= bytes[i]; /* bits only go from 1 to 0 */
	chip.changes++;
}

void cfi_bus_write(uint64_t address, uint32_t value)
{
	uint64_t offset = address - BASE;
	int c = command(value);

	if (address < BASE || offset >= BANK_BYTES || offset % 4) {
		chip.bad_addresses++;
		return;
	}
	switch (chip.mode) {
	case M_PROGRAM:
		if (finish(offset, 0))
			program_word(offset, value);
		return;
	case M_BUF_COUNT: {
		uint32_t words = (uint32_t)(c + 1);

		/* per chip: its share of the buffer is as many bus words */
		if (c < 0 || offset != chip.op_base || words * 4 / chip.lanes > 1u << CHIP_BUFFER_LOG2) {
			sequence_error();
			return;
		}
		chip.buf_left = chip.buf_words = words;
		chip.buf_next = offset;
		chip.mode = M_BUF_DATA;
		return;
	}
	case M_BUF_DATA:
		/* in order, inside one buffer line */
		if (offset != chip.buf_next ||
		    offset / (1u << CHIP_BUFFER_LOG2) != chip.op_base / (1u << CHIP_BUFFER_LOG2)) {
			sequence_error();
			return;
		}
		chip.buf[(offset - chip.op_base) / 4] = value;
		chip.buf_next += 4;
		if (chip.fault == F_READ_ONLY)
			chip.sr[0] = chip.sr[1] = SR_PROGRAM_ERR;
		if (--chip.buf_left == 0)
			chip.mode = M_BUF_CONFIRM;
		return;
	case M_BUF_CONFIRM:
		if (c == 0xff && chip.fault != F_STRICT) {
			chip.mode = M_ARRAY; /* abandoned: the buffer is dropped */
			return;
		}
		if (c != 0xd0) {
			sequence_error();
			return;
		}
		if (finish(chip.op_base, 0)) {
			for (uint32_t i = 0; i < chip.buf_words; i++)
				program_word(chip.op_base + 4 * i, chip.buf[i]);
		}
		return;
	case M_ERASE:
		if (c != 0xd0 || offset != chip.op_base) {
			sequence_error();
			return;
		}
		if (finish(offset, 1)) {
			memset(chip.data + offset / BLOCK_BYTES * BLOCK_BYTES, 0xff, BLOCK_BYTES);
			chip.changes++;
		}
		return;
	default:
		break;
	}
	switch (c) {
	case 0xff:
		chip.mode = M_ARRAY;
		break;
	case 0x70:
		chip.mode = M_STATUS;
		break;
	case 0x50:
		chip.sr[0] = chip.sr[1] = 0;
		break;
	case 0x98:
		if (offset == 4 * 0x55)
			chip.mode = M_QUERY;
		else
			sequence_error();
		break;
	case 0x10:
	case 0x40:
		chip.mode = M_PROGRAM;
		break;
	case 0xe8:
		/* reads give the status: is the buffer free? */
		chip.op_base = offset;
		chip.mode = chip.fault == F_BUFFER_STUCK ? M_BUF_BUSY : M_BUF_COUNT;
		break;
	case 0x20:
		if (offset % BLOCK_BYTES) {
			sequence_error();
			break;
		}
		chip.op_base = offset;
		chip.mode = M_ERASE;
		break;
	default:
		sequence_error();
	}
}

/* Byte k of one chip's query table. */
static uint8_t query(uint32_t k)
{
	uint32_t chip_bytes = BANK_BYTES / chip.lanes, chip_block = BLOCK_BYTES / chip.lanes;
	uint32_t log2 = 0;

	while ((1u << log2) < chip_bytes)
		log2++;
	switch (k) {
	case 0x10: return 'Q';
	case 0x11: return 'R';
	case 0x12: return 'Y';
	case 0x13: return (uint8_t)chip.command_set;
	case 0x14: return (uint8_t)(chip.command_set >> 8);
	case 0x27: return (uint8_t)log2;
	case 0x2a: return CHIP_BUFFER_LOG2;
	case 0x2c: return 1; /* one erase block region */
	case 0x2d: return (uint8_t)(chip_bytes / chip_block - 1);
	case 0x2e: return (uint8_t)((chip_bytes / chip_block - 1) >> 8);
	case 0x2f: return (uint8_t)(chip_block / 256);
	case 0x30: return (uint8_t)(chip_block / 256 >> 8);
	default: return 0;
	}
}

uint32_t cfi_bus_read(uint64_t address)
{
	uint64_t offset = address - BASE;
	uint8_t per_lane[2];

	if (address < BASE || offset >= BANK_BYTES || offset % 4) {
		chip.bad_addresses++;
		return 0;
	}
	switch (chip.mode) {
	case M_ARRAY:
		return chip.data[offset] | (uint32_t)chip.data[offset + 1] << 8 |
		       (uint32_t)chip.data[offset + 2] << 16 | (uint32_t)chip.data[offset + 3] << 24;
	case M_QUERY:
		per_lane[0] = per_lane[1] = query((uint32_t)(offset / 4));
		return lanes_value(per_lane);
	case M_BUF_COUNT:
		per_lane[0] = per_lane[1] = SR_READY;
		return lanes_value(per_lane);
	case M_BUF_BUSY:
		per_lane[0] = per_lane[1] = 0;
		return lanes_value(per_lane);
	default: /* status */
		/* a busy bank: the last chip is the slow one */
		for (uint32_t l = 0; l < chip.lanes; l++)
			per_lane[l] = (uint8_t)(chip.sr[l] |
						(chip.busy_reads && l == chip.lanes - 1 ? 0 : SR_READY));
		if (chip.busy_reads && chip.busy_reads != ~0u)
			chip.busy_reads--;
		return lanes_value(per_lane);
	}
}

/* ---- the tests ---- */

static void reset_chip(uint32_t lanes)
{
	memset(&chip, 0, sizeof(chip));
	chip.lanes = lanes;
	chip.command_set = 0x0001; /* Intel/Sharp */
	memset(chip.data, 0xff, sizeof(chip.data));
}

static struct cfi_flash probed(uint32_t lanes)
{
	struct cfi_flash f;

	reset_chip(lanes);
	CHECK_STATUS_AS(cfi_probe(&f, BASE, BANK_BYTES), CFI_OK, cfi_strerror);
	return f;
}

/* After every operation: read-array mode, no stale error bits, no bad sequence. */
static void check_idle(void)
{
	CHECK(chip.mode == M_ARRAY);
	CHECK(chip.sr[0] == 0 && chip.sr[1] == 0);
	CHECK(chip.sequence_errors == 0);
	CHECK(chip.bad_addresses == 0);
}

static void test_geometry(void)
{
	for (uint32_t lanes = 1; lanes <= 2; lanes++) {
		struct cfi_flash f = probed(lanes);

		CHECK(f.base == BASE && f.size == BANK_BYTES);
		CHECK(f.lanes == lanes);
		CHECK(f.block_size == BLOCK_BYTES);
		CHECK(f.buffer_bytes == 1u << CHIP_BUFFER_LOG2);
		CHECK(f.last_error == CFI_OK);
		check_idle();
	}
}

static void test_program_and_erase(uint32_t lanes)
{
	struct cfi_flash f = probed(lanes);
	uint8_t src[200], want[BANK_BYTES];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(want, 0xff, sizeof(want));
	/* a run that starts mid buffer line and crosses two lines, then one word */
	CHECK_STATUS_AS(cfi_program(&f, BLOCK_BYTES + 52, src, sizeof(src)), CFI_OK, cfi_strerror);
	memcpy(want + BLOCK_BYTES + 52, src, sizeof(src));
	check_idle();
	CHECK_STATUS_AS(cfi_program(&f, 8, src, 4), CFI_OK, cfi_strerror);
	memcpy(want + 8, src, 4);
	check_idle();
	CHECK(memcmp(chip.data, want, sizeof(want)) == 0);

	/* without a write buffer: word programs */
	f.buffer_bytes = 0;
	CHECK_STATUS_AS(cfi_program(&f, 2 * BLOCK_BYTES, src, 64), CFI_OK, cfi_strerror);
	memcpy(want + 2 * BLOCK_BYTES, src, 64);
	check_idle();
	CHECK(memcmp(chip.data, want, sizeof(want)) == 0);

	/* erase sets one whole block to 0xff and nothing else */
	CHECK_STATUS_AS(cfi_erase_block(&f, BLOCK_BYTES), CFI_OK, cfi_strerror);
	memset(want + BLOCK_BYTES, 0xff, BLOCK_BYTES);
	check_idle();
	CHECK(memcmp(chip.data, want, sizeof(want)) == 0);
	CHECK(f.last_error == CFI_OK);

	/* refused before touching the chip */
	CHECK_STATUS_AS(cfi_program(&f, 2, src, 4), CFI_ERR_RANGE, cfi_strerror);
	CHECK_STATUS_AS(cfi_program(&f, BANK_BYTES - 4, src, 8), CFI_ERR_RANGE, cfi_strerror);
	CHECK_STATUS_AS(cfi_erase_block(&f, BLOCK_BYTES / 2), CFI_ERR_RANGE, cfi_strerror);
	CHECK_STATUS_AS(cfi_erase_block(&f, BANK_BYTES), CFI_ERR_RANGE, cfi_strerror);
	CHECK(memcmp(chip.data, want, sizeof(want)) == 0);
	check_idle();
}

/*
 * One failing program (buffered and word) and erase: the named status, the
 * data unchanged, last_error set, the chip back in read-array mode with its
 * status cleared, and the next operation working again.
 */
static void expect_failure(uint32_t lanes, unsigned fault_lanes, enum fault fault, int lock,
			   int program_status, int erase_status)
{
	uint8_t src[64], before[BANK_BYTES];

	memset(src, 0x5a, sizeof(src));
	for (int buffered = 0; buffered <= 1; buffered++) {
		struct cfi_flash f = probed(lanes);

		if (!buffered)
			f.buffer_bytes = 0;
		chip.data[3 * BLOCK_BYTES + 100] = 0x12;
		memcpy(before, chip.data, sizeof(before));
		chip.fault = fault;
		chip.fault_lanes = fault_lanes;
		chip.locked[3] = lock;
		CHECK_STATUS_AS(cfi_program(&f, 3 * BLOCK_BYTES, src, sizeof(src)), program_status,
				cfi_strerror);
		CHECK(f.last_error == program_status);
		if (program_status == CFI_OK)
			memcpy(before + 3 * BLOCK_BYTES, src, sizeof(src));
		CHECK(memcmp(chip.data, before, sizeof(before)) == 0);
		check_idle();
		CHECK_STATUS_AS(cfi_erase_block(&f, 3 * BLOCK_BYTES), erase_status, cfi_strerror);
		CHECK(f.last_error == (erase_status ? erase_status : program_status));
		if (erase_status == CFI_OK)
			memset(before + 3 * BLOCK_BYTES, 0xff, BLOCK_BYTES);
		CHECK(memcmp(chip.data, before, sizeof(before)) == 0);
		check_idle();

		chip.fault = F_NONE;
		chip.fault_lanes = 0;
		chip.locked[3] = 0;
		CHECK_STATUS_AS(cfi_erase_block(&f, 3 * BLOCK_BYTES), CFI_OK, cfi_strerror);
		CHECK_STATUS_AS(cfi_program(&f, 3 * BLOCK_BYTES, src, sizeof(src)), CFI_OK,
				cfi_strerror);
		CHECK(memcmp(chip.data + 3 * BLOCK_BYTES, src, sizeof(src)) == 0);
		check_idle();
	}
}

static void test_status_errors(void)
{
	for (uint32_t lanes = 1; lanes <= 2; lanes++) {
		unsigned last = 1u << (lanes - 1); /* only the last chip fails */

		expect_failure(lanes, last, F_PROGRAM, 0, CFI_ERR_PROGRAM, CFI_OK);
		expect_failure(lanes, last, F_ERASE, 0, CFI_OK, CFI_ERR_ERASE);
		expect_failure(lanes, last, F_VPP, 0, CFI_ERR_VOLTAGE, CFI_ERR_VOLTAGE);
		expect_failure(lanes, 0, F_NONE, 1, CFI_ERR_LOCKED, CFI_ERR_LOCKED);
	}
}

/*
 * A chip that never becomes ready: each wait gives up with CFI_ERR_TIMEOUT
 * after its own limit on the clock (program 100 ms, erase 10 s), not
 * before, and leaves the chip in read-array mode. A slow chip that becomes
 * ready within the limit is not a timeout.
 */
static void test_timeouts(void)
{
	static const struct {
		enum fault fault;
		int buffered, erase;
		uint64_t limit_ms;
	} cases[] = {
		{ F_STUCK, 1, 0, 100 },
		{ F_STUCK, 0, 0, 100 },
		{ F_BUFFER_STUCK, 1, 0, 100 },
		{ F_STUCK, 0, 1, 10000 },
	};
	uint8_t src[16];

	memset(src, 0, sizeof(src));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfi_flash f = probed(2);
		uint64_t start;
		int status;

		if (!cases[i].buffered)
			f.buffer_bytes = 0;
		chip.fault = cases[i].fault;
		start = chip.ticks;
		status = cases[i].erase ? cfi_erase_block(&f, 0) : cfi_program(&f, 0, src, sizeof(src));
		CHECK_STATUS_AS(status, CFI_ERR_TIMEOUT, cfi_strerror);
		CHECK(f.last_error == CFI_ERR_TIMEOUT);
		CHECK(chip.ticks - start >= cases[i].limit_ms * 1000);
		CHECK(chip.ticks - start <= (cases[i].limit_ms + 5) * 1000);
		CHECK(chip.mode == M_ARRAY);
		CHECK(chip.sequence_errors == 0 && chip.bad_addresses == 0);
	}

	/* slow but within the limits: 50 ms for a program, 5 s for an erase */
	{
		struct cfi_flash f = probed(2);

		chip.busy_reads = 50;
		CHECK_STATUS_AS(cfi_program(&f, 0, src, sizeof(src)), CFI_OK, cfi_strerror);
		check_idle();
		chip.busy_reads = 5000;
		CHECK_STATUS_AS(cfi_erase_block(&f, 0), CFI_OK, cfi_strerror);
		check_idle();
	}
}

/* Chips smaller than the bank the DT gives: refused, and left in read-array mode. */
static void test_bank_too_big(void)
{
	struct cfi_flash f;

	reset_chip(2);
	CHECK_STATUS_AS(cfi_probe(&f, BASE, 2ull * BANK_BYTES), CFI_ERR_GEOMETRY, cfi_strerror);
	check_idle();
}

/*
 * A bank that answers the query with a command set the driver does not drive
 * (AMD/Fujitsu 0x0002, or none): refused, and left in read-array mode. The
 * Intel/Sharp sets (0x0001 standard, 0x0003 extended) are taken.
 */
static void test_command_set(void)
{
	static const struct {
		uint16_t set;
		int status;
	} cases[] = {
		{ 0x0002, CFI_ERR_COMMAND_SET },
		{ 0x0000, CFI_ERR_COMMAND_SET },
		{ 0x0101, CFI_ERR_COMMAND_SET },
		{ 0x0003, CFI_OK },
		{ 0x0001, CFI_OK },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfi_flash f;

		reset_chip(2);
		chip.command_set = cases[i].set;
		CHECK_STATUS_AS(cfi_probe(&f, BASE, BANK_BYTES), cases[i].status, cfi_strerror);
		check_idle();
	}
}

/*
 * cfi_write_probe(): a writable bank says so and a read-only one (QEMU's
 * readonly=on drive) refuses, and either way nothing reaches the cells, the
 * data is as it was and the chip is idle. A chip that flags the abandoned
 * buffer as a bad sequence, or has no write buffer, gives no answer.
 */
static void test_write_probe(void)
{
	uint8_t before[BANK_BYTES];

	for (uint32_t lanes = 1; lanes <= 2; lanes++) {
		static const struct {
			enum fault fault;
			int status;
		} cases[] = {
			{ F_NONE, CFI_OK },
			{ F_READ_ONLY, CFI_ERR_PROGRAM },
			{ F_STRICT, CFI_ERR_NO_ANSWER },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct cfi_flash f = probed(lanes);

			/* words that are not erased: the probe loads what they hold */
			memset(chip.data + BLOCK_BYTES, 0x3c, 16);
			memcpy(before, chip.data, sizeof(before));
			chip.fault = cases[i].fault;
			CHECK_STATUS_AS(cfi_write_probe(&f, BLOCK_BYTES + 8), cases[i].status,
					cfi_strerror);
			CHECK(chip.changes == 0);
			CHECK(memcmp(chip.data, before, sizeof(before)) == 0);
			CHECK(chip.mode == M_ARRAY && chip.sr[0] == 0 && chip.sr[1] == 0);
			CHECK(chip.sequence_errors == (cases[i].fault == F_STRICT));
			CHECK(chip.bad_addresses == 0);
		}
	}
	/* nothing to ask with: no write buffer, or a misaligned or outside offset */
	{
		struct cfi_flash f = probed(2);

		chip.fault = F_READ_ONLY;
		CHECK_STATUS_AS(cfi_write_probe(&f, 4), CFI_ERR_NO_ANSWER, cfi_strerror);
		CHECK_STATUS_AS(cfi_write_probe(&f, BANK_BYTES - 4), CFI_ERR_NO_ANSWER,
				cfi_strerror);
		f.buffer_bytes = 0;
		CHECK_STATUS_AS(cfi_write_probe(&f, 0), CFI_ERR_NO_ANSWER, cfi_strerror);
		check_idle();
	}
	/* a read-only drive refuses programs and erases too, changing nothing */
	{
		struct cfi_flash f = probed(2);
		uint8_t src[16];

		memset(src, 0, sizeof(src));
		chip.fault = F_READ_ONLY;
		CHECK_STATUS_AS(cfi_program(&f, 0, src, sizeof(src)), CFI_ERR_PROGRAM, cfi_strerror);
		CHECK_STATUS_AS(cfi_erase_block(&f, 0), CFI_ERR_ERASE, cfi_strerror);
		CHECK(chip.changes == 0);
		check_idle();
	}
}

int main(void)
{
	test_geometry();
	test_program_and_erase(1);
	test_program_and_erase(2);
	test_status_errors();
	test_timeouts();
	test_bank_too_big();
	test_command_set();
	test_write_probe();
	return check_report("cfi_test");
}
