#include "label.h"

#include "escpos-render.h"
#include "escpos.h"

int label_encode(const struct slip *s, const struct profile *p,
		 struct strbuf *out, struct err *err)
{
	switch (p->language) {
	case PROFILE_ESCPOS:
		return escpos_encode(s, p, out, err);
	case PROFILE_ZPL:
		return zpl_encode(s, p, out, err);
	case PROFILE_TSPL:
		return tspl_encode(s, p, out, err);
	}
	return err_set(err, "%s: unknown printer language", p->name);
}

int label_render(const unsigned char *buf, size_t len,
		 const struct profile *p, struct bitmap *out, struct err *err)
{
	switch (p->language) {
	case PROFILE_ESCPOS:
		return escpos_render_profile(buf, len, p, out, err);
	case PROFILE_ZPL:
		return zpl_render(buf, len, p, out, err);
	case PROFILE_TSPL:
		return tspl_render(buf, len, p, out, err);
	}
	return err_set(err, "%s: unknown printer language", p->name);
}

int label_render_png(const unsigned char *buf, size_t len,
		     const struct profile *p, const char *png_path,
		     struct err *err)
{
	struct bitmap bm;
	int rc;

	if (bitmap_init(&bm, p->width_dots, err) != 0)
		return ERR_FAIL;
	rc = label_render(buf, len, p, &bm, err);
	if (rc == 0)
		rc = bitmap_write_png(&bm, png_path, err);
	bitmap_cleanup(&bm);
	return rc;
}
