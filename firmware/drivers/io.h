/*
 * Device register access and the barriers between normal-memory ring
 * updates and the device. Host tests build the drivers' pure parts with the
 * portable fence; only the transports (never host-built) touch registers.
 */
#ifndef EFILITE_DRIVERS_IO_H
#define EFILITE_DRIVERS_IO_H
#include <stdint.h>

static inline uint8_t io_read8(uint64_t a)
{
	return *(volatile uint8_t *)(uintptr_t)a;
}

static inline uint16_t io_read16(uint64_t a)
{
	return *(volatile uint16_t *)(uintptr_t)a;
}

static inline uint32_t io_read32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static inline void io_write8(uint64_t a, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)a = v;
}

static inline void io_write16(uint64_t a, uint16_t v)
{
	*(volatile uint16_t *)(uintptr_t)a = v;
}

static inline void io_write32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

/* A 64-bit register as two 32-bit writes, low half first (for 32-bit-only devices). */
static inline void io_write64_halves(uint64_t a, uint64_t v)
{
	io_write32(a, (uint32_t)v);
	io_write32(a + 4, (uint32_t)(v >> 32));
}

/* Orders memory accesses (ring and register) both ways: DMB on AArch64. */
static inline void io_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#endif
