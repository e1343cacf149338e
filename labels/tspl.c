/* Placeholder until the tspl encoder lands. */
#include "label.h"

int tspl_encode(const struct slip *s, const struct profile *p,
		struct strbuf *out, struct err *err)
{
	(void)s;
	(void)out;
	return err_set(err, "%s: tspl is not built yet", p->name);
}

int tspl_render(const unsigned char *buf, size_t len, const struct profile *p,
		struct bitmap *out, struct err *err)
{
	(void)buf;
	(void)len;
	(void)out;
	return err_set(err, "%s: tspl is not built yet", p->name);
}
