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
 * first) and appends the bytes for printer p to out, in p's language
 * (ESC/POS, ZPL or TSPL; label printers use station.label_template). */
int slip_render_order(struct store *store, const struct config *cfg,
		      const struct order *o, const struct profile *p,
		      struct slip *slip, struct strbuf *out, struct err *err);
/* The slip alone, without printer bytes: the shop's template for p
 * (station.template or station.label_template, looked up in
 * station.template_dir first) rendered for p's width, in the language of
 * the Shipping Country (else content.locale). */
int slip_render_build(struct store *store, const struct config *cfg,
		      const struct order *o, const struct profile *p,
		      struct slip *slip, struct err *err);
/* Why the slip is not printed with the template file as it is now (an
 * edit with errors: the last good version is used), for the packer's
 * screen; "" when all is well. */
const char *slip_render_notice(void);

#endif
