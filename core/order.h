/* The order model shared by import, store, slip and station. Strings are
 * UTF-8, owned by the struct (order_cleanup frees them) and never NULL after
 * order_init: an absent field is "". */
#ifndef PACKDESK_ORDER_H
#define PACKDESK_ORDER_H

#include <stddef.h>

struct order_line {
	int quantity;
	char *sku;
	char *name;
	char *price; /* unit price as exported, e.g. "24.00" */
};

struct order {
	char *name; /* Shopify's order name, e.g. "#10423"; the key */
	char *email;
	char *financial_status;
	char *fulfillment_status; /* "fulfilled", "unfulfilled", "partial", "" */
	char *created_at;
	char *cancelled_at; /* non-empty: the order was cancelled */
	char *currency;
	char *subtotal;
	char *shipping;
	char *total;
	char *discount_code;
	char *discount_amount;
	char *shipping_method;
	char *ship_name;
	char *ship_company;
	char *ship_address1;
	char *ship_address2;
	char *ship_city;
	char *ship_zip;
	char *ship_province;
	char *ship_country;
	char *ship_phone;
	char *notes;
	struct order_line *lines;
	size_t nlines;
};

struct product {
	char *sku;
	char *name;
	char *barcode;
	char *setup_video_url; /* "" when the product has no video */
	int pack_qty;          /* units one scan of the barcode counts (1) */
};

/* Order statuses the station cares about, derived from the fields. */
int order_is_cancelled(const struct order *o);
int order_is_fulfilled(const struct order *o);

void order_init(struct order *o);
void order_cleanup(struct order *o);
/* Sets *field to a copy of value (NULL means ""); -1 when out of memory. */
int order_set(char **field, const char *value);
/* Appends a line (strings copied); -1 when out of memory. */
int order_add_line(struct order *o, int quantity, const char *sku,
		   const char *name, const char *price);

void product_init(struct product *p);
void product_cleanup(struct product *p);

/* Every string field of struct order, by its Shopify column name, so that
 * import, store and templates walk one table instead of repeating the list. */
struct order_field {
	const char *column; /* Shopify export header, e.g. "Shipping Zip" */
	const char *key;    /* store column and template name, "ship_zip" */
	size_t offset;      /* offsetof(struct order, ...) */
};
extern const struct order_field order_fields[];
extern const size_t order_nfields;
char **order_field_ptr(struct order *o, const struct order_field *f);
const char *order_field_get(const struct order *o, const struct order_field *f);

#endif
