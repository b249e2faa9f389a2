/* Test helper: a whole file in an exact-size, 8-byte aligned heap buffer. */
#ifndef EFILITE_CORPORA_DT_DT_FILE_H
#define EFILITE_CORPORA_DT_DT_FILE_H
#include <stddef.h>

/* Returns the contents (free() them) and sets *len, or exits on error. */
void *load_file(const char *path, size_t *len);
/* The part of path after its last '/'. */
const char *base_name(const char *path);
#endif
