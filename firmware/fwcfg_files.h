/*
 * The fw_cfg file directory, read over DMA and checked by parsers/fwcfg once;
 * every named item the firmware uses (options, ACPI, SMBIOS) is looked up here.
 */
#ifndef EFILITE_FWCFG_FILES_H
#define EFILITE_FWCFG_FILES_H
#include <stdbool.h>
#include <stddef.h>

#include "parsers/fwcfg/fwcfg_dir.h"

/* Reads and checks the directory (after fwcfg_init()); fatal if it is malformed. */
void fwcfg_files_load(void);
bool fwcfg_files_find(const char *name, struct fwcfg_file *file);
/* The checked directory blob, for the table-loader. */
const void *fwcfg_files_blob(size_t *len);
#endif
