/* Scanner sources behind one table of operations. A source only turns its
 * device's input into bytes (the characters a scanner "typed", a scan's
 * suffix included); scanner.c frames them into scans with the shared
 * framer and reopens a source that went away (hot-plug). */
#ifndef PACKDESK_SCANNER_H
#define PACKDESK_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "scan-framer.h"

/* How often a lost scanner is looked for. */
#define SCANNER_RETRY_MS 1000

enum scanner_flags {
	/* End of input ends the station (stdin); for devices it means the
	 * scanner was unplugged and is reopened when it returns. */
	SCANNER_EOF_ENDS = 1 << 0,
};

/* What scanner_fill saw. */
enum scan_status {
	SCAN_MORE = 0,   /* bytes taken; scans may be ready */
	SCAN_EOF = 1,    /* a SCANNER_EOF_ENDS source ended */
	SCAN_LOST = 2,   /* the device went away (scanner->why says how) */
	SCAN_ERROR = -1, /* a fault the station cannot go on from */
};

/* What a source's read() returns. */
enum {
	SCANNER_READ_OK = 0,   /* *got bytes (may be 0: events, no chars) */
	SCANNER_READ_GONE = 1, /* end of input, or the device vanished */
};

struct scanner;

struct scanner_ops {
	const char *scheme; /* "stdin", "evdev:", "hid:", "serial:" */
	unsigned flags;
	/* Parses the target; no I/O needed (the scanner may be unplugged
	 * when the station starts). Errors here are configuration errors. */
	int (*open)(struct scanner *sc, const char *target, struct err *err);
	/* Opens the device (grabbing it so scans never reach the console);
	 * ERR_FAIL with the reason when it is not there or not allowed. */
	int (*connect)(struct scanner *sc, struct err *err);
	void (*disconnect)(struct scanner *sc);
	/* The descriptor to poll while connected. */
	int (*fd)(struct scanner *sc);
	/* Called when fd() is readable: at most one read(2). Returns
	 * SCANNER_READ_OK, SCANNER_READ_GONE or ERR_FAIL (also taken as
	 * gone, with err saying why). */
	int (*read)(struct scanner *sc, void *buf, size_t len, size_t *got,
		    struct err *err);
	void (*close)(struct scanner *sc);
};

struct scanner {
	const struct scanner_ops *ops;
	char *uri;
	void *impl;
	struct scan_framer framer;
	unsigned char raw[4096]; /* read but not yet framed */
	size_t raw_pos, raw_len;
	int connected;
	int eof;                /* a SCANNER_EOF_ENDS source has ended */
	int64_t next_retry_ms;  /* when to look for a lost scanner again */
	char why[ERR_MAX];      /* why it was lost or cannot be opened */
};

/* Opens the source for uri; the device itself is connected on the first
 * scanner_poll_fd(). */
int scanner_open(struct scanner **out, const char *uri,
		 const struct scan_framer_config *framing, struct err *err);
void scanner_close(struct scanner *sc);
/* Connects when due and returns the descriptor to poll, or -1 when there
 * is none now (ended, lost and waiting for a retry, or bytes waiting for
 * room in the framer). *changed is set to 1 when the scanner was found
 * again (or first connected) in this call. */
int scanner_poll_fd(struct scanner *sc, int *changed);
/* Reads once (the fd must be readable) and frames what came. */
enum scan_status scanner_fill(struct scanner *sc, struct err *err);
/* The next complete scan: 1, or 0 when none is ready. */
int scanner_next(struct scanner *sc, struct scan *out);
/* Milliseconds until the scanner has work without input (a scan without
 * a suffix timing out, a lost scanner's retry), or -1. */
int scanner_timeout(struct scanner *sc);

extern const struct scanner_ops scanner_stdin_ops;
extern const struct scanner_ops scanner_evdev_ops;
extern const struct scanner_ops scanner_hid_ops;
extern const struct scanner_ops scanner_serial_ops;

#endif
