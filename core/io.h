/* Blocking I/O with deadlines: a wedged printer or a stalled peer must never
 * hang the station. */
#ifndef PACKDESK_IO_H
#define PACKDESK_IO_H

#include <stddef.h>

#include "err.h"

/* Writes all of buf to fd (blocking or not) within timeout_ms. Returns 0,
 * ERR_TIMEOUT (with *written telling how far it got) or ERR_FAIL. */
int io_write_all(int fd, const void *buf, size_t len, int timeout_ms,
		 size_t *written, struct err *err);
/* Reads what is available, waiting up to timeout_ms for the first byte:
 * 0 with *got = 0 on timeout; ERR_FAIL on an error or end of file. */
int io_read(int fd, void *buf, size_t len, int timeout_ms, size_t *got,
	    struct err *err);
/* Connects a TCP socket to host:port within timeout_ms; -1 on failure. */
int io_tcp_connect(const char *host, const char *port, int timeout_ms,
		   struct err *err);

#endif
