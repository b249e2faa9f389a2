/* The log formatter against the printf semantics it claims (format.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "firmware/platform/format.h"

struct buffer {
	char text[256];
	size_t len;
};

static void buffer_sink(void *ctx, const char *s, size_t n)
{
	struct buffer *b = ctx;

	if (n > sizeof(b->text) - 1 - b->len)
		n = sizeof(b->text) - 1 - b->len;
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
}

static int failures;

static void expect(const char *want, const char *fmt, ...)
{
	struct buffer b = { .len = 0 };
	va_list ap;

	b.text[0] = '\0';
	va_start(ap, fmt);
	format(buffer_sink, &b, fmt, ap);
	va_end(ap);
	if (strcmp(b.text, want)) {
		printf("FAIL: format(\"%s\") = \"%s\", want \"%s\"\n", fmt, b.text, want);
		failures++;
	}
}

/* format_string(): the whole text where it fits, cut short (and ended) where not. */
static void expect_string(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	format_string(buf, sizeof(buf), "nvme@0x%x", 0x18u);
	if (strcmp(buf, "nvme@0x")) {
		printf("FAIL: format_string(8 bytes) = \"%s\", want \"nvme@0x\"\n", buf);
		failures++;
	}
	format_string(buf, sizeof(buf), "%s%u", "ab", 12u);
	if (strcmp(buf, "ab12")) {
		printf("FAIL: format_string() = \"%s\", want \"ab12\"\n", buf);
		failures++;
	}
	format_string(buf, 1, "%s", "ab");
	if (buf[0] != '\0') {
		printf("FAIL: format_string(1 byte) = \"%s\", want \"\"\n", buf);
		failures++;
	}
}

/* format_append(): each piece after the last, the whole cut short where it no longer fits. */
static void expect_append(void)
{
	char buf[8];
	struct format_text t = { buf, 0, sizeof(buf) };

	format_append(&t, "%s", "MBR");
	format_append(&t, " %u", 12u);
	format_append(&t, ", %u", 345u);
	if (strcmp(buf, "MBR 12,") || t.len != 7) {
		printf("FAIL: format_append() = \"%s\" (%zu), want \"MBR 12,\" (7)\n", buf, t.len);
		failures++;
	}
}

int main(void)
{
	expect("plain text", "plain text");
	expect("-42", "%d", -42);
	expect("17", "%i", 17);
	expect("-0042", "%05d", -42);
	expect("  -42", "%5d", -42);
	expect("4294967295", "%u", UINT_MAX);
	expect("beef", "%x", 0xbeefu);
	expect("BEEF", "%X", 0xbeefu);
	expect("0000000000001234", "%016llx", 0x1234ull);
	expect("ffffffffffffffff", "%llx", ULLONG_MAX);
	expect("-9223372036854775808", "%lld", LLONG_MIN);
	expect("18446744073709551615", "%lu", ULONG_MAX);
	expect("123", "%zu", (size_t)123);
	expect("abc", "%s", "abc");
	expect("   ab", "%5s", "ab");
	expect("(null)", "%s", (const char *)NULL);
	expect("x", "%c", 'x');
	expect("0x1000", "%p", (void *)0x1000);
	expect("100%", "100%%");
	expect("%q", "%q");
	expect("50%", "50%");
	expect("a=1 b=two c=3", "a=%d b=%s c=%x", 1, "two", 3u);
	expect_string();
	expect_append();
	if (failures)
		return 1;
	printf("format_test: all passed\n");
	return 0;
}
