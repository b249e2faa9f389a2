/*
 * Each regression seed of corpora/dt/regressions (tools/corpus/dt-regressions.py)
 * must be refused with the status of the rule it breaks. Usage: test FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpora/dt/dt_file.h"
#include "parsers/dt/dt.h"

struct regression {
	const char *file;
	int check;  /* dt_open() verdict */
	int memory; /* dt_memory() verdict (dt_open()'s if it refused the blob) */
};

static const struct regression regressions[] = {
	{ "forged-prop-length.dtb", DT_ERR_PROP_LENGTH, DT_ERR_PROP_LENGTH },
	{ "misaligned-struct-block.dtb", DT_ERR_STRUCT_ALIGN, DT_ERR_STRUCT_ALIGN },
	{ "misaligned-rsvmap.dtb", DT_ERR_RSVMAP_ALIGN, DT_ERR_RSVMAP_ALIGN },
	{ "multiple-roots.dtb", DT_ERR_MULTIPLE_ROOTS, DT_ERR_MULTIPLE_ROOTS },
	/* The file is the whole buffer, so totalsize runs past it. */
	{ "totalsize-beyond-buffer.dtb", DT_ERR_TOTALSIZE_BUFFER, DT_ERR_TOTALSIZE_BUFFER },
	{ "strings-overlap-struct.dtb", DT_ERR_STRINGS_OVERLAP, DT_ERR_STRINGS_OVERLAP },
	/* Structurally fine; the memory node's reg cannot be decoded. */
	{ "reg-address-cells-3.dtb", DT_OK, DT_ERR_CELLS_VALUE },
	{ "reg-base-size-overflow.dtb", DT_OK, DT_ERR_REG_OVERFLOW },
};

int main(int argc, char **argv)
{
	const char *name;
	struct dt_reg regs[8];
	struct dt_tree tree;
	size_t len, count;
	void *blob;
	int check, memory;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	name = base_name(argv[1]);
	for (size_t i = 0; i < sizeof(regressions) / sizeof(regressions[0]); i++) {
		if (strcmp(name, regressions[i].file) != 0)
			continue;
		blob = load_file(argv[1], &len);
		check = dt_open(blob, len, &tree);
		memory = check == DT_OK ? dt_memory(&tree, regs, 8, &count) : check;
		free(blob);
		if (check != regressions[i].check || memory != regressions[i].memory) {
			fprintf(stderr, "%s: dt_open %d (%s), dt_memory %d (%s); expected %d, %d\n",
				name, check, dt_strerror(check), memory, dt_strerror(memory),
				regressions[i].check, regressions[i].memory);
			return 1;
		}
		printf("%s: %s\n", name, dt_strerror(memory));
		return 0;
	}
	fprintf(stderr, "%s: no expectation for this regression seed\n", name);
	return 1;
}
