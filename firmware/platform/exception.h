/*
 * The exception report (exception.c) names a data abort on a device the
 * firmware mapped from the DT: a region where nothing answers (QEMU raises a
 * synchronous external abort) is bad host input, not a firmware bug.
 */
#ifndef EFILITE_PLATFORM_EXCEPTION_H
#define EFILITE_PLATFORM_EXCEPTION_H
#include <stdint.h>

/* what: a static string ("fw_cfg"); regions past the table's end go unnamed. */
void exception_name_device(const char *what, uint64_t base, uint64_t size);
#endif
