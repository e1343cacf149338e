#include "url.h"

#include <string.h>

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

int url_add_encoded(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		int rc = unreserved(*p) ? strbuf_addc(sb, *p)
					: strbuf_addf(sb, "%%%02X", *p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int url_expand(struct strbuf *sb, const char *tmpl,
	       const char *(*lookup)(const char *name, void *arg), void *arg)
{
	const char *p = tmpl, *end;
	char name[64];
	size_t n;

	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '{') {
			if (strbuf_addc(sb, '{') != 0)
				return -1;
			p += 2;
			continue;
		}
		end = p[0] == '{' ? strchr(p, '}') : NULL;
		n = end != NULL ? (size_t)(end - p - 1) : 0;
		if (end == NULL || n >= sizeof name) {
			if (strbuf_addc(sb, *p++) != 0)
				return -1;
			continue;
		}
		memcpy(name, p + 1, n);
		name[n] = '\0';
		const char *v = lookup(name, arg);
		if (v != NULL && url_add_encoded(sb, v) != 0)
			return -1;
		p = end + 1;
	}
	return 0;
}
