/*
 * Walks of a blob dt_open() accepted (dt_walk.c), with libfdt's node offsets
 * (a node's BEGIN_NODE tag in the structure block); < 0 for "none". Only for
 * a checked blob: they rely on dt_check()'s rules instead of checking again.
 * dt_walk_next_node() is fdt_next_node() with a depth: from node (-1: the
 * root) to the next node, or, once node's subtree and node itself have
 * closed, *depth < 0. dt_walk_next_any_node(): the next node in blob order.
 * dt_walk_oracle_test and the dt fuzz target hold them to libfdt's answers.
 */
#ifndef EFILITE_PARSERS_DT_DT_WALK_H
#define EFILITE_PARSERS_DT_DT_WALK_H
#include <stddef.h>

int dt_walk_next_node(const void *fdt, int node, int *depth);
int dt_walk_next_any_node(const void *fdt, int node);
/* fdt_getprop(): the first property of that name (NULL if none), *len its length. */
const void *dt_walk_getprop(const void *fdt, int node, const char *name, int *len);
const void *dt_walk_getprop_namelen(const void *fdt, int node, const char *name,
				    size_t name_len, int *len);
/* The parent of node (-1 for the root), in one walk from the root. */
int dt_walk_parent(const void *fdt, int node);
/* The child of parent named name[0..len) (or name@unit if name has no '@'). */
int dt_walk_subnode(const void *fdt, int parent, const char *name, size_t len);
#endif
