/*
 * The walkers (dt_walk.h) against libfdt: the QEMU virt DTBs given as
 * arguments, and a tree built here with what QEMU's never have (NOPs between
 * properties and nodes, nesting, unit addresses, a property name shared by
 * several nodes, a name with two '@', the names the oracle probes with).
 */
#include <stdio.h>
#include <string.h>

#include "corpora/dt/dt_file.h"
#include "parsers/dt/dt.h"
#include "parsers/dt/dt_test_util.h"
#include "parsers/dt/dt_walk.h"
#include "parsers/dt/dt_walk_oracle.h"

int failures;

static void check_blob(const char *what, const void *fdt, size_t len)
{
	struct dt_tree tree;
	int line;

	EXPECT_EQ(dt_open(fdt, len, &tree), DT_OK);
	line = dt_walk_oracle(fdt);
	if (line) {
		fprintf(stderr, "%s: walkers disagree with libfdt (dt_walk_oracle.c:%d)\n", what,
			line);
		failures++;
	}
}

static void built_tree(void)
{
	size_t size;
	int bus, dev, len;

	begin_tree();
	prop_str("model", "test");
	node("bus@1000");
	prop_u32("#address-cells", 2);
	prop_u32("#size-cells", 2);
	node("dev@1000");
	prop_str("compatible", "a,b");
	prop_reg(0x1000, 0x100);
	node_end();
	node("other");
	prop_str("compatible", "c");
	node("deeper@5");
	prop_str("model", "deep");
	node_end();
	node_end();
	node_end();
	node("chosen");
	prop_str("bootargs", "x");
	node_end();
	/* "x@1" names x@1 alone: a name with an '@' of its own is matched whole */
	node("x@1@2");
	node_end();
	node("x@1");
	node_end();
	/* the oracle's own probe names, which a fuzzer learns and puts in blobs */
	node("no-such-node");
	prop_str("no such property, really", "present");
	node_end();
	size = finish_tree();
	/* NOPs: before a property, between nodes, inside a node */
	EXPECT_EQ(fdt_nop_property(BLOB, fdt_path_offset(BLOB, "/bus@1000/dev@1000"), "reg"), 0);
	check_blob("built tree", BLOB, size);

	bus = dt_walk_subnode(BLOB, 0, "bus", 3);
	EXPECT_EQ(bus, fdt_path_offset(BLOB, "/bus@1000"));
	/* "dev" also names dev@1000 (libfdt's rule: a name without '@' ignores the unit) */
	dev = dt_walk_subnode(BLOB, bus, "dev", 3);
	EXPECT_EQ(dev, fdt_path_offset(BLOB, "/bus@1000/dev@1000"));
	EXPECT_EQ(dt_walk_getprop(BLOB, dev, "reg", &len) == NULL, 1);
	EXPECT_EQ(dt_walk_subnode(BLOB, bus, "dev@2000", 8), -1);
	EXPECT_EQ(dt_walk_parent(BLOB, fdt_path_offset(BLOB, "/bus@1000/other/deeper@5")),
		  fdt_path_offset(BLOB, "/bus@1000/other"));
	EXPECT_EQ(dt_walk_parent(BLOB, 0), -1);
	/* a node's properties end at its first subnode: bus has no "model" of its own */
	EXPECT_EQ(dt_walk_getprop(BLOB, bus, "model", &len) == NULL, 1);
}

int main(int argc, char **argv)
{
	built_tree();
	for (int i = 1; i < argc; i++) {
		size_t len;
		void *blob = load_file(argv[i], &len);

		check_blob(base_name(argv[i]), blob, len);
		free(blob);
	}
	if (argc < 2) {
		fprintf(stderr, "no QEMU DTBs given\n");
		failures++;
	}
	return failures ? 1 : 0;
}
