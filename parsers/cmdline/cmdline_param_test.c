/* cmdline_has_param(): each rule of cmdline_param.c's table. */
#include <string.h>

#include "parsers/cmdline/cmdline.h"
#include "tools/testing/check.h"

static bool has(const char *text, const char *name)
{
	return cmdline_has_param(text, strlen(text), name);
}

static void test_words(void)
{
	CHECK(has("nokaslr", "nokaslr"));
	CHECK(has("console=ttyAMA0 nokaslr panic=-1", "nokaslr"));
	CHECK(has("\tnokaslr\n", "nokaslr"));
	CHECK(has("a\vnokaslr\fb\rc", "nokaslr"));
	CHECK(has("a\xa0nokaslr", "nokaslr"));
	CHECK(!has("", "nokaslr"));
	CHECK(!has("   ", "nokaslr"));
	CHECK(!has("console=ttyAMA0", "nokaslr"));
	/* whole names only */
	CHECK(!has("nokaslrx", "nokaslr"));
	CHECK(!has("xnokaslr", "nokaslr"));
	CHECK(!has("nokasl", "nokaslr"));
	CHECK(!has("foo=nokaslr", "nokaslr"));
	CHECK(!has("kaslr.nokaslr", "nokaslr"));
}

static void test_values(void)
{
	CHECK(has("nokaslr=1", "nokaslr"));
	CHECK(has("nokaslr=", "nokaslr"));
	CHECK(has("console", "console"));
	CHECK(has("a console=ttyAMA0", "console"));
	CHECK(!has("consoles=ttyAMA0", "console"));
}

static void test_quotes(void)
{
	CHECK(has("\"nokaslr\"", "nokaslr"));
	CHECK(has("\"nokaslr=1\"", "nokaslr"));
	CHECK(has("\"nokaslr", "nokaslr"));
	/* quotes inside a name stay part of it */
	CHECK(!has("no\"kaslr\"", "nokaslr"));
	CHECK(has("dyndbg=\"file a.c +p\" nokaslr", "nokaslr"));
	/* inside quotes, white space does not split: one word, named "x" */
	CHECK(!has("x=\"a nokaslr b\"", "nokaslr"));
	CHECK(!has("\"a nokaslr\"", "nokaslr"));
	/* an unterminated quote runs to the end */
	CHECK(!has("\"a nokaslr", "nokaslr"));
}

static void test_end_of_parameters(void)
{
	CHECK(!has("console=ttyAMA0 -- nokaslr", "nokaslr"));
	CHECK(has("nokaslr -- init-arg", "nokaslr"));
	CHECK(!has("--", "nokaslr"));
	/* a word with another name, or a value: parameters go on */
	CHECK(has("--x nokaslr", "nokaslr"));
	CHECK(has("--=1 nokaslr", "nokaslr"));
	CHECK(!has("\"--\" nokaslr", "nokaslr"));
}

/* The command line ends at the first NUL or after len bytes, never reading past. */
static void test_end_of_input(void)
{
	static const char with_nul[] = "console=ttyAMA0\0nokaslr";
	static const char cut[] = "a nokaslr";

	CHECK(!cmdline_has_param(with_nul, sizeof(with_nul), "nokaslr"));
	CHECK(cmdline_has_param(with_nul, sizeof(with_nul), "console"));
	CHECK(!cmdline_has_param(cut, 8, "nokaslr"));
	CHECK(cmdline_has_param(cut, 9, "nokaslr"));
	CHECK(!cmdline_has_param(NULL, 0, "nokaslr"));
}

int main(void)
{
	test_words();
	test_values();
	test_quotes();
	test_end_of_parameters();
	test_end_of_input();
	return check_report("cmdline_param_test");
}
