/* System register access and barriers for the C drivers. */
#ifndef EFILITE_PLATFORM_SYSREG_H
#define EFILITE_PLATFORM_SYSREG_H
#include <stdint.h>

#define read_sysreg(reg)                                            \
	({                                                          \
		uint64_t value_;                                    \
		__asm__ volatile("mrs %0, " #reg : "=r"(value_));   \
		value_;                                             \
	})
#define write_sysreg(reg, value) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(value)) : "memory")

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(option) __asm__ volatile("dsb " #option : : : "memory")

static inline unsigned current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}
#endif
