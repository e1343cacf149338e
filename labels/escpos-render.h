/* The virtual printer: interprets the ESC/POS bytes our encoder produces and
 * draws them as a 203 dpi thermal printer would, so a preview is exactly what
 * the paper will show. */
#ifndef PACKDESK_ESCPOS_RENDER_H
#define PACKDESK_ESCPOS_RENDER_H

#include <stddef.h>

#include "bitmap.h"
#include "err.h"
#include "profile.h"

/* Renders buf onto out, which must be initialised to the paper's width in
 * dots (576 or 384); rows are added as the paper advances. Unknown commands
 * are skipped by their documented length; a truncated command is an error. */
int escpos_render(const unsigned char *buf, size_t len, struct bitmap *out,
		  struct err *err);
/* The same for the printer p describes: the code pages its ESC t numbers
 * select and the two-byte set (Big5 or GB18030) its FS & mode reads.
 * escpos_render is this with p NULL: Epson's numbers and GB18030. */
int escpos_render_profile(const unsigned char *buf, size_t len,
			  const struct profile *p, struct bitmap *out,
			  struct err *err);

/* Convenience: renders and writes a PNG in one go. */
int escpos_render_png(const unsigned char *buf, size_t len, int width_dots,
		      const char *png_path, struct err *err);

#endif
