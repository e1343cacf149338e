/* The CSV reader against hostile bytes. Each case renders everything the
 * reader returns for an input as text, one line per csv_read:
 *   "LINE:field|field"  a record (LINE where it starts; controls as \xNN)
 *   "BAD LINE: reason"  a malformed record
 *   "EOF"
 * so that a whole file's behaviour is one string compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "strbuf.h"

static void render_field(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F || c == '|' || c == '\\')
			strbuf_addf(out, "\\x%02X", c);
		else
			strbuf_addc(out, c);
	}
}

/* Reads all of in[0..len) and returns the rendering (free it). */
static char *render(const char *in, size_t len, unsigned flags,
		    const struct csv_limits *lim)
{
	struct csv_reader *r;
	struct strbuf out;
	struct err e;
	FILE *f;
	size_t i;
	int rc;

	strbuf_init(&out, 0);
	err_clear(&e);
	f = fmemopen((void *)in, len, "r");
	assert_non_null(f);
	r = csv_new(f, flags, lim);
	assert_non_null(r);
	for (;;) {
		rc = csv_read(r, &e);
		if (rc == CSV_EOF) {
			strbuf_adds(&out, "EOF");
			break;
		}
		assert_int_not_equal(rc, ERR_FAIL);
		if (rc == CSV_BAD) {
			assert_int_equal(csv_nfields(r), 0);
			strbuf_addf(&out, "BAD %lu: %s\n", csv_error_line(r),
				    csv_error(r));
			continue;
		}
		assert_int_equal(rc, CSV_RECORD);
		strbuf_addf(&out, "%lu:", csv_line(r));
		for (i = 0; i < csv_nfields(r); i++) {
			if (i > 0)
				strbuf_addc(&out, '|');
			assert_int_equal(strlen(csv_field(r, i)),
					 csv_field_len(r, i));
			render_field(&out, csv_field(r, i),
				     csv_field_len(r, i));
		}
		strbuf_addc(&out, '\n');
	}
	/* The end is sticky. */
	assert_int_equal(csv_read(r, &e), CSV_EOF);
	assert_false(err_isset(&e));
	csv_free(r);
	fclose(f);
	return strbuf_detach(&out);
}

struct csv_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in); inputs with NUL give it */
	unsigned flags;
	struct csv_limits lim;
	const char *want;
};

#define BOM "\xEF\xBB\xBF"

/* clang-format off */
static const struct csv_case cases[] = {
	{"simple", "a,b,c\n1,2,3\n", 0, 0, {0}, "1:a|b|c\n2:1|2|3\nEOF"},
	{"no final newline", "a,b\n1,2", 0, 0, {0}, "1:a|b\n2:1|2\nEOF"},
	{"empty file", "", 0, 0, {0}, "EOF"},
	{"only blank lines", "\n\r\n\r", 0, 0, {0}, "EOF"},
	{"CRLF", "a,b\r\n1,2\r\n", 0, 0, {0}, "1:a|b\n2:1|2\nEOF"},
	{"bare CR", "a\rb\r", 0, 0, {0}, "1:a\n2:b\nEOF"},
	{"mixed line ends", "a\r\nb\nc\rd", 0, 0, {0},
	 "1:a\n2:b\n3:c\n4:d\nEOF"},
	{"blank lines skipped, lines still counted", "\n\na\n\n\nb\n", 0, 0,
	 {0}, "3:a\n6:b\nEOF"},
	{"BOM", BOM "a,b\r\n", 0, 0, {0}, "1:a|b\nEOF"},
	{"BOM only", BOM, 0, 0, {0}, "EOF"},
	{"BOM then quoted", BOM "\"a\"\n", 0, 0, {0}, "1:a\nEOF"},
	{"partial BOM is data", "\xEF\xBB"
				"a\n",
	 0, 0, {0}, "1:\xEF\xBB"
		    "a\nEOF"},
	{"BOM later is data", "a\n" BOM "b\n", 0, 0, {0},
	 "1:a\n2:" BOM "b\nEOF"},
	{"empty fields", ",,\n\"\"\na,\n", 0, 0, {0}, "1:||\n2:\n3:a|\nEOF"},
	{"quoted comma", "\"a,b\",c\n", 0, 0, {0}, "1:a,b|c\nEOF"},
	{"doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", 0, 0, {0},
	 "1:say \"hi\"|\"\nEOF"},
	{"quoted LF, next record's line", "\"x\ny\",z\nnext\n", 0, 0, {0},
	 "1:x\\x0Ay|z\n3:next\nEOF"},
	{"quoted CRLF kept as is", "\"x\r\ny\r\nz\",1\r\nq\r\n", 0, 0, {0},
	 "1:x\\x0D\\x0Ay\\x0D\\x0Az|1\n4:q\nEOF"},
	{"quoted bare CR counts a line", "\"x\ry\",1\nq\n", 0, 0, {0},
	 "1:x\\x0Dy|1\n3:q\nEOF"},
	{"quoted line break then CR LF end", "a,\"1\n2\n3\"\r\nb\r\n", 0, 0,
	 {0}, "1:a|1\\x0A2\\x0A3\n4:b\nEOF"},
	{"unterminated quote at EOF", "a\n\"b,c\nd\n", 0, 0, {0},
	 "1:a\nBAD 2: quoted field is never closed\nEOF"},
	{"unterminated quote at the line it opened", "a\nb,c,\"d\ne\nf",
	 0, 0, {0}, "1:a\nBAD 2: quoted field is never closed\nEOF"},
	{"character after closing quote", "\"a\"b,c\nok\n", 0, 0, {0},
	 "BAD 1: character after closing quote\n2:ok\nEOF"},
	{"character after closing quote, later line",
	 "\"a\nb\" x,c\nok\n", 0, 0, {0},
	 "BAD 2: character after closing quote\n3:ok\nEOF"},
	{"stray quote", "ab\"c,d\nok\n", 0, 0, {0},
	 "BAD 1: stray quote in unquoted field\n2:ok\nEOF"},
	{"quote after a space", "a, \"b\"\nok\n", 0, 0, {0},
	 "BAD 1: stray quote in unquoted field\n2:ok\nEOF"},
	{"NUL unquoted", "a\0b\nok\n", 7, 0, {0},
	 "BAD 1: NUL byte\n2:ok\nEOF"},
	{"NUL quoted, second line", "\"a\nb\0\",c\nok\n", 12, 0, {0},
	 "BAD 2: NUL byte\n3:ok\nEOF"},
	{"only the first problem", "a\"\0,\"b\"c\nok\n", 12, 0, {0},
	 "BAD 1: stray quote in unquoted field\n2:ok\nEOF"},
	{"field over the ceiling", "abcd,abcde\nabcd\n", 0, 0, {4, 0, 0},
	 "BAD 1: field longer than 4 bytes\n2:abcd\nEOF"},
	{"quoted field over the ceiling, its line", "x\n\"ab\ncdef\"\nok\n",
	 0, 0, {4, 0, 0},
	 "1:x\nBAD 2: field longer than 4 bytes\n4:ok\nEOF"},
	{"too many fields", "a,b,c,d\nx,y,z\n", 0, 0, {0, 3, 0},
	 "BAD 1: more than 3 fields\n2:x|y|z\nEOF"},
	{"record over the ceiling", "abc,def,ghi\nok\n", 0, 0, {0, 0, 8},
	 "BAD 1: record longer than 8 bytes\n2:ok\nEOF"},
	{"UTF-8 valid", "Zoë,陳美玲,Ångström\n", 0, CSV_UTF8, {0},
	 "1:Zoë|陳美玲|Ångström\nEOF"},
	{"UTF-8 invalid byte", "ok,\xFF\nnext\n", 0, CSV_UTF8, {0},
	 "BAD 1: invalid UTF-8 in field 2\n2:next\nEOF"},
	{"UTF-8 invalid on a field's 2nd line", "\"a\r\nb\xC3(\",c\nn\n", 0,
	 CSV_UTF8, {0}, "BAD 2: invalid UTF-8 in field 1\n3:n\nEOF"},
	{"UTF-8 overlong", "\xC0\xAF\n", 0, CSV_UTF8, {0},
	 "BAD 1: invalid UTF-8 in field 1\nEOF"},
	{"UTF-8 surrogate", "\xED\xA0\x80\n", 0, CSV_UTF8, {0},
	 "BAD 1: invalid UTF-8 in field 1\nEOF"},
	{"UTF-8 truncated at end", "a,\xE9\x99\n", 0, CSV_UTF8, {0},
	 "BAD 1: invalid UTF-8 in field 2\nEOF"},
	{"invalid UTF-8 passes without the flag", "\xFF\n", 0, 0, {0},
	 "1:\xFF\nEOF"},
	{"trim", "  a ,\" b \",\tc\t,\n", 0, CSV_TRIM, {0},
	 "1:a|b|c|\nEOF"},
	{"no trim without the flag", " a ,b\n", 0, 0, {0}, "1: a |b\nEOF"},
	{"spaces-only line is a record", "   \n", 0, CSV_TRIM, {0},
	 "1:\nEOF"},
};
/* clang-format on */

static void test_cases(void **state)
{
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct csv_case *c = &cases[i];

		got = render(c->in, c->len != 0 ? c->len : strlen(c->in),
			     c->flags, &c->lim);
		if (strcmp(got, c->want) != 0) {
			print_error("case \"%s\"\nwant:\n%s\ngot:\n%s\n",
				    c->name, c->want, got);
			free(got);
			fail();
		}
		free(got);
	}
}

/* The default ceilings, at and just over the limit. */
static void test_default_limits(void **state)
{
	struct strbuf in;
	char *got, want[64];
	size_t i;

	(void)state;
	strbuf_init(&in, 0);
	for (i = 0; i < CSV_MAX_FIELD; i++)
		strbuf_addc(&in, 'x');
	strbuf_adds(&in, "\nx");
	for (i = 0; i < CSV_MAX_FIELD; i++)
		strbuf_addc(&in, 'x');
	strbuf_adds(&in, "\nok\n");
	got = render(in.buf, in.len, 0, NULL);
	snprintf(want, sizeof want, "BAD 2: field longer than %d bytes\n",
		 CSV_MAX_FIELD);
	assert_int_equal(strncmp(got, "1:xxx", 5), 0);
	assert_non_null(strstr(got, want));
	assert_non_null(strstr(got, "\n3:ok\nEOF"));
	free(got);

	strbuf_reset(&in);
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		strbuf_adds(&in, i == 0 ? "f" : ",f");
	strbuf_adds(&in, "\n,");
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		strbuf_adds(&in, i == 0 ? "f" : ",f");
	strbuf_adds(&in, "\n");
	got = render(in.buf, in.len, 0, NULL);
	snprintf(want, sizeof want, "BAD 2: more than %d fields\nEOF",
		 CSV_MAX_FIELDS);
	assert_non_null(strstr(got, want));
	assert_int_equal(strncmp(got, "1:f|f|", 6), 0);
	free(got);
	strbuf_cleanup(&in);
}

/* Many records through one reader: buffers are reused, lines add up. */
static void test_many_records(void **state)
{
	struct csv_reader *r;
	struct strbuf in;
	unsigned long n = 0, line = 0;
	struct err e;
	FILE *f;
	int i;

	(void)state;
	strbuf_init(&in, 0);
	for (i = 0; i < 20000; i++)
		strbuf_addf(&in, i % 3 == 0 ? "%d,\"two\r\nlines\"\r\n"
					    : "%d,plain\r\n",
			    i);
	f = fmemopen(in.buf, in.len, "r");
	assert_non_null(f);
	r = csv_new(f, CSV_UTF8, NULL);
	assert_non_null(r);
	err_clear(&e);
	while (csv_read(r, &e) == CSV_RECORD) {
		assert_int_equal(csv_nfields(r), 2);
		assert_int_equal(strtol(csv_field(r, 0), NULL, 10), (long)n);
		assert_int_equal(csv_field_line(r, 1), csv_line(r));
		line = csv_line(r);
		n++;
	}
	assert_int_equal(n, 20000);
	/* Record 19999 starts after 6667 two-line records. */
	assert_int_equal(line, 19999 + 6667 + 1);
	csv_free(r);
	fclose(f);
	strbuf_cleanup(&in);
}

static void test_field_lines(void **state)
{
	static const char in[] = "h1,h2,h3\n\"a\nb\",\"c\r\nd\",e\n";
	struct csv_reader *r;
	struct err e;
	FILE *f;

	(void)state;
	err_clear(&e);
	f = fmemopen((void *)in, sizeof in - 1, "r");
	assert_non_null(f);
	r = csv_new(f, 0, NULL);
	assert_int_equal(csv_read(r, &e), CSV_RECORD);
	assert_int_equal(csv_read(r, &e), CSV_RECORD);
	assert_int_equal(csv_line(r), 2);
	assert_int_equal(csv_field_line(r, 0), 2);
	assert_int_equal(csv_field_line(r, 1), 3);
	assert_int_equal(csv_field_line(r, 2), 4);
	/* Past the end: "" so that absent columns need no special case. */
	assert_string_equal(csv_field(r, 3), "");
	assert_string_equal(csv_field(r, SIZE_MAX), "");
	assert_int_equal(csv_field_len(r, SIZE_MAX), 0);
	assert_int_equal(csv_read(r, &e), CSV_EOF);
	csv_free(r);
	fclose(f);
}

static void test_read_error(void **state)
{
	struct csv_reader *r;
	struct err e;
	FILE *f;

	(void)state;
	err_clear(&e);
	f = fopen("/dev/null", "w"); /* reading it fails */
	assert_non_null(f);
	r = csv_new(f, 0, NULL);
	assert_int_equal(csv_read(r, &e), ERR_FAIL);
	assert_true(err_isset(&e));
	assert_non_null(strstr(e.msg, "reading CSV: "));
	assert_int_equal(csv_read(r, &e), ERR_FAIL);
	csv_free(r);
	fclose(f);
}

static void test_quote(void **state)
{
	/* clang-format off */
	static const struct {
		const char *in;
		size_t outsz;
		const char *want;
	} t[] = {
		{"two", 64, "\"two\""},
		{"", 64, "\"\""},
		{"a\"b\\c", 64, "\"a\\\"b\\\\c\""},
		{"\x1B[2J\f\x7F", 64, "\"\\x1B[2J\\x0C\\x7F\""},
		{"Zoë 陳", 64, "\"Zoë 陳\""},
		{"\xC2\x85", 64, "\"\\xC2\\x85\""}, /* C1 NEL */
		{"\xFF\xC3", 64, "\"\\xFF\\xC3\""},
		{"abcdefghij", 10, "\"abcd...\""},
		{"abc", 8, "\"abc\""},
		{"陳美玲陳美玲", 12, "\"陳美...\""},
		{"陳美玲陳美玲", 11, "\"陳...\""},
	};
	/* clang-format on */
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		csv_quote(out, t[i].outsz, t[i].in);
		assert_string_equal(out, t[i].want);
		assert_true(strlen(out) < t[i].outsz);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_default_limits),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_field_lines),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
