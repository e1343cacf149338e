#include "text.h"

#include <string.h>

size_t text_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if (c == 0xE0 && s[1] < 0xA0)
		return 0;
	if (c == 0xED && s[1] > 0x9F)
		return 0;
	if (c == 0xF0 && s[1] < 0x90)
		return 0;
	if (c == 0xF4 && s[1] > 0x8F)
		return 0;
	return len;
}

int text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

unsigned text_utf8_decode(const unsigned char *s, size_t len)
{
	switch (len) {
	case 1:
		return s[0];
	case 2:
		return (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
	case 3:
		return (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 |
		       (s[2] & 0x3Fu);
	default:
		return (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 |
		       (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
	}
}

/* Calls emit for each safe piece of s; controls become a single space. */
static int sanitize(const char *s, int (*emit)(void *, const char *, size_t),
		    void *arg)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	int space = 1; /* drops leading spaces too */
	unsigned cp;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0) {
			i++;
			continue;
		}
		cp = text_utf8_decode(p + i, len);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			if (!space && emit(arg, " ", 1) != 0)
				return -1;
			space = 1;
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			/* C0, DEL and C1 controls: dropped. */
		} else {
			if (emit(arg, (const char *)p + i, len) != 0)
				return -1;
			space = 0;
		}
		i += len;
	}
	return 0;
}

static int emit_strbuf(void *arg, const char *s, size_t len)
{
	return strbuf_add(arg, s, len);
}

int text_sanitize(struct strbuf *sb, const char *s)
{
	size_t start = sb->len;

	if (sanitize(s, emit_strbuf, sb) != 0)
		return -1;
	/* No trailing space from a trailing line break. */
	if (sb->len > start && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	return 0;
}

struct fixed {
	char *out;
	size_t len, size;
};

static int emit_fixed(void *arg, const char *s, size_t len)
{
	struct fixed *f = arg;

	if (f->len + len + 1 > f->size)
		return -1; /* stop at a character boundary */
	memcpy(f->out + f->len, s, len);
	f->len += len;
	return 0;
}

void text_sanitize_into(char *out, size_t outsz, const char *s)
{
	struct fixed f = {out, 0, outsz};

	if (outsz == 0)
		return;
	sanitize(s, emit_fixed, &f);
	while (f.len > 0 && out[f.len - 1] == ' ')
		f.len--;
	out[f.len] = '\0';
}

/* East Asian Wide and Fullwidth ranges (the common blocks), which take two
 * columns on a receipt printer and on a terminal. */
static int is_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) ||
	       (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0x33FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t text_columns(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len, cols = 0;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0) {
			i++;
			continue;
		}
		cols += is_wide(text_utf8_decode(p + i, len)) ? 2 : 1;
		i += len;
	}
	return cols;
}

int text_char_columns(unsigned cp)
{
	return is_wide(cp) ? 2 : 1;
}

size_t text_utf8_encode(unsigned cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		out[0] = '\0';
		return 0;
	}
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (unsigned char)(0xF0 | cp >> 18);
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	out[n] = '\0';
	return n;
}
