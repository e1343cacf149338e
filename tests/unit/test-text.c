/* Sanitising untrusted text: the one barrier between order data and the
 * printer or the packer's screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"
#include "text.h"
#include "url.h"

static void test_sanitize_table(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"  lead and trail  ", "lead and trail"},
		{"a\tb\nc\r\nd", "a b c d"},
		{"cut\x1d" "V\x42" "paper", "cutVBpaper"},
		{"esc\x1b[2Jclear", "esc[2Jclear"},
		{"del\x7f!", "del!"},
		{"c1\xc2\x9b" "31m", "c131m"},        /* U+009B CSI */
		{"nel\xc2\x85line", "nel line"},       /* U+0085 NEL */
		{"bad\xff\xfe utf8", "bad utf8"},
		{"over\xc0\xaflong", "overlong"},      /* overlong '/' */
		{"sur\xed\xa0\x80rogate", "surrogate"}, /* U+D800 */
		{"Zo\xc3\xab \xe9\x99\xb3", "Zo\xc3\xab \xe9\x99\xb3"},
		{"\x01\x02\x03", ""},
	};
	struct strbuf sb;
	char small[8];
	size_t i;

	strbuf_init(&sb, 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		strbuf_reset(&sb);
		assert_int_equal(text_sanitize(&sb, cases[i].in), 0);
		assert_string_equal(strbuf_str(&sb), cases[i].out);
	}
	strbuf_cleanup(&sb);
	/* Truncation never splits a character. */
	text_sanitize_into(small, sizeof small, "abcde\xe9\x99\xb3xyz");
	assert_string_equal(small, "abcde");
}

static void test_utf8(void **state)
{
	assert_true(text_utf8_valid("h\xc3\xa9llo", 6));
	assert_false(text_utf8_valid("\xc3", 1));
	assert_false(text_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_int_equal(text_columns("abc"), 3);
	assert_int_equal(text_columns("\xe4\xbf\x9d\xe6\xba\xab"), 4);
}

static void test_json(void **state)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_addc(&sb, '{');
	json_add_member(&sb, "a", "q\"b\\\n\x1b\xff");
	json_add_member_int(&sb, "n", -3);
	strbuf_addc(&sb, '}');
	assert_string_equal(strbuf_str(&sb),
			    "{\"a\":\"q\\\"b\\\\\\n\\u001b\\ufffd\",\"n\":-3}");
	strbuf_cleanup(&sb);
}

static const char *vars(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "order") == 0)
		return "#10 23";
	if (strcmp(name, "zip") == 0)
		return "SW1A 1AA";
	return NULL;
}

static void test_url(void **state)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	assert_int_equal(url_expand(&sb, "https://x.example/r?o={order}&z={zip}"
				    "&u={unknown}&b={{x}",
				    vars, NULL),
			 0);
	assert_string_equal(strbuf_str(&sb), "https://x.example/r?o=%2310%2023"
					     "&z=SW1A%201AA&u=&b={x}");
	strbuf_cleanup(&sb);
}

static void test_strbuf_ceiling(void **state)
{
	struct strbuf sb;

	strbuf_init(&sb, 4);
	assert_int_equal(strbuf_adds(&sb, "abcd"), 0);
	assert_int_equal(strbuf_addc(&sb, 'e'), -1);
	assert_string_equal(strbuf_str(&sb), "abcd");
	assert_int_equal(strbuf_addf(&sb, "%d", 1), -1);
	strbuf_cleanup(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_strbuf_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
