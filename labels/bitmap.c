/* The 1-bit canvas: rows grow as the virtual paper advances. */
#include "bitmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* First allocation: about 3 cm of receipt, enough for most slips. */
#define BITMAP_FIRST_ROWS 256

int bitmap_init(struct bitmap *b, int width, struct err *err)
{
	memset(b, 0, sizeof *b);
	if (width < 1 || width > BITMAP_MAX_WIDTH)
		return err_set(err, "bitmap: width %d dots out of range 1-%d",
			       width, BITMAP_MAX_WIDTH);
	b->width = width;
	b->stride = ((size_t)width + 7) / 8;
	return 0;
}

void bitmap_cleanup(struct bitmap *b)
{
	free(b->bits);
	memset(b, 0, sizeof *b);
}

/* Doubling keeps growth amortised O(1) per row; new memory is zeroed here
 * once, so rows past `height` are always white. */
static int bitmap_grow(struct bitmap *b, int rows, struct err *err)
{
	int cap = b->cap_rows ? b->cap_rows : BITMAP_FIRST_ROWS;
	unsigned char *bits;

	while (cap < rows)
		cap *= 2;
	if (cap > BITMAP_MAX_HEIGHT)
		cap = BITMAP_MAX_HEIGHT;
	bits = realloc(b->bits, (size_t)cap * b->stride);
	if (bits == NULL)
		return err_set(err, "bitmap: out of memory for %d rows", cap);
	memset(bits + (size_t)b->cap_rows * b->stride, 0,
	       (size_t)(cap - b->cap_rows) * b->stride);
	b->bits = bits;
	b->cap_rows = cap;
	return 0;
}

int bitmap_ensure(struct bitmap *b, int rows, struct err *err)
{
	if (rows <= b->height)
		return 0;
	if (rows > BITMAP_MAX_HEIGHT)
		return err_set(err, "bitmap: %d rows exceed the %d-row ceiling",
			       rows, BITMAP_MAX_HEIGHT);
	if (rows > b->cap_rows && bitmap_grow(b, rows, err) < 0)
		return ERR_FAIL;
	b->height = rows;
	return 0;
}

unsigned char *bitmap_row(struct bitmap *b, int y)
{
	if (y < 0 || y >= b->height)
		return NULL;
	return b->bits + (size_t)y * b->stride;
}

void bitmap_set(struct bitmap *b, int x, int y)
{
	unsigned char *row = bitmap_row(b, y);

	if (row != NULL && x >= 0 && x < b->width)
		row[x >> 3] |= (unsigned char)(0x80 >> (x & 7));
}

int bitmap_get(const struct bitmap *b, int x, int y)
{
	if (x < 0 || x >= b->width || y < 0 || y >= b->height)
		return 0;
	return (b->bits[(size_t)y * b->stride + (size_t)(x >> 3)] >>
		(7 - (x & 7))) &
	       1;
}

/* Sets dots [x0, x1) of one row, whole bytes in the middle. */
static void fill_span(unsigned char *row, int x0, int x1)
{
	unsigned char lmask = (unsigned char)(0xff >> (x0 & 7));
	unsigned char rmask = (unsigned char)(0xff << (7 - ((x1 - 1) & 7)));
	int b0 = x0 >> 3, b1 = (x1 - 1) >> 3;

	if (b0 == b1) {
		row[b0] |= lmask & rmask;
		return;
	}
	row[b0] |= lmask;
	if (b1 - b0 > 1)
		memset(row + b0 + 1, 0xff, (size_t)(b1 - b0 - 1));
	row[b1] |= rmask;
}

void bitmap_fill(struct bitmap *b, int x, int y, int w, int h)
{
	int64_t x1 = (int64_t)x + w, y1 = (int64_t)y + h;

	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if (x1 > b->width)
		x1 = b->width;
	if (y1 > b->height)
		y1 = b->height;
	for (; y < y1 && x < x1; y++)
		fill_span(b->bits + (size_t)y * b->stride, x, (int)x1);
}

/* Per-dot path for rows that hang over an edge. */
static void or_bits_clipped(struct bitmap *b, unsigned char *row, int x,
			    const unsigned char *src, int nbits)
{
	int i;

	for (i = 0; i < nbits; i++) {
		int64_t dx = (int64_t)x + i;

		if (dx < 0 || dx >= b->width)
			continue;
		if (src[i >> 3] & (0x80 >> (i & 7)))
			row[dx >> 3] |= (unsigned char)(0x80 >> (dx & 7));
	}
}

void bitmap_or_bits(struct bitmap *b, int x, int y, const unsigned char *src,
		    int nbits)
{
	unsigned char *row = bitmap_row(b, y);
	int shift = x & 7, nbytes = (nbits + 7) / 8, i;
	unsigned char *dst;

	if (row == NULL || nbits <= 0)
		return;
	if (x < 0 || (int64_t)x + nbits > b->width) {
		or_bits_clipped(b, row, x, src, nbits);
		return;
	}
	dst = row + (x >> 3);
	for (i = 0; i < nbytes; i++) {
		unsigned char v = src[i];

		if (i == nbytes - 1 && (nbits & 7))
			v &= (unsigned char)(0xff << (8 - (nbits & 7)));
		if (v == 0)
			continue;
		dst[i] |= (unsigned char)(v >> shift);
		/* Bits shifted out land in the next byte, which exists because
		 * x + nbits <= width. */
		if (shift && (unsigned char)(v << (8 - shift)))
			dst[i + 1] |= (unsigned char)(v << (8 - shift));
	}
}
