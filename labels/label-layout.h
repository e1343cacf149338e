/* Label layout: a slip document placed on fixed-size label pages as
 * positioned elements (text runs, QR, Code128, images, boxes), shared by the
 * ZPL and TSPL encoders so both print the same label, and by nothing that
 * knows a printer language.
 *
 * Text uses fixed character cells (cell_w x cell_h dots, WIDE doubles the
 * width, TALL the height): the encoders ask the printer's font for exactly
 * that cell and the virtual printer scales its 12x24 font to it, so layout,
 * printer and preview agree on where every line ends. What does not fit on
 * one label continues on the next; a CUT block ends the label. */
#ifndef PACKDESK_LABEL_LAYOUT_H
#define PACKDESK_LABEL_LAYOUT_H

#include <stddef.h>

#include "err.h"
#include "profile.h"
#include "slip.h"
#include "strbuf.h"

#define LAYOUT_MARGIN 24       /* dots around the printable area (3 mm) */
#define LAYOUT_LINE_GAP 4      /* dots between text lines */
#define LAYOUT_BOLD_DX 2       /* bold = the run drawn again this far right */
#define LAYOUT_UNDERLINE 2     /* underline thickness in dots */
#define LAYOUT_RULE 2	       /* rule thickness in dots */
#define LAYOUT_BLOCK_GAP 8     /* dots above and below codes and images */
#define LAYOUT_BAR_HEIGHT 80   /* Code128 bar height: 10 mm at 203 dpi */
#define LAYOUT_MAX_PAGES 64    /* a runaway slip fails instead of printing */
#define LAYOUT_MAX_ELEMS 16384 /* 64 labels of 4-cell rows, bold */

enum layout_kind {
	LAYOUT_TEXT,	/* one line of text in fixed cells */
	LAYOUT_QR,	/* QR code, model 2 */
	LAYOUT_CODE128, /* Code128 with its human-readable line below */
	LAYOUT_IMAGE,	/* 1-bit raster (a slice of a slip image) */
	LAYOUT_BOX,	/* filled rectangle: rules and underlines */
};

struct layout_elem {
	enum layout_kind kind;
	int page; /* 0-based label number */
	int x, y; /* top-left corner on the page, in dots */
	int w, h; /* the area it covers, in dots */
	/* TEXT: a cell of cell_w x cell_h dots per column (wide characters
	 * take two); bold; align says where a rasterised run that comes out
	 * narrower than w sits. */
	int cell_w, cell_h;
	int bold;
	enum slip_align align;
	/* TEXT: UTF-8; QR, CODE128: the data. Not NUL-terminated: it points
	 * into the slip, which must outlive the layout. */
	const char *text;
	size_t len;
	int module; /* QR: module size; CODE128: narrow bar width (dots) */
	int bar_h;  /* CODE128: height of the bars; the text is below */
	/* IMAGE: rows of stride bytes, MSB leftmost, 1 = black; w <= 8 *
	 * stride (an image wider than the page is clipped to it). */
	const unsigned char *bits;
	size_t stride;
};

/* A page's elements: elems[first .. first + n). */
struct layout_page {
	size_t first, n;
};

struct layout_params {
	int width, height;  /* page in dots */
	int dpi;	    /* dots per inch: 203 or 300 */
	int margin;	    /* dots on every side */
	int cell_w, cell_h; /* body text cell in dots */
	int qr_level;	    /* 'L', 'M', 'Q' or 'H': sizes the QR codes */
};

struct layout {
	struct layout_params params;
	struct layout_elem *elems;
	size_t nelems, cap;
	struct layout_page pages[LAYOUT_MAX_PAGES];
	int npages; /* at least 1 after layout_slip */
};

/* Params for profile p with a body cell of cell_w x cell_h dots. */
void layout_params_init(struct layout_params *lp, const struct profile *p,
			int cell_w, int cell_h, int qr_level);

/* Lays slip s out. l needs no initialisation; free it with layout_cleanup
 * (also after an error). Fails (err set) when the slip is too long for
 * LAYOUT_MAX_PAGES, memory runs out, a QR code holds too much data or the
 * page is too small for one line of text: never by dropping content. */
int layout_slip(struct layout *l, const struct slip *s,
		const struct layout_params *lp, struct err *err);
void layout_cleanup(struct layout *l);

/* A 1-bit picture to send: rows of stride bytes, MSB leftmost, 1 = black. */
struct layout_bits {
	const unsigned char *bits;
	size_t stride;
	int w, h;
};

/* A printer language as a table: the encoders fill one and layout_write
 * walks the pages calling it. Each function appends to out and returns 0,
 * or -1 when out is full. */
struct layout_writer {
	const char *name; /* "zpl": for error messages */
	/* Highest code point the printer's own font draws; text with any
	 * character above it (or a control) is sent as an image instead. */
	unsigned text_max;
	int (*page_begin)(struct strbuf *out, const struct layout_params *lp);
	int (*page_end)(struct strbuf *out);
	/* One pass of a text run at x (bold runs come twice). */
	int (*text)(struct strbuf *out, int x, const struct layout_elem *e);
	int (*qr)(struct strbuf *out, const struct layout_elem *e);
	int (*code128)(struct strbuf *out, const struct layout_elem *e);
	int (*image)(struct strbuf *out, int x, int y,
		     const struct layout_bits *img);
	int (*box)(struct strbuf *out, const struct layout_elem *e);
};

/* Lays s out with lp and appends every page to out through w. Text the
 * printer font cannot draw is rasterised with textraster; if that fails the
 * error says which text needed it. */
int layout_write(const struct slip *s, const struct layout_params *lp,
		 const struct layout_writer *w, struct strbuf *out,
		 struct err *err);

/* 1 when every character of s[0..n) is printable (no C0, DEL or C1
 * control) and at most max: what a printer font can draw. */
int layout_text_within(const char *s, size_t n, unsigned max);

/* Escaping untrusted bytes where they leave for a printer: esc gives the
 * replacement for byte c (a C string written into buf; "" drops the byte)
 * or NULL to copy c as it is. layout_escape appends s[0..n) to out through
 * it; -1 when out is full. The one loop behind every language's escapes. */
#define LAYOUT_ESC_MAX 8
typedef const char *layout_escape_fn(unsigned char c, char buf[LAYOUT_ESC_MAX]);
int layout_escape(struct strbuf *out, const char *s, size_t n,
		  layout_escape_fn *esc);

/* Byte i of row `row` of img with the dots past img->w cleared (white): an
 * image's padding bits must never print. */
unsigned char layout_bits_byte(const struct layout_bits *img, int row,
			       size_t i);

#endif
