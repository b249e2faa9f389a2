/* Freestanding <stdlib.h>: libfdt's libfdt_env.h includes it; nothing is declared. */
#ifndef EFILITE_LIBC_STDLIB_H
#define EFILITE_LIBC_STDLIB_H
#include <stddef.h>
#endif
