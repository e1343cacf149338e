/* Placeholder until the serial source lands: refuses its URIs clearly. */
#include "scanner.h"

static int serial_open(struct scanner *sc, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this scanner source is not built yet",
		       sc->uri);
}

static int serial_connect(struct scanner *sc, struct err *err)
{
	(void)sc;
	return err_set(err, "not connected");
}

static void serial_nothing(struct scanner *sc)
{
	(void)sc;
}

static int serial_fd(struct scanner *sc)
{
	(void)sc;
	return -1;
}

static int serial_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		     struct err *err)
{
	(void)sc;
	(void)buf;
	(void)len;
	*got = 0;
	return err_set(err, "not connected");
}

const struct scanner_ops scanner_serial_ops = {
	.scheme = "serial:",
	.open = serial_open,
	.connect = serial_connect,
	.disconnect = serial_nothing,
	.fd = serial_fd,
	.read = serial_read,
	.close = serial_nothing,
};
