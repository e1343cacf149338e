#include "scan-framer.h"

#include <string.h>

void scan_framer_init(struct scan_framer *f, unsigned terminators,
		      int gap_ms)
{
	memset(f, 0, sizeof *f);
	f->terminators = terminators != 0 ? terminators
					  : SCAN_TERM_CR | SCAN_TERM_LF;
	f->gap_ms = gap_ms;
}

static void finish(struct scan_framer *f)
{
	f->cur.data[f->cur.len] = '\0';
	f->queue[(f->head + f->count) % SCAN_QUEUE] = f->cur;
	f->count++;
	f->cur.len = 0;
	f->cur.toolong = 0;
	f->any = 0;
}

static int is_terminator(const struct scan_framer *f, unsigned char c)
{
	return (c == '\r' && (f->terminators & SCAN_TERM_CR)) ||
	       (c == '\n' && (f->terminators & (SCAN_TERM_LF | SCAN_TERM_CR))) ||
	       (c == '\t' && (f->terminators & SCAN_TERM_TAB));
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
		f->last_cr = c == '\r';
		if (is_terminator(f, c)) {
			finish(f); /* an empty scan is a scan: rejected */
			continue;
		}
		f->any = 1;
		if (f->cur.len < SCAN_MAX)
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

int scan_framer_timeout(struct scan_framer *f, int64_t now_ms)
{
	int64_t left;

	if (!f->any || f->gap_ms <= 0)
		return -1;
	left = f->last_ms + f->gap_ms - now_ms;
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
