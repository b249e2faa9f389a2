/*
 * Test images only (//firmware:efilite_probes_bin and its UBSan twin): the
 * production firmware with one extra call after the log level is applied,
 * which breaks one protection on purpose when QEMU is given
 *   -fw_cfg name=opt/org.efilite/probe,string=NAME
 * so that firmware/tests/hardening_test.sh can see each one caught by name.
 * The production image has no such hook (main.c compiles it only with
 * EFILITE_PROBES, which only the test images define).
 */
#ifndef EFILITE_PROBES_PROBES_H
#define EFILITE_PROBES_PROBES_H

#define PROBE_FILE "opt/org.efilite/probe"

/* Runs the probe PROBE_FILE names, if any; fatal if the probe was not caught. */
void probes_run(void);
#endif
