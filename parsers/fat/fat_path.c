/*
 * Names and paths.
 *
 * Invariants (rule -> status).
 *
 * | rule                                                              | status                  |
 * |-------------------------------------------------------------------|-------------------------|
 * | a name is 1 to FAT_MAX_NAME units                                 | FAT_ERR_NAME_LENGTH     |
 * | a looked-up name exists (long or 8.3 name, case-insensitive)      | FAT_ERR_NOT_FOUND       |
 * | ... and its entry is sound (fat_dir.c's entry rules)              | that rule's status      |
 * | every component but the last is a directory                       | FAT_ERR_NOT_DIRECTORY   |
 * | ".." is never taken from the root (edk2 refuses it too)           | FAT_ERR_PATH_ABOVE_ROOT |
 * | at most FAT_MAX_PATH_DEPTH components ("." and ".." count too)   | FAT_ERR_PATH_TOO_DEEP   |
 *
 * ".." resolves through the directory's own ".." entry (cluster 0: the
 * root); the entry handed back is that ".." entry, renamed "..", or the root.
 */
#include <string.h>

#include "parsers/fat/fat_internal.h"

static uint16_t fold(uint16_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7))
		return c - 32;
	return c;
}

bool fat_name_equal(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len)
{
	if (a_len != b_len)
		return false;
	for (size_t i = 0; i < a_len; i++) {
		if (fold(a[i]) != fold(b[i]))
			return false;
	}
	return true;
}

static size_t name_len(const uint16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int find(struct fat_volume *vol, const struct fat_dirent *dir, const uint16_t *name,
		size_t len, struct fat_dirent *out)
{
	struct fat_dir d;
	bool end;
	int entry_status;
	int rc = fat_dir_open(vol, dir, &d);

	while (rc == FAT_OK) {
		rc = fat_dir_next_any(&d, out, &end, &entry_status);
		if (rc)
			return rc;
		if (end)
			return FAT_ERR_NOT_FOUND;
		/* a damaged entry is not listed, but asked for by name it says what is wrong */
		if (fat_name_equal(name, len, out->name, name_len(out->name)) ||
		    fat_name_equal(name, len, out->short_name, name_len(out->short_name)))
			return entry_status;
	}
	return rc;
}

int fat_lookup(struct fat_volume *vol, const struct fat_dirent *dir, const uint16_t *name,
	       size_t len, struct fat_dirent *out)
{
	if (!vol || !vol->disk || !dir || !name || !out)
		return FAT_ERR_ARGUMENT;
	if (len == 0 || len > FAT_MAX_NAME)
		return FAT_ERR_NAME_LENGTH;
	if (!(dir->attr & FAT_ATTR_DIRECTORY))
		return FAT_ERR_NOT_DIRECTORY;
	bool dot = len == 1 && fat_is_dot_name(name, len);
	bool dotdot = len == 2 && fat_is_dot_name(name, len);
	if (dot) {
		*out = *dir;
		return FAT_OK;
	}
	if (dotdot && fat_is_root(vol, dir))
		return FAT_ERR_PATH_ABOVE_ROOT;
	int rc = find(vol, dir, name, len, out);
	if (rc == FAT_OK && dotdot && fat_is_root(vol, out))
		fat_root(vol, out);
	return rc;
}

int fat_open_path(struct fat_volume *vol, const struct fat_dirent *start, const uint16_t *path,
		  size_t path_len, struct fat_dirent *out)
{
	if (!vol || !vol->disk || !path || !out)
		return FAT_ERR_ARGUMENT;
	size_t i = 0;
	unsigned depth = 0;
	if (!start || (path_len > 0 && path[0] == '\\'))
		fat_root(vol, out);
	else
		*out = *start;
	while (i < path_len && path[i] != 0) {
		size_t begin = i;
		while (i < path_len && path[i] != 0 && path[i] != '\\')
			i++;
		size_t len = i - begin;
		if (i < path_len && path[i] == '\\')
			i++;
		if (len == 0)
			continue;
		if (++depth > FAT_MAX_PATH_DEPTH)
			return FAT_ERR_PATH_TOO_DEEP;
		if (len == 1 && fat_is_dot_name(path + begin, len))
			continue;
		struct fat_dirent next;
		int rc = fat_lookup(vol, out, path + begin, len, &next);
		if (rc)
			return rc;
		*out = next;
	}
	return FAT_OK;
}
