/*
 * The log level chosen on the QEMU command line:
 *   -fw_cfg name=opt/org.efilite/log-level,string=debug   (or info, error)
 */
#ifndef EFILITE_LOG_OPTION_H
#define EFILITE_LOG_OPTION_H

#define LOG_LEVEL_FILE "opt/org.efilite/log-level"

/* Sets the log level from LOG_LEVEL_FILE if fw_cfg has it (after fwcfg_files_load()). */
void log_option_apply(void);
#endif
