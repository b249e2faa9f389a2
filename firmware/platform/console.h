/* PL011 UART console: the firmware log and EFI SimpleTextInput/Output. */
#ifndef EFILITE_PLATFORM_CONSOLE_H
#define EFILITE_PLATFORM_CONSOLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * base: a mapped PL011, Device-nGnRE. The boot code uses BOOT_PL011_BASE (the
 * preliminary tables map it) until the DT's /chosen stdout-path is mapped.
 */
void console_init(uint64_t base);
/* Whether the mapped region [base, base + size) holds a PL011 that answers. */
bool console_answers(uint64_t base, uint64_t size);
/* The registers used: 32-bit, up to and including UARTFR at 0x18. */
#define PL011_REG_ALIGN 4
#define PL011_REG_END 0x1c
/* Polled; "\n" is sent as "\r\n"; dropped before console_init(). */
void console_write(const char *s, size_t n);
int console_getc(void);                      /* next received byte, or -1 if none */
uint64_t console_base(void);                 /* 0 before console_init() */
#endif
