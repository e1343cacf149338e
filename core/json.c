#include "json.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

int json_add_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	int rc = strbuf_addc(sb, '"');

	while (rc == 0 && i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0) {
			rc = strbuf_adds(sb, "\\ufffd");
			i++;
			continue;
		}
		if (p[i] == '"' || p[i] == '\\')
			rc = strbuf_addf(sb, "\\%c", p[i]);
		else if (p[i] == '\n')
			rc = strbuf_adds(sb, "\\n");
		else if (p[i] < 0x20 || p[i] == 0x7F)
			rc = strbuf_addf(sb, "\\u%04x", p[i]);
		else
			rc = strbuf_add(sb, p + i, len);
		i += len;
	}
	return rc == 0 ? strbuf_addc(sb, '"') : -1;
}

static int add_key(struct strbuf *sb, const char *key)
{
	if (sb->len > 0 && sb->buf[sb->len - 1] != '{' &&
	    strbuf_addc(sb, ',') != 0)
		return -1;
	if (json_add_string(sb, key) != 0)
		return -1;
	return strbuf_addc(sb, ':');
}

int json_add_member(struct strbuf *sb, const char *key, const char *value)
{
	if (add_key(sb, key) != 0)
		return -1;
	return json_add_string(sb, value != NULL ? value : "");
}

int json_add_member_int(struct strbuf *sb, const char *key, long long value)
{
	if (add_key(sb, key) != 0)
		return -1;
	return strbuf_addf(sb, "%lld", value);
}
