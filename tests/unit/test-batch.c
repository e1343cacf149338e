/* packctl batch's pure parts: the rate, the ETA and the progress line an
 * operator watches for a thousand slips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "batch.h"

static void test_eta_format(void **state)
{
	static const struct {
		double secs;
		const char *out;
	} cases[] = {
	    {0.0, "0:00"},
	    {0.4, "0:00"},
	    {0.6, "0:01"},
	    {59.0, "0:59"},
	    {60.0, "1:00"},
	    {754.0, "12:34"},
	    {3599.4, "59:59"},
	    {3600.0, "1:00:00"},
	    {3723.0, "1:02:03"},
	    {99.0 * 3600.0, "99:00:00"},
	    {99.0 * 3600.0 + 1.0, "--:--"},
	    {-1.0, "--:--"},
	    {1e300, "--:--"},
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(
		    batch_eta_format(out, sizeof out, cases[i].secs),
		    cases[i].out);
	/* A tiny buffer is cut, never overrun. */
	batch_eta_format(out, 3, 3723.0);
	assert_string_equal(out, "1:");
}

static void test_rate_eta(void **state)
{
	struct batch_progress p = {0};

	assert_true(batch_rate(0, 10.0) == 0.0);
	assert_true(batch_rate(10, 0.0) == 0.0);
	assert_true(batch_rate(50, 2.0) == 25.0);
	/* No rate yet: unknown. */
	p.total = 100;
	assert_true(batch_eta(&p) < 0.0);
	/* A resumed batch: 40 done before this run, 20 in 2 s now. */
	p.done = 60;
	p.done_run = 20;
	p.elapsed_s = 2.0;
	assert_true(batch_eta(&p) == 4.0);
	p.done = 100;
	assert_true(batch_eta(&p) == 0.0);
}

static void test_progress_line(void **state)
{
	struct batch_progress p = {
	    .done = 250,
	    .total = 1000,
	    .done_run = 250,
	    .elapsed_s = 10.0,
	    .current = "#10423",
	    .state = "ready",
	};
	char out[256];

	batch_progress_format(out, sizeof out, &p, 0);
	assert_string_equal(out, "250/1000 25.0/s ETA 0:30 #10423 ready");
	batch_progress_format(out, sizeof out, &p, 8);
	assert_string_equal(out,
			    "[##......] 250/1000 25.0/s ETA 0:30 #10423 ready");
	p.done = 1000;
	p.current = NULL;
	batch_progress_format(out, sizeof out, &p, 4);
	assert_string_equal(out, "[####] 1000/1000 25.0/s ETA 0:00 - ready");
	p.done = 0;
	p.done_run = 0;
	p.state = "paused: Paper out - load a new roll";
	batch_progress_format(out, sizeof out, &p, 4);
	assert_string_equal(out, "[....] 0/1000 0.0/s ETA --:-- - paused: "
				 "Paper out - load a new roll");
}

static void test_progress_hostile(void **state)
{
	struct batch_progress p = {.done = 5, .total = 0, .done_run = -3};
	char out[32], small[8];

	/* No total, negative counts, a huge bar: nothing overflows. */
	batch_progress_format(out, sizeof out, &p, 100000);
	assert_true(strlen(out) < sizeof out);
	assert_int_equal(out[0], '[');
	p.total = 10;
	p.done = 20; /* more done than total: the bar stays full */
	batch_progress_format(small, sizeof small, &p, 2);
	assert_string_equal(small, "[##] 20");
	batch_progress_format(out, 0, &p, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_eta_format),
	    cmocka_unit_test(test_rate_eta),
	    cmocka_unit_test(test_progress_line),
	    cmocka_unit_test(test_progress_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
