/* The SQLite store: schema, orders, products and the append-only log,
 * against a real database file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"

static char db_path[512];

static int setup(void **state)
{
	const char *dir = getenv("TEST_TMPDIR");

	snprintf(db_path, sizeof db_path, "%s/store-test.db",
		 dir != NULL ? dir : "/tmp");
	remove(db_path);
	return 0;
}

static struct store *open_store(void)
{
	struct store *st = NULL;
	struct err err;

	err_clear(&err);
	assert_int_equal(store_open(&st, db_path, &err), 0);
	return st;
}

static void make_order(struct order *o, const char *name, int nlines)
{
	char sku[32];
	int i;

	order_init(o);
	assert_int_equal(order_set(&o->name, name), 0);
	assert_int_equal(order_set(&o->ship_zip, "02134"), 0);
	for (i = 0; i < nlines; i++) {
		snprintf(sku, sizeof sku, "SKU-%d", i);
		assert_int_equal(order_add_line(o, i + 1, sku, "Item", "1.50"),
				 0);
	}
}

static void test_orders(void **state)
{
	struct store *st = open_store();
	struct order o, got;
	struct err err;
	int64_t n;

	err_clear(&err);
	make_order(&o, "#1001", 3);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_order_put(st, &o, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	order_cleanup(&o);

	/* Found with or without '#'. */
	order_init(&got);
	assert_int_equal(store_order_get(st, "1001", &got, &err), 1);
	assert_string_equal(got.name, "#1001");
	assert_string_equal(got.ship_zip, "02134");
	assert_int_equal(got.nlines, 3);
	assert_string_equal(got.lines[2].sku, "SKU-2");
	assert_int_equal(got.lines[2].quantity, 3);
	order_cleanup(&got);
	order_init(&got);
	assert_int_equal(store_order_get(st, "#1001", &got, &err), 1);
	order_cleanup(&got);
	order_init(&got);
	assert_int_equal(store_order_get(st, "1002", &got, &err), 0);
	order_cleanup(&got);

	/* A new version replaces the lines, it does not add to them. */
	make_order(&o, "#1001", 1);
	assert_int_equal(store_order_put(st, &o, &err), 0);
	order_cleanup(&o);
	order_init(&got);
	assert_int_equal(store_order_get(st, "#1001", &got, &err), 1);
	assert_int_equal(got.nlines, 1);
	order_cleanup(&got);
	assert_int_equal(store_order_count(st, &n, &err), 0);
	assert_int_equal(n, 1);
	store_close(st);
}

static void test_rollback(void **state)
{
	struct store *st = open_store();
	struct order o;
	struct err err;
	int64_t n;

	err_clear(&err);
	make_order(&o, "#2001", 2);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_order_put(st, &o, &err), 0);
	assert_int_equal(store_rollback(st, &err), 0);
	order_cleanup(&o);
	assert_int_equal(store_order_count(st, &n, &err), 0);
	assert_int_equal(n, 0);
	store_close(st);
}

static void test_products(void **state)
{
	struct store *st = open_store();
	struct product p, got;
	struct err err;

	err_clear(&err);
	product_init(&p);
	assert_int_equal(order_set(&p.sku, "KETTLE-01"), 0);
	assert_int_equal(order_set(&p.setup_video_url, "https://x/k"), 0);
	assert_int_equal(store_product_put(st, &p, &err), 0);
	assert_int_equal(order_set(&p.name, "Kettle"), 0);
	assert_int_equal(store_product_put(st, &p, &err), 0);
	product_cleanup(&p);
	product_init(&got);
	assert_int_equal(store_product_get(st, "KETTLE-01", &got, &err), 1);
	assert_string_equal(got.name, "Kettle");
	assert_string_equal(got.setup_video_url, "https://x/k");
	product_cleanup(&got);
	product_init(&got);
	assert_int_equal(store_product_get(st, "NOPE", &got, &err), 0);
	product_cleanup(&got);
	store_close(st);
}

struct collect {
	int n;
	char types[8][32];
};

static int collect(const struct event *ev, void *arg)
{
	struct collect *c = arg;

	snprintf(c->types[c->n++], sizeof c->types[0], "%s", ev->type);
	return c->n == 8;
}

static void test_events(void **state)
{
	struct store *st = open_store();
	struct event ev = {.station = "s1", .operator_name = "ana",
			   .order = "#1", .type = "order_scanned"};
	struct event_filter f = {.order = "#1"};
	struct collect c = {0};
	struct err err;
	int64_t n;
	sqlite3 *db;

	err_clear(&err);
	assert_int_equal(store_event_add(st, &ev, &err), 0);
	assert_int_equal(strlen(ev.uuid), 36);
	assert_int_equal(ev.uuid[14], '4');
	assert_int_equal(strlen(ev.at), 24);
	assert_int_equal(ev.at[23], 'Z');
	ev.type = "slip_printed";
	ev.detail = "{\"bytes\":12}";
	assert_int_equal(store_event_add(st, &ev, &err), 0);
	ev.order = "#2";
	assert_int_equal(store_event_add(st, &ev, &err), 0);

	assert_int_equal(store_event_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 2);
	f.type = "slip_printed";
	assert_int_equal(store_event_count(st, &f, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_events_each(st, NULL, collect, &c, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.types[0], "order_scanned");
	store_close(st);

	/* Append-only, even for someone with the sqlite3 shell. */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events", NULL,
					  NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET type = 'x'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
}

static void test_schema_version(void **state)
{
	struct store *st = open_store();
	struct err err;
	sqlite3 *db;

	store_close(st);
	/* A database from a newer Packdesk is refused, not damaged. */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	err_clear(&err);
	st = NULL;
	assert_int_equal(store_open(&st, db_path, &err), -1);
	assert_non_null(strstr(err.msg, "newer than this program"));
	assert_null(st);
}

static void test_bad_path(void **state)
{
	struct store *st = NULL;
	struct err err;

	err_clear(&err);
	assert_int_equal(store_open(&st, "/nonexistent/dir/x.db", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/x.db"));
	err_clear(&err);
	assert_int_equal(store_open(&st, "", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_orders, setup),
		cmocka_unit_test_setup(test_rollback, setup),
		cmocka_unit_test_setup(test_products, setup),
		cmocka_unit_test_setup(test_events, setup),
		cmocka_unit_test_setup(test_schema_version, setup),
		cmocka_unit_test(test_bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
