#include "firmware/fwcfg_files.h"

#include <stdint.h>

#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "parsers/bytes/bytes.h"

/* QEMU virt exposes about a dozen files; a longer directory is refused. */
#define MAX_FILES 128

static uint8_t directory[FWCFG_DIR_HEADER_SIZE + MAX_FILES * FWCFG_DIR_ENTRY_SIZE];
static size_t directory_len;

void fwcfg_files_load(void)
{
	uint8_t be_count[4];
	uint32_t count, checked;
	int status;

	if (fwcfg_read(FW_CFG_FILE_DIR, 0, be_count, sizeof(be_count)))
		fatal("fw_cfg: cannot read the file directory");
	count = bytes_be32(be_count);
	if (count > MAX_FILES)
		fatal("fw_cfg file directory: %u files, more than %u", count, MAX_FILES);
	directory_len = FWCFG_DIR_HEADER_SIZE + (size_t)count * FWCFG_DIR_ENTRY_SIZE;
	if (fwcfg_read(FW_CFG_FILE_DIR, 0, directory, (uint32_t)directory_len))
		fatal("fw_cfg: cannot read the file directory");
	status = fwcfg_dir_check(directory, directory_len, &checked);
	if (status != FWCFG_DIR_OK)
		fatal("fw_cfg file directory: %s", fwcfg_dir_strerror(status));
}

bool fwcfg_files_find(const char *name, struct fwcfg_file *file)
{
	return directory_len && fwcfg_dir_find(directory, directory_len, name, file) == FWCFG_DIR_OK;
}

const void *fwcfg_files_blob(size_t *len)
{
	*len = directory_len;
	return directory;
}
