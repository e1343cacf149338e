/* A growable byte buffer with a ceiling: every buffer fed from outside (a
 * scan, a CSV field, a printer job) has a maximum so that a flood of input
 * cannot exhaust the station's memory. */
#ifndef PACKDESK_STRBUF_H
#define PACKDESK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	size_t max; /* largest len allowed; 0 means SIZE_MAX/2 */
};

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_cleanup(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Each returns 0, or -1 when the ceiling or memory ran out (the buffer is
 * then unchanged). */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addc(struct strbuf *sb, int c);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); owned by sb. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the buffer to the caller (free() it) and resets sb. */
char *strbuf_detach(struct strbuf *sb);

#endif
