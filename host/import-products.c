/* Product list: sku, name, barcode, an optional setup video and an optional
 * pack_qty (units a case barcode counts) per row. The
 * file is often kept by hand in a spreadsheet, so headers match ignoring
 * case and extra columns are left alone. */
#include "import.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "err.h"

#define NONE SIZE_MAX

enum { COL_SKU, COL_NAME, COL_BARCODE, COL_VIDEO, COL_PACK_QTY, NCOLS };
/* Columns from NREQUIRED on are optional. */
#define NREQUIRED COL_PACK_QTY
static const char *const columns[NCOLS] = {
	"sku",
	"name",
	"barcode",
	"setup_video_url",
	"pack_qty",
};

struct parser {
	struct csv_reader *csv;
	struct import_report rep;
	struct product_list *out;
	struct import_index skus; /* sku -> line of its first row */
	size_t nheader;
	size_t col[NCOLS];
};

void product_list_init(struct product_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void product_list_cleanup(struct product_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		product_cleanup(&l->v[i]);
	free(l->v);
	product_list_init(l);
}

/* Returns the number of header errors, or -1 when the error cap was hit. */
static int map_header(struct parser *p)
{
	unsigned long line = csv_line(p->csv);
	const char *h;
	char q[80];
	size_t i, k;
	int n = 0;

	p->nheader = csv_nfields(p->csv);
	for (k = 0; k < NCOLS; k++)
		p->col[k] = NONE;
	for (i = 0; i < p->nheader; i++) {
		h = csv_field(p->csv, i);
		for (k = 0; k < NCOLS; k++)
			if (strcasecmp(h, columns[k]) == 0)
				break;
		if (k == NCOLS)
			continue;
		if (p->col[k] != NONE) {
			n++;
			if (import_error(&p->rep, line,
					 "duplicate column %s (columns %zu and "
					 "%zu)",
					 csv_quote(q, sizeof q, h),
					 p->col[k] + 1, i + 1) != 0)
				return -1;
			continue;
		}
		p->col[k] = i;
	}
	for (k = 0; k < NREQUIRED; k++) {
		if (p->col[k] != NONE)
			continue;
		n++;
		if (import_error(&p->rep, line, "missing column \"%s\"",
				 columns[k]) != 0)
			return -1;
	}
	return n;
}

/* A link the station opens on the packer's screen: only the web, and
 * nothing that could break out of an argument or a terminal line. */
static const char *url_problem(const char *u)
{
	const unsigned char *s;
	size_t scheme;

	if (strncasecmp(u, "https://", 8) == 0)
		scheme = 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		scheme = 7;
	else
		return "does not start with http:// or https://";
	for (s = (const unsigned char *)u; *s != '\0'; s++) {
		/* C1 controls are C2 80..C2 9F in UTF-8. */
		if (*s <= 0x20 || *s == 0x7F ||
		    (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F))
			return "contains a space or control character";
	}
	if (u[scheme] == '\0' || u[scheme] == '/')
		return "has no host";
	return NULL;
}

/* Returns 0 (errors in the row are reported and counted), -1 when the
 * error cap was hit, -2 when out of memory. */
static int parse_row(struct parser *p)
{
	unsigned long line = csv_line(p->csv);
	struct product_list *l = p->out;
	const char *sku, *url, *why, *pq;
	struct product *v, *pr;
	int pack_qty = 1;
	size_t first, cap;
	char q[80];

	if (csv_nfields(p->csv) != p->nheader)
		return import_error(&p->rep, line,
				    "%zu fields, but the header has %zu",
				    csv_nfields(p->csv), p->nheader);
	sku = csv_field(p->csv, p->col[COL_SKU]);
	url = csv_field(p->csv, p->col[COL_VIDEO]);
	if (sku[0] == '\0')
		return import_error(&p->rep, line, "empty sku");
	if (import_index_find(&p->skus, sku, &first))
		return import_error(&p->rep, line,
				    "duplicate sku %s (first on line %zu)",
				    csv_quote(q, sizeof q, sku), first);
	if (url[0] != '\0' && (why = url_problem(url)) != NULL)
		return import_error(&p->rep, line, "setup_video_url %s %s",
				    csv_quote(q, sizeof q, url), why);
	pq = p->col[COL_PACK_QTY] != NONE
		     ? csv_field(p->csv, p->col[COL_PACK_QTY])
		     : "";
	if (pq[0] != '\0') {
		char *end;
		long n;

		errno = 0;
		n = strtol(pq, &end, 10);
		if (errno != 0 || *end != '\0' || n < 1 || n > 10000)
			return import_error(&p->rep, line,
					    "pack_qty %s is not a whole number "
					    "from 1 to 10000",
					    csv_quote(q, sizeof q, pq));
		pack_qty = (int)n;
	}

	if (l->n >= IMPORT_MAX_PRODUCTS) {
		/* Stops here: every further row would say the same. */
		import_error(&p->rep, line, "more than %d products in one file",
			     IMPORT_MAX_PRODUCTS);
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
	pr = &l->v[l->n++];
	product_init(pr);
	pr->pack_qty = pack_qty;
	if (order_set(&pr->sku, sku) != 0 ||
	    order_set(&pr->name, csv_field(p->csv, p->col[COL_NAME])) != 0 ||
	    order_set(&pr->barcode, csv_field(p->csv, p->col[COL_BARCODE])) !=
		    0 ||
	    order_set(&pr->setup_video_url, url) != 0 ||
	    import_index_add(&p->skus, pr->sku, line) != 0)
		return -2;
	return 0;
}

int import_products_parse(FILE *in, const char *filename,
			  struct product_list *out, FILE *errs)
{
	struct parser p;
	struct err e;
	int rc;

	memset(&p, 0, sizeof p);
	p.rep.filename = filename;
	p.rep.errs = errs;
	p.out = out;
	import_index_init(&p.skus);
	err_clear(&e);

	p.csv = csv_new(in, CSV_UTF8 | CSV_TRIM, NULL);
	if (p.csv == NULL) {
		err_set(&e, "out of memory");
		goto out;
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
	import_index_cleanup(&p.skus);
	if (err_isset(&e)) {
		fprintf(errs, "%s: %s\n", filename, e.msg);
		return -1;
	}
	return p.rep.nerrors;
}
