/* SPDX-License-Identifier: MIT */
/*
 * Where the runtime services live. After SetVirtualAddressMap an OS maps only
 * EFI_MEMORY_RUNTIME regions, so the runtime services table and every function
 * it points to must lie in such regions, code in EfiRuntimeServicesCode.
 */
#include "qemu-tests/conformance/mem.h"
#include "qemu-tests/conformance/memmap.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static bool in_runtime_region(const struct memmap *map, uintptr_t addr, size_t len,
			      uint32_t type)
{
	const struct efi_memory_descriptor *d = memmap_find(map, addr);

	return d && d->type == type && (d->attribute & EFI_MEMORY_RUNTIME) &&
	       addr + len - d->physical_start <= d->number_of_pages * EFI_PAGE_SIZE;
}

/* Index of the first runtime service outside runtime code, or -1. */
static int first_misplaced_service(const struct memmap *map)
{
	/* The services follow the header as pointer-sized slots. */
	const uint8_t *slots = (const uint8_t *)env.rt + sizeof(struct efi_table_header);
	size_t count = (sizeof(struct efi_runtime_services) - sizeof(struct efi_table_header)) /
		       sizeof(uintptr_t);

	for (size_t i = 0; i < count; i++) {
		uintptr_t fn;

		memcpy(&fn, slots + i * sizeof(fn), sizeof(fn));
		if (fn && !in_runtime_region(map, fn, 4, EFI_RUNTIME_SERVICES_CODE))
			return (int)i;
	}
	return -1;
}

static void describe(const struct memmap *map, const char *what, uintptr_t addr)
{
	const struct efi_memory_descriptor *d = memmap_find(map, addr);

	t_puts("  ");
	t_puts(what);
	t_puts(" at ");
	t_put_hex(addr);
	if (!d) {
		t_puts(" is in no descriptor\n");
		return;
	}
	t_puts(": descriptor type ");
	t_put_dec(d->type);
	t_puts(", start ");
	t_put_hex(d->physical_start);
	t_puts(", pages ");
	t_put_dec(d->number_of_pages);
	t_puts(", attribute ");
	t_put_hex(d->attribute);
	t_puts("\n");
}

void test_runtime_layout(void)
{
	struct memmap map;
	bool in_data, in_code;
	int misplaced;

	if (!t_status("runtime_layout.memory_map", memmap_get(&map), EFI_SUCCESS))
		return;
	/*
	 * The spec only implies data belongs in EfiRuntimeServicesData; what an OS
	 * needs is that the table is mapped at runtime, so code regions pass too.
	 */
	in_data = in_runtime_region(&map, (uintptr_t)env.rt, sizeof(*env.rt),
				    EFI_RUNTIME_SERVICES_DATA);
	in_code = in_runtime_region(&map, (uintptr_t)env.rt, sizeof(*env.rt),
				    EFI_RUNTIME_SERVICES_CODE);
	if (!t_check("runtime_layout.table_in_runtime_memory", in_data || in_code,
		     "RT table not inside one runtime region with EFI_MEMORY_RUNTIME"))
		describe(&map, "runtime services table", (uintptr_t)env.rt);
	else if (in_code)
		t_puts("note: runtime services table is in EfiRuntimeServicesCode\n");
	misplaced = first_misplaced_service(&map);
	if (!t_check("runtime_layout.services_in_runtime_code", misplaced < 0,
		     "a service is outside EfiRuntimeServicesCode with EFI_MEMORY_RUNTIME")) {
		uintptr_t fn;

		memcpy(&fn, (const uint8_t *)env.rt + sizeof(struct efi_table_header) +
				    (size_t)misplaced * sizeof(fn),
		       sizeof(fn));
		describe(&map, "first misplaced service", fn);
	}
	memmap_free(&map);
}
