/* Floyd–Steinberg dithering: tones become dot density, flat areas stay
 * flat, scaling keeps the aspect ratio, and PNGs load as greyscale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bitmap.h"
#include "dither.h"

static void gray_fill(struct dither_gray *g, int w, int h,
		      int (*f)(int x, int y))
{
	int x, y;

	g->width = w;
	g->height = h;
	g->pix = malloc((size_t)w * (size_t)h);
	assert_non_null(g->pix);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			g->pix[(size_t)y * w + x] = (unsigned char)f(x, y);
}

static int black_in(const unsigned char *bits, int w, int x0, int x1, int y0,
		    int y1)
{
	size_t stride = (size_t)(w + 7) / 8;
	int x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			n += (bits[y * stride + x / 8] >> (7 - x % 8)) & 1;
	return n;
}

static int gradient(int x, int y)
{
	(void)y;
	return x;
}

static int white(int x, int y)
{
	(void)x, (void)y;
	return 255;
}

static int black(int x, int y)
{
	(void)x, (void)y;
	return 0;
}

static int grey50(int x, int y)
{
	(void)x, (void)y;
	return 128;
}

/* A left-to-right ramp: density follows the tone, within a few percent. */
static void test_gradient_density(void **state)
{
	struct dither_gray g;
	unsigned char *bits;
	int h, band, n, want;

	gray_fill(&g, 256, 64, gradient);
	assert_int_equal(dither_to_bits(&g, 256, &bits, &h, NULL), 0);
	assert_int_equal(h, 64);
	for (band = 0; band < 256; band += 32) {
		n = black_in(bits, 256, band, band + 32, 0, 64);
		want = (255 - (band + 16)) * 32 * 64 / 255;
		assert_in_range(n, want - 32 * 64 / 20, want + 32 * 64 / 20);
	}
	free(bits);
	dither_gray_free(&g);
}

static void test_flat(void **state)
{
	struct dither_gray g;
	unsigned char *bits;
	int h, n;

	gray_fill(&g, 40, 10, white);
	assert_int_equal(dither_to_bits(&g, 40, &bits, &h, NULL), 0);
	assert_int_equal(black_in(bits, 40, 0, 40, 0, 10), 0);
	free(bits);
	dither_gray_free(&g);
	gray_fill(&g, 40, 10, black);
	assert_int_equal(dither_to_bits(&g, 40, &bits, &h, NULL), 0);
	assert_int_equal(black_in(bits, 40, 0, 40, 0, 10), 400);
	free(bits);
	dither_gray_free(&g);
	/* Mid grey: about half the dots, and never a solid run of rows. */
	gray_fill(&g, 100, 100, grey50);
	assert_int_equal(dither_to_bits(&g, 100, &bits, &h, NULL), 0);
	n = black_in(bits, 100, 0, 100, 0, 100);
	assert_in_range(n, 4700, 5300);
	free(bits);
	dither_gray_free(&g);
}

/* Shrinking to the printer's width keeps the aspect ratio. */
static void test_scale(void **state)
{
	struct dither_gray g;
	unsigned char *bits;
	int h;

	gray_fill(&g, 1000, 500, gradient);
	assert_int_equal(dither_to_bits(&g, 576, &bits, &h, NULL), 0);
	assert_int_equal(h, 288);
	free(bits);
	assert_int_equal(dither_to_bits(&g, 0, &bits, &h, NULL), ERR_FAIL);
	assert_null(bits);
	dither_gray_free(&g);
}

/* A PNG round trip: the 1-bit canvas writer's file reads back as black
 * and white greyscale. */
static void test_png_load(void **state)
{
	struct bitmap b;
	struct dither_gray g;
	struct err err;

	err_clear(&err);
	assert_int_equal(bitmap_init(&b, 16, &err), 0);
	assert_int_equal(bitmap_ensure(&b, 4, &err), 0);
	bitmap_fill(&b, 0, 0, 8, 4);
	assert_int_equal(bitmap_write_png(&b, "logo.png", &err), 0);
	bitmap_cleanup(&b);
	assert_int_equal(dither_png_load("logo.png", &g, &err), 0);
	assert_int_equal(g.width, 16);
	assert_int_equal(g.height, 4);
	assert_int_equal(g.pix[0], 0);
	assert_int_equal(g.pix[15], 255);
	dither_gray_free(&g);
	assert_int_equal(dither_png_load("nope.png", &g, &err), ERR_FAIL);
	assert_string_equal(err.msg, "nope.png: No such file or directory");
	err_clear(&err);
	{
		FILE *f = fopen("junk.png", "w");

		fputs("not a png at all", f);
		fclose(f);
	}
	assert_int_equal(dither_png_load("junk.png", &g, &err), ERR_FAIL);
	assert_null(g.pix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gradient_density),
	    cmocka_unit_test(test_flat),
	    cmocka_unit_test(test_scale),
	    cmocka_unit_test(test_png_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
