#include "parsers/testing/strerror_table.h"

#include <stdio.h>
#include <string.h>

static bool is(const char *message, const char *text)
{
	return message && strcmp(message, text) == 0;
}

bool strerror_table_ok(const char *(*strerror_fn)(int status), int count, const char *fallback)
{
	bool ok = true;

	for (int i = 0; i < count; i++) {
		const char *message = strerror_fn(i);

		if (!message || is(message, fallback)) {
			printf("status %d has no message of its own\n", i);
			ok = false;
			continue;
		}
		for (int j = 0; j < i; j++) {
			if (is(strerror_fn(j), message)) {
				printf("statuses %d and %d share \"%s\"\n", j, i, message);
				ok = false;
			}
		}
	}
	if (!is(strerror_fn(count), fallback) || !is(strerror_fn(-1), fallback)) {
		printf("statuses %d and -1 do not give \"%s\"\n", count, fallback);
		ok = false;
	}
	return ok;
}
