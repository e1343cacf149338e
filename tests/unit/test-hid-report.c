/* Decoding HID scanner reports (firmware/hid-report.c): boot-keyboard
 * reports as a keyboard wedge sends them - shift, repeated characters
 * with and without release reports, rollover errors, keys held across
 * reports, garbage usages - and HID POS symbol reports, single and split,
 * with bad counts and truncated reports. The USB side is tested end to
 * end against an emulated scanner (tests/e2e/test-scanner-hid.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hid-report.h"

/* A boot report: modifiers, reserved, up to six key usages. */
#define R(mods, ...)                                                           \
	{                                                                      \
		(mods), 0, __VA_ARGS__                                         \
	}
#define UP                                                                     \
	{                                                                      \
		0                                                              \
	}
#define LSHIFT 0x02
#define RSHIFT 0x20
#define LCTRL 0x01
#define LALT 0x04
#define RALT 0x40
#define ROLLOVER R(0, 1, 1, 1, 1, 1, 1)

struct boot_case {
	const char *name;
	unsigned char r[24][8];
	size_t n;
	const char *want;
};

static const struct boot_case boot_cases[] = {
    {"10423 CR with releases",
     {R(0, 0x1e), UP, R(0, 0x27), UP, R(0, 0x21), UP, R(0, 0x1f), UP,
      R(0, 0x20), UP, R(0, 0x28), UP},
     12,
     "10423\r"},
    {"all digits",
     {R(0, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23), UP,
      R(0, 0x24, 0x25, 0x26, 0x27)},
     3,
     "1234567890"},
    {"all letters",
     {R(0, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09), UP,
      R(0, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f), UP,
      R(0, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15), UP,
      R(0, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b), UP, R(0, 0x1c, 0x1d)},
     9,
     "abcdefghijklmnopqrstuvwxyz"},
    {"left and right shift",
     {R(LSHIFT, 0x04), UP, R(RSHIFT, 0x05), UP, R(0, 0x06)},
     5,
     "ABc"},
    {"shift then key in one report",
     {R(LSHIFT), R(LSHIFT, 0x1e), R(LSHIFT), UP},
     4,
     "!"},
    {"shifted digits",
     {R(LSHIFT, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23), UP,
      R(RSHIFT, 0x24, 0x25, 0x26, 0x27)},
     3,
     "!@#$%^&*()"},
    {"punctuation",
     {R(0, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32), UP,
      R(0, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38)},
     3,
     "-=[]\\\\;'`,./"},
    {"shifted punctuation",
     {R(LSHIFT, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32), UP,
      R(RSHIFT, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38)},
     3,
     "_+{}||:\"~<>?"},
    {"tab space enter",
     {R(0, 0x2b), UP, R(0, 0x2c), UP, R(0, 0x28)},
     5,
     "\t \r"},
    {"keypad",
     {R(0, 0x59), UP, R(0, 0x62), UP, R(0, 0x63), UP,
      R(0, 0x54, 0x55, 0x56, 0x57), UP, R(0, 0x58)},
     9,
     "10./*-+\r"},
    {"repeat with release",
     {R(0, 0x04), UP, R(0, 0x04), UP, R(0, 0x04)},
     5,
     "aaa"},
    {"repeat without release is one held key",
     {R(0, 0x04), R(0, 0x04), R(0, 0x04), UP},
     4,
     "a"},
    {"repeat across the shift", {R(0, 0x04), R(LSHIFT, 0x04), UP}, 3, "a"},
    {"held key, second key added",
     {R(0, 0x04), R(0, 0x04, 0x05), R(0, 0x05), R(0, 0x05, 0x06), UP},
     5,
     "abc"},
    {"held key moves slot",
     {R(0, 0x04, 0x05), R(0, 0x05, 0x04, 0x06)},
     2,
     "abc"},
    {"slot order is typing order", {R(0, 0x05, 0x04)}, 1, "ba"},
    {"a key twice in one report", {R(0, 0x04, 0x04)}, 1, "a"},
    {"rollover keeps the previous report",
     {R(0, 0x04), ROLLOVER, R(0, 0x04, 0x05), UP},
     4,
     "ab"},
    {"rollover between repeats",
     {R(0, 0x04), UP, ROLLOVER, R(0, 0x04)},
     4,
     "aa"},
    {"rollover while held", {R(0, 0x04), ROLLOVER, R(0, 0x04)}, 3, "a"},
    {"POST fail and undefined error",
     {R(0, 0x02), R(0, 0x03, 0x04), R(0, 0x05)},
     3,
     "b"},
    {"garbage usages",
     {R(0, 0x3a, 0x4f, 0xe0, 0xff, 0x29, 0x2a), R(0, 0x39, 0x64, 0xa5), UP},
     3,
     ""},
    {"garbage beside a key", {R(0, 0xff, 0x04, 0x80)}, 1, "a"},
    {"reserved byte ignored", {{0, 0xff, 0x04}}, 1, "a"},
    {"Ctrl+] is GS", {R(LCTRL, 0x30), UP, R(0x10, 0x30), UP}, 4, "\x1d\x1d"},
    {"Ctrl with a letter", {R(LCTRL, 0x04), UP, R(0, 0x05)}, 3, "b"},
    {"AltGr with a letter", {R(RALT, 0x14), UP, R(0, 0x14)}, 3, "q"},
    {"Alt code 0029 is GS",
     {R(LALT), R(LALT, 0x62), R(LALT), R(LALT, 0x62), R(LALT), R(LALT, 0x5a),
      R(LALT), R(LALT, 0x61), R(LALT), UP, R(0, 0x04)},
     11,
     "\x1d"
     "a"},
    {"Alt code on RAlt, released with a key",
     {R(RALT, 0x5e), R(RALT, 0x5e, 0x5d), R(0, 0x04)},
     3,
     "Aa"},
    {"Alt code over 127 dropped",
     {R(LALT, 0x59), R(LALT, 0x5e), R(LALT, 0x5e, 0x5f), UP},
     4,
     ""},
    {"Alt code of five digits dropped",
     {R(LALT, 0x62), R(LALT), R(LALT, 0x62), R(LALT), R(LALT, 0x62), R(LALT),
      R(LALT, 0x5a), R(LALT), R(LALT, 0x61), UP},
     10,
     ""},
};

static void test_boot_table(void **state)
{
	size_t i, j, got, len;
	struct hid_boot b;
	char out[HID_BOOT_OUT_MAX], all[128];

	for (i = 0; i < sizeof boot_cases / sizeof boot_cases[0]; i++) {
		const struct boot_case *c = &boot_cases[i];

		hid_report_boot_init(&b);
		len = 0;
		for (j = 0; j < c->n; j++) {
			int rc = hid_report_boot(&b, c->r[j], 8, out, &got);

			assert_true(rc == HID_REPORT_OK ||
				    rc == HID_REPORT_IGNORED);
			assert_true(got <= HID_BOOT_OUT_MAX);
			assert_true(len + got < sizeof all);
			memcpy(all + len, out, got);
			len += got;
		}
		all[len] = '\0';
		if (len != strlen(c->want) || memcmp(all, c->want, len) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, all,
				 c->want);
	}
}

/* Rollover and bad lengths say so and leave the state as it was. */
static void test_boot_results(void **state)
{
	static const unsigned char a[8] = R(0, 0x04);
	static const unsigned char roll[8] = ROLLOVER;
	static const unsigned char nine[9] = {0, 0, 0x05};
	struct hid_boot b;
	char out[HID_BOOT_OUT_MAX];
	size_t got = 99;

	hid_report_boot_init(&b);
	assert_int_equal(hid_report_boot(&b, a, 8, out, &got), HID_REPORT_OK);
	assert_int_equal(got, 1);
	assert_int_equal(hid_report_boot(&b, roll, 8, out, &got),
			 HID_REPORT_IGNORED);
	assert_int_equal(got, 0);
	assert_int_equal(hid_report_boot(&b, nine, 9, out, &got),
			 HID_REPORT_BAD);
	assert_int_equal(hid_report_boot(&b, nine, 7, out, &got),
			 HID_REPORT_BAD);
	assert_int_equal(hid_report_boot(&b, nine, 0, out, &got),
			 HID_REPORT_BAD);
	assert_int_equal(hid_report_boot(&b, NULL, 8, out, &got),
			 HID_REPORT_BAD);
	assert_int_equal(got, 0);
	/* Still "a held": the same report again is no new key. */
	assert_int_equal(hid_report_boot(&b, a, 8, out, &got), HID_REPORT_OK);
	assert_int_equal(got, 0);
}

/* Six new keys and a finished Alt code in one report: the most a report
 * yields, which must fit HID_BOOT_OUT_MAX. */
static void test_boot_most(void **state)
{
	static const unsigned char alt[8] = R(LALT, 0x5e, 0x5d); /* 65 */
	static const unsigned char six[8] = R(0, 4, 5, 6, 7, 8, 9);
	struct hid_boot b;
	char out[HID_BOOT_OUT_MAX];
	size_t got;

	hid_report_boot_init(&b);
	assert_int_equal(hid_report_boot(&b, alt, 8, out, &got), HID_REPORT_OK);
	assert_int_equal(got, 0);
	assert_int_equal(hid_report_boot(&b, six, 8, out, &got), HID_REPORT_OK);
	assert_int_equal(got, 7);
	assert_memory_equal(out, "Aabcdef", 7);
}

/* One HID POS report: what it carries and what the decoder should say. */
struct pos_step {
	const char *aim; /* NULL: three zero bytes */
	const char *data;
	int more;
	int count;	  /* -1: strlen(data) */
	size_t size;	  /* 0: 64, the usual report */
	unsigned char id; /* 0: 0x02 */
	int rc;
	const char *out; /* the symbol completed by this report, or "" */
};

struct pos_case {
	const char *name;
	struct pos_step steps[5];
	size_t n;
};

static const struct pos_case pos_cases[] = {
    {"one report", {{"]C0", "10424", 0, -1, 0, 0, 0, "]C010424\r"}}, 1},
    {"EAN-13",
     {{"]E0", "4006381333931", 0, -1, 0, 0, 0, "]E04006381333931\r"}},
     1},
    {"no AIM ID", {{NULL, "10424", 0, -1, 0, 0, 0, "10424\r"}}, 1},
    {"AIM ID without its bracket is not one",
     {{"C0x", "10424", 0, -1, 0, 0, 0, "10424\r"}},
     1},
    {"three reports",
     {{"]Q1", "https://shop.ex", 1, -1, 0, 0, 0, ""},
      {"]Q1", "ample/r?o=10423", 1, -1, 0, 0, 0, ""},
      {"]Q1", "&z=97201", 0, -1, 0, 0, 0,
       "]Q1https://shop.example/r?o=10423&z=97201\r"}},
     3},
    {"two symbols",
     {{"]C0", "1", 0, -1, 0, 0, 0, "]C01\r"},
      {"]E4", "2", 0, -1, 0, 0, 0, "]E42\r"}},
     2},
    {"GS1 with GS separators kept",
     {{"]C1",
       "0109521234543213\x1d"
       "10ABC",
       0, -1, 0, 0, 0,
       "]C10109521234543213\x1d"
       "10ABC\r"}},
     1},
    {"empty last report",
     {{"]C0", "10423", 1, -1, 0, 0, 0, ""},
      {"]C0", "", 0, -1, 0, 0, 0, "]C010423\r"}},
     2},
    {"longest count fits", {{"]C0", "", 0, 58, 0, 0, 0, NULL}}, 1},
    {"count into the flag byte", {{"]C0", "", 0, 59, 0, 0, -1, ""}}, 1},
    {"count past the report", {{"]C0", "", 0, 255, 0, 0, -1, ""}}, 1},
    {"truncated report", {{"]C0", "10424", 0, -1, 10, 0, -1, ""}}, 1},
    {"truncated to the header", {{"]C0", "", 0, 0, 5, 0, -1, ""}}, 1},
    {"smallest report", {{"]C0", "", 0, 0, 6, 0, 0, "]C0\r"}}, 1},
    {"a bad report drops the symbol in progress",
     {{"]C0", "1042", 1, -1, 0, 0, 0, ""},
      {"]C0", "3", 0, -1, 6, 0, -1, ""},
      {"]C0", "10427", 0, -1, 0, 0, 0, "]C010427\r"}},
     3},
    {"another report ID between parts is ignored",
     {{"]C0", "104", 1, -1, 0, 0, 0, ""},
      {"]C0", "xx", 0, -1, 0, 0x04, 1, ""},
      {"]C0", "23", 0, -1, 0, 0, 0, "]C010423\r"}},
     3},
    {"ID from the first report",
     {{"]C0", "1", 1, -1, 0, 0, 0, ""},
      {"]E0", "2", 0, -1, 0, 0, 0, "]C012\r"}},
     2},
};

/* Builds report r of c->size bytes (or 64) as the step describes. */
static size_t pos_build(unsigned char *r, const struct pos_step *s)
{
	size_t size = s->size != 0 ? s->size : 64;
	size_t len = strlen(s->data);

	memset(r, 0xee, 64); /* filler that is none of the fields */
	r[0] = s->id != 0 ? s->id : 0x02;
	r[1] = (unsigned char)(s->count >= 0 ? (size_t)s->count : len);
	if (s->aim != NULL)
		memcpy(r + 2, s->aim, 3);
	else
		memset(r + 2, 0, 3);
	if (len > 0)
		memcpy(r + 5, s->data, len);
	r[size - 1] = s->more ? 0x01 : 0x00;
	return size;
}

static void test_pos_table(void **state)
{
	unsigned char r[64];
	const unsigned char *out;
	struct hid_pos p;
	size_t i, j, n, got;
	int rc;

	for (i = 0; i < sizeof pos_cases / sizeof pos_cases[0]; i++) {
		const struct pos_case *c = &pos_cases[i];

		hid_report_pos_init(&p);
		for (j = 0; j < c->n; j++) {
			const struct pos_step *s = &c->steps[j];

			n = pos_build(r, s);
			rc = hid_report_pos(&p, r, n, &out, &got);
			if (rc != s->rc)
				fail_msg("%s, report %zu: rc %d, want %d",
					 c->name, j, rc, s->rc);
			if (s->out == NULL) { /* only its length is known */
				assert_int_equal(got, 3 + 58 + 1);
				continue;
			}
			if (got != strlen(s->out) ||
			    (got > 0 && memcmp(out, s->out, got) != 0))
				fail_msg("%s, report %zu: got %zu bytes \"%.*s"
					 "\", want \"%s\"",
					 c->name, j, got, (int)got,
					 got > 0 ? (const char *)out : "",
					 s->out);
		}
	}
}

static void test_pos_short(void **state)
{
	static const unsigned char r[] = {0x02, 0x00, ']', 'C', '0', 0x00};
	const unsigned char *out;
	struct hid_pos p;
	size_t n, got;

	hid_report_pos_init(&p);
	for (n = 0; n < 6; n++)
		assert_int_equal(hid_report_pos(&p, r, n, &out, &got),
				 HID_REPORT_BAD);
	assert_int_equal(hid_report_pos(&p, NULL, 6, &out, &got),
			 HID_REPORT_BAD);
	assert_null(out);
	assert_int_equal(got, 0);
	assert_int_equal(hid_report_pos(&p, r, 6, &out, &got), HID_REPORT_OK);
	assert_int_equal(got, 4);
}

/* A symbol that never ends is bounded: cut at HID_POS_SYMBOL_MAX, still
 * ended with CR so the framer rejects it as too long. */
static void test_pos_overflow(void **state)
{
	struct pos_step more = {"]C0", "", 1, 56, 0, 0, 0, ""};
	struct pos_step last = more;
	unsigned char r[64];
	const unsigned char *out;
	struct hid_pos p;
	size_t i, n, got;

	last.more = 0;
	hid_report_pos_init(&p);
	for (i = 0; i < 100; i++) {
		n = pos_build(r, &more);
		assert_int_equal(hid_report_pos(&p, r, n, &out, &got),
				 HID_REPORT_OK);
		assert_int_equal(got, 0);
	}
	n = pos_build(r, &last);
	assert_int_equal(hid_report_pos(&p, r, n, &out, &got), HID_REPORT_OK);
	assert_int_equal(got, 3 + HID_POS_SYMBOL_MAX + 1);
	assert_memory_equal(out, "]C0", 3);
	assert_int_equal(out[got - 1], '\r');
	assert_true(p.overflow);
	/* The next symbol starts afresh. */
	more.more = 0;
	more.count = -1;
	more.data = "1";
	n = pos_build(r, &more);
	assert_int_equal(hid_report_pos(&p, r, n, &out, &got), HID_REPORT_OK);
	assert_int_equal(got, 5);
	assert_false(p.overflow);
}

static void test_desc_is_pos(void **state)
{
	/* The boot keyboard descriptor of HID 1.11 Appendix B.1. */
	static const unsigned char kbd[] = {
	    0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29,
	    0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	    0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01, 0x05,
	    0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03,
	    0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05,
	    0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0};
	static const struct {
		const char *name;
		unsigned char d[16];
		size_t n;
		int want;
	} cases[] = {
	    {"POS page", {0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01}, 6, 1},
	    {"POS page in 2 bytes", {0x06, 0x8c, 0x00, 0x09, 0x02}, 5, 1},
	    {"POS usage in 4 bytes", {0x0b, 0x02, 0x00, 0x8c, 0x00}, 5, 1},
	    {"POS after a keyboard",
	     {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0xc0, 0x05, 0x8c},
	     9,
	     1},
	    {"0x8C as a usage", {0x05, 0x01, 0x09, 0x8c}, 4, 0},
	    {"0x8C as a logical minimum", {0x15, 0x8c}, 2, 0},
	    {"other page 0x018C", {0x06, 0x8c, 0x01}, 3, 0},
	    {"truncated page", {0x06, 0x8c}, 2, 0},
	    {"truncated prefix only", {0x05}, 1, 0},
	    {"inside a long item", {0xfe, 0x02, 0x00, 0x05, 0x8c}, 5, 0},
	    {"long item then POS", {0xfe, 0x01, 0x00, 0xff, 0x05, 0x8c}, 6, 1},
	    {"long item cut", {0xfe, 0x09}, 2, 0},
	    {"empty", {0}, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (hid_report_desc_is_pos(cases[i].d, cases[i].n) !=
		    cases[i].want)
			fail_msg("%s: want %d", cases[i].name, cases[i].want);
	assert_int_equal(hid_report_desc_is_pos(kbd, sizeof kbd), 0);
	assert_int_equal(hid_report_desc_is_pos(NULL, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boot_table),
	    cmocka_unit_test(test_boot_results),
	    cmocka_unit_test(test_boot_most),
	    cmocka_unit_test(test_pos_table),
	    cmocka_unit_test(test_pos_short),
	    cmocka_unit_test(test_pos_overflow),
	    cmocka_unit_test(test_desc_is_pos),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
