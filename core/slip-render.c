#include "slip-render.h"

#include "label.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locale.h"
#include "template.h"

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

/* The recommended product, unless it is already in the box. */
static int related_load(struct store *store, const struct config *cfg,
			const struct order *o, struct product *rel,
			struct err *err)
{
	size_t i;
	int rc;

	if (cfg->related_sku[0] == '\0')
		return 0;
	for (i = 0; i < o->nlines; i++)
		if (strcmp(o->lines[i].sku, cfg->related_sku) == 0)
			return 0;
	rc = store_product_get(store, cfg->related_sku, rel, err);
	return rc < 0 ? ERR_FAIL : rc > 0 && rel->name[0] != '\0';
}

/* The slip's language and en to fall back on: the shop's locales
 * (template_dir/locales) first, then the installed ones. */
static int locales_load(const struct config *cfg, const struct order *o,
			struct locale *strings, struct locale *en,
			struct err *err)
{
	const char *name = locale_for_country(o->ship_country, cfg->locale);
	char dirs[3 * CONFIG_STR_MAX];
	struct err ignored;

	snprintf(dirs, sizeof dirs, "%s%s%s", cfg->template_dir,
		 cfg->template_dir[0] ? "/locales:" : "",
		 locale_default_dirs());
	if (locale_load(en, dirs, "en", err) != 0)
		return ERR_FAIL;
	/* A missing or broken translation must not stop the slip: it
	 * prints in en (the preview shows it). */
	err_clear(&ignored);
	if (strcmp(name, "en") != 0 &&
	    locale_load(strings, dirs, name, &ignored) != 0)
		locale_free(strings);
	return 0;
}

/* One station prints with one template: kept between slips, reloaded when
 * the shop edits it, the last good version kept when an edit is broken. */
static struct template_cache slip_cache, label_cache;

const char *slip_render_notice(void)
{
	const char *n = template_cache_notice(&slip_cache);

	return n[0] != '\0' ? n : template_cache_notice(&label_cache);
}

static int build(const struct config *cfg, const struct profile *p,
		 const struct template_data *d, struct slip *slip,
		 struct err *err)
{
	int label = p->language != PROFILE_ESCPOS;
	const char *name = label ? cfg->label_template : cfg->slip_template;
	const struct template *t;
	char path[2048];

	/* A profile may name the template its media needs (a 2x1 label). */
	if (p->template_name[0] != '\0')
		name = p->template_name;
	if (template_find(cfg->template_dir, name, path, sizeof path, err) != 0)
		return ERR_FAIL;
	t = template_cache_get(label ? &label_cache : &slip_cache, path, err);
	if (t == NULL)
		return ERR_FAIL;
	return template_render(t, d, slip, err);
}

int slip_render_build(struct store *store, const struct config *cfg,
		      const struct order *o, const struct profile *p,
		      struct slip *slip, struct err *err)
{
	struct product *products = NULL, rel;
	struct locale strings, en;
	struct template_data d = {
		.order = o,
		.cfg = cfg,
		/* Label printers have no columns of their own: the layout's
		 * body cell is 14 dots wide (label-layout.c). */
		.columns = p->columns > 0 ? p->columns : p->width_dots / 14,
		.dots = p->width_dots,
	};
	int rc, has_rel;

	if (products_load(store, o, &products, err) != 0)
		return ERR_FAIL;
	product_init(&rel);
	locale_init(&strings);
	locale_init(&en);
	slip_reset(slip);
	has_rel = related_load(store, cfg, o, &rel, err);
	rc = has_rel < 0 ? ERR_FAIL : locales_load(cfg, o, &strings, &en, err);
	if (rc == 0) {
		d.products = products;
		d.related = has_rel > 0 ? &rel : NULL;
		d.strings = strings.n > 0 ? &strings : &en;
		d.fallback = &en;
		rc = build(cfg, p, &d, slip, err);
	}
	locale_free(&strings);
	locale_free(&en);
	product_cleanup(&rel);
	products_free(products, o->nlines);
	return rc;
}

int slip_render_order(struct store *store, const struct config *cfg,
		      const struct order *o, const struct profile *p,
		      struct slip *slip, struct strbuf *out, struct err *err)
{
	int rc = slip_render_build(store, cfg, o, p, slip, err);

	if (rc == 0)
		rc = label_encode(slip, p, out, err);
	return rc;
}
