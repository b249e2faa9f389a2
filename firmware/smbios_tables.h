/* SMBIOS 3: QEMU's anchor and structure table from fw_cfg. */
#ifndef EFILITE_SMBIOS_TABLES_H
#define EFILITE_SMBIOS_TABLES_H

/*
 * Loads etc/smbios/smbios-tables, points QEMU's SMBIOS 3 anchor at them and
 * installs it as the SMBIOS3 configuration table. Nothing if QEMU offers no
 * SMBIOS; fatal if what it offers is malformed.
 */
void smbios_tables_install(void);
#endif
