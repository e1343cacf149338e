/* Placeholder until the zpl encoder lands. */
#include "label.h"

int zpl_encode(const struct slip *s, const struct profile *p,
		struct strbuf *out, struct err *err)
{
	(void)s;
	(void)out;
	return err_set(err, "%s: zpl is not built yet", p->name);
}

int zpl_render(const unsigned char *buf, size_t len, const struct profile *p,
		struct bitmap *out, struct err *err)
{
	(void)buf;
	(void)len;
	(void)out;
	return err_set(err, "%s: zpl is not built yet", p->name);
}
