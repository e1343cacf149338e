/* ESC/POS encoder. Byte meanings follow Epson's ESC/POS reference for the
 * TM-T20/T88 series; every command used here is one the cheap clones also
 * implement (no GS ( L). What the printer can print comes from its profile:
 * the code pages it has (ESC t numbers differ between makers) and its
 * Chinese font, if any (FS &). Whatever neither covers is drawn with
 * textraster and sent as a raster image, so no character is ever dropped
 * or printed as '?'. */
#include "escpos.h"

#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "bitmap.h"
#include "text.h"
#include "textraster.h"

#define ESC 0x1B
#define GS 0x1D
#define FS 0x1C
#define DLE 0x10

#define BARCODE_HEIGHT 64 /* dots: 8 mm, easy for any scanner */
#define BARCODE_MODULE 2  /* dots per narrow bar; 3 if it fits */
#define QR_QUIET 4        /* modules of white above and below */
#define LINE_MAX 512      /* bytes of one text block after wrapping */
#define TEXT_HEIGHT 24    /* Font A cell: 12 x 24 dots, 24 x 24 for CJK */
#define LINE_PITCH 30     /* ESC 2: the default line spacing, in dots */

const struct escpos_paper escpos_80mm = {"80mm", 576, 48, "epson-tm-t20iii"};
const struct escpos_paper escpos_58mm = {"58mm", 384, 32, "generic-58mm"};

const struct escpos_paper *escpos_paper_find(const char *name)
{
	if (strcmp(name, "80mm") == 0 || strcmp(name, "80") == 0)
		return &escpos_80mm;
	if (strcmp(name, "58mm") == 0 || strcmp(name, "58") == 0)
		return &escpos_58mm;
	return NULL;
}

int escpos_profile_select(struct profile *p, const char *name,
			  const char *paper, struct err *err)
{
	const struct escpos_paper *pp;

	if (name != NULL && name[0] != '\0')
		return profile_find(p, name, profile_default_dirs(), err);
	pp = escpos_paper_find(paper);
	if (pp == NULL)
		return err_set(err, "paper \"%s\": use 80mm or 58mm, or a "
				    "profile (packctl profiles)",
			       paper);
	escpos_paper_profile(pp, NULL, p);
	return 0;
}

int escpos_paper_profile(const struct escpos_paper *paper, const char *dirs,
			 struct profile *p)
{
	struct err err;

	err_clear(&err);
	if (profile_find(p, paper->profile,
			 dirs != NULL ? dirs : profile_default_dirs(),
			 &err) == 0 &&
	    p->language == PROFILE_ESCPOS)
		return 0;
	/* What the encoder assumed before profiles: PC437, the power-on code
	 * page of every ESC/POS printer. */
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", paper->profile);
	snprintf(p->description, sizeof p->description, "%s paper",
		 paper->name);
	p->language = PROFILE_ESCPOS;
	p->dpi = 203;
	p->width_dots = paper->dots;
	p->columns = paper->columns;
	snprintf(p->codepages[0].name, sizeof p->codepages[0].name, "CP437");
	p->ncodepages = 1;
	p->cjk = PROFILE_CJK_NONE;
	p->cutter = PROFILE_CUT_PARTIAL;
	p->native_qr = p->native_barcode = 1;
	snprintf(p->dialect, sizeof p->dialect, "epson");
	return 1;
}

/* iconv handles are opened on the first character that needs one, once
 * per encode, and closed at its end. */
#define CD_CLOSED ((iconv_t)-1)

struct enc {
	struct strbuf *out;
	const struct profile *p;
	int columns;        /* Font A columns across */
	struct strbuf line; /* scratch: QR and barcode data */
	struct strbuf text; /* the line being printed, UTF-8, in columns */
	struct strbuf enc;  /* that line in printer bytes */
	int cp;             /* the code page in force: index in p->codepages */
	iconv_t cd[PROFILE_CODEPAGES];
	unsigned char cd_bad[PROFILE_CODEPAGES]; /* iconv has no such name */
	iconv_t cjk;
	int cjk_bad;
	struct bitmap raster; /* a line drawn by textraster; width_dots */
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

/* The ESC t number of the profile's first code page (PC437 = 0 when the
 * profile lists none). */
static int codepage_number(const struct enc *e, int i)
{
	return i < e->p->ncodepages ? e->p->codepages[i].number : 0;
}

/* ESC @ resets modes; FS . because many clones power up in Chinese mode
 * where bytes >= 0x80 print as Han characters; ESC M 0 = Font A; ESC t n =
 * the profile's first code page; ESC 2 = default line spacing (30 dots on
 * a TM-T20). */
static void init(struct enc *e)
{
	unsigned char seq[] = {ESC, '@', FS,  '.', ESC, 'M', 0,
			       ESC, 't', 0,   ESC, '2'};

	seq[9] = (unsigned char)codepage_number(e, 0);
	e->cp = 0;
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

static void spaces(struct strbuf *sb, int n, int *failed)
{
	while (n-- > 0)
		if (strbuf_addc(sb, ' ') != 0)
			*failed = 1;
}

/* ---- one character in printer bytes ---- */

/* Converts the UTF-8 character in[0..n) with cd into out; the length, or
 * 0 when the character set has no such character. */
static size_t conv(iconv_t cd, const char *in, size_t n, unsigned char *out,
		   size_t outsz)
{
	char *ip = (char *)in, *op = (char *)out;
	size_t il = n, ol = outsz;

	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0) {
		iconv(cd, NULL, NULL, NULL, NULL);
		return 0;
	}
	return outsz - ol;
}

/* The byte of a character in code page i, or 0. Bytes below 0x20 and 0x7F
 * are refused: some code pages put dingbats there, but to a printer they
 * are commands. */
static unsigned char codepage_byte(struct enc *e, int i, const char *ch,
				   size_t n)
{
	unsigned char b[4];

	if (i >= e->p->ncodepages || e->cd_bad[i])
		return 0;
	if (e->cd[i] == CD_CLOSED) {
		e->cd[i] = iconv_open(e->p->codepages[i].name, "UTF-8");
		if (e->cd[i] == CD_CLOSED) {
			e->cd_bad[i] = 1; /* a profile typo: never this page */
			return 0;
		}
	}
	if (conv(e->cd[i], ch, n, b, sizeof b) != 1 || b[0] < 0x20 ||
	    b[0] == 0x7F)
		return 0;
	return b[0];
}

/* A wide character in the printer's two-byte set (Big5 or GB18030) into
 * out[2]; 0 when it has none. Only the two-byte forms print: a Big5 or GBK
 * lead byte is 0x81-0xFE and its trail byte 0x40-0xFE but never 0x7F, so
 * no byte is a control. GB18030's four-byte forms are past what the
 * firmware fonts hold: those characters are rasterised. */
static int cjk_bytes(struct enc *e, const char *ch, size_t n, unsigned cp,
		     unsigned char *out)
{
	unsigned char b[8];

	if (e->p->cjk == PROFILE_CJK_NONE || e->cjk_bad ||
	    text_char_columns(cp) != 2)
		return 0;
	if (e->cjk == CD_CLOSED) {
		e->cjk = iconv_open(e->p->cjk == PROFILE_CJK_BIG5 ? "BIG5"
								  : "GB18030",
				    "UTF-8");
		if (e->cjk == CD_CLOSED) {
			e->cjk_bad = 1;
			return 0;
		}
	}
	if (conv(e->cjk, ch, n, b, sizeof b) != 2 || b[0] < 0x81 ||
	    b[0] == 0xFF || b[1] < 0x40 || b[1] == 0x7F || b[1] == 0xFF)
		return 0;
	out[0] = b[0];
	out[1] = b[1];
	return 1;
}

/* ---- one line ---- */

static int ascii_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
			return 0;
	return 1;
}

/* Encodes a UTF-8 line into e->enc: ASCII as is; any other character in
 * the code page in force, else in the first listed code page that has it
 * (ESC t n before it), else as a two-byte character between FS & and
 * FS .; control characters are dropped. Returns -1 for a character no
 * path prints, unless lossy (then it is '?': no font to draw it either). */
static int encode_line(struct enc *e, const char *s, size_t n, int lossy)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf *o = &e->enc;
	int cur = e->cp, cjk = 0, i, rc = 0;
	unsigned char b, two[2];
	size_t k = 0, len;
	unsigned cp;

	strbuf_reset(o);
	while (k < n && rc == 0) {
		len = text_utf8_len(p + k, n - k);
		if (len == 0) {
			k++;
			continue;
		}
		cp = text_utf8_decode(p + k, len);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			k += len; /* controls never reach the printer */
			continue;
		}
		if (cjk_bytes(e, s + k, len, cp, two)) {
			if (!cjk)
				rc |= strbuf_add(o, (char[]){FS, '&'}, 2);
			cjk = 1;
			rc |= strbuf_add(o, two, 2);
			k += len;
			continue;
		}
		if (cjk)
			rc |= strbuf_add(o, (char[]){FS, '.'}, 2);
		cjk = 0;
		if (cp < 0x7F) {
			rc |= strbuf_addc(o, (int)cp); /* every code page */
		} else if ((b = codepage_byte(e, cur, s + k, len)) != 0) {
			rc |= strbuf_addc(o, b);
		} else {
			for (i = 0; i < e->p->ncodepages; i++)
				if (i != cur &&
				    (b = codepage_byte(e, i, s + k, len)) != 0)
					break;
			if (b != 0) {
				cur = i;
				rc |= strbuf_add(
					o,
					(char[]){ESC, 't',
						 (char)codepage_number(e, i)},
					3);
				rc |= strbuf_addc(o, b);
			} else if (lossy) {
				rc |= strbuf_addc(o, '?');
			} else {
				return -1;
			}
		}
		k += len;
	}
	if (cjk)
		rc |= strbuf_add(o, (char[]){FS, '.'}, 2);
	if (rc != 0)
		e->failed = 1;
	e->cp = cur;
	return 0;
}

/* Real-time commands (DLE EOT, DLE ENQ, DLE DC4) are obeyed even inside
 * image data by many printers: a 0x10 before one of their second bytes
 * loses a dot instead. */
static void raster_defuse(unsigned char *d, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (d[i] == DLE &&
		    (d[i + 1] == 0x04 || d[i + 1] == 0x05 || d[i + 1] == 0x14))
			d[i] = 0;
}

/* Draws a line with textraster on the Font A grid and sends it as one
 * GS v 0 band (24 rows; m doubles it for wide and tall text), aligned by
 * the block's ESC a like text. Bold strikes each row twice, one dot apart;
 * underline is the bottom row. Then ESC J feeds what a text line would
 * have advanced beyond the image: 30 - 24 dots. */
static int raster_line(struct enc *e, const char *s, unsigned style)
{
	struct bitmap *bm = &e->raster;
	unsigned char head[8] = {GS, 'v', '0', 0}, *row;
	int w, y, x, h, rc;
	size_t stride;
	struct err err;

	err_clear(&err);
	if (textraster_measure(s, TEXT_HEIGHT, &w, &err) != 0)
		return -1;
	if (w > bm->width)
		w = bm->width;
	stride = ((size_t)w + 7) / 8;
	if (bitmap_ensure(bm, TEXT_HEIGHT, &err) != 0)
		return -1;
	memset(bm->bits, 0, bm->stride * TEXT_HEIGHT);
	if (w > 0 && textraster_draw(s, TEXT_HEIGHT, bm, 0, 0, &err) != 0)
		return -1;
	for (y = 0; y < TEXT_HEIGHT; y++) {
		row = bitmap_row(bm, y);
		if (style & SLIP_BOLD)
			for (x = w - 1; x > 0; x--)
				if (bitmap_get(bm, x - 1, y))
					row[x >> 3] |=
						(unsigned char)(0x80 >> (x & 7));
		if ((style & SLIP_UNDERLINE) && y == TEXT_HEIGHT - 1)
			bitmap_fill(bm, 0, y, w, 1);
	}
	head[3] = (unsigned char)(((style & SLIP_WIDE) ? 1 : 0) |
				  ((style & SLIP_TALL) ? 2 : 0));
	head[4] = (unsigned char)(stride & 0xFF);
	head[5] = (unsigned char)(stride >> 8);
	head[6] = TEXT_HEIGHT;
	head[7] = 0;
	strbuf_reset(&e->enc);
	rc = strbuf_add(&e->enc, head, sizeof head);
	for (y = 0; y < TEXT_HEIGHT && rc == 0; y++)
		rc = strbuf_add(&e->enc, bitmap_row(bm, y), stride);
	if (rc != 0) {
		e->failed = 1;
		return 0;
	}
	raster_defuse((unsigned char *)e->enc.buf + sizeof head,
		      e->enc.len - sizeof head);
	put(e, e->enc.buf, e->enc.len);
	h = TEXT_HEIGHT * ((style & SLIP_TALL) ? 2 : 1);
	if (h < LINE_PITCH)
		put3(e, ESC, 'J', LINE_PITCH - h);
	return 0;
}

/* Prints e->text as one line: plain bytes when it is ASCII (the common
 * case, no iconv at all), else code pages and FS &, else a raster image of
 * the whole line. */
static void line_out(struct enc *e, unsigned style)
{
	char *s = e->text.buf != NULL ? e->text.buf : "";
	size_t n = e->text.len;

	if (ascii_only(s, n)) {
		put(e, s, n);
		put(e, "\n", 1);
		return;
	}
	if (encode_line(e, s, n, 0) == 0) {
		put(e, e->enc.buf, e->enc.len);
		put(e, "\n", 1);
		return;
	}
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0'; /* trailing spaces would shift a centred image */
	if (raster_line(e, s, style) == 0)
		return;
	/* No font either (fonts not installed): the best the printer has. */
	encode_line(e, s, n, 1);
	put(e, e->enc.buf, e->enc.len);
	put(e, "\n", 1);
}

/* ---- layout in columns ---- */

/* Length in bytes of the next line of at most width columns from the UTF-8
 * s (a wide character takes two): breaks after the last space that fits,
 * and mid-word only when one word is wider than the paper. *cols gets the
 * line's width in columns. */
static size_t wrap_len(const char *s, size_t n, size_t width, size_t *cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, col = 0, brk = 0, brkcol = 0, len, w;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0) {
			w = 0; /* an invalid byte: dropped when encoded */
			len = 1;
		} else {
			w = (size_t)text_char_columns(
				text_utf8_decode(p + i, len));
		}
		if (s[i] == ' ' && i > 0) {
			brk = i;
			brkcol = col;
		}
		if (col + w > width)
			break;
		col += w;
		i += len;
	}
	if (i >= n) {
		*cols = col;
		return n;
	}
	if (brk > 0) {
		*cols = brkcol;
		return brk;
	}
	if (i == 0) { /* one character wider than the line: print it anyway */
		len = text_utf8_len(p, n);
		*cols = len == 0 ? 0 : width;
		return len == 0 ? 1 : len;
	}
	*cols = col;
	return i;
}

static void add_text(struct enc *e, const char *s, size_t n)
{
	if (strbuf_add(&e->text, s, n) != 0)
		e->failed = 1;
}

static void text(struct enc *e, const struct slip_block *b)
{
	int mul = (b->style & SLIP_WIDE) ? 2 : 1;
	size_t cols = (size_t)(e->columns / mul), rcols = 0, n, len, used;
	size_t margin, rlen = 0;
	const char *s = b->text, *right = b->right;

	if (right != NULL) {
		rcols = text_columns(right);
		rlen = strlen(right);
		if (rcols >= cols)
			rcols = 0; /* too wide to share a line: its own lines */
	}
	align(e, b->align);
	style_on(e, b->style);
	n = strlen(s);
	margin = (size_t)b->indent;
	do {
		if (margin + 8 > cols)
			margin = 0; /* a margin never squeezes out the text */
		strbuf_reset(&e->text);
		spaces(&e->text, (int)margin, &e->failed);
		len = wrap_len(s, n, cols - margin, &used);
		add_text(e, s, len);
		used += margin;
		s += len;
		n -= len;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		if (n == 0 && rcols > 0) {
			/* The right text shares the last line when it fits. */
			if (used + 1 + rcols > cols) {
				line_out(e, b->style);
				strbuf_reset(&e->text);
				used = 0;
			}
			spaces(&e->text, (int)(cols - used - rcols),
			       &e->failed);
			add_text(e, right, rlen);
		}
		line_out(e, b->style);
		margin = (size_t)(b->indent + b->hang);
	} while (n > 0);
	if (right != NULL && rcols == 0 && rlen > 0) {
		/* Wider than the paper: wrapped on lines of its own. */
		s = right;
		n = rlen;
		while (n > 0) {
			strbuf_reset(&e->text);
			len = wrap_len(s, n, cols, &used);
			add_text(e, s, len);
			line_out(e, b->style);
			s += len;
			n -= len;
			while (n > 0 && *s == ' ') {
				s++;
				n--;
			}
		}
	}
	style_off(e, b->style);
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
	size_t used, len = wrap_len(*s, *n, (size_t)width, &used);
	int pad = width - (int)used, before;

	if (pad < 0)
		pad = 0; /* a wide character in a one-column cell */
	before = a == SLIP_RIGHT ? pad : a == SLIP_CENTER ? pad / 2 : 0;
	spaces(&e->text, before, &e->failed);
	add_text(e, *s, len);
	spaces(&e->text, pad - before, &e->failed);
	*s += len;
	*n -= len;
	while (*n > 0 && **s == ' ') {
		(*s)++;
		(*n)--;
	}
}

static void columns(struct enc *e, const struct slip_block *b)
{
	const char *s[SLIP_MAX_CELLS];
	size_t n[SLIP_MAX_CELLS], left;
	int w[SLIP_MAX_CELLS], i;
	unsigned style = b->style & ~(unsigned)(SLIP_WIDE | SLIP_TALL);

	cell_widths(b, e->columns, w);
	for (i = 0; i < b->ncells; i++) {
		s[i] = b->cells[i].text != NULL ? b->cells[i].text : "";
		n[i] = strlen(s[i]);
	}
	align(e, SLIP_LEFT);
	style_on(e, style);
	do {
		left = 0;
		strbuf_reset(&e->text);
		for (i = 0; i < b->ncells; i++) {
			if (i > 0)
				spaces(&e->text, 1, &e->failed);
			cell_line(e, &s[i], &n[i], w[i], b->cells[i].align);
			left += n[i];
		}
		line_out(e, style);
	} while (left > 0);
	style_off(e, style);
}

static void rule(struct enc *e, const struct slip_block *b)
{
	char ch = b->size >= 0x20 && b->size < 0x7F ? (char)b->size : '-';
	int i;

	align(e, SLIP_LEFT);
	for (i = 0; i < e->columns; i++)
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
	while (size > 1 && (modules + 2 * QR_QUIET) * size > e->p->width_dots)
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
	while (module > 2 && modules * module > e->p->width_dots)
		module--;
	if (n == 0 || e->line.len > 255 || modules * module > e->p->width_dots) {
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

	if (b->image == NULL || b->width <= 0 || b->width > e->p->width_dots)
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

int escpos_encode(const struct slip *s, const struct profile *p,
		  struct strbuf *out, struct err *err)
{
	struct enc e = {.out = out, .p = p, .cjk = CD_CLOSED};
	size_t i;
	int k;

	if (p->language != PROFILE_ESCPOS)
		return err_set(err, "%s: not an ESC/POS printer", p->name);
	if (p->width_dots < 8 || p->width_dots > BITMAP_MAX_WIDTH ||
	    p->columns < 1)
		return err_set(err, "%s: no paper width or columns", p->name);
	if (slip_check(s, err) != 0)
		return ERR_FAIL;
	e.columns = p->columns;
	for (k = 0; k < PROFILE_CODEPAGES; k++)
		e.cd[k] = CD_CLOSED;
	strbuf_init(&e.line, 8192);
	strbuf_init(&e.text, 8192);
	strbuf_init(&e.enc, 1u << 20);
	bitmap_init(&e.raster, p->width_dots, err);
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
	for (k = 0; k < PROFILE_CODEPAGES; k++)
		if (e.cd[k] != CD_CLOSED)
			iconv_close(e.cd[k]);
	if (e.cjk != CD_CLOSED)
		iconv_close(e.cjk);
	bitmap_cleanup(&e.raster);
	strbuf_cleanup(&e.line);
	strbuf_cleanup(&e.text);
	strbuf_cleanup(&e.enc);
	if (e.failed)
		return err_set(err, "cannot encode slip (out of memory or a "
				    "QR code too large)");
	return 0;
}
