/* Firmware log on the console, and the single way out on fatal errors. */
#ifndef EFILITE_PLATFORM_LOG_H
#define EFILITE_PLATFORM_LOG_H
#include <stdarg.h>
#include <stdbool.h>

enum log_level { LOG_ERROR = 0, LOG_INFO = 1, LOG_DEBUG = 2 };

/* Messages above this level are dropped. Default LOG_INFO (quiet: banner + errors). */
void log_set_level(enum log_level level);
/* Whether messages of this level are printed (for work done only to report it). */
bool log_enabled(enum log_level level);
/*
 * printf subset: %s %c %d %i %u %x %X %p %%, with l/ll/z length modifiers and a
 * zero-padded width (%016llx). One message is one line: it is prefixed
 * "efilite: " and the newline is added.
 */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap);
/* An INFO line without the prefix: "efilite <version>: ..." at boot. */
void log_banner(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Prints "efilite: error: <message>" and powers the machine off through PSCI
 * (flash code: works before mmu_init(); boot time only, not a runtime service).
 */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#endif
