#include "slip-default.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "url.h"

#define QR_MODULE 6 /* dots: a 33-module code is 25 mm wide, easy on phones */

/* "2025-10-07 09:50:26 +0200" -> "2025-10-07". */
static void order_date(char *out, size_t outsz, const char *created)
{
	char clean[64];

	text_sanitize_into(clean, sizeof clean, created);
	snprintf(out, outsz, "%.10s", clean);
}

/* The order number as the barcode carries it: "#10423" -> "10423", which
 * the station accepts back with or without '#'. */
static const char *barcode_data(const char *name)
{
	return name[0] == '#' ? name + 1 : name;
}

static void header(struct slip *s, const struct order *o,
		   const struct slip_shop *shop)
{
	char left[160], date[16];

	if (shop->name != NULL && shop->name[0] != '\0')
		slip_text(s, shop->name, SLIP_BOLD | SLIP_WIDE | SLIP_TALL,
			  SLIP_CENTER);
	slip_text(s, "PACKING SLIP", SLIP_BOLD, SLIP_CENTER);
	snprintf(left, sizeof left, "Order %s", o->name);
	order_date(date, sizeof date, o->created_at);
	slip_row(s, left, date, 0);
	slip_barcode(s, barcode_data(o->name));
	slip_rule(s, '-');
}

static void text_if(struct slip *s, const char *t)
{
	if (t[0] != '\0')
		slip_text(s, t, 0, SLIP_LEFT);
}

static void ship_to(struct slip *s, const struct order *o)
{
	char line[512];

	slip_text(s, "SHIP TO", SLIP_BOLD, SLIP_LEFT);
	text_if(s, o->ship_name);
	text_if(s, o->ship_company);
	text_if(s, o->ship_address1);
	text_if(s, o->ship_address2);
	snprintf(line, sizeof line, "%s%s%s%s%s", o->ship_city,
		 o->ship_city[0] && o->ship_province[0] ? ", " : "",
		 o->ship_province,
		 (o->ship_city[0] || o->ship_province[0]) && o->ship_zip[0]
			 ? " "
			 : "",
		 o->ship_zip);
	text_if(s, line);
	text_if(s, o->ship_country);
	slip_rule(s, '-');
}

/* Money as exported ("24.00") times a quantity, in cents, without floating
 * point. -1 when the price is not a plain decimal. */
static long long cents(const char *price)
{
	long long v = 0;
	int frac = -1;
	const char *p;

	if (*price == '\0')
		return -1;
	for (p = price; *p != '\0'; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
		} else if (*p >= '0' && *p <= '9' && frac < 2 &&
			   v < 1000000000000LL) {
			v = v * 10 + (*p - '0');
			if (frac >= 0)
				frac++;
		} else {
			return -1;
		}
	}
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	return v;
}

static void items(struct slip *s, const struct order *o)
{
	char left[512], right[32], sku[160];
	long long c;
	size_t i;

	for (i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		snprintf(left, sizeof left, "%d x %s", l->quantity, l->name);
		c = cents(l->price);
		right[0] = '\0';
		if (c >= 0)
			snprintf(right, sizeof right, "%lld.%02lld",
				 c * l->quantity / 100, c * l->quantity % 100);
		slip_row(s, left, right, 0)->hang = 4;
		if (l->sku[0] != '\0') {
			snprintf(sku, sizeof sku, "SKU %s", l->sku);
			slip_text(s, sku, 0, SLIP_LEFT)->indent = 4;
		}
	}
	if (o->total[0] != '\0') {
		slip_rule(s, '-');
		snprintf(right, sizeof right, "%s %s", o->total, o->currency);
		slip_row(s, "TOTAL", right, SLIP_BOLD);
	}
}

/* One QR per product that has a setup video, even if ordered twice. */
static void setup_videos(struct slip *s, const struct order *o,
			 const struct product *products)
{
	char caption[256];
	size_t i, j;

	for (i = 0; products != NULL && i < o->nlines; i++) {
		const char *url = products[i].setup_video_url;

		if (url[0] == '\0')
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(products[j].setup_video_url, url) == 0)
				break;
		if (j < i)
			continue;
		slip_feed(s, 1);
		snprintf(caption, sizeof caption,
			 "Set up your %s: scan for a short video",
			 products[i].name[0] ? products[i].name
					     : o->lines[i].name);
		slip_text(s, caption, 0, SLIP_CENTER);
		slip_qr(s, url, QR_MODULE);
	}
}

struct url_vars {
	const struct order *o;
};

static const char *url_var(const char *name, void *arg)
{
	const struct order *o = ((struct url_vars *)arg)->o;

	if (strcmp(name, "order") == 0)
		return o->name[0] == '#' ? o->name + 1 : o->name;
	if (strcmp(name, "order_name") == 0)
		return o->name;
	if (strcmp(name, "zip") == 0)
		return o->ship_zip;
	if (strcmp(name, "email") == 0)
		return o->email;
	return NULL;
}

static void returns(struct slip *s, const struct order *o,
		    const struct slip_shop *shop)
{
	struct url_vars vars = {o};
	struct strbuf sb;
	char line[256];

	slip_rule(s, '-');
	slip_text(s, "RETURNS & EXCHANGES", SLIP_BOLD, SLIP_CENTER);
	if (shop->returns_days > 0) {
		snprintf(line, sizeof line,
			 "Changed your mind? Return unused items within %d "
			 "days of delivery for a full refund.",
			 shop->returns_days);
		slip_text(s, line, 0, SLIP_LEFT);
	}
	if (shop->exchange_bonus > 0) {
		snprintf(line, sizeof line,
			 "Prefer an exchange? We add %d%% extra store credit "
			 "and ship it free.",
			 shop->exchange_bonus);
		slip_text(s, line, 0, SLIP_LEFT);
	}
	if (shop->returns_url == NULL || shop->returns_url[0] == '\0')
		return;
	snprintf(line, sizeof line,
		 "Scan to start a return or exchange; order %s is already "
		 "filled in.",
		 o->name);
	slip_text(s, line, 0, SLIP_LEFT);
	strbuf_init(&sb, 2048);
	if (url_expand(&sb, shop->returns_url, url_var, &vars) != 0)
		s->failed = 1;
	else
		slip_qr(s, strbuf_str(&sb), QR_MODULE);
	strbuf_cleanup(&sb);
}

int slip_default_build(struct slip *s, const struct order *o,
		       const struct product *products,
		       const struct slip_shop *shop, struct err *err)
{
	header(s, o, shop);
	ship_to(s, o);
	items(s, o);
	setup_videos(s, o, products);
	returns(s, o, shop);
	if (shop->thanks != NULL && shop->thanks[0] != '\0') {
		slip_rule(s, '-');
		slip_text(s, shop->thanks, 0, SLIP_CENTER);
	}
	slip_cut(s);
	return slip_check(s, err);
}
