#include "parsers/fwcfg/test_builders.h"

#include <string.h>

#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/table_loader.h"

int tb_failures;

static void put_be(uint8_t *p, uint32_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
}

void tb_put_le(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

uint64_t tb_get_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

size_t tb_dir(uint8_t *out, const struct tb_file *files, size_t n)
{
	put_be(out, (uint32_t)n, 4);
	for (size_t i = 0; i < n; i++) {
		uint8_t *e = out + FWCFG_DIR_HEADER_SIZE + i * FWCFG_DIR_ENTRY_SIZE;

		memset(e, 0, FWCFG_DIR_ENTRY_SIZE);
		put_be(e, files[i].size, 4);
		put_be(e + 4, files[i].select, 2);
		strncpy((char *)e + 8, files[i].name, FWCFG_FILE_NAME_SIZE);
	}
	return FWCFG_DIR_HEADER_SIZE + n * FWCFG_DIR_ENTRY_SIZE;
}

static void start_command(uint8_t *cmd, uint32_t command)
{
	memset(cmd, 0, TL_COMMAND_SIZE);
	tb_put_le(cmd, command, 4);
}

void tb_allocate(uint8_t *cmd, const char *file, uint32_t align, uint8_t zone)
{
	start_command(cmd, TL_CMD_ALLOCATE);
	strncpy((char *)cmd + 4, file, FWCFG_FILE_NAME_SIZE);
	tb_put_le(cmd + 60, align, 4);
	cmd[64] = zone;
}

void tb_add_pointer(uint8_t *cmd, const char *dest, const char *src, uint32_t offset,
		    uint8_t size)
{
	start_command(cmd, TL_CMD_ADD_POINTER);
	strncpy((char *)cmd + 4, dest, FWCFG_FILE_NAME_SIZE);
	strncpy((char *)cmd + 60, src, FWCFG_FILE_NAME_SIZE);
	tb_put_le(cmd + 116, offset, 4);
	cmd[120] = size;
}

void tb_add_checksum(uint8_t *cmd, const char *file, uint32_t result, uint32_t start,
		     uint32_t length)
{
	start_command(cmd, TL_CMD_ADD_CHECKSUM);
	strncpy((char *)cmd + 4, file, FWCFG_FILE_NAME_SIZE);
	tb_put_le(cmd + 60, result, 4);
	tb_put_le(cmd + 64, start, 4);
	tb_put_le(cmd + 68, length, 4);
}

void tb_write_pointer(uint8_t *cmd, const char *dest, const char *src, uint32_t dst_offset,
		      uint32_t src_offset, uint8_t size)
{
	start_command(cmd, TL_CMD_WRITE_POINTER);
	strncpy((char *)cmd + 4, dest, FWCFG_FILE_NAME_SIZE);
	strncpy((char *)cmd + 60, src, FWCFG_FILE_NAME_SIZE);
	tb_put_le(cmd + 116, dst_offset, 4);
	tb_put_le(cmd + 120, src_offset, 4);
	cmd[124] = size;
}
