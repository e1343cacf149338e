/* A slip is a document: a list of blocks that each encoder (ESC/POS today,
 * ZPL and TSPL later) lays out for its printer's width. Strings in blocks are
 * UTF-8 and already sanitised; the slip owns them (one arena). */
#ifndef PACKDESK_SLIP_H
#define PACKDESK_SLIP_H

#include <stddef.h>

#include "err.h"

enum slip_kind {
	SLIP_TEXT,    /* text, optionally with right-aligned text on its line */
	SLIP_RULE,    /* a line across the paper made of `ch` */
	SLIP_QR,      /* QR code of `text`, module size `size` dots */
	SLIP_BARCODE, /* Code128 of `text` (printable ASCII) */
	SLIP_IMAGE,   /* 1-bit raster, MSB leftmost, 1 = black */
	SLIP_FEED,    /* `size` blank lines */
	SLIP_COLUMNS, /* one row of cells side by side (qty / name / price) */
	SLIP_CUT,     /* feed past the cutter and cut; always last */
};

enum slip_align { SLIP_LEFT, SLIP_CENTER, SLIP_RIGHT };

enum slip_style {
	SLIP_BOLD = 1 << 0,
	SLIP_WIDE = 1 << 1, /* double width */
	SLIP_TALL = 1 << 2, /* double height */
	SLIP_UNDERLINE = 1 << 3,
};

#define SLIP_MAX_CELLS 4

/* A cell of a SLIP_COLUMNS row. Widths are in percent of the line so one
 * template fits 48 and 32 columns alike; 0 takes what is left. Text that
 * does not fit wraps within its cell. */
struct slip_cell {
	const char *text;
	int width_pct;
	enum slip_align align;
};

struct slip_block {
	enum slip_kind kind;
	enum slip_align align;
	unsigned style;
	const char *text;  /* TEXT: the words; QR/BARCODE: the data */
	const char *right; /* TEXT: right-aligned on the same line, or NULL */
	int size;          /* QR module dots; FEED lines; RULE: char */
	int indent;        /* TEXT: left margin in columns, every line */
	int hang;          /* TEXT: extra margin for wrapped lines */
	const unsigned char *image; /* IMAGE: rows of (width+7)/8 bytes */
	int width, height;          /* IMAGE: in dots */
	struct slip_cell cells[SLIP_MAX_CELLS]; /* COLUMNS */
	int ncells;
};

/* Strings live in chunks that never move, so blocks can point into them. */
struct slip_chunk {
	struct slip_chunk *next;
	size_t len, cap;
	char data[];
};

struct slip {
	struct slip_block *blocks;
	size_t nblocks, cap;
	struct slip_chunk *chunks;
	int failed; /* set when memory ran out while building */
};

void slip_init(struct slip *s);
void slip_cleanup(struct slip *s);
void slip_reset(struct slip *s);

/* Builders copy their strings into the slip, sanitised: text loses control
 * characters (an order note cannot cut the paper), barcode data keeps only
 * printable ASCII. They never fail loudly: if
 * memory runs out, s->failed is set and slip_check reports it. */
struct slip_block *slip_text(struct slip *s, const char *text, unsigned style,
			     enum slip_align align);
struct slip_block *slip_row(struct slip *s, const char *left,
			    const char *right, unsigned style);
void slip_rule(struct slip *s, char ch);
void slip_qr(struct slip *s, const char *data, int module_dots);
void slip_barcode(struct slip *s, const char *data);
/* bits: height rows of (width + 7) / 8 bytes, copied. */
void slip_image(struct slip *s, const unsigned char *bits, int width,
		int height);
void slip_feed(struct slip *s, int lines);
/* A row of n cells (n <= SLIP_MAX_CELLS); texts are copied. */
struct slip_block *slip_columns(struct slip *s, const struct slip_cell *cells,
				int n, unsigned style);
void slip_cut(struct slip *s);
int slip_check(const struct slip *s, struct err *err);

#endif
