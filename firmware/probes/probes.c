#include "firmware/probes/probes.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "firmware/fwcfg_files.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"

/* probes_bti.S: `bti c` then a plain instruction at +4. */
void probe_bti_target(void);

extern uintptr_t __stack_chk_guard;

/* Values the compiler cannot see through. */
static volatile size_t probe_overflow_len = 32;
static volatile int probe_int_max = INT_MAX;

/* A forged function pointer: past the landing pad, into the function's body. */
static void forged_indirect_call(void)
{
	void (*volatile target)(void) = (void (*)(void))((uintptr_t)probe_bti_target + 4);

	target();
}

/*
 * Overwrites this function's own saved return address in its frame record
 * ([x29 + 8], signed by PACIASP), as a stack overflow would; AUTIASP must
 * refuse it on the way out.
 */
__attribute__((noinline)) static void corrupt_signed_return(void)
{
	uintptr_t *frame = __builtin_frame_address(0);

	frame[1] ^= 4; /* without PAC this returns 4 bytes late */
	__asm__ volatile("" : : : "memory");
	log_debug("probe pac: saved return address changed");
}

/* A real overflow of a local array: the canary after it is overwritten. */
__attribute__((noinline)) static void overflow_local_array(void)
{
	volatile char buf[16];

	for (size_t i = 0; i < probe_overflow_len; i++)
		buf[i] = 'A';
}

/* A local nobody initialises: -ftrivial-auto-var-init=pattern fills it with 0xAA. */
__attribute__((noinline)) static uint64_t uninitialised_local(void)
{
	uint64_t value;

	__asm__ volatile("" : "+r"(value)); /* read as it is, without UB in C */
	return value;
}

__attribute__((noinline)) static int signed_overflow(void)
{
	return probe_int_max + 1;
}

void probes_run(void)
{
	struct fwcfg_file file;
	char name[16];
	uint32_t n;

	if (!fwcfg_files_find(PROBE_FILE, &file))
		return;
	n = file.size < sizeof(name) - 1 ? file.size : sizeof(name) - 1;
	if (fwcfg_read(file.select, 0, name, n))
		fatal("%s: cannot read", PROBE_FILE);
	name[n] = '\0';
	log_info("probe %s", name);
	if (!strcmp(name, "bti"))
		forged_indirect_call();
	else if (!strcmp(name, "pac"))
		corrupt_signed_return();
	else if (!strcmp(name, "stack"))
		overflow_local_array();
	else if (!strcmp(name, "ubsan"))
		log_info("probe ubsan: %d", signed_overflow());
	else if (!strcmp(name, "canary"))
		log_info("probe canary: 0x%016llx", (unsigned long long)__stack_chk_guard);
	else if (!strcmp(name, "pattern"))
		log_info("probe pattern: 0x%016llx", (unsigned long long)uninitialised_local());
	else
		fatal("%s: unknown probe \"%s\"", PROBE_FILE, name);
	if (strcmp(name, "canary") && strcmp(name, "pattern"))
		fatal("probe %s: not caught", name);
}
