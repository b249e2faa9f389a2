/*
 * UEFI 2.10 data types, tables and protocol layouts used by efilite.
 * AArch64 EFI uses the AAPCS64 calling convention, so no EFIAPI attribute.
 */
#ifndef EFILITE_EFI_EFI_H
#define EFILITE_EFI_EFI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t efi_status_t;
typedef void *efi_handle_t;
typedef void *efi_event_t;
typedef uint64_t efi_physical_addr_t;
typedef uint64_t efi_virtual_addr_t;
typedef uint16_t efi_char16_t;
typedef uint8_t efi_bool_t;

typedef struct {
	uint32_t data1;
	uint16_t data2, data3;
	uint8_t data4[8];
} efi_guid_t;

#define EFI_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) \
	{ (a), (b), (c), { (d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) } }

/* Status codes: errors have the top bit set. */
#define EFI_ERR(n) ((efi_status_t)(n) | (1ull << 63))
#define EFI_SUCCESS 0ull
#define EFI_LOAD_ERROR EFI_ERR(1)
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_UNSUPPORTED EFI_ERR(3)
#define EFI_BAD_BUFFER_SIZE EFI_ERR(4)
#define EFI_BUFFER_TOO_SMALL EFI_ERR(5)
#define EFI_NOT_READY EFI_ERR(6)
#define EFI_DEVICE_ERROR EFI_ERR(7)
#define EFI_WRITE_PROTECTED EFI_ERR(8)
#define EFI_OUT_OF_RESOURCES EFI_ERR(9)
#define EFI_VOLUME_CORRUPTED EFI_ERR(10)
#define EFI_NO_MEDIA EFI_ERR(12)
#define EFI_MEDIA_CHANGED EFI_ERR(13)
#define EFI_NOT_FOUND EFI_ERR(14)
#define EFI_ACCESS_DENIED EFI_ERR(15)
#define EFI_NO_MAPPING EFI_ERR(17)
#define EFI_TIMEOUT EFI_ERR(18)
#define EFI_NOT_STARTED EFI_ERR(19)
#define EFI_ALREADY_STARTED EFI_ERR(20)
#define EFI_ABORTED EFI_ERR(21)
#define EFI_SECURITY_VIOLATION EFI_ERR(26)

#define EFI_PAGE_SHIFT 12
#define EFI_PAGE_SIZE (1ull << EFI_PAGE_SHIFT)

enum efi_memory_type {
	EFI_RESERVED_MEMORY = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_MEMORY_MAPPED_IO = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT_MEMORY = 14,
	EFI_UNACCEPTED_MEMORY = 15,
	EFI_MAX_MEMORY_TYPE = 16,
};
/* Types from here up belong to the OEM (0x70000000..) and the OS loader (0x80000000..). */
#define EFI_OEM_MEMORY_TYPE_FIRST 0x70000000u

enum efi_allocate_type {
	EFI_ALLOCATE_ANY_PAGES = 0,
	EFI_ALLOCATE_MAX_ADDRESS = 1,
	EFI_ALLOCATE_ADDRESS = 2,
};

#define EFI_MEMORY_UC 0x1ull
#define EFI_MEMORY_WC 0x2ull
#define EFI_MEMORY_WT 0x4ull
#define EFI_MEMORY_WB 0x8ull
#define EFI_MEMORY_WP 0x1000ull
#define EFI_MEMORY_RP 0x2000ull
#define EFI_MEMORY_XP 0x4000ull
#define EFI_MEMORY_RO 0x20000ull
#define EFI_MEMORY_RUNTIME (1ull << 63)

typedef struct {
	uint32_t type;
	uint32_t pad;
	efi_physical_addr_t physical_start;
	efi_virtual_addr_t virtual_start;
	uint64_t number_of_pages;
	uint64_t attribute;
} efi_memory_descriptor_t;
#define EFI_MEMORY_DESCRIPTOR_VERSION 1

typedef struct {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
} efi_table_header_t;

#define EFI_SPEC_REVISION ((2u << 16) | 100u) /* 2.10 */
#define EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249ull   /* "IBI SYST" */
#define EFI_BOOT_SERVICES_SIGNATURE 0x56524553544f4f42ull  /* "BOOTSERV" */
#define EFI_RUNTIME_SERVICES_SIGNATURE 0x56524553544e5552ull /* "RUNTSERV" */

/* Device paths: variable-length nodes, byte-aligned in memory. */
typedef struct {
	uint8_t type;
	uint8_t sub_type;
	uint8_t length[2];
} efi_device_path_t;

#define EFI_DP_TYPE_HARDWARE 0x01
#define EFI_DP_HW_PCI 0x01
#define EFI_DP_HW_MEMORY_MAPPED 0x03
#define EFI_DP_HW_VENDOR 0x04
#define EFI_DP_TYPE_ACPI 0x02
#define EFI_DP_ACPI 0x01
#define EFI_DP_TYPE_MESSAGING 0x03
#define EFI_DP_MSG_SCSI 0x02
#define EFI_DP_MSG_NVME 0x17
#define EFI_DP_TYPE_MEDIA 0x04
#define EFI_DP_MEDIA_HARD_DRIVE 0x01
#define EFI_DP_MEDIA_CDROM 0x02
#define EFI_DP_MEDIA_VENDOR 0x03
#define EFI_DP_MEDIA_FILE_PATH 0x04
#define EFI_DP_TYPE_END 0x7f
#define EFI_DP_END_ENTIRE 0xff

typedef struct {
	efi_device_path_t header;
	uint32_t memory_type;
	uint64_t start, end;
} __attribute__((packed)) efi_memory_mapped_device_path_t;

typedef struct {
	efi_device_path_t header;
	efi_guid_t vendor;
} __attribute__((packed)) efi_vendor_device_path_t;

typedef struct {
	efi_device_path_t header;
	uint32_t hid, uid;
} __attribute__((packed)) efi_acpi_device_path_t;
#define EFI_PNP_ID(id) (0x41d0u | (uint32_t)(id) << 16)

typedef struct {
	efi_device_path_t header;
	uint8_t function, device;
} __attribute__((packed)) efi_pci_device_path_t;

/* Scsi(target, lun): a LUN behind a SCSI host adapter (UEFI 2.10 section 10.3.4.2). */
typedef struct {
	efi_device_path_t header;
	uint16_t target, lun;
} __attribute__((packed)) efi_scsi_device_path_t;

/* NVMe(nsid, EUI-64): a namespace of an NVMe controller (UEFI 2.10 section 10.3.4.23). */
typedef struct {
	efi_device_path_t header;
	uint32_t nsid;
	uint8_t eui64[8]; /* as Identify Namespace gives it; zero if none */
} __attribute__((packed)) efi_nvme_device_path_t;

typedef struct {
	efi_device_path_t header;
	uint32_t partition_number;
	uint64_t partition_start, partition_size; /* in logical blocks */
	uint8_t signature[16];
	uint8_t mbr_type;       /* 1: MBR, 2: GPT */
	uint8_t signature_type; /* 0: none, 1: 32-bit MBR signature, 2: GUID */
} __attribute__((packed)) efi_hard_drive_device_path_t;
_Static_assert(sizeof(efi_acpi_device_path_t) == 12, "ACPI device path node ABI");
_Static_assert(sizeof(efi_pci_device_path_t) == 6, "PCI device path node ABI");
_Static_assert(sizeof(efi_scsi_device_path_t) == 8, "SCSI device path node ABI");
_Static_assert(sizeof(efi_nvme_device_path_t) == 16, "NVMe device path node ABI");
_Static_assert(offsetof(efi_hard_drive_device_path_t, partition_start) == 8, "HD node ABI");
_Static_assert(offsetof(efi_hard_drive_device_path_t, signature) == 24, "HD node ABI");
_Static_assert(offsetof(efi_hard_drive_device_path_t, mbr_type) == 40, "HD node ABI");
_Static_assert(sizeof(efi_hard_drive_device_path_t) == 42, "HD node ABI");

/* An El Torito boot image: CDROM(entry, start, size). */
typedef struct {
	efi_device_path_t header;
	uint32_t boot_entry;      /* in the boot catalog: 0 is the initial entry */
	uint64_t partition_start; /* in 2048-byte sectors (RBA) */
	uint64_t partition_size;  /* in logical blocks */
} __attribute__((packed)) efi_cdrom_device_path_t;

_Static_assert(sizeof(efi_cdrom_device_path_t) == 24, "CDROM node ABI");
#define EFI_HD_MBR_TYPE_PCAT 1
#define EFI_HD_MBR_TYPE_GPT 2
#define EFI_HD_SIGNATURE_NONE 0
#define EFI_HD_SIGNATURE_MBR 1
#define EFI_HD_SIGNATURE_GUID 2

/* Block I/O (UEFI 2.10 section 13.9) and Disk I/O (13.7). */
typedef struct {
	uint32_t media_id;
	efi_bool_t removable_media, media_present, logical_partition, read_only, write_caching;
	uint32_t block_size;
	uint32_t io_align;
	uint64_t last_block;
	uint64_t lowest_aligned_lba;                   /* revision 2 */
	uint32_t logical_blocks_per_physical_block;    /* revision 2 */
	uint32_t optimal_transfer_length_granularity;  /* revision 3 */
} efi_block_io_media_t;
_Static_assert(offsetof(efi_block_io_media_t, removable_media) == 4, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, write_caching) == 8, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, block_size) == 12, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, io_align) == 16, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, last_block) == 24, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, lowest_aligned_lba) == 32, "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, logical_blocks_per_physical_block) == 40,
	       "BlockIo media ABI");
_Static_assert(offsetof(efi_block_io_media_t, optimal_transfer_length_granularity) == 44,
	       "BlockIo media ABI");
_Static_assert(sizeof(efi_block_io_media_t) == 48, "BlockIo media ABI");

typedef struct efi_block_io efi_block_io_t;
struct efi_block_io {
	uint64_t revision;
	efi_block_io_media_t *media;
	efi_status_t (*reset)(efi_block_io_t *self, efi_bool_t extended_verification);
	efi_status_t (*read_blocks)(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
				    uint64_t buffer_size, void *buffer);
	efi_status_t (*write_blocks)(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
				     uint64_t buffer_size, void *buffer);
	efi_status_t (*flush_blocks)(efi_block_io_t *self);
};
#define EFI_BLOCK_IO_PROTOCOL_REVISION3 0x0002001full
_Static_assert(offsetof(efi_block_io_t, media) == 8, "BlockIo ABI");
_Static_assert(offsetof(efi_block_io_t, read_blocks) == 24, "BlockIo ABI");
_Static_assert(offsetof(efi_block_io_t, flush_blocks) == 40, "BlockIo ABI");

typedef struct efi_disk_io efi_disk_io_t;
struct efi_disk_io {
	uint64_t revision;
	efi_status_t (*read_disk)(efi_disk_io_t *self, uint32_t media_id, uint64_t offset,
				  uint64_t buffer_size, void *buffer);
	efi_status_t (*write_disk)(efi_disk_io_t *self, uint32_t media_id, uint64_t offset,
				   uint64_t buffer_size, void *buffer);
};
#define EFI_DISK_IO_PROTOCOL_REVISION 0x00010000ull
_Static_assert(offsetof(efi_disk_io_t, write_disk) == 16, "DiskIo ABI");

/* Time (runtime services). */
typedef struct {
	uint16_t year;
	uint8_t month, day, hour, minute, second, pad1;
	uint32_t nanosecond;
	int16_t time_zone;
	uint8_t daylight, pad2;
} efi_time_t;
#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

typedef struct {
	uint32_t resolution;
	uint32_t accuracy;
	efi_bool_t sets_to_zero;
} efi_time_capabilities_t;

enum efi_reset_type {
	EFI_RESET_COLD = 0,
	EFI_RESET_WARM = 1,
	EFI_RESET_SHUTDOWN = 2,
	EFI_RESET_PLATFORM_SPECIFIC = 3,
};

#define EFI_VARIABLE_NON_VOLATILE 0x01u
#define EFI_VARIABLE_BOOTSERVICE_ACCESS 0x02u
#define EFI_VARIABLE_RUNTIME_ACCESS 0x04u
#define EFI_VARIABLE_HARDWARE_ERROR_RECORD 0x08u
#define EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS 0x10u
#define EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS 0x20u
#define EFI_VARIABLE_APPEND_WRITE 0x40u
#define EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS 0x80u

typedef struct {
	efi_table_header_t hdr;
	efi_status_t (*get_time)(efi_time_t *time, efi_time_capabilities_t *caps);
	efi_status_t (*set_time)(efi_time_t *time);
	efi_status_t (*get_wakeup_time)(efi_bool_t *enabled, efi_bool_t *pending, efi_time_t *time);
	efi_status_t (*set_wakeup_time)(efi_bool_t enable, efi_time_t *time);
	efi_status_t (*set_virtual_address_map)(uint64_t map_size, uint64_t desc_size,
						uint32_t desc_version, efi_memory_descriptor_t *map);
	efi_status_t (*convert_pointer)(uint64_t debug_disposition, void **address);
	efi_status_t (*get_variable)(efi_char16_t *name, efi_guid_t *vendor, uint32_t *attributes,
				     uint64_t *data_size, void *data);
	efi_status_t (*get_next_variable_name)(uint64_t *name_size, efi_char16_t *name,
					       efi_guid_t *vendor);
	efi_status_t (*set_variable)(efi_char16_t *name, efi_guid_t *vendor, uint32_t attributes,
				     uint64_t data_size, void *data);
	efi_status_t (*get_next_high_monotonic_count)(uint32_t *high);
	void (*reset_system)(uint32_t type, efi_status_t status, uint64_t data_size, void *data);
	efi_status_t (*update_capsule)(void **capsules, uint64_t count, efi_physical_addr_t sg);
	efi_status_t (*query_capsule_capabilities)(void **capsules, uint64_t count,
						   uint64_t *max_size, uint32_t *reset_type);
	efi_status_t (*query_variable_info)(uint32_t attributes, uint64_t *max_storage,
					    uint64_t *remaining, uint64_t *max_variable_size);
} efi_runtime_services_t;

/* EFI_RT_PROPERTIES_TABLE: which runtime services still work after ExitBootServices. */
typedef struct {
	uint16_t version;
	uint16_t length;
	uint32_t runtime_services_supported;
} efi_rt_properties_table_t;
#define EFI_RT_PROPERTIES_TABLE_VERSION 1
#define EFI_RT_SUPPORTED_GET_TIME 0x0001u
#define EFI_RT_SUPPORTED_SET_TIME 0x0002u
#define EFI_RT_SUPPORTED_GET_WAKEUP_TIME 0x0004u
#define EFI_RT_SUPPORTED_SET_WAKEUP_TIME 0x0008u
#define EFI_RT_SUPPORTED_GET_VARIABLE 0x0010u
#define EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020u
#define EFI_RT_SUPPORTED_SET_VARIABLE 0x0040u
#define EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080u
#define EFI_RT_SUPPORTED_CONVERT_POINTER 0x0100u
#define EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT 0x0200u
#define EFI_RT_SUPPORTED_RESET_SYSTEM 0x0400u
#define EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO 0x2000u

/* Events and task priority levels. */
#define EVT_TIMER 0x80000000u
#define EVT_RUNTIME 0x40000000u
#define EVT_NOTIFY_WAIT 0x00000100u
#define EVT_NOTIFY_SIGNAL 0x00000200u
#define EVT_SIGNAL_EXIT_BOOT_SERVICES 0x00000201u
#define EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE 0x60000202u

#define TPL_APPLICATION 4
#define TPL_CALLBACK 8
#define TPL_NOTIFY 16
#define TPL_HIGH_LEVEL 31

enum efi_timer_delay { EFI_TIMER_CANCEL = 0, EFI_TIMER_PERIODIC = 1, EFI_TIMER_RELATIVE = 2 };

typedef void (*efi_event_notify_t)(efi_event_t event, void *context);

enum efi_locate_search_type {
	EFI_ALL_HANDLES = 0,
	EFI_BY_REGISTER_NOTIFY = 1,
	EFI_BY_PROTOCOL = 2,
};

#define EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL 0x01u
#define EFI_OPEN_PROTOCOL_GET_PROTOCOL 0x02u
#define EFI_OPEN_PROTOCOL_TEST_PROTOCOL 0x04u
#define EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER 0x08u
#define EFI_OPEN_PROTOCOL_BY_DRIVER 0x10u
#define EFI_OPEN_PROTOCOL_EXCLUSIVE 0x20u

typedef struct {
	efi_handle_t agent_handle;
	efi_handle_t controller_handle;
	uint32_t attributes;
	uint32_t open_count;
} efi_open_protocol_information_entry_t;

/* EFI_DRIVER_BINDING_PROTOCOL: how ConnectController/DisconnectController drive a driver. */
typedef struct efi_driver_binding efi_driver_binding_t;
struct efi_driver_binding {
	efi_status_t (*supported)(efi_driver_binding_t *self, efi_handle_t controller,
				  efi_device_path_t *remaining);
	efi_status_t (*start)(efi_driver_binding_t *self, efi_handle_t controller,
			      efi_device_path_t *remaining);
	efi_status_t (*stop)(efi_driver_binding_t *self, efi_handle_t controller,
			     uint64_t child_count, efi_handle_t *children);
	uint32_t version;
	efi_handle_t image_handle;
	efi_handle_t driver_binding_handle;
};


enum efi_interface_type { EFI_NATIVE_INTERFACE = 0 };

typedef struct {
	efi_table_header_t hdr;
	uint64_t (*raise_tpl)(uint64_t new_tpl);
	void (*restore_tpl)(uint64_t old_tpl);
	efi_status_t (*allocate_pages)(uint32_t type, uint32_t memory_type, uint64_t pages,
				       efi_physical_addr_t *memory);
	efi_status_t (*free_pages)(efi_physical_addr_t memory, uint64_t pages);
	efi_status_t (*get_memory_map)(uint64_t *map_size, efi_memory_descriptor_t *map,
				       uint64_t *map_key, uint64_t *desc_size, uint32_t *desc_version);
	efi_status_t (*allocate_pool)(uint32_t memory_type, uint64_t size, void **buffer);
	efi_status_t (*free_pool)(void *buffer);
	efi_status_t (*create_event)(uint32_t type, uint64_t notify_tpl, efi_event_notify_t notify,
				     void *context, efi_event_t *event);
	efi_status_t (*set_timer)(efi_event_t event, uint32_t type, uint64_t trigger_time);
	efi_status_t (*wait_for_event)(uint64_t count, efi_event_t *events, uint64_t *index);
	efi_status_t (*signal_event)(efi_event_t event);
	efi_status_t (*close_event)(efi_event_t event);
	efi_status_t (*check_event)(efi_event_t event);
	efi_status_t (*install_protocol_interface)(efi_handle_t *handle, efi_guid_t *protocol,
						   uint32_t interface_type, void *interface);
	efi_status_t (*reinstall_protocol_interface)(efi_handle_t handle, efi_guid_t *protocol,
						     void *old_interface, void *new_interface);
	efi_status_t (*uninstall_protocol_interface)(efi_handle_t handle, efi_guid_t *protocol,
						     void *interface);
	efi_status_t (*handle_protocol)(efi_handle_t handle, efi_guid_t *protocol, void **interface);
	void *reserved;
	efi_status_t (*register_protocol_notify)(efi_guid_t *protocol, efi_event_t event,
						 void **registration);
	efi_status_t (*locate_handle)(uint32_t search_type, efi_guid_t *protocol, void *search_key,
				      uint64_t *buffer_size, efi_handle_t *buffer);
	efi_status_t (*locate_device_path)(efi_guid_t *protocol, efi_device_path_t **device_path,
					   efi_handle_t *device);
	efi_status_t (*install_configuration_table)(efi_guid_t *guid, void *table);
	efi_status_t (*load_image)(efi_bool_t boot_policy, efi_handle_t parent,
				   efi_device_path_t *path, void *source, uint64_t source_size,
				   efi_handle_t *image);
	efi_status_t (*start_image)(efi_handle_t image, uint64_t *exit_data_size,
				    efi_char16_t **exit_data);
	efi_status_t (*exit)(efi_handle_t image, efi_status_t status, uint64_t exit_data_size,
			     efi_char16_t *exit_data);
	efi_status_t (*unload_image)(efi_handle_t image);
	efi_status_t (*exit_boot_services)(efi_handle_t image, uint64_t map_key);
	efi_status_t (*get_next_monotonic_count)(uint64_t *count);
	efi_status_t (*stall)(uint64_t microseconds);
	efi_status_t (*set_watchdog_timer)(uint64_t timeout, uint64_t code, uint64_t data_size,
					   efi_char16_t *data);
	efi_status_t (*connect_controller)(efi_handle_t controller, efi_handle_t *drivers,
					   efi_device_path_t *remaining, efi_bool_t recursive);
	efi_status_t (*disconnect_controller)(efi_handle_t controller, efi_handle_t driver,
					      efi_handle_t child);
	efi_status_t (*open_protocol)(efi_handle_t handle, efi_guid_t *protocol, void **interface,
				      efi_handle_t agent, efi_handle_t controller, uint32_t attributes);
	efi_status_t (*close_protocol)(efi_handle_t handle, efi_guid_t *protocol, efi_handle_t agent,
				       efi_handle_t controller);
	efi_status_t (*open_protocol_information)(efi_handle_t handle, efi_guid_t *protocol,
						  efi_open_protocol_information_entry_t **entries,
						  uint64_t *count);
	efi_status_t (*protocols_per_handle)(efi_handle_t handle, efi_guid_t ***protocols,
					     uint64_t *count);
	efi_status_t (*locate_handle_buffer)(uint32_t search_type, efi_guid_t *protocol,
					     void *search_key, uint64_t *count, efi_handle_t **buffer);
	efi_status_t (*locate_protocol)(efi_guid_t *protocol, void *registration, void **interface);
	efi_status_t (*install_multiple_protocol_interfaces)(efi_handle_t *handle, ...);
	efi_status_t (*uninstall_multiple_protocol_interfaces)(efi_handle_t handle, ...);
	efi_status_t (*calculate_crc32)(void *data, uint64_t size, uint32_t *crc);
	void (*copy_mem)(void *dst, void *src, uint64_t len);
	void (*set_mem)(void *buf, uint64_t len, uint8_t value);
	efi_status_t (*create_event_ex)(uint32_t type, uint64_t notify_tpl, efi_event_notify_t notify,
					const void *context, const efi_guid_t *group, efi_event_t *event);
} efi_boot_services_t;

typedef struct {
	efi_guid_t guid;
	void *table;
} efi_configuration_table_t;

typedef struct {
	uint16_t scan_code;
	efi_char16_t unicode_char;
} efi_input_key_t;

typedef struct efi_simple_text_input efi_simple_text_input_t;
struct efi_simple_text_input {
	efi_status_t (*reset)(efi_simple_text_input_t *self, efi_bool_t extended);
	efi_status_t (*read_key_stroke)(efi_simple_text_input_t *self, efi_input_key_t *key);
	efi_event_t wait_for_key;
};

/* EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL (UEFI 2.10 section 12.2). */
typedef struct {
	uint32_t key_shift_state; /* EFI_SHIFT_STATE_VALID clear: no shift state known */
	uint8_t key_toggle_state;
} efi_key_state_t;

typedef struct {
	efi_input_key_t key;
	efi_key_state_t key_state;
} efi_key_data_t;

typedef efi_status_t (*efi_key_notify_function_t)(efi_key_data_t *key);

typedef struct efi_simple_text_input_ex efi_simple_text_input_ex_t;
struct efi_simple_text_input_ex {
	efi_status_t (*reset)(efi_simple_text_input_ex_t *self, efi_bool_t extended);
	efi_status_t (*read_key_stroke_ex)(efi_simple_text_input_ex_t *self, efi_key_data_t *key);
	efi_event_t wait_for_key_ex;
	efi_status_t (*set_state)(efi_simple_text_input_ex_t *self, uint8_t *key_toggle_state);
	efi_status_t (*register_key_notify)(efi_simple_text_input_ex_t *self, efi_key_data_t *key,
					    efi_key_notify_function_t notify, void **handle);
	efi_status_t (*unregister_key_notify)(efi_simple_text_input_ex_t *self, void *handle);
};

typedef struct {
	int32_t max_mode;
	int32_t mode;
	int32_t attribute;
	int32_t cursor_column;
	int32_t cursor_row;
	efi_bool_t cursor_visible;
} efi_simple_text_output_mode_t;

typedef struct efi_simple_text_output efi_simple_text_output_t;
struct efi_simple_text_output {
	efi_status_t (*reset)(efi_simple_text_output_t *self, efi_bool_t extended);
	efi_status_t (*output_string)(efi_simple_text_output_t *self, efi_char16_t *string);
	efi_status_t (*test_string)(efi_simple_text_output_t *self, efi_char16_t *string);
	efi_status_t (*query_mode)(efi_simple_text_output_t *self, uint64_t mode, uint64_t *columns,
				   uint64_t *rows);
	efi_status_t (*set_mode)(efi_simple_text_output_t *self, uint64_t mode);
	efi_status_t (*set_attribute)(efi_simple_text_output_t *self, uint64_t attribute);
	efi_status_t (*clear_screen)(efi_simple_text_output_t *self);
	efi_status_t (*set_cursor_position)(efi_simple_text_output_t *self, uint64_t column,
					    uint64_t row);
	efi_status_t (*enable_cursor)(efi_simple_text_output_t *self, efi_bool_t visible);
	efi_simple_text_output_mode_t *mode;
};

typedef struct {
	efi_table_header_t hdr;
	efi_char16_t *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle_t console_in_handle;
	efi_simple_text_input_t *con_in;
	efi_handle_t console_out_handle;
	efi_simple_text_output_t *con_out;
	efi_handle_t standard_error_handle;
	efi_simple_text_output_t *std_err;
	efi_runtime_services_t *runtime_services;
	efi_boot_services_t *boot_services;
	uint64_t number_of_table_entries;
	efi_configuration_table_t *configuration_table;
} efi_system_table_t;

typedef struct {
	uint32_t revision;
	efi_handle_t parent_handle;
	efi_system_table_t *system_table;
	efi_handle_t device_handle;
	efi_device_path_t *file_path;
	void *reserved;
	uint32_t load_options_size;
	void *load_options;
	void *image_base;
	uint64_t image_size;
	uint32_t image_code_type;
	uint32_t image_data_type;
	efi_status_t (*unload)(efi_handle_t image);
} efi_loaded_image_t;
#define EFI_LOADED_IMAGE_PROTOCOL_REVISION 0x1000

typedef struct efi_load_file2 efi_load_file2_t;
struct efi_load_file2 {
	efi_status_t (*load_file)(efi_load_file2_t *self, efi_device_path_t *path,
				  efi_bool_t boot_policy, uint64_t *buffer_size, void *buffer);
};

typedef struct efi_memory_attribute efi_memory_attribute_t;
struct efi_memory_attribute {
	efi_status_t (*get_memory_attributes)(efi_memory_attribute_t *self, efi_physical_addr_t base,
					      uint64_t length, uint64_t *attributes);
	efi_status_t (*set_memory_attributes)(efi_memory_attribute_t *self, efi_physical_addr_t base,
					      uint64_t length, uint64_t attributes);
	efi_status_t (*clear_memory_attributes)(efi_memory_attribute_t *self,
						efi_physical_addr_t base, uint64_t length,
						uint64_t attributes);
};

typedef efi_guid_t efi_rng_algorithm_t;
typedef struct efi_rng efi_rng_t;
struct efi_rng {
	efi_status_t (*get_info)(efi_rng_t *self, uint64_t *list_size, efi_rng_algorithm_t *list);
	efi_status_t (*get_rng)(efi_rng_t *self, efi_rng_algorithm_t *algorithm, uint64_t length,
				uint8_t *value);
};

/* GUIDs (defined in guids.c). */
extern const efi_guid_t efi_loaded_image_protocol_guid;
extern const efi_guid_t efi_loaded_image_device_path_protocol_guid;
extern const efi_guid_t efi_device_path_protocol_guid;
extern const efi_guid_t efi_driver_binding_protocol_guid;
extern const efi_guid_t efi_simple_text_input_protocol_guid;
extern const efi_guid_t efi_simple_text_input_ex_protocol_guid;
extern const efi_guid_t efi_simple_text_output_protocol_guid;
extern const efi_guid_t efi_load_file2_protocol_guid;
extern const efi_guid_t efi_memory_attribute_protocol_guid;
extern const efi_guid_t efi_rng_protocol_guid;
extern const efi_guid_t efi_block_io_protocol_guid;
extern const efi_guid_t efi_disk_io_protocol_guid;
extern const efi_guid_t efi_simple_file_system_protocol_guid;
extern const efi_guid_t efi_rng_algorithm_raw_guid;
extern const efi_guid_t efi_linux_initrd_media_guid;
extern const efi_guid_t efi_linux_loaded_image_fixed_guid;
extern const efi_guid_t efi_acpi_20_table_guid;
extern const efi_guid_t efi_smbios3_table_guid;
extern const efi_guid_t efi_dtb_table_guid;
extern const efi_guid_t efi_rt_properties_table_guid;
extern const efi_guid_t efi_global_variable_guid;
extern const efi_guid_t efi_event_group_exit_boot_services_guid;
extern const efi_guid_t efi_event_group_before_exit_boot_services_guid;
extern const efi_guid_t efi_event_group_virtual_address_change_guid;

/* Simple File System and File protocols (UEFI 2.10 sections 13.4, 13.5). */
#define EFI_WARN_DELETE_FAILURE ((efi_status_t)2)
#define EFI_FILE_MODE_READ 0x0000000000000001ull
#define EFI_FILE_MODE_WRITE 0x0000000000000002ull
#define EFI_FILE_MODE_CREATE 0x8000000000000000ull
#define EFI_FILE_READ_ONLY 0x01ull
#define EFI_FILE_HIDDEN 0x02ull
#define EFI_FILE_SYSTEM 0x04ull
#define EFI_FILE_DIRECTORY 0x10ull
#define EFI_FILE_ARCHIVE 0x20ull
#define EFI_FILE_PROTOCOL_REVISION 0x00010000ull
#define EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION 0x00010000ull

typedef struct efi_file efi_file_t;
struct efi_file {
	uint64_t revision;
	efi_status_t (*open)(efi_file_t *self, efi_file_t **new_handle, efi_char16_t *file_name,
			     uint64_t open_mode, uint64_t attributes);
	efi_status_t (*close)(efi_file_t *self);
	efi_status_t (*delete_file)(efi_file_t *self);
	efi_status_t (*read)(efi_file_t *self, uint64_t *buffer_size, void *buffer);
	efi_status_t (*write)(efi_file_t *self, uint64_t *buffer_size, void *buffer);
	efi_status_t (*get_position)(efi_file_t *self, uint64_t *position);
	efi_status_t (*set_position)(efi_file_t *self, uint64_t position);
	efi_status_t (*get_info)(efi_file_t *self, efi_guid_t *type, uint64_t *buffer_size,
				 void *buffer);
	efi_status_t (*set_info)(efi_file_t *self, efi_guid_t *type, uint64_t buffer_size,
				 void *buffer);
	efi_status_t (*flush)(efi_file_t *self);
	/* revision 2 (asynchronous I/O), not offered: revision says 1 */
	void *open_ex, *read_ex, *write_ex, *flush_ex;
};
_Static_assert(offsetof(efi_file_t, open) == 8, "File ABI");
_Static_assert(offsetof(efi_file_t, read) == 32, "File ABI");
_Static_assert(offsetof(efi_file_t, get_info) == 64, "File ABI");
_Static_assert(offsetof(efi_file_t, flush) == 80, "File ABI");
_Static_assert(sizeof(efi_file_t) == 120, "File ABI");

typedef struct efi_simple_file_system efi_simple_file_system_t;
struct efi_simple_file_system {
	uint64_t revision;
	efi_status_t (*open_volume)(efi_simple_file_system_t *self, efi_file_t **root);
};

typedef struct {
	uint64_t size; /* of the record, name and NUL included */
	uint64_t file_size, physical_size;
	efi_time_t create_time, last_access_time, modification_time;
	uint64_t attribute;
	efi_char16_t file_name[]; /* NUL-terminated */
} efi_file_info_t;
_Static_assert(offsetof(efi_file_info_t, create_time) == 24, "FILE_INFO ABI");
_Static_assert(offsetof(efi_file_info_t, attribute) == 72, "FILE_INFO ABI");
_Static_assert(offsetof(efi_file_info_t, file_name) == 80, "FILE_INFO ABI");

typedef struct {
	uint64_t size; /* of the record, label and NUL included */
	efi_bool_t read_only;
	uint64_t volume_size, free_space;
	uint32_t block_size;
	efi_char16_t volume_label[]; /* NUL-terminated */
} efi_file_system_info_t;
_Static_assert(offsetof(efi_file_system_info_t, volume_size) == 16, "FILE_SYSTEM_INFO ABI");
_Static_assert(offsetof(efi_file_system_info_t, block_size) == 32, "FILE_SYSTEM_INFO ABI");
_Static_assert(offsetof(efi_file_system_info_t, volume_label) == 36, "FILE_SYSTEM_INFO ABI");

/* EFI_LOAD_FILE_PROTOCOL has EFI_LOAD_FILE2_PROTOCOL's shape (BootPolicy honoured). */
typedef struct efi_load_file2 efi_load_file_t;

extern const efi_guid_t efi_file_info_guid;
extern const efi_guid_t efi_file_system_info_guid;
extern const efi_guid_t efi_file_system_volume_label_guid;
extern const efi_guid_t efi_load_file_protocol_guid;

bool efi_guid_equal(const efi_guid_t *a, const efi_guid_t *b);
#endif
