/* The ESC/POS encoder: slip document -> printer bytes for Epson TM-series
 * receipt printers and their clones, as the printer's profile says they
 * can print them. */
#ifndef PACKDESK_ESCPOS_H
#define PACKDESK_ESCPOS_H

#include "err.h"
#include "profile.h"
#include "slip.h"
#include "strbuf.h"

/* The --paper 80mm|58mm shorthand: a paper width that stands for the
 * profile of the printer usually behind it. */
struct escpos_paper {
	const char *name;    /* "80mm", "58mm" */
	int dots;            /* printable width: 576 (80 mm) or 384 (58 mm) */
	int columns;         /* Font A (12x24) columns: 48 or 32 */
	const char *profile; /* "epson-tm-t20iii", "generic-58mm" */
};

extern const struct escpos_paper escpos_80mm;
extern const struct escpos_paper escpos_58mm;
const struct escpos_paper *escpos_paper_find(const char *name);
/* Loads the profile paper stands for from dirs (NULL: the default
 * profile directories). When no file is found, p describes the bare paper
 * instead (PC437 only, no Chinese font: everything else is rasterised) and
 * 1 is returned; else 0. */
int escpos_paper_profile(const struct escpos_paper *paper, const char *dirs,
			 struct profile *p);
/* The printer profile a station or command uses: the named profile when
 * name is not empty (--profile, station.profile), else the one for the
 * paper width (--paper, station.paper). */
int escpos_profile_select(struct profile *p, const char *name,
			  const char *paper, struct err *err);

/* Appends the bytes of one slip for the printer p describes to out (which
 * the caller owns). The output starts with ESC @ and holds exactly one cut.
 * Every character prints: through the profile's code pages (ESC t), its
 * Chinese font (FS & ... FS .), or a line drawn as a raster image. */
int escpos_encode(const struct slip *s, const struct profile *p,
		  struct strbuf *out, struct err *err);

#endif
