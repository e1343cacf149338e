/* Just enough JSON writing for event details and --json output. */
#ifndef PACKDESK_JSON_H
#define PACKDESK_JSON_H

#include "strbuf.h"

/* Appends s as a JSON string literal (quoted, escaped; invalid UTF-8 bytes
 * become U+FFFD). */
int json_add_string(struct strbuf *sb, const char *s);
/* Appends "key":"value" with a leading comma unless sb ends in '{'. */
int json_add_member(struct strbuf *sb, const char *key, const char *value);
int json_add_member_int(struct strbuf *sb, const char *key, long long value);

#endif
