#include "corpora/dt/dt_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *load_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
		perror(path);
		exit(2);
	}
	rewind(f);
	/* malloc() alignment (16 on the hosts we build for) covers the DTB's 8. */
	buf = malloc(size ? (size_t)size : 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
