/* The hid: scanner source without a device: which targets it takes
 * (hid:VID:PID[:SERIAL][?mode=auto|kbd|pos]) and how it refuses the rest,
 * and that looking for an absent scanner says so and leaks nothing (run
 * under ASan: the libusb context is made and ended). The device side is
 * tested end to end against an emulated scanner
 * (tests/e2e/test-scanner-hid.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner.h"

static void test_targets(void **state)
{
	static const struct {
		const char *uri;
		int ok;
	} cases[] = {
	    {"hid:0c2e:0b61", 1},
	    {"hid:0C2E:0B61:SN-42", 1},
	    {"hid:0c2e:0b61?mode=pos", 1},
	    {"hid:0c2e:0b61:SN-42?mode=kbd", 1},
	    {"hid:0c2e:0b61?mode=auto&mode=pos", 1},
	    {"hid:", 0},
	    {"hid:0c2e", 0},
	    {"hid:c2e:b61", 0},
	    {"hid:0c2e:0b61:", 0},
	    {"hid:0c2e:0b61:a b", 0},
	    {"hid:0c2e:0b61?", 1}, /* no options */
	    {"hid:0c2e:0b61?mode=", 0},
	    {"hid:0c2e:0b61?mode=evdev", 0},
	    {"hid:0c2e:0b61?mode=posx", 0},
	    {"hid:0c2e:0b61?baud=9600", 0},
	    {"hid:0c2e:0b61?mode=pos&", 1},
	    {"hid:0c2e:0b61:\x1b[2J", 0},
	};
	struct scanner *sc;
	struct err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&err);
		if (scanner_open(&sc, cases[i].uri, NULL, &err) == 0) {
			if (!cases[i].ok)
				fail_msg("%s: taken", cases[i].uri);
			scanner_close(sc);
			continue;
		}
		if (cases[i].ok)
			fail_msg("%s: refused: %s", cases[i].uri, err.msg);
		assert_null(sc);
		assert_non_null(strstr(err.msg, "expected hid:VID:PID"));
		assert_memory_equal(err.msg, cases[i].uri, strlen("hid:"));
	}
}

/* No such device here (or no USB at all): not connected, with the
 * reason; closing ends the libusb context. */
static void test_absent(void **state)
{
	struct scanner *sc;
	struct err err;
	int changed = 1;

	err_clear(&err);
	assert_int_equal(scanner_open(&sc, "hid:1209:fffe:NOPE", NULL, &err),
			 0);
	assert_int_equal(scanner_poll_fd(sc, &changed), -1);
	assert_int_equal(changed, 0);
	assert_false(sc->connected);
	assert_non_null(strstr(sc->why, "hid:1209:fffe:NOPE: "));
	scanner_close(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
