/*
 * varstore_info: what parsers/varstore says of a store image (a vars.fd),
 * as one line of key=value pairs for scripts:
 *   status=ok active=0 generation=3 records=12 skipped=1 end=2304 tail=ok
 *   other=... compacting=0
 * compacting=1 means the other area is mid-compaction (erased after holding
 * a store, or written without its header yet): a power cut hit a compaction.
 *   varstore_info [--window N] FILE      (window default 512K, as the firmware)
 * Exit status 0 if the store is valid, 1 if not, 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/varstore/varstore.h"

static bool all_erased(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

/* A status message as one word (spaces as '_'), for key=value output. */
static const char *word(int status)
{
	static char buf[4][96];
	static unsigned next;
	char *out = buf[next++ % 4];
	size_t i;

	for (i = 0; varstore_strerror(status)[i] && i + 1 < sizeof(buf[0]); i++)
		out[i] = varstore_strerror(status)[i] == ' ' ? '_' : varstore_strerror(status)[i];
	out[i] = 0;
	return out;
}

int main(int argc, char **argv)
{
	size_t window = 512 << 10;
	const char *path = NULL;
	struct varstore_info info;
	uint8_t *buf;
	FILE *f;
	int status;
	bool compacting;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--window") && i + 1 < argc)
			window = strtoul(argv[++i], NULL, 0);
		else
			path = argv[i];
	}
	if (!path || !window) {
		fprintf(stderr, "usage: varstore_info [--window BYTES] FILE\n");
		return 2;
	}
	buf = malloc(window);
	f = fopen(path, "rb");
	if (!buf || !f || fread(buf, 1, window, f) != window) {
		perror(path);
		return 2;
	}
	fclose(f);
	status = varstore_check(buf, window, &info);
	if (status != VARSTORE_OK) {
		printf("status=%s\n", word(status));
		return 1;
	}
	/* the other area is only erased, or written headerless, by a compaction */
	compacting = info.other != VARSTORE_OK &&
		     (!all_erased(buf + (1 - info.active) * info.area_size, info.area_size) ||
		      info.generation > 1);
	printf("status=ok active=%u generation=%llu records=%u skipped=%u end=%llu tail=%s "
	       "other=%s compacting=%d\n",
	       info.active, (unsigned long long)info.generation, info.records, info.skipped,
	       (unsigned long long)info.end, word(info.tail), word(info.other), compacting);
	return 0;
}
