/* Label layout: words wrap at spaces, alignment and columns land where the
 * cell arithmetic says, content that does not fit continues on the next
 * label, and nothing is ever lost on the way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "label-layout.h"

/* A 4 x 6 in label at 203 dpi with the ZPL encoder's 14 x 28 cell: the
 * printable area is 764 dots = 54 columns, lines are 32 dots apart and a
 * label holds 36 of them. */
#define W 812
#define H 1218
#define COLS 54
#define PITCH 32
#define LINES_PER_PAGE 36

static void params(struct layout_params *lp)
{
	memset(lp, 0, sizeof *lp);
	lp->width = W;
	lp->height = H;
	lp->dpi = 203;
	lp->margin = LAYOUT_MARGIN;
	lp->cell_w = 14;
	lp->cell_h = 28;
	lp->qr_level = 'Q';
}

static void lay(struct layout *l, const struct slip *s)
{
	struct layout_params lp;
	struct err err;

	params(&lp);
	err_clear(&err);
	assert_int_equal(layout_slip(l, s, &lp, &err), 0);
}

/* Every element inside the printable area of its page, pages in order. */
static void assert_bounds(const struct layout *l)
{
	size_t i;
	int p;

	for (p = 0; p < l->npages; p++)
		for (i = l->pages[p].first;
		     i < l->pages[p].first + l->pages[p].n; i++) {
			const struct layout_elem *e = &l->elems[i];

			assert_int_equal(e->page, p);
			assert_true(e->x >= 0 && e->y >= LAYOUT_MARGIN);
			assert_true(e->x + e->w <= W);
			assert_true(e->y + e->h <= H - LAYOUT_MARGIN);
		}
}

/* The text runs joined with single spaces. */
static void join_text(const struct layout *l, struct strbuf *sb)
{
	size_t i;

	strbuf_init(sb, 0);
	for (i = 0; i < l->nelems; i++)
		if (l->elems[i].kind == LAYOUT_TEXT) {
			if (sb->len > 0)
				strbuf_addc(sb, ' ');
			strbuf_add(sb, l->elems[i].text, l->elems[i].len);
		}
}

static void test_wrap_at_spaces(void **state)
{
	static const char text[] =
	    "Changed your mind? Return unused items within 30 days of "
	    "delivery for a full refund. Prefer an exchange? We add 10% "
	    "extra store credit and ship it free, whatever the weather, "
	    "to any address in the country.";
	struct layout l;
	struct slip s;
	struct strbuf sb;
	const char *src;
	size_t i, off;

	slip_init(&s);
	slip_text(&s, text, 0, SLIP_LEFT);
	src = s.blocks[0].text; /* the slip's copy: runs point into it */
	lay(&l, &s);
	assert_true(l.nelems >= 4);
	off = 0;
	for (i = 0; i < l.nelems; i++) {
		const struct layout_elem *e = &l.elems[i];

		assert_int_equal(e->kind, LAYOUT_TEXT);
		assert_true(e->len <= COLS);
		assert_int_equal(e->x, LAYOUT_MARGIN);
		assert_int_equal(e->y, LAYOUT_MARGIN + (int)i * PITCH);
		assert_int_equal(e->w, (int)e->len * 14);
		/* Each line starts a word and ends one. */
		off = (size_t)(e->text - src);
		assert_true(off < sizeof text);
		assert_true(off == 0 || src[off - 1] == ' ');
		assert_true(src[off + e->len] == ' ' ||
			    src[off + e->len] == '\0');
		/* and is as full as it can be: the next word did not fit. */
		if (i + 1 < l.nelems)
			assert_true(e->len + 1 +
					strcspn(e->text + e->len + 1, " ") >
				    COLS);
	}
	join_text(&l, &sb);
	assert_string_equal(strbuf_str(&sb), text);
	strbuf_cleanup(&sb);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_long_word_cut(void **state)
{
	char word[131];
	struct layout l;
	struct slip s;

	memset(word, 'x', 130);
	word[130] = '\0';
	slip_init(&s);
	slip_text(&s, word, 0, SLIP_LEFT);
	lay(&l, &s);
	/* The only mid-word cut: a word wider than the line. */
	assert_int_equal(l.nelems, 3);
	assert_int_equal(l.elems[0].len, COLS);
	assert_int_equal(l.elems[1].len, COLS);
	assert_int_equal(l.elems[2].len, 130 - 2 * COLS);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_wide_characters(void **state)
{
	/* 30 CJK characters take 60 columns: 27 on the first line. */
	char text[30 * 3 + 1];
	struct layout l;
	struct slip s;
	int i;

	for (i = 0; i < 30; i++)
		memcpy(text + 3 * i, "\xe6\x9d\xb1", 3); /* U+6771 */
	text[90] = '\0';
	slip_init(&s);
	slip_text(&s, text, 0, SLIP_LEFT);
	lay(&l, &s);
	assert_int_equal(l.nelems, 2);
	assert_int_equal(l.elems[0].len, 27 * 3);
	assert_int_equal(l.elems[0].w, 54 * 14);
	assert_int_equal(l.elems[1].len, 3 * 3);
	assert_int_equal(l.elems[1].w, 6 * 14);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_alignment_and_styles(void **state)
{
	struct layout l;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "Left", 0, SLIP_LEFT);
	slip_text(&s, "Centre", 0, SLIP_CENTER);
	slip_text(&s, "Right", 0, SLIP_RIGHT);
	slip_text(&s, "Big", SLIP_WIDE | SLIP_TALL | SLIP_BOLD, SLIP_CENTER);
	slip_text(&s, "Under", SLIP_UNDERLINE, SLIP_LEFT);
	slip_text(&s,
		  "Indented and hanging text that wraps onto a second "
		  "line here",
		  0, SLIP_LEFT)
	    ->indent = 4;
	s.blocks[s.nblocks - 1].hang = 2;
	lay(&l, &s);
	assert_int_equal(l.elems[0].x, 24);
	assert_int_equal(l.elems[1].x, 24 + (764 - 6 * 14) / 2);
	assert_int_equal(l.elems[2].x + l.elems[2].w, W - 24);
	/* WIDE|TALL: a 28 x 56 cell, bold, on its own taller line. */
	assert_int_equal(l.elems[3].cell_w, 28);
	assert_int_equal(l.elems[3].cell_h, 56);
	assert_true(l.elems[3].bold);
	assert_int_equal(l.elems[3].x, 24 + (764 - 3 * 28) / 2);
	assert_int_equal(l.elems[3].y, 24 + 3 * PITCH);
	/* Underline: a box right under the run, as wide as it. */
	assert_int_equal(l.elems[4].y, 24 + 3 * PITCH + 60);
	assert_int_equal(l.elems[5].kind, LAYOUT_BOX);
	assert_int_equal(l.elems[5].x, l.elems[4].x);
	assert_int_equal(l.elems[5].w, 5 * 14);
	assert_int_equal(l.elems[5].y, l.elems[4].y + 28);
	/* Indent 4 columns on every line, hang 2 more after the first. */
	assert_int_equal(l.elems[6].x, 24 + 4 * 14);
	assert_int_equal(l.elems[7].x, 24 + 6 * 14);
	assert_int_equal(l.nelems, 8);
	assert_bounds(&l);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_right_text(void **state)
{
	char longright[100];
	struct layout l;
	struct slip s;
	struct strbuf sb;

	memset(longright, 'r', 60);
	longright[60] = '\0';
	slip_init(&s);
	slip_row(&s, "Order #10423", "2025-10-07", 0);
	/* Left text filling the line: the right text takes the next. */
	slip_row(&s, "A long item name that nearly fills the whole line xx",
		 "9.50", 0);
	/* Right text wider than the line: wrapped, never dropped. */
	slip_row(&s, "TOTAL", longright, 0);
	lay(&l, &s);
	assert_int_equal(l.elems[1].y, l.elems[0].y);
	assert_int_equal(l.elems[1].x, W - 24 - 10 * 14);
	assert_int_equal(l.elems[3].y, l.elems[2].y + PITCH);
	assert_int_equal(l.elems[3].x, W - 24 - 4 * 14);
	assert_int_equal(l.nelems, 7);
	assert_int_equal(l.elems[5].len + l.elems[6].len, 60);
	assert_int_equal(l.elems[6].x + l.elems[6].w, W - 24);
	join_text(&l, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "TOTAL rrrr"));
	strbuf_cleanup(&sb);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_columns(void **state)
{
	const struct slip_cell cells[3] = {
	    {"12", 10, SLIP_RIGHT},
	    {"A product name long enough to wrap inside its own cell", 0,
	     SLIP_LEFT},
	    {"1234.50", 20, SLIP_RIGHT},
	};
	struct layout l;
	struct slip s;
	struct strbuf sb;

	slip_init(&s);
	slip_columns(&s, cells, 3, 0);
	lay(&l, &s);
	/* 54 columns: 5 | gap | 37 | gap | 10. */
	assert_int_equal(l.elems[0].x, 24 + 5 * 14 - 2 * 14);
	assert_int_equal(l.elems[1].x, 24 + 6 * 14);
	assert_true(l.elems[1].len <= 37);
	assert_int_equal(l.elems[2].x, 24 + 44 * 14 + 10 * 14 - 7 * 14);
	assert_int_equal(l.elems[2].y, l.elems[0].y);
	/* The name's second line, alone on the row's second line. */
	assert_int_equal(l.nelems, 4);
	assert_int_equal(l.elems[3].x, 24 + 6 * 14);
	assert_int_equal(l.elems[3].y, 24 + PITCH);
	join_text(&l, &sb);
	assert_string_equal(strbuf_str(&sb),
			    "12 A product name long enough to wrap 1234.50 "
			    "inside its own cell");
	strbuf_cleanup(&sb);
	assert_bounds(&l);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_pagination(void **state)
{
	char line[32];
	struct layout l;
	struct slip s;
	size_t i;
	int n;

	slip_init(&s);
	for (n = 0; n < 100; n++) {
		snprintf(line, sizeof line, "line %d", n);
		slip_text(&s, line, 0, SLIP_LEFT);
	}
	lay(&l, &s);
	assert_int_equal(l.npages, 3);
	assert_int_equal(l.pages[0].n, LINES_PER_PAGE);
	assert_int_equal(l.pages[1].n, LINES_PER_PAGE);
	assert_int_equal(l.pages[2].n, 100 - 2 * LINES_PER_PAGE);
	/* Every line, in order; each page starts at the top margin. */
	assert_int_equal(l.nelems, 100);
	for (i = 0; i < l.nelems; i++) {
		snprintf(line, sizeof line, "line %d", (int)i);
		assert_int_equal(l.elems[i].len, strlen(line));
		assert_memory_equal(l.elems[i].text, line, strlen(line));
		assert_int_equal(l.elems[i].y,
				 24 + (int)(i % LINES_PER_PAGE) * PITCH);
	}
	assert_bounds(&l);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_cut_ends_page(void **state)
{
	struct layout l;
	struct slip s;

	slip_init(&s);
	slip_cut(&s); /* a cut before anything: no blank label */
	slip_text(&s, "one", 0, SLIP_LEFT);
	slip_cut(&s);
	slip_text(&s, "two", 0, SLIP_LEFT);
	slip_feed(&s, 3);
	slip_cut(&s); /* the last cut: no blank label after it */
	lay(&l, &s);
	assert_int_equal(l.npages, 2);
	assert_int_equal(l.elems[1].page, 1);
	assert_int_equal(l.elems[1].y, 24);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_empty_slip(void **state)
{
	struct layout l;
	struct slip s;

	slip_init(&s);
	lay(&l, &s);
	assert_int_equal(l.npages, 1);
	assert_int_equal(l.nelems, 0);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_codes(void **state)
{
	struct layout l;
	struct slip s;
	char longcode[80];

	memset(longcode, '7', 79);
	longcode[79] = '\0';
	slip_init(&s);
	slip_qr(&s, "https://example.com/returns?order=10423", 20);
	slip_barcode(&s, "10423");
	slip_barcode(&s, longcode); /* too wide to scan: printed as text */
	lay(&l, &s);
	assert_int_equal(l.elems[0].kind, LAYOUT_QR);
	assert_int_equal(l.elems[0].module, 10); /* ^BQ's maximum */
	assert_int_equal(l.elems[0].x, (W - l.elems[0].w) / 2);
	assert_int_equal(l.elems[0].w % 10, 0);
	assert_int_equal(l.elems[1].kind, LAYOUT_CODE128);
	assert_int_equal(l.elems[1].module, 3);
	assert_int_equal(l.elems[1].w, (5 * 11 + 35) * 3);
	assert_int_equal(l.elems[1].bar_h, LAYOUT_BAR_HEIGHT);
	assert_true(l.elems[1].y > l.elems[0].y + l.elems[0].h);
	assert_int_equal(l.elems[2].kind, LAYOUT_TEXT);
	assert_int_equal(l.elems[2].len + l.elems[3].len, 79);
	assert_bounds(&l);
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static void test_tall_image_sliced(void **state)
{
	unsigned char *bits = calloc(100 * 3000, 1);
	struct layout l;
	struct slip s;
	size_t i;
	int rows = 0;

	assert_non_null(bits);
	slip_init(&s);
	slip_text(&s, "above", 0, SLIP_LEFT);
	slip_image(&s, bits, 800, 3000); /* wider than the margins allow */
	slip_text(&s, "below", 0, SLIP_LEFT);
	lay(&l, &s);
	for (i = 1; i + 1 < l.nelems; i++) {
		assert_int_equal(l.elems[i].kind, LAYOUT_IMAGE);
		assert_int_equal(l.elems[i].w, 800);
		assert_int_equal(l.elems[i].x, 6);
		assert_ptr_equal(l.elems[i].bits,
				 s.blocks[1].image + (size_t)rows * 100);
		rows += l.elems[i].h;
	}
	assert_int_equal(rows, 3000); /* every row, once */
	assert_int_equal(l.npages, 3);
	assert_int_equal(l.elems[l.nelems - 1].kind, LAYOUT_TEXT);
	assert_bounds(&l);
	layout_cleanup(&l);
	slip_cleanup(&s);
	free(bits);
}

static void test_limits_fail_loudly(void **state)
{
	struct layout_params lp;
	struct layout l;
	struct slip s;
	struct err err;
	char big[4000];
	int n;

	/* More labels than the ceiling: an error, not a truncated job. */
	slip_init(&s);
	for (n = 0; n < LAYOUT_MAX_PAGES * LINES_PER_PAGE + 1; n++)
		slip_text(&s, "x", 0, SLIP_LEFT);
	params(&lp);
	err_clear(&err);
	assert_int_equal(layout_slip(&l, &s, &lp, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "labels"));
	layout_cleanup(&l);
	slip_cleanup(&s);

	/* A QR code holding more than any version can. */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	slip_init(&s);
	slip_qr(&s, big, 6);
	err_clear(&err);
	assert_int_equal(layout_slip(&l, &s, &lp, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "QR"));
	layout_cleanup(&l);

	/* A label too small for text. */
	lp.height = 80;
	err_clear(&err);
	assert_int_equal(layout_slip(&l, &s, &lp, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "too small"));
	layout_cleanup(&l);
	slip_cleanup(&s);
}

static const char *esc_test(unsigned char c, char buf[LAYOUT_ESC_MAX])
{
	if (c == '^')
		return "_5E";
	if (c == '\n')
		return "";
	buf[0] = '<';
	buf[1] = (char)c;
	buf[2] = '>';
	buf[3] = '\0';
	return c == '"' ? buf : NULL;
}

static void test_helpers(void **state)
{
	struct strbuf sb;

	assert_true(layout_text_within("Caf\xc3\xa9", 5, 0xFF));
	assert_false(layout_text_within("Caf\xc3\xa9", 5, 0x7E));
	assert_false(layout_text_within("\xe6\x9d\xb1", 3, 0xFF));
	assert_false(layout_text_within("a\tb", 3, 0xFF));
	assert_false(layout_text_within("a\x7f", 2, 0xFF));
	assert_false(layout_text_within("\xc2\x85", 2, 0xFF)); /* C1 NEL */
	assert_false(layout_text_within("\xff", 1, 0xFF));     /* not UTF-8 */
	strbuf_init(&sb, 0);
	assert_int_equal(layout_escape(&sb, "a^b\nc\"d", 7, esc_test), 0);
	assert_string_equal(strbuf_str(&sb), "a_5Ebc<\">d");
	strbuf_cleanup(&sb);
}

/* A writer that records what the driver asks of it. */
static int rec_page_begin(struct strbuf *out, const struct layout_params *lp)
{
	return strbuf_addf(out, "[page %dx%d]", lp->width, lp->height);
}

static int rec_page_end(struct strbuf *out)
{
	return strbuf_adds(out, "[end]");
}

static int rec_text(struct strbuf *out, int x, const struct layout_elem *e)
{
	return strbuf_addf(out, "[text %d,%d %.*s]", x, e->y, (int)e->len,
			   e->text);
}

static int rec_qr(struct strbuf *out, const struct layout_elem *e)
{
	return strbuf_adds(out, "[qr]");
}

static int rec_code128(struct strbuf *out, const struct layout_elem *e)
{
	return strbuf_adds(out, "[code128]");
}

static int rec_image(struct strbuf *out, int x, int y,
		     const struct layout_bits *img)
{
	return strbuf_addf(out, "[image %d,%d %dx%d]", x, y, img->w, img->h);
}

static int rec_box(struct strbuf *out, const struct layout_elem *e)
{
	return strbuf_adds(out, "[box]");
}

static const struct layout_writer rec = {
    .name = "rec",
    .text_max = 0x7E,
    .page_begin = rec_page_begin,
    .page_end = rec_page_end,
    .text = rec_text,
    .qr = rec_qr,
    .code128 = rec_code128,
    .image = rec_image,
    .box = rec_box,
};

static void test_write_driver(void **state)
{
	struct layout_params lp;
	struct strbuf out;
	struct slip s;
	struct err err;

	slip_init(&s);
	slip_text(&s, "Bold", SLIP_BOLD, SLIP_LEFT);
	/* Beyond the writer's text_max: drawn by the rasteriser, 3 cells
	 * of 14 (its column is height / 2), bold 2 dots wider. */
	slip_text(&s, "\xc3\xa9t\xc3\xa9", SLIP_BOLD, SLIP_RIGHT);
	params(&lp);
	err_clear(&err);
	strbuf_init(&out, 0);
	assert_int_equal(layout_write(&s, &lp, &rec, &out, &err), 0);
	assert_string_equal(strbuf_str(&out),
			    "[page 812x1218][text 24,24 Bold][text 26,24 Bold]"
			    "[image 746,56 44x28][end]");
	strbuf_cleanup(&out);

	/* Output ceiling reached: an error, not half a label. */
	strbuf_init(&out, 20);
	err_clear(&err);
	assert_int_equal(layout_write(&s, &lp, &rec, &out, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "output buffer"));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_raster_failure_is_clear(void **state)
{
	struct layout_params lp;
	struct strbuf out;
	struct slip s;
	struct err err;

	/* Text the printer font lacks, in a cell the rasteriser refuses
	 * (over 255 dots tall): the error names the text and the cause. */
	slip_init(&s);
	slip_text(&s, "\xe6\x9d\xb1", 0, SLIP_LEFT);
	params(&lp);
	lp.cell_h = 300;
	lp.height = 2000;
	err_clear(&err);
	strbuf_init(&out, 0);
	assert_int_equal(layout_write(&s, &lp, &rec, &out, &err), ERR_FAIL);
	assert_non_null(strstr(err.msg, "rec: text \"\xe6\x9d\xb1\""));
	assert_non_null(strstr(err.msg, "outside the printer's font"));
	assert_non_null(strstr(err.msg, "textraster"));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

/* Appends the bytes of s that are not spaces. */
static void squeeze(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ')
			strbuf_addc(sb, s[i]);
}

/* Random slips of random words (ASCII, accents, CJK, words longer than a
 * line, runs of spaces) in every style: every element stays on its page
 * and every non-space byte comes out once, in order. */
static void test_random_nothing_lost(void **state)
{
	static const char *const words[] = {
	    "a",
	    "order",
	    "Caf\xc3\xa9",
	    "\xe6\x9d\xb1\xe4\xba\xac",
	    "  ",
	    "supercalifragilisticexpialidocious-and-then-some-more-letters",
	    "12.50",
	    "#10423",
	    "\"quoted\"",
	    "x^y~z_w"};
	struct strbuf want, got, text, right;
	struct layout l;
	struct slip s;
	unsigned seed = 12345;
	int round, b, wcount, i;
	size_t k;

	for (round = 0; round < 200; round++) {
		slip_init(&s);
		strbuf_init(&want, 0);
		for (b = 0; b < 1 + round % 40; b++) {
			struct slip_block *blk;

			strbuf_init(&text, 0);
			strbuf_init(&right, 0);
			seed = seed * 1103515245 + 12345;
			wcount = (int)(seed >> 16) % 30;
			for (i = 0; i < wcount; i++) {
				seed = seed * 1103515245 + 12345;
				strbuf_adds(&text, words[(seed >> 16) % 10]);
				strbuf_addc(&text, ' ');
			}
			if (seed & 0x100)
				strbuf_adds(&right, words[(seed >> 20) % 10]);
			blk = slip_row(&s, strbuf_str(&text),
				       right.len ? strbuf_str(&right) : NULL,
				       (seed >> 9) & 0xF);
			blk->align = (enum slip_align)((seed >> 13) % 3);
			blk->indent = (int)(seed >> 24) % 12;
			blk->hang = (int)(seed >> 27) % 5;
			squeeze(&want, blk->text, strlen(blk->text));
			if (blk->right != NULL)
				squeeze(&want, blk->right, strlen(blk->right));
			strbuf_cleanup(&text);
			strbuf_cleanup(&right);
		}
		lay(&l, &s);
		assert_bounds(&l);
		strbuf_init(&got, 0);
		for (k = 0; k < l.nelems; k++)
			if (l.elems[k].kind == LAYOUT_TEXT)
				squeeze(&got, l.elems[k].text, l.elems[k].len);
		assert_string_equal(strbuf_str(&got), strbuf_str(&want));
		strbuf_cleanup(&got);
		strbuf_cleanup(&want);
		layout_cleanup(&l);
		slip_cleanup(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_at_spaces),
	    cmocka_unit_test(test_long_word_cut),
	    cmocka_unit_test(test_wide_characters),
	    cmocka_unit_test(test_alignment_and_styles),
	    cmocka_unit_test(test_right_text),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_pagination),
	    cmocka_unit_test(test_cut_ends_page),
	    cmocka_unit_test(test_empty_slip),
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_tall_image_sliced),
	    cmocka_unit_test(test_limits_fail_loudly),
	    cmocka_unit_test(test_helpers),
	    cmocka_unit_test(test_write_driver),
	    cmocka_unit_test(test_raster_failure_is_clear),
	    cmocka_unit_test(test_random_nothing_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
