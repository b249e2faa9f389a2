#include "firmware/log_option.h"

#include <stdint.h>
#include <string.h>

#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "parsers/fwcfg/fwcfg_dir.h"

/* QEMU virt has about a dozen files; a directory larger than this is not read. */
#define MAX_FILES 128

static uint8_t directory[FWCFG_DIR_HEADER_SIZE + MAX_FILES * FWCFG_DIR_ENTRY_SIZE];

/* The directory's length in bytes, or 0 if it cannot be read. */
static uint32_t read_directory(void)
{
	uint8_t be_count[4];
	uint32_t count, len, checked;
	int status;

	if (fwcfg_read(FW_CFG_FILE_DIR, 0, be_count, sizeof(be_count)))
		return 0;
	count = (uint32_t)be_count[0] << 24 | (uint32_t)be_count[1] << 16 |
		(uint32_t)be_count[2] << 8 | be_count[3];
	if (count > MAX_FILES) {
		log_msg(LOG_ERROR, "fw_cfg: %u files, more than the %u read for options", count,
			MAX_FILES);
		return 0;
	}
	len = FWCFG_DIR_HEADER_SIZE + count * FWCFG_DIR_ENTRY_SIZE;
	if (fwcfg_read(FW_CFG_FILE_DIR, 0, directory, len))
		return 0;
	status = fwcfg_dir_check(directory, len, &checked);
	if (status != FWCFG_DIR_OK) {
		log_msg(LOG_ERROR, "fw_cfg file directory: %s", fwcfg_dir_strerror(status));
		return 0;
	}
	return len;
}

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
	uint32_t len = read_directory();
	struct fwcfg_file file;
	char value[8];
	uint32_t n;
	enum log_level level;

	if (!len || fwcfg_dir_find(directory, len, LOG_LEVEL_FILE, &file) != FWCFG_DIR_OK)
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
