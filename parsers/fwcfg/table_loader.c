/*
 * etc/table-loader: check pass and execution.
 *
 * Command layout (offsets in the 128-byte command, little-endian):
 *   0   u32 command
 *   ALLOCATE      4 file[56]  60 u32 align  64 u8 zone
 *   ADD_POINTER   4 dest[56]  60 src[56]  116 u32 offset  120 u8 size
 *   ADD_CHECKSUM  4 file[56]  60 u32 result_offset  64 u32 start  68 u32 length
 *   WRITE_POINTER 4 dest[56]  60 src[56]  116 u32 dst_offset  120 u32 src_offset
 *                 124 u8 size
 *
 * Rules of the check pass (tl_check), in order                 -> status
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
 *   ADD_CHECKSUM: result_offset < file size                    -> TL_ERR_CHECKSUM_RESULT_OFFSET
 *   ADD_CHECKSUM: start + length <= file size                  -> TL_ERR_CHECKSUM_RANGE
 *   WRITE_POINTER: src allocated by an earlier command         -> TL_ERR_WRITE_SRC_UNALLOCATED
 *   WRITE_POINTER: size 1, 2, 4 or 8                           -> TL_ERR_WRITE_SIZE
 *   WRITE_POINTER: dest in the directory                       -> TL_ERR_FILE_NOT_FOUND
 *   WRITE_POINTER: dst_offset + size <= dest file size         -> TL_ERR_WRITE_OFFSET
 *   WRITE_POINTER: src_offset < src size                       -> TL_ERR_WRITE_SRC_OFFSET
 *   other command values: skipped                              -> (none)
 *
 * Rules only the execution can check (tl_execute), per command -> status
 *   ALLOCATE: ops->allocate returns memory                     -> TL_ERR_ALLOCATE_FAILED
 *   ALLOCATE: returned address aligned as asked                -> TL_ERR_ALLOCATE_MISALIGNED
 *   ALLOCATE: address + size - 1 does not wrap                 -> TL_ERR_ALLOCATE_WRAPS
 *   ALLOCATE: ops->fetch succeeds                              -> TL_ERR_FETCH_FAILED
 *   ADD_POINTER: value stored in dest < src size               -> TL_ERR_POINTER_VALUE
 *   ADD_POINTER / WRITE_POINTER: relocated value fits in size  -> TL_ERR_POINTER_TRUNCATED
 *   WRITE_POINTER: ops->write_pointer succeeds                 -> TL_ERR_WRITE_FAILED
 *   after the script: a blob holds a valid RSDP                -> TL_ERR_NO_RSDP
 *
 * ADD_CHECKSUM subtracts the byte sum of [start, start + length) from the
 * result byte, so a range that covers the result byte sums to zero whatever
 * the byte held before.
 */
#include "parsers/fwcfg/table_loader.h"

#include <string.h>

#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/fwcfg_dir.h"

#define NAME_A 4u   /* file / dest name */
#define NAME_B 60u  /* src name */

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static void store_le(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static const char *name_at(const uint8_t *cmd, unsigned off)
{
	return (const char *)cmd + off;
}

static bool name_terminated(const uint8_t *cmd, unsigned off)
{
	return memchr(cmd + off, '\0', FWCFG_FILE_NAME_SIZE) != NULL;
}

static bool valid_pointer_size(uint8_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static bool fits_in(uint64_t value, uint8_t size)
{
	return size == 8 || value >> (8u * size) == 0;
}

/* Index of the blob allocated under `name`, or -1. */
static int find_blob(const struct tl_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->num_blobs; i++)
		if (strcmp(plan->blobs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int check_allocate(const uint8_t *cmd, const void *dir, size_t dir_len,
			  struct tl_plan *plan)
{
	uint32_t align = load_le32(cmd + 60);
	uint8_t zone = cmd[64];
	struct fwcfg_file file;
	struct tl_blob *blob;

	if (!name_terminated(cmd, NAME_A))
		return TL_ERR_NAME_UNTERMINATED;
	if (fwcfg_dir_find(dir, dir_len, name_at(cmd, NAME_A), &file) != FWCFG_DIR_OK)
		return TL_ERR_FILE_NOT_FOUND;
	if (align == 0 || (align & (align - 1)) != 0)
		return TL_ERR_ALIGN_NOT_POWER_OF_TWO;
	if (align > TL_MAX_ALIGN)
		return TL_ERR_ALIGN_TOO_LARGE;
	if (zone != TL_ZONE_HIGH && zone != TL_ZONE_FSEG)
		return TL_ERR_ZONE;
	if (find_blob(plan, file.name) >= 0)
		return TL_ERR_DUPLICATE_ALLOCATE;
	if (file.size == 0)
		return TL_ERR_EMPTY_FILE;
	if (plan->num_blobs == TL_MAX_BLOBS)
		return TL_ERR_TOO_MANY_BLOBS;
	blob = &plan->blobs[plan->num_blobs++];
	*blob = (struct tl_blob){
		.name = name_at(cmd, NAME_A),
		.size = file.size,
		.select = file.select,
		.align = align,
		.zone = zone,
	};
	return TL_OK;
}

static int check_add_pointer(const uint8_t *cmd, const struct tl_plan *plan)
{
	uint32_t offset = load_le32(cmd + 116);
	uint8_t size = cmd[120];
	int dest, src;

	if (!name_terminated(cmd, NAME_A) || !name_terminated(cmd, NAME_B))
		return TL_ERR_NAME_UNTERMINATED;
	dest = find_blob(plan, name_at(cmd, NAME_A));
	if (dest < 0)
		return TL_ERR_POINTER_DEST_UNALLOCATED;
	src = find_blob(plan, name_at(cmd, NAME_B));
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
	uint32_t result = load_le32(cmd + 60);
	uint32_t start = load_le32(cmd + 64);
	uint32_t length = load_le32(cmd + 68);
	int blob;

	if (!name_terminated(cmd, NAME_A))
		return TL_ERR_NAME_UNTERMINATED;
	blob = find_blob(plan, name_at(cmd, NAME_A));
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
	uint32_t dst_offset = load_le32(cmd + 116);
	uint32_t src_offset = load_le32(cmd + 120);
	uint8_t size = cmd[124];
	struct fwcfg_file dest;
	int src;

	if (!name_terminated(cmd, NAME_A) || !name_terminated(cmd, NAME_B))
		return TL_ERR_NAME_UNTERMINATED;
	src = find_blob(plan, name_at(cmd, NAME_B));
	if (src < 0)
		return TL_ERR_WRITE_SRC_UNALLOCATED;
	if (!valid_pointer_size(size))
		return TL_ERR_WRITE_SIZE;
	if (fwcfg_dir_find(dir, dir_len, name_at(cmd, NAME_A), &dest) != FWCFG_DIR_OK)
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
	switch (load_le32(cmd)) {
	case TL_CMD_ALLOCATE:
		return check_allocate(cmd, dir, dir_len, plan);
	case TL_CMD_ADD_POINTER:
		return check_add_pointer(cmd, plan);
	case TL_CMD_ADD_CHECKSUM:
		return check_add_checksum(cmd, plan);
	case TL_CMD_WRITE_POINTER:
		return check_write_pointer(cmd, dir, dir_len, plan);
	default:
		return TL_OK; /* newer QEMU commands: skipped */
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

/* Execution: every index and range below was validated by tl_check(). */

static struct tl_blob *blob_named(struct tl_plan *plan, const uint8_t *cmd, unsigned off)
{
	return &plan->blobs[find_blob(plan, name_at(cmd, off))];
}

static int run_allocate(const uint8_t *cmd, const struct tl_ops *ops, struct tl_plan *plan)
{
	struct tl_blob *blob = blob_named(plan, cmd, NAME_A);
	uint64_t addr = 0;

	blob->data = ops->allocate(ops->ctx, blob->name, blob->size, blob->align, blob->zone,
				   &addr);
	if (!blob->data)
		return TL_ERR_ALLOCATE_FAILED;
	blob->addr = addr;
	if ((addr & (blob->align - 1)) != 0)
		return TL_ERR_ALLOCATE_MISALIGNED;
	if (addr > UINT64_MAX - (blob->size - 1))
		return TL_ERR_ALLOCATE_WRAPS;
	if (ops->fetch(ops->ctx, blob->select, blob->data, blob->size) != 0)
		return TL_ERR_FETCH_FAILED;
	return TL_OK;
}

static int run_add_pointer(const uint8_t *cmd, struct tl_plan *plan)
{
	struct tl_blob *dest = blob_named(plan, cmd, NAME_A);
	const struct tl_blob *src = blob_named(plan, cmd, NAME_B);
	uint8_t *field = dest->data + load_le32(cmd + 116);
	uint8_t size = cmd[120];
	uint64_t value = load_le(field, size);

	if (value >= src->size)
		return TL_ERR_POINTER_VALUE;
	value += src->addr; /* no wrap: src->addr + src->size - 1 was checked */
	if (!fits_in(value, size))
		return TL_ERR_POINTER_TRUNCATED;
	store_le(field, value, size);
	return TL_OK;
}

static void run_add_checksum(const uint8_t *cmd, struct tl_plan *plan)
{
	struct tl_blob *blob = blob_named(plan, cmd, NAME_A);
	const uint8_t *p = blob->data + load_le32(cmd + 64);
	uint32_t length = load_le32(cmd + 68);
	uint8_t sum = 0;

	while (length-- > 0)
		sum += *p++;
	blob->data[load_le32(cmd + 60)] -= sum;
}

static int run_write_pointer(const uint8_t *cmd, const void *dir, size_t dir_len,
			     const struct tl_ops *ops, struct tl_plan *plan)
{
	const struct tl_blob *src = blob_named(plan, cmd, NAME_B);
	uint64_t value = src->addr + load_le32(cmd + 120);
	uint8_t size = cmd[124];
	uint8_t bytes[8];
	struct fwcfg_file dest;

	if (!fits_in(value, size))
		return TL_ERR_POINTER_TRUNCATED;
	store_le(bytes, value, size);
	fwcfg_dir_find(dir, dir_len, name_at(cmd, NAME_A), &dest);
	if (ops->write_pointer(ops->ctx, dest.select, load_le32(cmd + 116), bytes, size) != 0)
		return TL_ERR_WRITE_FAILED;
	return TL_OK;
}

static int run_command(const uint8_t *cmd, const void *dir, size_t dir_len,
		       const struct tl_ops *ops, struct tl_plan *plan)
{
	switch (load_le32(cmd)) {
	case TL_CMD_ALLOCATE:
		return run_allocate(cmd, ops, plan);
	case TL_CMD_ADD_POINTER:
		return run_add_pointer(cmd, plan);
	case TL_CMD_ADD_CHECKSUM:
		run_add_checksum(cmd, plan);
		return TL_OK;
	case TL_CMD_WRITE_POINTER:
		return run_write_pointer(cmd, dir, dir_len, ops, plan);
	default:
		return TL_OK;
	}
}

/* Tells QEMU to forget the addresses written by the first `count` commands. */
static void undo_write_pointers(const uint8_t *cmds, size_t count, const void *dir,
				size_t dir_len, const struct tl_ops *ops)
{
	static const uint8_t zero[8];
	struct fwcfg_file dest;

	for (size_t i = 0; i < count; i++) {
		const uint8_t *cmd = cmds + i * TL_COMMAND_SIZE;

		if (load_le32(cmd) != TL_CMD_WRITE_POINTER)
			continue;
		fwcfg_dir_find(dir, dir_len, name_at(cmd, NAME_A), &dest);
		ops->write_pointer(ops->ctx, dest.select, load_le32(cmd + 116), zero, cmd[124]);
	}
}

static int find_rsdp(const struct tl_plan *plan, struct tl_rsdp *rsdp)
{
	for (size_t i = 0; i < plan->num_blobs; i++) {
		const struct tl_blob *blob = &plan->blobs[i];

		for (uint32_t off = 0; off < blob->size; off++) {
			struct acpi_rsdp info;

			if (blob->data[off] != 'R' ||
			    acpi_rsdp_check(blob->data + off, blob->size - off, &info) != ACPI_OK)
				continue;
			*rsdp = (struct tl_rsdp){ .blob = i, .offset = off, .addr = blob->addr + off };
			return TL_OK;
		}
	}
	return TL_ERR_NO_RSDP;
}

int tl_execute(const void *script, size_t len, const void *dir, size_t dir_len,
	       const struct tl_ops *ops, struct tl_plan *plan, struct tl_rsdp *rsdp)
{
	const uint8_t *cmds = script;
	size_t i;
	int status = tl_check(script, len, dir, dir_len, plan);

	if (status != TL_OK)
		return status;
	for (i = 0; status == TL_OK && i < plan->num_commands; i++)
		status = run_command(cmds + i * TL_COMMAND_SIZE, dir, dir_len, ops, plan);
	if (status == TL_OK)
		status = find_rsdp(plan, rsdp);
	if (status != TL_OK)
		undo_write_pointers(cmds, i, dir, dir_len, ops);
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

	if (status < 0 || status >= TL_ERR_COUNT_ || !msg[status])
		return "unknown table-loader status";
	return msg[status];
}
