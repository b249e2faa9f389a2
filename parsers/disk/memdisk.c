#include "parsers/disk/memdisk.h"

#include <string.h>

#include "parsers/bytes/bytes.h"

/* Copies the part of [src_off, src_off + src_len) that overlaps the read [off, off + n). */
static void copy_overlap(uint8_t *dst, uint64_t off, uint64_t n, const uint8_t *src,
			 uint64_t src_off, uint64_t src_len)
{
	uint64_t start = off > src_off ? off : src_off;
	uint64_t end_read = off + n, end_src = src_off + src_len;
	uint64_t end = end_read < end_src ? end_read : end_src;

	if (start < end)
		memcpy(dst + (start - off), src + (start - src_off), (size_t)(end - start));
}

static void read_sparse(const struct memdisk *d, uint64_t off, uint64_t n, uint8_t *dst)
{
	size_t pos = MEMDISK_HEADER_SIZE;

	while (d->len - pos >= MEMDISK_EXTENT_HEADER_SIZE) {
		uint64_t block = bytes_le32(d->data + pos);
		uint64_t count = bytes_le32(d->data + pos + 4);
		pos += MEMDISK_EXTENT_HEADER_SIZE;
		if (count > d->len - pos)
			count = d->len - pos;
		copy_overlap(dst, off, n, d->data + pos, block * d->ops.block_size, count);
		pos += (size_t)count;
	}
}

static int memdisk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct memdisk *d = ctx;
	uint64_t bs = d->ops.block_size;

	d->reads++;
	if (d->fail_from_read > 0 && d->reads >= (uint64_t)d->fail_from_read)
		return -1;
	if (lba > d->ops.num_blocks || count > d->ops.num_blocks - lba)
		return -1; /* the parsers must never ask for this */
	d->blocks_read += count;
	memset(buf, 0, (size_t)(count * bs));
	if (d->sparse)
		read_sparse(d, lba * bs, count * bs, buf);
	else
		copy_overlap(buf, lba * bs, count * bs, d->data, 0, d->len);
	return 0;
}

static void init(struct memdisk *d, const void *data, size_t len, uint32_t block_size,
		 uint64_t num_blocks, int sparse)
{
	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	d->sparse = sparse;
	d->ops.ctx = d;
	d->ops.block_size = block_size;
	d->ops.num_blocks = num_blocks;
	d->ops.read = memdisk_read;
}

void memdisk_init_flat(struct memdisk *d, const void *image, size_t len, uint32_t block_size,
		       uint64_t num_blocks)
{
	init(d, image, len, block_size, num_blocks, 0);
}

int memdisk_init_sparse(struct memdisk *d, const void *input, size_t len)
{
	const uint8_t *p = input;

	if (len < MEMDISK_HEADER_SIZE)
		return -1;
	uint32_t blocks = bytes_le32(p + 4);
	init(d, input, len, (p[0] & 1) ? 4096u : 512u, blocks ? blocks : 1, 1);
	return 0;
}
