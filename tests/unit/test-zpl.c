/* ZPL encoder: exact bytes for each block on a 4 x 6 in, 203 dpi label
 * (812 x 1218 dots, 24-dot margins, 14 x 28 text cells), customer bytes
 * never able to start a command, overflow onto a second label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "label.h"

#define HDR "^XA\n^CI28\n^PW812\n^LL1218\n^LH0,0\n"
#define END "^PQ1\n^XZ\n"

static void zd421(struct profile *p)
{
	memset(p, 0, sizeof *p);
	strcpy(p->name, "zebra-zd421");
	p->language = PROFILE_ZPL;
	p->dpi = 203;
	p->width_dots = 812;
	p->height_dots = 1218;
	p->native_qr = p->native_barcode = 1;
}

static void encode(const struct slip *s, struct strbuf *out)
{
	struct profile p;
	struct err err;

	zd421(&p);
	err_clear(&err);
	strbuf_init(out, 0);
	assert_int_equal(label_encode(s, &p, out, &err), 0);
}

/* Asserts out is exactly one label holding body. */
static void assert_label(const struct strbuf *out, const char *body)
{
	struct strbuf want;

	strbuf_init(&want, 0);
	strbuf_adds(&want, HDR);
	strbuf_adds(&want, body);
	strbuf_adds(&want, END);
	assert_string_equal(strbuf_str(out), strbuf_str(&want));
	assert_int_equal(out->len, want.len);
	strbuf_cleanup(&want);
}

static void test_text(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "Hello", 0, SLIP_LEFT);
	/* WIDE|TALL: a 28 x 56 cell; bold: drawn again 2 dots right. */
	slip_text(&s, "Shop", SLIP_BOLD | SLIP_WIDE | SLIP_TALL, SLIP_CENTER);
	/* ^ ~ _ become _hh: the customer cannot end the label or reset the
	 * printer. */
	slip_text(&s, "a^XZ~JR_b", 0, SLIP_RIGHT);
	/* Latin-1 goes as UTF-8 text under ^CI28. */
	slip_text(&s, "Caf\xc3\xa9", 0, SLIP_LEFT);
	encode(&s, &out);
	assert_label(&out, "^FO24,24^A0N,28,14^FH_^FDHello^FS\n"
			   "^FO350,56^A0N,56,28^FH_^FDShop^FS\n"
			   "^FO352,56^A0N,56,28^FH_^FDShop^FS\n"
			   "^FO662,116^A0N,28,14^FH_^FDa_5EXZ_7EJR_5Fb^FS\n"
			   "^FO24,148^A0N,28,14^FH_^FDCaf\xc3\xa9^FS\n");
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
	assert_label(&out, "^FO24,24^A0N,28,14^FH_^FDTOTAL^FS\n"
			   "^FO26,24^A0N,28,14^FH_^FDTOTAL^FS\n"
			   "^FO676,24^A0N,28,14^FH_^FD9.50 USD^FS\n"
			   "^FO678,24^A0N,28,14^FH_^FD9.50 USD^FS\n"
			   "^FO24,56^A0N,28,14^FH_^FDNote^FS\n"
			   "^FO24,84^GB56,2,2^FS\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_qr(void **state)
{
	struct strbuf out;
	struct slip s;

	/* 25 bytes at level Q: version 3, 29 modules of 6 dots, centred,
	 * below a 4-module quiet zone. */
	slip_init(&s);
	slip_qr(&s, "https://x.test/r?a=^b~c_d", 6);
	encode(&s, &out);
	assert_label(&out, "^FO319,48^BQN,2,6^FH_^FDQA,"
			   "https://x.test/r?a=_5Eb_7Ec_5Fd^FS\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_barcode(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	/* 5 characters: 90 modules of 3 dots, centred. */
	slip_barcode(&s, "10423");
	/* '>' is ^BC's invocation character: "><" prints one. */
	slip_barcode(&s, "A>B^~_");
	encode(&s, &out);
	assert_label(&out, "^FO271,32^BY3^BCN,80,Y,N,N^FH_^FD10423^FS\n"
			   "^FO254,160^BY3^BCN,80,Y,N,N^FH_^FD"
			   "A><B_5E_7E_5F^FS\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_rule(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_rule(&s, '-');
	encode(&s, &out);
	assert_label(&out, "^FO24,37^GB764,2,2^FS\n");
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

	/* 54 columns: 5 | 37 | 10 with a column between cells. */
	slip_init(&s);
	slip_columns(&s, cells, 3, 0);
	encode(&s, &out);
	assert_label(&out, "^FO80,24^A0N,28,14^FH_^FD2^FS\n"
			   "^FO108,24^A0N,28,14^FH_^FDWidget^FS\n"
			   "^FO724,24^A0N,28,14^FH_^FD9.50^FS\n");
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
	assert_label(&out, "^FO24,24^A0N,28,14^FH_^FDThe quick brown fox "
			   "jumps over the lazy dog and keeps^FS\n"
			   "^FO24,56^A0N,28,14^FH_^FDrunning far away^FS\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_overflow_second_label(void **state)
{
	struct strbuf out, want;
	struct slip s;
	char line[16];
	int i;

	/* 36 lines fill a label; the 37th starts the next one. */
	slip_init(&s);
	strbuf_init(&want, 0);
	strbuf_adds(&want, HDR);
	for (i = 1; i <= 37; i++) {
		snprintf(line, sizeof line, "L%d", i);
		slip_text(&s, line, 0, SLIP_LEFT);
		if (i == 37)
			strbuf_adds(&want, END HDR);
		strbuf_addf(&want, "^FO24,%d^A0N,28,14^FH_^FD%s^FS\n",
			    24 + ((i - 1) % 36) * 32, line);
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
			    HDR "^FO24,24^A0N,28,14^FH_^FDone^FS\n" END HDR
				"^FO24,24^A0N,28,14^FH_^FDtwo^FS\n" END);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_image(void **state)
{
	static const unsigned char bits[] = {0xF0, 0x0F, 0xAA, 0x55};
	/* 10 dots wide: the 6 padding bits are set and must not print. */
	static const unsigned char padded[] = {0xFF, 0xFF};
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_image(&s, bits, 16, 2);
	slip_image(&s, padded, 10, 1);
	encode(&s, &out);
	assert_label(&out, "^FO398,32^GFA,4,4,2,F00FAA55^FS\n"
			   "^FO401,50^GFA,2,2,2,FFC0^FS\n");
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

/* Parses "^FOx,y^GFA,b,b,r,HEX^FS\n" at p; returns the number of black
 * dots, or -1 if malformed. */
static int gfa_dots(const char *p, int x, int y, int width, int rows)
{
	char head[64];
	int row_bytes = (width + 7) / 8, total = row_bytes * rows, dots = 0;
	int i;

	snprintf(head, sizeof head, "^FO%d,%d^GFA,%d,%d,%d,", x, y, total,
		 total, row_bytes);
	if (strncmp(p, head, strlen(head)) != 0)
		return -1;
	p += strlen(head);
	for (i = 0; i < 2 * total; i++) {
		const char *h = strchr("0123456789ABCDEF", p[i]);

		if (p[i] == '\0' || h == NULL)
			return -1;
		dots += __builtin_popcount((unsigned)(h - "0123456789ABCDEF"));
	}
	return strncmp(p + 2 * total, "^FS\n", 4) == 0 ? dots : -1;
}

static void test_cjk_as_graphic(void **state)
{
	struct strbuf out;
	struct slip s;
	const char *p;

	/* Beyond Latin-1, font 0 has no glyphs: the text goes as ^GFA from
	 * the rasteriser, 2 wide characters = 4 cells of 14 x 28 dots. */
	slip_init(&s);
	slip_text(&s, "\xe6\x9d\xb1\xe4\xba\xac", 0, SLIP_LEFT);
	slip_text(&s, "\xe6\x9d\xb1\xe4\xba\xac", SLIP_BOLD, SLIP_LEFT);
	encode(&s, &out);
	p = strbuf_str(&out);
	assert_memory_equal(p, HDR, strlen(HDR));
	p += strlen(HDR);
	assert_true(gfa_dots(p, 24, 24, 56, 28) > 50);
	p = strchr(p, '\n') + 1;
	/* Bold: one graphic, the glyphs drawn twice 2 dots apart. */
	assert_true(gfa_dots(p, 24, 56, 58, 28) > 50);
	p = strchr(p, '\n') + 1;
	assert_string_equal(p, END);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_hostile_bytes_in_blocks(void **state)
{
	struct strbuf out;
	struct slip s;
	const char *p;

	/* The slip builders strip controls; a block edited behind their back
	 * still cannot put one on the wire. */
	slip_init(&s);
	slip_qr(&s, "x", 6);
	slip_barcode(&s, "y");
	slip_text(&s, "z", 0, SLIP_LEFT);
	s.blocks[0].text = "a\r\n^XZ\x7f";
	s.blocks[1].text = "b\n^XZ";
	s.blocks[2].text = "c\n^XZ~JR";
	encode(&s, &out);
	assert_non_null(strstr(strbuf_str(&out), "^FDQA,a_0D_0A_5EXZ_7F^FS"));
	assert_non_null(strstr(strbuf_str(&out), "^FDb_0A_5EXZ^FS"));
	/* Text with a control is no text for the printer font: a graphic. */
	p = strstr(strbuf_str(&out), "^GFA,");
	assert_non_null(p);
	/* One ^XZ (the end), no tilde, no CR: nothing injected. */
	p = strstr(strbuf_str(&out), "^XZ");
	assert_string_equal(p, "^XZ\n");
	assert_null(strchr(strbuf_str(&out), '~'));
	assert_null(strchr(strbuf_str(&out), '\r'));
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

	/* Past the label ceiling: an error, never a silently cut job. */
	slip_init(&s);
	for (i = 0; i < 64 * 36 + 1; i++)
		slip_text(&s, "x", 0, SLIP_LEFT);
	zd421(&p);
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
	    cmocka_unit_test(test_cjk_as_graphic),
	    cmocka_unit_test(test_hostile_bytes_in_blocks),
	    cmocka_unit_test(test_too_long_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
