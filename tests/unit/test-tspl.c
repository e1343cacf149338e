/* TSPL encoder: exact bytes for each block on a 4 x 6 in, 203 dpi label
 * (812 x 1218 dots, 24-dot margins, font "3" cells of 16 x 24), CR LF
 * after every command, quotes escaped, BITMAP in TSPL's inverted sense,
 * overflow onto a second label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "label.h"

#define HDR "SIZE 101.6 mm,152.4 mm\r\nGAP 3 mm,0 mm\r\nDIRECTION 1\r\nCLS\r\n"
#define END "PRINT 1,1\r\n"

static void te210(struct profile *p)
{
	memset(p, 0, sizeof *p);
	strcpy(p->name, "tsc-te210");
	p->language = PROFILE_TSPL;
	p->dpi = 203;
	p->width_dots = 812;
	p->height_dots = 1218;
	p->native_qr = p->native_barcode = 1;
}

static void encode(const struct slip *s, struct strbuf *out)
{
	struct profile p;
	struct err err;

	te210(&p);
	err_clear(&err);
	strbuf_init(out, 0);
	assert_int_equal(label_encode(s, &p, out, &err), 0);
}

/* Asserts out is exactly one label holding body (len bytes: BITMAP data
 * may hold NULs). */
static void assert_label_n(const struct strbuf *out, const char *body,
			   size_t len)
{
	struct strbuf want;

	strbuf_init(&want, 0);
	strbuf_adds(&want, HDR);
	strbuf_add(&want, body, len);
	strbuf_adds(&want, END);
	if (out->len != want.len || memcmp(out->buf, want.buf, want.len) != 0)
		assert_string_equal(strbuf_str(out), strbuf_str(&want));
	assert_int_equal(out->len, want.len);
	assert_memory_equal(out->buf, want.buf, want.len);
	strbuf_cleanup(&want);
}

static void assert_label(const struct strbuf *out, const char *body)
{
	assert_label_n(out, body, strlen(body));
}

static void test_text(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "Hello", 0, SLIP_LEFT);
	/* WIDE|TALL: multipliers 2,2; bold: drawn again 2 dots right. */
	slip_text(&s, "Shop", SLIP_BOLD | SLIP_WIDE | SLIP_TALL, SLIP_CENTER);
	/* A double quote would end the string: TSPL writes it \["]. */
	slip_text(&s, "say \"hi\"", 0, SLIP_RIGHT);
	encode(&s, &out);
	assert_label(&out, "TEXT 24,24,\"3\",0,1,1,\"Hello\"\r\n"
			   "TEXT 342,52,\"3\",0,2,2,\"Shop\"\r\n"
			   "TEXT 344,52,\"3\",0,2,2,\"Shop\"\r\n"
			   "TEXT 660,104,\"3\",0,1,1,"
			   "\"say \\[\"]hi\\[\"]\"\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_row_and_underline(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_row(&s, "TOTAL", "9.50 USD", SLIP_BOLD);
	slip_text(&s, "Note", SLIP_UNDERLINE, SLIP_LEFT);
	encode(&s, &out);
	assert_label(&out, "TEXT 24,24,\"3\",0,1,1,\"TOTAL\"\r\n"
			   "TEXT 26,24,\"3\",0,1,1,\"TOTAL\"\r\n"
			   "TEXT 660,24,\"3\",0,1,1,\"9.50 USD\"\r\n"
			   "TEXT 662,24,\"3\",0,1,1,\"9.50 USD\"\r\n"
			   "TEXT 24,52,\"3\",0,1,1,\"Note\"\r\n"
			   "BAR 24,76,64,2\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_qr(void **state)
{
	struct strbuf out;
	struct slip s;

	/* 25 bytes at level M: version 2, 25 modules of 6 dots, centred,
	 * below a 4-module quiet zone; ^ ~ _ mean nothing to TSPL. */
	slip_init(&s);
	slip_qr(&s, "https://x.test/r?a=^b~c_d", 6);
	encode(&s, &out);
	assert_label(&out, "QRCODE 331,48,M,6,A,0,M2,"
			   "\"https://x.test/r?a=^b~c_d\"\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_barcode(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_barcode(&s, "10423");
	slip_barcode(&s, "A\"B>");
	encode(&s, &out);
	assert_label(&out, "BARCODE 271,32,\"128\",80,1,0,3,3,\"10423\"\r\n"
			   "BARCODE 287,156,\"128\",80,1,0,3,3,"
			   "\"A\\[\"]B>\"\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_rule(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_rule(&s, '=');
	encode(&s, &out);
	assert_label(&out, "BAR 24,35,764,2\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_columns(void **state)
{
	const struct slip_cell cells[3] = {
	    {"2", 10, SLIP_RIGHT},
	    {"Widget", 0, SLIP_LEFT},
	    {"9.50", 20, SLIP_RIGHT},
	};
	struct strbuf out;
	struct slip s;

	/* 47 columns: 4 | 32 | 9 with a column between cells. */
	slip_init(&s);
	slip_columns(&s, cells, 3, 0);
	encode(&s, &out);
	assert_label(&out, "TEXT 72,24,\"3\",0,1,1,\"2\"\r\n"
			   "TEXT 104,24,\"3\",0,1,1,\"Widget\"\r\n"
			   "TEXT 712,24,\"3\",0,1,1,\"9.50\"\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_wrap(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s,
		  "The quick brown fox jumps over the lazy dog and keeps "
		  "running far away",
		  0, SLIP_LEFT);
	encode(&s, &out);
	assert_label(&out, "TEXT 24,24,\"3\",0,1,1,\"The quick brown fox "
			   "jumps over the lazy dog and\"\r\n"
			   "TEXT 24,52,\"3\",0,1,1,\"keeps running far "
			   "away\"\r\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_overflow_second_label(void **state)
{
	struct strbuf out, want;
	struct slip s;
	char line[16];
	int i;

	/* 41 lines fill a label; the 42nd starts the next one. */
	slip_init(&s);
	strbuf_init(&want, 0);
	strbuf_adds(&want, HDR);
	for (i = 1; i <= 42; i++) {
		snprintf(line, sizeof line, "L%d", i);
		slip_text(&s, line, 0, SLIP_LEFT);
		if (i == 42)
			strbuf_adds(&want, END HDR);
		strbuf_addf(&want, "TEXT 24,%d,\"3\",0,1,1,\"%s\"\r\n",
			    24 + ((i - 1) % 41) * 28, line);
	}
	strbuf_adds(&want, END);
	encode(&s, &out);
	assert_string_equal(strbuf_str(&out), strbuf_str(&want));
	strbuf_cleanup(&want);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_cut_ends_label(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "one", 0, SLIP_LEFT);
	slip_cut(&s);
	slip_text(&s, "two", 0, SLIP_LEFT);
	slip_cut(&s);
	encode(&s, &out);
	assert_string_equal(strbuf_str(&out),
			    HDR "TEXT 24,24,\"3\",0,1,1,\"one\"\r\n" END HDR
				"TEXT 24,24,\"3\",0,1,1,\"two\"\r\n" END);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_image(void **state)
{
	static const unsigned char bits[] = {0xF0, 0x0F, 0xAA, 0x55};
	/* 10 dots wide: the 6 padding bits are set and must print white. */
	static const unsigned char padded[] = {0xFF, 0xFF};
	/* A 0 bit prints black in TSPL: every byte inverted. */
	static const char want[] = "BITMAP 398,32,2,2,0,\x0f\xf0\x55\xaa\r\n"
				   "BITMAP 401,50,2,1,0,\x00\x3f\r\n";
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_image(&s, bits, 16, 2);
	slip_image(&s, padded, 10, 1);
	encode(&s, &out);
	assert_label_n(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

/* Checks "BITMAP x,y,wb,h,0,<wb*h bytes>\r\n" at p; returns the number of
 * black (0) dots and advances *pp past it, or -1. */
static int bitmap_dots(const char **pp, int x, int y, int width, int rows)
{
	char head[64];
	const unsigned char *d;
	int wb = (width + 7) / 8, dots = 0, i;

	snprintf(head, sizeof head, "BITMAP %d,%d,%d,%d,0,", x, y, wb, rows);
	if (strncmp(*pp, head, strlen(head)) != 0)
		return -1;
	d = (const unsigned char *)*pp + strlen(head);
	for (i = 0; i < wb * rows; i++)
		dots += __builtin_popcount((unsigned)(unsigned char)~d[i]);
	if (memcmp(d + wb * rows, "\r\n", 2) != 0)
		return -1;
	*pp = (const char *)d + wb * rows + 2;
	return dots;
}

static void test_non_ascii_as_bitmap(void **state)
{
	struct strbuf out;
	struct slip s;
	const char *p;

	/* Font "3" is ASCII: Latin accents and CJK both go as BITMAP from the
	 * rasteriser, in the run's 16 x 24 cells. */
	slip_init(&s);
	slip_text(&s, "Caf\xc3\xa9", 0, SLIP_LEFT);
	slip_text(&s, "\xe6\x9d\xb1\xe4\xba\xac", SLIP_BOLD, SLIP_LEFT);
	encode(&s, &out);
	p = out.buf;
	assert_memory_equal(p, HDR, strlen(HDR));
	p += strlen(HDR);
	assert_true(bitmap_dots(&p, 24, 24, 64, 24) > 30);
	assert_true(bitmap_dots(&p, 24, 52, 66, 24) > 30);
	assert_int_equal((size_t)(p - out.buf) + strlen(END), out.len);
	assert_memory_equal(p, END, strlen(END));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_hostile_bytes_in_blocks(void **state)
{
	struct strbuf out;
	struct slip s;

	/* Blocks edited behind the builders' back: a line break would end
	 * the command and start one of the customer's. */
	slip_init(&s);
	slip_qr(&s, "x", 6);
	slip_barcode(&s, "y");
	s.blocks[0].text = "a\r\nPRINT 99\"";
	s.blocks[1].text = "b\nCLS";
	encode(&s, &out);
	assert_non_null(strstr(strbuf_str(&out), ",\"a??PRINT 99\\[\"]\"\r\n"));
	assert_non_null(strstr(strbuf_str(&out), ",\"b?CLS\"\r\n"));
	assert_null(strstr(strbuf_str(&out), "\nPRINT 99"));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_too_long_fails(void **state)
{
	struct strbuf out;
	struct profile p;
	struct slip s;
	struct err err;
	int i;

	slip_init(&s);
	for (i = 0; i < 64 * 41 + 1; i++)
		slip_text(&s, "x", 0, SLIP_LEFT);
	te210(&p);
	err_clear(&err);
	strbuf_init(&out, 0);
	assert_int_equal(label_encode(&s, &p, &out, &err), ERR_FAIL);
	assert_true(err_isset(&err));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_row_and_underline),
	    cmocka_unit_test(test_qr),
	    cmocka_unit_test(test_barcode),
	    cmocka_unit_test(test_rule),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_overflow_second_label),
	    cmocka_unit_test(test_cut_ends_label),
	    cmocka_unit_test(test_image),
	    cmocka_unit_test(test_non_ascii_as_bitmap),
	    cmocka_unit_test(test_hostile_bytes_in_blocks),
	    cmocka_unit_test(test_too_long_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
