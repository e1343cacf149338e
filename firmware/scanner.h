/* Scanner sources behind one table of operations. A source only moves
 * bytes; scanner.c frames them into scans with the shared framer. */
#ifndef PACKDESK_SCANNER_H
#define PACKDESK_SCANNER_H

#include <stddef.h>

#include "err.h"
#include "scan-framer.h"

enum scan_status {
	SCAN_MORE = 0, /* bytes taken; scans may be ready */
	SCAN_EOF = 1,  /* the source ended (stdin closed) */
	SCAN_ERROR = -1,
};

struct scanner;

struct scanner_ops {
	const char *scheme;
	int (*open)(struct scanner *sc, const char *target, struct err *err);
	/* The descriptor to poll for input. */
	int (*fd)(struct scanner *sc);
	/* One read(2)'s worth, called only when fd() is readable: 0 with
	 * *got > 0, 0 with *got == 0 at end of input, or ERR_FAIL. */
	int (*read)(struct scanner *sc, void *buf, size_t len, size_t *got,
		    struct err *err);
	void (*close)(struct scanner *sc);
};

struct scanner {
	const struct scanner_ops *ops;
	void *impl;
	struct scan_framer framer;
	unsigned char raw[4096]; /* read but not yet framed */
	size_t raw_pos, raw_len;
	int eof;
};

int scanner_open(struct scanner **out, const char *uri, struct err *err);
void scanner_close(struct scanner *sc);
/* The descriptor to poll, or -1 once the source has ended. */
int scanner_fd(struct scanner *sc);
/* Reads once (the fd must be readable) and frames what came. */
enum scan_status scanner_fill(struct scanner *sc, struct err *err);
/* The next complete scan: 1, or 0 when none is ready. */
int scanner_next(struct scanner *sc, struct scan *out);
/* Milliseconds until a scan without a suffix times out, or -1. */
int scanner_timeout(struct scanner *sc);

extern const struct scanner_ops scanner_stdin_ops;

#endif
