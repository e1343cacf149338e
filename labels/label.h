/* One entry point for every printer language: a slip document in, the
 * printer's bytes out; and back, the bytes drawn as the paper shows them
 * (the virtual printer). Dispatches on the profile's language. */
#ifndef PACKDESK_LABEL_H
#define PACKDESK_LABEL_H

#include <stddef.h>

#include "bitmap.h"
#include "err.h"
#include "profile.h"
#include "slip.h"
#include "strbuf.h"

int label_encode(const struct slip *s, const struct profile *p,
		 struct strbuf *out, struct err *err);
/* out must be initialised to p->width_dots. */
int label_render(const unsigned char *buf, size_t len,
		 const struct profile *p, struct bitmap *out,
		 struct err *err);
int label_render_png(const unsigned char *buf, size_t len,
		     const struct profile *p, const char *png_path,
		     struct err *err);

/* The encoders and renderers behind it. */
int zpl_encode(const struct slip *s, const struct profile *p,
	       struct strbuf *out, struct err *err);
int zpl_render(const unsigned char *buf, size_t len, const struct profile *p,
	       struct bitmap *out, struct err *err);
int tspl_encode(const struct slip *s, const struct profile *p,
		struct strbuf *out, struct err *err);
int tspl_render(const unsigned char *buf, size_t len,
		const struct profile *p, struct bitmap *out, struct err *err);

#endif
