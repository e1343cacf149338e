/* The backend-neutral half of the store: picks a backend from the path and
 * holds the rules every backend shares (order-name lookup, event stamps). */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"

int store_open(struct store **out, const char *path, struct err *err)
{
	struct store *st;

	*out = NULL;
	if (path == NULL || path[0] == '\0')
		return err_set(err, "no database given (use --db PATH or "
				    "set db in the config file)");
	if (strncmp(path, "postgresql:", 11) == 0)
		return err_set(err, "%s: PostgreSQL is not supported yet",
			       path);
	st = calloc(1, sizeof *st);
	if (st == NULL)
		return err_set(err, "out of memory");
	st->ops = &store_sqlite_ops;
	if (st->ops->open(st, path, err) != 0) {
		free(st);
		return ERR_FAIL;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	st->ops->close(st);
	free(st);
}

int store_begin(struct store *st, struct err *err)
{
	return st->ops->begin(st, err);
}

int store_commit(struct store *st, struct err *err)
{
	return st->ops->commit(st, err);
}

int store_rollback(struct store *st, struct err *err)
{
	return st->ops->rollback(st, err);
}

int store_order_put(struct store *st, const struct order *o, struct err *err)
{
	return st->ops->order_put(st, o, err);
}

/* A packer may scan "10423" (the barcode on the slip) or type "#10423". */
int store_order_get(struct store *st, const char *name, struct order *o,
		    struct err *err)
{
	char alt[256];
	int rc;

	rc = st->ops->order_get(st, name, o, err);
	if (rc != 0)
		return rc;
	if (name[0] == '#')
		return st->ops->order_get(st, name + 1, o, err);
	if (strlen(name) + 2 > sizeof alt)
		return 0;
	alt[0] = '#';
	strcpy(alt + 1, name);
	return st->ops->order_get(st, alt, o, err);
}

int store_order_count(struct store *st, int64_t *count, struct err *err)
{
	return st->ops->order_count(st, count, err);
}

int store_product_put(struct store *st, const struct product *p,
		      struct err *err)
{
	return st->ops->product_put(st, p, err);
}

int store_product_get(struct store *st, const char *sku, struct product *p,
		      struct err *err)
{
	return st->ops->product_get(st, sku, p, err);
}

int store_product_find(struct store *st, const char *code, struct product *p,
		       struct err *err)
{
	return st->ops->product_find(st, code, p, err);
}

int store_event_add(struct store *st, struct event *ev, struct err *err)
{
	if (clock_uuid4(ev->uuid, sizeof ev->uuid) != 0)
		return err_sys(err, "cannot make an event id");
	clock_utc_stamp(ev->at, sizeof ev->at);
	if (ev->detail == NULL || ev->detail[0] == '\0')
		ev->detail = "{}";
	return st->ops->event_add(st, ev, err);
}

int store_event_count(struct store *st, const struct event_filter *f,
		      int64_t *count, struct err *err)
{
	return st->ops->event_count(st, f, count, err);
}

int store_events_each(struct store *st, const struct event_filter *f,
		      store_event_fn fn, void *arg, struct err *err)
{
	return st->ops->events_each(st, f, fn, arg, err);
}

const char *batch_item_state_name(enum batch_item_state s)
{
	static const char *const names[BATCH_NSTATES] = {
		"pending", "sending", "printed", "failed", "skipped",
	};

	return (unsigned)s < BATCH_NSTATES ? names[s] : "unknown";
}

int store_order_names_each(struct store *st, const struct order_query *q,
			   store_name_fn fn, void *arg, struct err *err)
{
	return st->ops->order_names_each(st, q, fn, arg, err);
}

int store_batch_add(struct store *st, struct batch *b, struct err *err)
{
	clock_utc_stamp(b->created_at, sizeof b->created_at);
	return st->ops->batch_add(st, b, err);
}

int store_batch_item_add(struct store *st, int64_t batch, int64_t seq,
			 const char *order, struct err *err)
{
	return st->ops->batch_item_add(st, batch, seq, order, err);
}

int store_batch_get(struct store *st, int64_t id, struct batch *b,
		    struct err *err)
{
	return st->ops->batch_get(st, id, b, err);
}

int store_batch_each(struct store *st, store_batch_fn fn, void *arg,
		     struct err *err)
{
	return st->ops->batch_each(st, fn, arg, err);
}

int store_batch_items_each(struct store *st, int64_t batch, int state,
			   store_item_fn fn, void *arg, struct err *err)
{
	return st->ops->batch_items_each(st, batch, state, fn, arg, err);
}

int store_batch_item_set(struct store *st, int64_t batch, int64_t seq,
			 enum batch_item_state state, const char *error,
			 struct err *err)
{
	return st->ops->batch_item_set(st, batch, seq, state, error, err);
}

int store_batch_set_state(struct store *st, int64_t id, const char *state,
			  struct err *err)
{
	return st->ops->batch_set_state(st, id, state, err);
}
