/*
 * Host test helper: every parser's *_strerror() must give each status in
 * [0, count) its own message, and one fallback message for anything else.
 */
#ifndef EFILITE_PARSERS_TESTING_STRERROR_TABLE_H
#define EFILITE_PARSERS_TESTING_STRERROR_TABLE_H
#include <stdbool.h>

/* Prints every broken rule; true if none. */
bool strerror_table_ok(const char *(*strerror_fn)(int status), int count,
		       const char *fallback);
#endif
