/* Text the printer cannot draw itself (CJK on a printer without a Chinese
 * font, any text on a label printer without a Unicode font) drawn with
 * FreeType from fonts in Debian packages, as 1-bit dots to send as an
 * image (GS v 0, ^GFA, BITMAP).
 *
 * Text is laid out on the printer's own grid, as its resident fonts are: a
 * column is height_dots / 2 wide (12 dots at 24, Font A's cell), an East
 * Asian wide character takes two (text_char_columns), and each glyph is
 * centred in its cell. So a rasterised line lines up with the text lines
 * around it, and measure = columns x height_dots / 2.
 *
 * The FreeType library, its faces and a cache of thresholded glyphs are
 * process-wide, opened on first use (like a configuration loaded once) and
 * guarded by a mutex; textraster_cleanup releases them (a destructor calls
 * it at exit too, so leak checkers stay quiet). */
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
 * measured width; rows are added as needed) with its top-left at x, y.
 * A character no font has is drawn as an empty box, never dropped. */
int textraster_draw(const char *utf8, int height_dots, struct bitmap *out,
		    int x, int y, struct err *err);
/* 1 when every character of utf8 has a glyph in the fonts. */
int textraster_covers(const char *utf8);
/* Closes the fonts and empties the glyph cache; the next call opens them
 * again. */
void textraster_cleanup(void);

#endif
