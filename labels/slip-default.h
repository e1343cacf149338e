/* The built-in packing slip: the order confirmed, how to set each product
 * up, how to return or exchange, a thank-you. Every block is optional. */
#ifndef PACKDESK_SLIP_DEFAULT_H
#define PACKDESK_SLIP_DEFAULT_H

#include "err.h"
#include "order.h"
#include "slip.h"

struct slip_shop {
	const char *name;        /* printed large at the top */
	const char *returns_url; /* template with {order} {zip} {email}; "" =
				    no returns QR */
	int returns_days;        /* return window; 0 = say nothing of it */
	int exchange_bonus;      /* percent extra credit on exchange; 0 = none */
	const char *thanks;      /* closing line; "" = none */
};

/* products[i] is the catalog entry for o->lines[i] (an empty SKU when the
 * catalog does not know it); products may be NULL. */
int slip_default_build(struct slip *s, const struct order *o,
		       const struct product *products,
		       const struct slip_shop *shop, struct err *err);

#endif
