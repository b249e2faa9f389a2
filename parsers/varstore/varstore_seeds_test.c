/* The committed seeds and named regressions of corpora/varstore: what varstore_check() says of each. */
#include <stdio.h>
#include <string.h>

#include "parsers/varstore/varstore.h"
#include "tools/testing/check.h"

#define DIR "corpora/varstore/"

static const struct {
	const char *file;
	int status;
	int tail, skip_reason;
	unsigned records;
} cases[] = {
	{ "empty.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_OK, 0 },
	{ "three-vars.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_OK, 3 },
	{ "compacted.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_OK, 8 },
	{ "two-generations.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_OK, 8 },
	{ "cut-in-body.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_ERR_RECORD_UNCOMMITTED, 2 },
	{ "cut-in-header.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_CHECKSUM, VARSTORE_OK, 7 },
	{ "regressions/record-magic.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_MAGIC, VARSTORE_OK, 0 },
	{ "regressions/record-header-checksum.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_CHECKSUM,
	  VARSTORE_OK, 0 },
	{ "regressions/record-commit-torn.bin", VARSTORE_OK, VARSTORE_OK,
	  VARSTORE_ERR_RECORD_COMMIT, 1 },
	{ "regressions/record-body-checksum.bin", VARSTORE_OK, VARSTORE_OK,
	  VARSTORE_ERR_RECORD_BODY, 1 },
	{ "regressions/area-magic.bin", VARSTORE_ERR_NO_AREA, 0, 0, 0 },
	{ "regressions/area-checksum.bin", VARSTORE_ERR_NO_AREA, 0, 0, 0 },
	{ "regressions/garbage-after-log.bin", VARSTORE_OK, VARSTORE_OK, VARSTORE_OK, 2 },
	{ "regressions/area-version.bin", VARSTORE_ERR_NO_AREA, 0, 0, 0 },
	{ "regressions/area-size.bin", VARSTORE_ERR_NO_AREA, 0, 0, 0 },
	{ "regressions/area-reserved.bin", VARSTORE_ERR_NO_AREA, 0, 0, 0 },
	{ "regressions/record-reserved.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_RESERVED, VARSTORE_OK,
	  0 },
	{ "regressions/record-name-size-odd.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_NAME_SIZE,
	  VARSTORE_OK, 0 },
	{ "regressions/record-attributes.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_ATTRIBUTES,
	  VARSTORE_OK, 0 },
	{ "regressions/record-size.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_SIZE, VARSTORE_OK, 0 },
	{ "regressions/record-tombstone-data.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_TOMBSTONE,
	  VARSTORE_OK, 0 },
	{ "regressions/record-sequence.bin", VARSTORE_OK, VARSTORE_ERR_RECORD_SEQUENCE, VARSTORE_OK,
	  1 },
	{ "regressions/record-name-unterminated.bin", VARSTORE_OK, VARSTORE_OK,
	  VARSTORE_ERR_RECORD_NAME, 1 },
	/* varstore_fuzz: an erased header with older records past it (varstore_test's
	 * test_stale_records_after_erased_header); the harness appends there */
	{ "regressions/stale-record-after-erased-header.bin", VARSTORE_OK, VARSTORE_OK,
	  VARSTORE_ERR_RECORD_BODY, 1 },
	{ "blank.bin", VARSTORE_ERR_BLANK, 0, 0, 0 },
	{ "zero.bin", VARSTORE_ERR_ZERO, 0, 0, 0 },
};

int main(void)
{
	static uint8_t buf[64 << 10];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256];
		struct varstore_info info;
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), DIR "%s", cases[i].file);
		f = fopen(path, "rb");
		CHECK(f != NULL);
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		CHECK_STATUS_AS(varstore_check(buf, n, &info), cases[i].status, varstore_strerror);
		if (cases[i].status != VARSTORE_OK)
			continue;
		CHECK_STATUS_AS(info.tail, cases[i].tail, varstore_strerror);
		CHECK_STATUS_AS(info.skip_reason, cases[i].skip_reason, varstore_strerror);
		CHECK(info.records == cases[i].records);
	}
	return check_report("varstore_seeds_test");
}
