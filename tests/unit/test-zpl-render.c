/* The ZPL virtual printer against hand-written jobs of the subset our
 * encoder emits: exact text cells (PC437 0xDB, a full block, inks exactly
 * its cell), label pages, boxes and graphic fields; and hostile jobs that
 * must end in an error or a picture, never a crash or an overread. */
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

struct box {
	int x0, y0, x1, y1; /* ink bounding box, end exclusive */
};

static struct profile zebra(void)
{
	struct profile p;

	memset(&p, 0, sizeof p);
	strcpy(p.name, "test-zpl");
	p.language = PROFILE_ZPL;
	p.dpi = 203;
	p.width_dots = 812;
	p.height_dots = LABEL;
	return p;
}

static int render(const unsigned char *job, size_t len, struct bitmap *b,
		  struct err *e)
{
	struct profile p = zebra();

	err_clear(e);
	assert_int_equal(bitmap_init(b, p.width_dots, e), 0);
	return zpl_render(job, len, &p, b, e);
}

/* Ink bounding box of rows [y0, y1). */
static int ink(const struct bitmap *b, int y0, int y1, struct box *box)
{
	int x, y, n = 0;

	box->x0 = b->width;
	box->y0 = y1;
	box->x1 = box->y1 = 0;
	for (y = y0; y < y1; y++)
		for (x = 0; x < b->width; x++)
			if (bitmap_get(b, x, y)) {
				n++;
				box->x0 = x < box->x0 ? x : box->x0;
				box->y0 = y < box->y0 ? y : box->y0;
				box->x1 = x + 1 > box->x1 ? x + 1 : box->x1;
				box->y1 = y + 1 > box->y1 ? y + 1 : box->y1;
			}
	return n;
}

static void expect_box(const struct bitmap *b, int y0, int y1, int x0, int by0,
		       int x1, int by1)
{
	struct box box;

	assert_true(ink(b, y0, y1, &box) > 0);
	assert_int_equal(box.x0, x0);
	assert_int_equal(box.y0, by0);
	assert_int_equal(box.x1, x1);
	assert_int_equal(box.y1, by1);
}

static void test_text_cell(void **state)
{
	struct bitmap b;
	struct err e;

	assert_int_equal(render(S("^XA^PW812^LL1218^LH0,0^FO100,50"
				  "^A0N,48,24^FD\xdb\xdb^FS^PQ1^XZ"),
				&b, &e),
			 0);
	assert_int_equal(b.height, LABEL);
	/* Two 24 x 48 cells side by side from ^FO. */
	expect_box(&b, 0, b.height, 100, 50, 148, 98);
	bitmap_cleanup(&b);
}

static void test_text_utf8_and_hex(void **state)
{
	struct bitmap b;
	struct err e;

	/* U+2588 FULL BLOCK is PC437 0xDB; ^FH turns _E2_96_88 into it. */
	assert_int_equal(render(S("^XA^CI28^FO10,20^A0N,30,20^FH_"
				  "^FD_E2_96_88^FS^XZ"),
				&b, &e),
			 0);
	expect_box(&b, 0, b.height, 10, 20, 30, 50);
	bitmap_cleanup(&b);
	/* A character our font lacks: a '?' box in its cell. */
	assert_int_equal(render(S("^XA^CI28^FO10,20^A0N,30,20"
				  "^FD\xe4\xb8\xad^FS^XZ"),
				&b, &e),
			 0);
	expect_box(&b, 0, b.height, 11, 21, 29, 49);
	bitmap_cleanup(&b);
}

static void test_escaped_caret(void **state)
{
	struct bitmap b;
	struct err e;

	/* _5E is a literal '^': it must not start a command. */
	assert_int_equal(render(S("^XA^FO0,0^FH^FD_5EXZ_DB^FS^XZ"), &b, &e), 0);
	assert_true(bitmap_get(&b, 3 * 12 + 6, 12)); /* the block, 4th */
	bitmap_cleanup(&b);
}

static void test_pages(void **state)
{
	struct bitmap b;
	struct err e;
	int x, dashes = 0;

	assert_int_equal(render(S("^XA^FO0,0^FD\xdb^FS^XZ\r\n"
				  "^XA^FO0,0^FD\xdb^FS^XZ"),
				&b, &e),
			 0);
	assert_int_equal(b.height, 2 * LABEL + DRAW_PAGE_GAP);
	expect_box(&b, 0, LABEL, 0, 0, 12, 24);
	expect_box(&b, LABEL + DRAW_PAGE_GAP, b.height, 0,
		   LABEL + DRAW_PAGE_GAP, 12, LABEL + DRAW_PAGE_GAP + 24);
	for (x = 0; x < b.width; x++)
		dashes += bitmap_get(&b, x, LABEL + DRAW_PAGE_GAP / 2);
	assert_true(dashes > b.width / 3 && dashes < b.width);
	bitmap_cleanup(&b);
	/* ^LL sets the page length; an empty label still feeds. */
	assert_int_equal(render(S("^XA^LL400^XZ"), &b, &e), 0);
	assert_int_equal(b.height, 400);
	bitmap_cleanup(&b);
}

static void test_boxes_and_graphics(void **state)
{
	struct bitmap b;
	struct err e;

	assert_int_equal(render(S("^XA^FO100,100^GB50,40,40^FS"
				  "^FO300,100^GB50,40,3^FS"
				  "^FO500,100^GFA,4,4,2,F00F0FF0^FS^XZ"),
				&b, &e),
			 0);
	expect_box(&b, 0, b.height, 100, 100, 516, 140);
	assert_true(bitmap_get(&b, 125, 120));	/* filled */
	assert_true(bitmap_get(&b, 301, 120));	/* frame edge */
	assert_false(bitmap_get(&b, 325, 120)); /* frame inside */
	/* ^GF: 1 = black, MSB leftmost. */
	assert_true(bitmap_get(&b, 500, 100));
	assert_false(bitmap_get(&b, 504, 100));
	assert_true(bitmap_get(&b, 515, 100));
	assert_false(bitmap_get(&b, 500, 101));
	assert_true(bitmap_get(&b, 504, 101));
	bitmap_cleanup(&b);
}

static void test_code128_auto(void **state)
{
	struct code128 c;

	/* Odd digit run: one digit in B, then pairs in C. */
	assert_int_equal(draw_code128_auto(&c, S("10423"), NULL), 0);
	assert_string_equal(c.hri, "10423");
	assert_int_equal(c.values[0], 104); /* Start B */
	assert_int_equal(draw_code128_auto(&c, S("PD-{1"), NULL), 0);
	assert_string_equal(c.hri, "PD-{1");
	assert_int_equal(draw_code128_auto(&c, S("123456"), NULL), 0);
	assert_int_equal(c.values[0], 105); /* Start C */
	assert_int_equal(c.nvalues, 1 + 3 + 2);
}

struct bad {
	const char *name;
	const unsigned char *bytes;
	size_t len;
	int ok; /* 0: renders; -1: an error */
};

static const struct bad bad_jobs[] = {
    {"no ^XZ", S("^XA^FO10,10^FDabc^FS"), -1},
    {"caret at the end", S("^XA^XZ^"), -1},
    {"one letter at the end", S("^XA^XZ^X"), -1},
    {"huge numbers",
     S("^XA^LH99999999999999,9^FO99999999999999999999,-5"
       "^A0N,99999999999,99999999999^FDab^FS"
       "^FO0,0^GB99999999,99999999,99999999^FS^BY99999^XZ"),
     0},
    {"huge ^LL clamps", S("^XA^LL99999999999^XZ"), 0},
    {"two labels past the ceiling", S("^XA^LL15000^XZ^XA^XZ"), -1},
    {"missing ^FS", S("^XA^FO1,1^FDab^FO50,1^FDcd^XZ"), 0},
    {"^FS only", S("^XA^FS^FS^XZ"), 0},
    {"field outside a label", S("^FO1,1^FDab^FS"), 0},
    {"^GF short", S("^XA^FO0,0^GFA,10,10,2,FFFF^FS^XZ"), -1},
    {"^GF not hex", S("^XA^FO0,0^GFA,2,2,1,FG^FS^XZ"), -1},
    {"^GF huge declared", S("^XA^GFA,2147483647,1,99999,00^FS^XZ"), -1},
    {"^GF few params", S("^XA^GFA,2^FS^XZ"), -1},
    {"^GF zero row bytes", S("^XA^GFA,2,2,0,FFFF^FS^XZ"), 0},
    {"^GF wide rows", S("^XA^FO800,0^GFA,4,4,4,FFFFFFFF^FS^XZ"), 0},
    {"^BQ without QA,", S("^XA^BQN,2,4^FDhello^FS^XZ"), 0},
    {"^BQ empty", S("^XA^BQN,2,4^FDQA,^FS^XZ"), 0},
    {"^BQ manual byte", S("^XA^BQN,2,4^FDLM,B0003abc^FS^XZ"), 0},
    {"^BC control bytes", S("^XA^BCN,50^FD\x01\x02^FS^XZ"), 0},
    {"^BC too long",
     S("^XA^BCN^FD"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "x123456789012345678901234567890123456789012345678901234567890123"
       "^FS^XZ"),
     0},
    {"NUL bytes", S("^XA\0^FO\0,\0^FD\0\0^FS^XZ"), 0},
    {"tilde commands", S("~JA^XA~DGR:X.GRF,2,1,FF^XZ"), 0},
    {"^FH at the end of data", S("^XA^FH^FDab_4^FS^XZ"), 0},
};

static void test_hostile(void **state)
{
	size_t i;

	for (i = 0; i < sizeof bad_jobs / sizeof bad_jobs[0]; i++) {
		struct bitmap b;
		struct err e;
		int rc = render(bad_jobs[i].bytes, bad_jobs[i].len, &b, &e);

		if (rc != bad_jobs[i].ok)
			fail_msg("%s: rc %d (%s)", bad_jobs[i].name, rc, e.msg);
		if (rc < 0)
			assert_true(err_isset(&e));
		bitmap_cleanup(&b);
	}
}

/* Garbage made of ZPL's own alphabet reaches the most code. Exact-size heap
 * copies let ASan catch any read past the end. */
static void test_garbage(void **state)
{
	static const char alphabet[] = "^~XAZFODSBQCYGHL0N,123_9EF\r\n\xdb";
	uint32_t seed = 12345;
	int round, i;

	for (round = 0; round < 2000; round++) {
		int len = round % 97;
		unsigned char *job = malloc((size_t)len + 1);
		struct bitmap b;
		struct err e;

		assert_non_null(job);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			job[i] = round % 3 == 0
				     ? (unsigned char)(seed >> 16)
				     : (unsigned char)
					   alphabet[(seed >> 16) %
						    (sizeof alphabet - 1)];
		}
		(void)render(job, (size_t)len, &b, &e);
		bitmap_cleanup(&b);
		free(job);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_cell),
	    cmocka_unit_test(test_text_utf8_and_hex),
	    cmocka_unit_test(test_escaped_caret),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_boxes_and_graphics),
	    cmocka_unit_test(test_code128_auto),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
