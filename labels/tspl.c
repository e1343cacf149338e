/* TSPL/TSPL2 encoder (TSC TSPL/TSPL2 Programming Manual). A deliberately
 * small subset that the virtual printer (tspl-render.c) draws exactly; each
 * command is one ASCII line ending in CR LF:
 *   SIZE w mm,h mm / GAP 3 mm,0 mm / DIRECTION 1 / CLS   start a label
 *   TEXT x,y,"3",0,mx,my,"..."   resident font 3 (16x24) times mx, my
 *   QRCODE x,y,M,cell,A,0,M2,"..."   level M, automatic, model 2
 *   BARCODE x,y,"128",h,1,0,n,n,"..."   Code128, bars h high, text below
 *   BITMAP x,y,wb,h,0,<bytes>    1-bit image, overwrite; a 0 bit is black
 *   BAR x,y,w,h                  filled box
 *   PRINT 1,1                    one set, one copy */
#include "label.h"

#include "label-layout.h"

/* Font "3" is 16 x 24 dots at 203 dpi; the layout uses its cell as is so
 * the multipliers stay whole numbers (1 or 2). */
#define TSPL_FONT_W 16
#define TSPL_FONT_H 24

/* TSPL has no general escape: a double quote is written \["], and a
 * control byte (which would end the command line) cannot be expressed at
 * all; the slip never holds one, and if it did it prints as '?'. */
static const char *tspl_esc(unsigned char c, char buf[LAYOUT_ESC_MAX])
{
	(void)buf;
	if (c == '"')
		return "\\[\"]";
	if (c < 0x20 || c == 0x7F)
		return "?";
	return NULL;
}

/* Code128 set B is printable ASCII; slip.c already filtered the data. */
static const char *tspl_esc_ascii(unsigned char c, char buf[LAYOUT_ESC_MAX])
{
	return c >= 0x80 ? "" : tspl_esc(c, buf);
}

static int quoted(struct strbuf *out, const struct layout_elem *e,
		  layout_escape_fn *esc)
{
	if (strbuf_addc(out, '"') != 0 ||
	    layout_escape(out, e->text, e->len, esc) != 0 ||
	    strbuf_adds(out, "\"\r\n") != 0)
		return -1;
	return 0;
}

/* Dots to millimetres with one decimal, rounded: 812 at 203 dpi = 101.6. */
static int tenths_mm(int dots, int dpi)
{
	return (int)(((long)dots * 254 + dpi / 2) / dpi);
}

static int tspl_page_begin(struct strbuf *out, const struct layout_params *lp)
{
	int dpi = lp->dpi > 0 ? lp->dpi : 203;
	int w = tenths_mm(lp->width, dpi), h = tenths_mm(lp->height, dpi);

	return strbuf_addf(out,
			   "SIZE %d.%d mm,%d.%d mm\r\nGAP 3 mm,0 mm\r\n"
			   "DIRECTION 1\r\nCLS\r\n",
			   w / 10, w % 10, h / 10, h % 10);
}

static int tspl_page_end(struct strbuf *out)
{
	return strbuf_adds(out, "PRINT 1,1\r\n");
}

static int tspl_text(struct strbuf *out, int x, const struct layout_elem *e)
{
	if (strbuf_addf(out, "TEXT %d,%d,\"3\",0,%d,%d,", x, e->y,
			e->cell_w / TSPL_FONT_W, e->cell_h / TSPL_FONT_H) != 0)
		return -1;
	return quoted(out, e, tspl_esc_ascii);
}

static int tspl_qr(struct strbuf *out, const struct layout_elem *e)
{
	/* M2: model 2, which every phone reads; TSPL's default is model 1. */
	if (strbuf_addf(out, "QRCODE %d,%d,M,%d,A,0,M2,", e->x, e->y,
			e->module) != 0)
		return -1;
	return quoted(out, e, tspl_esc);
}

static int tspl_code128(struct strbuf *out, const struct layout_elem *e)
{
	/* Human-readable 1 (below), no rotation, narrow = wide = module. */
	if (strbuf_addf(out, "BARCODE %d,%d,\"128\",%d,1,0,%d,%d,", e->x, e->y,
			e->bar_h, e->module, e->module) != 0)
		return -1;
	return quoted(out, e, tspl_esc_ascii);
}

static int tspl_image(struct strbuf *out, int x, int y,
		      const struct layout_bits *img)
{
	size_t row_bytes = ((size_t)img->w + 7) / 8, i;
	int row;

	if (strbuf_addf(out, "BITMAP %d,%d,%zu,%d,0,", x, y, row_bytes,
			img->h) != 0)
		return -1;
	/* TSPL prints a 0 bit black: inverted against our 1 = black, so
	 * padding (cleared to white) becomes 1 too. */
	for (row = 0; row < img->h; row++)
		for (i = 0; i < row_bytes; i++)
			if (strbuf_addc(out, (unsigned char)~layout_bits_byte(
						 img, row, i)) != 0)
				return -1;
	return strbuf_adds(out, "\r\n");
}

static int tspl_box(struct strbuf *out, const struct layout_elem *e)
{
	return strbuf_addf(out, "BAR %d,%d,%d,%d\r\n", e->x, e->y, e->w, e->h);
}

static const struct layout_writer tspl_writer = {
    .name = "tspl",
    /* Font 3 is ASCII only: accents and CJK go as BITMAP. */
    .text_max = 0x7E,
    .page_begin = tspl_page_begin,
    .page_end = tspl_page_end,
    .text = tspl_text,
    .qr = tspl_qr,
    .code128 = tspl_code128,
    .image = tspl_image,
    .box = tspl_box,
};

int tspl_encode(const struct slip *s, const struct profile *p,
		struct strbuf *out, struct err *err)
{
	struct layout_params lp;

	layout_params_init(&lp, p, TSPL_FONT_W, TSPL_FONT_H, 'M');
	return layout_write(s, &lp, &tspl_writer, out, err);
}
