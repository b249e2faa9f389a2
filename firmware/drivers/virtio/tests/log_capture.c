#include "firmware/drivers/virtio/tests/log_capture.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "firmware/platform/log.h"

char last_log[256], last_error[256];
unsigned error_lines;

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	if (level == LOG_ERROR) {
		memcpy(last_error, last_log, sizeof(last_error));
		error_lines++;
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
