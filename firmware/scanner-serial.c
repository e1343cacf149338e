/* serial:/dev/ttyACM0[?baud=9600...] — a CDC-ACM (USB serial) or RS-232
 * scanner through termios. CDC-ACM ignores the baud rate; RS-232 scanners
 * ship at 9600 8N1. An unplugged USB scanner reads as an error (EIO or
 * ENODEV); scanner.c reopens the device when it returns. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scanner.h"
#include "serial-port.h"

struct serial_src {
	char *path;
	struct serial_opts opts;
	int fd;
};

static int serial_open(struct scanner *sc, const char *target,
		       struct err *err)
{
	struct serial_src *s = calloc(1, sizeof *s);
	size_t pathlen;

	if (s == NULL)
		return err_set(err, "out of memory");
	if (serial_opts_parse(sc->uri, target, &s->opts, &pathlen, err) != 0) {
		free(s);
		return ERR_FAIL;
	}
	s->path = strndup(target, pathlen);
	if (s->path == NULL) {
		free(s);
		return err_set(err, "out of memory");
	}
	s->fd = -1;
	sc->impl = s;
	return 0;
}

static int serial_connect(struct scanner *sc, struct err *err)
{
	struct serial_src *s = sc->impl;

	s->fd = open(s->path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (s->fd < 0)
		return err_sys(err, "%s", s->path);
	if (serial_port_setup(s->fd, s->path, &s->opts, err) != 0) {
		close(s->fd);
		s->fd = -1;
		return ERR_FAIL;
	}
	return 0;
}

static void serial_disconnect(struct scanner *sc)
{
	struct serial_src *s = sc->impl;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int serial_fd(struct scanner *sc)
{
	return ((struct serial_src *)sc->impl)->fd;
}

static int serial_read(struct scanner *sc, void *buf, size_t len,
		       size_t *got, struct err *err)
{
	struct serial_src *s = sc->impl;
	ssize_t n;

	*got = 0;
	do
		n = read(s->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		*got = (size_t)n;
		return SCANNER_READ_OK;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return SCANNER_READ_OK;
	/* EIO: the other end hung up (a USB scanner unplugged, a pty
	 * master closed); 0: the same on some drivers. */
	if (n < 0)
		err_sys(err, "%s", s->path);
	else
		err_set(err, "%s: the device hung up", s->path);
	return SCANNER_READ_GONE;
}

static void serial_close(struct scanner *sc)
{
	struct serial_src *s = sc->impl;

	if (s == NULL)
		return;
	serial_disconnect(sc);
	free(s->path);
	free(s);
}

const struct scanner_ops scanner_serial_ops = {
	.scheme = "serial:",
	.flags = 0,
	.open = serial_open,
	.connect = serial_connect,
	.disconnect = serial_disconnect,
	.fd = serial_fd,
	.read = serial_read,
	.close = serial_close,
};
