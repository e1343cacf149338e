/* The product list importer: exact `FILE:LINE: reason` lines for every
 * problem, and the right products from a good file. */
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

static int parse(const char *in, size_t len, struct product_list *out,
		 char **errs)
{
	size_t errs_len;
	FILE *f, *e;
	int rc;

	f = fmemopen((void *)in, len, "r");
	assert_non_null(f);
	e = open_memstream(errs, &errs_len);
	assert_non_null(e);
	rc = import_products_parse(f, "p.csv", out, e);
	fclose(e);
	fclose(f);
	return rc;
}

static int parse_file(const char *name, struct product_list *out,
		      char **errs)
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
	rc = import_products_parse(f, name, out, e);
	fclose(e);
	fclose(f);
	return rc;
}

#define H "sku,name,barcode,setup_video_url\n"

struct bad_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{"empty file", "", 0, "p.csv:1: no header\n"},
	{"missing columns", "SKU,Name\nA,B\n", 0,
	 "p.csv:1: missing column \"barcode\"\n"
	 "p.csv:1: missing column \"setup_video_url\"\n"},
	{"duplicate column", "sku,name,barcode,setup_video_url,Sku\n", 0,
	 "p.csv:1: duplicate column \"Sku\" (columns 1 and 5)\n"},
	{"empty sku", H ",Mug,123,\n  ,Mug,123,\n", 0,
	 "p.csv:2: empty sku\np.csv:3: empty sku\n"},
	{"duplicate sku", H "A,a,1,\nB,b,2,\n A ,a2,3,\n", 0,
	 "p.csv:4: duplicate sku \"A\" (first on line 2)\n"},
	{"sku differing in case is another sku", H "A,a,1,\na,b,2,\n", 0,
	 ""},
	{"field count", H "A,a,1\nB,b,2,,extra\n", 0,
	 "p.csv:2: 3 fields, but the header has 4\n"
	 "p.csv:3: 5 fields, but the header has 4\n"},
	{"video URLs",
	 H "A,a,1,http://example.com/v\n"
	   "B,b,1,HTTPS://example.com/v\n"
	   "C,c,1,ftp://example.com/v\n"
	   "D,d,1,javascript:alert(1)\n"
	   "E,e,1,https://\n"
	   "F,f,1,https:///path\n"
	   "G,g,1,https://example.com/a b\n"
	   "H,h,1,\"https://example.com/a\tb\"\n"
	   "I,i,1,\"https://example.com/\x1B[2J\"\n"
	   "J,j,1,https://example.com/\xC2\x85\n"
	   "K,k,1,example.com/setup\n"
	   "L,l,1,https://example.com/caf\xC3\xA9\n",
	 0,
	 "p.csv:4: setup_video_url \"ftp://example.com/v\" does not start "
	 "with http:// or https://\n"
	 "p.csv:5: setup_video_url \"javascript:alert(1)\" does not start "
	 "with http:// or https://\n"
	 "p.csv:6: setup_video_url \"https://\" has no host\n"
	 "p.csv:7: setup_video_url \"https:///path\" has no host\n"
	 "p.csv:8: setup_video_url \"https://example.com/a b\" contains a "
	 "space or control character\n"
	 "p.csv:9: setup_video_url \"https://example.com/a\\x09b\" contains "
	 "a space or control character\n"
	 "p.csv:10: setup_video_url \"https://example.com/\\x1B[2J\" contains "
	 "a space or control character\n"
	 "p.csv:11: setup_video_url \"https://example.com/\\xC2\\x85\" "
	 "contains a space or control character\n"
	 "p.csv:12: setup_video_url \"example.com/setup\" does not start "
	 "with http:// or https://\n"},
	{"invalid UTF-8", H "A,Caf\xE9,1,\nB,b,1,\n", 0,
	 "p.csv:2: invalid UTF-8 in field 2\n"},
	{"unterminated quote", H "A,\"a,1,\nB,b,1,\n", 0,
	 "p.csv:2: quoted field is never closed\n"},
	{"NUL byte", H "A,a\0,1,\nB,b,1,\n", sizeof(H) - 1 + 15,
	 "p.csv:2: NUL byte\n"},
	{"line after a multi-line name", H "A,\"two\r\nlines\",1,\nA,b,1,\n", 0,
	 "p.csv:4: duplicate sku \"A\" (first on line 2)\n"},
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
	struct product_list out;
	size_t i;
	char *errs;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];

		product_list_init(&out);
		rc = parse(c->in, c->len != 0 ? c->len : strlen(c->in), &out,
			   &errs);
		if (strcmp(errs, c->want) != 0 || rc != count_lines(c->want)) {
			print_error("case \"%s\": rc %d\nwant:\n%sgot:\n%s",
				    c->name, rc, c->want, errs);
			fail();
		}
		free(errs);
		product_list_cleanup(&out);
	}
}

static void test_data_file(void **state)
{
	struct product_list out;
	char *errs;

	(void)state;
	product_list_init(&out);
	assert_int_equal(parse_file("products.csv", &out, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(out.n, 7);
	assert_string_equal(out.v[0].sku, "KETTLE-01");
	assert_string_equal(out.v[0].name, "Electric Kettle 1.7L");
	assert_string_equal(out.v[0].barcode, "4006381333931");
	assert_string_equal(out.v[0].setup_video_url,
			    "https://example.com/setup/KETTLE-01");
	assert_string_equal(out.v[1].sku, "MUG-02");
	assert_string_equal(out.v[1].setup_video_url, "");
	assert_string_equal(out.v[5].setup_video_url,
			    "https://example.com/setup/SCALE-05?t=30");
	assert_string_equal(out.v[6].name, "Espresso Cup Set, 4 pieces");
	product_list_cleanup(&out);
}

static void test_bad_data_file(void **state)
{
	struct product_list out;
	char *errs;

	(void)state;
	product_list_init(&out);
	assert_int_equal(parse_file("products-bad.csv", &out, &errs), 5);
	assert_string_equal(
		errs,
		"products-bad.csv:3: setup_video_url "
		"\"ftp://example.com/mug.mp4\" does not start with http:// or "
		"https://\n"
		"products-bad.csv:4: empty sku\n"
		"products-bad.csv:5: duplicate sku \"KETTLE-01\" (first on line "
		"2)\n"
		"products-bad.csv:6: setup_video_url "
		"\"https://example.com/setup video\" contains a space or control "
		"character\n"
		"products-bad.csv:7: 3 fields, but the header has 5\n");
	free(errs);
	product_list_cleanup(&out);
}

/* Header names ignore case, padding and column order; other columns are
 * left alone; a BOM and CRLF are fine. */
static void test_header(void **state)
{
	static const char in[] =
		"\xEF\xBB\xBF"
		"Price, Setup_Video_URL ,BARCODE,Name,Sku,notes\r\n"
		"9.99,,0001,Mug,MUG-02,\"fragile, \"\"handle\"\" up\"\r\n";
	struct product_list out;
	char *errs;

	(void)state;
	product_list_init(&out);
	assert_int_equal(parse(in, sizeof in - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].sku, "MUG-02");
	assert_string_equal(out.v[0].name, "Mug");
	assert_string_equal(out.v[0].barcode, "0001");
	assert_string_equal(out.v[0].setup_video_url, "");
	free(errs);
	product_list_cleanup(&out);
}

static void test_header_only(void **state)
{
	struct product_list out;
	char *errs;

	(void)state;
	product_list_init(&out);
	assert_int_equal(parse(H, sizeof H - 1, &out, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(out.n, 0);
	free(errs);
	product_list_cleanup(&out);
}

/* Duplicate detection over a list large enough to rehash often. */
static void test_many_products(void **state)
{
	struct product_list out;
	struct strbuf in;
	char *errs;
	int i;

	(void)state;
	strbuf_init(&in, 0);
	strbuf_adds(&in, H);
	for (i = 0; i < 20000; i++)
		strbuf_addf(&in, "SKU-%d,n,%d,\n", i, i);
	strbuf_adds(&in, "SKU-12345,again,1,\n");
	product_list_init(&out);
	assert_int_equal(parse(in.buf, in.len, &out, &errs), 1);
	assert_string_equal(errs, "p.csv:20002: duplicate sku \"SKU-12345\" "
				  "(first on line 12347)\n");
	assert_int_equal(out.n, 20000);
	free(errs);
	product_list_cleanup(&out);
	strbuf_cleanup(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_data_file),
		cmocka_unit_test(test_bad_data_file),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_many_products),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
