/* ESC/POS encoder. Byte meanings follow Epson's ESC/POS reference for the
 * TM-T20/T88 series; every command used here is one the cheap clones also
 * implement (no GS ( L, no printer-side code pages beyond PC437). */
#include "escpos.h"

#include <string.h>

#include "codepage.h"

#define ESC 0x1B
#define GS 0x1D
#define FS 0x1C
#define LF 0x0A

#define BARCODE_HEIGHT 64 /* dots: 8 mm, easy for any scanner */
#define BARCODE_MODULE 2  /* dots per narrow bar; 3 if it fits */
#define QR_QUIET 4        /* modules of white above and below */
#define LINE_MAX 512      /* bytes of one text block after wrapping */

const struct escpos_paper escpos_80mm = {"80mm", 576, 48};
const struct escpos_paper escpos_58mm = {"58mm", 384, 32};

const struct escpos_paper *escpos_paper_find(const char *name)
{
	if (strcmp(name, "80mm") == 0 || strcmp(name, "80") == 0)
		return &escpos_80mm;
	if (strcmp(name, "58mm") == 0 || strcmp(name, "58") == 0)
		return &escpos_58mm;
	return NULL;
}

struct enc {
	struct strbuf *out;
	const struct escpos_paper *paper;
	struct strbuf line; /* scratch: one block's text in PC437 */
	int failed;
};

static void put(struct enc *e, const void *bytes, size_t n)
{
	if (strbuf_add(e->out, bytes, n) != 0)
		e->failed = 1;
}

static void put3(struct enc *e, int a, int b, int c)
{
	unsigned char cmd[3] = {(unsigned char)a, (unsigned char)b,
				(unsigned char)c};

	put(e, cmd, 3);
}

static void align(struct enc *e, enum slip_align a)
{
	put3(e, ESC, 'a', a == SLIP_CENTER ? 1 : a == SLIP_RIGHT ? 2 : 0);
}

/* ESC @ resets modes; FS . because many clones power up in Chinese mode
 * where bytes >= 0x80 print as Han characters; ESC t 0 = PC437; ESC 2 =
 * default line spacing (30 dots on a TM-T20). */
static void init(struct enc *e)
{
	static const unsigned char seq[] = {ESC, '@', FS,  '.', ESC, 'M', 0,
					    ESC, 't', 0,   ESC, '2'};

	put(e, seq, sizeof seq);
}

static void style_on(struct enc *e, unsigned style)
{
	int size = ((style & SLIP_WIDE) ? 0x10 : 0) |
		   ((style & SLIP_TALL) ? 0x01 : 0);

	if (style & SLIP_BOLD)
		put3(e, ESC, 'E', 1);
	if (style & SLIP_UNDERLINE)
		put3(e, ESC, '-', 1);
	if (size != 0)
		put3(e, GS, '!', size);
}

static void style_off(struct enc *e, unsigned style)
{
	if (style & SLIP_BOLD)
		put3(e, ESC, 'E', 0);
	if (style & SLIP_UNDERLINE)
		put3(e, ESC, '-', 0);
	if (style & (SLIP_WIDE | SLIP_TALL))
		put3(e, GS, '!', 0);
}

static void spaces(struct enc *e, int n)
{
	while (n-- > 0)
		put(e, " ", 1);
}

/* Length of the next line of at most width bytes from s: breaks after the
 * last space that fits, and mid-word only when one word is wider than the
 * paper. */
static size_t wrap_len(const char *s, size_t n, size_t width)
{
	size_t i, brk = 0;

	if (n <= width)
		return n;
	for (i = 0; i <= width; i++)
		if (s[i] == ' ')
			brk = i;
	return brk > 0 ? brk : width;
}

static void text(struct enc *e, const struct slip_block *b)
{
	int mul = (b->style & SLIP_WIDE) ? 2 : 1;
	size_t cols = (size_t)(e->paper->columns / mul), rlen, n, len, margin;
	const char *s;
	struct strbuf right;

	strbuf_reset(&e->line);
	strbuf_init(&right, LINE_MAX);
	if (codepage_to_cp437(&e->line, b->text) != 0 ||
	    (b->right != NULL && codepage_to_cp437(&right, b->right) != 0))
		e->failed = 1;
	rlen = right.len < cols ? right.len : 0;
	align(e, b->align);
	style_on(e, b->style);
	s = strbuf_str(&e->line);
	n = e->line.len;
	margin = (size_t)b->indent;
	do {
		if (margin + 8 > cols)
			margin = 0; /* a margin never squeezes out the text */
		spaces(e, (int)margin);
		len = wrap_len(s, n, cols - margin);
		put(e, s, len);
		len += margin;
		s += len - margin;
		n -= len - margin;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		if (n == 0 && rlen > 0) {
			/* The right text shares the last line when it fits. */
			if (len + 1 + rlen > cols) {
				put(e, "\n", 1);
				len = 0;
			}
			spaces(e, (int)(cols - len - rlen));
			put(e, strbuf_str(&right), rlen);
		}
		put(e, "\n", 1);
		margin = (size_t)(b->indent + b->hang);
	} while (n > 0);
	style_off(e, b->style);
	strbuf_cleanup(&right);
}

/* Cell widths in columns: percentages of the line, the rest to the cells
 * that asked for 0, one space between cells. */
static void cell_widths(const struct slip_block *b, int cols, int *w)
{
	int i, used = b->ncells - 1, zero = 0;

	for (i = 0; i < b->ncells; i++) {
		w[i] = b->cells[i].width_pct * cols / 100;
		if (w[i] < 1 && b->cells[i].width_pct > 0)
			w[i] = 1;
		used += w[i];
		zero += b->cells[i].width_pct == 0;
	}
	for (i = 0; i < b->ncells && zero > 0; i++)
		if (b->cells[i].width_pct == 0) {
			w[i] = (cols - used) / zero;
			if (w[i] < 1)
				w[i] = 1;
			used += w[i];
			zero--;
		}
}

static void cell_line(struct enc *e, const char **s, size_t *n, int width,
		      enum slip_align a)
{
	size_t len = wrap_len(*s, *n, (size_t)width);
	int pad = width - (int)len;

	spaces(e, a == SLIP_RIGHT ? pad : a == SLIP_CENTER ? pad / 2 : 0);
	put(e, *s, len);
	spaces(e, a == SLIP_RIGHT ? 0 : a == SLIP_CENTER ? pad - pad / 2 : pad);
	*s += len;
	*n -= len;
	while (*n > 0 && **s == ' ') {
		(*s)++;
		(*n)--;
	}
}

static void columns(struct enc *e, const struct slip_block *b)
{
	struct strbuf text[SLIP_MAX_CELLS];
	const char *s[SLIP_MAX_CELLS];
	size_t n[SLIP_MAX_CELLS], left;
	int w[SLIP_MAX_CELLS], i;

	cell_widths(b, e->paper->columns, w);
	for (i = 0; i < b->ncells; i++) {
		strbuf_init(&text[i], LINE_MAX);
		if (codepage_to_cp437(&text[i], b->cells[i].text) != 0)
			e->failed = 1;
		s[i] = strbuf_str(&text[i]);
		n[i] = text[i].len;
	}
	align(e, SLIP_LEFT);
	style_on(e, b->style & ~(unsigned)(SLIP_WIDE | SLIP_TALL));
	do {
		left = 0;
		for (i = 0; i < b->ncells; i++) {
			if (i > 0)
				spaces(e, 1);
			cell_line(e, &s[i], &n[i], w[i], b->cells[i].align);
			left += n[i];
		}
		put(e, "\n", 1);
	} while (left > 0);
	style_off(e, b->style & ~(unsigned)(SLIP_WIDE | SLIP_TALL));
	for (i = 0; i < b->ncells; i++)
		strbuf_cleanup(&text[i]);
}

static void rule(struct enc *e, const struct slip_block *b)
{
	char ch = b->size >= 0x20 && b->size < 0x7F ? (char)b->size : '-';
	int i;

	align(e, SLIP_LEFT);
	for (i = 0; i < e->paper->columns; i++)
		put(e, &ch, 1);
	put(e, "\n", 1);
}

/* Byte-mode capacity of QR versions 1-40 at error level M: the printer picks
 * the smallest version that holds the data, as libqrencode does. */
static const unsigned short qr_capacity_m[40] = {
	14,   26,   42,   62,   84,   106,  122,  152,  180,  213,
	251,  287,  331,  362,  412,  450,  504,  560,  624,  666,
	711,  779,  857,  911,  997,  1059, 1125, 1190, 1264, 1370,
	1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331};

static int qr_modules(size_t len)
{
	int v;

	for (v = 0; v < 40; v++)
		if (len <= qr_capacity_m[v])
			return 17 + 4 * (v + 1);
	return 0;
}

static void gs_k_qr(struct enc *e, int fn, const void *data, size_t len)
{
	unsigned char head[7] = {GS, '(', 'k', 0, 0, 0x31, (unsigned char)fn};
	size_t plen = len + 2;

	head[3] = (unsigned char)(plen & 0xFF);
	head[4] = (unsigned char)(plen >> 8);
	put(e, head, sizeof head);
	put(e, data, len);
}

static void feed_dots(struct enc *e, int dots)
{
	put3(e, ESC, 'J', dots);
}

/* GS ( k: model 2, module size, error level M, store, print. */
static void qr(struct enc *e, const struct slip_block *b)
{
	size_t len = strlen(b->text);
	int modules = qr_modules(len), size = b->size > 0 ? b->size : 6;
	unsigned char arg;

	if (modules == 0 || len == 0) {
		e->failed = 1;
		return;
	}
	/* Shrink the modules until symbol and quiet zone fit the paper. */
	while (size > 1 && (modules + 2 * QR_QUIET) * size > e->paper->dots)
		size--;
	align(e, b->align);
	feed_dots(e, QR_QUIET * size);
	arg = 0x32;
	gs_k_qr(e, 0x41, (unsigned char[]){arg, 0}, 2);
	arg = (unsigned char)size;
	gs_k_qr(e, 0x43, &arg, 1);
	arg = 0x31;
	gs_k_qr(e, 0x45, &arg, 1);
	strbuf_reset(&e->line);
	if (strbuf_addc(&e->line, 0x30) != 0 ||
	    strbuf_add(&e->line, b->text, len) != 0)
		e->failed = 1;
	gs_k_qr(e, 0x50, e->line.buf, e->line.len);
	arg = 0x30;
	gs_k_qr(e, 0x51, &arg, 1);
	feed_dots(e, QR_QUIET * size);
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

/* Code128 data for GS k 73: code set C packs digit pairs into one byte each,
 * half the width of set B. */
static void code128_data(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;
	int rc;

	if (n % 2 == 0 && all_digits(s, n)) {
		rc = strbuf_add(sb, "{C", 2);
		for (i = 0; rc == 0 && i < n; i += 2)
			rc = strbuf_addc(sb, (s[i] - '0') * 10 + s[i + 1] - '0');
		return;
	}
	strbuf_add(sb, "{B", 2);
	for (i = 0; i < n; i++) {
		if (s[i] == '{')
			strbuf_addc(sb, '{'); /* "{{" is a literal brace */
		strbuf_addc(sb, s[i]);
	}
}

static int code128_symbols(const struct strbuf *sb)
{
	/* Every data byte is one symbol, "{X" escapes count one each;
	 * start, check digit and stop add three. */
	size_t i, n = 0;

	for (i = 0; i < sb->len; i++, n++)
		if (sb->buf[i] == '{')
			i++;
	return (int)n + 2;
}

static void barcode(struct enc *e, const struct slip_block *b)
{
	size_t n = strlen(b->text);
	int modules, module = 3;
	unsigned char k[4] = {GS, 'k', 73, 0};

	strbuf_reset(&e->line);
	code128_data(&e->line, b->text, n);
	/* 11 modules per symbol, 2 more for the stop bar, 10 quiet each side. */
	modules = code128_symbols(&e->line) * 11 + 2 + 20;
	/* GS w takes 2-6 on Epson; narrower is ignored, not obeyed. */
	while (module > 2 && modules * module > e->paper->dots)
		module--;
	if (n == 0 || e->line.len > 255 || modules * module > e->paper->dots) {
		/* Too long to scan on this paper: print it as text. */
		struct slip_block t = {.kind = SLIP_TEXT, .text = b->text,
				       .align = SLIP_CENTER};
		text(e, &t);
		return;
	}
	align(e, b->align);
	put3(e, GS, 'h', BARCODE_HEIGHT);
	put3(e, GS, 'w', module);
	put3(e, GS, 'H', 2); /* human-readable digits below the bars */
	put3(e, GS, 'f', 0);
	k[3] = (unsigned char)e->line.len;
	put(e, k, sizeof k);
	put(e, e->line.buf, e->line.len);
	put(e, "\n", 1);
}

/* GS v 0 raster, sent in bands of 128 rows: clones have small buffers. */
static void image(struct enc *e, const struct slip_block *b)
{
	size_t stride = (size_t)(b->width + 7) / 8;
	int y, rows;

	if (b->image == NULL || b->width <= 0 || b->width > e->paper->dots)
		return;
	align(e, b->align);
	for (y = 0; y < b->height; y += rows) {
		unsigned char head[8] = {GS, 'v', '0', 0};

		rows = b->height - y < 128 ? b->height - y : 128;
		head[4] = (unsigned char)(stride & 0xFF);
		head[5] = (unsigned char)(stride >> 8);
		head[6] = (unsigned char)(rows & 0xFF);
		head[7] = (unsigned char)(rows >> 8);
		put(e, head, sizeof head);
		put(e, b->image + (size_t)y * stride, (size_t)rows * stride);
	}
}

/* GS V 66 0: feed to the cutter, then a partial cut — the form the most
 * printers accept (many cannot do a full cut). */
static void cut(struct enc *e)
{
	static const unsigned char seq[] = {GS, 'V', 66, 0};

	put(e, seq, sizeof seq);
}

int escpos_encode(const struct slip *s, const struct escpos_paper *paper,
		  struct strbuf *out, struct err *err)
{
	struct enc e = {out, paper, {0}, 0};
	size_t i;

	if (slip_check(s, err) != 0)
		return ERR_FAIL;
	strbuf_init(&e.line, 8192);
	init(&e);
	for (i = 0; i < s->nblocks; i++) {
		const struct slip_block *b = &s->blocks[i];

		if (b->kind == SLIP_CUT)
			break; /* exactly one cut, always last */
		switch (b->kind) {
		case SLIP_TEXT:
			text(&e, b);
			break;
		case SLIP_RULE:
			rule(&e, b);
			break;
		case SLIP_QR:
			qr(&e, b);
			break;
		case SLIP_BARCODE:
			barcode(&e, b);
			break;
		case SLIP_FEED:
			put3(&e, ESC, 'd', b->size > 0 ? b->size : 1);
			break;
		case SLIP_IMAGE:
			image(&e, b);
			break;
		case SLIP_COLUMNS:
			columns(&e, b);
			break;
		case SLIP_CUT:
			break;
		}
	}
	align(&e, SLIP_LEFT);
	cut(&e);
	strbuf_cleanup(&e.line);
	if (e.failed)
		return err_set(err, "cannot encode slip (out of memory or a "
				    "QR code too large)");
	return 0;
}
