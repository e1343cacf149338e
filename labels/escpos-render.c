/* The virtual printer: an ESC/POS interpreter modelled on an Epson TM-T20III
 * in standard mode (203 dpi, Font A 12x24, Font B 9x17).
 *
 * Semantics chosen where the manuals leave room (encoders rely on these):
 * - Text collects in a line buffer and prints on LF, ESC d, ESC J, a cut, or
 *   before a QR code, barcode or raster image. A character that does not fit
 *   the paper width prints the line first and starts the next one. Bytes
 *   still in the buffer when the job ends are not printed, as on the real
 *   printer (which waits for more data).
 * - A printed line advances the paper by max(tallest character, feed), where
 *   feed is the line spacing for LF (default 30 dots), n x spacing for
 *   ESC d n and n dots for ESC J n. Characters of different heights share
 *   the bottom of the line. An empty line just feeds.
 * - ESC a takes effect only at the start of a line (otherwise ignored).
 * - QR codes, barcodes and raster images print at the current paper
 *   position and advance it by exactly their height: no quiet zone above or
 *   below is added, the encoder feeds for it. Sideways the paper is white.
 * - A barcode or QR code wider than the paper, or whose data the printer
 *   would reject, is not printed (the command is consumed).
 * - Barcode HRI is centred on the bars, directly above/below them, in the
 *   GS f font at normal size.
 * - A cut prints the pending line, feeds n dots for GS V 65/66 n, then draws
 *   a dashed line one dot high (not counting the head-to-cutter distance).
 * - ESC t selects a code page by the profile's numbers (without a profile,
 *   Epson's: 0 PC437, 2 PC850, 16 WPC1252, 17 PC866, 18 PC852, 19 PC858);
 *   an unknown number keeps PC437. A character the PC437 font has is drawn
 *   from it; any other is drawn by textraster in the same cell.
 * - In FS & mode a byte >= 0x80 and the next one (>= 0x40) are one Big5
 *   or GB18030 character (the profile's; GB18030 without a profile, as on
 *   most clones), drawn by textraster in a cell of two columns (24 x 24 in
 *   Font A). FS . leaves the mode; ESC @ leaves it too.
 * - Unknown ESC/GS/FS commands skip only the prefix and command byte; known
 *   ones skip their documented parameters. A command cut off by the end of
 *   the buffer is an error.
 * - Rendering continues below whatever rows the bitmap already holds.
 */
#include "escpos-render.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code128.h"
#include "codepage.h"
#include "draw.h"
#include "font.h"
#include "text.h"
#include "textraster.h"

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define DLE 0x10

/* TM-T20III defaults (ESC @). */
#define DEFAULT_SPACING 30    /* ESC 2: 30 dots, about 1/6 inch */
#define DEFAULT_BC_HEIGHT 162 /* GS h */
#define DEFAULT_BC_MODULE 3   /* GS w */
#define DEFAULT_QR_MODULE 3   /* GS ( k 167 */
#define TAB_STOPS 32	      /* ESC D takes at most 32 */
#define BOTTOM_MARGIN 8	      /* white rows after the last feed */
#define CUT_DASH 8	      /* dashes of the drawn cut line, in dots */

/* A line holds at most one cell per 9 dots (Font B, the narrowest). */
#define LINE_MAX_CELLS (BITMAP_MAX_WIDTH / 9 + 2)

enum cell_kind { CELL_CHAR, CELL_CJK };

struct cell {
	int16_t x;		  /* from the start of the line */
	int16_t adv;		  /* width including right-side spacing */
	unsigned char ch;	  /* PC437 byte */
	uint32_t cp;		  /* else Unicode, drawn by textraster */
	unsigned char kind;	  /* enum cell_kind */
	unsigned char font, bold; /* enum font_id, 0/1 */
	unsigned char underline;  /* dots: 0, 1, 2 */
	unsigned char wmul, hmul; /* 1-8 */
};

/* Everything ESC @ resets. */
struct modes {
	int font, bold, dstrike, underline, wmul, hmul, align;
	int spacing, char_space, cjk;
	int codepage; /* ESC t n */
	int tabs[TAB_STOPS], ntabs;
	int bc_height, bc_module, hri_pos, hri_font;
	int qr_module, qr_level;
	const unsigned char *qr_data; /* points into the job buffer */
	size_t qr_len;
};

struct render {
	const unsigned char *buf;
	size_t len, pos, start; /* start: offset of the current command */
	struct bitmap *bm;
	struct err *err;
	struct modes m;
	int y; /* paper position: top of the next line */
	int x; /* pen position in the line buffer */
	int ncells;
	struct cell cells[LINE_MAX_CELLS];
	const struct profile *p; /* ESC t numbers, CJK set; NULL: Epson's */
	int table_cp;		 /* the code page high[] holds; -1: none */
	uint32_t high[128];	 /* its bytes 0x80-0xFF as Unicode, 0: none */
	iconv_t cjk;		 /* Big5/GB18030 -> UTF-32LE, on first use */
};

#define CD_CLOSED ((iconv_t)-1)

struct cmd {
	unsigned char known;
	unsigned char nargs; /* fixed parameter bytes after the command byte */
	int (*run)(struct render *r, const unsigned char *a);
};

static void modes_reset(struct modes *m)
{
	int i;

	memset(m, 0, sizeof *m);
	m->font = FONT_A;
	m->wmul = m->hmul = 1;
	m->spacing = DEFAULT_SPACING;
	/* Default tab stops: every 8 characters. */
	for (i = 0; i < TAB_STOPS; i++)
		m->tabs[i] = 8 * (i + 1);
	m->ntabs = TAB_STOPS;
	m->bc_height = DEFAULT_BC_HEIGHT;
	m->bc_module = DEFAULT_BC_MODULE;
	m->qr_module = DEFAULT_QR_MODULE;
	m->qr_level = DRAW_QR_L;
}

/* ---- input ---- */

static int truncated(struct render *r)
{
	return err_set(r->err,
		       "escpos: command at offset %zu (0x%02x) is cut "
		       "off by the end of the data",
		       r->start, r->buf[r->start]);
}

static int take(struct render *r, size_t n, const unsigned char **p)
{
	*p = NULL;
	if (r->len - r->pos < n)
		return truncated(r);
	*p = r->buf + r->pos;
	r->pos += n;
	return 0;
}

/* ---- paper ---- */

static int advance(struct render *r, int dots)
{
	r->y += dots;
	if (r->y > BITMAP_MAX_HEIGHT)
		return err_set(r->err,
			       "escpos: job longer than %d dots "
			       "(offset %zu)",
			       BITMAP_MAX_HEIGHT, r->start);
	return 0;
}

static int rows_for(struct render *r, int h)
{
	return bitmap_ensure(r->bm, r->y + h, r->err);
}

static int align_offset(const struct render *r, int w)
{
	int room = r->bm->width - w;

	if (room <= 0)
		return 0;
	if (r->m.align == 1)
		return room / 2;
	if (r->m.align == 2)
		return room;
	return 0;
}

/* ---- glyphs ---- */

/* A cell wmul x hmul times the face's size. */
static void glyph_put(struct render *r, const struct font_face *f,
		      unsigned char ch, int x, int y, int wmul, int hmul)
{
	draw_glyph(r->bm, f, ch, x, y, f->width * wmul, f->height * hmul);
}

/* Two-byte characters: a boxed '?' until we carry a CJK font. */
static void draw_cjk(struct render *r, const struct cell *c, int x, int y,
		     int w, int h)
{
	const struct font_face *f = font_face_get(c->font, c->bold);

	draw_missing(r->bm, f, x, y, w, h, f->width * c->wmul,
		     f->height * c->hmul);
}

static int cell_height(const struct cell *c)
{
	return font_face_get(c->font, 0)->height * c->hmul;
}

static int cell_width(const struct cell *c)
{
	int w = font_face_get(c->font, 0)->width * c->wmul;

	return c->kind == CELL_CJK ? 2 * w : w;
}

/* A character the PC437 font lacks: textraster draws it in the cell at
 * normal size, which is then scaled like the font's glyphs; bold strikes
 * it twice, one dot apart, as the printer does. */
static void draw_unicode(struct render *r, const struct cell *c, int x, int y,
			 int w, int h)
{
	int bw = w / c->wmul, bh = h / c->hmul, tw, dx, dy;
	char utf8[8];
	struct bitmap g;
	struct err err;

	err_clear(&err);
	text_utf8_encode(c->cp, utf8);
	if (bitmap_init(&g, bw, &err) != 0 ||
	    textraster_measure(utf8, bh, &tw, &err) != 0 ||
	    textraster_draw(utf8, bh, &g, (bw - tw) / 2 > 0 ? (bw - tw) / 2 : 0,
			    0, &err) != 0) {
		bitmap_cleanup(&g);
		draw_cjk(r, c, x, y, w, h); /* no font: a box, not nothing */
		return;
	}
	for (dy = 0; dy < bh && dy < g.height; dy++)
		for (dx = 0; dx < bw; dx++)
			if (bitmap_get(&g, dx, dy) ||
			    (c->bold && dx > 0 && bitmap_get(&g, dx - 1, dy)))
				bitmap_fill(r->bm, x + dx * c->wmul,
					    y + dy * c->hmul, c->wmul, c->hmul);
	bitmap_cleanup(&g);
}

static void draw_cell(struct render *r, const struct cell *c, int x0,
		      int line_top, int line_h)
{
	int h = cell_height(c), top = line_top + line_h - h, x = x0 + c->x;

	if (c->cp != 0)
		draw_unicode(r, c, x, top, cell_width(c), h);
	else if (c->kind == CELL_CJK)
		draw_cjk(r, c, x, top, cell_width(c), h);
	else
		glyph_put(r, font_face_get(c->font, c->bold), c->ch, x, top,
			  c->wmul, c->hmul);
	/* The underline runs along the cell bottom, through the spacing. */
	if (c->underline)
		bitmap_fill(r->bm, x, top + h - c->underline, c->adv,
			    c->underline);
}

/* ---- the line buffer ---- */

static int line_height(const struct render *r)
{
	int i, h = 0;

	for (i = 0; i < r->ncells; i++)
		if (cell_height(&r->cells[i]) > h)
			h = cell_height(&r->cells[i]);
	return h;
}

/* Prints the line buffer and moves the paper by max(line height, feed). */
static int line_print(struct render *r, int feed)
{
	int h = line_height(r), x0 = align_offset(r, r->x), i;

	if (h > 0) {
		if (rows_for(r, h) < 0)
			return ERR_FAIL;
		for (i = 0; i < r->ncells; i++)
			draw_cell(r, &r->cells[i], x0, r->y, h);
	}
	r->ncells = 0;
	r->x = 0;
	return advance(r, h > feed ? h : feed);
}

static int line_empty(const struct render *r)
{
	return r->ncells == 0 && r->x == 0;
}

/* QR codes, barcodes and images start on a fresh line. */
static int line_finish(struct render *r)
{
	return line_empty(r) ? 0 : line_print(r, r->m.spacing);
}

static int text_put(struct render *r, unsigned char ch, enum cell_kind kind,
		    uint32_t cp)
{
	struct cell c = {
	    .ch = ch,
	    .cp = cp,
	    .kind = (unsigned char)kind,
	    .font = (unsigned char)r->m.font,
	    .bold = (unsigned char)(r->m.bold | r->m.dstrike),
	    .underline = (unsigned char)r->m.underline,
	    .wmul = (unsigned char)r->m.wmul,
	    .hmul = (unsigned char)r->m.hmul,
	};
	int w = cell_width(&c), adv = w + r->m.char_space * r->m.wmul;

	if (w > r->bm->width)
		return 0; /* can never fit: the printer drops it */
	if (r->x + w > r->bm->width && line_print(r, r->m.spacing) < 0)
		return ERR_FAIL;
	if (r->ncells >= LINE_MAX_CELLS)
		return 0; /* unreachable: cells are at least 9 dots wide */
	c.x = (int16_t)r->x;
	c.adv =
	    (int16_t)(adv < r->bm->width - r->x ? adv : r->bm->width - r->x);
	r->cells[r->ncells++] = c;
	r->x += c.adv;
	return 0;
}

/* Charset of ESC t n: the profile's table, else Epson's numbering. */
static const char *codepage_name(const struct render *r, int n)
{
	static const struct {
		int n;
		const char *name;
	} epson[] = {{0, "CP437"},   {2, "CP850"},   {16, "CP1252"},
		     {17, "CP866"},  {18, "CP852"},  {19, "CP858"}};
	size_t i;
	int k;

	if (r->p != NULL) {
		for (k = 0; k < r->p->ncodepages; k++)
			if (r->p->codepages[k].number == n)
				return r->p->codepages[k].name;
		return NULL;
	}
	for (i = 0; i < sizeof epson / sizeof epson[0]; i++)
		if (epson[i].n == n)
			return epson[i].name;
	return NULL;
}

/* Bytes of one character in cd's charset -> its code point, or 0. */
static uint32_t decode(iconv_t cd, const unsigned char *in, size_t n)
{
	char *ip = (char *)in, *op;
	unsigned char u[8];
	size_t il = n, ol = sizeof u;

	op = (char *)u;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 ||
	    sizeof u - ol != 4) {
		iconv(cd, NULL, NULL, NULL, NULL);
		return 0;
	}
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	       (uint32_t)u[3] << 24;
}

/* The Unicode of byte b >= 0x80 in the code page in force; the table is
 * built (one iconv_open) when ESC t changed it, on its first high byte. */
static uint32_t high_unicode(struct render *r, unsigned char b)
{
	const char *name;
	iconv_t cd;
	int i;

	if (r->table_cp != r->m.codepage) {
		r->table_cp = r->m.codepage;
		name = codepage_name(r, r->m.codepage);
		cd = name != NULL ? iconv_open("UTF-32LE", name) : CD_CLOSED;
		for (i = 0; i < 128; i++) {
			unsigned char c = (unsigned char)(0x80 + i);

			r->high[i] = cd != CD_CLOSED
					     ? decode(cd, &c, 1)
					     : codepage_cp437_unicode(c);
		}
		if (cd != CD_CLOSED)
			iconv_close(cd);
	}
	return r->high[b - 0x80];
}

/* One two-byte character: its code point, or 0 (drawn as a box). */
static uint32_t cjk_unicode(struct render *r, const unsigned char *two)
{
	if (r->cjk == CD_CLOSED)
		r->cjk = iconv_open("UTF-32LE",
				    r->p != NULL && r->p->cjk == PROFILE_CJK_BIG5
					    ? "BIG5"
					    : "GB18030");
	return r->cjk != CD_CLOSED ? decode(r->cjk, two, 2) : 0;
}

/* In FS & mode a lead byte and its trail byte are one double-width cell. */
static int text_byte(struct render *r, unsigned char ch)
{
	uint32_t u;
	unsigned char b;

	if (r->m.cjk && ch >= 0x80) {
		if (r->pos < r->len && r->buf[r->pos] >= 0x40) {
			u = cjk_unicode(r, r->buf + r->pos - 1);
			r->pos++;
			return text_put(r, '?', CELL_CJK, u);
		}
		return 0; /* a lead byte without a trail byte prints nothing */
	}
	if (ch < 0x80)
		return text_put(r, ch, CELL_CHAR, 0);
	u = high_unicode(r, ch);
	if (u == 0)
		return text_put(r, ch, CELL_CHAR, 0); /* undefined: as PC437 */
	b = codepage_cp437(u);
	return b != 0 ? text_put(r, b, CELL_CHAR, 0)
		      : text_put(r, '?', CELL_CHAR, u);
}

/* HT: to the next ESC D stop, counted in characters of the current size. */
static int tab(struct render *r)
{
	const struct font_face *f = font_face_get(r->m.font, 0);
	int unit = (f->width + r->m.char_space) * r->m.wmul, i;

	for (i = 0; i < r->m.ntabs; i++) {
		int pos = r->m.tabs[i] * unit;

		if (pos > r->x) {
			r->x = pos < r->bm->width ? pos : r->bm->width;
			return 0;
		}
	}
	return 0;
}

/* ---- ESC ---- */

static int esc_codepage(struct render *r, const unsigned char *a)
{
	r->m.codepage = a[0];
	return 0;
}

static int esc_init(struct render *r, const unsigned char *a)
{
	(void)a;
	modes_reset(&r->m);
	r->ncells = 0; /* ESC @ clears the print buffer unprinted */
	r->x = 0;
	return 0;
}

static int esc_char_space(struct render *r, const unsigned char *a)
{
	r->m.char_space = a[0];
	return 0;
}

static int esc_modes(struct render *r, const unsigned char *a)
{
	r->m.font = a[0] & 0x01 ? FONT_B : FONT_A;
	r->m.bold = (a[0] >> 3) & 1;
	r->m.hmul = a[0] & 0x10 ? 2 : 1;
	r->m.wmul = a[0] & 0x20 ? 2 : 1;
	r->m.underline = a[0] & 0x80 ? 1 : 0;
	return 0;
}

/* Many parameters accept n or the ASCII digit '0' + n. */
static int digit_arg(unsigned char n)
{
	return n >= '0' && n <= '9' ? n - '0' : n;
}

static int esc_underline(struct render *r, const unsigned char *a)
{
	int n = digit_arg(a[0]);

	if (n <= 2)
		r->m.underline = n;
	return 0;
}

static int esc_spacing_default(struct render *r, const unsigned char *a)
{
	(void)a;
	r->m.spacing = DEFAULT_SPACING;
	return 0;
}

static int esc_spacing(struct render *r, const unsigned char *a)
{
	r->m.spacing = a[0];
	return 0;
}

/* ESC D n1 .. nk NUL: ascending stops, at most 32. */
static int esc_tabs(struct render *r, const unsigned char *a)
{
	int last = 0;

	(void)a;
	r->m.ntabs = 0;
	for (;;) {
		const unsigned char *n;

		if (take(r, 1, &n) < 0)
			return ERR_FAIL;
		if (*n == 0)
			return 0;
		if (*n > last && r->m.ntabs < TAB_STOPS)
			r->m.tabs[r->m.ntabs++] = last = *n;
	}
}

static int esc_bold(struct render *r, const unsigned char *a)
{
	r->m.bold = a[0] & 1;
	return 0;
}

/* Double-strike looks the same as emphasis on a thermal head. */
static int esc_dstrike(struct render *r, const unsigned char *a)
{
	r->m.dstrike = a[0] & 1;
	return 0;
}

static int esc_feed_dots(struct render *r, const unsigned char *a)
{
	return line_print(r, a[0]);
}

static int esc_feed_lines(struct render *r, const unsigned char *a)
{
	return line_print(r, a[0] * r->m.spacing);
}

static int esc_font(struct render *r, const unsigned char *a)
{
	int n = digit_arg(a[0]);

	if (n <= 1)
		r->m.font = n;
	return 0;
}

static int esc_align(struct render *r, const unsigned char *a)
{
	int n = digit_arg(a[0]);

	if (n <= 2 && line_empty(r))
		r->m.align = n;
	return 0;
}

/* ESC & y c1 c2 [x d1 .. d(y*x)] ...: user-defined characters, skipped. */
static int esc_user_chars(struct render *r, const unsigned char *a)
{
	int c;

	for (c = a[1]; c <= a[2]; c++) {
		const unsigned char *x, *d;

		if (take(r, 1, &x) < 0 || take(r, (size_t)a[0] * *x, &d) < 0)
			return ERR_FAIL;
	}
	return 0;
}

/* ESC * m nL nH d: bit image, skipped by its length. */
static int esc_bit_image(struct render *r, const unsigned char *a)
{
	size_t n = a[1] + 256u * a[2];
	const unsigned char *d;

	if (a[0] == 32 || a[0] == 33)
		n *= 3;
	else if (a[0] > 1)
		return 0;
	return take(r, n, &d);
}

static int cut(struct render *r, int feed);

static int esc_cut(struct render *r, const unsigned char *a)
{
	(void)a;
	return cut(r, 0);
}

#define ARGS(n)                                                                \
	{                                                                      \
		1, n, NULL                                                     \
	}
#define RUN(n, fn)                                                             \
	{                                                                      \
		1, n, fn                                                       \
	}

static const struct cmd esc_cmds[256] = {
    ['\f'] = ARGS(0), /* page mode: print */
    [' '] = RUN(1, esc_char_space),
    ['!'] = RUN(1, esc_modes),
    ['$'] = ARGS(2), /* absolute print position */
    ['%'] = ARGS(1), /* user-defined characters on/off */
    ['&'] = RUN(3, esc_user_chars),
    ['*'] = RUN(3, esc_bit_image),
    ['-'] = RUN(1, esc_underline),
    ['2'] = RUN(0, esc_spacing_default),
    ['3'] = RUN(1, esc_spacing),
    ['='] = ARGS(1), /* select peripheral */
    ['?'] = ARGS(1), /* cancel a user-defined character */
    ['@'] = RUN(0, esc_init),
    ['D'] = RUN(0, esc_tabs),
    ['E'] = RUN(1, esc_bold),
    ['G'] = RUN(1, esc_dstrike),
    ['J'] = RUN(1, esc_feed_dots),
    ['L'] = ARGS(0), /* page mode */
    ['M'] = RUN(1, esc_font),
    ['R'] = ARGS(1),  /* international character set */
    ['S'] = ARGS(0),  /* standard mode */
    ['T'] = ARGS(1),  /* page mode direction */
    ['U'] = ARGS(1),  /* unidirectional printing */
    ['V'] = ARGS(1),  /* 90-degree rotation */
    ['W'] = ARGS(8),  /* page mode print area */
    ['\\'] = ARGS(2), /* relative print position */
    ['a'] = RUN(1, esc_align),
    ['c'] = ARGS(2), /* ESC c 3/4/5 n: sensors, panel keys */
    ['d'] = RUN(1, esc_feed_lines),
    ['e'] = ARGS(1), /* reverse feed */
    ['i'] = RUN(0, esc_cut),
    ['m'] = RUN(0, esc_cut),
    ['p'] = ARGS(3), /* drawer kick pulse */
    ['r'] = ARGS(1), /* print colour */
    ['t'] = RUN(1, esc_codepage),
    ['u'] = ARGS(1), /* drawer status */
    ['v'] = ARGS(0), /* paper sensor status */
    ['{'] = ARGS(1), /* upside-down printing */
};

/* ---- QR code: GS ( k, cn 49 ---- */

static int qr_print(struct render *r)
{
	struct draw_qr *q;
	int size, rc = 0;

	if (r->m.qr_len == 0)
		return 0;
	q = draw_qr_new(r->m.qr_data, r->m.qr_len,
			(enum draw_qr_level)r->m.qr_level);
	if (q == NULL)
		return 0; /* too much data for any version: not printed */
	size = draw_qr_modules(q) * r->m.qr_module;
	if (size <= r->bm->width) {
		rc = line_finish(r);
		if (rc == 0)
			rc = rows_for(r, size);
		if (rc == 0) {
			draw_qr(r->bm, q, align_offset(r, size), r->y,
				r->m.qr_module);
			rc = advance(r, size);
		}
	}
	draw_qr_free(q);
	return rc;
}

/* One QR function; d points at fn, n bytes from fn on. */
static int qr_function(struct render *r, const unsigned char *d, size_t n)
{
	static const int level[] = {DRAW_QR_L, DRAW_QR_M, DRAW_QR_Q,
				    DRAW_QR_H};

	if (n < 2)
		return 0;
	switch (d[0]) {
	case 'C': /* 167: module size */
		if (d[1] >= 1 && d[1] <= 16)
			r->m.qr_module = d[1];
		return 0;
	case 'E': /* 169: error correction */
		if (d[1] >= '0' && d[1] <= '3')
			r->m.qr_level = level[d[1] - '0'];
		return 0;
	case 'P': /* 180: store data after m */
		r->m.qr_data = d + 2;
		r->m.qr_len = n - 2;
		return 0;
	case 'Q': /* 181: print */
		return qr_print(r);
	}
	return 0; /* 165 model (we draw model 2), 182 size info, others */
}

/* GS ( fn pL pH data: every function carries its own length. */
static int gs_paren(struct render *r, const unsigned char *a)
{
	size_t n = a[1] + 256u * a[2];
	const unsigned char *d;

	if (take(r, n, &d) < 0)
		return ERR_FAIL;
	/* cn 49 is QR; other symbologies and functions are skipped. */
	if (a[0] == 'k' && n >= 2 && d[0] == '1')
		return qr_function(r, d + 1, n - 1);
	return 0;
}

/* ---- barcodes ---- */

static int code128_print(struct render *r, const unsigned char *d, size_t n)
{
	const struct font_face *f = font_face_get(r->m.hri_font, 0);
	int above = r->m.hri_pos & 1 ? f->height : 0;
	int below = r->m.hri_pos & 2 ? f->height : 0;
	int w, x0, h;
	struct code128 c;

	/* Data the printer rejects prints nothing, like the real one. */
	if (code128_encode(&c, d, n, NULL) < 0)
		return 0;
	w = code128_modules(&c) * r->m.bc_module;
	if (w > r->bm->width)
		return 0; /* wider than the paper: silently dropped */
	h = above + r->m.bc_height + below;
	if (line_finish(r) < 0 || rows_for(r, h) < 0)
		return ERR_FAIL;
	x0 = align_offset(r, w);
	if (above)
		draw_text_line(r->bm, f, c.hri, x0, w, r->y, DRAW_CENTRE);
	draw_code128_bars(r->bm, &c, x0, r->y + above, r->m.bc_module,
			  r->m.bc_height);
	if (below)
		draw_text_line(r->bm, f, c.hri, x0, w,
			       r->y + above + r->m.bc_height, DRAW_CENTRE);
	return advance(r, h);
}

/* GS k m: m 0-6 data ends with NUL, m 65-79 has a length byte. */
static int gs_barcode(struct render *r, const unsigned char *a)
{
	const unsigned char *n, *d;

	if (a[0] <= 6) {
		const unsigned char *end =
		    memchr(r->buf + r->pos, 0, r->len - r->pos);

		if (end == NULL)
			return truncated(r);
		r->pos = (size_t)(end - r->buf) + 1;
		return 0; /* not drawn yet: our encoder sends only Code 128 */
	}
	if (a[0] < 65 || a[0] > 79)
		return 0;
	if (take(r, 1, &n) < 0 || take(r, *n, &d) < 0)
		return ERR_FAIL;
	return a[0] == 73 ? code128_print(r, d, *n) : 0;
}

static int gs_bc_height(struct render *r, const unsigned char *a)
{
	if (a[0] >= 1)
		r->m.bc_height = a[0];
	return 0;
}

/* TM-T20III accepts 2-6 dots; others keep the previous width. */
static int gs_bc_module(struct render *r, const unsigned char *a)
{
	if (a[0] >= 2 && a[0] <= 6)
		r->m.bc_module = a[0];
	return 0;
}

static int gs_hri_pos(struct render *r, const unsigned char *a)
{
	int n = digit_arg(a[0]);

	if (n <= 3)
		r->m.hri_pos = n;
	return 0;
}

static int gs_hri_font(struct render *r, const unsigned char *a)
{
	int n = digit_arg(a[0]);

	if (n <= 1)
		r->m.hri_font = n;
	return 0;
}

/* ---- raster image: GS v 0 ---- */

static int gs_raster(struct render *r, const unsigned char *a)
{
	size_t xb = a[2] + 256u * a[3];
	int yn = a[4] + 256 * a[5], m = digit_arg(a[1]);
	int sx = m & 1 ? 2 : 1, sy = m & 2 ? 2 : 1;
	const unsigned char *d;

	if (a[0] != '0')
		return 0; /* GS v with another function: unknown */
	if (take(r, xb * (size_t)yn, &d) < 0)
		return ERR_FAIL;
	if (m > 3 || xb == 0 || yn == 0)
		return 0;
	if (line_finish(r) < 0 || rows_for(r, yn * sy) < 0)
		return ERR_FAIL;
	/* m's bits are DRAW_IMAGE_WIDE and DRAW_IMAGE_TALL. */
	draw_image(r->bm, align_offset(r, (int)xb * 8 * sx), r->y, d, xb, yn,
		   (unsigned)m);
	return advance(r, yn * sy);
}

/* ---- cut ---- */

static int cut(struct render *r, int feed)
{
	if (line_finish(r) < 0 || advance(r, feed) < 0 || rows_for(r, 1) < 0)
		return ERR_FAIL;
	draw_dashes(r->bm, r->y, CUT_DASH);
	return advance(r, 1);
}

/* GS V m [n]: 0/1/48/49 cut here; 65/66 (and the newer 97/98/103/104)
 * feed n dots first. */
static int gs_cut(struct render *r, const unsigned char *a)
{
	const unsigned char *n;

	switch (a[0]) {
	case 0:
	case 1:
	case '0':
	case '1':
		return cut(r, 0);
	case 65:
	case 66:
	case 97:
	case 98:
	case 103:
	case 104:
		if (take(r, 1, &n) < 0)
			return ERR_FAIL;
		return cut(r, *n);
	}
	return 0;
}

/* ---- other GS ---- */

static int gs_size(struct render *r, const unsigned char *a)
{
	if (a[0] & 0x88)
		return 0; /* out of range: the printer ignores it */
	r->m.wmul = ((a[0] >> 4) & 7) + 1;
	r->m.hmul = (a[0] & 7) + 1;
	return 0;
}

/* GS * x y d: downloaded bit image of x*y*8 bytes, skipped. */
static int gs_define_image(struct render *r, const unsigned char *a)
{
	const unsigned char *d;

	return take(r, (size_t)a[0] * a[1] * 8, &d);
}

/* GS 8 L p1-p4 ...: the 32-bit-length twin of GS ( L, skipped. */
static int gs_8(struct render *r, const unsigned char *a)
{
	uint32_t n = a[1] | (uint32_t)a[2] << 8 | (uint32_t)a[3] << 16 |
		     (uint32_t)a[4] << 24;
	const unsigned char *d;

	if (a[0] != 'L')
		return 0;
	return take(r, n, &d);
}

static const struct cmd gs_cmds[256] = {
    ['!'] = RUN(1, gs_size),
    ['$'] = ARGS(2), /* absolute vertical position (page mode) */
    ['('] = RUN(3, gs_paren),
    ['*'] = RUN(2, gs_define_image),
    ['/'] = ARGS(1), /* print downloaded image */
    [':'] = ARGS(0), /* macro definition */
    ['8'] = RUN(5, gs_8),
    ['B'] = ARGS(1), /* white/black reverse */
    ['H'] = RUN(1, gs_hri_pos),
    ['I'] = ARGS(1), /* printer ID */
    ['L'] = ARGS(2), /* left margin */
    ['P'] = ARGS(2), /* motion units */
    ['T'] = ARGS(1), /* print position to line start */
    ['V'] = RUN(1, gs_cut),
    ['W'] = ARGS(2),  /* print area width */
    ['\\'] = ARGS(2), /* relative vertical position */
    ['^'] = ARGS(3),  /* run macro */
    ['a'] = ARGS(1),  /* automatic status back */
    ['b'] = ARGS(1),  /* smoothing */
    ['f'] = RUN(1, gs_hri_font),
    ['g'] = ARGS(4), /* maintenance counters */
    ['h'] = RUN(1, gs_bc_height),
    ['k'] = RUN(1, gs_barcode),
    ['r'] = ARGS(1), /* transmit status */
    ['v'] = RUN(6, gs_raster),
    ['w'] = RUN(1, gs_bc_module),
};

/* ---- FS and DLE ---- */

static int fs_cjk_on(struct render *r, const unsigned char *a)
{
	(void)a;
	r->m.cjk = 1;
	return 0;
}

static int fs_cjk_off(struct render *r, const unsigned char *a)
{
	(void)a;
	r->m.cjk = 0;
	return 0;
}

static int fs_paren(struct render *r, const unsigned char *a)
{
	const unsigned char *d;

	return take(r, a[1] + 256u * a[2], &d);
}

static const struct cmd fs_cmds[256] = {
    ['!'] = ARGS(1), /* Kanji print modes */
    ['&'] = RUN(0, fs_cjk_on),
    ['('] = RUN(3, fs_paren),
    ['-'] = ARGS(1), /* Kanji underline */
    ['.'] = RUN(0, fs_cjk_off),
    ['2'] = ARGS(74), /* define a Kanji (c1 c2 + 72 bytes) */
    ['C'] = ARGS(1),  /* Kanji code system */
    ['S'] = ARGS(2),  /* Kanji spacing */
    ['W'] = ARGS(1),  /* Kanji quadruple size */
    ['p'] = ARGS(2),  /* print NV image */
};

/* DLE EOT n asks for status and DLE ENQ n recovers: nothing is printed. */
static int dle_eot(struct render *r, const unsigned char *a)
{
	const unsigned char *extra;

	if (a[0] == 7 || a[0] == 8)
		return take(r, 1, &extra);
	return 0;
}

static int dle_dc4(struct render *r, const unsigned char *a)
{
	static const unsigned char extra[9] = {0, 2, 2, 2, 0, 0, 0, 1, 7};
	const unsigned char *d;

	return a[0] < 9 ? take(r, extra[a[0]], &d) : 0;
}

static const struct cmd dle_cmds[256] = {
    [0x04] = RUN(1, dle_eot),
    [0x05] = ARGS(1), /* DLE ENQ: real-time request */
    [0x14] = RUN(1, dle_dc4),
};

/* ---- the interpreter ---- */

static int command(struct render *r, const struct cmd *table)
{
	const unsigned char *op, *a;
	const struct cmd *c;

	if (take(r, 1, &op) < 0)
		return ERR_FAIL;
	c = &table[*op];
	if (!c->known)
		return 0; /* unknown: its parameters, if any, print as text */
	if (take(r, c->nargs, &a) < 0)
		return ERR_FAIL;
	return c->run != NULL ? c->run(r, a) : 0;
}

static int step(struct render *r)
{
	unsigned char b = r->buf[r->pos];

	r->start = r->pos++;
	switch (b) {
	case '\n':
		return line_print(r, r->m.spacing);
	case '\t':
		return tab(r);
	case ESC:
		return command(r, esc_cmds);
	case GS:
		return command(r, gs_cmds);
	case FS:
		return command(r, fs_cmds);
	case DLE:
		return command(r, dle_cmds);
	}
	/* Other control bytes (CR, NUL, ...) do nothing in standard mode. */
	return b >= 0x20 ? text_byte(r, b) : 0;
}

static int render_run(struct render *r)
{
	int bottom;

	while (r->pos < r->len)
		if (step(r) < 0)
			return ERR_FAIL;
	bottom = r->y + BOTTOM_MARGIN;
	if (bottom > BITMAP_MAX_HEIGHT)
		bottom = BITMAP_MAX_HEIGHT;
	return bitmap_ensure(r->bm, bottom, r->err);
}

int escpos_render(const unsigned char *buf, size_t len, struct bitmap *out,
		  struct err *err)
{
	return escpos_render_profile(buf, len, NULL, out, err);
}

int escpos_render_profile(const unsigned char *buf, size_t len,
			  const struct profile *p, struct bitmap *out,
			  struct err *err)
{
	struct render *r;
	int rc;

	if (out->width < 1 || out->width > BITMAP_MAX_WIDTH)
		return err_set(err, "escpos: bitmap not initialised");
	if (buf == NULL && len > 0)
		return err_set(err, "escpos: no data");
	/* About 8 KB of line buffer: on the heap, for small thread stacks. */
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return err_set(err, "escpos: out of memory");
	r->buf = buf;
	r->len = len;
	r->bm = out;
	r->err = err;
	r->y = out->height;
	r->p = p;
	r->table_cp = -1;
	r->cjk = CD_CLOSED;
	modes_reset(&r->m);
	rc = render_run(r);
	if (r->cjk != CD_CLOSED)
		iconv_close(r->cjk);
	free(r);
	return rc;
}

int escpos_render_png(const unsigned char *buf, size_t len, int width_dots,
		      const char *png_path, struct err *err)
{
	struct bitmap b;
	int rc;

	if (bitmap_init(&b, width_dots, err) < 0)
		return ERR_FAIL;
	rc = escpos_render(buf, len, &b, err);
	if (rc == 0)
		rc = bitmap_write_png(&b, png_path, err);
	bitmap_cleanup(&b);
	return rc;
}
