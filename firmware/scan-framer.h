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
#define SCAN_AFFIX_MAX 16

enum scan_terminator {
	SCAN_TERM_CR = 1 << 0,
	SCAN_TERM_LF = 1 << 1, /* CR LF counts once */
	SCAN_TERM_TAB = 1 << 2,
};

struct scan_framer_config {
	unsigned terminators; /* 0: CR or LF */
	int gap_ms;     /* silence that ends a scan without a suffix; 0 off */
	int aim;        /* recognise and strip AIM symbology identifiers */
	size_t max_len; /* 0: SCAN_MAX */
	char strip_prefix[SCAN_AFFIX_MAX]; /* removed when a scan starts so */
	char strip_suffix[SCAN_AFFIX_MAX]; /* removed when a scan ends so */
};

struct scan {
	char data[SCAN_MAX + 1]; /* NUL-terminated; may contain NULs */
	size_t len;
	int toolong;      /* input was longer than the maximum and was cut */
	char symbology[4]; /* AIM identifier ("]C0") or "" */
};

struct scan_framer {
	struct scan_framer_config cfg;
	struct scan cur;
	int any;     /* cur has bytes (or an overflow) */
	int last_cr; /* the previous byte was CR: swallow one LF */
	int64_t last_ms;
	struct scan queue[SCAN_QUEUE];
	size_t head, count;
};

/* cfg may be NULL for the defaults (CR or LF, no gap, AIM on). */
void scan_framer_init(struct scan_framer *f,
		      const struct scan_framer_config *cfg);
/* Takes bytes; returns how many were consumed (fewer when the queue is
 * full). now_ms is a monotonic clock reading. */
size_t scan_framer_feed(struct scan_framer *f, const void *bytes, size_t n,
			int64_t now_ms);
/* Ends the scan in progress (end of input, or the gap elapsed). */
void scan_framer_flush(struct scan_framer *f);
/* Drops the scan in progress (its scanner was unplugged mid-scan). */
void scan_framer_discard(struct scan_framer *f);
/* Milliseconds until the gap timeout will end the scan in progress, or -1
 * when nothing is pending. Calls flush itself when the time has come. */
int scan_framer_timeout(struct scan_framer *f, int64_t now_ms);
/* Pops the oldest complete scan into *out: 1, or 0 when there is none. */
int scan_framer_next(struct scan_framer *f, struct scan *out);
/* The symbology an AIM identifier names ("]C0" -> "Code 128"), or NULL. */
const char *scan_symbology_name(const char *aim);

#endif
