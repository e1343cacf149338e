/* Placeholder until the evdev source lands: refuses its URIs clearly. */
#include "scanner.h"

static int evdev_open(struct scanner *sc, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this scanner source is not built yet",
		       sc->uri);
}

static int evdev_connect(struct scanner *sc, struct err *err)
{
	(void)sc;
	return err_set(err, "not connected");
}

static void evdev_nothing(struct scanner *sc)
{
	(void)sc;
}

static int evdev_fd(struct scanner *sc)
{
	(void)sc;
	return -1;
}

static int evdev_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		     struct err *err)
{
	(void)sc;
	(void)buf;
	(void)len;
	*got = 0;
	return err_set(err, "not connected");
}

const struct scanner_ops scanner_evdev_ops = {
	.scheme = "evdev:",
	.open = evdev_open,
	.connect = evdev_connect,
	.disconnect = evdev_nothing,
	.fd = evdev_fd,
	.read = evdev_read,
	.close = evdev_nothing,
};
