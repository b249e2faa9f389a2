#include "firmware/platform/format.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum length { LEN_INT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

struct spec {
	bool zero_pad;
	unsigned width;
	enum length length;
	char conv;
};

static void pad(format_sink sink, void *ctx, char c, size_t count)
{
	while (count--)
		sink(ctx, &c, 1);
}

static void emit_padded(format_sink sink, void *ctx, const struct spec *spec, const char *s,
			size_t n)
{
	if (spec->width > n)
		pad(sink, ctx, spec->zero_pad ? '0' : ' ', spec->width - n);
	sink(ctx, s, n);
}

/* Sign goes before zero padding: -0042, not 00-42. */
static void emit_number(format_sink sink, void *ctx, const struct spec *spec, uint64_t value,
			bool negative, unsigned base)
{
	const char *digits = spec->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[20];
	size_t n = 0;
	struct spec rest = *spec;

	do {
		buf[sizeof(buf) - ++n] = digits[value % base];
		value /= base;
	} while (value);
	if (negative) {
		if (spec->zero_pad) {
			sink(ctx, "-", 1);
			rest.width = spec->width ? spec->width - 1 : 0;
		} else {
			buf[sizeof(buf) - ++n] = '-';
		}
	}
	emit_padded(sink, ctx, &rest, buf + sizeof(buf) - n, n);
}

static uint64_t take_unsigned(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LONG_LONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static void emit_signed(format_sink sink, void *ctx, const struct spec *spec, va_list *ap)
{
	int64_t value = take_signed(spec, ap);
	/* Negating in unsigned arithmetic is defined for INT64_MIN too. */
	uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

	emit_number(sink, ctx, spec, magnitude, value < 0, 10);
}

static void emit_conversion(format_sink sink, void *ctx, const struct spec *spec, va_list *ap)
{
	const char *s;
	char c;

	switch (spec->conv) {
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		emit_padded(sink, ctx, spec, s, strlen(s));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(sink, ctx, spec, &c, 1);
		break;
	case 'd':
	case 'i':
		emit_signed(sink, ctx, spec, ap);
		break;
	case 'u':
		emit_number(sink, ctx, spec, take_unsigned(spec, ap), false, 10);
		break;
	case 'x':
	case 'X':
		emit_number(sink, ctx, spec, take_unsigned(spec, ap), false, 16);
		break;
	case 'p':
		sink(ctx, "0x", 2);
		emit_number(sink, ctx, spec, (uintptr_t)va_arg(*ap, void *), false, 16);
		break;
	default:
		sink(ctx, "%", 1);
		break;
	}
}

/* Parses flags, width and length after '%'; returns where the conversion char is. */
static const char *parse_spec(const char *p, struct spec *spec)
{
	*spec = (struct spec){ 0 };
	if (*p == '0') {
		spec->zero_pad = true;
		p++;
	}
	while (*p >= '0' && *p <= '9' && spec->width < 1000)
		spec->width = spec->width * 10 + (unsigned)(*p++ - '0');
	if (*p == 'z') {
		spec->length = LEN_SIZE;
		p++;
	} else if (p[0] == 'l' && p[1] == 'l') {
		spec->length = LEN_LONG_LONG;
		p += 2;
	} else if (*p == 'l') {
		spec->length = LEN_LONG;
		p++;
	}
	spec->conv = *p;
	return p;
}

static bool is_conversion(char c)
{
	return c && strchr("scdiuxXp%", c);
}

void format(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *percent = strchr(fmt, '%'), *conv;
		struct spec spec;

		if (!percent) {
			sink(ctx, fmt, strlen(fmt));
			break;
		}
		sink(ctx, fmt, (size_t)(percent - fmt));
		conv = parse_spec(percent + 1, &spec);
		if (!is_conversion(spec.conv)) {
			/* Not a conversion we know: print it as text. */
			sink(ctx, percent, (size_t)(conv - percent));
			fmt = conv;
			continue;
		}
		emit_conversion(sink, ctx, &spec, &args);
		fmt = conv + 1;
	}
	va_end(args);
}

static void text_sink(void *ctx, const char *s, size_t n)
{
	struct format_text *t = ctx;

	if (n > t->cap - 1 - t->len)
		n = t->cap - 1 - t->len;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void format_vappend(struct format_text *t, const char *fmt, va_list ap)
{
	format(text_sink, t, fmt, ap);
}

void format_append(struct format_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_vappend(t, fmt, ap);
	va_end(ap);
}

void format_string(char *buf, size_t cap, const char *fmt, ...)
{
	struct format_text t = { buf, 0, cap };
	va_list ap;

	buf[0] = '\0';
	va_start(ap, fmt);
	format_vappend(&t, fmt, ap);
	va_end(ap);
}
