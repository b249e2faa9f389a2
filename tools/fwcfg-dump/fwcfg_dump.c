/*
 * fwcfg-dump: a bare-metal capture tool for QEMU's arm64 virt machine. It
 * prints the fw_cfg file directory and every "etc/" file as hex over the
 * PL011, then powers off through PSCI. tools/corpus/fwcfg-capture.sh turns
 * the output into corpus seeds.
 *
 * Output: "BEGIN <name> <size>", lines of hex (32 bytes each), "END <name>".
 * The directory itself is named "fw_cfg_dir".
 */
#include <stdbool.h>
#include <stdint.h>

#define UART_BASE 0x09000000ul
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)
/* fw_cfg MMIO on virt: 8-bit data reads at +0, big-endian 16-bit selector at +8. */
#define FWCFG_BASE 0x09020000ul
#define FWCFG_DATA 0x0
#define FWCFG_SELECTOR 0x8
#define FW_CFG_FILE_DIR 0x19
#define MAX_FILES 256
#define NAME_SIZE 56
#define MAX_DUMP_SIZE (1u << 20)

#define PSCI_SYSTEM_OFF 0x84000008u

struct dir_entry {
	uint32_t size;
	uint16_t select;
	char name[NAME_SIZE];
};

static struct dir_entry files[MAX_FILES];

static void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static void put_char(char c)
{
	while (mmio_read32(UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(UART_BASE + UART_DR, (uint8_t)c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_hex_byte(uint8_t b)
{
	static const char digits[] = "0123456789abcdef";

	put_char(digits[b >> 4]);
	put_char(digits[b & 15]);
}

static void put_dec(uint32_t v)
{
	char buf[10];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n-- > 0)
		put_char(buf[n]);
}

static void fwcfg_select(uint16_t selector)
{
	*(volatile uint16_t *)(FWCFG_BASE + FWCFG_SELECTOR) =
		(uint16_t)(selector >> 8 | selector << 8);
}

static uint8_t fwcfg_byte(void)
{
	return *(volatile uint8_t *)(FWCFG_BASE + FWCFG_DATA);
}

static uint32_t fwcfg_be(unsigned size)
{
	uint32_t v = 0;

	while (size-- > 0)
		v = v << 8 | fwcfg_byte();
	return v;
}

/* Streams `size` bytes of the selected item as hex lines. */
static void dump_selected(const char *name, uint32_t size)
{
	put_str("BEGIN ");
	put_str(name);
	put_char(' ');
	put_dec(size);
	put_str("\r\n");
	for (uint32_t i = 0; i < size; i++) {
		put_hex_byte(fwcfg_byte());
		if (i % 32 == 31 || i + 1 == size)
			put_str("\r\n");
	}
	put_str("END ");
	put_str(name);
	put_str("\r\n");
}

/* Reads the directory into files[]; returns the advertised entry count. */
static uint32_t read_directory(void)
{
	uint32_t count;

	fwcfg_select(FW_CFG_FILE_DIR);
	count = fwcfg_be(4);
	for (uint32_t i = 0; i < count && i < MAX_FILES; i++) {
		files[i].size = fwcfg_be(4);
		files[i].select = (uint16_t)fwcfg_be(2);
		fwcfg_be(2);
		for (int j = 0; j < NAME_SIZE; j++)
			files[i].name[j] = (char)fwcfg_byte();
		files[i].name[NAME_SIZE - 1] = '\0';
	}
	return count;
}

static bool wanted(const struct dir_entry *f)
{
	return f->name[0] == 'e' && f->name[1] == 't' && f->name[2] == 'c' &&
	       f->name[3] == '/' && f->size <= MAX_DUMP_SIZE;
}

static void power_off(void)
{
	uint64_t el;
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	/* QEMU's PSCI conduit: SMC when the guest owns EL2, HVC otherwise. */
	if ((el >> 2) == 2)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}

void dump_main(void)
{
	uint32_t count = read_directory();

	fwcfg_select(FW_CFG_FILE_DIR);
	dump_selected("fw_cfg_dir", 4 + count * 64);
	for (uint32_t i = 0; i < count && i < MAX_FILES; i++) {
		if (!wanted(&files[i]))
			continue;
		fwcfg_select(files[i].select);
		dump_selected(files[i].name, files[i].size);
	}
	put_str("DONE\r\n");
	power_off();
}
