/* The virtual printer against exact layouts and hostile bytes. Layout cases
 * print PC437 0xDB (a full block filling its cell) so that the ink bounding
 * box is exactly the character cells; probes check single dots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bitmap.h"
#include "escpos-render.h"
#include "font.h"

#define S(lit) (const unsigned char *)(lit), sizeof(lit) - 1
#define MARGIN 8 /* bottom margin the renderer adds */

struct box {
	int x0, y0, x1, y1; /* ink bounding box, end exclusive; all 0: none */
};

struct probe {
	int x, y, black;
};

struct layout {
	const char *name;
	const unsigned char *bytes;
	size_t len;
	int width, height;
	struct box ink;
	struct probe probes[3];
};

static int render(const unsigned char *bytes, size_t len, int width,
		  struct bitmap *b, struct err *e)
{
	err_clear(e);
	assert_int_equal(bitmap_init(b, width, e), 0);
	return escpos_render(bytes, len, b, e);
}

static int ink_box(const struct bitmap *b, struct box *box)
{
	int x, y, n = 0;

	memset(box, 0, sizeof *box);
	box->x0 = b->width;
	box->y0 = b->height;
	for (y = 0; y < b->height; y++) {
		for (x = 0; x < b->width; x++) {
			if (!bitmap_get(b, x, y))
				continue;
			n++;
			box->x0 = x < box->x0 ? x : box->x0;
			box->y0 = y < box->y0 ? y : box->y0;
			box->x1 = x + 1 > box->x1 ? x + 1 : box->x1;
			box->y1 = y + 1 > box->y1 ? y + 1 : box->y1;
		}
	}
	if (n == 0)
		memset(box, 0, sizeof *box);
	return n;
}

static const struct layout layouts[] = {
    {"empty job", S(""), 576, MARGIN, {0}, {{0}}},
    {"no LF: stays in the buffer", S("\xdb"), 576, MARGIN, {0}, {{0}}},
    {"one cell", S("\xdb\n"), 576, 30 + MARGIN, {0, 0, 12, 24}, {{0}}},
    {"centre",
     S("\x1b"
       "a\x01\xdb\n"),
     576,
     38,
     {282, 0, 294, 24},
     {{0}}},
    {"centre, ASCII digit",
     S("\x1b"
       "a1\xdb\n"),
     576,
     38,
     {282, 0, 294, 24},
     {{0}}},
    {"right",
     S("\x1b"
       "a\x02\xdb\n"),
     576,
     38,
     {564, 0, 576, 24},
     {{0}}},
    {"right on 58 mm",
     S("\x1b"
       "a\x02\xdb\n"),
     384,
     38,
     {372, 0, 384, 24},
     {{0}}},
    {"ESC a mid-line is ignored",
     S("\xdb\x1b"
       "a\x02\xdb\n"),
     576,
     38,
     {0, 0, 24, 24},
     {{0}}},
    {"GS ! 0x11",
     S("\x1d!\x11\xdb\n"),
     576,
     48 + MARGIN,
     {0, 0, 24, 48},
     {{0}}},
    {"GS ! 0x77",
     S("\x1d!\x77\xdb\n"),
     576,
     192 + MARGIN,
     {0, 0, 96, 192},
     {{0}}},
    {"GS ! out of range ignored",
     S("\x1d!\x88\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    {"ESC ! double both", S("\x1b!\x30\xdb\n"), 576, 56, {0, 0, 24, 48}, {{0}}},
    {"heights share the bottom",
     S("\xdb\x1d!\x01\xdb\n"),
     576,
     56,
     {0, 0, 24, 48},
     {{5, 10, 0}, {5, 30, 1}, {15, 2, 1}}},
    {"ESC 3 50",
     S("\x1b"
       "3\x32\xdb\n"),
     576,
     50 + MARGIN,
     {0, 0, 12, 24},
     {{0}}},
    {"spacing below glyph height",
     S("\x1b"
       "3\x00\xdb\n"),
     576,
     24 + MARGIN,
     {0, 0, 12, 24},
     {{0}}},
    {"ESC 2 restores 30",
     S("\x1b"
       "3\x32\x1b"
       "2\n"),
     576,
     38,
     {0},
     {{0}}},
    {"ESC J", S("\x1bJ\x64"), 576, 100 + MARGIN, {0}, {{0}}},
    {"ESC J under a line",
     S("\xdb\x1bJ\x0a"),
     576,
     24 + MARGIN,
     {0, 0, 12, 24},
     {{0}}},
    {"ESC d 3",
     S("\x1b"
       "d\x03"),
     576,
     90 + MARGIN,
     {0},
     {{0}}},
    {"ESC d 0 prints",
     S("\xdb\x1b"
       "d\x00"),
     576,
     24 + MARGIN,
     {0, 0, 12, 24},
     {{0}}},
    {"empty lines feed",
     S("\n\n\xdb\n"),
     576,
     90 + MARGIN,
     {0, 60, 12, 84},
     {{0}}},
    {"Font B", S("\x1bM\x01\xdb\n"), 576, 38, {0, 0, 9, 17}, {{0}}},
    {"ESC ! Font B", S("\x1b!\x01\xdb\xdb\n"), 576, 38, {0, 0, 18, 17}, {{0}}},
    {"underline 2", S("\x1b-\x02 \n"), 576, 38, {0, 22, 12, 24}, {{0}}},
    {"underline 1", S("\x1b-1 \n"), 576, 38, {0, 23, 12, 24}, {{0}}},
    {"ESC ! underline", S("\x1b!\x80 \n"), 576, 38, {0, 23, 12, 24}, {{0}}},
    {"underline 3 ignored", S("\x1b-\x03 \n"), 576, 38, {0}, {{0}}},
    {"ESC SP",
     S("\x1b \x04\xdb\xdb\n"),
     576,
     38,
     {0, 0, 28, 24},
     {{13, 5, 0}, {16, 5, 1}}},
    {"HT default stops", S("\t\xdb\n"), 576, 38, {96, 0, 108, 24}, {{0}}},
    {"ESC D stops",
     S("\x1b"
       "D\x02\x05\x00\t\t\xdb\n"),
     576,
     38,
     {60, 0, 72, 24},
     {{0}}},
    {"ESC D cleared",
     S("\x1b"
       "D\x00\t\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    {"status and controls print nothing",
     S("\x10\x04\x01\r\x00\x07\x10\x05\x02\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    {"unknown ESC skips two bytes",
     S("\x1b\x01\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    /* GB18030 B0 A1 is U+554A, drawn by textraster in a 24x24 cell. */
    {"CJK character",
     S("\x1c&\xb0\xa1\n"),
     576,
     38,
     {3, 4, 21, 21},
     {{1, 1, 0}, {22, 22, 0}}},
    {"CJK off", S("\x1c&\x1c.\xdb\xdb\n"), 576, 38, {0, 0, 24, 24}, {{0}}},
    {"ESC @ drops the buffer", S("\xdb\x1b@\n"), 576, 38, {0}, {{0}}},
    {"ESC @ resets size",
     S("\x1d!\x11\x1b@\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    {"raster",
     S("\x1dv0\x00\x01\x00\x02\x00\xff\x81"),
     576,
     2 + MARGIN,
     {0, 0, 8, 2},
     {{3, 1, 0}, {7, 1, 1}}},
    {"raster double",
     S("\x1dv0\x03\x01\x00\x02\x00\xff\x81"),
     576,
     4 + MARGIN,
     {0, 0, 16, 4},
     {{6, 3, 0}, {15, 3, 1}}},
    {"raster centred",
     S("\x1b"
       "a\x01\x1dv0\x00\x01\x00\x01\x00\xff"),
     576,
     1 + MARGIN,
     {284, 0, 292, 1},
     {{0}}},
    {"raster prints the pending line first",
     S("\xdb\x1dv0\x00\x01\x00\x01\x00\xff"),
     576,
     31 + MARGIN,
     {0, 0, 12, 31},
     {{0, 30, 1}}},
    {"cut",
     S("\x1dV\x00"),
     576,
     1 + MARGIN,
     {0, 0, 568, 1},
     {{0, 0, 1}, {8, 0, 0}, {16, 0, 1}}},
    {"cut feeds the line",
     S("\xdb\x1dV1"),
     576,
     31 + MARGIN,
     {0, 0, 568, 31},
     {{0, 30, 1}}},
    {"cut after feed",
     S("\x1dVB\x10"),
     576,
     17 + MARGIN,
     {0, 16, 568, 17},
     {{0}}},
    {"ESC i cut", S("\x1bi"), 384, 1 + MARGIN, {0, 0, 376, 1}, {{0}}},
    {"Code 128 centred",
     S("\x1dh\x32\x1dw\x02\x1dH\x00\x1b"
       "a\x01\x1dkI\x07{B10423"),
     576,
     50 + MARGIN,
     {198, 0, 378, 50},
     /* Start B is 2-1-1-2-1-4: a 2-module bar, then a space. */
     {{198, 0, 1}, {201, 49, 1}, {202, 0, 0}}},
    {"Code 128 with HRI below",
     S("\x1dh\x32\x1dw\x02\x1dH\x02\x1dkI\x07{B10423"),
     576,
     50 + 24 + MARGIN,
     {0, 0, 180, 69},
     {{0}}},
    {"Code 128 HRI above and below",
     S("\x1dh\x32\x1dw\x02\x1dH\x03\x1dkI\x07{B10423"),
     576,
     24 + 50 + 24 + MARGIN,
     {0, 4, 180, 93},
     {{0, 24, 1}}},
    {"Code 128 wider than the paper is dropped",
     S("\x1dw\x06\x1dkI\x2a{B0123456789012345678901234567890123456789"),
     576,
     MARGIN,
     {0},
     {{0}}},
    {"Code 128 with bad data is dropped",
     S("\x1dkI\x03{D1\xdb\n"),
     576,
     38,
     {0, 0, 12, 24},
     {{0}}},
    {"other symbologies are skipped",
     S("\x1dk\x04*12*\x00\x1dkE\x02"
       "12"),
     576,
     MARGIN,
     {0},
     {{0}}},
    /* Version 1 is 21 modules; at 4 dots 84x84. */
    {"QR",
     S("\x1d(k\x03\x00"
       "1C\x04\x1d(k\x08\x00"
       "1P0HELLO"
       "\x1d(k\x03\x00"
       "1Q0"),
     576,
     84 + MARGIN,
     {0, 0, 84, 84},
     {{5, 5, 0}, {10, 10, 1}, {83, 0, 1}}},
    {"QR centred",
     S("\x1b"
       "a\x01\x1d(k\x03\x00"
       "1C\x04\x1d(k\x08\x00"
       "1P0HELLO"
       "\x1d(k\x03\x00"
       "1Q0"),
     576,
     84 + MARGIN,
     {246, 0, 330, 84},
     {{0}}},
    {"QR without data prints nothing",
     S("\x1d(k\x03\x00"
       "1Q0"),
     576,
     MARGIN,
     {0},
     {{0}}},
    {"QR wider than the paper is dropped",
     S("\x1d(k\x03\x00"
       "1C\x10\x1d(k\x08\x00"
       "1P0HELLO"
       "\x1d(k\x03\x00"
       "1Q0"),
     300,
     MARGIN,
     {0},
     {{0}}},
    {"cell wider than the paper is dropped",
     S("\x1d!\x77\xdb\n"),
     50,
     38,
     {0},
     {{0}}},
};

static void check_layout(const struct layout *l)
{
	struct bitmap b;
	struct err e;
	struct box box;
	int i;

	if (render(l->bytes, l->len, l->width, &b, &e) != 0)
		fail_msg("%s: %s", l->name, e.msg);
	ink_box(&b, &box);
	if (b.height != l->height || memcmp(&box, &l->ink, sizeof box) != 0)
		fail_msg("%s: height %d box %d,%d-%d,%d; want %d box "
			 "%d,%d-%d,%d",
			 l->name, b.height, box.x0, box.y0, box.x1, box.y1,
			 l->height, l->ink.x0, l->ink.y0, l->ink.x1, l->ink.y1);
	for (i = 0; i < 3; i++) {
		const struct probe *p = &l->probes[i];

		if (p->black == 0 && p->x == 0 && p->y == 0)
			continue;
		if (bitmap_get(&b, p->x, p->y) != p->black)
			fail_msg("%s: dot %d,%d is not %s", l->name, p->x, p->y,
				 p->black ? "black" : "white");
	}
	bitmap_cleanup(&b);
}

static void test_layouts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
		check_layout(&layouts[i]);
}

/* 48 Font A cells fill 80 mm, 32 fill 58 mm; one more wraps. */
static void test_wrap(void **state)
{
	static const int widths[] = {576, 384};
	unsigned char job[64];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		int cols = widths[i] / 12;
		struct bitmap b;
		struct err e;
		struct box box;

		memset(job, 0xdb, (size_t)cols + 1);
		job[cols + 1] = '\n';
		assert_int_equal(
		    render(job, (size_t)cols + 2, widths[i], &b, &e), 0);
		ink_box(&b, &box);
		assert_int_equal(box.x1, widths[i]);
		assert_int_equal(box.y1, 30 + 24);
		assert_int_equal(b.height, 60 + MARGIN);
		assert_int_equal(bitmap_get(&b, 11, 40), 1);
		assert_int_equal(bitmap_get(&b, 12, 40), 0);
		bitmap_cleanup(&b);
	}
}

/* The glyph on paper is the font's glyph; bold has more ink. */
static void test_glyphs_from_font(void **state)
{
	const struct font_face *f = font_face_get(FONT_A, 0);
	const uint16_t *g = font_glyph(f, 'A');
	struct bitmap b, bold;
	struct err e;
	struct box box;
	int x, y;

	(void)state;
	assert_int_equal(render(S("A\n"), 576, &b, &e), 0);
	for (y = 0; y < 24; y++)
		for (x = 0; x < 16; x++)
			assert_int_equal(bitmap_get(&b, x, y),
					 x < 12 && (g[y] & (0x8000 >> x)));
	assert_int_equal(render(S("\x1b"
				  "E\x01"
				  "A\n"),
				576, &bold, &e),
			 0);
	assert_true(ink_box(&bold, &box) > ink_box(&b, &box));
	bitmap_cleanup(&b);
	bitmap_cleanup(&bold);
}

/* Every glyph stays inside its cell; space is blank, letters are not. */
static void test_font_tables(void **state)
{
	int font, bold, c, r;

	(void)state;
	for (font = FONT_A; font <= FONT_B; font++) {
		for (bold = 0; bold <= 1; bold++) {
			const struct font_face *f = font_face_get(font, bold);
			uint16_t outside = (uint16_t)(0xffff >> f->width);

			assert_int_equal(f->width, font == FONT_A ? 12 : 9);
			assert_int_equal(f->height, font == FONT_A ? 24 : 17);
			for (c = 0; c < 256; c++)
				for (r = 0; r < f->height; r++)
					assert_int_equal(
					    font_glyph(f, (unsigned char)c)[r] &
						outside,
					    0);
			for (r = 0; r < f->height; r++)
				assert_int_equal(font_glyph(f, ' ')[r], 0);
			assert_int_not_equal(font_glyph(f, 'A')[10], 0);
		}
	}
}

/* Rendering again continues below the rows already there. */
static void test_appends(void **state)
{
	struct bitmap b;
	struct err e;
	struct box box;

	(void)state;
	assert_int_equal(render(S("\xdb\n"), 576, &b, &e), 0);
	assert_int_equal(escpos_render(S("\xdb\n"), &b, &e), 0);
	assert_int_equal(b.height, 38 + 38);
	ink_box(&b, &box);
	assert_int_equal(box.y1, 38 + 24);
	bitmap_cleanup(&b);
}

static void test_render_png(void **state)
{
	struct err e;
	FILE *f;

	(void)state;
	err_clear(&e);
	assert_int_equal(escpos_render_png(S("Hello\n"), 384, "x.png", &e), 0);
	f = fopen("x.png", "rb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(escpos_render_png(S("\x1b"), 384, "y.png", &e), -1);
	assert_true(err_isset(&e));
	assert_null(fopen("y.png", "rb"));
	err_clear(&e);
	assert_int_equal(escpos_render_png(S("A\n"), 0, "z.png", &e), -1);
	assert_true(err_isset(&e));
}

/* Complete commands render; every proper prefix is a truncation error. */
static void test_truncated(void **state)
{
	static const struct {
		const unsigned char *bytes;
		size_t len;
	} cmds[] = {
	    {S("\x1b!\x00")},
	    {S("\x1b"
	       "3\x10")},
	    {S("\x1b"
	       "a\x01")},
	    {S("\x1b"
	       "d\x01")},
	    {S("\x1bJ\x05")},
	    {S("\x1bW\x00\x00\x00\x00\x10\x00\x10\x00")},
	    {S("\x1b"
	       "D\x01\x02\x00")},
	    {S("\x1b&\x03\x20\x21\x01\xaa\xbb\xcc\x01\xaa\xbb\xcc")},
	    {S("\x1b*\x00\x02\x00\xaa\xbb")},
	    {S("\x1b*\x21\x01\x00\xaa\xbb\xcc")},
	    {S("\x1bp\x00\x19\xfa")},
	    {S("\x1d!\x11")},
	    {S("\x1d(k\x03\x00"
	       "1C\x04")},
	    {S("\x1d(k\x06\x00"
	       "1P0abc")},
	    {S("\x1d(L\x02\x00"
	       "02")},
	    {S("\x1dv0\x00\x01\x00\x01\x00\xff")},
	    {S("\x1dV\x00")},
	    {S("\x1dVB\x00")},
	    {S("\x1dkI\x03{B1")},
	    {S("\x1dk\x04"
	       "12\x00")},
	    {S("\x1d"
	       "8L\x02\x00\x00\x00xy")},
	    {S("\x1d*\x01\x01\x01\x02\x03\x04\x05\x06\x07\x08")},
	    {S("\x1c(A\x01\x00x")},
	    {S("\x1cp\x01\x00")},
	    {S("\x10\x04\x01")},
	    {S("\x10\x04\x07\x01")},
	    {S("\x10\x14\x08\x01\x03\x14\x01\x06\x02\x08")},
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		for (n = 1; n <= cmds[i].len; n++) {
			struct bitmap b;
			struct err e;
			int rc = render(cmds[i].bytes, n, 576, &b, &e);

			if (rc != (n == cmds[i].len ? 0 : -1) ||
			    err_isset(&e) != (rc != 0))
				fail_msg("command %zu cut at %zu: rc %d (%s)",
					 i, n, rc, e.msg);
			bitmap_cleanup(&b);
		}
	}
}

static unsigned char *repeat(const char *unit, size_t ulen, size_t times,
			     size_t *len)
{
	unsigned char *p = malloc(ulen * times);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < times; i++)
		memcpy(p + i * ulen, unit, ulen);
	*len = ulen * times;
	return p;
}

/* Sizes at their limits: refused or dropped, never an overflow. */
static void test_huge(void **state)
{
	static const struct {
		const char *unit;
		size_t ulen, times;
		int width, rc;
	} cases[] = {
	    /* Claimed sizes far beyond the data. */
	    {"\x1dv0\x00\xff\xff\xff\xff", 8, 1, 576, -1},
	    {"\x1d(k\xff\xff", 5, 1, 576, -1},
	    {"\x1d"
	     "8L\xff\xff\xff\xff",
	     7, 1, 576, -1},
	    {"\x1c(A\xff\xff", 5, 1, 576, -1},
	    /* Paper longer than the canvas ceiling. */
	    {"\x1b"
	     "d\xff",
	     3, 300, 576, -1},
	    {"\x1bJ\xff", 3, 100, 576, -1},
	    {"\x1d!\x77\xdb\n", 5, 200, 576, -1},
	    /* Big but fine. */
	    {"\x1b \xff\x1d!\x77"
	     "AB\n",
	     8, 20, 576, 0},
	    {"\x1d!\x77\xdb\n", 5, 20, 8, 0},
	    {"\x1d"
	     "D\x01",
	     3, 1000, 576, 0},
	    {"\t", 1, 1000, 576, 0},
	    {"\xdb", 1, 10000, 384, 0},
	    {"\xdb", 1, 100000, 384, -1},
	    {"\x1dh\xff\x1dw\x06\x1dH\x03\x1dkI\x04{C\x01\x02", 18, 20, 576, 0},
	    {"\x1d(k\x03\x00"
	     "1C\x10\x1d(k\x03\x00"
	     "1Q0",
	     16, 10, 576, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bitmap b;
		struct err e;
		size_t len;
		unsigned char *job =
		    repeat(cases[i].unit, cases[i].ulen, cases[i].times, &len);
		int rc = render(job, len, cases[i].width, &b, &e);

		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d (%s)", i, rc, e.msg);
		assert_in_range(b.height, 0, BITMAP_MAX_HEIGHT);
		bitmap_cleanup(&b);
		free(job);
	}
}

/* QR data beyond any version's capacity prints nothing. */
static void test_qr_overflow(void **state)
{
	static const unsigned char head[] = "\x1d(k\x03\x00"
					    "1E3"
					    "\x1d(k\x03\x20"
					    "1P0";
	static const unsigned char tail[] = "\x1d(k\x03\x00"
					    "1Q0";
	size_t n = 0x2000, len = sizeof head - 1 + n + sizeof tail - 1;
	unsigned char *job = malloc(len);
	struct bitmap b;
	struct err e;
	struct box box;

	(void)state;
	assert_non_null(job);
	memcpy(job, head, sizeof head - 1);
	memset(job + sizeof head - 1, 'x', n);
	memcpy(job + sizeof head - 1 + n, tail, sizeof tail - 1);
	assert_int_equal(render(job, len, 576, &b, &e), 0);
	assert_int_equal(ink_box(&b, &box), 0);
	bitmap_cleanup(&b);
	free(job);
}

/* Random bytes, biased towards command prefixes, and random corruptions of
 * a realistic slip: any outcome but a crash or sanitizer report is fine. */
static const unsigned char slip[] =
    "\x1b@\x1c.\x1bM\x00\x1bt\x00\x1b"
    "2\x1b"
    "a\x01\x1d!\x11\x1b"
    "E\x01"
    "SHOP\n\x1d!\x00\x1b"
    "E\x00\x1b"
    "a\x00Order #10423\t2025\n"
    "\x1b-\x01"
    "Ship to\x1b-\x00\n\x1bJ\x18\x1b"
    "a\x01"
    "\x1d(k\x04\x00"
    "1A2\x00\x1d(k\x03\x00"
    "1C\x06\x1d(k\x03\x00"
    "1E1"
    "\x1d(k\x0b\x00"
    "1P0http://x\x1d(k\x03\x00"
    "1Q0\x1bJ\x18"
    "\x1dh\x50\x1dw\x02\x1dH\x02\x1d"
    "f\x00\x1dkI\x07{B10423\n"
    "\x1dv0\x00\x02\x00\x02\x00\xf0\x0f\x0f\xf0\x1b"
    "d\x02\x1dVB\x00";

static void fuzz_one(const unsigned char *job, size_t len, int width)
{
	struct bitmap b;
	struct err e;
	int rc = render(job, len, width, &b, &e);

	assert_true(rc == 0 || rc == -1);
	assert_int_equal(err_isset(&e), rc != 0);
	assert_in_range(b.height, 0, BITMAP_MAX_HEIGHT);
	bitmap_cleanup(&b);
}

static void test_fuzz(void **state)
{
	static const unsigned char hot[] = {0x1b, 0x1d, 0x1c, 0x10, '\n', '(',
					    'k',  'v',	'0',  'V',  'I',  '{',
					    0x00, 0xff, 0x31, 0x51};
	static const int widths[] = {576, 384, 8, 13, 100};
	unsigned char job[sizeof slip + 64];
	unsigned seed = 1;
	int iter, i;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		size_t len = 0;

		seed = seed * 1103515245u + 12345u;
		if (iter % 2) {
			len = (seed >> 16) % 160;
			for (i = 0; i < (int)len; i++) {
				seed = seed * 1103515245u + 12345u;
				job[i] = (seed >> 16) % 3
					     ? hot[(seed >> 20) % sizeof hot]
					     : (unsigned char)(seed >> 8);
			}
		} else {
			len = sizeof slip - 1;
			memcpy(job, slip, len);
			for (i = 0; i < 4; i++) {
				seed = seed * 1103515245u + 12345u;
				job[(seed >> 8) % len] =
				    (unsigned char)(seed >> 20);
			}
			len -= (seed >> 4) % 8;
		}
		fuzz_one(job, len, widths[iter % 5]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layouts),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_glyphs_from_font),
	    cmocka_unit_test(test_font_tables),
	    cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_render_png),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_huge),
	    cmocka_unit_test(test_qr_overflow),
	    cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
