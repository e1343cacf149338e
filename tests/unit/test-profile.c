/* Printer profiles: the shipped files load, bad files say FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"

static char dirs[1024];

static int setup(void **state)
{
	snprintf(dirs, sizeof dirs, "%s/assets/profiles",
		 getenv("PACKDESK_SRCDIR"));
	return 0;
}

struct names {
	int n;
	char v[16][64];
};

static int collect(const struct profile *p, void *arg)
{
	struct names *ns = arg;

	if (ns->n < 16)
		snprintf(ns->v[ns->n++], sizeof ns->v[0], "%s", p->name);
	return 0;
}

static void test_shipped(void **state)
{
	struct names ns = {0};
	struct profile p;
	struct err err;

	err_clear(&err);
	assert_int_equal(profile_each(dirs, collect, &ns, &err), 0);
	assert_int_equal(ns.n, 6);
	assert_string_equal(ns.v[0], "epson-tm-t20iii");
	assert_string_equal(ns.v[4], "zebra-zd421");
	assert_string_equal(ns.v[5], "zebra-zd421-2x1");
	assert_int_equal(profile_find(&p, "epson-tm-t20iii", dirs, &err), 0);
	assert_int_equal(p.language, PROFILE_ESCPOS);
	assert_int_equal(p.width_dots, 576);
	assert_int_equal(p.columns, 48);
	assert_int_equal(p.ncodepages, 3);
	assert_string_equal(p.codepages[1].name, "CP858");
	assert_int_equal(p.codepages[1].number, 19);
	assert_int_equal(profile_find(&p, "generic-58mm", dirs, &err), 0);
	assert_int_equal(p.cjk, PROFILE_CJK_GB18030);
	assert_int_equal(p.columns, 32);
	assert_int_equal(profile_find(&p, "zebra-zd421", dirs, &err), 0);
	assert_int_equal(p.language, PROFILE_ZPL);
	assert_int_equal(p.height_dots, 1218);
	assert_int_equal(profile_find(&p, "tsc-te210", dirs, &err), 0);
	assert_int_equal(p.language, PROFILE_TSPL);
}

static void test_errors(void **state)
{
	char path[1024];
	struct profile p;
	struct err err;
	FILE *f;

	err_clear(&err);
	assert_int_equal(profile_find(&p, "nope", dirs, &err), -1);
	assert_non_null(strstr(err.msg, "no printer profile \"nope\""));
	err_clear(&err);
	assert_int_equal(profile_find(&p, "../etc/passwd", dirs, &err), -1);
	snprintf(path, sizeof path, "%s/bad.ini", getenv("TEST_TMPDIR"));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("language = escpos\nwidth_dots = 576\ncjk = klingon\n", f);
	fclose(f);
	err_clear(&err);
	assert_int_equal(profile_load_file(&p, path, &err), -1);
	assert_non_null(strstr(err.msg, "bad.ini:3: cjk: bad value \"klingon\""));
	f = fopen(path, "w");
	fputs("language = zpl\nwidth_dots = 812\n", f);
	fclose(f);
	err_clear(&err);
	assert_int_equal(profile_load_file(&p, path, &err), -1);
	assert_non_null(strstr(err.msg, "needs height_dots"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_shipped, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
