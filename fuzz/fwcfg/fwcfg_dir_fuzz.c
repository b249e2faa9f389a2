/*
 * fw_cfg file directory harness. Input: the raw directory blob. Accepted
 * directories are walked through every accessor; the oracles abort if an
 * accessor disagrees with the check (entries valid, names unique so find()
 * returns the entry itself). Rejected ones still go through the accessors,
 * which must stay in bounds on unchecked input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/fwcfg/fwcfg_dir.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static void walk(const uint8_t *data, size_t size, uint32_t count)
{
	struct fwcfg_file file, found;

	for (uint32_t i = 0; i < count; i++) {
		REQUIRE(fwcfg_dir_entry(data, size, i, &file) == FWCFG_DIR_OK);
		REQUIRE(file.select >= FWCFG_FILE_FIRST && file.select <= FWCFG_FILE_LAST);
		REQUIRE(strlen(file.name) < FWCFG_FILE_NAME_SIZE && file.name[0] != '\0');
		REQUIRE(fwcfg_dir_find(data, size, file.name, &found) == FWCFG_DIR_OK);
		REQUIRE(found.select == file.select && found.name == file.name);
	}
	REQUIRE(fwcfg_dir_entry(data, size, count, &file) == FWCFG_DIR_ERR_INDEX);
	REQUIRE(fwcfg_dir_find(data, size, "", &file) == FWCFG_DIR_ERR_NOT_FOUND);
}

int fuzz_status(const uint8_t *data, size_t size)
{
	uint32_t count = 0;
	struct fwcfg_file file;
	int status = fwcfg_dir_check(data, size, &count);

	REQUIRE(fuzz_strerror(status) != NULL);
	if (status == FWCFG_DIR_OK) {
		walk(data, size, count);
	} else {
		fwcfg_dir_entry(data, size, 0, &file);
		fwcfg_dir_find(data, size, "etc/table-loader", &file);
	}
	return status;
}

const char *fuzz_strerror(int status)
{
	return fwcfg_dir_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
