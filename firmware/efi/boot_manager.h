/*
 * What the boot manager (firmware/bootmgr.c) asks of the EFI core, beside
 * efi_boot.h: the file systems on the connected disks, the boot variables,
 * and starting a program by device path.
 */
#ifndef EFILITE_EFI_BOOT_MANAGER_H
#define EFILITE_EFI_BOOT_MANAGER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/* The terminal's own colours again: a program that returned may have left its own set. */
void efi_console_default_colours(void);
/* ConnectController (recursive) on every Block I/O handle: partitions and file systems. */
void efi_connect_block_devices(void);
/*
 * Handles with a file system, in the order they were made (disk order); the
 * count, or 0 if there are none. Past max, the first max (a line says so).
 */
size_t efi_file_system_handles(efi_handle_t *out, size_t max);
/* The handle's device path, or NULL. */
const efi_device_path_t *efi_handle_device_path(efi_handle_t handle);
/* The last rule a FAT volume broke (mount, open or read), or NULL. */
const char *efi_file_system_error(void);
/* Why the last GPT was refused outright (both headers), if one was. */
bool efi_partition_refusal(const char **primary, const char **backup);
/*
 * The first GPT entry refused alone (its partition left out) of the EFI System
 * Partition's type if esp, else of another type, if one was: its number and why.
 */
bool efi_partition_entry_refusal(bool esp, uint32_t *number, const char **why);
/*
 * The first partition typed as an EFI System Partition (GPT type, MBR 0xEF)
 * that got a child: "GPT entry" or "MBR partition" and its number, or NULL.
 */
const char *efi_partition_esp(uint32_t *number);
/* The first GPT entry of the EFI System Partition's type with attribute bit 1 (no Block I/O), or 0. */
uint32_t efi_partition_esp_no_block_io(void);
/* Why LBA 0 kept the first sound GPT header found unused (no protective MBR), if it did. */
bool efi_partition_pmbr_refusal(const char **why);
/* For the first GPT made for another block size: that size and the disk's. */
bool efi_partition_block_size_mismatch(uint32_t *made_for, uint32_t *disk_block);
/*
 * Why the first El Torito boot catalog refused was, or that one listed no EFI
 * image, or that an ISO 9660 image had no boot record (in that order).
 */
bool efi_partition_eltorito_refusal(const char **why);
/*
 * Why the first MBR refused outright (no partitions) was, if one was: for its
 * EBR chain if chain, else for its primary table (LBA 0 may be no MBR at all).
 */
bool efi_partition_mbr_refusal(bool chain, const char **why);
/*
 * Partition i of the first MBR whose partitions got children (extended ones
 * get none), in table order: its number and type, if there is an i-th.
 */
bool efi_partition_mbr_partition(unsigned i, uint8_t *number, uint8_t *type);
/* GPT entries kept with their types for the last line; past them, only counted. */
#define EFI_GPT_ENTRIES_KEPT 2
/* How many entries of the first GPT whose entries got children got one. */
unsigned efi_partition_gpt_entries(void);
/*
 * Entry i (< EFI_GPT_ENTRIES_KEPT, table order) of those: its number and its
 * type as gpt_type_text() names it ("Linux filesystem", or the GUID), if kept.
 */
bool efi_partition_gpt_entry(unsigned i, uint32_t *number, const char **type);
/*
 * Whether the store was damaged, its variables not all read (a Boot#### the
 * user meant may be among them): why, and the byte its log ends at (0: the
 * store was not read at all). A blank or all-zero bank is no damage.
 */
bool efi_variable_flash_damage(const char **why, uint64_t *end);
/*
 * An EFI global variable (EFI_GLOBAL_VARIABLE vendor) named by ASCII name:
 * its size in *size (room on entry); EFI_NOT_FOUND if it does not exist.
 * buf NULL deletes it.
 */
efi_status_t efi_global_variable(const char *name, void *buf, uint64_t *size);
/*
 * BootCurrent (volatile, boot and runtime access): the Boot#### option now
 * started, as the OS reads it, in place of any BootCurrent stored before;
 * number < 0 deletes it. EFI_SUCCESS, or SetVariable's status.
 */
efi_status_t efi_set_boot_current(int number);
/*
 * LoadImage(boot_policy, path) with the firmware as parent, LoadOptions
 * (copied; none if size 0), StartImage. Returns the load or start status;
 * *refusal names the rule the file broke if LoadImage refused it so, else NULL.
 */
efi_status_t efi_boot_path(const efi_device_path_t *path, bool boot_policy, const void *options,
			   uint32_t options_size, const char **refusal);
#endif
