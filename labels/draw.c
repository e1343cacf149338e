/* Drawing primitives shared by the virtual printers. The ESC/POS renderer's
 * output is pinned pixel for pixel by its tests, so these keep its exact
 * geometry: integer scales reduce to its old multipliers, HRI centring and
 * clipping are its rules. */
#include "draw.h"

#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codepage.h"
#include "text.h"

/* Longest scaled glyph row we build: wider than any canvas. */
#define ROW_BYTES (BITMAP_MAX_WIDTH / 8 + 8)
/* More than any QR version holds (7089 digits): longer data cannot encode,
 * so it is refused before copying. */
#define QR_MAX_DATA 8192

/* ---- boxes ---- */

void draw_box(struct bitmap *b, int x, int y, int w, int h)
{
	if (w > 0 && h > 0)
		bitmap_fill(b, x, y, w, h);
}

void draw_frame(struct bitmap *b, int x, int y, int w, int h, int t)
{
	if (w <= 0 || h <= 0 || t <= 0)
		return;
	if (t >= w || t >= h || 2 * (int64_t)t >= w || 2 * (int64_t)t >= h) {
		draw_box(b, x, y, w, h);
		return;
	}
	draw_box(b, x, y, w, t);
	draw_box(b, x, y + h - t, w, t);
	draw_box(b, x, y + t, t, h - 2 * t);
	draw_box(b, x + w - t, y + t, t, h - 2 * t);
}

void draw_clear(struct bitmap *b, int x, int y, int w, int h)
{
	int64_t x1 = (int64_t)x + w, y1 = (int64_t)y + h;
	int cx, cy;

	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if (x1 > b->width)
		x1 = b->width;
	if (y1 > b->height)
		y1 = b->height;
	for (cy = y; cy < y1; cy++) {
		unsigned char *row = bitmap_row(b, cy);

		for (cx = x; cx < x1; cx++)
			row[cx >> 3] &= (unsigned char)~(0x80 >> (cx & 7));
	}
}

void draw_dashes(struct bitmap *b, int y, int dash)
{
	int x;

	if (dash < 1)
		dash = 1;
	for (x = 0; x < b->width; x += 2 * dash)
		bitmap_fill(b, x, y, dash, 1);
}

/* ---- glyphs ---- */

/* Glyph row `row` (bit 15 leftmost, fw dots) stretched nearest-neighbour to
 * w dots, MSB first. An integer scale k gives each dot k copies. */
static void scale_row(uint16_t row, int fw, int w, unsigned char *out)
{
	int dx;

	memset(out, 0, (size_t)(w + 7) / 8);
	for (dx = 0; dx < w; dx++)
		if (row & (0x8000 >> (int)((int64_t)dx * fw / w)))
			out[dx >> 3] |= (unsigned char)(0x80 >> (dx & 7));
}

void draw_glyph(struct bitmap *b, const struct font_face *f, unsigned char ch,
		int x, int y, int w, int h)
{
	const uint16_t *rows = font_glyph(f, ch);
	unsigned char bits[ROW_BYTES];
	int dy, last = -1, y0 = 0, y1 = h;

	if (w <= 0 || h <= 0 || x >= b->width)
		return;
	/* Dots past the widest canvas never land (x >= 0 here in practice). */
	if (w > BITMAP_MAX_WIDTH)
		w = BITMAP_MAX_WIDTH;
	/* Only rows that exist are looked at: a cell 10^6 dots tall costs no
	 * more than one as tall as the canvas. */
	if (y < 0)
		y0 = (int)(-(int64_t)y < h ? -(int64_t)y : h);
	if ((int64_t)y + h > b->height)
		y1 = (int)((int64_t)b->height - y > 0 ? (int64_t)b->height - y
						      : 0);
	for (dy = y0; dy < y1; dy++) {
		int sy = (int)((int64_t)dy * f->height / h);

		if (rows[sy] == 0)
			continue;
		if (sy != last) {
			scale_row(rows[sy], f->width, w, bits);
			last = sy;
		}
		bitmap_or_bits(b, x, y + dy, bits, w);
	}
}

void draw_missing(struct bitmap *b, const struct font_face *f, int x, int y,
		  int w, int h, int gw, int gh)
{
	draw_box(b, x + 1, y + 1, w - 2, 1);
	draw_box(b, x + 1, y + h - 2, w - 2, 1);
	draw_box(b, x + 1, y + 1, 1, h - 2);
	draw_box(b, x + w - 2, y + 1, 1, h - 2);
	draw_glyph(b, f, '?', x + (w - gw) / 2, y, gw, gh);
}

void draw_text(struct bitmap *b, const struct font_face *f, const char *s,
	       size_t n, int x, int y, int w, int h)
{
	int64_t cx = x;
	size_t i;

	for (i = 0; i < n && cx < b->width; i++, cx += w)
		draw_glyph(b, f, (unsigned char)s[i], (int)cx, y, w, h);
}

void draw_text_utf8(struct bitmap *b, const struct font_face *f, const char *s,
		    size_t n, int x, int y, int w, int h)
{
	const unsigned char *p = (const unsigned char *)s;
	int64_t cx = x;
	size_t i = 0;

	while (i < n && cx < b->width) {
		size_t len = text_utf8_len(p + i, n - i);
		unsigned cp = len ? text_utf8_decode(p + i, len) : 0xFFFD;
		unsigned char ch = codepage_cp437(cp);

		i += len ? len : 1;
		if (cp < 0x20 || cp == 0x7F)
			continue; /* controls take no room on paper */
		if (ch != 0)
			draw_glyph(b, f, ch, (int)cx, y, w, h);
		else
			draw_missing(b, f, (int)cx, y, w, h, w, h);
		cx += w;
	}
}

void draw_text_line(struct bitmap *b, const struct font_face *f,
		    const char *text, int x, int w, int y,
		    enum draw_align align)
{
	int tw = (int)strlen(text) * f->width;

	if (align == DRAW_CENTRE)
		x += (w - tw) / 2;
	else if (align == DRAW_RIGHT)
		x += w - tw;
	if (x < 0)
		x = 0;
	for (; *text; text++, x += f->width)
		if (x + f->width <= b->width)
			draw_glyph(b, f, (unsigned char)*text, x, y, f->width,
				   f->height);
}

/* ---- QR codes ---- */

struct draw_qr {
	QRcode *q;
};

struct draw_qr *draw_qr_new(const unsigned char *data, size_t len,
			    enum draw_qr_level level)
{
	struct draw_qr *qr;
	QRcode *q;
	char *s;

	if (len == 0 || len > QR_MAX_DATA)
		return NULL;
	/* encodeString picks numeric/alphanumeric/byte segments as printers
	 * do; it needs a C string, so data with NUL bytes goes as pure
	 * 8-bit. */
	if (memchr(data, 0, len) != NULL) {
		q = QRcode_encodeData((int)len, data, 0, (QRecLevel)level);
	} else {
		s = malloc(len + 1);
		if (s == NULL)
			return NULL;
		memcpy(s, data, len);
		s[len] = '\0';
		q = QRcode_encodeString(s, 0, (QRecLevel)level, QR_MODE_8, 1);
		free(s);
	}
	if (q == NULL)
		return NULL;
	qr = malloc(sizeof *qr);
	if (qr == NULL) {
		QRcode_free(q);
		return NULL;
	}
	qr->q = q;
	return qr;
}

void draw_qr_free(struct draw_qr *q)
{
	if (q == NULL)
		return;
	QRcode_free(q->q);
	free(q);
}

int draw_qr_modules(const struct draw_qr *q)
{
	return q->q->width;
}

/* Dark modules as horizontal runs: one fill per run, not per module. */
void draw_qr(struct bitmap *b, const struct draw_qr *qr, int x, int y,
	     int module)
{
	const QRcode *q = qr->q;
	int row, col;

	for (row = 0; row < q->width; row++) {
		const unsigned char *d = q->data + (size_t)row * q->width;

		for (col = 0; col < q->width; col++) {
			int run = col;

			while (run < q->width && (d[run] & 1))
				run++;
			if (run > col)
				bitmap_fill(b, x + col * module,
					    y + row * module,
					    (run - col) * module, module);
			col = run;
		}
	}
}

/* ---- Code 128 ---- */

static size_t digit_run(const unsigned char *d, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && d[i + n] >= '0' && d[i + n] <= '9')
		n++;
	return n;
}

struct c128_text {
	unsigned char s[CODE128_MAX_DATA];
	size_t n;
	int set; /* 'B', 'C' or 0 before the start code */
};

static int c128_put(struct c128_text *t, unsigned char ch)
{
	if (t->n >= sizeof t->s)
		return -1;
	t->s[t->n++] = ch;
	return 0;
}

static int c128_set(struct c128_text *t, int set)
{
	if (t->set == set)
		return 0;
	t->set = set;
	return c128_put(t, '{') < 0 ? -1 : c128_put(t, (unsigned char)set);
}

/* Set C packs two digits per symbol but costs a switch there and back:
 * worth it for 4+ digits at either end of the data, 6+ in the middle,
 * or data of exactly two digits. An odd run leaves its first digit in B. */
static int c128_wants_c(size_t i, size_t run, size_t len)
{
	if (run == len && run % 2 == 0)
		return run >= 2;
	if (i == 0 || i + run == len)
		return run >= 4;
	return run >= 6;
}

int draw_code128_auto(struct code128 *c, const unsigned char *data, size_t len,
		      struct err *err)
{
	struct c128_text t = {.n = 0, .set = 0};
	size_t i = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t run = digit_run(data, len, i);

		if (c128_wants_c(i, run, len)) {
			if (run % 2) {
				rc = c128_set(&t, 'B');
				if (rc == 0)
					rc = c128_put(&t, data[i++]);
				run--;
			}
			if (rc == 0)
				rc = c128_set(&t, 'C');
			for (; rc == 0 && run > 0; run -= 2, i += 2)
				rc = c128_put(
				    &t, (unsigned char)((data[i] - '0') * 10 +
							data[i + 1] - '0'));
			continue;
		}
		rc = c128_set(&t, 'B');
		if (rc == 0 && data[i] == '{')
			rc = c128_put(&t, '{');
		if (rc == 0)
			rc = c128_put(&t, data[i]);
		i++;
	}
	if (rc < 0)
		return err_set(err, "code128: more than %d bytes of data",
			       CODE128_MAX_DATA);
	return code128_encode(c, t.s, t.n, err);
}

void draw_code128_bars(struct bitmap *b, const struct code128 *c, int x, int y,
		       int module, int h)
{
	int i, k;

	for (i = 0; i < c->nvalues; i++) {
		unsigned char w[7];
		int n = code128_pattern(c->values[i], w);

		for (k = 0; k < n; k++) {
			if (!(k & 1))
				bitmap_fill(b, x, y, w[k] * module, h);
			x += w[k] * module;
		}
	}
}

int draw_code128(struct bitmap *b, const struct code128 *c, int x, int y,
		 int module, int h, const struct font_face *hri,
		 enum draw_align align)
{
	draw_code128_bars(b, c, x, y, module, h);
	if (hri == NULL)
		return h;
	draw_text_line(b, hri, c->hri, x, code128_modules(c) * module, y + h,
		       align);
	return h + hri->height;
}

/* ---- images ---- */

/* Doubles the bits of src into dst (2 * n bytes). */
static void double_bits(const unsigned char *src, size_t n, unsigned char *dst)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		unsigned int v = 0;

		for (k = 0; k < 8; k++)
			if (src[i] & (0x80 >> k))
				v |= 3u << (14 - 2 * k);
		dst[2 * i] = (unsigned char)(v >> 8);
		dst[2 * i + 1] = (unsigned char)v;
	}
}

void draw_image(struct bitmap *b, int x, int y, const unsigned char *bits,
		size_t row_bytes, int rows, unsigned flags)
{
	unsigned char inv[ROW_BYTES], wide[2 * ROW_BYTES];
	int sx = flags & DRAW_IMAGE_WIDE ? 2 : 1;
	int sy = flags & DRAW_IMAGE_TALL ? 2 : 1;
	size_t skip = 0, vis, i;
	int row, k;

	/* Bytes wholly left of the canvas are skipped, and only the bytes
	 * that can land on it are looked at. */
	if (x < 0) {
		skip = (size_t)(-(int64_t)x / (8 * sx));
		x += (int)skip * 8 * sx;
	}
	if (skip >= row_bytes || x >= b->width || rows <= 0)
		return;
	vis = (size_t)(b->width - x) / (8 * (size_t)sx) + 1;
	if (vis > row_bytes - skip)
		vis = row_bytes - skip;
	for (row = 0; row < rows; row++) {
		const unsigned char *src =
		    bits + (size_t)row * row_bytes + skip;
		int64_t top = (int64_t)y + (int64_t)row * sy;

		if (top >= b->height)
			break;
		if (top + sy <= 0)
			continue;
		if (flags & DRAW_IMAGE_INVERT) {
			for (i = 0; i < vis; i++)
				inv[i] = (unsigned char)~src[i];
			src = inv;
		}
		if (sx == 2) {
			double_bits(src, vis, wide);
			src = wide;
		}
		for (k = 0; k < sy; k++)
			bitmap_or_bits(b, x, (int)top + k, src,
				       (int)vis * 8 * sx);
	}
}

/* ---- label pages ---- */

int draw_page_new(struct bitmap *b, int h, struct err *err)
{
	int top = b->height;

	if (top > 0) {
		if (bitmap_ensure(b, top + DRAW_PAGE_GAP, err) < 0)
			return ERR_FAIL;
		draw_dashes(b, top + DRAW_PAGE_GAP / 2, 8);
		top += DRAW_PAGE_GAP;
	}
	if (h < 1 || h > BITMAP_MAX_HEIGHT - top)
		return err_set(err,
			       "label %d dots long does not fit below %d "
			       "rows (ceiling %d)",
			       h, top, BITMAP_MAX_HEIGHT);
	if (bitmap_ensure(b, top + h, err) < 0)
		return ERR_FAIL;
	return top;
}

int draw_arg_int(const unsigned char *s, size_t n, int def, int lo, int hi)
{
	size_t i = 0;
	int64_t v = 0;
	int neg = 0, digits = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (v < INT32_MAX)
			v = v * 10 + (s[i] - '0');
	if (!digits)
		return def;
	if (neg)
		v = -v;
	return v < lo ? lo : v > hi ? hi : (int)v;
}
