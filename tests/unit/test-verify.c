/* Scan-to-verify counting, command barcodes and the station.mode choice:
 * the pure parts of the verify flow, with hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "command-code.h"
#include "config.h"
#include "store.h"
#include "verify.h"

static void make_order(struct order *o)
{
	order_init(o);
	assert_int_equal(order_set(&o->name, "#1"), 0);
	assert_int_equal(order_add_line(o, 1, "KETTLE", "Kettle", "1.00"), 0);
	assert_int_equal(order_add_line(o, 2, "CUP", "Cup \"500\"", "1.00"), 0);
	/* The same SKU on two lines is one count. */
	assert_int_equal(order_add_line(o, 4, "CUP", "Cup", "1.00"), 0);
	assert_int_equal(order_add_line(o, 0, "FREE", "Nothing", "0.00"), 0);
}

static void test_count(void **state)
{
	struct verify v;
	struct order o;
	char left[256];

	make_order(&o);
	verify_init(&v);
	assert_int_equal(verify_start(&v, &o), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(verify_left_units(&v), 7);
	verify_left(&v, left, sizeof left);
	assert_string_equal(left, "1 x Kettle (KETTLE), 6 x Cup \"500\" (CUP)");
	assert_int_equal(verify_item(&v, "FREE", 1, "x"), VERIFY_WRONG);
	assert_int_equal(verify_item(&v, "", 1, "x"), VERIFY_WRONG);
	assert_int_equal(verify_item(&v, "KETTLE", 1, "k"), VERIFY_ACCEPTED);
	assert_int_equal(verify_item(&v, "KETTLE", 1, "k"), VERIFY_OVER);
	/* A case of 7 is too many for 6: nothing is counted. */
	assert_int_equal(verify_item(&v, "CUP", 7, "case"), VERIFY_OVER);
	assert_int_equal(verify_left_units(&v), 6);
	assert_int_equal(verify_item(&v, "CUP", 5, "c\x1b[2J\""),
			 VERIFY_ACCEPTED);
	verify_left(&v, left, sizeof left);
	assert_string_equal(left, "1 x Cup \"500\" (CUP)");
	assert_int_equal(verify_item(&v, "CUP", 1, "c"), VERIFY_COMPLETE);
	assert_int_equal(v.nscans, 3);
	assert_string_equal(verify_scans(&v),
			    "{\"scan\":\"k\",\"sku\":\"KETTLE\",\"units\":1},"
			    "{\"scan\":\"c\\u001b[2J\\\"\",\"sku\":\"CUP\","
			    "\"units\":5},"
			    "{\"scan\":\"c\",\"sku\":\"CUP\",\"units\":1}");
	verify_left(&v, left, 4);
	assert_string_equal(left, "");
	verify_reset(&v);
	assert_int_equal(v.active, 0);
	assert_string_equal(verify_scans(&v), "");
	verify_cleanup(&v);
	order_cleanup(&o);
}

static void test_too_many_lines(void **state)
{
	struct verify v;
	struct order o;
	char sku[16];
	int i;

	order_init(&o);
	for (i = 0; i <= VERIFY_LINES_MAX; i++) {
		snprintf(sku, sizeof sku, "S%d", i);
		assert_int_equal(order_add_line(&o, 1, sku, sku, "1"), 0);
	}
	verify_init(&v);
	assert_int_equal(verify_start(&v, &o), -1);
	assert_int_equal(v.active, 0);
	verify_cleanup(&v);
	order_cleanup(&o);
}

static void test_truncated_left(void **state)
{
	struct verify v;
	struct order o;
	char left[12];

	make_order(&o);
	verify_init(&v);
	assert_int_equal(verify_start(&v, &o), 0);
	verify_left(&v, left, sizeof left);
	assert_int_equal(strlen(left), sizeof left - 1);
	verify_cleanup(&v);
	order_cleanup(&o);
}

static void test_commands(void **state)
{
	const char *arg;

	assert_int_equal(command_parse("REPRINT", &arg), COMMAND_REPRINT);
	assert_int_equal(command_parse("CANCEL", &arg), COMMAND_CANCEL);
	assert_int_equal(command_parse("SKIP", &arg), COMMAND_SKIP);
	assert_int_equal(command_parse("LOGOUT", &arg), COMMAND_LOGOUT);
	assert_int_equal(command_parse("LOGIN:ana", &arg), COMMAND_LOGIN);
	assert_string_equal(arg, "ana");
	assert_int_equal(command_parse("LOGIN:", &arg), COMMAND_LOGIN);
	assert_string_equal(arg, "");
	/* Only exact codes act: an order or SKU containing one does not. */
	assert_int_equal(command_parse("reprint", &arg), COMMAND_NONE);
	assert_null(arg);
	assert_int_equal(command_parse("REPRINT ", &arg), COMMAND_NONE);
	assert_int_equal(command_parse("SKIP-1", &arg), COMMAND_NONE);
	assert_int_equal(command_parse("LOGIN", &arg), COMMAND_NONE);
	assert_int_equal(command_parse("", &arg), COMMAND_NONE);
	assert_int_equal(command_ncodes, 4);
}

static void test_mode_choice(void **state)
{
	struct config c;
	struct err err;

	config_defaults(&c);
	assert_string_equal(c.mode, "print-on-scan");
	assert_int_equal(c.require_login, 0);
	err_clear(&err);
	assert_int_equal(config_set(&c, "station.mode", "verify", &err), 0);
	assert_string_equal(c.mode, "verify");
	assert_int_equal(config_set(&c, "station.mode", "verif", &err), -1);
	assert_non_null(strstr(err.msg, "print-on-scan|verify"));
	err_clear(&err);
	assert_int_equal(config_set(&c, "station.mode", "verify2", &err), -1);
	err_clear(&err);
	assert_int_equal(config_set(&c, "station.mode", "", &err), -1);
	assert_string_equal(c.mode, "verify");
	err_clear(&err);
	assert_int_equal(config_set(&c, "require_login", "yes", &err), 0);
	assert_int_equal(c.require_login, 1);
}

/* A scan finds its product by barcode first, then by SKU; a barcode
 * carries its pack quantity. */
static void test_item_lookup(void **state)
{
	struct product a, b, got;
	struct store *st = NULL;
	struct err err;
	char path[512];

	snprintf(path, sizeof path, "%s/items.db", getenv("TEST_TMPDIR"));
	err_clear(&err);
	assert_int_equal(store_open(&st, path, &err), 0);
	product_init(&a);
	product_init(&b);
	a.sku = "CUP";
	a.barcode = "111";
	b.sku = "FILTER";
	b.barcode = "CUP"; /* a barcode that reads like another's SKU */
	b.pack_qty = 12;
	assert_int_equal(store_product_put(st, &a, &err), 0);
	assert_int_equal(store_product_put(st, &b, &err), 0);
	product_init(&got);
	assert_int_equal(store_product_find(st, "111", &got, &err), 1);
	assert_string_equal(got.sku, "CUP");
	assert_int_equal(got.pack_qty, 1);
	assert_int_equal(store_product_find(st, "CUP", &got, &err), 1);
	assert_string_equal(got.sku, "FILTER");
	assert_int_equal(got.pack_qty, 12);
	assert_int_equal(store_product_find(st, "FILTER", &got, &err), 1);
	assert_string_equal(got.sku, "FILTER");
	assert_int_equal(store_product_find(st, "nope", &got, &err), 0);
	assert_int_equal(store_product_find(st, "", &got, &err), 0);
	assert_int_equal(store_product_get(st, "FILTER", &got, &err), 1);
	assert_int_equal(got.pack_qty, 12);
	product_cleanup(&got);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_truncated_left),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_mode_choice),
		cmocka_unit_test(test_item_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
