/* Drawing primitives shared by the virtual printers (ESC/POS, ZPL, TSPL):
 * each renderer parses its own language and draws with these, so a glyph,
 * a QR code or a bar looks the same whichever printer language asked for it.
 * Everything clips to the canvas and draws only into rows that already
 * exist (bitmap_ensure first); drawing ORs ink in unless said otherwise. */
#ifndef PACKDESK_DRAW_H
#define PACKDESK_DRAW_H

#include <stddef.h>

#include "bitmap.h"
#include "code128.h"
#include "err.h"
#include "font.h"

/* Filled rectangle. */
void draw_box(struct bitmap *b, int x, int y, int w, int h);
/* Rectangle outline t dots thick inside w x h; filled when t >= min(w, h). */
void draw_frame(struct bitmap *b, int x, int y, int w, int h, int t);
/* Makes the rectangle white again (TSPL CLS, BITMAP overwrite mode). */
void draw_clear(struct bitmap *b, int x, int y, int w, int h);
/* A dashed line one dot high across the canvas at row y: cut marks and the
 * gaps between labels. */
void draw_dashes(struct bitmap *b, int y, int dash);

/* Glyph ch of face f (pick the bold face with font_face_get for bold)
 * scaled nearest-neighbour to a w x h cell with its top-left at x, y. */
void draw_glyph(struct bitmap *b, const struct font_face *f, unsigned char ch,
		int x, int y, int w, int h);
/* A character the font lacks: a box around w x h with a '?' of gw x gh at
 * its top, centred. */
void draw_missing(struct bitmap *b, const struct font_face *f, int x, int y,
		  int w, int h, int gw, int gh);
/* PC437 bytes s[0..n) in w x h cells, one every w dots. */
void draw_text(struct bitmap *b, const struct font_face *f, const char *s,
	       size_t n, int x, int y, int w, int h);
/* UTF-8 text (ZPL ^CI28) in w x h cells: characters PC437 has are drawn
 * from the font, the others (and invalid bytes) as draw_missing boxes. */
void draw_text_utf8(struct bitmap *b, const struct font_face *f, const char *s,
		    size_t n, int x, int y, int w, int h);

enum draw_align { DRAW_LEFT, DRAW_CENTRE, DRAW_RIGHT };
/* One line of text at the face's own size aligned within [x, x + w):
 * barcode human-readable lines. Characters that would stick out of the
 * canvas are left out whole, as printers do. */
void draw_text_line(struct bitmap *b, const struct font_face *f,
		    const char *text, int x, int w, int y,
		    enum draw_align align);

/* QR code error correction levels, in GS ( k 169 order. */
enum draw_qr_level { DRAW_QR_L, DRAW_QR_M, DRAW_QR_Q, DRAW_QR_H };
struct draw_qr;
/* Encodes data as a model 2 symbol, 8-bit mode with numeric and
 * alphanumeric runs packed as printers do; NULL when the data fits no
 * version (or out of memory): the printer prints nothing. */
struct draw_qr *draw_qr_new(const unsigned char *data, size_t len,
			    enum draw_qr_level level);
void draw_qr_free(struct draw_qr *q);
/* Side of the symbol in modules (no quiet zone). */
int draw_qr_modules(const struct draw_qr *q);
/* Draws the symbol with its top-left at x, y, module dots per module. */
void draw_qr(struct bitmap *b, const struct draw_qr *q, int x, int y,
	     int module);

/* Code 128 data in any code set (no '{' escapes), as ZPL ^BC mode N and
 * TSPL "128" take it, turned into GS k 73 form with the code sets chosen
 * automatically: set C for runs of digits, set B otherwise. */
int draw_code128_auto(struct code128 *c, const unsigned char *data, size_t len,
		      struct err *err);
/* The bars of c, module dots per module and h tall, from x, y. */
void draw_code128_bars(struct bitmap *b, const struct code128 *c, int x, int y,
		       int module, int h);
/* Bars plus, when hri is not NULL, the human-readable line directly below
 * them in face hri, aligned under the bars; returns the height drawn. */
int draw_code128(struct bitmap *b, const struct code128 *c, int x, int y,
		 int module, int h, const struct font_face *hri,
		 enum draw_align align);

/* 1-bit image rows, row_bytes each, MSB leftmost, 1 = black. */
enum {
	DRAW_IMAGE_WIDE = 1,   /* each dot two dots wide (GS v 0 m bit 0) */
	DRAW_IMAGE_TALL = 2,   /* each row two rows high (GS v 0 m bit 1) */
	DRAW_IMAGE_INVERT = 4, /* 0 = black, as TSPL BITMAP sends it */
};
void draw_image(struct bitmap *b, int x, int y, const unsigned char *bits,
		size_t row_bytes, int rows, unsigned flags);

/* Label printers (ZPL, TSPL): a new label h rows tall below whatever the
 * canvas holds, after a white gap with a dashed line when it is not the
 * first, so a multi-label job previews as a strip. Returns the label's top
 * row, or ERR_FAIL (err set) past BITMAP_MAX_HEIGHT. */
#define DRAW_PAGE_GAP 16
int draw_page_new(struct bitmap *b, int h, struct err *err);

/* A decimal parameter of a label command, s[0..n) with blanks around it:
 * def when there are no digits, else clamped to [lo, hi] (huge numbers
 * saturate instead of overflowing; a '-' sign counts as below lo). */
int draw_arg_int(const unsigned char *s, size_t n, int def, int lo, int hi);

#endif
