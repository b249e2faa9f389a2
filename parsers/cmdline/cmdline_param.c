/*
 * Finds a parameter on a kernel command line, splitting it into words the
 * way the Linux EFI stub does before it acts on options such as nokaslr.
 *
 * | input (rule)                                              | effect                       |
 * |-----------------------------------------------------------|------------------------------|
 * | first NUL byte, or the end of buf                         | ends the command line        |
 * | space, \t, \n, \v, \f, \r, 0xA0 (the kernel's isspace)    | separates words, unquoted    |
 * | "                                                         | toggles quoting              |
 * | a word's name                                             | its bytes up to the first =  |
 * |                                                           | (or all of them), less a     |
 * |                                                           | leading " and, with no =,    |
 * |                                                           | the " that closes the word   |
 * | a word named -- with no =                                 | ends the parameters: the     |
 * |                                                           | rest belongs to init         |
 */
#include <stdbool.h>
#include <string.h>

#include "parsers/cmdline/cmdline.h"

static bool is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/*
 * The name of the word p[0..n): up to its first '=', without a leading quote
 * (nor, in a word without '=', the quote that closes it).
 */
static void word_name(const uint8_t *p, size_t n, const uint8_t **name, size_t *name_len,
		      bool *has_value)
{
	bool quoted = n && p[0] == '"';
	const uint8_t *eq;

	if (quoted) {
		p++;
		n--;
	}
	eq = n ? memchr(p, '=', n) : NULL;
	*has_value = eq != NULL;
	if (eq)
		n = (size_t)(eq - p);
	else if (quoted && n && p[n - 1] == '"')
		n--;
	*name = p;
	*name_len = n;
}

bool cmdline_has_param(const void *buf, size_t len, const char *name)
{
	const uint8_t *p = buf, *nul = len ? memchr(buf, 0, len) : NULL;
	size_t i = 0, want_len = strlen(name);

	if (nul)
		len = (size_t)(nul - p);
	while (i < len) {
		const uint8_t *word_start;
		size_t start, word_len;
		bool quoted = false, has_value;

		while (i < len && is_space(p[i]))
			i++;
		start = i;
		for (; i < len && (quoted || !is_space(p[i])); i++)
			if (p[i] == '"')
				quoted = !quoted;
		if (i == start)
			break;
		word_name(p + start, i - start, &word_start, &word_len, &has_value);
		if (!has_value && word_len == 2 && memcmp(word_start, "--", 2) == 0)
			return false;
		if (word_len == want_len && memcmp(word_start, name, want_len) == 0)
			return true;
	}
	return false;
}
