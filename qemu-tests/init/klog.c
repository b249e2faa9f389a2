// SPDX-License-Identifier: MIT
#include "qemu-tests/init/klog.h"

#include <string.h>

/* Longer lines are skipped: none of the lines looked for comes near it. */
#define MAX_LINE 1024

static void copy_truncated(char *out, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(out, src, len);
	out[len] = '\0';
}

/* Copies the first line containing first (and second, unless NULL) into line. */
static bool find_line(const char *log, const char *first, const char *second,
		      char line[MAX_LINE])
{
	while (*log) {
		const char *end = strchr(log, '\n');
		size_t len = end ? (size_t)(end - log) : strlen(log);

		if (len < MAX_LINE) {
			memcpy(line, log, len);
			line[len] = '\0';
			if (strstr(line, first) && (!second || strstr(line, second)))
				return true;
		}
		if (!end)
			break;
		log = end + 1;
	}
	return false;
}

/* The text after prefix up to the next space (or the line's end). */
static bool word_after(const char *line, const char *prefix, char *out, size_t size)
{
	const char *start = strstr(line, prefix);

	if (!start)
		return false;
	start += strlen(prefix);
	copy_truncated(out, size, start, strcspn(start, " "));
	return true;
}

bool klog_efi_firmware(const char *log, char *out, size_t size)
{
	char line[MAX_LINE];
	const char *vendor;

	if (!find_line(log, "efi: EFI v", " by ", line))
		return false;
	vendor = strstr(line, " by ") + strlen(" by ");
	copy_truncated(out, size, vendor, strlen(vendor));
	return true;
}

bool klog_rng_seed(const char *log, char *out, size_t size)
{
	char line[MAX_LINE];

	return find_line(log, "efi: ", " RNG=", line) && word_after(line, " RNG=", out, size);
}

bool klog_boot_el(const char *log, char *out, size_t size)
{
	char line[MAX_LINE];

	return find_line(log, "CPU: All CPU(s) started at ", NULL, line) &&
	       word_after(line, "started at ", out, size);
}
