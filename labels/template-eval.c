/* The template evaluator: walks the parsed tree with one order's data and
 * appends slip blocks. Order text is untrusted: it is stripped of control
 * characters here and sanitised again by the slip builders. */
#include "template-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "url.h"

#define QR_MODULE 6	 /* dots: a 33-module code is 25 mm wide */
#define CELL_MARK '\x1f' /* a '|' of the template, never from data */
#define VAL_MAX 2048

/* Placeholders beyond the order's own fields. */
enum tpl_var {
	V_ORDER_NUMBER,
	V_DATE,
	V_CITY_LINE,
	V_DISCOUNT,
	V_SHOP_NAME,
	V_THANKS,
	V_RETURN_DAYS,
	V_EXCHANGE_BONUS,
	V_FREE_RETURNS,
	V_REFERRAL_CODE,
	V_REFERRAL_OFFER,
	V_CARRIER,
	V_TRACKING,
	V_LOCALE,
	V_PAPER_COLUMNS,
	V_NARROW,
	V_HAS_VIDEOS,
	V_ITEM_COUNT,
	V_RELATED_NAME,
	V_RELATED_SKU,
	V_RELATED_TEXT,
	V_RETURNS_URL,
	V_PORTAL_URL,
	V_CSAT_URL,
	V_COMMUNITY_URL,
	V_RELATED_URL,
	/* inside {{#each}} */
	V_QTY,
	V_SKU,
	V_NAME,
	V_PRICE,
	V_AMOUNT,
	V_PRODUCT_NAME,
	V_BARCODE,
	V_SETUP_VIDEO_URL,
};

static const struct {
	const char *name;
	int flags;
} vars[] = {
    [V_ORDER_NUMBER] = {"order_number", 0},
    [V_DATE] = {"date", 0},
    [V_CITY_LINE] = {"city_line", 0},
    [V_DISCOUNT] = {"discount", 0},
    [V_SHOP_NAME] = {"shop_name", 0},
    [V_THANKS] = {"thanks", 0},
    [V_RETURN_DAYS] = {"return_days", 0},
    [V_EXCHANGE_BONUS] = {"exchange_bonus", 0},
    [V_FREE_RETURNS] = {"free_returns", 0},
    [V_REFERRAL_CODE] = {"referral_code", 0},
    [V_REFERRAL_OFFER] = {"referral_offer", 0},
    [V_CARRIER] = {"carrier", 0},
    [V_TRACKING] = {"tracking_number", 0},
    [V_LOCALE] = {"locale", 0},
    [V_PAPER_COLUMNS] = {"paper_columns", 0},
    [V_NARROW] = {"narrow", 0},
    [V_HAS_VIDEOS] = {"has_videos", 0},
    [V_ITEM_COUNT] = {"item_count", 0},
    [V_RELATED_NAME] = {"related_name", 0},
    [V_RELATED_SKU] = {"related_sku", 0},
    [V_RELATED_TEXT] = {"related_text", 0},
    [V_RETURNS_URL] = {"returns_url", TPL_VAR_URL},
    [V_PORTAL_URL] = {"portal_url", TPL_VAR_URL},
    [V_CSAT_URL] = {"csat_url", TPL_VAR_URL},
    [V_COMMUNITY_URL] = {"community_url", TPL_VAR_URL},
    [V_RELATED_URL] = {"related_url", TPL_VAR_URL},
    [V_QTY] = {"qty", TPL_VAR_LOOP},
    [V_SKU] = {"sku", TPL_VAR_LOOP},
    [V_NAME] = {"name", TPL_VAR_LOOP},
    [V_PRICE] = {"price", TPL_VAR_LOOP},
    [V_AMOUNT] = {"amount", TPL_VAR_LOOP},
    [V_PRODUCT_NAME] = {"product_name", TPL_VAR_LOOP},
    [V_BARCODE] = {"barcode", TPL_VAR_LOOP},
    [V_SETUP_VIDEO_URL] = {"setup_video_url", TPL_VAR_LOOP | TPL_VAR_URL},
};
#define NVARS (sizeof vars / sizeof vars[0])
#define VAR_BASE 1000 /* ids of vars[]; below are order fields */

int tpl_var_find(const char *name, int in_loop, int *flags)
{
	size_t i;

	*flags = 0;
	/* In a loop, {{name}} is the line's, not the order's "name" key. */
	for (i = 0; in_loop && i < NVARS; i++)
		if ((vars[i].flags & TPL_VAR_LOOP) &&
		    strcmp(name, vars[i].name) == 0) {
			*flags = vars[i].flags;
			return VAR_BASE + (int)i;
		}
	for (i = 0; i < order_nfields; i++)
		if (strcmp(name, order_fields[i].column) == 0 ||
		    strcmp(name, order_fields[i].key) == 0)
			return (int)i;
	for (i = 0; i < NVARS; i++)
		if (strcmp(name, vars[i].name) == 0) {
			*flags = vars[i].flags;
			return VAR_BASE + (int)i;
		}
	return -1;
}

struct ev {
	const struct template_data *d;
	struct slip *out;
	struct err *err;
	struct strbuf line;
	size_t start_blocks;
	unsigned style;
	enum slip_align align;
	int indent, hang;
	int ncols;
	struct slip_cell cols[SLIP_MAX_CELLS];
	const struct order_line *l; /* the loop's item, or NULL */
	const struct product *p;
	int failed;
};

/* ---- values ---- */

/* Money as exported ("24.00") in cents, without floating point; -1 when
 * the price is not a plain decimal. */
static long long cents(const char *price)
{
	long long v = 0;
	int frac = -1;
	const char *s;

	if (*price == '\0')
		return -1;
	for (s = price; *s != '\0'; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
		} else if (*s >= '0' && *s <= '9' && frac < 2 &&
			   v < 1000000000000LL) {
			v = v * 10 + (*s - '0');
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

static const char *order_number(const struct order *o)
{
	return o->name[0] == '#' ? o->name + 1 : o->name;
}

struct url_vars {
	const struct ev *e;
	const char *sku;
};

static const char *url_var(const char *name, void *arg)
{
	const struct url_vars *u = arg;
	const struct template_data *d = u->e->d;
	const struct order *o = d->order;

	if (strcmp(name, "order") == 0)
		return order_number(o);
	if (strcmp(name, "order_name") == 0)
		return o->name;
	if (strcmp(name, "zip") == 0)
		return o->ship_zip;
	if (strcmp(name, "email") == 0)
		return o->email;
	if (strcmp(name, "country") == 0)
		return o->ship_country;
	if (strcmp(name, "sku") == 0)
		return u->sku;
	if (strcmp(name, "code") == 0)
		return d->cfg->referral_code;
	if (strcmp(name, "locale") == 0)
		return d->strings != NULL ? d->strings->name : "en";
	return NULL;
}

static const char *url_value(const struct ev *e, const char *tmpl,
			     const char *sku, char *buf)
{
	struct url_vars u = {e, sku != NULL ? sku : ""};
	struct strbuf sb;

	buf[0] = '\0';
	if (tmpl[0] == '\0')
		return buf;
	strbuf_init(&sb, VAL_MAX - 1);
	if (url_expand(&sb, tmpl, url_var, &u) == 0)
		snprintf(buf, VAL_MAX, "%s", strbuf_str(&sb));
	strbuf_cleanup(&sb);
	return buf;
}

static const char *num(char *buf, int v, int show)
{
	if (show)
		snprintf(buf, VAL_MAX, "%d", v);
	else
		buf[0] = '\0';
	return buf;
}

static int has_videos(const struct template_data *d)
{
	size_t i;

	for (i = 0; d->products != NULL && i < d->order->nlines; i++)
		if (d->products[i].setup_video_url[0] != '\0')
			return 1;
	return 0;
}

static const char *city_line(const struct order *o, char *buf)
{
	snprintf(buf, VAL_MAX, "%s%s%s%s%s", o->ship_city,
		 o->ship_city[0] && o->ship_province[0] ? ", " : "",
		 o->ship_province,
		 (o->ship_city[0] || o->ship_province[0]) && o->ship_zip[0]
		     ? " "
		     : "",
		 o->ship_zip);
	return buf;
}

static const char *line_value(const struct ev *e, int v, char *buf)
{
	const struct order_line *l = e->l;
	long long c;

	if (l == NULL)
		return "";
	switch (v) {
	case V_QTY:
		return num(buf, l->quantity, 1);
	case V_SKU:
		return l->sku;
	case V_NAME:
		return l->name;
	case V_PRICE:
		return l->price;
	case V_AMOUNT:
		c = cents(l->price);
		if (c < 0 || l->quantity < 0 || l->quantity > 1000000)
			return "";
		c *= l->quantity;
		snprintf(buf, VAL_MAX, "%lld.%02lld", c / 100, c % 100);
		return buf;
	case V_PRODUCT_NAME:
		return e->p != NULL && e->p->name[0] ? e->p->name : l->name;
	case V_BARCODE:
		return e->p != NULL ? e->p->barcode : "";
	case V_SETUP_VIDEO_URL:
		return e->p != NULL
			   ? url_value(e, e->p->setup_video_url, l->sku, buf)
			   : "";
	}
	return "";
}

static const char *var_value(const struct ev *e, int id, char *buf)
{
	const struct template_data *d = e->d;
	const struct config *c = d->cfg;
	const struct order *o = d->order;
	const struct product *r = d->related;
	int v = id - VAR_BASE;
	long long n;
	size_t i;

	if (id >= 0 && (size_t)id < order_nfields)
		return order_field_get(o, &order_fields[id]);
	switch (v) {
	case V_ORDER_NUMBER:
		return order_number(o);
	case V_DATE:
		/* "2025-10-07 09:50:26 +0200" -> "2025-10-07", counted after
		 * control bytes are gone so that they cannot shift it. */
		text_sanitize_into(buf, VAL_MAX, o->created_at);
		if (strlen(buf) > 10)
			buf[10] = '\0';
		return buf;
	case V_CITY_LINE:
		return city_line(o, buf);
	case V_DISCOUNT:
		return cents(o->discount_amount) > 0 ? o->discount_amount : "";
	case V_SHOP_NAME:
		return c->shop_name;
	case V_THANKS:
		return c->thanks;
	case V_RETURN_DAYS:
		return num(buf, c->returns_days, c->returns_days > 0);
	case V_EXCHANGE_BONUS:
		return num(buf, c->exchange_bonus, c->exchange_bonus > 0);
	case V_FREE_RETURNS:
		return c->free_returns ? "yes" : "";
	case V_REFERRAL_CODE:
		return c->referral_code;
	case V_REFERRAL_OFFER:
		return c->referral_offer;
	case V_CARRIER:
		return o->shipping_method;
	case V_TRACKING:
		return ""; /* the order model carries no tracking number yet */
	case V_LOCALE:
		return d->strings != NULL ? d->strings->name : "en";
	case V_PAPER_COLUMNS:
		return num(buf, d->columns, 1);
	case V_NARROW:
		return d->columns < 40 ? "yes" : "";
	case V_HAS_VIDEOS:
		return has_videos(d) ? "yes" : "";
	case V_ITEM_COUNT:
		for (n = 0, i = 0; i < o->nlines && n < 1000000000; i++)
			n += o->lines[i].quantity;
		return num(buf, (int)n, 1);
	case V_RELATED_NAME:
		return r != NULL ? r->name : "";
	case V_RELATED_SKU:
		return r != NULL ? r->sku : "";
	case V_RELATED_TEXT:
		return r != NULL ? c->related_text : "";
	case V_RETURNS_URL:
		return url_value(e, c->returns_url, NULL, buf);
	case V_PORTAL_URL:
		return url_value(e, c->portal_url, NULL, buf);
	case V_CSAT_URL:
		return url_value(e, c->csat_url, NULL, buf);
	case V_COMMUNITY_URL:
		return url_value(e, c->community_url, NULL, buf);
	case V_RELATED_URL:
		return r != NULL ? url_value(e, c->related_url, r->sku, buf)
				 : "";
	default:
		return line_value(e, v, buf);
	}
}

static int truthy(const char *s)
{
	return s[0] != '\0' && strcmp(s, "0") != 0 && strcmp(s, "no") != 0 &&
	       strcmp(s, "false") != 0;
}

/* Appends data to the line sanitised as everywhere else (core/text.c):
 * control characters, CELL_MARK among them, are dropped and line breaks
 * become spaces, so a field can neither split cells nor reach the printer
 * raw. */
static void put_value(struct ev *e, const char *s)
{
	if (text_sanitize(&e->line, s) != 0)
		e->failed = 1;
}

/* {{t key}}: the locale's text, each {name} in it filled in. */
static void put_text(struct ev *e, const char *key)
{
	const char *s = locale_get(e->d->strings, key), *end;
	char name[TEMPLATE_MAX_NAME + 1], buf[VAL_MAX];
	int id, flags;

	if (s == NULL)
		s = locale_get(e->d->fallback, key);
	if (s == NULL)
		s = key; /* a missing string shows where it belongs */
	for (; *s != '\0'; s++) {
		end = *s == '{' ? strchr(s, '}') : NULL;
		if (end != NULL && (size_t)(end - s - 1) <= TEMPLATE_MAX_NAME) {
			snprintf(name, sizeof name, "%.*s", (int)(end - s - 1),
				 s + 1);
			id = tpl_var_find(name, e->l != NULL, &flags);
			if (id >= 0 && (!(flags & TPL_VAR_LOOP) || e->l)) {
				put_value(e, var_value(e, id, buf));
				s = end;
				continue;
			}
		}
		if (strbuf_addc(&e->line, (unsigned char)*s < 0x20 ? ' ' : *s))
			e->failed = 1;
	}
}

/* ---- blocks ---- */

static void trim(char **s)
{
	char *end;

	while (**s == ' ')
		(*s)++;
	end = *s + strlen(*s);
	while (end > *s && end[-1] == ' ')
		*--end = '\0';
}

/* The end of a text line: the buffered line becomes a block, unless it
 * came out empty. */
static void end_line(struct ev *e)
{
	struct slip_cell cells[SLIP_MAX_CELLS];
	char *cell[SLIP_MAX_CELLS], *s, *mark;
	int n = 0, i, empty = 1;
	struct slip_block *b;

	if (e->line.len == 0)
		return;
	s = e->line.buf;
	while (n < SLIP_MAX_CELLS) {
		mark = n + 1 < SLIP_MAX_CELLS ? strchr(s, CELL_MARK) : NULL;
		if (mark != NULL)
			*mark = '\0';
		cell[n] = s;
		trim(&cell[n]);
		empty &= cell[n][0] == '\0';
		n++;
		if (mark == NULL)
			break;
		s = mark + 1;
	}
	for (s = cell[n - 1]; (s = strchr(s, CELL_MARK)) != NULL;)
		*s = ' '; /* surplus cells join the last */
	if (!empty && e->ncols > 0) {
		for (i = 0; i < e->ncols; i++) {
			cells[i] = e->cols[i];
			cells[i].text = i < n ? cell[i] : "";
		}
		slip_columns(e->out, cells, e->ncols, e->style);
	} else if (!empty && n >= 2) {
		b = slip_row(e->out, cell[0], cell[n - 1], e->style);
		if (b != NULL)
			b->align = e->align;
	} else if (!empty) {
		b = slip_text(e->out, cell[0], e->style, e->align);
		if (b != NULL) {
			b->indent = e->indent;
			b->hang = e->hang;
		}
	}
	strbuf_reset(&e->line);
}

static int eval_list(struct ev *e, const struct template_node *n);

/* A directive's argument as a string (in e->line, which is empty between
 * lines). */
static const char *dir_arg(struct ev *e, const struct template_node *d)
{
	strbuf_reset(&e->line);
	eval_list(e, d->body);
	return strbuf_str(&e->line);
}

/* The last block added, so a directive can give it the current alignment. */
static void align_last(struct ev *e, size_t before)
{
	if (e->out->nblocks > before)
		e->out->blocks[e->out->nblocks - 1].align = e->align;
}

static void logo(struct ev *e, const struct template_node *d)
{
	int w = d->num[0] > 0 ? e->d->dots * d->num[0] / 100 : d->logo.width;
	unsigned char *bits;
	size_t before = e->out->nblocks;
	int h;

	if (w > e->d->dots)
		w = e->d->dots;
	if (d->logo.pix == NULL || w <= 0 ||
	    dither_to_bits(&d->logo, w, &bits, &h, NULL) != 0)
		return;
	slip_image(e->out, bits, w, h);
	free(bits);
	align_last(e, before);
}

static void style(struct ev *e, unsigned bits, int on)
{
	e->style = on ? e->style | bits : e->style & ~bits;
}

/* Returns 1 after @cut: nothing more prints. */
static int directive(struct ev *e, const struct template_node *d)
{
	size_t before = e->out->nblocks;
	const char *a;
	int i;

	end_line(e); /* text left open by a false {{#if}} mid-line */
	switch (d->dir) {
	case TD_LEFT:
	case TD_CENTER:
	case TD_RIGHT:
		e->align = d->dir == TD_LEFT	 ? SLIP_LEFT
			   : d->dir == TD_CENTER ? SLIP_CENTER
						 : SLIP_RIGHT;
		break;
	case TD_BOLD:
		style(e, SLIP_BOLD, d->num[0]);
		break;
	case TD_DOUBLE:
		style(e, SLIP_WIDE | SLIP_TALL, d->num[0]);
		break;
	case TD_WIDE:
		style(e, SLIP_WIDE, d->num[0]);
		break;
	case TD_TALL:
		style(e, SLIP_TALL, d->num[0]);
		break;
	case TD_UNDERLINE:
		style(e, SLIP_UNDERLINE, d->num[0]);
		break;
	case TD_INDENT:
		e->indent = d->num[0];
		break;
	case TD_HANG:
		e->hang = d->num[0];
		break;
	case TD_COLUMNS:
		e->ncols = d->n;
		for (i = 0; i < d->n; i++) {
			e->cols[i].width_pct = d->num[i];
			e->cols[i].align = (enum slip_align)d->align[i];
			e->cols[i].text = "";
		}
		break;
	case TD_RULE:
		slip_rule(e->out, (char)d->num[0]);
		break;
	case TD_QR:
		if ((a = dir_arg(e, d))[0] != '\0')
			slip_qr(e->out, a, QR_MODULE);
		align_last(e, before);
		strbuf_reset(&e->line);
		break;
	case TD_CODE128:
		if ((a = dir_arg(e, d))[0] != '\0')
			slip_barcode(e->out, a);
		align_last(e, before);
		strbuf_reset(&e->line);
		break;
	case TD_LOGO:
		logo(e, d);
		break;
	case TD_FEED:
		slip_feed(e->out, d->num[0]);
		break;
	case TD_CUT:
		return 1;
	}
	return 0;
}

/* One product per distinct setup video: a customer who ordered two cups
 * needs one video, not two. */
static int first_video(const struct template_data *d, size_t i)
{
	const char *url = d->products[i].setup_video_url;
	size_t j;

	if (url[0] == '\0')
		return 0;
	for (j = 0; j < i; j++)
		if (strcmp(d->products[j].setup_video_url, url) == 0)
			return 0;
	return 1;
}

static int each(struct ev *e, const struct template_node *n)
{
	const struct order *o = e->d->order;
	size_t i;
	int rc = 0;

	for (i = 0; i < o->nlines && rc == 0; i++) {
		if (n->var == TL_VIDEOS &&
		    (e->d->products == NULL || !first_video(e->d, i)))
			continue;
		e->l = &o->lines[i];
		e->p = e->d->products != NULL ? &e->d->products[i] : NULL;
		rc = eval_list(e, n->body);
	}
	e->l = NULL;
	e->p = NULL;
	return rc;
}

static int eval_list(struct ev *e, const struct template_node *n)
{
	char buf[VAL_MAX];
	int rc = 0;

	for (; n != NULL && rc == 0; n = n->next) {
		if (e->out->nblocks - e->start_blocks > TEMPLATE_MAX_BLOCKS)
			e->failed = 1;
		if (e->failed)
			return -1;
		switch (n->kind) {
		case TN_LIT:
			if (strbuf_adds(&e->line, n->text) != 0)
				e->failed = 1;
			break;
		case TN_VAR:
			put_value(e, var_value(e, n->var, buf));
			break;
		case TN_T:
			put_text(e, n->text);
			break;
		case TN_SEP:
			if (strbuf_addc(&e->line, CELL_MARK) != 0)
				e->failed = 1;
			break;
		case TN_EOL:
			end_line(e);
			break;
		case TN_DIR:
			rc = directive(e, n);
			break;
		case TN_IF:
			rc = eval_list(e, truthy(var_value(e, n->var, buf)) !=
						  n->neg
					      ? n->body
					      : n->alt);
			break;
		case TN_EACH:
			rc = each(e, n);
			break;
		}
	}
	return rc;
}

int template_render(const struct template *t, const struct template_data *d,
		    struct slip *out, struct err *err)
{
	struct ev e;
	int rc;

	memset(&e, 0, sizeof e);
	e.d = d;
	e.out = out;
	e.err = err;
	e.start_blocks = out->nblocks;
	strbuf_init(&e.line, 16384);
	rc = eval_list(&e, t->root);
	if (rc == 0)
		end_line(&e);
	strbuf_cleanup(&e.line);
	if (e.failed || rc < 0)
		return err_set(err, "%s: slip too large to print", t->path);
	slip_cut(out);
	return slip_check(out, err);
}
