/* The configuration file: defaults, bounds and FILE:LINE errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"

static const char *write_conf(const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/t.conf", getenv("TEST_TMPDIR"));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults_and_file(void **state)
{
	struct config c;
	struct err err;

	err_clear(&err);
	config_defaults(&c);
	assert_string_equal(c.paper, "80mm");
	assert_int_equal(c.returns_days, 30);
	assert_int_equal(config_load(&c,
				     write_conf("; comment\n[station]\nid = s9\n"
						"[shop]\nreturns_days = 14\n"
						"name = A & B\n"),
				     1, &err),
			 0);
	assert_string_equal(c.station, "s9");
	assert_string_equal(c.shop_name, "A & B");
	assert_int_equal(c.returns_days, 14);
	assert_int_equal(config_set(&c, "station.paper", "58mm", &err), 0);
	assert_string_equal(c.paper, "58mm");
}

static void test_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"[station]\nbogus = 1\n", ":2: unknown setting \"bogus\" in [station]"},
		{"[shop]\n\nreturns_days = -1\n", ":3: returns_days must be a whole number from 0 to 3650, not \"-1\""},
		{"[shop]\nexchange_bonus = ten\n", ":2: exchange_bonus must be a whole number"},
		{"[station]\nthis is not a setting\n", ":2: not a valid setting line"},
	};
	struct config c;
	struct err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&err);
		config_defaults(&c);
		assert_int_equal(config_load(&c, write_conf(cases[i].text), 1,
					     &err),
				 -1);
		assert_non_null(strstr(err.msg, cases[i].msg));
	}
	err_clear(&err);
	assert_int_equal(config_load(&c, "/nonexistent.conf", 1, &err), -1);
	err_clear(&err);
	assert_int_equal(config_load(&c, "/nonexistent.conf", 0, &err), 0);
	assert_int_equal(config_set(&c, "nope", "1", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_file),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
