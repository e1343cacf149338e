/* The ESC/POS encoder: slip document -> printer bytes for Epson TM-series
 * receipt printers and their clones. */
#ifndef PACKDESK_ESCPOS_H
#define PACKDESK_ESCPOS_H

#include "err.h"
#include "slip.h"
#include "strbuf.h"

struct escpos_paper {
	const char *name; /* "80mm", "58mm" */
	int dots;         /* printable width: 576 (80 mm) or 384 (58 mm) */
	int columns;      /* Font A (12x24) columns: 48 or 32 */
};

extern const struct escpos_paper escpos_80mm;
extern const struct escpos_paper escpos_58mm;
const struct escpos_paper *escpos_paper_find(const char *name);

/* Appends the bytes of one slip to out (which the caller owns). The output
 * starts with ESC @ and holds exactly one cut. */
int escpos_encode(const struct slip *s, const struct escpos_paper *paper,
		  struct strbuf *out, struct err *err);

#endif
