/* The scan framer every scanner source shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scan-framer.h"

static void feed(struct scan_framer *f, const char *s, int64_t now)
{
	assert_int_equal(scan_framer_feed(f, s, strlen(s), now), strlen(s));
}

static void expect(struct scan_framer *f, const char *data, const char *aim)
{
	struct scan s;

	assert_int_equal(scan_framer_next(f, &s), 1);
	assert_int_equal(s.len, strlen(data));
	assert_memory_equal(s.data, data, s.len);
	assert_string_equal(s.symbology, aim);
}

static void test_terminators(void **state)
{
	struct scan_framer f;
	struct scan s;

	scan_framer_init(&f, NULL);
	feed(&f, "A1\rB2\nC3\r\nD4\r\rE5", 0);
	expect(&f, "A1", "");
	expect(&f, "B2", "");
	expect(&f, "C3", ""); /* CR LF is one terminator */
	expect(&f, "D4", "");
	expect(&f, "", "");   /* CR CR: an empty scan, rejected later */
	assert_int_equal(scan_framer_next(&f, &s), 0);
	scan_framer_flush(&f); /* end of input ends E5 */
	expect(&f, "E5", "");

	struct scan_framer_config c = {.terminators = SCAN_TERM_TAB};
	scan_framer_init(&f, &c);
	feed(&f, "X\tY\rZ\t", 0);
	expect(&f, "X", "");
	expect(&f, "Y\rZ", ""); /* CR is data when only Tab ends scans */
}

static void test_gap_timeout(void **state)
{
	struct scan_framer_config c = {.gap_ms = 80};
	struct scan_framer f;
	struct scan s;

	scan_framer_init(&f, &c);
	feed(&f, "10", 1000);
	assert_int_equal(scan_framer_timeout(&f, 1050), 30);
	feed(&f, "423", 1050);
	assert_int_equal(scan_framer_timeout(&f, 1100), 30);
	assert_int_equal(scan_framer_next(&f, &s), 0);
	assert_int_equal(scan_framer_timeout(&f, 1130), -1);
	expect(&f, "10423", "");
	assert_int_equal(scan_framer_timeout(&f, 5000), -1);
}

static void test_aim_and_gs1(void **state)
{
	struct scan_framer f;

	scan_framer_init(&f, NULL);
	feed(&f, "]C010423\r]E00012345678905\r]Q1https://x\r", 0);
	expect(&f, "10423", "]C0");
	expect(&f, "0012345678905", "]E0");
	expect(&f, "https://x", "]Q1");
	/* GS1-128: the FNC1 separators arrive as GS and stay data. */
	feed(&f, "]C101095011010209171719050810ABCD1234\x1d" "2110\r", 0);
	expect(&f, "01095011010209171719050810ABCD1234\x1d" "2110", "]C1");
	/* Not an identifier: kept as it is. */
	feed(&f, "]x\r]10423\r", 0);
	expect(&f, "]x", "");
	expect(&f, "]10423", "");

	struct scan_framer_config off = {.aim = 0};
	scan_framer_init(&f, &off);
	feed(&f, "]C010423\r", 0);
	expect(&f, "]C010423", "");
}

static void test_affixes_and_length(void **state)
{
	struct scan_framer_config c = {.aim = 1, .max_len = 8};
	struct scan_framer f;
	struct scan s;

	strcpy(c.strip_prefix, "#");
	strcpy(c.strip_suffix, "!");
	scan_framer_init(&f, &c);
	feed(&f, "#10423!\r123456789\r12345678\r", 0);
	expect(&f, "10423", "");
	assert_int_equal(scan_framer_next(&f, &s), 1);
	assert_true(s.toolong);
	expect(&f, "12345678", "");
}

static void test_burst_and_queue(void **state)
{
	char burst[100 * 7 + 1];
	struct scan_framer f;
	struct scan s;
	size_t used = 0, n = 0, taken, total;
	int i;

	for (i = 0; i < 100; i++)
		used += (size_t)sprintf(burst + used, "%05d\r", 10000 + i);
	total = used;
	scan_framer_init(&f, NULL);
	/* The queue takes SCAN_QUEUE scans; the rest waits for room. */
	while (used > 0) {
		taken = scan_framer_feed(&f, burst + (total - used), used, 0);
		used -= taken;
		while (scan_framer_next(&f, &s)) {
			assert_int_equal(atoi(s.data), 10000 + (int)n);
			n++;
		}
	}
	assert_int_equal(n, 100);
}

static void test_discard(void **state)
{
	struct scan_framer f;
	struct scan s;

	scan_framer_init(&f, NULL);
	feed(&f, "104", 0);
	scan_framer_discard(&f); /* unplugged mid-scan */
	scan_framer_flush(&f);
	assert_int_equal(scan_framer_next(&f, &s), 0);
	assert_string_equal(scan_symbology_name("]C0"), "Code 128");
	assert_null(scan_symbology_name("]Z9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminators),
		cmocka_unit_test(test_gap_timeout),
		cmocka_unit_test(test_aim_and_gs1),
		cmocka_unit_test(test_affixes_and_length),
		cmocka_unit_test(test_burst_and_queue),
		cmocka_unit_test(test_discard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
