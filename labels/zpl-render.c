/* The virtual printer for ZPL II: draws the subset our encoder emits as a
 * 203 dpi Zebra prints it, one label below the other.
 *
 * Commands are '^' or '~' and a two-letter name (^A0 is "A" + font "0");
 * the parameters run to the next '^' or '~', field data included, which is
 * why customer text goes through ^FH escapes. Drawn:
 *   ^XA ^XZ     a label: a new page ^LL (else the profile's length) tall
 *   ^CI28       field data is UTF-8 (otherwise bytes are PC437 glyphs)
 *   ^LH x,y     label home, added to every ^FO
 *   ^LL h       label length; ^PW, ^PQ and the like are accepted, no effect
 *   ^FO x,y     field origin (top left)
 *   ^A0N,h,w    next text field in h x w cells; ^CF f,h,w the default
 *   ^FH c       next ^FD takes c (default '_') + two hex digits as a byte
 *   ^FD ... ^FS field data; ^FS draws the field
 *   ^BQN,2,m    next field is a QR code, m dots a module; data "QA,..."
 *   ^BY w,r,h   barcode module width and default height
 *   ^BCN,h,f,g  next field is Code 128, h tall, text line below (f=Y) or
 *               above (g=Y); code sets chosen automatically
 *   ^GFA,b,c,d,hex  graphic field, d bytes a row, 1 = black
 *   ^GB w,h,t   box; filled when t >= min(w, h)
 * Choices where the guide leaves room: orientation R/I/B draws as N; a
 * field without ^FS is drawn when the next ^FO or ^XZ arrives; ^GB in white
 * and compressed ^GF forms are not drawn; characters our font lacks print
 * as '?' boxes; the canvas is the profile's width whatever ^PW says.
 * Errors: a label not closed by ^XZ (the printer would wait for it), a
 * command cut off by the end of the data, ^GF data that is not hex or
 * shorter than declared.
 */
#include "label.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "font.h"

/* Zebra's own limit on one ^FD. */
#define FIELD_MAX 3072
/* Coordinates and sizes beyond any label: hostile numbers saturate here. */
#define ZPL_MAX_DOTS 32000

enum field_kind { FIELD_TEXT, FIELD_QR, FIELD_C128 };

struct span {
	const unsigned char *p;
	size_t n;
};

struct zpl {
	const unsigned char *buf;
	size_t len, pos, start; /* start: offset of the current command */
	struct bitmap *bm;
	struct err *err;

	int in_label, page_open, page_top;
	int label_len, home_x, home_y, utf8;
	int cf_h, cf_w;	     /* ^CF: default text cell */
	int by_module, by_h; /* ^BY */

	/* The field being built, reset by ^FS. */
	int fx, fy;
	enum field_kind kind;
	int font_h, font_w;
	int hex;
	unsigned char hex_ch;
	int qr_mag;
	int bc_h, bc_text, bc_above;
	struct span fd;
	int has_fd;
	unsigned char data[FIELD_MAX]; /* fd decoded */
};

static void field_reset(struct zpl *z)
{
	z->kind = FIELD_TEXT;
	z->font_h = z->cf_h;
	z->font_w = z->cf_w;
	z->hex = 0;
	z->has_fd = 0;
}

/* The i-th comma-separated parameter of a (empty when missing). */
static struct span arg(struct span a, int i)
{
	struct span s = {a.p, 0};
	size_t k = 0, begin = 0;

	for (; i > 0; i--) {
		while (k < a.n && a.p[k] != ',')
			k++;
		if (k == a.n)
			return s;
		begin = ++k;
	}
	while (k < a.n && a.p[k] != ',')
		k++;
	s.p = a.p + begin;
	s.n = k - begin;
	return s;
}

static int num(struct span a, int i, int def, int lo, int hi)
{
	struct span s = arg(a, i);

	return draw_arg_int(s.p, s.n, def, lo, hi);
}

/* First non-blank character of parameter i, upper-cased, or 0. */
static int letter(struct span a, int i)
{
	struct span s = arg(a, i);
	size_t k = 0;

	while (k < s.n && s.p[k] == ' ')
		k++;
	return k < s.n ? toupper(s.p[k]) : 0;
}

/* The current label's page, made on first use so ^LL may come first. */
static int page(struct zpl *z)
{
	int top;

	if (z->page_open)
		return 0;
	top = draw_page_new(z->bm, z->label_len, z->err);
	if (top < 0)
		return ERR_FAIL;
	z->page_top = top;
	z->page_open = 1;
	return 0;
}

/* ^FO's y on the canvas: origins are kept relative to the label because
 * its page is made only when something is drawn. */
static int field_y(const struct zpl *z)
{
	return z->page_top + z->fy;
}

/* ---- fields ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = toupper(c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* ^FD data with ^FH escapes resolved and line breaks dropped (Zebra
 * ignores CR and LF in a format). */
static size_t field_data(const struct zpl *z, unsigned char *out)
{
	const unsigned char *p = z->fd.p;
	size_t i, n = 0;

	for (i = 0; i < z->fd.n && n < FIELD_MAX; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			continue;
		if (z->hex && p[i] == z->hex_ch && i + 2 < z->fd.n &&
		    hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
			out[n++] = (unsigned char)(hexval(p[i + 1]) * 16 +
						   hexval(p[i + 2]));
			i += 2;
			continue;
		}
		out[n++] = p[i];
	}
	return n;
}

static void text_field(struct zpl *z, const unsigned char *d, size_t n)
{
	/* Zebra's font 0 is a bold condensed face: our bold Font A. */
	const struct font_face *f = font_face_get(FONT_A, 1);

	if (z->utf8)
		draw_text_utf8(z->bm, f, (const char *)d, n, z->fx, field_y(z),
			       z->font_w, z->font_h);
	else
		draw_text(z->bm, f, (const char *)d, n, z->fx, field_y(z),
			  z->font_w, z->font_h);
}

/* "QA,data": error level, input mode, comma. Manual mode names the
 * character mode next: N, A, K, or B and a four-digit byte count. */
static void qr_field(struct zpl *z, const unsigned char *d, size_t n)
{
	enum draw_qr_level level = DRAW_QR_Q;
	struct draw_qr *q;
	size_t k = 3;

	if (n < 3 || d[2] != ',')
		return; /* the printer prints no symbol */
	switch (toupper(d[0])) {
	case 'H':
		level = DRAW_QR_H;
		break;
	case 'Q':
		level = DRAW_QR_Q;
		break;
	case 'M':
		level = DRAW_QR_M;
		break;
	case 'L':
		level = DRAW_QR_L;
		break;
	}
	if (toupper(d[1]) == 'M' && k < n)
		k += toupper(d[k]) == 'B' ? 5 : 1;
	if (k >= n)
		return;
	q = draw_qr_new(d + k, n - k, level);
	if (q == NULL)
		return; /* too much data: nothing printed */
	draw_qr(z->bm, q, z->fx, field_y(z), z->qr_mag);
	draw_qr_free(q);
}

static void c128_field(struct zpl *z, const unsigned char *d, size_t n)
{
	const struct font_face *f = font_face_get(FONT_A, 0);
	struct code128 c;
	int y = field_y(z);

	if (draw_code128_auto(&c, d, n, NULL) < 0)
		return; /* data the printer rejects prints nothing */
	if (z->bc_text && z->bc_above) {
		draw_text_line(z->bm, f, c.hri, z->fx,
			       code128_modules(&c) * z->by_module, y,
			       DRAW_CENTRE);
		y += f->height;
	}
	draw_code128(z->bm, &c, z->fx, y, z->by_module, z->bc_h,
		     z->bc_text && !z->bc_above ? f : NULL, DRAW_CENTRE);
}

/* Draws the pending field, if it has data, and starts a fresh one. */
static int field_end(struct zpl *z)
{
	size_t n;

	if (z->in_label && z->has_fd) {
		if (page(z) < 0)
			return ERR_FAIL;
		n = field_data(z, z->data);
		if (z->kind == FIELD_QR)
			qr_field(z, z->data, n);
		else if (z->kind == FIELD_C128)
			c128_field(z, z->data, n);
		else
			text_field(z, z->data, n);
	}
	field_reset(z);
	return 0;
}

/* ---- commands ---- */

static int cmd_xa(struct zpl *z, struct span a)
{
	(void)a;
	z->in_label = 1;
	z->page_open = 0;
	z->fx = z->home_x;
	z->fy = z->home_y;
	field_reset(z);
	return 0;
}

static int cmd_xz(struct zpl *z, struct span a)
{
	(void)a;
	if (!z->in_label)
		return 0;
	if (field_end(z) < 0 || page(z) < 0) /* a blank label still feeds */
		return ERR_FAIL;
	z->in_label = 0;
	z->page_open = 0;
	return 0;
}

static int cmd_ci(struct zpl *z, struct span a)
{
	int n = num(a, 0, 0, 0, 99);

	z->utf8 = n >= 28 && n <= 30; /* 28 UTF-8; 29/30 UTF-16/32 as 8 */
	return 0;
}

static int cmd_ll(struct zpl *z, struct span a)
{
	z->label_len = num(a, 0, z->label_len, 1, BITMAP_MAX_HEIGHT);
	/* A longer label after drawing began: the page grows. */
	if (z->page_open)
		return bitmap_ensure(z->bm, z->page_top + z->label_len, z->err);
	return 0;
}

static int cmd_lh(struct zpl *z, struct span a)
{
	z->home_x = num(a, 0, 0, 0, ZPL_MAX_DOTS);
	z->home_y = num(a, 1, 0, 0, ZPL_MAX_DOTS);
	return 0;
}

static int cmd_fo(struct zpl *z, struct span a)
{
	if (z->has_fd && field_end(z) < 0) /* a field left without ^FS */
		return ERR_FAIL;
	z->fx = z->home_x + num(a, 0, 0, 0, ZPL_MAX_DOTS);
	z->fy = z->home_y + num(a, 1, 0, 0, ZPL_MAX_DOTS);
	return 0;
}

/* ^Afo,h,w: our one face stands in for every font. Width defaults to our
 * cell's proportion, height to the width's. */
static void font_args(struct span a, int i, int *h, int *w)
{
	int fh = num(a, i, 0, 1, ZPL_MAX_DOTS);
	int fw = num(a, i + 1, 0, 1, ZPL_MAX_DOTS);

	if (fh == 0 && fw == 0)
		return;
	if (fh == 0)
		fh = 2 * fw;
	if (fw == 0)
		fw = (fh + 1) / 2;
	*h = fh;
	*w = fw;
}

static int cmd_a(struct zpl *z, struct span a)
{
	font_args(a, 1, &z->font_h, &z->font_w);
	return 0;
}

static int cmd_cf(struct zpl *z, struct span a)
{
	font_args(a, 1, &z->cf_h, &z->cf_w);
	z->font_h = z->cf_h;
	z->font_w = z->cf_w;
	return 0;
}

static int cmd_fh(struct zpl *z, struct span a)
{
	z->hex = 1;
	z->hex_ch = a.n > 0 ? a.p[0] : '_';
	return 0;
}

static int cmd_fd(struct zpl *z, struct span a)
{
	z->fd = a;
	z->has_fd = 1;
	return 0;
}

static int cmd_fs(struct zpl *z, struct span a)
{
	(void)a;
	return field_end(z);
}

static int cmd_bq(struct zpl *z, struct span a)
{
	z->kind = FIELD_QR;
	z->qr_mag = num(a, 2, 2, 1, 10);
	return 0;
}

static int cmd_by(struct zpl *z, struct span a)
{
	z->by_module = num(a, 0, z->by_module, 1, 10);
	z->by_h = num(a, 2, z->by_h, 1, ZPL_MAX_DOTS);
	return 0;
}

static int cmd_bc(struct zpl *z, struct span a)
{
	z->kind = FIELD_C128;
	z->bc_h = num(a, 1, z->by_h, 1, ZPL_MAX_DOTS);
	z->bc_text = letter(a, 2) != 'N';
	z->bc_above = letter(a, 3) == 'Y';
	return 0;
}

static int cmd_gb(struct zpl *z, struct span a)
{
	int t = num(a, 2, 1, 1, ZPL_MAX_DOTS);
	int w = num(a, 0, t, 1, ZPL_MAX_DOTS);
	int h = num(a, 1, t, 1, ZPL_MAX_DOTS);

	if (!z->in_label || letter(a, 3) == 'W')
		return 0;
	if (page(z) < 0)
		return ERR_FAIL;
	/* The guide: width and height are at least the thickness. */
	draw_frame(z->bm, z->fx, field_y(z), w < t ? t : w, h < t ? t : h, t);
	return 0;
}

/* ^GFA,b,c,d,data: b bytes of hex, d a row. Only plain hex is drawn; the
 * data is checked in full first so a bad field draws nothing. */
static int cmd_gf(struct zpl *z, struct span a)
{
	unsigned char row[BITMAP_MAX_WIDTH / 8 + 1];
	struct span d = a;
	int total = num(a, 1, 0, 0, INT32_MAX);
	int rb = num(a, 3, 0, 0, INT32_MAX), rows, r, i;
	size_t k, digits = 0, keep;

	if (letter(a, 0) != 'A')
		return 0; /* binary and compressed-binary forms: not ours */
	for (i = 0; i < 4; i++) {
		const unsigned char *comma = memchr(d.p, ',', d.n);

		if (comma == NULL)
			return err_set(z->err,
				       "zpl: ^GF at offset %zu: too few "
				       "parameters",
				       z->start);
		d.n -= (size_t)(comma + 1 - d.p);
		d.p = comma + 1;
	}
	for (k = 0; k < d.n; k++) {
		if (hexval(d.p[k]) >= 0)
			digits++;
		else if (!isspace(d.p[k]))
			return err_set(z->err,
				       "zpl: ^GF at offset %zu: '%c' is not "
				       "hex (compressed data is not drawn)",
				       z->start,
				       isprint(d.p[k]) ? d.p[k] : '?');
	}
	if (digits / 2 < (size_t)total)
		return err_set(z->err,
			       "zpl: ^GF at offset %zu: %d bytes declared, "
			       "%zu given",
			       z->start, total, digits / 2);
	if (!z->in_label || rb == 0 || total == 0)
		return 0;
	if (page(z) < 0)
		return ERR_FAIL;
	rows = total / rb;
	keep = (size_t)rb < sizeof row ? (size_t)rb : sizeof row;
	k = 0;
	for (r = 0; r < rows && (int64_t)field_y(z) + r < z->bm->height; r++) {
		size_t b;

		for (b = 0; b < (size_t)rb; b++) {
			int hi, lo;

			while (hexval(d.p[k]) < 0)
				k++;
			hi = hexval(d.p[k++]);
			while (hexval(d.p[k]) < 0)
				k++;
			lo = hexval(d.p[k++]);
			if (b < keep)
				row[b] = (unsigned char)(hi << 4 | lo);
		}
		draw_image(z->bm, z->fx, field_y(z) + r, row, keep, 1, 0);
	}
	return 0;
}

struct zpl_cmd {
	char name[3];
	int (*run)(struct zpl *z, struct span a);
};

static const struct zpl_cmd cmds[] = {
    {"XA", cmd_xa}, {"XZ", cmd_xz}, {"CI", cmd_ci}, {"LL", cmd_ll},
    {"LH", cmd_lh}, {"FO", cmd_fo}, {"CF", cmd_cf}, {"FH", cmd_fh},
    {"FD", cmd_fd}, {"FS", cmd_fs}, {"BQ", cmd_bq}, {"BY", cmd_by},
    {"BC", cmd_bc}, {"GB", cmd_gb}, {"GF", cmd_gf},
};

static int step(struct zpl *z)
{
	const unsigned char *next;
	struct span a;
	char name[3];
	size_t i;

	if (z->buf[z->pos] != '^' && z->buf[z->pos] != '~') {
		z->pos++; /* line breaks and stray bytes between commands */
		return 0;
	}
	z->start = z->pos;
	if (z->len - z->pos < 3)
		return err_set(z->err,
			       "zpl: command at offset %zu is cut off by the "
			       "end of the data",
			       z->start);
	name[0] = (char)toupper(z->buf[z->pos + 1]);
	name[1] = (char)toupper(z->buf[z->pos + 2]);
	name[2] = '\0';
	z->pos += 3;
	/* Parameters and field data run to the next command prefix. */
	a.p = z->buf + z->pos;
	a.n = z->len - z->pos;
	next = memchr(a.p, '^', a.n);
	if (next != NULL)
		a.n = (size_t)(next - a.p);
	next = memchr(a.p, '~', a.n);
	if (next != NULL)
		a.n = (size_t)(next - a.p);
	z->pos += a.n;
	if (z->buf[z->start] == '~')
		return 0; /* control commands (~JA, ~DG ...) draw nothing */
	if (name[0] == 'A') {
		/* ^Af: the second letter is the font, parameters follow. */
		return cmd_a(z, a);
	}
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return cmds[i].run(z, a);
	return 0; /* unknown: skipped with its parameters */
}

int zpl_render(const unsigned char *buf, size_t len, const struct profile *p,
	       struct bitmap *out, struct err *err)
{
	struct zpl *z;
	int rc = 0;

	if (out->width < 1 || out->width > BITMAP_MAX_WIDTH)
		return err_set(err, "zpl: bitmap not initialised");
	if (buf == NULL && len > 0)
		return err_set(err, "zpl: no data");
	/* About 3 KB of field buffer: on the heap, for small stacks. */
	z = calloc(1, sizeof *z);
	if (z == NULL)
		return err_set(err, "zpl: out of memory");
	z->buf = buf;
	z->len = len;
	z->bm = out;
	z->err = err;
	/* 4x6 in at 203 dpi when the profile has no length */
	z->label_len = p->height_dots > 0 ? p->height_dots : 1218;
	z->cf_h = 24; /* our font's own cell until ^CF or ^A says otherwise */
	z->cf_w = 12;
	z->by_module = 2; /* ^BY defaults: 2 dots, height 10 */
	z->by_h = 10;
	field_reset(z);
	while (rc == 0 && z->pos < z->len)
		rc = step(z);
	if (rc == 0 && z->in_label)
		rc = err_set(err, "zpl: the data ends inside a label (^XA "
				  "without ^XZ)");
	free(z);
	return rc;
}
