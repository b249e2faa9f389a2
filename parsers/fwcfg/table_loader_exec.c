/*
 * etc/table-loader execution: tl_check() first, then each command in order
 * through the caller's ops (layout in table_loader_cmd.h).
 *
 * Rule, per command, once contents and addresses are known     -> status
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
#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/table_loader_cmd.h"

static bool fits_in(uint64_t value, uint8_t size)
{
	return size == 8 || value >> (8u * size) == 0;
}

/* Every name reaching here was found by tl_check(). */
static struct tl_blob *blob_named(struct tl_plan *plan, const uint8_t *cmd, unsigned off)
{
	return &plan->blobs[tl_find_blob(plan, tl_name(cmd, off))];
}

static uint16_t dest_select(const uint8_t *cmd, const void *dir, size_t dir_len)
{
	struct fwcfg_file dest;

	fwcfg_dir_find(dir, dir_len, tl_name(cmd, CMD_FILE), &dest);
	return dest.select;
}

static int run_allocate(const uint8_t *cmd, const struct tl_ops *ops, struct tl_plan *plan)
{
	struct tl_blob *blob = blob_named(plan, cmd, CMD_FILE);
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
	struct tl_blob *dest = blob_named(plan, cmd, CMD_FILE);
	const struct tl_blob *src = blob_named(plan, cmd, CMD_SRC);
	uint8_t *field = dest->data + tl_field32(cmd, POINTER_OFFSET);
	uint8_t size = cmd[POINTER_SIZE];
	uint64_t value = bytes_load_le(field, size);

	if (value >= src->size)
		return TL_ERR_POINTER_VALUE;
	value += src->addr; /* no wrap: src->addr + src->size - 1 was checked */
	if (!fits_in(value, size))
		return TL_ERR_POINTER_TRUNCATED;
	bytes_store_le(field, value, size);
	return TL_OK;
}

static void run_add_checksum(const uint8_t *cmd, struct tl_plan *plan)
{
	struct tl_blob *blob = blob_named(plan, cmd, CMD_FILE);
	const uint8_t *p = blob->data + tl_field32(cmd, CHECKSUM_START);
	uint32_t length = tl_field32(cmd, CHECKSUM_LENGTH);
	uint8_t sum = 0;

	while (length-- > 0)
		sum += *p++;
	blob->data[tl_field32(cmd, CHECKSUM_RESULT)] -= sum;
}

static int run_write_pointer(const uint8_t *cmd, const void *dir, size_t dir_len,
			     const struct tl_ops *ops, struct tl_plan *plan)
{
	const struct tl_blob *src = blob_named(plan, cmd, CMD_SRC);
	uint64_t value = src->addr + tl_field32(cmd, WRITE_SRC_OFFSET);
	uint8_t size = cmd[WRITE_SIZE];
	uint8_t bytes[8];

	if (!fits_in(value, size))
		return TL_ERR_POINTER_TRUNCATED;
	bytes_store_le(bytes, value, size);
	if (ops->write_pointer(ops->ctx, dest_select(cmd, dir, dir_len),
			       tl_field32(cmd, WRITE_DST_OFFSET), bytes, size) != 0)
		return TL_ERR_WRITE_FAILED;
	return TL_OK;
}

static int run_command(const uint8_t *cmd, const void *dir, size_t dir_len,
		       const struct tl_ops *ops, struct tl_plan *plan)
{
	switch (tl_field32(cmd, CMD_KIND)) {
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

	for (size_t i = 0; i < count; i++) {
		const uint8_t *cmd = cmds + i * TL_COMMAND_SIZE;

		if (tl_field32(cmd, CMD_KIND) == TL_CMD_WRITE_POINTER)
			ops->write_pointer(ops->ctx, dest_select(cmd, dir, dir_len),
					   tl_field32(cmd, WRITE_DST_OFFSET), zero, cmd[WRITE_SIZE]);
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
