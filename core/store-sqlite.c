/* The SQLite backend. One file, WAL so the station and packctl never block
 * each other's reads, synchronous=FULL because a lost "slip_printed" after a
 * power cut would mean a parcel packed twice. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "strbuf.h"

#define BUSY_TIMEOUT_MS 5000

enum stmt_id {
	ST_ORDER_GET,
	ST_LINES_GET,
	ST_LINES_DEL,
	ST_LINE_PUT,
	ST_PRODUCT_PUT,
	ST_PRODUCT_GET,
	ST_EVENT_ADD,
	ST_ORDER_PUT,
	ST_PRODUCT_FIND,
	ST_COUNT
};

struct sqlite_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
};

/* Migrations, in order: PRAGMA user_version is the number applied. Never
 * edit one that has shipped; add the next. */
static const char *const migrations[] = {
	"CREATE TABLE orders ("
	" name TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL DEFAULT '',"
	" financial_status TEXT NOT NULL DEFAULT '',"
	" fulfillment_status TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL DEFAULT '',"
	" cancelled_at TEXT NOT NULL DEFAULT '',"
	" currency TEXT NOT NULL DEFAULT '', subtotal TEXT NOT NULL DEFAULT '',"
	" shipping TEXT NOT NULL DEFAULT '', total TEXT NOT NULL DEFAULT '',"
	" discount_code TEXT NOT NULL DEFAULT '',"
	" discount_amount TEXT NOT NULL DEFAULT '',"
	" shipping_method TEXT NOT NULL DEFAULT '',"
	" ship_name TEXT NOT NULL DEFAULT '',"
	" ship_company TEXT NOT NULL DEFAULT '',"
	" ship_address1 TEXT NOT NULL DEFAULT '',"
	" ship_address2 TEXT NOT NULL DEFAULT '',"
	" ship_city TEXT NOT NULL DEFAULT '', ship_zip TEXT NOT NULL DEFAULT '',"
	" ship_province TEXT NOT NULL DEFAULT '',"
	" ship_country TEXT NOT NULL DEFAULT '',"
	" ship_phone TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE order_lines ("
	" order_name TEXT NOT NULL REFERENCES orders(name) ON DELETE CASCADE,"
	" position INTEGER NOT NULL, quantity INTEGER NOT NULL,"
	" sku TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',"
	" price TEXT NOT NULL DEFAULT '', PRIMARY KEY (order_name, position));"
	"CREATE TABLE products ("
	" sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',"
	" barcode TEXT NOT NULL DEFAULT '',"
	" setup_video_url TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX products_barcode ON products(barcode);"
	"CREATE TABLE events ("
	" seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
	" at TEXT NOT NULL, station TEXT NOT NULL, operator TEXT,"
	" order_name TEXT, type TEXT NOT NULL,"
	" detail TEXT NOT NULL DEFAULT '{}');"
	"CREATE INDEX events_order ON events(order_name, type);"
	"CREATE INDEX events_at ON events(at);"
	/* The log is evidence of who packed what: append-only. */
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
	/* 2: a case or multipack barcode counts as pack_qty units when the
	 * station verifies an order. */
	"ALTER TABLE products ADD COLUMN pack_qty INTEGER NOT NULL DEFAULT 1;",
	/* 3: batch printing. An item's state is committed before and after
	 * its bytes go, so a crash leaves at most one job's items in
	 * "sending": the ones that may have printed. */
	"CREATE TABLE batches ("
	" id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
	" state TEXT NOT NULL, printer TEXT NOT NULL, kind TEXT NOT NULL,"
	" profile TEXT NOT NULL DEFAULT '',"
	" group_size INTEGER NOT NULL DEFAULT 1,"
	" selection TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE batch_items ("
	" batch INTEGER NOT NULL REFERENCES batches(id),"
	" seq INTEGER NOT NULL, order_name TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
	" ('pending', 'sending', 'printed', 'failed', 'skipped')),"
	" error TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (batch, seq));"
	"CREATE INDEX batch_items_state ON batch_items(batch, state);",
};
#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ORDER_GET] = NULL, /* built from order_fields */
	[ST_LINES_GET] = "SELECT quantity, sku, name, price FROM order_lines"
			 " WHERE order_name = ?1 ORDER BY position",
	[ST_LINES_DEL] = "DELETE FROM order_lines WHERE order_name = ?1",
	[ST_LINE_PUT] = "INSERT INTO order_lines (order_name, position,"
			" quantity, sku, name, price)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_PRODUCT_PUT] = "INSERT INTO products (sku, name, barcode,"
			   " setup_video_url, pack_qty)"
			   " VALUES (?1, ?2, ?3, ?4, ?5)"
			   " ON CONFLICT(sku) DO UPDATE SET name = ?2,"
			   " barcode = ?3, setup_video_url = ?4, pack_qty = ?5",
	[ST_PRODUCT_GET] = "SELECT sku, name, barcode, setup_video_url,"
			   " pack_qty FROM products WHERE sku = ?1",
	/* A barcode wins over a SKU that happens to read the same. */
	[ST_PRODUCT_FIND] = "SELECT sku, name, barcode, setup_video_url,"
			    " pack_qty FROM products"
			    " WHERE barcode = ?1 OR sku = ?1"
			    " ORDER BY barcode = ?1 DESC LIMIT 1",
	[ST_EVENT_ADD] = "INSERT INTO events (uuid, at, station, operator,"
			 " order_name, type, detail)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_ORDER_PUT] = NULL, /* built from order_fields */
};

static struct sqlite_store *impl(struct store *st)
{
	return st->impl;
}

static int db_error(struct sqlite_store *s, struct err *err, const char *what)
{
	return err_set(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(struct sqlite_store *s, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	err_set(err, "%s: %s", s->path, msg != NULL ? msg : "error");
	sqlite3_free(msg);
	return ERR_FAIL;
}

static int user_version(struct sqlite_store *s, int *v, struct err *err)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, "reading the schema version");
	*v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_finalize(q);
	return 0;
}

static int migrate(struct sqlite_store *s, struct err *err)
{
	char sql[64];
	int v = 0, i;

	/* The common case, an up-to-date database, takes no write lock and
	 * writes nothing: a station starts without touching the SD card. */
	if (user_version(s, &v, err) != 0)
		return ERR_FAIL;
	if (v == NMIGRATIONS)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", err) != 0)
		return ERR_FAIL;
	if (user_version(s, &v, err) != 0)
		goto fail;
	if (v > NMIGRATIONS) {
		err_set(err,
			"%s: database schema %d is newer than this program "
			"(%d); upgrade Packdesk",
			s->path, v, NMIGRATIONS);
		goto fail;
	}
	for (i = v; i < NMIGRATIONS; i++)
		if (exec(s, migrations[i], err) != 0)
			goto fail;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", NMIGRATIONS);
	if (exec(s, sql, err) != 0)
		goto fail;
	return exec(s, "COMMIT", err);
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ERR_FAIL;
}

static int build_order_sql(struct strbuf *get, struct strbuf *put)
{
	size_t i;
	int rc = 0;

	rc |= strbuf_adds(get, "SELECT ");
	rc |= strbuf_adds(put, "INSERT INTO orders (");
	for (i = 0; i < order_nfields; i++) {
		const char *sep = i > 0 ? ", " : "";

		rc |= strbuf_addf(get, "%s%s", sep, order_fields[i].key);
		rc |= strbuf_addf(put, "%s%s", sep, order_fields[i].key);
	}
	rc |= strbuf_adds(get, " FROM orders WHERE name = ?1");
	rc |= strbuf_adds(put, ") VALUES (");
	for (i = 0; i < order_nfields; i++)
		rc |= strbuf_addf(put, "%s?%zu", i > 0 ? ", " : "", i + 1);
	rc |= strbuf_adds(put, ") ON CONFLICT(name) DO UPDATE SET ");
	for (i = 1; i < order_nfields; i++)
		rc |= strbuf_addf(put, "%s%s = ?%zu", i > 1 ? ", " : "",
				  order_fields[i].key, i + 1);
	return rc != 0 ? -1 : 0;
}

static int prepare_all(struct sqlite_store *s, struct err *err)
{
	struct strbuf get, put;
	int i, rc = 0;

	strbuf_init(&get, 0);
	strbuf_init(&put, 0);
	if (build_order_sql(&get, &put) != 0)
		rc = err_set(err, "out of memory");
	for (i = 0; rc == 0 && i < ST_COUNT; i++) {
		const char *sql = stmt_sql[i];

		if (i == ST_ORDER_GET)
			sql = strbuf_str(&get);
		else if (i == ST_ORDER_PUT)
			sql = strbuf_str(&put);
		if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				       &s->stmt[i], NULL) != SQLITE_OK)
			rc = db_error(s, err, "preparing a statement");
	}
	strbuf_cleanup(&get);
	strbuf_cleanup(&put);
	return rc;
}

static void sqlite_close(struct store *st)
{
	struct sqlite_store *s = impl(st);
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
	st->impl = NULL;
}

static int sqlite_open(struct store *st, const char *path, struct err *err)
{
	struct sqlite_store *s = calloc(1, sizeof *s);

	if (s == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		return err_set(err, "out of memory");
	}
	st->impl = s;
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		err_set(err, "%s: cannot open database: %s", path,
			s->db != NULL ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		    "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY",
		 err) != 0 ||
	    migrate(s, err) != 0 || prepare_all(s, err) != 0)
		goto fail;
	return 0;
fail:
	sqlite_close(st);
	return ERR_FAIL;
}

static int sqlite_begin(struct store *st, struct err *err)
{
	return exec(impl(st), "BEGIN IMMEDIATE", err);
}

static int sqlite_commit(struct store *st, struct err *err)
{
	return exec(impl(st), "COMMIT", err);
}

static int sqlite_rollback(struct store *st, struct err *err)
{
	return exec(impl(st), "ROLLBACK", err);
}

/* Runs a bound statement that returns no rows, then resets it. */
static int run(struct sqlite_store *s, sqlite3_stmt *q, struct err *err,
	       const char *what)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
	sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
}

static int sqlite_order_put(struct store *st, const struct order *o,
			    struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q = s->stmt[ST_ORDER_PUT];
	size_t i;

	for (i = 0; i < order_nfields; i++)
		bind_text(q, (int)i + 1, order_field_get(o, &order_fields[i]));
	if (run(s, q, err, "storing an order") != 0)
		return ERR_FAIL;
	q = s->stmt[ST_LINES_DEL];
	bind_text(q, 1, o->name);
	if (run(s, q, err, "replacing order lines") != 0)
		return ERR_FAIL;
	q = s->stmt[ST_LINE_PUT];
	for (i = 0; i < o->nlines; i++) {
		bind_text(q, 1, o->name);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		sqlite3_bind_int(q, 3, o->lines[i].quantity);
		bind_text(q, 4, o->lines[i].sku);
		bind_text(q, 5, o->lines[i].name);
		bind_text(q, 6, o->lines[i].price);
		if (run(s, q, err, "storing an order line") != 0)
			return ERR_FAIL;
	}
	return 0;
}

static const char *col(sqlite3_stmt *q, int i)
{
	const unsigned char *v = sqlite3_column_text(q, i);

	return v != NULL ? (const char *)v : "";
}

static int read_lines(struct sqlite_store *s, struct order *o,
		      struct err *err)
{
	sqlite3_stmt *q = s->stmt[ST_LINES_GET];
	int rc;

	bind_text(q, 1, o->name);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (order_add_line(o, sqlite3_column_int(q, 0), col(q, 1),
				   col(q, 2), col(q, 3)) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "reading order lines");
	return 0;
}

static int sqlite_order_get(struct store *st, const char *name,
			    struct order *o, struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q = s->stmt[ST_ORDER_GET];
	size_t i;
	int rc;

	bind_text(q, 1, name);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		return db_error(s, err, "reading an order");
	}
	for (i = 0; i < order_nfields; i++)
		if (order_set(order_field_ptr(o, &order_fields[i]),
			      col(q, (int)i)) != 0) {
			sqlite3_reset(q);
			return err_set(err, "out of memory");
		}
	sqlite3_reset(q);
	if (read_lines(s, o, err) != 0)
		return ERR_FAIL;
	return 1;
}

static int count_query(struct sqlite_store *s, const char *sql, int64_t *n,
		       struct err *err)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, err, "counting");
	*n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	return 0;
}

static int sqlite_order_count(struct store *st, int64_t *n, struct err *err)
{
	return count_query(impl(st), "SELECT count(*) FROM orders", n, err);
}

static int sqlite_product_put(struct store *st, const struct product *p,
			      struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q = s->stmt[ST_PRODUCT_PUT];

	bind_text(q, 1, p->sku);
	bind_text(q, 2, p->name);
	bind_text(q, 3, p->barcode);
	bind_text(q, 4, p->setup_video_url);
	sqlite3_bind_int(q, 5, p->pack_qty > 0 ? p->pack_qty : 1);
	return run(s, q, err, "storing a product");
}

static int product_read(struct sqlite_store *s, sqlite3_stmt *q,
			const char *key, struct product *p, struct err *err)
{
	int rc, found = 0;

	bind_text(q, 1, key);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		found = 1;
		if (order_set(&p->sku, col(q, 0)) != 0 ||
		    order_set(&p->name, col(q, 1)) != 0 ||
		    order_set(&p->barcode, col(q, 2)) != 0 ||
		    order_set(&p->setup_video_url, col(q, 3)) != 0)
			found = err_set(err, "out of memory");
		p->pack_qty = sqlite3_column_int(q, 4);
	} else if (rc != SQLITE_DONE) {
		found = db_error(s, err, "reading a product");
	}
	sqlite3_reset(q);
	return found;
}

static int sqlite_product_get(struct store *st, const char *sku,
			      struct product *p, struct err *err)
{
	struct sqlite_store *s = impl(st);

	return product_read(s, s->stmt[ST_PRODUCT_GET], sku, p, err);
}

static int sqlite_product_find(struct store *st, const char *code,
			       struct product *p, struct err *err)
{
	struct sqlite_store *s = impl(st);

	return product_read(s, s->stmt[ST_PRODUCT_FIND], code, p, err);
}

static int sqlite_event_add(struct store *st, struct event *ev,
			    struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q = s->stmt[ST_EVENT_ADD];

	bind_text(q, 1, ev->uuid);
	bind_text(q, 2, ev->at);
	bind_text(q, 3, ev->station != NULL ? ev->station : "");
	if (ev->operator_name != NULL && ev->operator_name[0] != '\0')
		bind_text(q, 4, ev->operator_name);
	if (ev->order != NULL && ev->order[0] != '\0')
		bind_text(q, 5, ev->order);
	bind_text(q, 6, ev->type);
	bind_text(q, 7, ev->detail);
	return run(s, q, err, "logging an event");
}

/* Builds "WHERE ..." with ?1..?4 bound to the filter's fields (NULL = any). */
static int filter_query(struct sqlite_store *s, const char *select,
			const struct event_filter *f, sqlite3_stmt **q,
			struct err *err)
{
	char sql[512];
	static const struct event_filter none;

	if (f == NULL)
		f = &none;
	snprintf(sql, sizeof sql,
		 "%s FROM events WHERE (?1 IS NULL OR order_name = ?1)"
		 " AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR at >= ?3)"
		 " AND (?4 IS NULL OR at < ?4) ORDER BY seq",
		 select);
	if (sqlite3_prepare_v2(s->db, sql, -1, q, NULL) != SQLITE_OK)
		return db_error(s, err, "reading events");
	if (f->order != NULL)
		bind_text(*q, 1, f->order);
	if (f->type != NULL)
		bind_text(*q, 2, f->type);
	if (f->since != NULL)
		bind_text(*q, 3, f->since);
	if (f->until != NULL)
		bind_text(*q, 4, f->until);
	return 0;
}

static int sqlite_event_count(struct store *st, const struct event_filter *f,
			      int64_t *n, struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q;
	int rc;

	if (filter_query(s, "SELECT count(*)", f, &q, err) != 0)
		return ERR_FAIL;
	rc = sqlite3_step(q);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return db_error(s, err, "counting events");
	return 0;
}

static int sqlite_events_each(struct store *st, const struct event_filter *f,
			      store_event_fn fn, void *arg, struct err *err)
{
	struct sqlite_store *s = impl(st);
	struct event ev;
	sqlite3_stmt *q;
	int rc, stop = 0;

	if (filter_query(s,
			 "SELECT uuid, at, station, operator, order_name,"
			 " type, detail",
			 f, &q, err) != 0)
		return ERR_FAIL;
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		snprintf(ev.uuid, sizeof ev.uuid, "%s", col(q, 0));
		snprintf(ev.at, sizeof ev.at, "%s", col(q, 1));
		ev.station = col(q, 2);
		ev.operator_name = col(q, 3);
		ev.order = col(q, 4);
		ev.type = col(q, 5);
		ev.detail = col(q, 6);
		stop = fn(&ev, arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = db_error(s, err, "reading events");
	sqlite3_finalize(q);
	return stop;
}

/* Batch printing. These run a few times per printed slip at most, so they
 * prepare their statements as they go instead of holding them. */
static int prepare(struct sqlite_store *s, const char *sql, sqlite3_stmt **q,
		   struct err *err, const char *what)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, q, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	return 0;
}

/* Runs a one-shot statement that returns no rows, then finalizes it. */
static int run_once(struct sqlite_store *s, sqlite3_stmt *q, struct err *err,
		    const char *what)
{
	int rc = sqlite3_step(q);

	if (rc != SQLITE_DONE)
		db_error(s, err, what);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : ERR_FAIL;
}

static int sqlite_order_names_each(struct store *st,
				   const struct order_query *oq,
				   store_name_fn fn, void *arg,
				   struct err *err)
{
	struct sqlite_store *s = impl(st);
	const char *order = "created_at, length(name), name";
	char sql[768];
	sqlite3_stmt *q;
	int rc, stop = 0;

	if (oq->sort != NULL && strcmp(oq->sort, "sku") == 0)
		order = "(SELECT sku FROM order_lines l WHERE"
			" l.order_name = o.name ORDER BY position LIMIT 1),"
			" length(name), name";
	else if (oq->sort != NULL && strcmp(oq->sort, "name") == 0)
		order = "length(name), name";
	snprintf(sql, sizeof sql,
		 "SELECT name FROM orders o WHERE cancelled_at = ''"
		 " AND (?1 = 0 OR fulfillment_status <> 'fulfilled')"
		 " AND (?2 IS NULL OR created_at >= ?2) ORDER BY %s",
		 order);
	if (prepare(s, sql, &q, err, "selecting orders") != 0)
		return ERR_FAIL;
	sqlite3_bind_int(q, 1, oq->unfulfilled);
	if (oq->since != NULL)
		bind_text(q, 2, oq->since);
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW)
		stop = fn(col(q, 0), arg);
	if (stop == 0 && rc != SQLITE_DONE)
		stop = db_error(s, err, "selecting orders");
	sqlite3_finalize(q);
	return stop;
}

static int sqlite_batch_add(struct store *st, struct batch *b,
			    struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q;

	if (prepare(s,
		    "INSERT INTO batches (created_at, state, printer, kind,"
		    " profile, group_size, selection)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		    &q, err, "creating a batch") != 0)
		return ERR_FAIL;
	bind_text(q, 1, b->created_at);
	bind_text(q, 2, b->state);
	bind_text(q, 3, b->printer);
	bind_text(q, 4, b->kind);
	bind_text(q, 5, b->profile);
	sqlite3_bind_int(q, 6, b->group);
	bind_text(q, 7, b->selection);
	if (run_once(s, q, err, "creating a batch") != 0)
		return ERR_FAIL;
	b->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int sqlite_batch_item_add(struct store *st, int64_t batch,
				 int64_t seq, const char *order,
				 struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q;

	if (prepare(s,
		    "INSERT INTO batch_items (batch, seq, order_name)"
		    " VALUES (?1, ?2, ?3)",
		    &q, err, "adding a batch item") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, batch);
	sqlite3_bind_int64(q, 2, seq);
	bind_text(q, 3, order);
	return run_once(s, q, err, "adding a batch item");
}

static enum batch_item_state item_state(const char *name)
{
	int i;

	for (i = 0; i < BATCH_NSTATES; i++)
		if (strcmp(name, batch_item_state_name(i)) == 0)
			return i;
	return BATCH_FAILED;
}

static int batch_counts(struct sqlite_store *s, struct batch *b,
			struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(b->count, 0, sizeof b->count);
	if (prepare(s,
		    "SELECT state, count(*) FROM batch_items WHERE batch = ?1"
		    " GROUP BY state",
		    &q, err, "counting batch items") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, b->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		b->count[item_state(col(q, 0))] += sqlite3_column_int64(q, 1);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "counting batch items");
	return 0;
}

static const char batch_cols[] =
	"SELECT id, created_at, state, printer, kind, profile, group_size,"
	" selection FROM batches";

static int batch_row(struct sqlite_store *s, sqlite3_stmt *q, struct batch *b,
		     struct err *err)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(q, 0);
	snprintf(b->created_at, sizeof b->created_at, "%s", col(q, 1));
	snprintf(b->state, sizeof b->state, "%s", col(q, 2));
	snprintf(b->printer, sizeof b->printer, "%s", col(q, 3));
	snprintf(b->kind, sizeof b->kind, "%s", col(q, 4));
	snprintf(b->profile, sizeof b->profile, "%s", col(q, 5));
	b->group = sqlite3_column_int(q, 6);
	snprintf(b->selection, sizeof b->selection, "%s", col(q, 7));
	return batch_counts(s, b, err);
}

static int sqlite_batch_get(struct store *st, int64_t id, struct batch *b,
			    struct err *err)
{
	struct sqlite_store *s = impl(st);
	char sql[256];
	sqlite3_stmt *q;
	int rc, found = 0;

	snprintf(sql, sizeof sql, "%s WHERE id = ?1", batch_cols);
	if (prepare(s, sql, &q, err, "reading a batch") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		found = batch_row(s, q, b, err) != 0 ? ERR_FAIL : 1;
	else if (rc != SQLITE_DONE)
		found = db_error(s, err, "reading a batch");
	sqlite3_finalize(q);
	return found;
}

static int sqlite_batch_each(struct store *st, store_batch_fn fn, void *arg,
			     struct err *err)
{
	struct sqlite_store *s = impl(st);
	struct batch b;
	char sql[256];
	sqlite3_stmt *q;
	int rc, stop = 0;

	snprintf(sql, sizeof sql, "%s ORDER BY id DESC", batch_cols);
	if (prepare(s, sql, &q, err, "listing batches") != 0)
		return ERR_FAIL;
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (batch_row(s, q, &b, err) != 0) {
			stop = ERR_FAIL;
			break;
		}
		stop = fn(&b, arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = db_error(s, err, "listing batches");
	sqlite3_finalize(q);
	return stop;
}

static int sqlite_batch_items_each(struct store *st, int64_t batch,
				   int state, store_item_fn fn, void *arg,
				   struct err *err)
{
	struct sqlite_store *s = impl(st);
	struct batch_item it;
	sqlite3_stmt *q;
	int rc, stop = 0;

	if (prepare(s,
		    "SELECT seq, order_name, state, error, updated_at"
		    " FROM batch_items WHERE batch = ?1"
		    " AND (?2 IS NULL OR state = ?2) ORDER BY seq",
		    &q, err, "reading batch items") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, batch);
	if (state >= 0)
		bind_text(q, 2, batch_item_state_name(state));
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		it.batch = batch;
		it.seq = sqlite3_column_int64(q, 0);
		it.order = col(q, 1);
		it.state = item_state(col(q, 2));
		it.error = col(q, 3);
		it.updated_at = col(q, 4);
		stop = fn(&it, arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = db_error(s, err, "reading batch items");
	sqlite3_finalize(q);
	return stop;
}

static int sqlite_batch_item_set(struct store *st, int64_t batch,
				 int64_t seq, enum batch_item_state state,
				 const char *error, struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q;

	if (prepare(s,
		    "UPDATE batch_items SET state = ?3, error = ?4,"
		    " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
		    " WHERE batch = ?1 AND seq = ?2",
		    &q, err, "updating a batch item") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, batch);
	sqlite3_bind_int64(q, 2, seq);
	bind_text(q, 3, batch_item_state_name(state));
	bind_text(q, 4, error != NULL ? error : "");
	if (run_once(s, q, err, "updating a batch item") != 0)
		return ERR_FAIL;
	if (sqlite3_changes(s->db) != 1)
		return err_set(err, "%s: batch %lld has no item %lld", s->path,
			       (long long)batch, (long long)seq);
	return 0;
}

static int sqlite_batch_set_state(struct store *st, int64_t id,
				  const char *state, struct err *err)
{
	struct sqlite_store *s = impl(st);
	sqlite3_stmt *q;

	if (prepare(s, "UPDATE batches SET state = ?2 WHERE id = ?1", &q, err,
		    "updating a batch") != 0)
		return ERR_FAIL;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, state);
	return run_once(s, q, err, "updating a batch");
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.order_put = sqlite_order_put,
	.order_get = sqlite_order_get,
	.order_count = sqlite_order_count,
	.product_put = sqlite_product_put,
	.product_get = sqlite_product_get,
	.product_find = sqlite_product_find,
	.event_add = sqlite_event_add,
	.event_count = sqlite_event_count,
	.events_each = sqlite_events_each,
	.order_names_each = sqlite_order_names_each,
	.batch_add = sqlite_batch_add,
	.batch_item_add = sqlite_batch_item_add,
	.batch_get = sqlite_batch_get,
	.batch_each = sqlite_batch_each,
	.batch_items_each = sqlite_batch_items_each,
	.batch_item_set = sqlite_batch_item_set,
	.batch_set_state = sqlite_batch_set_state,
};
