/* bench-slip — how long one packing slip takes, measured on the canonical
 * benchmark slip (shared/bench/slip.json: Harbor & Pine order #10423 with
 * three items, a setup-video QR and a returns QR; copy i uses order id
 * 10000 + (423 + i) mod 90000 so nothing can be cached).
 *
 * usage: bench-slip [COPIES]   (default 20000)
 * Prints build+encode time per slip, bytes per slip, and the time of the
 * virtual printer's rendering of one slip to a bitmap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitmap.h"
#include "escpos-render.h"
#include "escpos.h"
#include "locale.h"
#include "template.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_order(struct order *o, int id)
{
	char name[16];

	order_init(o);
	snprintf(name, sizeof name, "#%d", id);
	order_set(&o->name, name);
	order_set(&o->created_at, "2025-03-14 10:12:00 -0700");
	order_set(&o->ship_name, "Mei-Ling Chen");
	order_set(&o->ship_address1, "1287 Alder Creek Road, Apt 4B");
	order_set(&o->ship_city, "Portland");
	order_set(&o->ship_province, "OR");
	order_set(&o->ship_zip, "97201");
	order_set(&o->ship_country, "United States");
	order_set(&o->total, "125.50");
	order_set(&o->currency, "USD");
	order_add_line(o, 1, "HP-KETTLE-01", "Harbor Kettle 1.2L", "59.00");
	order_add_line(o, 2, "HP-CUP-500", "\xe4\xbf\x9d\xe6\xba\xab\xe6\x9d\xaf 500ml",
		       "24.00");
	order_add_line(o, 1, "HP-TOTE-NAT", "Canvas Tote, Natural", "18.50");
}

int main(int argc, char **argv)
{
	int copies = argc > 1 ? atoi(argv[1]) : 20000, i;
	struct product p[3];
	struct profile prof;
	struct template tmpl;
	struct locale en;
	struct config cfg;
	struct template_data d;
	struct strbuf out;
	struct bitmap bm;
	struct slip s;
	struct order o;
	struct err err;
	size_t bytes = 0;
	double t0, t1, t2;

	err_clear(&err);
	for (i = 0; i < 3; i++)
		product_init(&p[i]);
	order_set(&p[0].name, "kettle");
	order_set(&p[0].setup_video_url,
		  "https://example.com/setup/HP-KETTLE-01?o=10423");
	slip_init(&s);
	strbuf_init(&out, 0);
	/* The 80 mm profile: CP437 first, no Chinese font, so the item
	 * 保溫杯 500ml goes out as a raster line. */
	escpos_paper_profile(&escpos_80mm, NULL, &prof);
	/* The station's path: the shipped template in English, the shop's
	 * content as in the canonical slip. Loaded once, as the station's
	 * template cache does. */
	config_defaults(&cfg);
	config_set(&cfg, "shop.name", "Harbor & Pine Outfitters", &err);
	config_set(&cfg, "shop.returns_url",
		   "https://example.com/returns?o={order}", &err);
	config_set(&cfg, "shop.exchange_bonus", "10", &err);
	config_set(&cfg, "content.csat_url", "https://example.com/csat", &err);
	locale_init(&en);
	if (locale_load(&en, "assets/locales", "en", &err) != 0 ||
	    template_load("labels/templates/slip.tmpl", &tmpl, stderr) != 0) {
		fprintf(stderr, "bench-slip: run from the source tree: %s\n",
			err.msg);
		return 1;
	}
	memset(&d, 0, sizeof d);
	d.products = p;
	d.cfg = &cfg;
	d.strings = d.fallback = &en;
	d.columns = prof.columns;
	d.dots = prof.width_dots;
	t0 = now();
	for (i = 0; i < copies; i++) {
		bench_order(&o, 10000 + (423 + i) % 90000);
		slip_reset(&s);
		strbuf_reset(&out);
		d.order = &o;
		if (template_render(&tmpl, &d, &s, &err) != 0 ||
		    escpos_encode(&s, &prof, &out, &err) != 0) {
			fprintf(stderr, "bench-slip: %s\n", err.msg);
			return 1;
		}
		bytes += out.len;
		order_cleanup(&o);
	}
	t1 = now();
	if (bitmap_init(&bm, 576, &err) != 0 ||
	    escpos_render((const unsigned char *)out.buf, out.len, &bm,
			  &err) != 0) {
		fprintf(stderr, "bench-slip: %s\n", err.msg);
		return 1;
	}
	t2 = now();
	printf("slip template render + ESC/POS encode: %.2f us/slip over %d copies, %zu bytes "
	       "ESC/POS each\n",
	       (t1 - t0) * 1e6 / copies, copies, bytes / (size_t)copies);
	printf("virtual printer render: %.2f ms/slip (576 x %d dots)\n",
	       (t2 - t1) * 1e3, bm.height);
	bitmap_cleanup(&bm);
	template_free(&tmpl);
	locale_free(&en);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
	for (i = 0; i < 3; i++)
		product_cleanup(&p[i]);
	return 0;
}
