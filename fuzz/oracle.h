/*
 * The harnesses' oracles: REQUIRE(cond) ends the run when cond is false, as
 * a crash the engines keep, after one line naming the broken oracle. The
 * compiler folds the aborts of every oracle into one call without a line
 * number, so the stack alone cannot tell two broken oracles apart:
 * tools/fuzz deduplicates findings by this line ("fuzz oracle failed:
 * FILE:LINE: COND") before their stack frames.
 */
#ifndef EFILITE_FUZZ_ORACLE_H
#define EFILITE_FUZZ_ORACLE_H
#include <stdio.h>
#include <stdlib.h>

static inline _Noreturn void fuzz_oracle_failed(const char *file, int line, const char *cond)
{
	fprintf(stderr, "fuzz oracle failed: %s:%d: %s\n", file, line, cond);
	abort();
}

#define REQUIRE(cond) ((cond) ? (void)0 : fuzz_oracle_failed(__FILE__, __LINE__, #cond))
#endif
