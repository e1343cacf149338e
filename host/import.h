/* The parsing half of `packctl import`: a CSV file in, a list of orders or
 * products out, nothing stored. Every problem of the file is written to errs
 * as one `FILE:LINE: reason` line, so the operator fixes them all in one go;
 * the caller stores the result only when no error was found. */
#ifndef PACKDESK_IMPORT_H
#define PACKDESK_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "order.h"

/* Errors written for one file before giving up on it. */
#define IMPORT_MAX_ERRORS 100
/* Ceilings on what one file may hold. */
#define IMPORT_MAX_ORDERS 200000
#define IMPORT_MAX_LINES 1000 /* line items of one order */
#define IMPORT_MAX_QUANTITY 100000
#define IMPORT_MAX_PRODUCTS 200000

struct order_list {
	struct order *v;
	size_t n;
	size_t cap;
};

struct product_list {
	struct product *v;
	size_t n;
	size_t cap;
};

void order_list_init(struct order_list *l);
void order_list_cleanup(struct order_list *l);
void product_list_init(struct product_list *l);
void product_list_cleanup(struct product_list *l);

/* Parses a Shopify order export (one row per line item, see reference.md
 * section 6) into out, in the order each Name first appears; filename is
 * only used in messages. Returns the number of errors written to errs
 * (0: the file is good), or -1 when reading failed or memory ran out
 * (also reported on errs). out may hold a partial result whatever the
 * outcome; order_list_cleanup frees it. */
int import_orders_parse(FILE *in, const char *filename, struct order_list *out,
			FILE *errs);

/* Parses a product list with at least the columns sku, name, barcode and
 * setup_video_url (matched ignoring case; others ignored). Returns as
 * import_orders_parse. */
int import_products_parse(FILE *in, const char *filename,
			  struct product_list *out, FILE *errs);

/* Internals shared by import-orders.c and import-products.c (defined in
 * import-orders.c). */

/* Counts errors and stops writing them past IMPORT_MAX_ERRORS. */
struct import_report {
	const char *filename;
	FILE *errs;
	int nerrors;
};

/* Writes `FILE:LINE: reason`; returns -1 once IMPORT_MAX_ERRORS errors were
 * written (the parser should stop), else 0. */
int import_error(struct import_report *rep, unsigned long line,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A hash from a string (owned elsewhere, must outlive the index) to an
 * index into a list, for order names and SKUs. */
struct import_index {
	struct import_slot {
		const char *key;
		size_t value;
	} *slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

void import_index_init(struct import_index *ix);
void import_index_cleanup(struct import_index *ix);
/* 1 and *value set when key is present, else 0. */
int import_index_find(const struct import_index *ix, const char *key,
		      size_t *value);
/* Adds a key not yet present; -1 when out of memory. */
int import_index_add(struct import_index *ix, const char *key, size_t value);

#endif
