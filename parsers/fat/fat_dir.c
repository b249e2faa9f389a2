/*
 * Directory cursors and entries.
 *
 * Invariants (rule -> status or action). A broken rule of the directory
 * itself ends the listing with its status. A broken rule of one entry costs
 * that entry alone: fat_dir_next() skips it (counted in fat_dir.skipped, the
 * first rule in fat_dir.skipped_status) and goes on with the next one, so
 * one damaged entry does not hide its siblings; a lookup of the damaged
 * entry's own name returns the rule it breaks (not FAT_ERR_NOT_FOUND).
 *
 * | rule                                                               | status / action               |
 * |--------------------------------------------------------------------|-------------------------------|
 * | a cursor is opened on a directory entry                            | FAT_ERR_NOT_DIRECTORY         |
 * | a directory's chain passes fat_chain_walk() (see fat_chain.c) and  | FAT_ERR_CHAIN_*, _DIR_TOO_LARGE|
 * | holds at most FAT_MAX_DIR_ENTRIES entries                          | (the listing ends)            |
 * | an entry's cluster is 0 or a data cluster                          | entry skipped,                |
 * |                                                                    | FAT_ERR_CLUSTER_RANGE         |
 * | a file with a non-zero size has a cluster                          | entry skipped,                |
 * |                                                                    | FAT_ERR_SIZE_WITHOUT_CLUSTER  |
 * | a directory other than "." and ".." has a cluster (0 is the root:  | entry skipped,                |
 * | it would make the tree loop)                                       | FAT_ERR_DIR_WITHOUT_CLUSTER   |
 * | long-name pieces carry ordinals N|0x40, N-1, ..., 1 (N <= 20)      | long name ignored (8.3 name   |
 * | right before their 8.3 entry                                       | used), FAT_ERR_LFN_ORDINAL    |
 * | every piece's checksum is the 8.3 name's                           | ... FAT_ERR_LFN_CHECKSUM      |
 * | a long name has no control character, no \ / : * ? " < > |, is   | ... FAT_ERR_LFN_CHARACTER     |
 * | not "." or "..", and ends at its first NUL                         | (in fat_dirent.lfn_status)    |
 *
 * A broken long name is not an error: like Windows and Linux, the entry is
 * then known by its 8.3 name (the specification calls such pieces orphans),
 * which checks the long name never covered. An entry whose cluster or size
 * is wrong has nothing usable left: its data cannot be found. A chain that
 * breaks a rule (a cycle, a free link) is an error of the file or directory
 * it belongs to, met when that is opened or read.
 * Entry 0x00 ends the directory, 0xE5 is deleted, a volume label is skipped;
 * the first name byte 0x05 stands for 0xE5. Bytes 0x80-0xFF of 8.3 names
 * are taken as Latin-1 (no code page table in the firmware).
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/fat/fat_internal.h"

#define DIR_NAME 0u
#define DIR_ATTR 11u
#define DIR_NT_CASE 12u
#define DIR_CRT_TENTHS 13u
#define DIR_CRT_TIME 14u
#define DIR_CRT_DATE 16u
#define DIR_ACC_DATE 18u
#define DIR_CLUS_HI 20u
#define DIR_WRT_TIME 22u
#define DIR_WRT_DATE 24u
#define DIR_CLUS_LO 26u
#define DIR_SIZE 28u
#define ATTR_LFN 0x0fu
#define LFN_LAST 0x40u
#define LFN_CHECKSUM 13u
#define NT_LOWER_BASE 0x08u
#define NT_LOWER_EXT 0x10u

void fat_root(const struct fat_volume *vol, struct fat_dirent *out)
{
	memset(out, 0, sizeof(*out));
	out->attr = FAT_ATTR_DIRECTORY;
	out->first_cluster = vol->type == FAT_TYPE_32 ? vol->root_cluster : 0;
}

bool fat_is_root(const struct fat_volume *vol, const struct fat_dirent *dir)
{
	return (dir->attr & FAT_ATTR_DIRECTORY) &&
	       (dir->first_cluster == 0 ||
		(vol->type == FAT_TYPE_32 && dir->first_cluster == vol->root_cluster));
}

int fat_dir_open(struct fat_volume *vol, const struct fat_dirent *dir, struct fat_dir *d)
{
	if (!vol || !vol->disk || !dir || !d)
		return FAT_ERR_ARGUMENT;
	memset(d, 0, sizeof(*d));
	if (!(dir->attr & FAT_ATTR_DIRECTORY))
		return FAT_ERR_NOT_DIRECTORY;
	d->vol = vol;
	if (fat_is_root(vol, dir) && vol->type != FAT_TYPE_32) {
		d->max_entries = vol->root_entries;
		return FAT_OK;
	}
	d->first_cluster = fat_is_root(vol, dir) ? vol->root_cluster : dir->first_cluster;
	d->cluster = d->first_cluster;
	uint32_t per_cluster = vol->cluster_size / FAT_DIRENT_SIZE, clusters;
	int rc = fat_chain_walk(vol, d->first_cluster, FAT_MAX_DIR_ENTRIES / per_cluster,
				&clusters);
	if (rc)
		return rc;
	d->max_entries = clusters * per_cluster;
	return FAT_OK;
}

void fat_dir_rewind(struct fat_dir *d)
{
	d->index = 0;
	d->cluster = d->first_cluster;
	d->end = false;
	d->skipped = 0;
	d->skipped_status = FAT_OK;
}

/*
 * Sector holding entry d->index and, for a chain directory, the cluster it
 * lies in (the next one when the index enters a new cluster). The cursor is
 * only moved once the sector has been read, so a failed read can be retried.
 */
static int entry_sector(const struct fat_dir *d, uint64_t *sector, uint32_t *in_sector,
			uint32_t *cluster)
{
	struct fat_volume *vol = d->vol;
	uint64_t off = (uint64_t)d->index * FAT_DIRENT_SIZE;

	*cluster = d->cluster;
	if (d->first_cluster == 0) {
		*sector = vol->root_sector + off / vol->sector_size;
		*in_sector = (uint32_t)(off % vol->sector_size);
		return FAT_OK;
	}
	uint32_t in_cluster = (uint32_t)(off % vol->cluster_size);
	if (in_cluster == 0 && d->index > 0) {
		enum fat_link link;
		int rc = fat_link(vol, d->cluster, &link, cluster);
		if (rc)
			return rc;
		if (link != FAT_LINK_NEXT) /* the chain changed since it was walked */
			return link == FAT_LINK_END ? FAT_ERR_CHAIN_SHORTER_THAN_SIZE
						    : fat_link_status(link);
	}
	*sector = fat_cluster_sector(vol, *cluster) + in_cluster / vol->sector_size;
	*in_sector = in_cluster % vol->sector_size;
	return FAT_OK;
}

int fat_dir_raw_next(struct fat_dir *d, const uint8_t **entry, bool *end)
{
	*end = d->end || d->index >= d->max_entries;
	if (*end)
		return FAT_OK;
	uint64_t sector;
	uint32_t in_sector, cluster;
	const uint8_t *p;
	int rc = entry_sector(d, &sector, &in_sector, &cluster);
	if (rc)
		return rc;
	rc = fat_sector(d->vol, sector, &p);
	if (rc)
		return rc;
	d->cluster = cluster;
	d->index++;
	*entry = p + in_sector;
	if ((*entry)[DIR_NAME] == 0x00)
		*end = d->end = true;
	return FAT_OK;
}

static uint8_t short_checksum(const uint8_t *name)
{
	uint8_t sum = 0;

	for (unsigned i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

/* "NAME.EXT" from the 11 raw bytes; lower-cased parts when the NT case bits say so. */
static void short_name(const uint8_t *e, uint16_t *out, bool apply_case)
{
	unsigned n = 0, base = 8, ext = 3;
	uint8_t nt = apply_case ? e[DIR_NT_CASE] : 0;

	while (base > 0 && e[base - 1] == ' ')
		base--;
	while (ext > 0 && e[8 + ext - 1] == ' ')
		ext--;
	for (unsigned i = 0; i < base; i++) {
		uint8_t c = (i == 0 && e[0] == 0x05) ? 0xe5 : e[i];
		out[n++] = (nt & NT_LOWER_BASE) && c >= 'A' && c <= 'Z' ? c + 32 : c;
	}
	if (ext)
		out[n++] = '.';
	for (unsigned i = 0; i < ext; i++) {
		uint8_t c = e[8 + i];
		out[n++] = (nt & NT_LOWER_EXT) && c >= 'A' && c <= 'Z' ? c + 32 : c;
	}
	out[n] = 0;
}

static bool lfn_char_ok(uint16_t c)
{
	return c >= 0x20 && c != 0x7f && !strchr("\\/:*?\"<>|", c < 0x80 ? (int)c : 'a');
}

/* Long-name assembly across the pieces before an 8.3 entry. */
struct lfn {
	unsigned expect;   /* next ordinal wanted; 0: none in progress */
	unsigned pieces;
	uint8_t checksum;
	int status;        /* FAT_OK while the pieces agree */
	uint16_t name[FAT_LFN_MAX_ENTRIES * FAT_LFN_CHARS + 1];
};

static void lfn_piece(struct lfn *l, const uint8_t *e)
{
	static const uint8_t offsets[FAT_LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
	unsigned ord = e[0] & 0x1f;

	if (e[0] & LFN_LAST) {
		memset(l, 0, sizeof(*l));
		l->pieces = ord;
		l->checksum = e[LFN_CHECKSUM];
		if (ord == 0 || ord > FAT_LFN_MAX_ENTRIES || (e[0] & 0xa0)) {
			l->status = FAT_ERR_LFN_ORDINAL;
			return;
		}
	} else if (l->expect == 0 || ord != l->expect || l->status) {
		l->status = l->status ? l->status : FAT_ERR_LFN_ORDINAL;
		l->expect = 1; /* poisoned until the next first piece */
		return;
	} else if (e[LFN_CHECKSUM] != l->checksum) {
		l->status = FAT_ERR_LFN_CHECKSUM;
	}
	for (unsigned i = 0; i < FAT_LFN_CHARS; i++)
		l->name[(ord - 1) * FAT_LFN_CHARS + i] = bytes_le16(e + offsets[i]);
	l->expect = ord - 1;
}

/* The long name for the 8.3 entry e, or the reason it cannot be used. */
static int lfn_finish(struct lfn *l, const uint8_t *e, uint16_t *out)
{
	if (l->status)
		return l->status;
	if (l->expect != 0)
		return FAT_ERR_LFN_ORDINAL;
	if (l->checksum != short_checksum(e))
		return FAT_ERR_LFN_CHECKSUM;
	unsigned total = l->pieces * FAT_LFN_CHARS, n = 0;
	while (n < total && l->name[n] != 0)
		n++;
	if (n == 0 || n > FAT_MAX_NAME || fat_is_dot_name(l->name, n))
		return FAT_ERR_LFN_CHARACTER;
	for (unsigned i = 0; i < n; i++) {
		if (!lfn_char_ok(l->name[i]))
			return FAT_ERR_LFN_CHARACTER;
	}
	memcpy(out, l->name, n * sizeof(*out));
	out[n] = 0;
	return FAT_OK;
}

static bool is_dot_entry(const uint8_t *e)
{
	return e[0] == '.' && (memcmp(e, ".          ", 11) == 0 || memcmp(e, "..         ", 11) == 0);
}

/* Fills out from the 8.3 entry e and checks its cluster and size. */
static int decode(const struct fat_volume *vol, const uint8_t *e, struct fat_dirent *out)
{
	out->attr = e[DIR_ATTR];
	out->first_cluster = bytes_le16(e + DIR_CLUS_LO);
	if (vol->type == FAT_TYPE_32)
		out->first_cluster |= (uint32_t)bytes_le16(e + DIR_CLUS_HI) << 16;
	out->size = (out->attr & FAT_ATTR_DIRECTORY) ? 0 : bytes_le32(e + DIR_SIZE);
	out->create_tenths = e[DIR_CRT_TENTHS];
	out->create_time = bytes_le16(e + DIR_CRT_TIME);
	out->create_date = bytes_le16(e + DIR_CRT_DATE);
	out->access_date = bytes_le16(e + DIR_ACC_DATE);
	out->write_time = bytes_le16(e + DIR_WRT_TIME);
	out->write_date = bytes_le16(e + DIR_WRT_DATE);
	short_name(e, out->short_name, false);
	if (out->first_cluster != 0 && !fat_cluster_ok(vol, out->first_cluster))
		return FAT_ERR_CLUSTER_RANGE;
	if (out->first_cluster == 0 && out->size != 0)
		return FAT_ERR_SIZE_WITHOUT_CLUSTER;
	if (out->first_cluster == 0 && (out->attr & FAT_ATTR_DIRECTORY) && !is_dot_entry(e))
		return FAT_ERR_DIR_WITHOUT_CLUSTER;
	return FAT_OK;
}

static void lfn_reset(struct lfn *l)
{
	l->expect = 0;
	l->pieces = 0;
	l->status = FAT_OK;
}

int fat_dir_next_any(struct fat_dir *d, struct fat_dirent *out, bool *end, int *entry_status)
{
	struct lfn lfn;

	if (!d || !d->vol || !out || !end || !entry_status)
		return FAT_ERR_ARGUMENT;
	lfn_reset(&lfn);
	for (;;) {
		const uint8_t *e;
		int rc = fat_dir_raw_next(d, &e, end);
		if (rc || *end)
			return rc;
		if (e[0] == 0xe5) {
			lfn_reset(&lfn);
			continue;
		}
		if ((e[DIR_ATTR] & 0x3f) == ATTR_LFN) {
			lfn_piece(&lfn, e);
			continue;
		}
		if (e[DIR_ATTR] & FAT_ATTR_VOLUME_ID) {
			lfn_reset(&lfn);
			continue;
		}
		memset(out, 0, sizeof(*out));
		*entry_status = decode(d->vol, e, out);
		bool had_lfn = lfn.expect != 0 || lfn.status != FAT_OK || lfn.pieces != 0;
		out->lfn_status = had_lfn ? lfn_finish(&lfn, e, out->name) : FAT_OK;
		if (!had_lfn || out->lfn_status != FAT_OK)
			short_name(e, out->name, true);
		return FAT_OK;
	}
}

int fat_dir_next(struct fat_dir *d, struct fat_dirent *out, bool *end)
{
	int entry_status;

	for (;;) {
		int rc = fat_dir_next_any(d, out, end, &entry_status);
		if (rc || *end || entry_status == FAT_OK)
			return rc;
		/* a damaged entry: skipped, the rest of the directory stays reachable */
		if (d->skipped_status == FAT_OK)
			d->skipped_status = entry_status;
		d->skipped++;
	}
}
