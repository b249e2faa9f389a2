/* State shared by the boot-services modules of the EFI core (firmware only). */
#ifndef EFILITE_EFI_CORE_H
#define EFILITE_EFI_CORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/memmap.h"
#include "firmware/efi/pool.h"
#include "firmware/efi/protocol_db.h"

extern struct memmap efi_memmap;
extern struct pool efi_pool;
extern struct protocol_db efi_db;
extern efi_boot_services_t efi_boot_services;

/* System table (runtime data); system_table.c. */
efi_system_table_t *efi_system_table(void);
void efi_system_table_init(void);
efi_status_t efi_install_configuration_table(const efi_guid_t *guid, void *table);
/* Recomputes hdr->crc32 over hdr->header_size bytes. */
void efi_table_update_crc(efi_table_header_t *hdr);
/* Clears the boot-time pointers and marks boot services gone; system_table.c. */
void efi_system_table_exit_boot_services(void);

/* Runtime services (runtime.c). */
void efi_runtime_init(void *varstore_buf, uint64_t varstore_size);
void efi_runtime_exit_boot_services(void);
void efi_runtime_table_fill(efi_runtime_services_t *rt);
/* GetNextMonotonicCount(): its high half is GetNextHighMonotonicCount()'s counter. */
efi_status_t efi_next_monotonic_count(uint64_t *count);

/* Console protocols (console.c), on one handle; the input ones (console_in.c). */
efi_status_t efi_console_init(efi_handle_t *handle, efi_simple_text_input_t **in,
			      efi_simple_text_output_t **out);
efi_status_t efi_console_in_install(efi_handle_t *handle, efi_simple_text_input_t **in);

/* Images (image.c). */
efi_status_t efi_load_image(efi_bool_t boot_policy, efi_handle_t parent,
			    efi_device_path_t *path, void *source, uint64_t size,
			    efi_handle_t *image);
/* Why the file of the last LoadImage was refused (PE/COFF, W^X, a directory), if it was. */
const char *efi_image_load_refusal(void);
efi_status_t efi_start_image(efi_handle_t image, uint64_t *exit_data_size,
			     efi_char16_t **exit_data);
efi_status_t efi_exit(efi_handle_t image, efi_status_t status, uint64_t exit_data_size,
		      efi_char16_t *exit_data);
efi_status_t efi_unload_image(efi_handle_t image);
/* The firmware's own image handle: the parent of images main loads. */
efi_handle_t efi_firmware_handle(void);
void efi_image_init(void);
/* Options handed to the next image loaded with the firmware as parent. */
efi_status_t efi_image_set_load_options(efi_handle_t image, const void *options,
					uint32_t size);

/* Protocols (protocols/). */
efi_status_t efi_initrd_install(uint64_t size, bool (*fill)(void *dst, uint64_t size));
efi_status_t efi_memory_attribute_install(void);
efi_status_t efi_rng_install(void);
/* The FAT file system driver (ConnectController installs it on Block I/O handles). */
efi_status_t efi_simple_fs_driver_install(efi_handle_t image);
/* The partition driver (protocols/partition.c): GPT and MBR partitions of Block I/O disks. */
efi_status_t efi_partition_driver_install(efi_handle_t image);
/* What the partition driver refused, for the last line: in boot_manager.h. */
/* The last FAT rule a volume or file broke (mount, open, read), or NULL. */
const char *efi_simple_fs_last_error(void);

/* The protocol database grows from the pool, naming a failure in a line (db_memory.c). */
void efi_db_memory_init(void);

/* Boot services (boot_services.c). */
void efi_boot_services_init(void);
#endif
