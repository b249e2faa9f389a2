/*
 * What host tests of the disk code (disks.c, scsi_disks.c, nvme_disks.c)
 * share: the EFI core's memory map, pool and protocol database, and a log
 * stub that keeps every line.
 */
#ifndef EFILITE_TESTS_DISK_TEST_ENV_H
#define EFILITE_TESTS_DISK_TEST_ENV_H

/* Every line logged, each ended by '\n' (lines beyond its size are dropped). */
extern char all_log[8192];

/* 4 MiB of RAM in the memory map, the pool over it, an empty database. */
void disk_test_env_init(void);
#endif
