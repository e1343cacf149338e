/* An order's packing slip, from the database to printer bytes: the one path
 * the station, reprints and previews share. */
#ifndef PACKDESK_SLIP_RENDER_H
#define PACKDESK_SLIP_RENDER_H

#include "config.h"
#include "err.h"
#include "escpos.h"
#include "order.h"
#include "slip.h"
#include "store.h"
#include "strbuf.h"

/* Looks up each line's product, builds the shop's slip into slip (reset
 * first) and appends its ESC/POS bytes to out. */
int slip_render_order(struct store *store, const struct config *cfg,
		      const struct order *o, const struct escpos_paper *paper,
		      struct slip *slip, struct strbuf *out, struct err *err);

#endif
