#include "order.h"

#include <stdlib.h>
#include <string.h>

#define F(col, key) {col, #key, offsetof(struct order, key)}
const struct order_field order_fields[] = {
	F("Name", name),
	F("Email", email),
	F("Financial Status", financial_status),
	F("Fulfillment Status", fulfillment_status),
	F("Created at", created_at),
	F("Cancelled at", cancelled_at),
	F("Currency", currency),
	F("Subtotal", subtotal),
	F("Shipping", shipping),
	F("Total", total),
	F("Discount Code", discount_code),
	F("Discount Amount", discount_amount),
	F("Shipping Method", shipping_method),
	F("Shipping Name", ship_name),
	F("Shipping Company", ship_company),
	F("Shipping Address1", ship_address1),
	F("Shipping Address2", ship_address2),
	F("Shipping City", ship_city),
	F("Shipping Zip", ship_zip),
	F("Shipping Province", ship_province),
	F("Shipping Country", ship_country),
	F("Shipping Phone", ship_phone),
	F("Notes", notes),
};
#undef F
const size_t order_nfields = sizeof order_fields / sizeof order_fields[0];

char **order_field_ptr(struct order *o, const struct order_field *f)
{
	return (char **)((char *)o + f->offset);
}

const char *order_field_get(const struct order *o, const struct order_field *f)
{
	return *(char *const *)((const char *)o + f->offset);
}

int order_is_cancelled(const struct order *o)
{
	return o->cancelled_at[0] != '\0';
}

int order_is_fulfilled(const struct order *o)
{
	return strcmp(o->fulfillment_status, "fulfilled") == 0 ||
	       strcmp(o->fulfillment_status, "shipped") == 0;
}

/* Fields start as this shared "" so a fresh order needs no allocation;
 * order_set and cleanup never free it. */
static char order_empty[1];

static void field_free(char **field)
{
	if (*field != order_empty)
		free(*field);
	*field = order_empty;
}

int order_set(char **field, const char *value)
{
	char *copy;

	if (value == NULL || value[0] == '\0') {
		field_free(field);
		return 0;
	}
	copy = strdup(value);
	if (copy == NULL)
		return -1;
	field_free(field);
	*field = copy;
	return 0;
}

void order_init(struct order *o)
{
	size_t i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < order_nfields; i++)
		*order_field_ptr(o, &order_fields[i]) = order_empty;
}

void order_cleanup(struct order *o)
{
	size_t i;

	for (i = 0; i < order_nfields; i++)
		field_free(order_field_ptr(o, &order_fields[i]));
	for (i = 0; i < o->nlines; i++) {
		field_free(&o->lines[i].sku);
		field_free(&o->lines[i].name);
		field_free(&o->lines[i].price);
	}
	free(o->lines);
	o->lines = NULL;
	o->nlines = 0;
}

int order_add_line(struct order *o, int quantity, const char *sku,
		   const char *name, const char *price)
{
	struct order_line *lines, *l;

	lines = realloc(o->lines, (o->nlines + 1) * sizeof *lines);
	if (lines == NULL)
		return -1;
	o->lines = lines;
	l = &lines[o->nlines];
	l->quantity = quantity;
	l->sku = l->name = l->price = order_empty;
	o->nlines++;
	if (order_set(&l->sku, sku) != 0 || order_set(&l->name, name) != 0 ||
	    order_set(&l->price, price) != 0)
		return -1;
	return 0;
}

void product_init(struct product *p)
{
	p->sku = p->name = p->barcode = p->setup_video_url = order_empty;
	p->pack_qty = 1;
}

void product_cleanup(struct product *p)
{
	field_free(&p->sku);
	field_free(&p->name);
	field_free(&p->barcode);
	field_free(&p->setup_video_url);
}
