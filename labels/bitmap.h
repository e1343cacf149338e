/* A 1-bit canvas as a thermal head prints it: a fixed width in dots and rows
 * added as the paper advances. 1 = black, MSB = leftmost dot. */
#ifndef PACKDESK_BITMAP_H
#define PACKDESK_BITMAP_H

#include <stddef.h>

#include "err.h"

/* Tallest canvas we will grow to (about 2.5 m of paper at 203 dpi): a
 * runaway job must not exhaust memory. */
#define BITMAP_MAX_HEIGHT 20000
/* Widest canvas: far beyond any receipt head (576 dots), small enough that a
 * row fits any int arithmetic. */
#define BITMAP_MAX_WIDTH 4096

struct bitmap {
	int width, height; /* dots */
	size_t stride;     /* bytes per row */
	unsigned char *bits;
	int cap_rows;
};

int bitmap_init(struct bitmap *b, int width, struct err *err);
void bitmap_cleanup(struct bitmap *b);
/* Makes sure rows [0, rows) exist (new rows are white). -1 past the ceiling. */
int bitmap_ensure(struct bitmap *b, int rows, struct err *err);
void bitmap_set(struct bitmap *b, int x, int y);
int bitmap_get(const struct bitmap *b, int x, int y);
/* Sets (ORs in) the clipped rectangle; rows must already exist. */
void bitmap_fill(struct bitmap *b, int x, int y, int w, int h);
/* ORs nbits dots from src (MSB first, 1 = black) into row y from x on,
 * clipped to the canvas; the fast path for glyph and raster rows. */
void bitmap_or_bits(struct bitmap *b, int x, int y, const unsigned char *src,
		    int nbits);
/* Row y's bytes, or NULL if the row does not exist. */
unsigned char *bitmap_row(struct bitmap *b, int y);
/* Writes the canvas as a 1-bit greyscale PNG (black on white). */
int bitmap_write_png(const struct bitmap *b, const char *path, struct err *err);

#endif
