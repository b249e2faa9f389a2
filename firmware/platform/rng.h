/* Entropy for EFI_RNG_PROTOCOL: SMCCC TRNG if the host offers it, else RNDR. */
#ifndef EFILITE_PLATFORM_RNG_H
#define EFILITE_PLATFORM_RNG_H
#include <stdbool.h>
#include <stddef.h>

void rng_init(void);
bool rng_available(void);
bool rng_read(void *buf, size_t len); /* false on a source failure */
const char *rng_source(void);          /* "SMCCC TRNG", "RNDR" or "none" */
#endif
