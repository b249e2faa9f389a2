/* SPDX-License-Identifier: MIT */
/*
 * What fwupd-efi and installers do: write, then ResetSystem() with no
 * FlushBlocks() between. The app writes its pattern over the last block of
 * every writable whole disk through Block I/O, prints "WROTE n", and calls
 * ResetSystem(EfiResetShutdown): what the writes left in the devices'
 * volatile caches is the firmware's to flush (reset_flush_test.sh reads
 * QEMU's trace). Load option "exit": ExitBootServices() first, "EXITED",
 * then the reset: the OS owns the devices then, and the firmware must not
 * touch them. Load option "notify": the reset from the app's own
 * ExitBootServices notification, which runs after the firmware's disk stop:
 * the devices are reset already, and nothing may be sent to them.
 */
#include "qemu-tests/conformance/efi.h"
#include "qemu-tests/conformance/memmap.h"
#include "qemu-tests/conformance/test.h"

#define MAX_BLOCK 4096u
#define EXIT_ATTEMPTS 4

static uint8_t block[MAX_BLOCK] __attribute__((aligned(4096)));

/* Whether the load options start with word ("exit", "notify"). */
static bool load_option(const char *word)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li;
	const char16_t *o;

	if (env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS ||
	    !li->load_options || li->load_options_size < 8)
		return false;
	o = li->load_options;
	for (uint64_t i = 0; word[i]; i++)
		if (i >= li->load_options_size / 2 || o[i] != (char16_t)word[i])
			return false;
	return true;
}

static void reset_from_notify(efi_event_t event, void *ctx)
{
	(void)event;
	(void)ctx;
	env.rt->reset_system(EFI_RESET_SHUTDOWN, EFI_SUCCESS, 0, NULL);
}

/* The pattern reset_flush_test.sh looks for at the disk's end. */
static void fill(uint32_t size)
{
	static const char text[] = "efilite reset flush ";

	for (uint32_t i = 0; i < size; i++)
		block[i] = (uint8_t)text[i % (sizeof(text) - 1)];
}

/* The last block of each writable whole disk; how many were written. */
static unsigned write_disks(void)
{
	static const efi_guid_t block_io_guid = EFI_BLOCK_IO_PROTOCOL_GUID;
	efi_handle_t *handles;
	uint64_t count;
	unsigned written = 0;

	if (env.bs->locate_handle_buffer(EFI_BY_PROTOCOL, &block_io_guid, NULL, &count,
					 &handles) != EFI_SUCCESS)
		return 0;
	for (uint64_t i = 0; i < count; i++) {
		struct efi_block_io_protocol *bio;
		struct efi_block_io_media *m;

		if (env.bs->handle_protocol(handles[i], &block_io_guid, (void **)&bio) != EFI_SUCCESS)
			continue;
		m = bio->media;
		if (m->logical_partition || m->read_only || m->block_size > MAX_BLOCK)
			continue;
		fill(m->block_size);
		if (bio->write_blocks(bio, m->media_id, m->last_block, m->block_size, block) ==
		    EFI_SUCCESS)
			written++;
	}
	env.bs->free_pool(handles);
	return written;
}

static void exit_boot_services(void)
{
	struct memmap map;
	efi_status_t status = EFI_NOT_READY;

	if (memmap_get(&map) != EFI_SUCCESS)
		return;
	for (int i = 0; status != EFI_SUCCESS && i < EXIT_ATTEMPTS; i++)
		if (i == 0 || memmap_refresh(&map) == EFI_SUCCESS)
			status = env.bs->exit_boot_services(env.image, map.key);
	t_use_uart();
	t_puts(status == EFI_SUCCESS ? "EXITED\n" : "ExitBootServices failed\n");
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	t_init(image, st);
	t_puts("WROTE ");
	t_put_dec(write_disks());
	t_puts("\n");
	if (load_option("notify")) {
		efi_event_t event;

		if (env.bs->create_event(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK,
					 reset_from_notify, NULL, &event) != EFI_SUCCESS)
			t_puts("CreateEvent failed\n");
		exit_boot_services();
	} else if (load_option("exit")) {
		exit_boot_services();
	}
	env.rt->reset_system(EFI_RESET_SHUTDOWN, EFI_SUCCESS, 0, NULL);
	t_puts("ResetSystem returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
