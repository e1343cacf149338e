/* Placeholder until the usb transport lands: refuses its URIs clearly. */
#include "printer.h"

static int usb_open(struct printer *p, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this transport is not built yet", p->uri);
}

static int usb_connect(struct printer *p, int timeout_ms, struct err *err)
{
	(void)p;
	(void)timeout_ms;
	return err_set(err, "not connected");
}

static void usb_nothing(struct printer *p)
{
	(void)p;
}

const struct printer_ops printer_usb_ops = {
	.scheme = "usb:",
	.open = usb_open,
	.connect = usb_connect,
	.disconnect = usb_nothing,
	.close = usb_nothing,
};

int printer_usb_discover(printer_found_fn fn, void *arg, struct err *err)
{
	(void)fn;
	(void)arg;
	(void)err;
	return 0;
}
