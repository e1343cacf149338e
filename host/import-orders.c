/* Shopify order export: one row per line item, grouped into orders by Name. */
#include "import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "err.h"

#define NONE SIZE_MAX
/* Room for the column of every entry of order_fields. */
#define MAX_ORDER_FIELDS 64

void order_list_init(struct order_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void order_list_cleanup(struct order_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		order_cleanup(&l->v[i]);
	free(l->v);
	order_list_init(l);
}

/* The line-item columns; order-level ones come from order_fields. */
enum { COL_QUANTITY, COL_LINE_NAME, COL_SKU, COL_PRICE, NLINECOLS };
static const char *const line_columns[NLINECOLS] = {
	"Lineitem quantity",
	"Lineitem name",
	"Lineitem sku",
	"Lineitem price",
};

struct parser {
	struct csv_reader *csv;
	struct import_report rep;
	struct order_list *out;
	struct import_index names;
	size_t last; /* the order of the previous row: rows usually group */
	size_t nheader;
	size_t name_col;
	size_t col[MAX_ORDER_FIELDS]; /* by order_fields, NONE if absent */
	size_t line_col[NLINECOLS];
};

/* Shopify protects leading zeros of zips and phones with an apostrophe so
 * that spreadsheets keep them as text. */
static int strips_apostrophe(const struct order_field *f)
{
	size_t n = strlen(f->key);

	return (n >= 4 && strcmp(f->key + n - 4, "_zip") == 0) ||
	       (n >= 6 && strcmp(f->key + n - 6, "_phone") == 0);
}

static int is_name_field(const struct order_field *f)
{
	return f->offset == offsetof(struct order, name);
}

static int find_name_field(void)
{
	size_t k;

	for (k = 0; k < order_nfields; k++)
		if (is_name_field(&order_fields[k]))
			return (int)k;
	return -1;
}

/* Returns the number of header errors, or -1 when the error cap was hit. */
static int map_header(struct parser *p)
{
	static const size_t required[] = {COL_QUANTITY, COL_LINE_NAME};
	unsigned long line = csv_line(p->csv);
	char q[80];
	size_t i, j, k, *slot;
	const char *h;
	int n = 0;

	p->nheader = csv_nfields(p->csv);
	for (k = 0; k < order_nfields; k++)
		p->col[k] = NONE;
	for (k = 0; k < NLINECOLS; k++)
		p->line_col[k] = NONE;
	for (i = 0; i < p->nheader; i++) {
		h = csv_field(p->csv, i);
		slot = NULL;
		for (k = 0; k < order_nfields && slot == NULL; k++)
			if (strcmp(h, order_fields[k].column) == 0)
				slot = &p->col[k];
		for (k = 0; k < NLINECOLS && slot == NULL; k++)
			if (strcmp(h, line_columns[k]) == 0)
				slot = &p->line_col[k];
		if (slot == NULL)
			continue;
		if (*slot != NONE) {
			n++;
			if (import_error(&p->rep, line,
					 "duplicate column %s (columns %zu and "
					 "%zu)",
					 csv_quote(q, sizeof q, h), *slot + 1,
					 i + 1) != 0)
				return -1;
			continue;
		}
		*slot = i;
	}
	k = (size_t)find_name_field();
	p->name_col = p->col[k];
	if (p->name_col == NONE) {
		n++;
		if (import_error(&p->rep, line, "missing column \"%s\"",
				 order_fields[k].column) != 0)
			return -1;
	}
	for (j = 0; j < sizeof required / sizeof required[0]; j++) {
		if (p->line_col[required[j]] != NONE)
			continue;
		n++;
		if (import_error(&p->rep, line, "missing column \"%s\"",
				 line_columns[required[j]]) != 0)
			return -1;
	}
	return n;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* Why s is not a line item quantity, or NULL with *quantity set. */
static const char *quantity_problem(const char *s, int *quantity)
{
	const char *d = s[0] == '-' ? s + 1 : s;
	unsigned long v = 0;
	size_t i;

	for (i = 0; d[i] >= '0' && d[i] <= '9'; i++)
		if (v <= IMPORT_MAX_QUANTITY) /* and so never overflows */
			v = v * 10 + (unsigned long)(d[i] - '0');
	if (i == 0 || d[i] != '\0')
		return "is not a whole number";
	if (d != s || v == 0)
		return "is less than 1";
	if (v > IMPORT_MAX_QUANTITY)
		return "is more than " STR(IMPORT_MAX_QUANTITY);
	*quantity = (int)v;
	return NULL;
}

/* Finds the order called name or appends it. Returns 0, -1 when parsing
 * must stop (too many orders), -2 when out of memory. */
static int find_order(struct parser *p, const char *name, struct order **o)
{
	struct order_list *l = p->out;
	struct order *v;
	size_t i, cap;

	if (p->last < l->n && strcmp(l->v[p->last].name, name) == 0) {
		*o = &l->v[p->last];
		return 0;
	}
	if (import_index_find(&p->names, name, &i)) {
		p->last = i;
		*o = &l->v[i];
		return 0;
	}
	if (l->n >= IMPORT_MAX_ORDERS) {
		/* Stops here: every further order would say the same. */
		import_error(&p->rep, csv_line(p->csv),
			     "more than %d orders in one file",
			     IMPORT_MAX_ORDERS);
		return -1;
	}
	if (l->n == l->cap) {
		cap = l->cap != 0 ? l->cap * 2 : 64;
		v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -2;
		l->v = v;
		l->cap = cap;
	}
	order_init(&l->v[l->n]);
	l->n++;
	if (order_set(&l->v[l->n - 1].name, name) != 0 ||
	    import_index_add(&p->names, l->v[l->n - 1].name, l->n - 1) != 0)
		return -2;
	p->last = l->n - 1;
	*o = &l->v[l->n - 1];
	return 0;
}

/* Returns 0 (errors in the row are reported and counted), -1 when the
 * error cap was hit, -2 when out of memory. */
static int parse_row(struct parser *p)
{
	unsigned long line = csv_line(p->csv);
	const char *name, *v, *sku, *line_name, *why;
	const struct order_field *f;
	struct order *o;
	int quantity = 0, rc;
	char **field;
	char q[80];
	size_t k;

	if (csv_nfields(p->csv) != p->nheader)
		return import_error(&p->rep, line,
				    "%zu fields, but the header has %zu",
				    csv_nfields(p->csv), p->nheader);
	name = csv_field(p->csv, p->name_col);
	if (name[0] == '\0')
		return import_error(&p->rep, line, "empty Name");
	rc = find_order(p, name, &o);
	if (rc != 0)
		return rc;

	/* Order-level fields come on the order's first row only, so a blank
	 * never overwrites, and the first value wins. */
	for (k = 0; k < order_nfields; k++) {
		f = &order_fields[k];
		v = csv_field(p->csv, p->col[k]);
		if (is_name_field(f) || v[0] == '\0')
			continue;
		if (v[0] == '\'' && strips_apostrophe(f))
			v++;
		field = order_field_ptr(o, f);
		if (v[0] == '\0' || (*field)[0] != '\0')
			continue;
		if (order_set(field, v) != 0)
			return -2;
	}

	v = csv_field(p->csv, p->line_col[COL_QUANTITY]);
	why = quantity_problem(v, &quantity);
	if (v[0] == '\0')
		rc = import_error(&p->rep, line, "Lineitem quantity is empty");
	else if (why != NULL)
		rc = import_error(&p->rep, line, "Lineitem quantity %s %s",
				  csv_quote(q, sizeof q, v), why);
	if (rc != 0)
		return rc;
	sku = csv_field(p->csv, p->line_col[COL_SKU]);
	line_name = csv_field(p->csv, p->line_col[COL_LINE_NAME]);
	if (sku[0] == '\0' && line_name[0] == '\0')
		return import_error(&p->rep, line,
				    "line item has neither Lineitem name nor "
				    "Lineitem sku");
	if (why != NULL)
		return 0;
	if (o->nlines >= IMPORT_MAX_LINES)
		return import_error(&p->rep, line,
				    "order %s has more than %d line items",
				    csv_quote(q, sizeof q, o->name),
				    IMPORT_MAX_LINES);
	if (order_add_line(o, quantity, sku, line_name,
			   csv_field(p->csv, p->line_col[COL_PRICE])) != 0)
		return -2;
	return 0;
}

int import_orders_parse(FILE *in, const char *filename, struct order_list *out,
			FILE *errs)
{
	struct parser p;
	struct err e;
	size_t i;
	int rc;

	memset(&p, 0, sizeof p);
	p.rep.filename = filename;
	p.rep.errs = errs;
	p.out = out;
	p.last = NONE;
	import_index_init(&p.names);
	err_clear(&e);

	/* A programming error, caught by every test run. */
	if (order_nfields > MAX_ORDER_FIELDS || find_name_field() < 0) {
		fprintf(errs, "%s: order_fields does not fit the importer\n",
			filename);
		return -1;
	}

	p.csv = csv_new(in, CSV_UTF8 | CSV_TRIM, NULL);
	if (p.csv == NULL) {
		err_set(&e, "out of memory");
		goto out;
	}
	/* Orders already in out can be added to, not duplicated. */
	for (i = 0; i < out->n; i++) {
		if (import_index_add(&p.names, out->v[i].name, i) != 0) {
			err_set(&e, "out of memory");
			goto out;
		}
	}

	rc = csv_read(p.csv, &e);
	if (rc == CSV_EOF) {
		import_error(&p.rep, csv_line(p.csv), "no header");
		goto out;
	}
	if (rc == CSV_BAD) {
		import_error(&p.rep, csv_error_line(p.csv), "%s",
			     csv_error(p.csv));
		goto out;
	}
	if (rc == ERR_FAIL)
		goto out;
	/* Rows mean nothing without their columns. */
	if (map_header(&p) != 0)
		goto out;

	for (;;) {
		rc = csv_read(p.csv, &e);
		if (rc == CSV_EOF || rc == ERR_FAIL)
			break;
		if (rc == CSV_BAD)
			rc = import_error(&p.rep, csv_error_line(p.csv), "%s",
					  csv_error(p.csv));
		else
			rc = parse_row(&p);
		if (rc == -2)
			err_set(&e, "out of memory");
		if (rc < 0) /* out of memory or the error cap */
			break;
	}
out:
	csv_free(p.csv);
	import_index_cleanup(&p.names);
	if (err_isset(&e)) {
		fprintf(errs, "%s: %s\n", filename, e.msg);
		return -1;
	}
	return p.rep.nerrors;
}
