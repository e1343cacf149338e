/* The mechanism of the transports that are a file descriptor on a path
 * (file:, lp:, serial:): open on connect, write and read with deadlines,
 * close on disconnect. Backends add only what differs (flags, termios). */
#ifndef PACKDESK_PRINTER_FD_H
#define PACKDESK_PRINTER_FD_H

#include "printer.h"

struct printer_fd {
	char *path;
	int flags; /* open(2) flags, O_NONBLOCK | O_CLOEXEC added */
	int fd;    /* -1 when disconnected */
	/* Called after each successful open (termios for serial); may be
	 * NULL. */
	int (*setup)(struct printer *p, int fd, struct err *err);
	void *extra; /* the backend's own settings */
};

/* p->impl becomes a struct printer_fd for path. */
int printer_fd_init(struct printer *p, const char *path, int flags,
		    struct err *err);
int printer_fd_connect(struct printer *p, int timeout_ms, struct err *err);
void printer_fd_disconnect(struct printer *p);
int printer_fd_write(struct printer *p, const void *buf, size_t len,
		     int timeout_ms, size_t *written, struct err *err);
int printer_fd_read(struct printer *p, void *buf, size_t len, int timeout_ms,
		    size_t *got, struct err *err);
void printer_fd_close(struct printer *p);

#endif
