/* serial:DEVICE?baud=N[&flow=none|rtscts|xonxoff][&bits=8&parity=n&stop=1]
 * — an RS-232 or USB-serial printer through termios. ESC/POS printers
 * answer DLE EOT on the serial line, so the link is two-way. Everything
 * but the termios setup is the shared fd mechanism (printer-fd.c). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer-fd.h"
#include "serial-port.h"
#include "printer.h"

static int serial_setup(struct printer *p, int fd, struct err *err)
{
	struct printer_fd *f = p->impl;

	return serial_port_setup(fd, f->path, f->extra, err);
}

static int serial_open(struct printer *p, const char *target, struct err *err)
{
	struct serial_opts o, *copy;
	struct printer_fd *f;
	size_t pathlen;
	char *path;
	int rc;

	if (serial_opts_parse(p->uri, target, &o, &pathlen, err) != 0)
		return ERR_FAIL;
	path = strndup(target, pathlen);
	copy = malloc(sizeof *copy);
	if (path == NULL || copy == NULL) {
		free(path);
		free(copy);
		return err_set(err, "out of memory");
	}
	*copy = o;
	rc = printer_fd_init(p, path, O_RDWR, err);
	free(path);
	if (rc != 0) {
		free(copy);
		return ERR_FAIL;
	}
	f = p->impl;
	f->extra = copy;
	f->setup = serial_setup;
	return 0;
}

static void serial_describe(struct printer *p, struct strbuf *out)
{
	struct printer_fd *f = p->impl;
	const struct serial_opts *o = f->extra;

	serial_opts_describe(o, f->path, out);
}

const struct printer_ops printer_serial_ops = {
	.scheme = "serial:",
	.flags = PRINTER_TWO_WAY,
	.open = serial_open,
	.connect = printer_fd_connect,
	.disconnect = printer_fd_disconnect,
	.write = printer_fd_write,
	.read = printer_fd_read,
	.describe = serial_describe,
	.close = printer_fd_close,
};
