/* The one door to the station's data. Callers see only this interface; the
 * backend (SQLite today, PostgreSQL for multi-station warehouses later) fills
 * a table of operations behind it, chosen from the database path. */
#ifndef PACKDESK_STORE_H
#define PACKDESK_STORE_H

#include <stdint.h>

#include "err.h"
#include "order.h"

struct store;

/* An event as appended to the log. uuid and at are filled by the store. */
struct event {
	char uuid[37];
	char at[32]; /* UTC, ISO 8601 with milliseconds: 2026-11-25T11:35:30.123Z */
	const char *station;
	const char *operator_name; /* NULL or "" when nobody is logged in */
	const char *order;         /* order name ("#10423") or NULL */
	const char *type;          /* "order_scanned", "slip_printed", ... */
	const char *detail;        /* a JSON object, "{}" when there is nothing */
};

struct event_filter {
	const char *order; /* NULL: every order */
	const char *type;  /* NULL: every type */
	const char *since; /* inclusive ISO timestamp prefix, or NULL */
	const char *until; /* exclusive, or NULL */
};

typedef int (*store_event_fn)(const struct event *ev, void *arg);

/* Which orders a batch prints (packctl batch). Cancelled orders never. */
struct order_query {
	int unfulfilled;   /* only orders not fulfilled in Shopify */
	const char *since; /* created_at >= since (a date prefix), or NULL */
	const char *sort;  /* "created" (default), "sku" or "name" */
};
typedef int (*store_name_fn)(const char *name, void *arg);

/* A batch item moves pending -> sending -> printed | failed; "sending" is
 * committed before the bytes go and "printed" after the printer took them,
 * so an item found in "sending" after a crash may or may not have printed
 * and waits for the operator (reprint, or skipped). */
enum batch_item_state {
	BATCH_PENDING,
	BATCH_SENDING,
	BATCH_PRINTED,
	BATCH_FAILED,
	BATCH_SKIPPED,
	BATCH_NSTATES
};
const char *batch_item_state_name(enum batch_item_state s);

struct batch {
	int64_t id;
	char created_at[32];
	char state[16]; /* running, stopped, finished, cancelled */
	char printer[256];
	char kind[8];	 /* slip or label */
	char profile[64];
	int group;	 /* items per printer job */
	char selection[256]; /* how the orders were chosen, for --show */
	int64_t count[BATCH_NSTATES]; /* items in each state (read only) */
};

struct batch_item {
	int64_t batch;
	int64_t seq; /* print order, from 1 */
	const char *order;
	enum batch_item_state state;
	const char *error;
	const char *updated_at;
};
typedef int (*store_batch_fn)(const struct batch *b, void *arg);
typedef int (*store_item_fn)(const struct batch_item *it, void *arg);

struct store_ops {
	const char *name;
	int (*open)(struct store *st, const char *path, struct err *err);
	void (*close)(struct store *st);
	int (*begin)(struct store *st, struct err *err);
	int (*commit)(struct store *st, struct err *err);
	int (*rollback)(struct store *st, struct err *err);
	int (*order_put)(struct store *st, const struct order *o,
			 struct err *err);
	int (*order_get)(struct store *st, const char *name, struct order *o,
			 struct err *err);
	int (*order_count)(struct store *st, int64_t *count, struct err *err);
	int (*product_put)(struct store *st, const struct product *p,
			   struct err *err);
	int (*product_get)(struct store *st, const char *sku,
			   struct product *p, struct err *err);
	int (*product_find)(struct store *st, const char *code,
			    struct product *p, struct err *err);
	int (*event_add)(struct store *st, struct event *ev, struct err *err);
	int (*event_count)(struct store *st, const struct event_filter *f,
			   int64_t *count, struct err *err);
	int (*events_each)(struct store *st, const struct event_filter *f,
			   store_event_fn fn, void *arg, struct err *err);
	/* Batch printing (packctl batch). */
	int (*order_names_each)(struct store *st, const struct order_query *q,
				store_name_fn fn, void *arg, struct err *err);
	int (*batch_add)(struct store *st, struct batch *b, struct err *err);
	int (*batch_item_add)(struct store *st, int64_t batch, int64_t seq,
			      const char *order, struct err *err);
	int (*batch_get)(struct store *st, int64_t id, struct batch *b,
			 struct err *err);
	int (*batch_each)(struct store *st, store_batch_fn fn, void *arg,
			  struct err *err);
	int (*batch_items_each)(struct store *st, int64_t batch, int state,
				store_item_fn fn, void *arg, struct err *err);
	int (*batch_item_set)(struct store *st, int64_t batch, int64_t seq,
			      enum batch_item_state state, const char *error,
			      struct err *err);
	int (*batch_set_state)(struct store *st, int64_t id, const char *state,
			       struct err *err);
};

struct store {
	const struct store_ops *ops;
	void *impl;
};

extern const struct store_ops store_sqlite_ops;

/* Opens (creating and migrating as needed) the database at path. */
int store_open(struct store **out, const char *path, struct err *err);
void store_close(struct store *st);

/* A write transaction; begin takes the write lock at once (BEGIN IMMEDIATE)
 * so that two processes never deadlock on an upgrade. */
int store_begin(struct store *st, struct err *err);
int store_commit(struct store *st, struct err *err);
int store_rollback(struct store *st, struct err *err);

/* Inserts or replaces an order and all its lines. */
int store_order_put(struct store *st, const struct order *o, struct err *err);
/* 1 found (o filled; the caller owns it), 0 not found, -1 error. Accepts the
 * name with or without its leading '#'. */
int store_order_get(struct store *st, const char *name, struct order *o,
		    struct err *err);
int store_order_count(struct store *st, int64_t *count, struct err *err);
int store_product_put(struct store *st, const struct product *p,
		      struct err *err);
/* 1 found, 0 not found, -1 error. Looks up by SKU. */
int store_product_get(struct store *st, const char *sku, struct product *p,
		      struct err *err);
/* 1 found, 0 not found, -1 error. Looks up a scanned item: by its catalog
 * barcode, else by SKU. */
int store_product_find(struct store *st, const char *code, struct product *p,
		       struct err *err);
/* Appends to the log; fills ev->uuid and ev->at. */
int store_event_add(struct store *st, struct event *ev, struct err *err);
int store_event_count(struct store *st, const struct event_filter *f,
		      int64_t *count, struct err *err);
/* Calls fn for each matching event in log order; a non-zero return from fn
 * stops the walk and is returned. */
int store_events_each(struct store *st, const struct event_filter *f,
		      store_event_fn fn, void *arg, struct err *err);

/* Calls fn with the name of each order q selects, in q's order. */
int store_order_names_each(struct store *st, const struct order_query *q,
			   store_name_fn fn, void *arg, struct err *err);
/* Creates a batch (b->id filled, created_at stamped); items follow with
 * store_batch_item_add, all in one transaction of the caller's. */
int store_batch_add(struct store *st, struct batch *b, struct err *err);
int store_batch_item_add(struct store *st, int64_t batch, int64_t seq,
			 const char *order, struct err *err);
/* 1 found (b filled with its item counts), 0 not found, -1 error. */
int store_batch_get(struct store *st, int64_t id, struct batch *b,
		    struct err *err);
/* Every batch, newest first. */
int store_batch_each(struct store *st, store_batch_fn fn, void *arg,
		     struct err *err);
/* The batch's items in print order; state -1 means every state. */
int store_batch_items_each(struct store *st, int64_t batch, int state,
			   store_item_fn fn, void *arg, struct err *err);
int store_batch_item_set(struct store *st, int64_t batch, int64_t seq,
			 enum batch_item_state state, const char *error,
			 struct err *err);
int store_batch_set_state(struct store *st, int64_t id, const char *state,
			  struct err *err);

#endif
