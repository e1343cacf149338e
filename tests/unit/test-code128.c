/* Code 128 for GS k 73: symbol values with check digit, HRI text, widths,
 * and rejection of every malformed escape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "code128.h"

#define MAXV 16

struct good {
	const char *data;
	size_t len;
	int values[MAXV]; /* start .. check, stop; 0-terminated after stop */
	const char *hri;
};

/* Values hand-computed: check = (start + sum(i * v_i)) mod 103. */
static const struct good goods[] = {
    /* Order numbers as our encoder sends them. */
    {"{B10423", 7, {104, 17, 16, 20, 18, 19, 71, 106}, "10423"},
    {"{C\x01\x04\x17", 5, {105, 1, 4, 23, 80, 106}, "010423"},
    /* reference.md: "No. 123456" as {B N o . SP {C 12 34 56. */
    {"{BNo. {C\x0c\x22\x38",
     11,
     {104, 46, 79, 14, 0, 99, 12, 34, 56, 58, 106},
     "No. 123456"},
    /* A literal brace, FNC1 (GS1-128), set A controls print as space. */
    {"{Ba{{b", 6, {104, 65, 91, 66, 34, 106}, "a{b"},
    {"{C{1\x01\x02", 6, {105, 102, 1, 2, 9, 106}, "0102"},
    {"{A\x01"
     "A",
     4,
     {103, 65, 33, 28, 106},
     " A"},
    /* Shift: one character from the other of A/B. */
    {"{A{SaB", 6, {103, 98, 65, 34, 21, 106}, "aB"},
    {"{B{S\x0d"
     "a",
     6,
     {104, 98, 77, 65, 36, 106},
     " a"},
    /* FNC4 is 101 in set A, 100 in set B; FNC2 97, FNC3 96. */
    {"{A{4", 4, {103, 101, 101, 106}, ""},
    {"{B{4{2{3", 8, {104, 100, 97, 96, 68, 106}, ""},
    /* Switching sets, and a start with no data. */
    {"{B1{C\x63{A\x00", 9, {104, 17, 99, 99, 101, 64, 1, 106}, "199 "},
    {"{C", 2, {105, 2, 106}, ""},
    {"{B\x7f", 3, {104, 95, 96, 106}, " "},
};

static void test_encode_values(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		const struct good *g = &goods[i];
		struct code128 c;
		struct err e;
		int n = 0, k;

		err_clear(&e);
		if (code128_encode(&c, (const unsigned char *)g->data, g->len,
				   &e) != 0)
			fail_msg("case %zu (%s): %s", i, g->data, e.msg);
		while (g->values[n] != 106)
			n++;
		n++;
		assert_int_equal(c.nvalues, n);
		for (k = 0; k < n; k++)
			if (c.values[k] != g->values[k])
				fail_msg("case %zu value %d: got %d want %d", i,
					 k, c.values[k], g->values[k]);
		assert_string_equal(c.hri, g->hri);
		assert_int_equal(code128_modules(&c), (n - 1) * 11 + 13);
		assert_int_equal(code128_measure((const unsigned char *)g->data,
						 g->len, NULL),
				 (n - 1) * 11 + 13);
	}
}

static void test_encode_rejects(void **state)
{
	static const struct {
		const char *data;
		size_t len;
	} bad[] = {
	    {"", 0},	   {"{", 1},	   {"10423", 5},  {"{D12", 4},
	    {"B{12", 4},   {"{B12{", 5},   {"{B{x", 4},	  {"{B{\x00", 4},
	    {"{C\x64", 3}, {"{C\xff", 3},  {"{C{2", 4},	  {"{C{S\x01", 5},
	    {"{C{4", 4},   {"{B{B1", 5},   {"{A{A1", 5},  {"{C{C\x01", 5},
	    {"{B1{S", 5},  {"{B{S{A1", 7}, {"{B\x0a", 3}, {"{B\x80", 3},
	    {"{Aa", 3},	   {"{A{{", 4},	   {"{A\x7f", 3}, {"{B{S\xe9", 5},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct code128 c;
		struct err e;

		err_clear(&e);
		if (code128_encode(&c, (const unsigned char *)bad[i].data,
				   bad[i].len, &e) != -1)
			fail_msg("case %zu accepted", i);
		assert_true(err_isset(&e));
		assert_int_equal(
		    code128_measure((const unsigned char *)bad[i].data,
				    bad[i].len, NULL),
		    -1);
	}
}

/* The longest data GS k allows fills the arrays exactly; one more byte is
 * refused rather than overflowing. */
static void test_encode_limits(void **state)
{
	unsigned char data[CODE128_MAX_DATA + 1];
	struct code128 c;
	struct err e;
	size_t len;

	(void)state;
	memset(data, 99, sizeof data);
	data[0] = '{';
	data[1] = 'C';
	assert_int_equal(code128_encode(&c, data, CODE128_MAX_DATA, NULL), 0);
	assert_int_equal(c.nvalues, CODE128_MAX_DATA - 2 + 3);
	assert_int_equal(strlen(c.hri), 2 * (CODE128_MAX_DATA - 2));
	err_clear(&e);
	assert_int_equal(code128_encode(&c, data, sizeof data, &e), -1);
	assert_true(err_isset(&e));
	/* Garbage of every length never crashes. */
	for (len = 0; len <= CODE128_MAX_DATA; len++) {
		unsigned char junk[CODE128_MAX_DATA];
		unsigned seed = (unsigned)len * 2654435761u;
		size_t i;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			junk[i] = (unsigned char)(seed >> 16);
			if (i < 2)
				junk[i] = i == 0 ? '{' : 'B';
		}
		(void)code128_encode(&c, junk, len, NULL);
	}
}

/* Every symbol is 11 modules with an even bar total (the parity that lets
 * scanners check each symbol); the stop is 13; all are distinct. */
static void test_patterns(void **state)
{
	unsigned char w[7], v[7];
	int value, other, k;

	(void)state;
	for (value = 0; value <= CODE128_STOP; value++) {
		int n = code128_pattern(value, w), sum = 0, bars = 0;

		assert_int_equal(n, value == CODE128_STOP ? 7 : 6);
		for (k = 0; k < n; k++) {
			assert_in_range(w[k], 1, 4);
			sum += w[k];
			bars += k % 2 == 0 ? w[k] : 0;
		}
		assert_int_equal(sum, value == CODE128_STOP ? 13 : 11);
		assert_int_equal(bars % 2, 0);
		for (other = 0; other < value; other++) {
			code128_pattern(other, v);
			assert_memory_not_equal(w, v, 6);
		}
	}
	assert_int_equal(code128_pattern(-1, w), 0);
	assert_int_equal(code128_pattern(107, w), 0);
	assert_int_equal(code128_pattern(INT32_MAX, w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_encode_values),
	    cmocka_unit_test(test_encode_rejects),
	    cmocka_unit_test(test_encode_limits),
	    cmocka_unit_test(test_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
