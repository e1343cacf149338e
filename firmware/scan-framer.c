#include "scan-framer.h"

#include <string.h>

void scan_framer_init(struct scan_framer *f,
		      const struct scan_framer_config *cfg)
{
	memset(f, 0, sizeof *f);
	if (cfg != NULL)
		f->cfg = *cfg;
	else
		f->cfg.aim = 1;
	if (f->cfg.terminators == 0)
		f->cfg.terminators = SCAN_TERM_CR | SCAN_TERM_LF;
	if (f->cfg.max_len == 0 || f->cfg.max_len > SCAN_MAX)
		f->cfg.max_len = SCAN_MAX;
}

/* "]cm": a close bracket, a code character, a modifier character. The
 * identifier is AIM ISO/IEC 15424's; scanners send it first when it is
 * switched on. */
static int aim_prefix(const struct scan *s)
{
	return s->len >= 3 && s->data[0] == ']' &&
	       ((s->data[1] >= 'A' && s->data[1] <= 'Z') ||
		(s->data[1] >= 'a' && s->data[1] <= 'z')) &&
	       ((s->data[2] >= '0' && s->data[2] <= '9') ||
		(s->data[2] >= 'A' && s->data[2] <= 'Z'));
}

static void cut_front(struct scan *s, size_t n)
{
	memmove(s->data, s->data + n, s->len - n);
	s->len -= n;
}

/* Symbology identifier and the configured prefix and suffix come off;
 * GS separators of GS1 data stay (they are data). */
static void strip(const struct scan_framer *f, struct scan *s)
{
	size_t plen = strlen(f->cfg.strip_prefix);
	size_t slen = strlen(f->cfg.strip_suffix);

	if (plen > 0 && s->len >= plen &&
	    memcmp(s->data, f->cfg.strip_prefix, plen) == 0)
		cut_front(s, plen);
	if (f->cfg.aim && aim_prefix(s)) {
		memcpy(s->symbology, s->data, 3);
		s->symbology[3] = '\0';
		cut_front(s, 3);
	}
	if (slen > 0 && s->len >= slen &&
	    memcmp(s->data + s->len - slen, f->cfg.strip_suffix, slen) == 0)
		s->len -= slen;
}

static void finish(struct scan_framer *f)
{
	struct scan *s = &f->queue[(f->head + f->count) % SCAN_QUEUE];

	*s = f->cur;
	s->symbology[0] = '\0';
	if (!s->toolong)
		strip(f, s);
	s->data[s->len] = '\0';
	f->count++;
	f->cur.len = 0;
	f->cur.toolong = 0;
	f->any = 0;
}

static int is_terminator(const struct scan_framer *f, unsigned char c)
{
	return (c == '\r' && (f->cfg.terminators & SCAN_TERM_CR)) ||
	       (c == '\n' && (f->cfg.terminators & SCAN_TERM_LF)) ||
	       (c == '\t' && (f->cfg.terminators & SCAN_TERM_TAB));
}

size_t scan_framer_feed(struct scan_framer *f, const void *bytes, size_t n,
			int64_t now_ms)
{
	const unsigned char *p = bytes;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (f->count == SCAN_QUEUE)
			break;
		f->last_ms = now_ms;
		if (c == '\n' && f->last_cr) {
			/* The LF of CR LF: the scan already ended. */
			f->last_cr = 0;
			continue;
		}
		f->last_cr = c == '\r' && is_terminator(f, c);
		if (is_terminator(f, c)) {
			finish(f); /* an empty scan is a scan: rejected */
			continue;
		}
		f->any = 1;
		if (f->cur.len < f->cfg.max_len)
			f->cur.data[f->cur.len++] = (char)c;
		else
			f->cur.toolong = 1;
	}
	return i;
}

void scan_framer_flush(struct scan_framer *f)
{
	if (f->any && f->count < SCAN_QUEUE)
		finish(f);
}

void scan_framer_discard(struct scan_framer *f)
{
	f->cur.len = 0;
	f->cur.toolong = 0;
	f->any = 0;
	f->last_cr = 0;
}

int scan_framer_timeout(struct scan_framer *f, int64_t now_ms)
{
	int64_t left;

	if (!f->any || f->cfg.gap_ms <= 0)
		return -1;
	left = f->last_ms + f->cfg.gap_ms - now_ms;
	if (left > 0)
		return (int)left;
	scan_framer_flush(f);
	return -1;
}

int scan_framer_next(struct scan_framer *f, struct scan *out)
{
	if (f->count == 0)
		return 0;
	*out = f->queue[f->head];
	f->head = (f->head + 1) % SCAN_QUEUE;
	f->count--;
	return 1;
}

const char *scan_symbology_name(const char *aim)
{
	static const struct {
		const char *id, *name;
	} ids[] = {
		{"]C0", "Code 128"},     {"]C1", "GS1-128"},
		{"]E0", "EAN-13"},       {"]E3", "EAN/UPC with add-on"},
		{"]E4", "EAN-8"},        {"]A0", "Code 39"},
		{"]I0", "ITF"},          {"]I1", "ITF"},
		{"]Q1", "QR Code"},      {"]Q3", "GS1 QR Code"},
		{"]d1", "Data Matrix"},  {"]d2", "GS1 Data Matrix"},
		{"]e0", "GS1 DataBar"},
	};
	size_t i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (strcmp(aim, ids[i].id) == 0)
			return ids[i].name;
	return NULL;
}
