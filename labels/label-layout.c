/* Label layout: places slip blocks on pages of fixed size, top to bottom,
 * and walks the result through a printer language's writer table. */
#include "label-layout.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "bitmap.h"
#include "text.h"
#include "textraster.h"

#define QR_QUIET 4	 /* modules of white a QR code needs around it */
#define QR_MAX_MODULE 10 /* ^BQ and QRCODE both stop at 10 */
#define QR_DEFAULT_MODULE 6
#define BAR_QUIET 10	  /* modules of white either side of a Code128 */
#define BAR_MIN_HEIGHT 24 /* shorter bars do not scan: print the text */
#define BAR_SHORT_HEIGHT 48 /* 6 mm: what a bar may shrink to, to fit */
#define MIN_COLS 8	  /* a margin never squeezes a line below this */

/* The layout in progress. */
struct lay {
	struct layout *l;
	const struct layout_params *lp;
	int top, bottom, left, right; /* printable area in dots */
	int y;			      /* next free row on the current page */
	int brk;		      /* a CUT: next element on a new page */
	struct err *err;
};

void layout_params_init(struct layout_params *lp, const struct profile *p,
			int cell_w, int cell_h, int qr_level)
{
	lp->width = p->width_dots;
	lp->height = p->height_dots;
	lp->dpi = p->dpi;
	lp->margin = LAYOUT_MARGIN;
	lp->cell_w = cell_w;
	lp->cell_h = cell_h;
	lp->qr_level = qr_level;
}

void layout_cleanup(struct layout *l)
{
	free(l->elems);
	l->elems = NULL;
	l->nelems = l->cap = 0;
	l->npages = 0;
}

static int new_page(struct lay *c)
{
	struct layout *l = c->l;

	if (l->npages >= LAYOUT_MAX_PAGES)
		return err_set(c->err,
			       "label: the slip needs more than %d "
			       "labels",
			       LAYOUT_MAX_PAGES);
	l->pages[l->npages].first = l->nelems;
	l->pages[l->npages].n = 0;
	l->npages++;
	c->y = c->top;
	c->brk = 0;
	return 0;
}

/* Makes room for h dots at c->y: a new page when a CUT asked for one or
 * the rest of this page is too short. A fresh page always takes the
 * element (callers shrink or slice what is taller than a page). */
static int room(struct lay *c, int h)
{
	int empty = c->l->pages[c->l->npages - 1].n == 0 && c->y == c->top;

	if (empty) {
		c->brk = 0;
		return 0;
	}
	if (c->brk || c->y + h > c->bottom)
		return new_page(c);
	return 0;
}

static struct layout_elem *add(struct lay *c, enum layout_kind kind)
{
	struct layout *l = c->l;
	struct layout_elem *e;

	if (l->nelems == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;

		if (l->cap >= LAYOUT_MAX_ELEMS) {
			err_set(c->err, "label: more than %d elements",
				LAYOUT_MAX_ELEMS);
			return NULL;
		}
		if (cap > LAYOUT_MAX_ELEMS)
			cap = LAYOUT_MAX_ELEMS;
		e = realloc(l->elems, cap * sizeof *e);
		if (e == NULL) {
			err_set(c->err, "label: out of memory");
			return NULL;
		}
		l->elems = e;
		l->cap = cap;
	}
	e = &l->elems[l->nelems++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->page = l->npages - 1;
	l->pages[l->npages - 1].n++;
	return e;
}

static int add_box(struct lay *c, int x, int y, int w, int h)
{
	struct layout_elem *e = add(c, LAYOUT_BOX);

	if (e == NULL)
		return ERR_FAIL;
	e->x = x;
	e->y = y;
	e->w = w;
	e->h = h;
	return 0;
}

/* ---- text metrics: every character is one cell, East Asian wide two ---- */

static int char_cols(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t l = text_utf8_len(p, n);

	if (l == 0) { /* not UTF-8 (the slip never has it): one cell */
		*len = 1;
		return 1;
	}
	*len = l;
	return text_char_columns(text_utf8_decode(p, l));
}

static int span_cols(const char *s, size_t n)
{
	size_t i = 0, len;
	int cols = 0;

	while (i < n) {
		cols += char_cols(s + i, n - i, &len);
		i += len;
	}
	return cols;
}

/* The next line of at most max columns from s[0..n): it breaks at the last
 * space that fits, inside a word only when that word alone is wider than
 * max. Returns the line's length in bytes without trailing spaces; *used is
 * what to skip to the next line (the spaces after it too), *cols the
 * line's width. Always consumes something when n > 0. */
static size_t wrap(const char *s, size_t n, int max, size_t *used, int *cols)
{
	size_t i = 0, len = 0, brk = 0, end;
	int w = 0, cw = 0, brk_w = 0;

	while (i < n) {
		cw = char_cols(s + i, n - i, &len);
		if (s[i] == ' ' && i > 0) {
			brk = i;
			brk_w = w;
		}
		if (w + cw > max)
			break;
		w += cw;
		i += len;
	}
	if (i == n || s[i] == ' ') {
		end = i;
	} else if (brk > 0) {
		end = brk;
		w = brk_w;
	} else if (i > 0) {
		end = i; /* one word wider than the line: cut it */
	} else {
		end = len; /* one character wider than the line */
		w = cw;
	}
	*used = end;
	while (end > 0 && s[end - 1] == ' ') {
		end--;
		w--;
	}
	while (*used < n && s[*used] == ' ')
		(*used)++;
	*cols = w;
	return end;
}

static int align_x(int left, int width, int w, enum slip_align a)
{
	int x = left;

	if (a == SLIP_RIGHT)
		x = left + width - w;
	else if (a == SLIP_CENTER)
		x = left + (width - w) / 2;
	return x < left ? left : x;
}

struct cell {
	int w, h; /* dots */
};

static struct cell cell_of(const struct lay *c, unsigned style)
{
	struct cell cl = {c->lp->cell_w, c->lp->cell_h};

	if (style & SLIP_WIDE)
		cl.w *= 2;
	if (style & SLIP_TALL)
		cl.h *= 2;
	return cl;
}

/* One run of text at x on the current line (c->y). */
static int put_run(struct lay *c, int x, const char *s, size_t n, int cols,
		   struct cell cl, unsigned style, enum slip_align a)
{
	struct layout_elem *e;

	if (n == 0)
		return 0;
	e = add(c, LAYOUT_TEXT);
	if (e == NULL)
		return ERR_FAIL;
	e->x = x;
	e->y = c->y;
	e->w = cols * cl.w;
	e->h = cl.h;
	e->cell_w = cl.w;
	e->cell_h = cl.h;
	e->bold = (style & SLIP_BOLD) != 0;
	e->align = a;
	e->text = s;
	e->len = n;
	if (style & SLIP_UNDERLINE)
		return add_box(c, x, c->y + cl.h, e->w, LAYOUT_UNDERLINE);
	return 0;
}

/* Lines of s wrapped to the area from left + margin (columns) to the right
 * edge, each aligned in it. *end_x is where the last line ends. */
static int lines(struct lay *c, const char *s, unsigned style,
		 enum slip_align a, int indent, int hang, int *last_y,
		 int *end_x)
{
	struct cell cl = cell_of(c, style);
	int cols = (c->right - c->left) / cl.w, m = indent, lc, x, rc;
	size_t n = strlen(s), len, used;

	do {
		if (m < 0 || m + MIN_COLS > cols)
			m = 0; /* a margin never squeezes out the text */
		len = wrap(s, n, cols - m, &used, &lc);
		if (room(c, cl.h) != 0)
			return ERR_FAIL;
		x = align_x(c->left + m * cl.w, c->right - c->left - m * cl.w,
			    lc * cl.w, a);
		rc = put_run(c, x, s, len, lc, cl, style, a);
		if (rc != 0)
			return rc;
		*last_y = c->y;
		*end_x = len > 0 ? x + lc * cl.w : c->left;
		c->y += cl.h + LAYOUT_LINE_GAP;
		s += used;
		n -= used;
		m = indent + hang;
	} while (n > 0);
	return 0;
}

static int text_block(struct lay *c, const struct slip_block *b)
{
	struct cell cl = cell_of(c, b->style);
	const char *r = b->right;
	int last_y, end_x, rcols, y;

	if (lines(c, b->text != NULL ? b->text : "", b->style, b->align,
		  b->indent, b->hang, &last_y, &end_x) != 0)
		return ERR_FAIL;
	if (r == NULL || *r == '\0')
		return 0;
	/* The right text shares the last line when one cell of space is left
	 * between them, else it gets lines of its own. */
	rcols = span_cols(r, strlen(r));
	if (b->align == SLIP_LEFT && end_x + (rcols + 1) * cl.w <= c->right) {
		y = c->y;
		c->y = last_y;
		if (put_run(c, c->right - rcols * cl.w, r, strlen(r), rcols, cl,
			    b->style, SLIP_RIGHT) != 0)
			return ERR_FAIL;
		c->y = y;
		return 0;
	}
	return lines(c, r, b->style, SLIP_RIGHT, 0, 0, &last_y, &end_x);
}

/* Cell widths in columns: percentages of the line, the rest to the cells
 * that asked for 0, one column between cells; never wider than the line. */
static void cell_widths(const struct slip_block *b, int cols, int *w)
{
	int i, used = b->ncells - 1, zero = 0;

	for (i = 0; i < b->ncells; i++) {
		w[i] = b->cells[i].width_pct * cols / 100;
		if (w[i] < 1)
			w[i] = 1;
		used += w[i];
		zero += b->cells[i].width_pct <= 0;
	}
	for (i = 0; i < b->ncells && zero > 0; i++)
		if (b->cells[i].width_pct <= 0) {
			used -= w[i];
			w[i] = (cols - used) / zero;
			if (w[i] < 1)
				w[i] = 1;
			used += w[i];
			zero--;
		}
	for (i = b->ncells - 1; i >= 0 && used > cols; i--) {
		int cut = used - cols < w[i] - 1 ? used - cols : w[i] - 1;

		w[i] -= cut;
		used -= cut;
	}
}

static int columns_block(struct lay *c, const struct slip_block *b)
{
	struct cell cl = cell_of(c, b->style);
	int cols = (c->right - c->left) / cl.w, w[SLIP_MAX_CELLS], i, x, lc;
	const char *s[SLIP_MAX_CELLS];
	size_t n[SLIP_MAX_CELLS], len, used, rest;

	if (b->ncells <= 0)
		return 0;
	cell_widths(b, cols, w);
	for (i = 0; i < b->ncells; i++) {
		s[i] = b->cells[i].text != NULL ? b->cells[i].text : "";
		n[i] = strlen(s[i]);
	}
	do {
		if (room(c, cl.h) != 0)
			return ERR_FAIL;
		rest = 0;
		x = c->left;
		for (i = 0; i < b->ncells; i++) {
			len = wrap(s[i], n[i], w[i], &used, &lc);
			if (put_run(c,
				    align_x(x, w[i] * cl.w, lc * cl.w,
					    b->cells[i].align),
				    s[i], len, lc, cl, b->style,
				    b->cells[i].align) != 0)
				return ERR_FAIL;
			x += (w[i] + 1) * cl.w;
			s[i] += used;
			n[i] -= used;
			rest += n[i];
		}
		c->y += cl.h + LAYOUT_LINE_GAP;
	} while (rest > 0);
	return 0;
}

/* A rule is a line's height with a bar across its middle. */
static int rule_block(struct lay *c)
{
	int h = c->lp->cell_h;

	if (room(c, h) != 0 || add_box(c, c->left, c->y + (h - LAYOUT_RULE) / 2,
				       c->right - c->left, LAYOUT_RULE) != 0)
		return ERR_FAIL;
	c->y += h + LAYOUT_LINE_GAP;
	return 0;
}

static int feed_block(struct lay *c, const struct slip_block *b)
{
	int lines_n = b->size > 0 ? b->size : 1;

	if (room(c, 0) != 0)
		return ERR_FAIL;
	/* A feed past the bottom just ends the page; it does not carry on to
	 * the next (and a huge count cannot overflow the arithmetic). */
	if (lines_n > c->bottom - c->top)
		lines_n = c->bottom - c->top;
	c->y += lines_n * (c->lp->cell_h + LAYOUT_LINE_GAP);
	if (c->y > c->bottom)
		c->y = c->bottom;
	return 0;
}

/* QR symbol width in modules as the printer picks it: the smallest version
 * at the given level, segments chosen as libqrencode (and the virtual
 * printer) choose them. */
static int qr_modules(const char *data, int level, struct err *err)
{
	QRecLevel lv = level == 'L'   ? QR_ECLEVEL_L
		       : level == 'Q' ? QR_ECLEVEL_Q
		       : level == 'H' ? QR_ECLEVEL_H
				      : QR_ECLEVEL_M;
	QRcode *q = QRcode_encodeString(data, 0, lv, QR_MODE_8, 1);
	int w;

	if (q == NULL)
		return err_set(err,
			       "label: QR code of %zu bytes holds too "
			       "much data",
			       strlen(data));
	w = q->width;
	QRcode_free(q);
	return w;
}

static int qr_block(struct lay *c, const struct slip_block *b)
{
	const struct layout_params *lp = c->lp;
	int modules, m = b->size > 0 ? b->size : QR_DEFAULT_MODULE, size, q;
	struct layout_elem *e;

	if (b->text == NULL || b->text[0] == '\0')
		return 0; /* nothing to encode */
	modules = qr_modules(b->text, lp->qr_level, c->err);
	if (modules < 0)
		return ERR_FAIL;
	if (m > QR_MAX_MODULE)
		m = QR_MAX_MODULE;
	/* Shrink the modules until symbol and quiet zone fit the label. */
	while (m > 1 && ((modules + 2 * QR_QUIET) * m > lp->width ||
			 modules * m > c->right - c->left ||
			 (modules + 2 * QR_QUIET) * m > c->bottom - c->top))
		m--;
	size = modules * m;
	q = QR_QUIET * m;
	if (size > c->right - c->left || size + 2 * q > c->bottom - c->top)
		return err_set(c->err,
			       "label: a QR code of %d modules does "
			       "not fit the label",
			       modules);
	if (room(c, size + 2 * q) != 0)
		return ERR_FAIL;
	e = add(c, LAYOUT_QR);
	if (e == NULL)
		return ERR_FAIL;
	e->x = align_x(c->left, c->right - c->left, size, b->align);
	e->y = c->y + q;
	e->w = e->h = size;
	e->module = m;
	e->text = b->text;
	e->len = strlen(b->text);
	c->y += size + 2 * q;
	return 0;
}

static int barcode_block(struct lay *c, const struct slip_block *b)
{
	size_t n = b->text != NULL ? strlen(b->text) : 0;
	/* Set B: start, a symbol per character, check, stop (13 modules). */
	int modules = (int)n * 11 + 35, m = 3,
	    hri = c->lp->cell_h + LAYOUT_LINE_GAP;
	int bar_h = LAYOUT_BAR_HEIGHT, h, x, wbar, left;
	struct layout_elem *e;

	if (n == 0)
		return 0;
	if (bar_h > c->bottom - c->top - hri - 2 * LAYOUT_BLOCK_GAP)
		bar_h = c->bottom - c->top - hri - 2 * LAYOUT_BLOCK_GAP;
	/* Small labels (2x1 in): shorter bars on this label rather than a
	 * second label, as long as they still scan comfortably. */
	left = c->bottom - c->y - hri - 2 * LAYOUT_BLOCK_GAP;
	if (left < bar_h && left >= BAR_SHORT_HEIGHT)
		bar_h = left;
	while (m > 2 && ((modules + 2 * BAR_QUIET) * m > c->lp->width ||
			 modules * m > c->right - c->left))
		m--;
	if ((modules + 2 * BAR_QUIET) * m > c->lp->width ||
	    modules * m > c->right - c->left || bar_h < BAR_MIN_HEIGHT) {
		/* Too long to scan on this label: print it as text. */
		int last_y, end_x;

		return lines(c, b->text, 0, SLIP_CENTER, 0, 0, &last_y, &end_x);
	}
	wbar = modules * m;
	h = bar_h + hri;
	if (room(c, h + 2 * LAYOUT_BLOCK_GAP) != 0)
		return ERR_FAIL;
	/* Inside the margins, and clear of the label edge by the quiet
	 * zone. */
	x = align_x(c->left, c->right - c->left, wbar, b->align);
	if (x < BAR_QUIET * m)
		x = BAR_QUIET * m;
	if (x + wbar + BAR_QUIET * m > c->lp->width)
		x = c->lp->width - wbar - BAR_QUIET * m;
	e = add(c, LAYOUT_CODE128);
	if (e == NULL)
		return ERR_FAIL;
	e->x = x;
	e->y = c->y + LAYOUT_BLOCK_GAP;
	e->w = wbar;
	e->h = h;
	e->bar_h = bar_h;
	e->module = m;
	e->text = b->text;
	e->len = n;
	c->y += h + 2 * LAYOUT_BLOCK_GAP;
	return 0;
}

/* An image taller than what is left of the page continues on the next;
 * one taller than a whole page is sliced over as many as it needs. */
static int image_block(struct lay *c, const struct slip_block *b)
{
	size_t stride;
	int w, x, row = 0, gap, rest, avail, slice;
	struct layout_elem *e;

	if (b->image == NULL || b->width <= 0 || b->height <= 0)
		return 0;
	stride = ((size_t)b->width + 7) / 8;
	w = b->width < c->lp->width ? b->width : c->lp->width; /* clipped */
	if (w <= c->right - c->left)
		x = align_x(c->left, c->right - c->left, w, b->align);
	else
		x = (c->lp->width - w) / 2;
	while (row < b->height) {
		if (room(c, 0) != 0)
			return ERR_FAIL;
		gap = row == 0 ? LAYOUT_BLOCK_GAP : 0;
		rest = b->height - row;
		avail = c->bottom - c->y - gap;
		if (c->y > c->top && rest > avail &&
		    (rest <= c->bottom - c->top - gap ||
		     avail < LAYOUT_BLOCK_GAP)) {
			if (new_page(c) != 0)
				return ERR_FAIL;
		}
		avail = c->bottom - c->y - gap;
		slice = rest < avail ? rest : avail;
		e = add(c, LAYOUT_IMAGE);
		if (e == NULL)
			return ERR_FAIL;
		e->x = x;
		e->y = c->y + gap;
		e->w = w;
		e->h = slice;
		e->bits = b->image + (size_t)row * stride;
		e->stride = stride;
		c->y += gap + slice;
		row += slice;
	}
	c->y += LAYOUT_BLOCK_GAP;
	if (c->y > c->bottom)
		c->y = c->bottom;
	return 0;
}

int layout_slip(struct layout *l, const struct slip *s,
		const struct layout_params *lp, struct err *err)
{
	struct lay c = {l, &l->params, 0, 0, 0, 0, 0, 0, err};
	size_t i;
	int rc = 0;

	memset(l, 0, sizeof *l);
	l->params = *lp;
	c.lp = &l->params;
	if (slip_check(s, err) != 0)
		return ERR_FAIL;
	c.top = c.left = lp->margin;
	c.right = lp->width - lp->margin;
	c.bottom = lp->height - lp->margin;
	/* At least a few double-width characters across and a few
	 * double-height lines down, or nothing sensible can be laid out. */
	if (lp->cell_w < 1 || lp->cell_h < 1 || lp->margin < 0 ||
	    lp->width > BITMAP_MAX_WIDTH ||
	    c.right - c.left < 2 * MIN_COLS * lp->cell_w ||
	    c.bottom - c.top < 2 * (2 * lp->cell_h + LAYOUT_LINE_GAP))
		return err_set(err,
			       "label: %dx%d dots is too small for "
			       "%dx%d text",
			       lp->width, lp->height, lp->cell_w, lp->cell_h);
	if (new_page(&c) != 0)
		return ERR_FAIL;
	for (i = 0; rc == 0 && i < s->nblocks; i++) {
		const struct slip_block *b = &s->blocks[i];

		switch (b->kind) {
		case SLIP_TEXT:
			rc = text_block(&c, b);
			break;
		case SLIP_RULE:
			rc = rule_block(&c);
			break;
		case SLIP_QR:
			rc = qr_block(&c, b);
			break;
		case SLIP_BARCODE:
			rc = barcode_block(&c, b);
			break;
		case SLIP_IMAGE:
			rc = image_block(&c, b);
			break;
		case SLIP_FEED:
			rc = feed_block(&c, b);
			break;
		case SLIP_COLUMNS:
			rc = columns_block(&c, b);
			break;
		case SLIP_CUT:
			c.brk = 1; /* only if anything follows */
			break;
		}
	}
	return rc;
}

/* ---- writing pages through a language's table ---- */

int layout_text_within(const char *s, size_t n, unsigned max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	unsigned cp;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0)
			return 0;
		cp = text_utf8_decode(p + i, len);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    cp > max)
			return 0;
		i += len;
	}
	return 1;
}

int layout_escape(struct strbuf *out, const char *s, size_t n,
		  layout_escape_fn *esc)
{
	char buf[LAYOUT_ESC_MAX];
	const char *rep;
	size_t i, run = 0;

	/* Bytes that need no escape go in runs, not one call each. */
	for (i = 0; i < n; i++) {
		rep = esc((unsigned char)s[i], buf);
		if (rep == NULL)
			continue;
		if (strbuf_add(out, s + run, i - run) != 0 ||
		    strbuf_adds(out, rep) != 0)
			return -1;
		run = i + 1;
	}
	return strbuf_add(out, s + run, n - run) != 0 ? -1 : 0;
}

unsigned char layout_bits_byte(const struct layout_bits *img, int row, size_t i)
{
	unsigned char byte = img->bits[(size_t)row * img->stride + i];
	int pad = (int)((i + 1) * 8) - img->w;

	if (pad > 0) /* dots past the width print white, whatever is there */
		byte &= (unsigned char)(0xFF << pad);
	return byte;
}

/* Text the printer's font cannot draw, as an image of the same cell
 * height: aligned in its run as the layout placed it, bold by drawing it
 * twice, clipped at the label's right edge. */
static int raster_text(const struct layout_writer *w, struct strbuf *out,
		       const struct layout_elem *e, int page_w, int *full,
		       struct err *err)
{
	struct err terr;
	struct bitmap bm = {0};
	struct layout_bits img;
	char *s = malloc(e->len + 1);
	int tw = 0, bw, x0 = 0, pass, rc = ERR_FAIL;

	err_clear(&terr);
	if (s == NULL)
		return err_set(err, "%s: out of memory", w->name);
	memcpy(s, e->text, e->len);
	s[e->len] = '\0';
	if (textraster_measure(s, e->cell_h, &tw, &terr) != 0)
		goto out;
	bw = (tw > e->w ? tw : e->w) + (e->bold ? LAYOUT_BOLD_DX : 0);
	if (bw > page_w - e->x)
		bw = page_w - e->x;
	if (bw < 1)
		bw = 1;
	if (tw < e->w)
		x0 = align_x(0, e->w, tw, e->align);
	if (bitmap_init(&bm, bw, &terr) != 0 ||
	    bitmap_ensure(&bm, e->cell_h, &terr) != 0)
		goto out;
	for (pass = 0; pass <= e->bold; pass++)
		if (textraster_draw(s, e->cell_h, &bm,
				    x0 + pass * LAYOUT_BOLD_DX, 0, &terr) != 0)
			goto out;
	img.bits = bm.bits;
	img.stride = bm.stride;
	img.w = bm.width;
	img.h = bm.height;
	rc = 0;
	if (w->image(out, e->x, e->y, &img) != 0)
		*full = 1;
out:
	if (rc != 0)
		err_set(err,
			"%s: text \"%.40s\" is outside the printer's "
			"font and could not be drawn as an image: %s",
			w->name, s, terr.msg);
	bitmap_cleanup(&bm);
	free(s);
	return rc;
}

static int write_elem(const struct layout_writer *w, struct strbuf *out,
		      const struct layout *l, const struct layout_elem *e,
		      int *full, struct err *err)
{
	struct layout_bits img;
	int rc = 0;

	switch (e->kind) {
	case LAYOUT_TEXT:
		if (!layout_text_within(e->text, e->len, w->text_max))
			return raster_text(w, out, e, l->params.width, full,
					   err);
		rc = w->text(out, e->x, e);
		if (rc == 0 && e->bold)
			rc = w->text(out, e->x + LAYOUT_BOLD_DX, e);
		break;
	case LAYOUT_QR:
		rc = w->qr(out, e);
		break;
	case LAYOUT_CODE128:
		rc = w->code128(out, e);
		break;
	case LAYOUT_IMAGE:
		img.bits = e->bits;
		img.stride = e->stride;
		img.w = e->w;
		img.h = e->h;
		rc = w->image(out, e->x, e->y, &img);
		break;
	case LAYOUT_BOX:
		rc = w->box(out, e);
		break;
	}
	if (rc != 0)
		*full = 1;
	return 0;
}

int layout_write(const struct slip *s, const struct layout_params *lp,
		 const struct layout_writer *w, struct strbuf *out,
		 struct err *err)
{
	struct layout l;
	int p, full = 0, rc;
	size_t i;

	rc = layout_slip(&l, s, lp, err);
	for (p = 0; rc == 0 && !full && p < l.npages; p++) {
		const struct layout_page *pg = &l.pages[p];

		if (w->page_begin(out, &l.params) != 0)
			full = 1;
		for (i = pg->first; rc == 0 && !full && i < pg->first + pg->n;
		     i++)
			rc = write_elem(w, out, &l, &l.elems[i], &full, err);
		if (rc == 0 && !full && w->page_end(out) != 0)
			full = 1;
	}
	layout_cleanup(&l);
	if (rc == 0 && full)
		rc = err_set(err,
			     "%s: the label job is larger than the output "
			     "buffer allows",
			     w->name);
	return rc;
}
