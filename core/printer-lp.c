/* lp:/dev/usb/lpN — a USB printer through the kernel's usblp driver:
 * write() prints, read() returns the printer's back channel (the DLE EOT
 * answers). The shared fd mechanism (printer-fd.c) does the rest; this
 * file adds the one-way case and the IEEE 1284 device ID. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "printer-fd.h"
#include "printer.h"

/* usblp's "get device ID" ioctl (drivers/usb/class/usblp.c, IOCNR 1):
 * copies up to len bytes of the ID as the printer sent it, a 2-byte
 * big-endian length (counting itself) and then "MFG:...;MDL:...;". */
#define LP_DEVICE_ID_MAX 1024
#define LPIOC_GET_DEVICE_ID(len) _IOC(_IOC_READ, 'P', 1, len)

static int lp_open(struct printer *p, const char *target, struct err *err)
{
	return printer_fd_init(p, target, O_RDWR, err);
}

static int lp_read(struct printer *p, void *buf, size_t len, int timeout_ms,
		   size_t *got, struct err *err)
{
	struct printer_fd *f = p->impl;
	struct err e;

	err_clear(&e);
	errno = 0;
	if (printer_fd_read(p, buf, len, timeout_ms, got, &e) == 0)
		return 0;
	/* usblp refuses read() with EINVAL on a printer whose interface
	 * has no IN endpoint (USB printer protocol 1, one-way). */
	if (errno == EINVAL)
		return err_set(err,
			       "%s: the printer has no back channel (a one-way "
			       "USB printer), so its status cannot be read",
			       f->path);
	return err_set(err, "%s", e.msg);
}

/* Appends s[0..len) with anything unprintable as \xNN: the ID comes from
 * the device and ends up on a terminal. */
static void add_escaped(struct strbuf *out, const unsigned char *s,
			size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] != '\0'; i++) {
		if (s[i] < 0x20 || s[i] >= 0x7F || s[i] == '\\')
			strbuf_addf(out, "\\x%02X", s[i]);
		else
			strbuf_addc(out, s[i]);
	}
}

static void lp_describe(struct printer *p, struct strbuf *out)
{
	struct printer_fd *f = p->impl;
	unsigned char id[LP_DEVICE_ID_MAX];
	size_t len;
	int fd = f->fd, rc;

	strbuf_addf(out, "usblp device %s", f->path);
	/* usblp takes one open() at a time: use the link when it is up. */
	if (fd < 0)
		fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	memset(id, 0, sizeof id);
	rc = ioctl(fd, LPIOC_GET_DEVICE_ID(sizeof id), id);
	if (fd != f->fd)
		close(fd);
	/* Not a usblp device (a pty, a FIFO in tests): no ID to add. */
	if (rc < 0)
		return;
	len = (size_t)id[0] << 8 | id[1];
	if (len <= 2)
		return;
	if (len > sizeof id)
		len = sizeof id;
	strbuf_adds(out, ", IEEE 1284 ID ");
	add_escaped(out, id + 2, len - 2);
}

const struct printer_ops printer_lp_ops = {
	.scheme = "lp:",
	.flags = PRINTER_TWO_WAY,
	.open = lp_open,
	.connect = printer_fd_connect,
	.disconnect = printer_fd_disconnect,
	.write = printer_fd_write,
	.read = lp_read,
	.describe = lp_describe,
	.close = printer_fd_close,
};
