/* The TSPL virtual printer against hand-written jobs of the subset our
 * encoder emits: exact text cells (PC437 0xDB, a full block, inks exactly
 * its cell), the inverted BITMAP taken by length, pages; and hostile jobs
 * that must end in an error or a picture, never a crash or an overread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bitmap.h"
#include "draw.h"
#include "label.h"

#define S(lit) (const unsigned char *)(lit), sizeof(lit) - 1
#define LABEL 1218
#define HEAD "SIZE 101.5 mm,152.3 mm\r\nGAP 3 mm,0 mm\r\nDIRECTION 1\r\nCLS\r\n"
#define END "PRINT 1,1\r\n"

static int render(const unsigned char *job, size_t len, struct bitmap *b,
		  struct err *e)
{
	struct profile p;

	memset(&p, 0, sizeof p);
	strcpy(p.name, "test-tspl");
	p.language = PROFILE_TSPL;
	p.dpi = 203;
	p.width_dots = 812;
	p.height_dots = LABEL;
	err_clear(e);
	assert_int_equal(bitmap_init(b, p.width_dots, e), 0);
	return tspl_render(job, len, &p, b, e);
}

static void expect_box(const struct bitmap *b, int y0, int y1, int x0, int by0,
		       int x1, int by1)
{
	int x, y, n = 0, bx0 = b->width, byy0 = y1, bx1 = 0, byy1 = 0;

	for (y = y0; y < y1; y++)
		for (x = 0; x < b->width; x++)
			if (bitmap_get(b, x, y)) {
				n++;
				bx0 = x < bx0 ? x : bx0;
				byy0 = y < byy0 ? y : byy0;
				bx1 = x + 1 > bx1 ? x + 1 : bx1;
				byy1 = y + 1 > byy1 ? y + 1 : byy1;
			}
	assert_true(n > 0);
	assert_int_equal(bx0, x0);
	assert_int_equal(byy0, by0);
	assert_int_equal(bx1, x1);
	assert_int_equal(byy1, by1);
}

static void test_text_cells(void **state)
{
	struct bitmap b;
	struct err e;

	/* Font "3" is 16 x 24 dots. */
	assert_int_equal(
	    render(S(HEAD "TEXT 100,50,\"3\",0,1,1,\"\xdb\"\r\n" END), &b, &e),
	    0);
	assert_int_equal(b.height, LABEL);
	expect_box(&b, 0, b.height, 100, 50, 116, 74);
	bitmap_cleanup(&b);
	/* Multiplied 2 x 3; \["] is one literal quote, so the third block
	 * starts at 2 x 32. */
	assert_int_equal(render(S(HEAD "TEXT 10,20,\"3\",0,2,3,"
				       "\"\xdb\\[\"]\xdb\"\r\n" END),
				&b, &e),
			 0);
	expect_box(&b, 0, b.height, 10, 20, 10 + 3 * 32, 20 + 72);
	assert_true(bitmap_get(&b, 10 + 2 * 32 + 16, 20 + 36));
	bitmap_cleanup(&b);
}

static void test_bitmap_inverted(void **state)
{
	struct bitmap b;
	struct err e;

	/* A 0 bit prints black. The image holds CR and LF bytes, which must
	 * be taken as image, not as line ends: the TEXT after it draws. */
	assert_int_equal(
	    render(S(HEAD "BITMAP 10,20,2,3,0,"
			  "\x00\xff\xff\x00\r\n\n\r\r\n"
			  "TEXT 0,200,\"3\",0,1,1,\"\xdb\"\r\n" END),
		   &b, &e),
	    0);
	assert_true(bitmap_get(&b, 10, 20));
	assert_true(bitmap_get(&b, 17, 20));
	assert_false(bitmap_get(&b, 18, 20));
	assert_false(bitmap_get(&b, 10, 21));
	assert_true(bitmap_get(&b, 18, 21));
	/* 0x0D = 00001101: dots 0-3 and 6 black. */
	assert_true(bitmap_get(&b, 10, 22));
	assert_false(bitmap_get(&b, 14, 22));
	assert_true(bitmap_get(&b, 16, 22));
	expect_box(&b, 150, b.height, 0, 200, 16, 224);
	bitmap_cleanup(&b);
	/* Mode 0 overwrites: an all-white image clears a bar under it; mode
	 * 1 ORs and leaves it. */
	assert_int_equal(render(S(HEAD "BAR 0,0,100,10\r\n"
				       "BITMAP 0,0,1,10,0,\xff\xff\xff\xff\xff"
				       "\xff\xff\xff\xff\xff\r\n"
				       "BITMAP 50,0,1,10,1,\xff\xff\xff\xff\xff"
				       "\xff\xff\xff\xff\xff\r\n" END),
				&b, &e),
			 0);
	assert_false(bitmap_get(&b, 3, 3));
	assert_true(bitmap_get(&b, 20, 3));
	assert_true(bitmap_get(&b, 53, 3));
	bitmap_cleanup(&b);
}

static void test_pages_and_cls(void **state)
{
	struct bitmap b;
	struct err e;

	assert_int_equal(render(S(HEAD "BAR 0,0,12,24\r\n" END "CLS\r\n"
				       "BAR 5,5,10,10\r\nCLS\r\n"
				       "BOX 100,100,150,130,2\r\n" END),
				&b, &e),
			 0);
	assert_int_equal(b.height, 2 * LABEL + DRAW_PAGE_GAP);
	expect_box(&b, 0, LABEL, 0, 0, 12, 24);
	/* The second CLS cleared the first bar of page two. */
	expect_box(&b, LABEL + DRAW_PAGE_GAP, b.height, 100,
		   LABEL + DRAW_PAGE_GAP + 100, 150,
		   LABEL + DRAW_PAGE_GAP + 130);
	assert_false(bitmap_get(&b, 125, LABEL + DRAW_PAGE_GAP + 115));
	assert_true(bitmap_get(&b, 3, LABEL + DRAW_PAGE_GAP / 2));
	bitmap_cleanup(&b);
}

struct bad {
	const char *name;
	const unsigned char *bytes;
	size_t len;
	int ok; /* 0: renders; -1: an error */
};

static const struct bad bad_jobs[] = {
    {"empty", S(""), 0},
    {"no PRINT", S(HEAD "BAR 0,0,5,5\r\n"), -1},
    {"line without CR LF", S(HEAD "PRINT 1,1"), -1},
    {"unclosed string", S(HEAD "TEXT 1,1,\"3\",0,1,1,\"abc\r\n" END), -1},
    {"BITMAP past the end", S(HEAD "BITMAP 0,0,4,4,0,\x00\x00\x00"), -1},
    {"BITMAP huge", S(HEAD "BITMAP 0,0,65535,65535,0,\x00\r\n" END), -1},
    {"BITMAP huge numbers",
     S(HEAD "BITMAP 99999999999,99999999999,1,1,0,\x00\r\n" END), 0},
    {"BITMAP header cut", S(HEAD "BITMAP 0,0,2"), -1},
    {"BITMAP header over a line", S(HEAD "BITMAP 0,0\r\n,1,1,0,\x00"), -1},
    {"BITMAP no line end",
     S(HEAD "BITMAP 800,0,20,2,2,"
	    "0123456789012345678901234567890123456789"
	    "PRINT 1\r\n"),
     0},
    {"huge numbers",
     S(HEAD "TEXT 99999999999,-5,\"3\",0,99999999,99999999,\"ab\"\r\n"
	    "BAR 0,0,99999999999,99999999999\r\n"
	    "BOX 9,9,1,1,999999999\r\n"
	    "QRCODE 0,0,H,99999999,A,0,M2,\"x\"\r\n"
	    "BARCODE 0,0,\"128\",99999999,9,0,99999,99999,\"1\"\r\n" END),
     0},
    {"too few parameters",
     S(HEAD "TEXT 1\r\nQRCODE\r\nBARCODE 1,2\r\nBAR\r\nBOX\r\n" END), 0},
    {"unknown font and type",
     S(HEAD "TEXT 0,0,\"ROMAN.TTF\",0,1,1,\"a\"\r\n"
	    "BARCODE 0,0,\"EAN13\",50,1,0,2,4,\"123\"\r\n" END),
     0},
    {"empty QR and barcode",
     S(HEAD "QRCODE 0,0,M,4,A,0,M2,\"\"\r\n"
	    "BARCODE 0,0,\"128\",50,1,0,2,4,\"\"\r\n" END),
     0},
    {"bare LF lines and NULs", S("CLS\n\0\0\nPRINT 1\n"), 0},
    /* \[" without its ] is a backslash, a bracket, then the closing quote. */
    {"escape cut short", S(HEAD "TEXT 0,0,\"3\",0,1,1,\"a\\[\"\r\n" END), 0},
};

static void test_hostile(void **state)
{
	size_t i;

	for (i = 0; i < sizeof bad_jobs / sizeof bad_jobs[0]; i++) {
		struct bitmap b;
		struct err e;
		unsigned char *job = malloc(bad_jobs[i].len + 1);
		int rc;

		/* An exact-size heap copy: ASan sees any read past it. */
		assert_non_null(job);
		memcpy(job, bad_jobs[i].bytes, bad_jobs[i].len);
		rc = render(job, bad_jobs[i].len, &b, &e);
		if (rc != bad_jobs[i].ok)
			fail_msg("%s: rc %d (%s)", bad_jobs[i].name, rc, e.msg);
		if (rc < 0)
			assert_true(err_isset(&e));
		bitmap_cleanup(&b);
		free(job);
	}
}

static void test_garbage(void **state)
{
	static const char *const words[] = {
	    "CLS\r\n", "PRINT 1,1\r\n", "TEXT ", "BITMAP ", "BAR ", "BOX ",
	    "QRCODE ", "BARCODE ",	"\"",	 "\\[\"]",  ",",    "9",
	    "128",     "\r\n",		"\n",	 "\xff",    "\0"};
	uint32_t seed = 777;
	int round, i;

	for (round = 0; round < 2000; round++) {
		unsigned char *job = malloc(512);
		size_t len = 0;
		struct bitmap b;
		struct err e;

		assert_non_null(job);
		for (i = 0; i < round % 40; i++) {
			const char *w;
			size_t n;

			seed = seed * 1103515245u + 12345u;
			w = words[(seed >> 16) %
				  (sizeof words / sizeof *words)];
			n = w[0] ? strlen(w) : 1;
			memcpy(job + len, w, n);
			len += n;
		}
		(void)render(job, len, &b, &e);
		bitmap_cleanup(&b);
		free(job);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_cells),
	    cmocka_unit_test(test_bitmap_inverted),
	    cmocka_unit_test(test_pages_and_cls),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
