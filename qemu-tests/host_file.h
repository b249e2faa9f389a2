/* Host-side test helper: a whole file in an exact-size heap buffer. */
#ifndef EFILITE_QEMU_TESTS_HOST_FILE_H
#define EFILITE_QEMU_TESTS_HOST_FILE_H
#include <stddef.h>

/* NULL if the file cannot be read or is empty; the caller frees the buffer. */
void *host_file_read(const char *path, size_t *len);
#endif
