/*
 * The log's printf subset, as plain code (host unit tested): output goes
 * through a sink callback in pieces.
 */
#ifndef EFILITE_PLATFORM_FORMAT_H
#define EFILITE_PLATFORM_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(void *ctx, const char *s, size_t n);

/*
 * %s %c %d %i %u %x %X %p %%, with l/ll/z length modifiers and a width with
 * optional zero padding (%016llx, %8s). Anything else is copied verbatim.
 */
void format(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* Text built in buf (cap bytes, cap > 0): len so far, cut short to fit, ended by '\0'. */
struct format_text {
	char *buf;
	size_t len, cap;
};

/* format() appended to t. */
void format_append(struct format_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void format_vappend(struct format_text *t, const char *fmt, va_list ap);
/* format() into buf (cap bytes, cap > 0): cut short to fit, always ended by '\0'. */
void format_string(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#endif
