#include "firmware/log_option.h"

#include <stdint.h>
#include <string.h>

#include "firmware/fwcfg_files.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"

static int parse_level(const char *value, enum log_level *level)
{
	static const struct {
		const char *name;
		enum log_level level;
	} names[] = { { "error", LOG_ERROR }, { "info", LOG_INFO }, { "debug", LOG_DEBUG } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(value, names[i].name)) {
			*level = names[i].level;
			return 0;
		}
	}
	return -1;
}

void log_option_apply(void)
{
	struct fwcfg_file file;
	char value[8];
	uint32_t n;
	enum log_level level;

	if (!fwcfg_files_find(LOG_LEVEL_FILE, &file))
		return;
	n = file.size < sizeof(value) - 1 ? file.size : sizeof(value) - 1;
	if (fwcfg_read(file.select, 0, value, n))
		return;
	value[n] = '\0';
	if (n && value[n - 1] == '\n') /* from name=...,file=... written by echo */
		value[n - 1] = '\0';
	if (parse_level(value, &level))
		log_msg(LOG_ERROR, "%s: \"%s\" is not error, info or debug", LOG_LEVEL_FILE, value);
	else
		log_set_level(level);
}
