/*
 * etc/table-loader check pass: validates the whole script against the fw_cfg
 * directory without touching memory (layout in table_loader_cmd.h).
 *
 * Rule, in order                                               -> status
 *   script length a multiple of 128                            -> TL_ERR_SCRIPT_LENGTH
 *   fw_cfg directory passes fwcfg_dir_check                    -> TL_ERR_DIRECTORY
 *   every name field used by a command has a NUL in 56 bytes   -> TL_ERR_NAME_UNTERMINATED
 *   ALLOCATE: file in the directory                            -> TL_ERR_FILE_NOT_FOUND
 *   ALLOCATE: align a power of two (not 0)                     -> TL_ERR_ALIGN_NOT_POWER_OF_TWO
 *   ALLOCATE: align <= 4096                                    -> TL_ERR_ALIGN_TOO_LARGE
 *   ALLOCATE: zone HIGH or FSEG                                -> TL_ERR_ZONE
 *   ALLOCATE: file not allocated before                        -> TL_ERR_DUPLICATE_ALLOCATE
 *   ALLOCATE: file size > 0                                    -> TL_ERR_EMPTY_FILE
 *   ALLOCATE: at most TL_MAX_BLOBS                             -> TL_ERR_TOO_MANY_BLOBS
 *   ADD_POINTER: dest allocated by an earlier command          -> TL_ERR_POINTER_DEST_UNALLOCATED
 *   ADD_POINTER: src allocated by an earlier command           -> TL_ERR_POINTER_SRC_UNALLOCATED
 *   ADD_POINTER: size 1, 2, 4 or 8                             -> TL_ERR_POINTER_SIZE
 *   ADD_POINTER: offset + size <= dest size                    -> TL_ERR_POINTER_OFFSET
 *   ADD_CHECKSUM: file allocated by an earlier command         -> TL_ERR_CHECKSUM_UNALLOCATED
 *   ADD_CHECKSUM: result < file size                           -> TL_ERR_CHECKSUM_RESULT_OFFSET
 *   ADD_CHECKSUM: start + length <= file size                  -> TL_ERR_CHECKSUM_RANGE
 *   WRITE_POINTER: src allocated by an earlier command         -> TL_ERR_WRITE_SRC_UNALLOCATED
 *   WRITE_POINTER: size 1, 2, 4 or 8                           -> TL_ERR_WRITE_SIZE
 *   WRITE_POINTER: dest in the directory                       -> TL_ERR_FILE_NOT_FOUND
 *   WRITE_POINTER: dst_offset + size <= dest file size         -> TL_ERR_WRITE_OFFSET
 *   WRITE_POINTER: src_offset < src size                       -> TL_ERR_WRITE_SRC_OFFSET
 *   other command values: skipped, as QEMU's firmwares do      -> (none)
 *
 * The rules needing blob contents or addresses are in table_loader_exec.c.
 */
#include "parsers/bytes/status_message.h"
#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/table_loader_cmd.h"

static bool valid_pointer_size(uint8_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static int check_allocate(const uint8_t *cmd, const void *dir, size_t dir_len,
			  struct tl_plan *plan)
{
	uint32_t align = tl_field32(cmd, ALLOC_ALIGN);
	uint8_t zone = cmd[ALLOC_ZONE];
	struct fwcfg_file file;

	if (!tl_name_terminated(cmd, CMD_FILE))
		return TL_ERR_NAME_UNTERMINATED;
	if (fwcfg_dir_find(dir, dir_len, tl_name(cmd, CMD_FILE), &file) != FWCFG_DIR_OK)
		return TL_ERR_FILE_NOT_FOUND;
	if (align == 0 || (align & (align - 1)) != 0)
		return TL_ERR_ALIGN_NOT_POWER_OF_TWO;
	if (align > TL_MAX_ALIGN)
		return TL_ERR_ALIGN_TOO_LARGE;
	if (zone != TL_ZONE_HIGH && zone != TL_ZONE_FSEG)
		return TL_ERR_ZONE;
	if (tl_find_blob(plan, file.name) >= 0)
		return TL_ERR_DUPLICATE_ALLOCATE;
	if (file.size == 0)
		return TL_ERR_EMPTY_FILE;
	if (plan->num_blobs == TL_MAX_BLOBS)
		return TL_ERR_TOO_MANY_BLOBS;
	plan->blobs[plan->num_blobs++] = (struct tl_blob){
		.name = tl_name(cmd, CMD_FILE),
		.size = file.size,
		.select = file.select,
		.align = align,
		.zone = zone,
	};
	return TL_OK;
}

static int check_add_pointer(const uint8_t *cmd, const struct tl_plan *plan)
{
	uint32_t offset = tl_field32(cmd, POINTER_OFFSET);
	uint8_t size = cmd[POINTER_SIZE];
	int dest, src;

	if (!tl_name_terminated(cmd, CMD_FILE) || !tl_name_terminated(cmd, CMD_SRC))
		return TL_ERR_NAME_UNTERMINATED;
	dest = tl_find_blob(plan, tl_name(cmd, CMD_FILE));
	if (dest < 0)
		return TL_ERR_POINTER_DEST_UNALLOCATED;
	src = tl_find_blob(plan, tl_name(cmd, CMD_SRC));
	if (src < 0)
		return TL_ERR_POINTER_SRC_UNALLOCATED;
	if (!valid_pointer_size(size))
		return TL_ERR_POINTER_SIZE;
	if (plan->blobs[dest].size < size || offset > plan->blobs[dest].size - size)
		return TL_ERR_POINTER_OFFSET;
	return TL_OK;
}

static int check_add_checksum(const uint8_t *cmd, const struct tl_plan *plan)
{
	uint32_t result = tl_field32(cmd, CHECKSUM_RESULT);
	uint32_t start = tl_field32(cmd, CHECKSUM_START);
	uint32_t length = tl_field32(cmd, CHECKSUM_LENGTH);
	int blob;

	if (!tl_name_terminated(cmd, CMD_FILE))
		return TL_ERR_NAME_UNTERMINATED;
	blob = tl_find_blob(plan, tl_name(cmd, CMD_FILE));
	if (blob < 0)
		return TL_ERR_CHECKSUM_UNALLOCATED;
	if (result >= plan->blobs[blob].size)
		return TL_ERR_CHECKSUM_RESULT_OFFSET;
	if (start > plan->blobs[blob].size || length > plan->blobs[blob].size - start)
		return TL_ERR_CHECKSUM_RANGE;
	return TL_OK;
}

static int check_write_pointer(const uint8_t *cmd, const void *dir, size_t dir_len,
			       struct tl_plan *plan)
{
	uint32_t dst_offset = tl_field32(cmd, WRITE_DST_OFFSET);
	uint32_t src_offset = tl_field32(cmd, WRITE_SRC_OFFSET);
	uint8_t size = cmd[WRITE_SIZE];
	struct fwcfg_file dest;
	int src;

	if (!tl_name_terminated(cmd, CMD_FILE) || !tl_name_terminated(cmd, CMD_SRC))
		return TL_ERR_NAME_UNTERMINATED;
	src = tl_find_blob(plan, tl_name(cmd, CMD_SRC));
	if (src < 0)
		return TL_ERR_WRITE_SRC_UNALLOCATED;
	if (!valid_pointer_size(size))
		return TL_ERR_WRITE_SIZE;
	if (fwcfg_dir_find(dir, dir_len, tl_name(cmd, CMD_FILE), &dest) != FWCFG_DIR_OK)
		return TL_ERR_FILE_NOT_FOUND;
	if (dest.size < size || dst_offset > dest.size - size)
		return TL_ERR_WRITE_OFFSET;
	if (src_offset >= plan->blobs[src].size)
		return TL_ERR_WRITE_SRC_OFFSET;
	plan->num_write_pointers++;
	return TL_OK;
}

static int check_command(const uint8_t *cmd, const void *dir, size_t dir_len,
			 struct tl_plan *plan)
{
	switch (tl_field32(cmd, CMD_KIND)) {
	case TL_CMD_ALLOCATE:
		return check_allocate(cmd, dir, dir_len, plan);
	case TL_CMD_ADD_POINTER:
		return check_add_pointer(cmd, plan);
	case TL_CMD_ADD_CHECKSUM:
		return check_add_checksum(cmd, plan);
	case TL_CMD_WRITE_POINTER:
		return check_write_pointer(cmd, dir, dir_len, plan);
	default:
		return TL_OK;
	}
}

int tl_check(const void *script, size_t len, const void *dir, size_t dir_len,
	     struct tl_plan *plan)
{
	const uint8_t *cmds = script;
	uint32_t dir_count;
	int status = TL_OK;

	*plan = (struct tl_plan){ .num_commands = len / TL_COMMAND_SIZE };
	if (len % TL_COMMAND_SIZE != 0)
		return TL_ERR_SCRIPT_LENGTH;
	if (fwcfg_dir_check(dir, dir_len, &dir_count) != FWCFG_DIR_OK)
		return TL_ERR_DIRECTORY;
	for (size_t i = 0; status == TL_OK && i < plan->num_commands; i++)
		status = check_command(cmds + i * TL_COMMAND_SIZE, dir, dir_len, plan);
	return status;
}

const char *tl_strerror(int status)
{
	static const char *const msg[TL_ERR_COUNT_] = {
		[TL_OK] = "ok",
		[TL_ERR_SCRIPT_LENGTH] = "script length not a multiple of 128",
		[TL_ERR_DIRECTORY] = "invalid fw_cfg file directory",
		[TL_ERR_NAME_UNTERMINATED] = "file name not NUL-terminated",
		[TL_ERR_FILE_NOT_FOUND] = "file not in the fw_cfg directory",
		[TL_ERR_ALIGN_NOT_POWER_OF_TWO] = "ALLOCATE alignment not a power of two",
		[TL_ERR_ALIGN_TOO_LARGE] = "ALLOCATE alignment larger than a page",
		[TL_ERR_ZONE] = "ALLOCATE zone neither HIGH nor FSEG",
		[TL_ERR_DUPLICATE_ALLOCATE] = "file allocated twice",
		[TL_ERR_EMPTY_FILE] = "ALLOCATE of an empty file",
		[TL_ERR_TOO_MANY_BLOBS] = "too many ALLOCATE commands",
		[TL_ERR_POINTER_DEST_UNALLOCATED] = "ADD_POINTER into an unallocated file",
		[TL_ERR_POINTER_SRC_UNALLOCATED] = "ADD_POINTER to an unallocated file",
		[TL_ERR_POINTER_SIZE] = "ADD_POINTER size not 1, 2, 4 or 8",
		[TL_ERR_POINTER_OFFSET] = "ADD_POINTER offset out of the dest file",
		[TL_ERR_CHECKSUM_UNALLOCATED] = "ADD_CHECKSUM of an unallocated file",
		[TL_ERR_CHECKSUM_RESULT_OFFSET] = "ADD_CHECKSUM result offset out of the file",
		[TL_ERR_CHECKSUM_RANGE] = "ADD_CHECKSUM range out of the file",
		[TL_ERR_WRITE_SRC_UNALLOCATED] = "WRITE_POINTER to an unallocated file",
		[TL_ERR_WRITE_SIZE] = "WRITE_POINTER size not 1, 2, 4 or 8",
		[TL_ERR_WRITE_OFFSET] = "WRITE_POINTER offset out of the fw_cfg file",
		[TL_ERR_WRITE_SRC_OFFSET] = "WRITE_POINTER src offset out of the src file",
		[TL_ERR_ALLOCATE_FAILED] = "blob allocation failed",
		[TL_ERR_ALLOCATE_MISALIGNED] = "blob allocated misaligned",
		[TL_ERR_ALLOCATE_WRAPS] = "blob address range wraps",
		[TL_ERR_FETCH_FAILED] = "reading a fw_cfg file failed",
		[TL_ERR_POINTER_VALUE] = "ADD_POINTER value beyond the src file",
		[TL_ERR_POINTER_TRUNCATED] = "relocated pointer does not fit its size",
		[TL_ERR_WRITE_FAILED] = "writing a pointer to fw_cfg failed",
		[TL_ERR_NO_RSDP] = "no valid RSDP in the loaded tables",
	};

	return bytes_status_message(msg, TL_ERR_COUNT_, status, "unknown table-loader status");
}
