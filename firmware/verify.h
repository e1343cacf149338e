/* Scan-to-verify: what an order still needs while the packer scans its
 * items. Pure state, no I/O: the station looks the scan up and logs; this
 * only counts, so it is tested alone. */
#ifndef PACKDESK_VERIFY_H
#define PACKDESK_VERIFY_H

#include <stddef.h>

#include "order.h"
#include "strbuf.h"

/* Distinct SKUs of one order; a bigger order is packed with SKIP. */
#define VERIFY_LINES_MAX 64
/* The scans kept for order_verified: a few hundred scans at most. */
#define VERIFY_SCANS_MAX (64u << 10)

struct verify_line {
	char sku[64];
	char name[160];
	int want, got;
};

struct verify {
	int active;
	char order[128];
	struct verify_line lines[VERIFY_LINES_MAX];
	size_t n;
	struct strbuf scans; /* JSON array members: {"scan":..,"sku":..} */
	int nscans;
};

enum verify_result {
	VERIFY_ACCEPTED, /* counted; more to scan */
	VERIFY_COMPLETE, /* counted; nothing left */
	VERIFY_WRONG,    /* not in this order */
	VERIFY_OVER,     /* in the order, but it would be one too many */
};

void verify_init(struct verify *v);
void verify_cleanup(struct verify *v);
/* Starts on o: lines of one SKU are merged, lines of no quantity ignored.
 * -1 (nothing started) when o has more than VERIFY_LINES_MAX SKUs. */
int verify_start(struct verify *v, const struct order *o);
void verify_reset(struct verify *v);
/* 1 when sku is one of the order's lines. */
int verify_has(const struct verify *v, const char *sku);
/* Counts units of sku for the raw scan; nothing changes unless the result
 * is VERIFY_ACCEPTED or VERIFY_COMPLETE. */
enum verify_result verify_item(struct verify *v, const char *sku, int units,
			       const char *scan);
/* Units still to scan. */
int verify_left_units(const struct verify *v);
/* "2 x Insulated Cup 500ml (HP-CUP-500), 1 x ..." (unsanitised: order
 * text; show it through the station's tell()). Truncated to size. */
void verify_left(const struct verify *v, char *buf, size_t size);
/* The scans recorded so far as JSON array members, without the brackets
 * ("" when none): {"scan":"...","sku":"...","units":1},... */
const char *verify_scans(const struct verify *v);

#endif
