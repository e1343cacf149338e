/* Placeholder until the lp transport lands: refuses its URIs clearly. */
#include "printer.h"

static int lp_open(struct printer *p, const char *target, struct err *err)
{
	(void)target;
	return err_set(err, "%s: this transport is not built yet", p->uri);
}

static int lp_connect(struct printer *p, int timeout_ms, struct err *err)
{
	(void)p;
	(void)timeout_ms;
	return err_set(err, "not connected");
}

static void lp_nothing(struct printer *p)
{
	(void)p;
}

const struct printer_ops printer_lp_ops = {
	.scheme = "lp:",
	.open = lp_open,
	.connect = lp_connect,
	.disconnect = lp_nothing,
	.close = lp_nothing,
};
