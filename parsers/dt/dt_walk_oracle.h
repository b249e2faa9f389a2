/* Test and fuzz helper: dt_walk.h's answers against libfdt's on a checked blob. */
#ifndef EFILITE_PARSERS_DT_DT_WALK_ORACLE_H
#define EFILITE_PARSERS_DT_DT_WALK_ORACLE_H

/*
 * Walks every node of fdt (dt_open() accepted it) with libfdt and with the
 * walkers: node order and depth, next node in blob order, parent, every
 * property by name (same value pointer and length, and a name no node has),
 * every child by name and by name without its unit address. Returns 0 if
 * all agree, else the source line of the first disagreement.
 */
int dt_walk_oracle(const void *fdt);
#endif
