/* No character is dropped or printed as garbage: exact bytes for each path
 * a character can take (a code page by ESC t, FS & with Big5 or GB18030, a
 * raster line), no control byte from any encoding, and the glyphs really
 * on paper: the virtual printer's rendering equals textraster's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escpos-render.h"
#include "escpos.h"
#include "text.h"
#include "textraster.h"

#define INIT                                                                   \
	"\x1b@\x1c.\x1bM\x00\x1bt\x00\x1b"                                     \
	"2"
#define INIT_LEN 12
#define CUT                                                                    \
	"\x1b"                                                                 \
	"a\x00\x1dVB\x00"
#define CUT_LEN 7
#define LEFT                                                                   \
	"\x1b"                                                                 \
	"a\x00"

/* 保溫杯 500ml, 陳美玲 (Traditional Chinese). */
#define CUP "\xe4\xbf\x9d\xe6\xba\xab\xe6\x9d\xaf 500ml"
#define CHEN "\xe9\x99\xb3\xe7\xbe\x8e\xe7\x8e\xb2"

static void load(struct profile *p, const char *name)
{
	struct err err;
	char dir[1024];

	err_clear(&err);
	snprintf(dir, sizeof dir, "%s/assets/profiles",
		 getenv("PACKDESK_SRCDIR"));
	assert_int_equal(profile_find(p, name, dir, &err), 0);
}

/* The bytes of a slip of one left-aligned text line per entry of lines. */
static void encode_lines(const struct profile *p, const char *const *lines,
			 int n, struct strbuf *out)
{
	struct slip s;
	struct err err;
	int i;

	err_clear(&err);
	slip_init(&s);
	for (i = 0; i < n; i++)
		slip_text(&s, lines[i], 0, SLIP_LEFT);
	strbuf_init(out, 0);
	assert_int_equal(escpos_encode(&s, p, out, &err), 0);
	slip_cleanup(&s);
}

static void encode_line(const struct profile *p, const char *line,
			struct strbuf *out)
{
	encode_lines(p, &line, 1, out);
}

/* Asserts out == INIT + body + CUT. */
static void assert_body(const struct strbuf *out, const char *body, size_t len)
{
	assert_int_equal(out->len, INIT_LEN + len + CUT_LEN);
	assert_memory_equal(out->buf, INIT, INIT_LEN);
	assert_memory_equal(out->buf + INIT_LEN, body, len);
	assert_memory_equal(out->buf + INIT_LEN + len, CUT, CUT_LEN);
}

/* Walks the commands this encoder emits for text slips; calls text on
 * every byte printed as a character, skipping image data. Fails on a
 * command it does not know. */
static void walk(const struct strbuf *sb, void (*text)(unsigned char, void *),
		 void *arg)
{
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i = 0, n = sb->len;

	while (i < n) {
		if (p[i] == 0x1b) {
			assert_true(i + 1 < n);
			i += strchr("@2", p[i + 1]) != NULL ? 2 : 3;
		} else if (p[i] == 0x1c) {
			assert_true(p[i + 1] == '&' || p[i + 1] == '.');
			i += 2;
		} else if (p[i] == 0x1d && p[i + 1] == 'v') {
			i += 8 + (size_t)(p[i + 4] | p[i + 5] << 8) *
				     (size_t)(p[i + 6] | p[i + 7] << 8);
		} else if (p[i] == 0x1d && p[i + 1] == 'V') {
			i += 4;
		} else if (p[i] == 0x1d && p[i + 1] == '!') {
			i += 3;
		} else {
			text(p[i], arg);
			i++;
		}
	}
	assert_int_equal(i, n);
}

static void no_question_mark(unsigned char b, void *arg)
{
	(void)arg;
	assert_int_not_equal(b, '?');
}

static void no_control(unsigned char b, void *arg)
{
	(void)arg;
	if (b == '\n')
		return;
	assert_true(b >= 0x20 && b != 0x7f);
}

static size_t count(const struct strbuf *sb, const char *needle, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i + n <= sb->len; i++)
		if (memcmp(sb->buf + i, needle, n) == 0)
			c++;
	return c;
}

/* € is not in PC437: ESC t 19 (PC858 on Epson), then its byte D5. */
static void test_cp858_euro(void **state)
{
	static const char want[] = LEFT "Total 12,50 \x1bt\x13\xd5\n";
	struct profile p;
	struct strbuf out;

	load(&p, "epson-tm-t20iii");
	encode_line(&p, "Total 12,50 \xe2\x82\xac", &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
}

/* é is in PC437 (82, no switch); Š and curly quotes only in WPC1252
 * (ESC t 16); the code page then stays until another is needed. */
static void test_cp1252(void **state)
{
	static const char want[] = LEFT "caf\x82 \x1bt\x10\x8aibenik \x93"
					"A\x94\n" LEFT "\xe9t\xe9\n";
	static const char *const lines[] = {
	    "caf\xc3\xa9 \xc5\xa0ibenik \xe2\x80\x9c"
	    "A\xe2\x80\x9d",
	    "\xc3\xa9t\xc3\xa9",
	};
	struct profile p;
	struct strbuf out;

	load(&p, "epson-tm-t20iii");
	encode_lines(&p, lines, 2, &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
}

/* A Traditional Chinese printer: FS &, the Big5 bytes, FS . and the rest
 * in the code page. Big5 trail bytes (4F, 4D) may look like ASCII. */
static void test_big5(void **state)
{
	static const char want[] =
	    LEFT "\x1c&\xab\x4f\xb7\xc5\xaa\x4d\x1c. 500ml\n";
	struct profile p;
	struct strbuf out;

	load(&p, "epson-tm-t20iii");
	p.cjk = PROFILE_CJK_BIG5;
	encode_line(&p, CUP, &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
}

/* The 58 mm clone reads GB18030 in FS & mode (Traditional characters are
 * in GBK too). */
static void test_gb18030(void **state)
{
	static const char want[] =
	    LEFT "\x1c&\xb1\xa3\x9c\xd8\xb1\xad\x1c. 500ml\n" LEFT
		 "\x1c&\xea\x90\xc3\xc0\xc1\xe1\x1c.\n";
	static const char *const lines[] = {CUP, CHEN};
	struct profile p;
	struct strbuf out;

	load(&p, "generic-58mm");
	encode_lines(&p, lines, 2, &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
}

/* A wide character is two columns: 20 of them on 32 columns wrap after
 * 16. */
static void test_cjk_wrap_counts_columns(void **state)
{
	char line[64 + 1] = "";
	struct profile p;
	struct strbuf out;
	int i;

	for (i = 0; i < 20; i++)
		strcat(line, "\xe6\x9d\xaf"); /* 杯 */
	load(&p, "generic-58mm");
	encode_line(&p, line, &out);
	assert_int_equal(count(&out, "\x1c&", 2), 2);
	/* FS & + 16 x 2 bytes + FS . + LF, then the 4 left over. */
	assert_non_null(memmem(out.buf, out.len, "\xb1\xad\x1c.\n", 5));
	assert_int_equal(out.len,
			 INIT_LEN + 3 + 2 + 32 + 3 + 2 + 8 + 3 + CUT_LEN);
	strbuf_cleanup(&out);
}

/* No Chinese font: the line is an image (GS v 0, one 24-row band as wide
 * as its 12 columns), fed to the 30-dot line pitch; nothing as '?'. */
static void test_raster_fallback(void **state)
{
	static const char head[] = LEFT "\x1dv0\x00\x12\x00\x18\x00";
	struct profile p;
	struct strbuf out;

	load(&p, "epson-tm-t20iii");
	encode_line(&p, CUP, &out);
	assert_memory_equal(out.buf + INIT_LEN, head, sizeof head - 1);
	assert_int_equal(out.len,
			 INIT_LEN + sizeof head - 1 + 18 * 24 + 3 + CUT_LEN);
	assert_memory_equal(out.buf + out.len - CUT_LEN - 3, "\x1bJ\x06", 3);
	assert_int_equal(count(&out, "\x1c&", 2), 0);
	walk(&out, no_question_mark, NULL);
	strbuf_cleanup(&out);
}

/* Every character from U+00A0 to U+9FFF through every path: whatever it
 * becomes, no byte printed as text is a control byte or DEL. */
static void test_no_control_bytes(void **state)
{
	static const char *const names[] = {"epson-tm-t20iii", "generic-58mm"};
	char buf[64][16 * 4 + 1], *o;
	const char *lines[64];
	struct profile p;
	struct strbuf out;
	unsigned cp = 0xA0;
	int k, i, j, big5;

	for (k = 0; k < 2; k++)
		for (big5 = 0; big5 < 2; big5++) {
			load(&p, names[k]);
			if (big5)
				p.cjk = PROFILE_CJK_BIG5;
			for (cp = 0xA0; cp < 0xA000;) {
				for (i = 0; i < 64 && cp < 0xA000; i++) {
					o = buf[i];
					for (j = 0; j < 16 && cp < 0xA000;
					     j++, cp += cp < 0x3000 ? 1 : 13)
						o += text_utf8_encode(cp, o);
					*o = '\0';
					lines[i] = buf[i];
				}
				encode_lines(&p, lines, i, &out);
				walk(&out, no_control, NULL);
				strbuf_cleanup(&out);
			}
		}
}

/* Renders bytes for p into a fresh 576-dot bitmap. */
static void render(const struct strbuf *bytes, const struct profile *p,
		   struct bitmap *bm)
{
	struct err err;

	err_clear(&err);
	assert_int_equal(bitmap_init(bm, p->width_dots, &err), 0);
	assert_int_equal(
	    escpos_render_profile((const unsigned char *)bytes->buf, bytes->len,
				  p, bm, &err),
	    0);
}

/* Dots that differ in [x0, x1) x [y0, y0 + h) between a at (0, ya) and
 * b at (0, yb); *ink gets b's black dots there. */
static int diff(const struct bitmap *a, int ya, const struct bitmap *b, int yb,
		int x0, int x1, int h, int *ink)
{
	int x, y, d = 0;

	*ink = 0;
	for (y = 0; y < h; y++)
		for (x = x0; x < x1; x++) {
			d += bitmap_get(a, x, ya + y) !=
			     bitmap_get(b, x, yb + y);
			*ink += bitmap_get(b, x, yb + y);
		}
	return d;
}

/* The zh-TW lines on the TM-T20III (no Chinese font) go through the raster
 * path; on paper they must be exactly what textraster draws. Each line is
 * 24 rows, then 6 dots of feed. */
static void test_glyphs_on_paper_raster(void **state)
{
	static const char *const lines[] = {CUP, CHEN};
	struct bitmap got, want;
	struct profile p;
	struct strbuf out;
	struct err err;
	int i, ink, d;

	err_clear(&err);
	load(&p, "epson-tm-t20iii");
	encode_lines(&p, lines, 2, &out);
	walk(&out, no_question_mark, NULL);
	render(&out, &p, &got);
	for (i = 0; i < 2; i++) {
		assert_int_equal(bitmap_init(&want, 576, &err), 0);
		assert_int_equal(
		    textraster_draw(lines[i], 24, &want, 0, 0, &err), 0);
		d = diff(&want, 0, &got, i * 30, 0, 576, 24, &ink);
		/* Only a defused DLE EOT may cost a dot or two. */
		assert_true(d <= 2);
		assert_true(ink > 100);
		bitmap_cleanup(&want);
	}
	bitmap_cleanup(&got);
	strbuf_cleanup(&out);
}

/* On a Big5 printer the virtual printer decodes FS & bytes and draws them
 * in 24x24 cells with textraster: the same glyphs. */
static void test_glyphs_on_paper_big5(void **state)
{
	struct bitmap got, want;
	struct profile p;
	struct strbuf out;
	struct err err;
	int ink;

	err_clear(&err);
	load(&p, "epson-tm-t20iii");
	p.cjk = PROFILE_CJK_BIG5;
	encode_line(&p, CHEN, &out);
	render(&out, &p, &got);
	assert_int_equal(bitmap_init(&want, 576, &err), 0);
	assert_int_equal(textraster_draw(CHEN, 24, &want, 0, 0, &err), 0);
	assert_int_equal(diff(&want, 0, &got, 0, 0, 576, 24, &ink), 0);
	assert_true(ink > 100);
	bitmap_cleanup(&want);
	bitmap_cleanup(&got);
	strbuf_cleanup(&out);
}

/* An Indonesian address: ASCII and é, all in PC437; on paper é is the
 * font's own glyph (82), not a '?'. */
static void test_indonesian(void **state)
{
	static const char want[] =
	    LEFT "Ibu Ren\x82 Siregar, Jl. Kemang Raya 12\n";
	struct bitmap got, q;
	struct profile p;
	struct strbuf out, qs;
	int x, y, same;

	load(&p, "epson-tm-t20iii");
	encode_line(&p, "Ibu Ren\xc3\xa9 Siregar, Jl. Kemang Raya 12", &out);
	assert_body(&out, want, sizeof want - 1);
	walk(&out, no_question_mark, NULL);
	/* The cell of é (column 7) differs from a '?' drawn there. */
	render(&out, &p, &got);
	encode_line(&p, "Ibu Ren? Siregar, Jl. Kemang Raya 12", &qs);
	render(&qs, &p, &q);
	same = 1;
	for (y = 0; y < 24; y++)
		for (x = 7 * 12; x < 8 * 12; x++)
			same &= bitmap_get(&got, x, y) == bitmap_get(&q, x, y);
	assert_false(same);
	bitmap_cleanup(&got);
	bitmap_cleanup(&q);
	strbuf_cleanup(&out);
	strbuf_cleanup(&qs);
}

/* CP858 and CP1252 bytes print as their characters: the € from ESC t 19
 * is drawn by textraster (PC437's font has none), é from the font. */
static void test_render_codepages(void **state)
{
	struct bitmap got, want;
	struct profile p;
	struct strbuf out;
	struct err err;
	int ink;

	err_clear(&err);
	load(&p, "epson-tm-t20iii");
	encode_line(&p, "\xe2\x82\xac", &out);
	render(&out, &p, &got);
	assert_int_equal(bitmap_init(&want, 576, &err), 0);
	assert_int_equal(textraster_draw("\xe2\x82\xac", 24, &want, 0, 0, &err),
			 0);
	assert_int_equal(diff(&want, 0, &got, 0, 0, 12, 24, &ink), 0);
	assert_true(ink > 10);
	bitmap_cleanup(&want);
	bitmap_cleanup(&got);
	strbuf_cleanup(&out);
}

static int teardown(void **state)
{
	(void)state;
	textraster_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cp858_euro),
	    cmocka_unit_test(test_cp1252),
	    cmocka_unit_test(test_big5),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_cjk_wrap_counts_columns),
	    cmocka_unit_test(test_raster_fallback),
	    cmocka_unit_test(test_no_control_bytes),
	    cmocka_unit_test(test_glyphs_on_paper_raster),
	    cmocka_unit_test(test_glyphs_on_paper_big5),
	    cmocka_unit_test(test_indonesian),
	    cmocka_unit_test(test_render_codepages),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
