/* The 1-bit canvas: bounds, growth ceiling, clipping, and the byte-wise
 * fast paths checked against a dot-by-dot reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bitmap.h"

static int ink(const struct bitmap *b)
{
	int x, y, n = 0;

	for (y = 0; y < b->height; y++)
		for (x = 0; x < b->width; x++)
			n += bitmap_get(b, x, y);
	return n;
}

/* No dot may be set in the padding bits past the width. */
static void assert_padding_clear(const struct bitmap *b)
{
	int y, pad = (int)b->stride * 8 - b->width;

	if (pad == 0)
		return;
	for (y = 0; y < b->height; y++) {
		unsigned char last =
		    b->bits[(size_t)y * b->stride + b->stride - 1];

		assert_int_equal(last & ((1u << pad) - 1), 0);
	}
}

static void test_init_bounds(void **state)
{
	static const struct {
		int width, rc;
		size_t stride;
	} cases[] = {
	    {0, -1, 0},	  {-5, -1, 0},	{BITMAP_MAX_WIDTH + 1, -1, 0},
	    {1, 0, 1},	  {8, 0, 1},	{9, 0, 2},
	    {384, 0, 48}, {576, 0, 72}, {BITMAP_MAX_WIDTH, 0, 512},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bitmap b;
		struct err e;

		err_clear(&e);
		assert_int_equal(bitmap_init(&b, cases[i].width, &e),
				 cases[i].rc);
		assert_int_equal(err_isset(&e), cases[i].rc != 0);
		if (cases[i].rc == 0) {
			assert_int_equal(b.stride, cases[i].stride);
			assert_int_equal(b.height, 0);
		}
		bitmap_cleanup(&b);
	}
}

static void test_ensure_grows_white_and_caps(void **state)
{
	struct bitmap b;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(bitmap_init(&b, 576, &e), 0);
	assert_int_equal(bitmap_ensure(&b, 0, &e), 0);
	assert_int_equal(bitmap_ensure(&b, 10, &e), 0);
	assert_int_equal(b.height, 10);
	bitmap_fill(&b, 0, 0, 576, 10);
	assert_int_equal(ink(&b), 5760);
	/* Shrinking is a no-op; growing keeps old rows and adds white. */
	assert_int_equal(bitmap_ensure(&b, 5, &e), 0);
	assert_int_equal(b.height, 10);
	assert_int_equal(bitmap_ensure(&b, 3000, &e), 0);
	assert_int_equal(ink(&b), 5760);
	assert_int_equal(bitmap_ensure(&b, BITMAP_MAX_HEIGHT, &e), 0);
	assert_int_equal(b.height, BITMAP_MAX_HEIGHT);
	assert_false(err_isset(&e));
	assert_int_equal(bitmap_ensure(&b, BITMAP_MAX_HEIGHT + 1, &e), -1);
	assert_true(err_isset(&e));
	assert_int_equal(b.height, BITMAP_MAX_HEIGHT);
	bitmap_cleanup(&b);
}

static void test_set_get_out_of_range(void **state)
{
	static const int pts[][2] = {
	    {-1, 0},
	    {0, -1},
	    {13, 0},
	    {0, 4},
	    {INT32_MIN, 2},
	    {2, INT32_MAX},
	    {INT32_MAX, INT32_MAX},
	};
	struct bitmap b;
	size_t i;

	(void)state;
	assert_int_equal(bitmap_init(&b, 13, NULL), 0);
	bitmap_set(&b, 0, 0); /* no rows yet: ignored */
	assert_int_equal(bitmap_ensure(&b, 4, NULL), 0);
	for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		bitmap_set(&b, pts[i][0], pts[i][1]);
		assert_int_equal(bitmap_get(&b, pts[i][0], pts[i][1]), 0);
	}
	assert_int_equal(ink(&b), 0);
	bitmap_set(&b, 12, 3);
	assert_int_equal(bitmap_get(&b, 12, 3), 1);
	assert_null(bitmap_row(&b, 4));
	assert_non_null(bitmap_row(&b, 3));
	assert_padding_clear(&b);
	bitmap_cleanup(&b);
}

static void test_fill_clips(void **state)
{
	static const struct {
		int x, y, w, h, dots;
	} cases[] = {
	    {0, 0, 21, 5, 105},
	    {-10, -10, 15, 12, 10},
	    {3, 1, 1, 1, 1},
	    {7, 0, 2, 1, 2},
	    {8, 0, 8, 1, 8},
	    {15, 2, 100, 100, 18},
	    {21, 0, 5, 5, 0},
	    {0, 5, 5, 5, 0},
	    {2, 2, 0, 3, 0},
	    {2, 2, -4, 3, 0},
	    {INT32_MAX, 0, INT32_MAX, 1, 0},
	    {INT32_MIN, 0, INT32_MAX, 5, 0},
	    {-3, 0, INT32_MAX, 1, 21},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bitmap b;

		assert_int_equal(bitmap_init(&b, 21, NULL), 0);
		assert_int_equal(bitmap_ensure(&b, 5, NULL), 0);
		bitmap_fill(&b, cases[i].x, cases[i].y, cases[i].w, cases[i].h);
		assert_int_equal(ink(&b), cases[i].dots);
		assert_padding_clear(&b);
		bitmap_cleanup(&b);
	}
}

/* bitmap_or_bits against setting each dot, for every shift and length. */
static void test_or_bits_matches_reference(void **state)
{
	unsigned char src[8];
	struct bitmap fast, ref;
	int x, n, i;
	unsigned seed = 12345;

	(void)state;
	assert_int_equal(bitmap_init(&fast, 45, NULL), 0);
	assert_int_equal(bitmap_init(&ref, 45, NULL), 0);
	assert_int_equal(bitmap_ensure(&fast, 1, NULL), 0);
	assert_int_equal(bitmap_ensure(&ref, 1, NULL), 0);
	for (x = -20; x < 50; x++) {
		for (n = 0; n <= 64; n++) {
			for (i = 0; i < 8; i++) {
				seed = seed * 1103515245u + 12345u;
				src[i] = (unsigned char)(seed >> 16);
			}
			memset(fast.bits, 0, fast.stride);
			memset(ref.bits, 0, ref.stride);
			bitmap_or_bits(&fast, x, 0, src, n);
			for (i = 0; i < n; i++)
				if (src[i >> 3] & (0x80 >> (i & 7)))
					bitmap_set(&ref, x + i, 0);
			assert_memory_equal(fast.bits, ref.bits, fast.stride);
		}
	}
	/* Rows that do not exist are ignored. */
	bitmap_or_bits(&fast, 0, 1, src, 8);
	bitmap_or_bits(&fast, 0, -1, src, 8);
	bitmap_cleanup(&fast);
	bitmap_cleanup(&ref);
}

static void test_png_roundtrip_header(void **state)
{
	static const unsigned char sig[] = {0x89, 'P',	'N',  'G',
					    '\r', '\n', 0x1a, '\n'};
	unsigned char head[26];
	struct bitmap b;
	struct err e;
	FILE *f;

	(void)state;
	err_clear(&e);
	assert_int_equal(bitmap_init(&b, 384, &e), 0);
	/* An empty canvas is not a valid PNG. */
	assert_int_equal(bitmap_write_png(&b, "empty.png", &e), -1);
	assert_true(err_isset(&e));
	err_clear(&e);
	assert_int_equal(bitmap_ensure(&b, 7, &e), 0);
	bitmap_fill(&b, 10, 2, 30, 3);
	assert_int_equal(bitmap_write_png(&b, "out.png", &e), 0);
	f = fopen("out.png", "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	fclose(f);
	assert_memory_equal(head, sig, sizeof sig);
	/* IHDR: width, height, bit depth 1, colour type 0 (greyscale). */
	assert_int_equal(
	    head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19], 384);
	assert_int_equal(head[23], 7);
	assert_int_equal(head[24], 1);
	assert_int_equal(head[25], 0);
	assert_int_equal(bitmap_write_png(&b, "no/such/dir/x.png", &e), -1);
	assert_non_null(strstr(e.msg, "no/such/dir/x.png"));
	bitmap_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_bounds),
	    cmocka_unit_test(test_ensure_grows_white_and_caps),
	    cmocka_unit_test(test_set_get_out_of_range),
	    cmocka_unit_test(test_fill_clips),
	    cmocka_unit_test(test_or_bits_matches_reference),
	    cmocka_unit_test(test_png_roundtrip_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
