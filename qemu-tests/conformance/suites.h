/* SPDX-License-Identifier: MIT */
/* The test suites of the conformance app, in the order main runs them. */
#ifndef QEMU_TESTS_CONFORMANCE_SUITES_H
#define QEMU_TESTS_CONFORMANCE_SUITES_H

#include <stdbool.h>

void test_cpu_state(void);
void test_tables(void);
void test_runtime_layout(void);
void test_memory_map(void);
void test_pages(void);
void test_pool(void);
void test_protocols(void);
void test_console(void);
/* Needs keys typed at the console (console.c says which). */
void test_console_keys(void);
void test_drivers(void);
void test_configuration_tables(void);
void test_platform_tables(void);
void test_misc_services(void);
void test_events(void);
void test_images(void);
void test_memory_attributes(void);
void test_rng(void);
void test_initrd(void);
void test_no_initrd(void);
void test_time(void);
void test_variables(void);
/* Needs disks holding gen_disk.py's image (-drive ...). */
void test_disks(void);
/* A word of the load options (QEMU's -append) was given. */
bool option_given(const char *word);
/* Soak and resource checks: short, and at the counts of efilite issue 10. */
void test_soak(void);
void test_soak_long(void);
/* Ends boot services, checks runtime services afterwards, prints the summary and shuts down. */
__attribute__((noreturn)) void test_exit_boot_services_and_runtime(void);

#endif /* QEMU_TESTS_CONFORMANCE_SUITES_H */
