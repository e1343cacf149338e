/* ZPL II encoder (Zebra ZPL II Programming Guide). A deliberately small
 * subset that the virtual printer (zpl-render.c) draws exactly:
 *   ^XA ^CI28 ^PWw ^LLh ^LH0,0   start a label: UTF-8 field data, its size,
 *                                origin at the top-left corner
 *   ^FOx,y                       a field's top-left corner
 *   ^A0N,h,w ^FH_ ^FD..^FS       text in font 0, cell w x h; _hh escapes
 *   ^BQN,2,m ^FDQA,..            QR model 2, module m, level Q, automatic
 *   ^BYm ^BCN,h,Y,N,N            Code128, bars h high, text below
 *   ^GFA,b,b,r,HEX               1-bit image, b bytes, r bytes per row
 *   ^GBw,h,t                     filled box (t = the smaller side)
 *   ^PQ1 ^XZ                     one copy, end of label
 * One command group per line, LF-terminated. */
#include "label.h"

#include "label-layout.h"

/* Font 0 scaled to a 14 x 28 cell: the virtual printer's 12x24 font with a
 * little air, 54 characters across a 4 in label. */
#define ZPL_CELL_W 14
#define ZPL_CELL_H 28

/* ^ and ~ start commands (a customer could end the field and inject a
 * label format); _ is ^FH's own escape; control bytes never belong in a
 * job. Each becomes _hh, which ^FH decodes back into the field. */
static const char *zpl_esc(unsigned char c, char buf[LAYOUT_ESC_MAX])
{
	static const char hex[] = "0123456789ABCDEF";

	if (c >= 0x20 && c != 0x7F && c != '^' && c != '~' && c != '_')
		return NULL;
	buf[0] = '_';
	buf[1] = hex[c >> 4];
	buf[2] = hex[c & 0xF];
	buf[3] = '\0';
	return buf;
}

/* In ^BC data '>' starts an invocation code (>: start B, >8 FNC1...):
 * "><" is a literal '>'. Anything outside printable ASCII cannot be in
 * Code128 set B; slip.c already removed it, so this only guards. */
static const char *zpl_esc_code128(unsigned char c, char buf[LAYOUT_ESC_MAX])
{
	if (c == '>')
		return "><";
	if (c >= 0x80)
		return "";
	return zpl_esc(c, buf);
}

static int field_data(struct strbuf *out, const char *prefix,
		      const struct layout_elem *e, layout_escape_fn *esc)
{
	if (strbuf_addf(out, "^FH_^FD%s", prefix) != 0 ||
	    layout_escape(out, e->text, e->len, esc) != 0 ||
	    strbuf_adds(out, "^FS\n") != 0)
		return -1;
	return 0;
}

static int zpl_page_begin(struct strbuf *out, const struct layout_params *lp)
{
	return strbuf_addf(out, "^XA\n^CI28\n^PW%d\n^LL%d\n^LH0,0\n", lp->width,
			   lp->height);
}

static int zpl_page_end(struct strbuf *out)
{
	return strbuf_adds(out, "^PQ1\n^XZ\n");
}

static int zpl_text(struct strbuf *out, int x, const struct layout_elem *e)
{
	if (strbuf_addf(out, "^FO%d,%d^A0N,%d,%d", x, e->y, e->cell_h,
			e->cell_w) != 0)
		return -1;
	return field_data(out, "", e, zpl_esc);
}

static int zpl_qr(struct strbuf *out, const struct layout_elem *e)
{
	if (strbuf_addf(out, "^FO%d,%d^BQN,2,%d", e->x, e->y, e->module) != 0)
		return -1;
	/* Q: error correction level Q, A: automatic input mode. */
	return field_data(out, "QA,", e, zpl_esc);
}

static int zpl_code128(struct strbuf *out, const struct layout_elem *e)
{
	/* Interpretation line yes, above no, UCC check digit no. */
	if (strbuf_addf(out, "^FO%d,%d^BY%d^BCN,%d,Y,N,N", e->x, e->y,
			e->module, e->bar_h) != 0)
		return -1;
	return field_data(out, "", e, zpl_esc_code128);
}

static int zpl_image(struct strbuf *out, int x, int y,
		     const struct layout_bits *img)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t row_bytes = ((size_t)img->w + 7) / 8, i;
	size_t total = row_bytes * (size_t)img->h;
	unsigned char b;
	int row;

	if (strbuf_addf(out, "^FO%d,%d^GFA,%zu,%zu,%zu,", x, y, total, total,
			row_bytes) != 0)
		return -1;
	for (row = 0; row < img->h; row++)
		for (i = 0; i < row_bytes; i++) {
			b = layout_bits_byte(img, row, i);
			if (strbuf_addc(out, hex[b >> 4]) != 0 ||
			    strbuf_addc(out, hex[b & 0xF]) != 0)
				return -1;
		}
	return strbuf_adds(out, "^FS\n");
}

static int zpl_box(struct strbuf *out, const struct layout_elem *e)
{
	/* A border as thick as the box's smaller side fills it. */
	int t = e->h < e->w ? e->h : e->w;

	return strbuf_addf(out, "^FO%d,%d^GB%d,%d,%d^FS\n", e->x, e->y, e->w,
			   e->h, t);
}

static const struct layout_writer zpl_writer = {
    .name = "zpl",
    /* ^CI28 with font 0 draws Latin-1; CJK and the rest go as ^GFA. */
    .text_max = 0xFF,
    .page_begin = zpl_page_begin,
    .page_end = zpl_page_end,
    .text = zpl_text,
    .qr = zpl_qr,
    .code128 = zpl_code128,
    .image = zpl_image,
    .box = zpl_box,
};

int zpl_encode(const struct slip *s, const struct profile *p,
	       struct strbuf *out, struct err *err)
{
	struct layout_params lp;

	layout_params_init(&lp, p, ZPL_CELL_W, ZPL_CELL_H, 'Q');
	return layout_write(s, &lp, &zpl_writer, out, err);
}
