/* trap_name IMM: prints ubsan_check_name(IMM) (hex), or "none". For trap_names_test.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "firmware/platform/trap_names.h"

int main(int argc, char **argv)
{
	const char *name;

	if (argc != 2)
		return 2;
	name = ubsan_check_name((unsigned)strtoul(argv[1], NULL, 16));
	puts(name ? name : "none");
	return 0;
}
