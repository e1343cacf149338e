/* Placeholder until the cups transport lands: refuses its URIs clearly. */
#include "printer.h"

static int cups_open(struct printer *p, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this transport is not built yet", p->uri);
}

static int cups_connect(struct printer *p, int timeout_ms, struct err *err)
{
	(void)p;
	(void)timeout_ms;
	return err_set(err, "not connected");
}

static void cups_nothing(struct printer *p)
{
	(void)p;
}

const struct printer_ops printer_cups_ops = {
	.scheme = "cups:",
	.open = cups_open,
	.connect = cups_connect,
	.disconnect = cups_nothing,
	.close = cups_nothing,
};

int printer_cups_discover(printer_found_fn fn, void *arg, struct err *err)
{
	(void)fn;
	(void)arg;
	(void)err;
	return 0;
}
