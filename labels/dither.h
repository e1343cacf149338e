/* Logos for the slip: a PNG read as greyscale, scaled to the width the
 * printer gives it and reduced to 1 bit with Floyd–Steinberg error
 * diffusion, so that photos and soft edges keep their tones as dot
 * density instead of turning into black blobs. */
#ifndef PACKDESK_DITHER_H
#define PACKDESK_DITHER_H

#include "err.h"

/* Largest logo we read, in pixels each way: a logo, not a poster. */
#define DITHER_MAX_SIDE 4096

/* 8-bit greyscale, 0 = black, 255 = white, rows of width bytes. */
struct dither_gray {
	int width, height;
	unsigned char *pix;
};

void dither_gray_free(struct dither_gray *g);
/* Reads any PNG (palette, 16-bit, alpha: composited over white paper). */
int dither_png_load(const char *path, struct dither_gray *g, struct err *err);
/* Scales g to width dots (height keeps the aspect ratio) and dithers it to
 * 1 bit: rows of (width + 7) / 8 bytes, MSB leftmost, 1 = black. *bits is
 * malloc'ed; the caller frees it. */
int dither_to_bits(const struct dither_gray *g, int width, unsigned char **bits,
		   int *height, struct err *err);

#endif
