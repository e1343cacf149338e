/* Text the printer cannot draw itself (CJK on a printer without a Chinese
 * font, any text on a label printer without a Unicode font) drawn with
 * FreeType from fonts in Debian packages, as 1-bit dots to send as an
 * image (GS v 0, ^GFA, BITMAP). */
#ifndef PACKDESK_TEXTRASTER_H
#define PACKDESK_TEXTRASTER_H

#include "bitmap.h"
#include "err.h"

/* Fonts tried in order for each character: a Latin monospace face first
 * (it matches the printer's own font), then CJK fallbacks. */
#define TEXTRASTER_FONTS                                                       \
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:"                 \
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

/* Width in dots of utf8 drawn height_dots tall. */
int textraster_measure(const char *utf8, int height_dots, int *width,
		       struct err *err);
/* Draws utf8 into out (initialised by the caller to at least the
 * measured width) with its top-left at x, y. */
int textraster_draw(const char *utf8, int height_dots, struct bitmap *out,
		    int x, int y, struct err *err);
/* 1 when every character of utf8 has a glyph in the fonts. */
int textraster_covers(const char *utf8);

#endif
