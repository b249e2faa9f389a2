/*
 * The SMCCC TRNG (Arm DEN0098) returns up to 192 bits per call in x1..x3;
 * RNDR (FEAT_RNG) returns 64 bits and may transiently fail. Both are retried
 * a bounded number of times. Boot-time code: it also runs before mmu_init(),
 * for the hardening keys (hardening.c).
 */
#include "firmware/platform/rng.h"

#include <stdint.h>
#include <string.h>

#include "firmware/platform/psci.h"
#include "firmware/platform/sysreg.h"

#define TRNG_VERSION 0x84000050
#define TRNG_FEATURES 0x84000051
#define TRNG_RND64 0xC4000053
#define TRNG_NO_ENTROPY ((uint64_t)-3)
#define TRNG_RND64_MAX_BITS 192
#define RETRIES 16

static enum { SOURCE_NONE, SOURCE_TRNG, SOURCE_RNDR } source;

static bool trng_present(void)
{
	struct smccc_res version = smccc_boot_call(TRNG_VERSION, 0, 0, 0);

	/* Negative: not supported. Bits 30:16 are the major version. */
	if ((int64_t)version.a0 < 0 || (version.a0 >> 16) < 1)
		return false;
	return (int64_t)smccc_boot_call(TRNG_FEATURES, TRNG_RND64, 0, 0).a0 >= 0;
}

void rng_init(void)
{
	if (trng_present())
		source = SOURCE_TRNG;
	else if (read_sysreg(id_aa64isar0_el1) >> 60 & 0xf)
		source = SOURCE_RNDR;
	else
		source = SOURCE_NONE;
}

bool rng_available(void)
{
	return source != SOURCE_NONE;
}

static bool trng_rnd192(uint64_t bits[3])
{
	for (int tries = 0; tries < RETRIES; tries++) {
		struct smccc_res r = smccc_boot_call(TRNG_RND64, TRNG_RND64_MAX_BITS, 0, 0);

		if (r.a0 == TRNG_NO_ENTROPY)
			continue;
		if (r.a0)
			return false;
		bits[0] = r.a1;
		bits[1] = r.a2;
		bits[2] = r.a3;
		return true;
	}
	return false;
}

static bool trng_read(uint8_t *buf, size_t len)
{
	while (len) {
		uint64_t bits[3];
		size_t n = len < sizeof(bits) ? len : sizeof(bits);

		if (!trng_rnd192(bits))
			return false;
		memcpy(buf, bits, n);
		buf += n;
		len -= n;
	}
	return true;
}

static bool rndr(uint64_t *value)
{
	uint64_t ok;

	for (int tries = 0; tries < RETRIES; tries++) {
		/* RNDR sets NZCV to 0b0100 (Z) when it has no number. */
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne" : "=r"(*value), "=r"(ok) : : "cc");
		if (ok)
			return true;
	}
	return false;
}

static bool rndr_read(uint8_t *buf, size_t len)
{
	while (len) {
		uint64_t value;
		size_t n = len < sizeof(value) ? len : sizeof(value);

		if (!rndr(&value))
			return false;
		memcpy(buf, &value, n);
		buf += n;
		len -= n;
	}
	return true;
}

const char *rng_source(void)
{
	switch (source) {
	case SOURCE_TRNG:
		return "SMCCC TRNG";
	case SOURCE_RNDR:
		return "RNDR";
	default:
		return "none";
	}
}

bool rng_read(void *buf, size_t len)
{
	switch (source) {
	case SOURCE_TRNG:
		return trng_read(buf, len);
	case SOURCE_RNDR:
		return rndr_read(buf, len);
	default:
		return false;
	}
}
