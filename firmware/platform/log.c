#include "firmware/platform/log.h"

#include <string.h>

#include "firmware/platform/console.h"
#include "firmware/platform/format.h"
#include "firmware/platform/psci.h"

static enum log_level max_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	max_level = level;
}

bool log_enabled(enum log_level level)
{
	return level <= max_level;
}

static void console_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

static void write_line(const char *prefix, const char *fmt, va_list ap)
{
	console_write(prefix, strlen(prefix));
	format(console_sink, NULL, fmt, ap);
	console_write("\n", 1);
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	if (level <= max_level)
		write_line("efilite: ", fmt, ap);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void log_banner(const char *fmt, ...)
{
	va_list ap;

	if (max_level < LOG_INFO)
		return;
	va_start(ap, fmt);
	write_line("", fmt, ap);
	va_end(ap);
}

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	write_line("efilite: error: ", fmt, ap);
	va_end(ap);
	psci_boot_system_off();
}
