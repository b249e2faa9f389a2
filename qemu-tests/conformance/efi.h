/* SPDX-License-Identifier: MIT */
/*
 * The slice of the UEFI 2.10 ABI the conformance apps use, written from the
 * specification. Every member that the apps do not call is still declared (as
 * an untyped pointer) so that table offsets match the specification.
 *
 * The apps are built for aarch64-windows, where `long` is 32 bits (LLP64):
 * only fixed-width types appear here.
 */
#ifndef QEMU_TESTS_CONFORMANCE_EFI_H
#define QEMU_TESTS_CONFORMANCE_EFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t efi_status_t;
typedef void *efi_handle_t;
typedef void *efi_event_t;
typedef uint64_t efi_physical_addr_t;
typedef uint64_t efi_tpl_t;
typedef uint16_t char16_t;

typedef struct {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
} efi_guid_t;

#define EFI_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) \
	((efi_guid_t){ (a), (b), (c), { (d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) } })

/* Status codes: errors have the top bit set. */
#define EFI_ERROR_BIT (1ull << 63)
#define EFI_ERR(n) (EFI_ERROR_BIT | (n))
#define EFI_SUCCESS 0ull
#define EFI_LOAD_ERROR EFI_ERR(1)
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_UNSUPPORTED EFI_ERR(3)
#define EFI_BAD_BUFFER_SIZE EFI_ERR(4)
#define EFI_BUFFER_TOO_SMALL EFI_ERR(5)
#define EFI_NOT_READY EFI_ERR(6)
#define EFI_DEVICE_ERROR EFI_ERR(7)
#define EFI_WRITE_PROTECTED EFI_ERR(8)
#define EFI_MEDIA_CHANGED EFI_ERR(13)
#define EFI_OUT_OF_RESOURCES EFI_ERR(9)
#define EFI_NOT_FOUND EFI_ERR(14)
#define EFI_ACCESS_DENIED EFI_ERR(15)
#define EFI_NO_MAPPING EFI_ERR(17)
#define EFI_ABORTED EFI_ERR(21)

#define EFI_PAGE_SIZE 4096ull

/* Table header signatures and the header shared by ST, BS and RT. */
#define EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249ull
#define EFI_BOOT_SERVICES_SIGNATURE 0x56524553544f4f42ull
#define EFI_RUNTIME_SERVICES_SIGNATURE 0x56524553544e5552ull

struct efi_table_header {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
};

/* Memory types, allocation types and memory attributes. */
enum {
	EFI_RESERVED_MEMORY_TYPE,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
};
/* Types in [0x80000000, 0xffffffff] belong to the OS loader and are valid to allocate. */
#define EFI_OS_MEMORY_TYPE_FIRST 0x80000000u

enum {
	EFI_ALLOCATE_ANY_PAGES,
	EFI_ALLOCATE_MAX_ADDRESS,
	EFI_ALLOCATE_ADDRESS,
	EFI_MAX_ALLOCATE_TYPE,
};

#define EFI_MEMORY_UC 0x1ull
#define EFI_MEMORY_WB 0x8ull
#define EFI_MEMORY_RP 0x2000ull
#define EFI_MEMORY_XP 0x4000ull
#define EFI_MEMORY_RO 0x20000ull
#define EFI_MEMORY_RUNTIME (1ull << 63)

#define EFI_MEMORY_DESCRIPTOR_VERSION 1

struct efi_memory_descriptor {
	uint32_t type;
	efi_physical_addr_t physical_start;
	uint64_t virtual_start;
	uint64_t number_of_pages;
	uint64_t attribute;
};

/* Events and timers. */
#define EVT_TIMER 0x80000000u
#define EVT_RUNTIME 0x40000000u
#define EVT_NOTIFY_WAIT 0x00000100u
#define EVT_NOTIFY_SIGNAL 0x00000200u
#define EVT_SIGNAL_EXIT_BOOT_SERVICES 0x00000201u

#define TPL_APPLICATION 4
#define TPL_CALLBACK 8
#define TPL_NOTIFY 16

enum { EFI_TIMER_CANCEL, EFI_TIMER_PERIODIC, EFI_TIMER_RELATIVE };

typedef void (*efi_event_notify_t)(efi_event_t event, void *context);

/* Protocol handler services. */
enum { EFI_NATIVE_INTERFACE };
enum { EFI_ALL_HANDLES, EFI_BY_REGISTER_NOTIFY, EFI_BY_PROTOCOL };

#define EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL 0x01u
#define EFI_OPEN_PROTOCOL_GET_PROTOCOL 0x02u
#define EFI_OPEN_PROTOCOL_TEST_PROTOCOL 0x04u
#define EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER 0x08u
#define EFI_OPEN_PROTOCOL_BY_DRIVER 0x10u

struct efi_open_protocol_information_entry {
	efi_handle_t agent_handle;
	efi_handle_t controller_handle;
	uint32_t attributes;
	uint32_t open_count;
};

#define EFI_DRIVER_BINDING_PROTOCOL_GUID \
	EFI_GUID(0x18a031ab, 0xb443, 0x4d1a, 0xa5, 0xc0, 0x0c, 0x09, 0x26, 0x1e, 0x9f, 0x71)

struct efi_driver_binding_protocol {
	efi_status_t (*supported)(struct efi_driver_binding_protocol *self,
				  efi_handle_t controller, void *remaining_device_path);
	efi_status_t (*start)(struct efi_driver_binding_protocol *self, efi_handle_t controller,
			      void *remaining_device_path);
	efi_status_t (*stop)(struct efi_driver_binding_protocol *self, efi_handle_t controller,
			     uint64_t number_of_children, efi_handle_t *child_handle_buffer);
	uint32_t version;
	efi_handle_t image_handle;
	efi_handle_t driver_binding_handle;
};

struct efi_boot_services {
	struct efi_table_header hdr;
	efi_tpl_t (*raise_tpl)(efi_tpl_t new_tpl);
	void (*restore_tpl)(efi_tpl_t old_tpl);
	efi_status_t (*allocate_pages)(uint32_t type, uint32_t memory_type, uint64_t pages,
				       efi_physical_addr_t *memory);
	efi_status_t (*free_pages)(efi_physical_addr_t memory, uint64_t pages);
	efi_status_t (*get_memory_map)(uint64_t *map_size, struct efi_memory_descriptor *map,
				       uint64_t *map_key, uint64_t *descriptor_size,
				       uint32_t *descriptor_version);
	efi_status_t (*allocate_pool)(uint32_t pool_type, uint64_t size, void **buffer);
	efi_status_t (*free_pool)(void *buffer);
	efi_status_t (*create_event)(uint32_t type, efi_tpl_t notify_tpl,
				     efi_event_notify_t notify_function, void *notify_context,
				     efi_event_t *event);
	efi_status_t (*set_timer)(efi_event_t event, uint32_t type, uint64_t trigger_time);
	efi_status_t (*wait_for_event)(uint64_t number_of_events, efi_event_t *events,
				       uint64_t *index);
	efi_status_t (*signal_event)(efi_event_t event);
	efi_status_t (*close_event)(efi_event_t event);
	efi_status_t (*check_event)(efi_event_t event);
	efi_status_t (*install_protocol_interface)(efi_handle_t *handle, const efi_guid_t *protocol,
						   uint32_t interface_type, void *interface);
	efi_status_t (*reinstall_protocol_interface)(efi_handle_t handle,
						     const efi_guid_t *protocol,
						     void *old_interface, void *new_interface);
	efi_status_t (*uninstall_protocol_interface)(efi_handle_t handle,
						     const efi_guid_t *protocol, void *interface);
	efi_status_t (*handle_protocol)(efi_handle_t handle, const efi_guid_t *protocol,
					void **interface);
	void *reserved;
	efi_status_t (*register_protocol_notify)(const efi_guid_t *protocol, efi_event_t event,
						 void **registration);
	efi_status_t (*locate_handle)(uint32_t search_type, const efi_guid_t *protocol,
				      void *search_key, uint64_t *buffer_size,
				      efi_handle_t *buffer);
	efi_status_t (*locate_device_path)(const efi_guid_t *protocol, void **device_path,
					   efi_handle_t *device);
	efi_status_t (*install_configuration_table)(const efi_guid_t *guid, void *table);
	efi_status_t (*load_image)(bool boot_policy, efi_handle_t parent_image_handle,
				   void *device_path, const void *source_buffer,
				   uint64_t source_size, efi_handle_t *image_handle);
	efi_status_t (*start_image)(efi_handle_t image_handle, uint64_t *exit_data_size,
				    char16_t **exit_data);
	efi_status_t (*exit)(efi_handle_t image_handle, efi_status_t exit_status,
			     uint64_t exit_data_size, char16_t *exit_data);
	efi_status_t (*unload_image)(efi_handle_t image_handle);
	efi_status_t (*exit_boot_services)(efi_handle_t image_handle, uint64_t map_key);
	efi_status_t (*get_next_monotonic_count)(uint64_t *count);
	efi_status_t (*stall)(uint64_t microseconds);
	efi_status_t (*set_watchdog_timer)(uint64_t timeout, uint64_t watchdog_code,
					   uint64_t data_size, char16_t *watchdog_data);
	efi_status_t (*connect_controller)(efi_handle_t controller, efi_handle_t *driver_images,
					   void *remaining_device_path, bool recursive);
	efi_status_t (*disconnect_controller)(efi_handle_t controller, efi_handle_t driver_image,
					      efi_handle_t child);
	efi_status_t (*open_protocol)(efi_handle_t handle, const efi_guid_t *protocol,
				      void **interface, efi_handle_t agent_handle,
				      efi_handle_t controller_handle, uint32_t attributes);
	efi_status_t (*close_protocol)(efi_handle_t handle, const efi_guid_t *protocol,
				       efi_handle_t agent_handle, efi_handle_t controller_handle);
	efi_status_t (*open_protocol_information)(
		efi_handle_t handle, const efi_guid_t *protocol,
		struct efi_open_protocol_information_entry **entry_buffer, uint64_t *entry_count);
	efi_status_t (*protocols_per_handle)(efi_handle_t handle, efi_guid_t ***protocol_buffer,
					     uint64_t *protocol_buffer_count);
	efi_status_t (*locate_handle_buffer)(uint32_t search_type, const efi_guid_t *protocol,
					     void *search_key, uint64_t *no_handles,
					     efi_handle_t **buffer);
	efi_status_t (*locate_protocol)(const efi_guid_t *protocol, void *registration,
					void **interface);
	/* Variadic: (handle pointer, then GUID pointer / interface pairs, then NULL). */
	efi_status_t (*install_multiple_protocol_interfaces)(efi_handle_t *handle, ...);
	efi_status_t (*uninstall_multiple_protocol_interfaces)(efi_handle_t handle, ...);
	efi_status_t (*calculate_crc32)(const void *data, uint64_t data_size, uint32_t *crc32);
	void (*copy_mem)(void *destination, const void *source, uint64_t length);
	void (*set_mem)(void *buffer, uint64_t size, uint8_t value);
	efi_status_t (*create_event_ex)(uint32_t type, efi_tpl_t notify_tpl,
					efi_event_notify_t notify_function,
					const void *notify_context, const efi_guid_t *event_group,
					efi_event_t *event);
};

/* Runtime services. */
struct efi_time {
	uint16_t year;
	uint8_t month;
	uint8_t day;
	uint8_t hour;
	uint8_t minute;
	uint8_t second;
	uint8_t pad1;
	uint32_t nanosecond;
	int16_t time_zone;
	uint8_t daylight;
	uint8_t pad2;
};

#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

struct efi_time_capabilities {
	uint32_t resolution;
	uint32_t accuracy;
	bool sets_to_zero;
};

#define EFI_VARIABLE_NON_VOLATILE 0x1u
#define EFI_VARIABLE_BOOTSERVICE_ACCESS 0x2u
#define EFI_VARIABLE_RUNTIME_ACCESS 0x4u
#define EFI_VARIABLE_APPEND_WRITE 0x40u

enum { EFI_RESET_COLD, EFI_RESET_WARM, EFI_RESET_SHUTDOWN };

struct efi_runtime_services {
	struct efi_table_header hdr;
	efi_status_t (*get_time)(struct efi_time *time, struct efi_time_capabilities *caps);
	void *set_time;
	void *get_wakeup_time;
	void *set_wakeup_time;
	efi_status_t (*set_virtual_address_map)(uint64_t map_size, uint64_t descriptor_size,
						uint32_t descriptor_version,
						struct efi_memory_descriptor *virtual_map);
	void *convert_pointer;
	efi_status_t (*get_variable)(const char16_t *name, const efi_guid_t *vendor,
				     uint32_t *attributes, uint64_t *data_size, void *data);
	efi_status_t (*get_next_variable_name)(uint64_t *name_size, char16_t *name,
					       efi_guid_t *vendor);
	efi_status_t (*set_variable)(const char16_t *name, const efi_guid_t *vendor,
				     uint32_t attributes, uint64_t data_size, const void *data);
	void *get_next_high_monotonic_count;
	void (*reset_system)(uint32_t reset_type, efi_status_t status, uint64_t data_size,
			     void *reset_data);
	void *update_capsule;
	void *query_capsule_capabilities;
	efi_status_t (*query_variable_info)(uint32_t attributes, uint64_t *max_storage,
					    uint64_t *remaining_storage, uint64_t *max_variable);
};

/* EFI_RT_PROPERTIES_TABLE: which runtime services work after ExitBootServices. */
#define EFI_RT_PROPERTIES_TABLE_GUID \
	EFI_GUID(0xeb66918a, 0x7eef, 0x402a, 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9)
#define EFI_RT_SUPPORTED_GET_TIME 0x0001u
#define EFI_RT_SUPPORTED_GET_VARIABLE 0x0010u
#define EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020u
#define EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080u
#define EFI_RT_SUPPORTED_RESET_SYSTEM 0x0400u

struct efi_rt_properties_table {
	uint16_t version;
	uint16_t length;
	uint32_t runtime_services_supported;
};

/* Console output. */
struct efi_simple_text_output {
	void *reset;
	efi_status_t (*output_string)(struct efi_simple_text_output *self, const char16_t *string);
	/* The remaining members are not used. */
};

/* Configuration tables a virt machine's firmware hands to the OS. */
#define EFI_ACPI_20_TABLE_GUID \
	EFI_GUID(0x8868e871, 0xe4f1, 0x11d3, 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81)
#define EFI_DTB_TABLE_GUID \
	EFI_GUID(0xb1b621d5, 0xf19c, 0x41a5, 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0)
#define SMBIOS3_TABLE_GUID \
	EFI_GUID(0xf2fd1544, 0x9794, 0x4a2c, 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94)

struct efi_configuration_table {
	efi_guid_t vendor_guid;
	void *vendor_table;
};

struct efi_system_table {
	struct efi_table_header hdr;
	char16_t *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle_t console_in_handle;
	void *con_in;
	efi_handle_t console_out_handle;
	struct efi_simple_text_output *con_out;
	efi_handle_t standard_error_handle;
	struct efi_simple_text_output *std_err;
	struct efi_runtime_services *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t number_of_table_entries;
	struct efi_configuration_table *configuration_table;
};

/* Loaded image protocol. */
#define EFI_LOADED_IMAGE_PROTOCOL_GUID \
	EFI_GUID(0x5b1b31a1, 0x9562, 0x11d2, 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)
#define EFI_LOADED_IMAGE_PROTOCOL_REVISION 0x1000u

struct efi_loaded_image {
	uint32_t revision;
	efi_handle_t parent_handle;
	struct efi_system_table *system_table;
	efi_handle_t device_handle;
	void *file_path;
	void *reserved;
	uint32_t load_options_size;
	void *load_options;
	void *image_base;
	uint64_t image_size;
	uint32_t image_code_type;
	uint32_t image_data_type;
	void *unload;
};

/* Memory attribute protocol. */
#define EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID \
	EFI_GUID(0xf4560cf6, 0x40ec, 0x4b4a, 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89)

struct efi_memory_attribute_protocol {
	efi_status_t (*get_memory_attributes)(struct efi_memory_attribute_protocol *self,
					      efi_physical_addr_t base, uint64_t length,
					      uint64_t *attributes);
	efi_status_t (*set_memory_attributes)(struct efi_memory_attribute_protocol *self,
					      efi_physical_addr_t base, uint64_t length,
					      uint64_t attributes);
	efi_status_t (*clear_memory_attributes)(struct efi_memory_attribute_protocol *self,
						efi_physical_addr_t base, uint64_t length,
						uint64_t attributes);
};

/* Device paths: a packed list of nodes, each starting with this header. */
#define EFI_DEVICE_PATH_PROTOCOL_GUID \
	EFI_GUID(0x09576e91, 0x6d3f, 0x11d2, 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)
#define DEVICE_PATH_MEDIA 0x04
#define DEVICE_PATH_MEDIA_VENDOR 0x03
#define DEVICE_PATH_END 0x7f
#define DEVICE_PATH_END_ENTIRE 0xff

struct efi_device_path {
	uint8_t type;
	uint8_t subtype;
	uint8_t length[2];
};

/* Block I/O and Disk I/O (UEFI 2.10 sections 13.9 and 13.7). */
#define EFI_BLOCK_IO_PROTOCOL_GUID \
	EFI_GUID(0x964e5b21, 0x6459, 0x11d2, 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)
#define EFI_DISK_IO_PROTOCOL_GUID \
	EFI_GUID(0xce345171, 0xba0b, 0x11d2, 0x8e, 0x4f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)

struct efi_block_io_media {
	uint32_t media_id;
	bool removable_media, media_present, logical_partition, read_only, write_caching;
	uint32_t block_size;
	uint32_t io_align;
	uint64_t last_block;
	uint64_t lowest_aligned_lba;
	uint32_t logical_blocks_per_physical_block;
	uint32_t optimal_transfer_length_granularity;
};

struct efi_block_io_protocol {
	uint64_t revision;
	struct efi_block_io_media *media;
	efi_status_t (*reset)(struct efi_block_io_protocol *self, bool extended);
	efi_status_t (*read_blocks)(struct efi_block_io_protocol *self, uint32_t media_id,
				    uint64_t lba, uint64_t size, void *buffer);
	efi_status_t (*write_blocks)(struct efi_block_io_protocol *self, uint32_t media_id,
				     uint64_t lba, uint64_t size, void *buffer);
	efi_status_t (*flush_blocks)(struct efi_block_io_protocol *self);
};

struct efi_disk_io_protocol {
	uint64_t revision;
	efi_status_t (*read_disk)(struct efi_disk_io_protocol *self, uint32_t media_id,
				  uint64_t offset, uint64_t size, void *buffer);
	efi_status_t (*write_disk)(struct efi_disk_io_protocol *self, uint32_t media_id,
				   uint64_t offset, uint64_t size, void *buffer);
};

/* LoadFile2, and the vendor media path under which Linux finds its initrd. */
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	EFI_GUID(0x4006c0c1, 0xfcb3, 0x403e, 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d)
#define LINUX_EFI_INITRD_MEDIA_GUID \
	EFI_GUID(0x5568e427, 0x68fc, 0x4f3d, 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68)

struct efi_load_file2_protocol {
	efi_status_t (*load_file)(struct efi_load_file2_protocol *self, void *file_path,
				  bool boot_policy, uint64_t *buffer_size, void *buffer);
};

/* RNG protocol. */
#define EFI_RNG_PROTOCOL_GUID \
	EFI_GUID(0x3152bca5, 0xeade, 0x433d, 0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44)

struct efi_rng_protocol {
	efi_status_t (*get_info)(struct efi_rng_protocol *self, uint64_t *algorithm_list_size,
				 efi_guid_t *algorithm_list);
	efi_status_t (*get_rng)(struct efi_rng_protocol *self, const efi_guid_t *algorithm,
				uint64_t value_length, uint8_t *value);
};

#endif /* QEMU_TESTS_CONFORMANCE_EFI_H */
