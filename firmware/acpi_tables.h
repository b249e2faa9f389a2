/* ACPI mode: QEMU's tables, linked by its etc/table-loader script. */
#ifndef EFILITE_ACPI_TABLES_H
#define EFILITE_ACPI_TABLES_H
#include <stdbool.h>

/*
 * Runs the table-loader script if fw_cfg has one, checks the resulting tables
 * and installs the RSDP as the ACPI 2.0 configuration table. False if QEMU
 * offers no ACPI tables (-M virt,acpi=off); fatal on a broken script or table.
 */
bool acpi_tables_install(void);
#endif
