/* Scanner sources behind one table of operations. Each source delivers raw
 * scans (bytes between terminators); the station validates them. */
#ifndef PACKDESK_SCANNER_H
#define PACKDESK_SCANNER_H

#include <stddef.h>

#include "err.h"

/* Longest scan a station accepts; longer input is read and rejected. */
#define SCAN_MAX 256

enum scan_status {
	SCAN_OK = 0,    /* a scan is in buf */
	SCAN_EOF = 1,   /* the source ended (stdin closed) */
	SCAN_TOOLONG = 2, /* a scan over SCAN_MAX was discarded */
	SCAN_ERROR = -1,
};

struct scanner;

struct scanner_ops {
	const char *scheme;
	int (*open)(struct scanner *sc, const char *target, struct err *err);
	/* Fills buf (SCAN_MAX + 1 bytes) and *len with the next scan. */
	enum scan_status (*read)(struct scanner *sc, char *buf, size_t *len,
				 struct err *err);
	void (*close)(struct scanner *sc);
};

struct scanner {
	const struct scanner_ops *ops;
	void *impl;
};

int scanner_open(struct scanner **out, const char *uri, struct err *err);
enum scan_status scanner_read(struct scanner *sc, char *buf, size_t *len,
			      struct err *err);
void scanner_close(struct scanner *sc);

extern const struct scanner_ops scanner_stdin_ops;

#endif
