#include "slip-render.h"

#include <stdlib.h>

#include "slip-default.h"

static void products_free(struct product *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		product_cleanup(&p[i]);
	free(p);
}

static int products_load(struct store *store, const struct order *o,
			 struct product **out, struct err *err)
{
	struct product *p = calloc(o->nlines ? o->nlines : 1, sizeof *p);
	size_t i;

	if (p == NULL)
		return err_set(err, "out of memory");
	for (i = 0; i < o->nlines; i++) {
		product_init(&p[i]);
		if (o->lines[i].sku[0] != '\0' &&
		    store_product_get(store, o->lines[i].sku, &p[i], err) < 0) {
			products_free(p, i + 1);
			return ERR_FAIL;
		}
	}
	*out = p;
	return 0;
}

int slip_render_order(struct store *store, const struct config *cfg,
		      const struct order *o, const struct escpos_paper *paper,
		      struct slip *slip, struct strbuf *out, struct err *err)
{
	struct slip_shop shop = {
		.name = cfg->shop_name,
		.returns_url = cfg->returns_url,
		.returns_days = cfg->returns_days,
		.exchange_bonus = cfg->exchange_bonus,
		.thanks = cfg->thanks,
	};
	struct product *products = NULL;
	int rc;

	if (products_load(store, o, &products, err) != 0)
		return ERR_FAIL;
	slip_reset(slip);
	rc = slip_default_build(slip, o, products, &shop, err);
	if (rc == 0)
		rc = escpos_encode(slip, paper, out, err);
	products_free(products, o->nlines);
	return rc;
}
