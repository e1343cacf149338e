/* Turns the bytes a scanner sends into scans: one decoder shared by every
 * source (stdin, evdev, HID, serial), so framing rules are the same
 * whatever the scanner is plugged into. */
#ifndef PACKDESK_SCAN_FRAMER_H
#define PACKDESK_SCAN_FRAMER_H

#include <stddef.h>
#include <stdint.h>

/* Longest scan a station accepts; longer input is read and rejected. */
#define SCAN_MAX 256
/* Scans decoded but not yet handled: a burst beyond this waits in the
 * source's buffer (the framer takes no more bytes until there is room). */
#define SCAN_QUEUE 32

enum scan_terminator {
	SCAN_TERM_CR = 1 << 0,
	SCAN_TERM_LF = 1 << 1, /* CR LF counts once */
	SCAN_TERM_TAB = 1 << 2,
};

struct scan {
	char data[SCAN_MAX + 1]; /* NUL-terminated; may contain NULs */
	size_t len;
	int toolong; /* input was longer than SCAN_MAX and was cut */
};

struct scan_framer {
	unsigned terminators;
	int gap_ms;    /* silence that ends a scan without a suffix; 0 off */
	struct scan cur;
	int any;       /* cur has bytes (or an overflow) */
	int last_cr;   /* the previous byte was CR: swallow one LF */
	int64_t last_ms;
	struct scan queue[SCAN_QUEUE];
	size_t head, count;
};

void scan_framer_init(struct scan_framer *f, unsigned terminators,
		      int gap_ms);
/* Takes bytes; returns how many were consumed (fewer when the queue is
 * full). now_ms is a monotonic clock reading. */
size_t scan_framer_feed(struct scan_framer *f, const void *bytes, size_t n,
			int64_t now_ms);
/* Ends the scan in progress (end of input, or the gap elapsed). */
void scan_framer_flush(struct scan_framer *f);
/* Milliseconds until the gap timeout will end the scan in progress, or -1
 * when nothing is pending. Calls flush itself when the time has come. */
int scan_framer_timeout(struct scan_framer *f, int64_t now_ms);
/* Pops the oldest complete scan into *out: 1, or 0 when there is none. */
int scan_framer_next(struct scan_framer *f, struct scan *out);

#endif
