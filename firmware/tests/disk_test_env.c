#include "firmware/tests/disk_test_env.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/platform/log.h"

#define RAM_PAGES 1024

struct memmap efi_memmap;
struct pool efi_pool;
struct protocol_db efi_db;
char all_log[8192];

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (strlen(all_log) + strlen(line) + 2 < sizeof(all_log)) {
		strcat(all_log, line);
		strcat(all_log, "\n");
	}
}

void disk_test_env_init(void)
{
	static efi_memory_descriptor_t descriptors[16];
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);

	memmap_init(&efi_memmap, descriptors, 16);
	if (memmap_add_ram(&efi_memmap, (uint64_t)(uintptr_t)ram, RAM_PAGES * EFI_PAGE_SIZE) !=
	    EFI_SUCCESS)
		abort();
	pool_init(&efi_pool, &efi_memmap, (struct pool_hooks){ 0 });
	db_init(&efi_db);
	efi_db_memory_init();
}
