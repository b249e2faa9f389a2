/* PL011 UART console: the firmware log and EFI SimpleTextInput/Output. */
#ifndef EFILITE_PLATFORM_CONSOLE_H
#define EFILITE_PLATFORM_CONSOLE_H
#include <stddef.h>
#include <stdint.h>

/* base: PL011 MMIO address from /chosen stdout-path (already mapped Device-nGnRE). */
void console_init(uint64_t base);
void console_write(const char *s, size_t n); /* "\n" is sent as "\r\n" */
int console_getc(void);                      /* next received byte, or -1 if none */
uint64_t console_base(void);                 /* 0 before console_init() */
#endif
