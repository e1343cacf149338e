/* The virtual printer for TSPL/TSPL2: draws the subset our encoder emits as
 * a 203 dpi TSC printer prints it, one label below the other.
 *
 * Every command is a line ending in CR LF (a bare LF is accepted), except
 * that BITMAP's image follows its fifth comma as raw bytes, taken by length
 * (they may hold CR and LF), then its CR LF. Drawn:
 *   CLS         clears the image buffer: a new white page, the profile's
 *               label length tall (SIZE, GAP, DIRECTION ... are accepted)
 *   TEXT x,y,"font",rot,xm,ym,"text"   resident fonts "1"-"8" (font "3" is
 *               16 x 24 dots) scaled xm x ym; \["] is a literal quote
 *   QRCODE x,y,ecc,cell,mode,rot,[M2,]"data"   model 2, cell dots a module
 *   BARCODE x,y,"128",h,hri,rot,narrow,wide,"data"   Code 128, sets chosen
 *               automatically; hri 1/2/3 = text below, left/centre/right
 *   BITMAP x,y,wb,h,mode,data   wb * h bytes, a 0 bit prints BLACK; mode 0
 *               overwrites (1 bits clear to white), 1 and 2 OR the ink in
 *   BAR x,y,w,h and BOX x,y,x2,y2,t
 *   PRINT m,n   prints the page (once, however many copies are asked for)
 * Choices: rotations draw as 0; XOR bitmaps draw as OR; other barcode
 * types and fonts ("ROMAN.TTF") draw nothing resp. as font "3"; a drawing
 * command before CLS opens a page as the printer's buffer would.
 * Errors: a line or BITMAP cut off by the end of the data, a TEXT, QRCODE or
 * BARCODE with an unterminated string, a page drawn but never printed.
 */
#include "label.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "font.h"

/* Coordinates and sizes beyond any label: hostile numbers saturate here. */
#define TSPL_MAX_DOTS 32000
#define TSPL_MAX_ARGS 12
/* A TEXT, QRCODE or BARCODE string: longer than any QR code holds. */
#define TSPL_MAX_STRING 8192

struct span {
	const unsigned char *p;
	size_t n;
};

struct tspl {
	const unsigned char *buf;
	size_t len, pos, start; /* start: offset of the current command */
	struct bitmap *bm;
	struct err *err;
	int page_h, page_open, page_top;
	struct span args[TSPL_MAX_ARGS];
	int nargs;
	unsigned char s[TSPL_MAX_STRING]; /* the string being drawn */
};

/* ---- parameters ---- */

/* Splits a line's parameters at commas outside double quotes; -1 when a
 * string is not closed. Inside a string \["] stands for a quote. */
static int split(struct tspl *t, const unsigned char *p, size_t n)
{
	size_t k = 0, begin = 0;
	int quoted = 0;

	t->nargs = 0;
	for (;; k++) {
		if (k == n || (!quoted && p[k] == ',')) {
			if (t->nargs < TSPL_MAX_ARGS) {
				t->args[t->nargs].p = p + begin;
				t->args[t->nargs].n = k - begin;
				t->nargs++;
			}
			if (k == n)
				break;
			begin = k + 1;
		} else if (p[k] == '"') {
			quoted = !quoted;
		} else if (quoted && n - k >= 4 &&
			   memcmp(p + k, "\\[\"]", 4) == 0) {
			k += 3;
		}
	}
	if (quoted)
		return err_set(t->err,
			       "tspl: line at offset %zu: a string is not "
			       "closed",
			       t->start);
	return 0;
}

static int num(const struct tspl *t, int i, int def, int lo, int hi)
{
	if (i >= t->nargs)
		return def;
	return draw_arg_int(t->args[i].p, t->args[i].n, def, lo, hi);
}

/* Parameter i as a string: its quotes removed and \["] made a quote. */
static size_t str(const struct tspl *t, int i, unsigned char *out, size_t cap)
{
	const unsigned char *p;
	size_t k = 0, n, len = 0;

	if (i >= t->nargs)
		return 0;
	p = t->args[i].p;
	n = t->args[i].n;
	while (k < n && p[k] == ' ')
		k++;
	if (k == n || p[k] != '"')
		return 0;
	for (k++; k < n && p[k] != '"' && len < cap; k++) {
		if (n - k >= 4 && memcmp(p + k, "\\[\"]", 4) == 0) {
			out[len++] = '"';
			k += 3;
			continue;
		}
		out[len++] = p[k];
	}
	return len;
}

static int upper(const struct tspl *t, int i)
{
	unsigned char c[1];

	if (str(t, i, c, 1) == 1)
		return toupper(c[0]);
	if (i < t->nargs && t->args[i].n > 0) {
		size_t k = 0;

		while (k < t->args[i].n && t->args[i].p[k] == ' ')
			k++;
		return k < t->args[i].n ? toupper(t->args[i].p[k]) : 0;
	}
	return 0;
}

/* ---- pages ---- */

static int page(struct tspl *t)
{
	int top;

	if (t->page_open)
		return 0;
	top = draw_page_new(t->bm, t->page_h, t->err);
	if (top < 0)
		return ERR_FAIL;
	t->page_top = top;
	t->page_open = 1;
	return 0;
}

static int x_arg(const struct tspl *t)
{
	return num(t, 0, 0, 0, TSPL_MAX_DOTS);
}

static int y_arg(const struct tspl *t)
{
	return t->page_top + num(t, 1, 0, 0, TSPL_MAX_DOTS);
}

/* ---- commands ---- */

static int cmd_cls(struct tspl *t)
{
	if (t->page_open) {
		draw_clear(t->bm, 0, t->page_top, t->bm->width, t->page_h);
		return 0;
	}
	return page(t);
}

static int cmd_print(struct tspl *t)
{
	if (page(t) < 0) /* an empty buffer prints a blank label */
		return ERR_FAIL;
	t->page_open = 0;
	return 0;
}

/* Resident font cells in dots, fonts "1" to "8". */
static const unsigned char tspl_fonts[8][2] = {
    {8, 12},  {12, 20}, {16, 24}, {24, 32},
    {32, 48}, {14, 19}, {21, 27}, {14, 25},
};

static int cmd_text(struct tspl *t)
{
	unsigned char font[8];
	size_t fn = str(t, 2, font, sizeof font), n;
	int f = fn == 1 && font[0] >= '1' && font[0] <= '8' ? font[0] - '1' : 2;
	int xm = num(t, 4, 1, 1, 10), ym = num(t, 5, 1, 1, 10);

	if (t->nargs < 7)
		return 0;
	n = str(t, 6, t->s, sizeof t->s);
	if (page(t) < 0)
		return ERR_FAIL;
	draw_text(t->bm, font_face_get(FONT_A, 0), (const char *)t->s, n,
		  x_arg(t), y_arg(t), tspl_fonts[f][0] * xm,
		  tspl_fonts[f][1] * ym);
	return 0;
}

static int cmd_qrcode(struct tspl *t)
{
	enum draw_qr_level level = DRAW_QR_M;
	struct draw_qr *q;
	size_t n;

	if (t->nargs < 7)
		return 0;
	switch (upper(t, 2)) {
	case 'L':
		level = DRAW_QR_L;
		break;
	case 'Q':
		level = DRAW_QR_Q;
		break;
	case 'H':
		level = DRAW_QR_H;
		break;
	}
	/* The data is the last parameter, after the optional model and mask. */
	n = str(t, t->nargs - 1, t->s, sizeof t->s);
	if (page(t) < 0)
		return ERR_FAIL;
	q = draw_qr_new(t->s, n, level);
	if (q == NULL)
		return 0; /* too much data: nothing printed */
	draw_qr(t->bm, q, x_arg(t), y_arg(t), num(t, 3, 4, 1, 10));
	draw_qr_free(q);
	return 0;
}

static int cmd_barcode(struct tspl *t)
{
	static const enum draw_align align[] = {DRAW_LEFT, DRAW_LEFT,
						DRAW_CENTRE, DRAW_RIGHT};
	unsigned char type[8];
	size_t tn = str(t, 2, type, sizeof type), n;
	int hri = num(t, 4, 0, 0, 3);
	struct code128 c;

	if (t->nargs < 9 || tn != 3 || memcmp(type, "128", 3) != 0)
		return 0; /* other symbologies: not drawn */
	n = str(t, 8, t->s, sizeof t->s);
	if (page(t) < 0)
		return ERR_FAIL;
	if (draw_code128_auto(&c, t->s, n, NULL) < 0)
		return 0; /* data the printer rejects prints nothing */
	draw_code128(t->bm, &c, x_arg(t), y_arg(t), num(t, 6, 2, 1, 10),
		     num(t, 3, 100, 1, TSPL_MAX_DOTS),
		     hri ? font_face_get(FONT_A, 0) : NULL, align[hri]);
	return 0;
}

static int cmd_bar(struct tspl *t)
{
	if (page(t) < 0)
		return ERR_FAIL;
	draw_box(t->bm, x_arg(t), y_arg(t), num(t, 2, 0, 0, TSPL_MAX_DOTS),
		 num(t, 3, 0, 0, TSPL_MAX_DOTS));
	return 0;
}

static int cmd_box(struct tspl *t)
{
	int x = x_arg(t), y = num(t, 1, 0, 0, TSPL_MAX_DOTS);
	int x2 = num(t, 2, 0, 0, TSPL_MAX_DOTS);
	int y2 = num(t, 3, 0, 0, TSPL_MAX_DOTS);

	if (page(t) < 0)
		return ERR_FAIL;
	draw_frame(t->bm, x, t->page_top + y, x2 - x, y2 - y,
		   num(t, 4, 1, 1, TSPL_MAX_DOTS));
	return 0;
}

/* BITMAP x,y,wb,h,mode, then wb * h raw bytes: the header is read up to its
 * fifth comma, the image by its length, never as a line. */
static int cmd_bitmap(struct tspl *t, const unsigned char *p, size_t n)
{
	const unsigned char *comma = p;
	size_t k, bytes;
	int i, wb, h, mode;

	for (i = 0; i < 5; i++) {
		comma = memchr(p, ',', n);
		if (comma == NULL || memchr(p, '\n', (size_t)(comma - p)))
			return err_set(t->err,
				       "tspl: BITMAP at offset %zu: header "
				       "cut off",
				       t->start);
		k = (size_t)(comma + 1 - p);
		t->args[i].p = p;
		t->args[i].n = k - 1;
		t->nargs = i + 1;
		p += k;
		n -= k;
	}
	wb = num(t, 2, 0, 0, 65535);
	h = num(t, 3, 0, 0, 65535);
	mode = num(t, 4, 0, 0, 2);
	bytes = (size_t)wb * (size_t)h;
	if (n < bytes)
		return err_set(t->err,
			       "tspl: BITMAP at offset %zu: %zu bytes of "
			       "image declared, %zu left in the data",
			       t->start, bytes, n);
	t->pos = (size_t)(p - t->buf) + bytes;
	/* Then its line end. */
	if (t->pos < t->len && t->buf[t->pos] == '\r')
		t->pos++;
	if (t->pos < t->len && t->buf[t->pos] == '\n')
		t->pos++;
	if (bytes == 0)
		return 0;
	if (page(t) < 0)
		return ERR_FAIL;
	if (mode == 0)
		draw_clear(t->bm, x_arg(t), y_arg(t), wb * 8, h);
	draw_image(t->bm, x_arg(t), y_arg(t), p, (size_t)wb, h,
		   DRAW_IMAGE_INVERT);
	return 0;
}

struct tspl_cmd {
	const char *name;
	int (*run)(struct tspl *t);
};

static const struct tspl_cmd cmds[] = {
    {"CLS", cmd_cls},	    {"PRINT", cmd_print},     {"TEXT", cmd_text},
    {"QRCODE", cmd_qrcode}, {"BARCODE", cmd_barcode}, {"BAR", cmd_bar},
    {"BOX", cmd_box},
};

static int step(struct tspl *t)
{
	const unsigned char *p = t->buf + t->pos, *eol;
	size_t n = t->len - t->pos, w = 0, line;
	char word[12];
	size_t i;

	t->start = t->pos;
	while (w < n && w < sizeof word - 1 && isalpha(p[w])) {
		word[w] = (char)toupper(p[w]);
		w++;
	}
	word[w] = '\0';
	if (strcmp(word, "BITMAP") == 0 && w < n && p[w] == ' ')
		return cmd_bitmap(t, p + w + 1, n - w - 1);
	eol = memchr(p, '\n', n);
	if (eol == NULL)
		return err_set(t->err,
			       "tspl: line at offset %zu is cut off by the "
			       "end of the data",
			       t->start);
	line = (size_t)(eol - p);
	t->pos += line + 1;
	if (line > 0 && p[line - 1] == '\r')
		line--;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(cmds[i].name, word) != 0)
			continue;
		if (split(t, p + w, line - w) < 0)
			return ERR_FAIL;
		return cmds[i].run(t);
	}
	return 0; /* SIZE, GAP, DIRECTION, unknown: no ink */
}

int tspl_render(const unsigned char *buf, size_t len, const struct profile *p,
		struct bitmap *out, struct err *err)
{
	struct tspl *t;
	int rc = 0;

	if (out->width < 1 || out->width > BITMAP_MAX_WIDTH)
		return err_set(err, "tspl: bitmap not initialised");
	if (buf == NULL && len > 0)
		return err_set(err, "tspl: no data");
	/* About 8 KB of string buffer: on the heap, for small stacks. */
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return err_set(err, "tspl: out of memory");
	t->buf = buf;
	t->len = len;
	t->bm = out;
	t->err = err;
	/* 4x6 in at 203 dpi when the profile has no length */
	t->page_h = p->height_dots > 0 ? p->height_dots : 1218;
	while (rc == 0 && t->pos < t->len)
		rc = step(t);
	if (rc == 0 && t->page_open)
		rc = err_set(err, "tspl: the data ends before PRINT: the "
				  "last label would not print");
	free(t);
	return rc;
}
