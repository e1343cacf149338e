/* Placeholder until the hid source lands: refuses its URIs clearly. */
#include "scanner.h"

static int hid_open(struct scanner *sc, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this scanner source is not built yet",
		       sc->uri);
}

static int hid_connect(struct scanner *sc, struct err *err)
{
	(void)sc;
	return err_set(err, "not connected");
}

static void hid_nothing(struct scanner *sc)
{
	(void)sc;
}

static int hid_fd(struct scanner *sc)
{
	(void)sc;
	return -1;
}

static int hid_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		     struct err *err)
{
	(void)sc;
	(void)buf;
	(void)len;
	*got = 0;
	return err_set(err, "not connected");
}

const struct scanner_ops scanner_hid_ops = {
	.scheme = "hid:",
	.open = hid_open,
	.connect = hid_connect,
	.disconnect = hid_nothing,
	.fd = hid_fd,
	.read = hid_read,
	.close = hid_nothing,
};
