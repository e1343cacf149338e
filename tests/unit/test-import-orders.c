/* The Shopify order importer: hostile files must give exact `FILE:LINE:
 * reason` lines, all of them, and good files the right orders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import.h"
#include "order.h"
#include "strbuf.h"

/* Parses in[0..len) as "t.csv"; *errs gets what was written (free it). */
static int parse(const char *in, size_t len, struct order_list *out,
		 char **errs)
{
	size_t errs_len;
	FILE *f, *e;
	int rc;

	f = fmemopen((void *)in, len, "r");
	assert_non_null(f);
	e = open_memstream(errs, &errs_len);
	assert_non_null(e);
	rc = import_orders_parse(f, "t.csv", out, e);
	fclose(e);
	fclose(f);
	return rc;
}

static int parse_file(const char *name, struct order_list *out, char **errs)
{
	const char *src = getenv("PACKDESK_SRCDIR");
	char path[4096];
	size_t errs_len;
	FILE *f, *e;
	int rc;

	snprintf(path, sizeof path, "%s/tests/data/%s", src ? src : ".", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	e = open_memstream(errs, &errs_len);
	assert_non_null(e);
	rc = import_orders_parse(f, name, out, e);
	fclose(e);
	fclose(f);
	return rc;
}

#define H "Name,Lineitem quantity,Lineitem name,Lineitem sku\n"

struct bad_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want; /* every line written, exactly */
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{"empty file", "", 0, "t.csv:1: no header\n"},
	{"BOM only", "\xEF\xBB\xBF", 0, "t.csv:1: no header\n"},
	{"blank lines only", "\r\n\r\n", 0, "t.csv:3: no header\n"},
	{"missing Name", "Lineitem quantity,Lineitem name\n1,x\n", 0,
	 "t.csv:1: missing column \"Name\"\n"},
	{"missing line item columns", "Name,Email,Lineitem sku\n#1,a,b\n", 0,
	 "t.csv:1: missing column \"Lineitem quantity\"\n"
	 "t.csv:1: missing column \"Lineitem name\"\n"},
	{"header names are exact", "name,Lineitem Quantity,Lineitem name\n",
	 0,
	 "t.csv:1: missing column \"Name\"\n"
	 "t.csv:1: missing column \"Lineitem quantity\"\n"},
	{"duplicate column", "Name,Lineitem quantity,Lineitem name, Name\n",
	 0, "t.csv:1: duplicate column \"Name\" (columns 1 and 4)\n"},
	{"duplicate order field column",
	 "Name,Notes,Lineitem quantity,Lineitem name,Notes\n", 0,
	 "t.csv:1: duplicate column \"Notes\" (columns 2 and 5)\n"},
	{"bad header record", "Name,\"Lineitem\n", 0,
	 "t.csv:1: quoted field is never closed\n"},
	{"field counts", H "#1,1,A,S\n#2,1,A\n#3,1,A,S,extra\n", 0,
	 "t.csv:3: 3 fields, but the header has 4\n"
	 "t.csv:4: 5 fields, but the header has 4\n"},
	{"empty Name", H ",1,A,S\n  ,1,A,S\n", 0,
	 "t.csv:2: empty Name\nt.csv:3: empty Name\n"},
	{"quantities",
	 H "#1,two,A,S\n#1,0,A,S\n#1,-3,A,S\n#1,,A,S\n#1,1.5,A,S\n"
	   "#1,999999999999999999999999,A,S\n#1,100001,A,S\n#1,+2,A,S\n"
	   "#1, 7 ,A,S\n#1,100000,A,S\n#1,0x1,A,S\n",
	 0,
	 "t.csv:2: Lineitem quantity \"two\" is not a whole number\n"
	 "t.csv:3: Lineitem quantity \"0\" is less than 1\n"
	 "t.csv:4: Lineitem quantity \"-3\" is less than 1\n"
	 "t.csv:5: Lineitem quantity is empty\n"
	 "t.csv:6: Lineitem quantity \"1.5\" is not a whole number\n"
	 "t.csv:7: Lineitem quantity \"999999999999999999999999\" is more "
	 "than 100000\n"
	 "t.csv:8: Lineitem quantity \"100001\" is more than 100000\n"
	 "t.csv:9: Lineitem quantity \"+2\" is not a whole number\n"
	 "t.csv:12: Lineitem quantity \"0x1\" is not a whole number\n"},
	{"stray quote after escape bytes", H "#1,\x1B[2J\"\",A,S\n", 0,
	 "t.csv:2: stray quote in unquoted field\n"},
	{"hostile quantity is escaped", H "#1,\"\x1B[2J\a\",A,S\n", 0,
	 "t.csv:2: Lineitem quantity \"\\x1B[2J\\x07\" is not a whole "
	 "number\n"},
	{"invalid UTF-8, its line", H "#1,1,\"Caf\xE9\nau lait\",S\n#2,1,"
				      "\xC3\x28,S\n#3,1,ok,S\n",
	 0,
	 "t.csv:2: invalid UTF-8 in field 3\n"
	 "t.csv:4: invalid UTF-8 in field 3\n"},
	{"invalid UTF-8 in the header", "Name,Lineitem quantity,\xFF\n", 0,
	 "t.csv:1: invalid UTF-8 in field 3\n"},
	{"unterminated quote", H "#1,1,A,S\n#2,1,\"A,S\n#3,1,B,S\n", 0,
	 "t.csv:3: quoted field is never closed\n"},
	{"stray quote", H "#1,1,12\" pizza,S\n#2,1,B,S\n", 0,
	 "t.csv:2: stray quote in unquoted field\n"},
	{"NUL byte", H "#1,1,A\0,S\n#2,1,B,S\n", sizeof(H) - 1 + 19,
	 "t.csv:2: NUL byte\n"},
	{"line item without name or sku", H "#1,1,,\n#1,1,,S\n", 0,
	 "t.csv:2: line item has neither Lineitem name nor Lineitem sku\n"},
	{"lines after a multi-line field", H "#1,1,\"multi\nline\r\nname\",S\n"
					     "#1,x,A,S\n\n#1,0,A,S\n",
	 0,
	 "t.csv:5: Lineitem quantity \"x\" is not a whole number\n"
	 "t.csv:7: Lineitem quantity \"0\" is less than 1\n"},
	{"every kind at once",
	 "\xEF\xBB\xBF" H "#1,1,A,S\r\n,1,A,S\r\n#1,two,A,S\r\n#2,1,A\r\n"
	 "#3,1,\"x\"y,S\r\n#4,1,\"open,S\r\n",
	 0,
	 "t.csv:3: empty Name\n"
	 "t.csv:4: Lineitem quantity \"two\" is not a whole number\n"
	 "t.csv:5: 3 fields, but the header has 4\n"
	 "t.csv:6: character after closing quote\n"
	 "t.csv:7: quoted field is never closed\n"},
};
/* clang-format on */

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void test_bad_cases(void **state)
{
	struct order_list out;
	size_t i;
	char *errs;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];

		order_list_init(&out);
		rc = parse(c->in, c->len != 0 ? c->len : strlen(c->in), &out,
			   &errs);
		if (strcmp(errs, c->want) != 0 || rc != count_lines(c->want)) {
			print_error("case \"%s\": rc %d\nwant:\n%sgot:\n%s",
				    c->name, rc, c->want, errs);
			fail();
		}
		free(errs);
		order_list_cleanup(&out);
	}
}

static const struct order *find(const struct order_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	fail_msg("no order %s", name);
	return NULL;
}

static void test_data_file(void **state)
{
	const struct order *o;
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse_file("shopify-orders.csv", &out, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(out.n, 6);
	assert_string_equal(out.v[0].name, "#1001");
	assert_string_equal(out.v[5].name, "#1006");

	o = find(&out, "#1001");
	assert_int_equal(o->nlines, 3);
	assert_int_equal(o->lines[0].quantity, 1);
	assert_string_equal(o->lines[0].sku, "KETTLE-01");
	assert_string_equal(o->lines[0].name, "Electric Kettle 1.7L");
	assert_string_equal(o->lines[0].price, "49.00");
	assert_int_equal(o->lines[1].quantity, 2);
	assert_string_equal(o->lines[1].sku, "MUG-02");
	assert_int_equal(o->lines[2].quantity, 3);
	assert_string_equal(o->lines[2].sku, "TEA-GREEN-100");
	assert_string_equal(o->email, "meiling.chen@example.com");
	assert_string_equal(o->ship_name, "Mei-Ling Chen");
	assert_string_equal(o->ship_zip, "02134");
	assert_string_equal(o->ship_phone, "+16175550100");
	assert_string_equal(o->total, "97.44");
	assert_string_equal(o->created_at, "2025-10-07 09:50:26 -0400");
	assert_string_equal(o->fulfillment_status, "unfulfilled");
	assert_string_equal(o->notes,
			    "Please gift wrap, no invoice in the box.\n"
			    "Leave at the \"back door\", thanks!");
	assert_false(order_is_cancelled(o));
	assert_false(order_is_fulfilled(o));

	o = find(&out, "#1002");
	assert_string_equal(o->ship_name, "Zoë Ångström");
	assert_string_equal(o->ship_company, "Ångström Design AB");
	assert_string_equal(o->ship_zip, "116 40");
	assert_true(order_is_fulfilled(o));
	assert_int_equal(o->nlines, 1);

	o = find(&out, "#1003");
	assert_string_equal(o->ship_name, "陳美玲");
	assert_string_equal(o->ship_city, "台北市");
	assert_string_equal(o->ship_zip, "106");
	assert_int_equal(o->nlines, 2);

	o = find(&out, "#1004");
	assert_true(order_is_cancelled(o));
	assert_string_equal(o->cancelled_at, "2025-10-08 15:02:44 +0700");
	assert_string_equal(o->financial_status, "refunded");
	assert_string_equal(o->ship_city, "Jakarta Selatan");
	assert_string_equal(o->ship_province, "JK");
	assert_string_equal(o->ship_country, "ID");
	assert_string_equal(o->ship_address2, "Gedung Artha Graha Lt. 12");

	/* Kept byte for byte: sanitising is for where text is printed. */
	o = find(&out, "#1005");
	assert_string_equal(o->notes, "Ring the bell\x1B[2J twice\x0C"
				      "then leave it with the doorman");
	assert_string_equal(o->discount_code, "WELCOME10");
	assert_string_equal(o->ship_zip, "07030");

	o = find(&out, "#1006");
	assert_int_equal(o->nlines, 2);
	assert_string_equal(o->fulfillment_status, "partial");
	order_list_cleanup(&out);
}

static void test_bad_data_file(void **state)
{
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse_file("shopify-orders-bad.csv", &out, &errs), 2);
	assert_string_equal(errs,
			    "shopify-orders-bad.csv:5: Lineitem quantity "
			    "\"two\" is not a whole number\n"
			    "shopify-orders-bad.csv:9: quoted field is never "
			    "closed\n");
	free(errs);
	order_list_cleanup(&out);
}

static void test_header_only(void **state)
{
	static const char in[] = "\xEF\xBB\xBF" H;
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 0);
	free(errs);
	order_list_cleanup(&out);
}

/* Order-level fields come on the first row; a blank never overwrites and
 * the first value wins. */
static void test_first_row_fields(void **state)
{
	static const char in[] =
		"Name,Email,Lineitem quantity,Lineitem name,Shipping City,"
		"Notes,Total,Fulfillment Status\r\n"
		"#1,a@example.com,1,A,Boston,note,10.00,partial\r\n"
		"#1,a@example.com,2,B,,,,\r\n"
		"#1,,1,C,Cambridge,other,,fulfilled\r\n";
	struct order_list out;
	const struct order *o;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 1);
	o = &out.v[0];
	assert_string_equal(o->email, "a@example.com");
	assert_string_equal(o->ship_city, "Boston");
	assert_string_equal(o->notes, "note");
	assert_string_equal(o->total, "10.00");
	assert_string_equal(o->fulfillment_status, "partial");
	assert_int_equal(o->nlines, 3);
	assert_string_equal(o->lines[2].name, "C");
	/* Columns the file lacks stay "". */
	assert_string_equal(o->ship_zip, "");
	assert_string_equal(o->lines[0].sku, "");
	free(errs);
	order_list_cleanup(&out);
}

static void test_non_adjacent(void **state)
{
	static const char in[] = H "#1,1,A,a\n#2,1,B,b\n#1,2,C,c\n#3,1,D,d\n"
				   "#2,3,E,e\n#1,1,F,f\n";
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0].name, "#1");
	assert_int_equal(out.v[0].nlines, 3);
	assert_string_equal(out.v[0].lines[1].name, "C");
	assert_int_equal(out.v[0].lines[1].quantity, 2);
	assert_string_equal(out.v[0].lines[2].sku, "f");
	assert_string_equal(out.v[1].name, "#2");
	assert_int_equal(out.v[1].nlines, 2);
	assert_string_equal(out.v[1].lines[1].name, "E");
	assert_string_equal(out.v[2].name, "#3");
	assert_int_equal(out.v[2].nlines, 1);
	free(errs);
	order_list_cleanup(&out);
}

/* Many orders, interleaved: grouping must not slow to a crawl nor lose
 * any (the name index grows several times). */
static void test_many_orders(void **state)
{
	struct order_list out;
	struct strbuf in;
	char *errs;
	int i;

	(void)state;
	strbuf_init(&in, 0);
	strbuf_adds(&in, H);
	for (i = 0; i < 30000; i++)
		strbuf_addf(&in, "#%d,1,A,S\n", i % 10000);
	order_list_init(&out);
	assert_int_equal(parse(in.buf, in.len, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 10000);
	assert_string_equal(out.v[9999].name, "#9999");
	for (i = 0; i < 10000; i++)
		assert_int_equal(out.v[i].nlines, 3);
	free(errs);
	order_list_cleanup(&out);
	strbuf_cleanup(&in);
}

static void test_apostrophe(void **state)
{
	static const char in[] =
		"Name,Lineitem quantity,Lineitem name,Shipping Zip,"
		"Shipping Phone,Notes,Shipping City\n"
		"#1,1,A,'02134,'+16175550100,'tis fragile,'s-Hertogenbosch\n"
		"#2,1,A,''7,',,\n"
		"#3,1,A,\"'02134\",0612,,\n";
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0].ship_zip, "02134");
	assert_string_equal(out.v[0].ship_phone, "+16175550100");
	/* Only zips and phones: elsewhere an apostrophe is text. */
	assert_string_equal(out.v[0].notes, "'tis fragile");
	assert_string_equal(out.v[0].ship_city, "'s-Hertogenbosch");
	assert_string_equal(out.v[1].ship_zip, "'7");
	assert_string_equal(out.v[1].ship_phone, "");
	assert_string_equal(out.v[2].ship_zip, "02134");
	assert_string_equal(out.v[2].ship_phone, "0612");
	free(errs);
	order_list_cleanup(&out);
}

static void test_cancelled(void **state)
{
	static const char in[] =
		"Name,Lineitem quantity,Lineitem name,Cancelled at,"
		"Fulfillment Status\n"
		"#1,1,A,2025-10-08 15:02:44 +0700,\n"
		"#1,1,B,,\n"
		"#2,1,A,,fulfilled\n";
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 2);
	assert_true(order_is_cancelled(&out.v[0]));
	assert_string_equal(out.v[0].cancelled_at, "2025-10-08 15:02:44 +0700");
	assert_false(order_is_cancelled(&out.v[1]));
	assert_true(order_is_fulfilled(&out.v[1]));
	free(errs);
	order_list_cleanup(&out);
}

/* Columns by name in any order, padded, with unknown ones in between. */
static void test_header_any_order(void **state)
{
	static const char in[] =
		" Lineitem name ,Foo, Name,Lineitem price,Bar,Lineitem "
		"quantity ,Lineitem sku\n"
		" Mug , x ,  #7 ,12.00,,  2,MUG-02\n";
	struct order_list out;
	char *errs;

	(void)state;
	order_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].name, "#7");
	assert_int_equal(out.v[0].nlines, 1);
	assert_int_equal(out.v[0].lines[0].quantity, 2);
	assert_string_equal(out.v[0].lines[0].name, "Mug");
	assert_string_equal(out.v[0].lines[0].sku, "MUG-02");
	assert_string_equal(out.v[0].lines[0].price, "12.00");
	free(errs);
	order_list_cleanup(&out);
}

static void test_error_cap(void **state)
{
	struct order_list out;
	struct strbuf in;
	char *errs, *last;
	int i;

	(void)state;
	strbuf_init(&in, 0);
	strbuf_adds(&in, H);
	for (i = 0; i < 150; i++)
		strbuf_adds(&in, "#1,x,A,S\n");
	order_list_init(&out);
	assert_int_equal(parse(in.buf, in.len, &out, &errs),
			 IMPORT_MAX_ERRORS);
	assert_int_equal(count_lines(errs), IMPORT_MAX_ERRORS + 1);
	assert_int_equal(strncmp(errs, "t.csv:2: Lineitem quantity \"x\"", 30),
			 0);
	last = strrchr(errs, '\n');
	*last = '\0';
	last = strrchr(errs, '\n') + 1;
	assert_string_equal(last, "t.csv: too many errors, stopped after 100");
	free(errs);
	order_list_cleanup(&out);
	strbuf_cleanup(&in);
}

static void test_read_error(void **state)
{
	struct order_list out;
	size_t errs_len;
	char *errs;
	FILE *f, *e;

	(void)state;
	order_list_init(&out);
	f = fopen("/dev/null", "w"); /* reading it fails */
	assert_non_null(f);
	e = open_memstream(&errs, &errs_len);
	assert_non_null(e);
	assert_int_equal(import_orders_parse(f, "t.csv", &out, e), -1);
	fclose(e);
	fclose(f);
	assert_string_equal(errs, "t.csv: reading CSV: Bad file descriptor\n");
	free(errs);
	order_list_cleanup(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_data_file),
		cmocka_unit_test(test_bad_data_file),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_first_row_fields),
		cmocka_unit_test(test_non_adjacent),
		cmocka_unit_test(test_many_orders),
		cmocka_unit_test(test_apostrophe),
		cmocka_unit_test(test_cancelled),
		cmocka_unit_test(test_header_any_order),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
