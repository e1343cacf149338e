/* Placeholder until the serial transport lands: refuses its URIs clearly. */
#include "printer.h"

static int serial_open(struct printer *p, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this transport is not built yet", p->uri);
}

static int serial_connect(struct printer *p, int timeout_ms, struct err *err)
{
	(void)p;
	(void)timeout_ms;
	return err_set(err, "not connected");
}

static void serial_nothing(struct printer *p)
{
	(void)p;
}

const struct printer_ops printer_serial_ops = {
	.scheme = "serial:",
	.open = serial_open,
	.connect = serial_connect,
	.disconnect = serial_nothing,
	.close = serial_nothing,
};
