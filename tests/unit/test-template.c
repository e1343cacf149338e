/* Templates: one test per error message (exact FILE:LINE:COL: reason),
 * rendering (loops, conditionals, locale fallback, URL encoding), the
 * station's cache, and hostile input that must never crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "strbuf.h"
#include "template.h"

static struct locale_entry en_e[] = {
    {(char *)"slip.title", (char *)"PACKING SLIP"},
    {(char *)"returns.title", (char *)"RETURNS & EXCHANGES"},
    {(char *)"returns.window",
     (char *)"Return within {return_days} days, order {Name}."},
};
static struct locale en = {"en", en_e, 3};
static struct locale_entry zh_e[] = {
    {(char *)"slip.title", (char *)"出貨單"},
};
static struct locale zh = {"zh-TW", zh_e, 1};

/* The errors of parsing text, as one string. */
static char *errors_of(const char *text, size_t len, int *n)
{
	struct template t;
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);

	*n = template_parse("t.tmpl", text, len, &en, &t, f);
	fclose(f);
	template_free(&t);
	return buf;
}

static void expect_error(const char *text, const char *want)
{
	int n;
	char *got = errors_of(text, strlen(text), &n);

	assert_string_equal(got, want);
	assert_int_equal(n, 1);
	free(got);
}

static void test_unknown_directive(void **state)
{
	expect_error("@center\n@foo bar\n",
		     "t.tmpl:2:1: unknown directive \"@foo\"\n");
}

static void test_unknown_placeholder(void **state)
{
	expect_error("Hi  {{Nope}}\n",
		     "t.tmpl:1:5: unknown placeholder \"Nope\"\n");
}

static void test_unclosed_each(void **state)
{
	expect_error("x\n  {{#each lines}}\n{{qty}}\n",
		     "t.tmpl:2:3: unclosed {{#each lines}}\n");
}

static void test_unclosed_if(void **state)
{
	expect_error("{{#if csat_url}}\nx\n", "t.tmpl:1:1: unclosed {{#if}}\n");
}

static void test_stray_endif(void **state)
{
	expect_error("a\n{{/if}}\n", "t.tmpl:2:1: {{/if}} without {{#if}}\n");
}

static void test_stray_endeach(void **state)
{
	expect_error("{{/each}}", "t.tmpl:1:1: {{/each}} without {{#each}}\n");
}

static void test_mismatched_close(void **state)
{
	expect_error("{{#if csat_url}}{{/each}}{{/if}}",
		     "t.tmpl:1:17: {{/each}} closes {{#if}} opened at 1:1\n");
}

static void test_stray_else(void **state)
{
	expect_error("{{else}}", "t.tmpl:1:1: {{else}} without {{#if}}\n");
}

static void test_second_else(void **state)
{
	expect_error("{{#if csat_url}}{{else}}{{else}}{{/if}}",
		     "t.tmpl:1:25: second {{else}} in one {{#if}}\n");
}

static void test_unknown_locale_key(void **state)
{
	expect_error("{{t slip.title}} {{t nope.key}}",
		     "t.tmpl:1:18: unknown locale key \"nope.key\"\n");
}

static void test_columns_sum(void **state)
{
	expect_error("@columns 60 50>\n",
		     "t.tmpl:1:10: @columns widths add up to 110%, more than "
		     "100%\n");
}

static void test_columns_bad_width(void **state)
{
	expect_error("@columns 10 x 5\n",
		     "t.tmpl:1:13: bad @columns width \"x\"\n");
}

static void test_columns_count(void **state)
{
	expect_error("@columns 10 10 10 10 10\n",
		     "t.tmpl:1:22: @columns takes 1 to 4 widths\n");
	expect_error("@columns\n",
		     "t.tmpl:1:9: @columns takes 1 to 4 widths\n");
}

static void test_unknown_list(void **state)
{
	expect_error("{{#each items}}{{/each}}",
		     "t.tmpl:1:1: unknown list \"items\" (use lines or "
		     "videos)\n");
}

static void test_nested_each(void **state)
{
	expect_error("{{#each lines}}{{#each videos}}{{/each}}{{/each}}",
		     "t.tmpl:1:16: {{#each}} inside {{#each}}\n");
}

static void test_loop_var_outside(void **state)
{
	expect_error("{{qty}}",
		     "t.tmpl:1:1: \"qty\" is only known inside {{#each}}\n");
}

static void test_not_a_url(void **state)
{
	expect_error("@qr {{url Total}}",
		     "t.tmpl:1:5: \"Total\" is not a URL (returns_url, "
		     "portal_url, csat_url, community_url, related_url, "
		     "setup_video_url)\n");
}

static void test_unclosed_braces(void **state)
{
	expect_error("x {{Name", "t.tmpl:1:3: unclosed \"{{\"\n");
}

static void test_bad_onoff(void **state)
{
	expect_error("@bold maybe", "t.tmpl:1:7: @bold takes on or off\n");
}

static void test_bad_feed(void **state)
{
	expect_error("@feed 11",
		     "t.tmpl:1:7: @feed takes a number from 1 to 10\n");
}

static void test_qr_no_data(void **state)
{
	expect_error("@qr", "t.tmpl:1:4: @qr needs data\n");
}

static void test_block_in_directive(void **state)
{
	expect_error("@qr {{#if csat_url}}",
		     "t.tmpl:1:5: {{#if}} cannot be used in a directive "
		     "line\n");
}

static void test_no_argument(void **state)
{
	expect_error("@center now", "t.tmpl:1:9: @center takes no argument\n");
}

static void test_bad_rule(void **state)
{
	expect_error("@rule ab", "t.tmpl:1:7: @rule takes one character\n");
}

static void test_unknown_block(void **state)
{
	expect_error("{{#foo}}", "t.tmpl:1:1: unknown block \"{{#foo}}\"\n");
}

static void test_bad_utf8(void **state)
{
	expect_error("ok\nab\xff\n", "t.tmpl:2:3: not valid UTF-8\n");
}

static void test_missing_logo(void **state)
{
	expect_error("@logo missing.png",
		     "t.tmpl:1:7: @logo: missing.png: No such file or "
		     "directory\n");
}

static void test_empty_tag(void **state)
{
	expect_error("{{ }}", "t.tmpl:1:1: missing name in {{}}\n");
}

static void test_too_deep(void **state)
{
	struct strbuf sb;
	char want[128];
	int i;

	strbuf_init(&sb, 0);
	for (i = 0; i < 17; i++)
		strbuf_adds(&sb, "{{#if csat_url}}");
	snprintf(want, sizeof want,
		 "t.tmpl:1:%d: blocks nested deeper than 16\n", 16 * 16 + 1);
	expect_error(strbuf_str(&sb), want);
	strbuf_cleanup(&sb);
}

/* Every error is collected, not just the first. */
static void test_all_errors(void **state)
{
	int n;
	char *got = errors_of("{{Name}} {{Nope}}\n@bar\n{{/if}}\n", 31, &n);

	assert_int_equal(n, 3);
	assert_string_equal(got, "t.tmpl:1:10: unknown placeholder \"Nope\"\n"
				 "t.tmpl:2:1: unknown directive \"@bar\"\n"
				 "t.tmpl:3:1: {{/if}} without {{#if}}\n");
	free(got);
}

/* ---- rendering ---- */

struct fixture {
	struct order o;
	struct product p[3];
	struct config cfg;
	struct template_data d;
};

static void fixture_init(struct fixture *f)
{
	size_t i;

	order_init(&f->o);
	order_set(&f->o.name, "#1001");
	order_set(&f->o.ship_zip, "SW1A 1AA");
	order_set(&f->o.email, "a+b@example.com");
	order_set(&f->o.created_at, "2025-03-14 10:12:00 -0700");
	order_add_line(&f->o, 2, "CUP", "Cup", "24.00");
	order_add_line(&f->o, 1, "KET", "Kettle", "59.5");
	order_add_line(&f->o, 1, "CUP2", "Cup again", "1");
	for (i = 0; i < 3; i++)
		product_init(&f->p[i]);
	order_set(&f->p[0].setup_video_url, "https://v.example/cup");
	order_set(&f->p[1].setup_video_url, "https://v.example/k?o={order}");
	order_set(&f->p[2].setup_video_url, "https://v.example/cup");
	config_defaults(&f->cfg);
	memset(&f->d, 0, sizeof f->d);
	f->d.order = &f->o;
	f->d.products = f->p;
	f->d.cfg = &f->cfg;
	f->d.strings = &en;
	f->d.fallback = &en;
	f->d.columns = 48;
	f->d.dots = 576;
}

static void fixture_cleanup(struct fixture *f)
{
	size_t i;

	order_cleanup(&f->o);
	for (i = 0; i < 3; i++)
		product_cleanup(&f->p[i]);
}

/* The slip as text: one line per block, as `packctl template show`. */
static void dump(const struct slip *s, struct strbuf *sb)
{
	size_t i;
	int c;

	for (i = 0; i < s->nblocks; i++) {
		const struct slip_block *b = &s->blocks[i];

		if (b->kind == SLIP_TEXT)
			strbuf_addf(sb, "%s%s%s\n", b->text,
				    b->right ? " > " : "",
				    b->right ? b->right : "");
		else if (b->kind == SLIP_QR)
			strbuf_addf(sb, "[QR %s]\n", b->text);
		else if (b->kind == SLIP_BARCODE)
			strbuf_addf(sb, "[BC %s]\n", b->text);
		else if (b->kind == SLIP_CUT)
			strbuf_adds(sb, "[CUT]\n");
		else if (b->kind == SLIP_COLUMNS) {
			for (c = 0; c < b->ncells; c++)
				strbuf_addf(sb, "%s%s", c ? "|" : "",
					    b->cells[c].text);
			strbuf_adds(sb, "\n");
		} else
			strbuf_addf(sb, "[%d]\n", (int)b->kind);
	}
}

static void render_expect(struct fixture *f, const char *text, const char *want)
{
	struct template t;
	struct slip s;
	struct strbuf sb;
	struct err err;

	err_clear(&err);
	assert_int_equal(
	    template_parse("r.tmpl", text, strlen(text), &en, &t, stderr), 0);
	slip_init(&s);
	strbuf_init(&sb, 0);
	assert_int_equal(template_render(&t, &f->d, &s, &err), 0);
	dump(&s, &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_cleanup(&sb);
	slip_cleanup(&s);
	template_free(&t);
}

static void test_render_loops(void **state)
{
	struct fixture f;

	fixture_init(&f);
	render_expect(&f,
		      "Order {{order_number}} | {{date}}\n"
		      "@columns 10 0 25>\n"
		      "{{#each lines}}\n"
		      "  {{qty}} | {{name}} | {{amount}}\n"
		      "{{/each}}\n"
		      "@columns off\n"
		      "{{#each videos}}\n"
		      "  @qr {{url setup_video_url}}\n"
		      "{{/each}}\n",
		      "Order 1001 > 2025-03-14\n"
		      "2|Cup|48.00\n"
		      "1|Kettle|59.50\n"
		      "1|Cup again|1.00\n"
		      "[QR https://v.example/cup]\n"
		      "[QR https://v.example/k?o=1001]\n"
		      "[CUT]\n");
	fixture_cleanup(&f);
}

static void test_render_conditionals(void **state)
{
	static const char tmpl[] =
	    "{{#if csat_url}}\nrate us\n@qr {{url csat_url}}\n{{else}}\n"
	    "no survey\n{{/if}}\n"
	    "{{#if !referral_code}}no code{{/if}}\n"
	    "{{#if exchange_bonus}}bonus {{exchange_bonus}}%{{/if}}\n"
	    "empty: {{Shipping Company}}\n"
	    "{{Shipping Company}}\n"
	    "@cut\nnever printed\n";
	struct fixture f;

	fixture_init(&f);
	render_expect(&f, tmpl, "no survey\nno code\nempty:\n[CUT]\n");
	strcpy(f.cfg.csat_url, "https://s.example/?o={order}");
	f.cfg.exchange_bonus = 10;
	strcpy(f.cfg.referral_code, "X");
	render_expect(&f, tmpl,
		      "rate us\n[QR https://s.example/?o=1001]\n"
		      "bonus 10%\nempty:\n[CUT]\n");
	fixture_cleanup(&f);
}

/* zh-TW has only the title: the rest falls back to en. */
static void test_render_locale_fallback(void **state)
{
	struct fixture f;

	fixture_init(&f);
	f.d.strings = &zh;
	render_expect(&f,
		      "{{t slip.title}}\n{{t returns.title}}\n"
		      "{{t returns.window}}\n",
		      "出貨單\nRETURNS & EXCHANGES\n"
		      "Return within 30 days, order #1001.\n[CUT]\n");
	fixture_cleanup(&f);
}

/* The postcode's space and the order's '#' stay inside one parameter. */
static void test_render_returns_url(void **state)
{
	struct fixture f;

	fixture_init(&f);
	strcpy(f.cfg.returns_url,
	       "https://r.example/r?o={order}&n={order_name}&zip={zip}"
	       "&e={email}");
	render_expect(&f, "@qr {{url returns_url}}\n",
		      "[QR https://r.example/r?o=1001&n=%231001&zip=SW1A%201AA"
		      "&e=a%2Bb%40example.com]\n[CUT]\n");
	fixture_cleanup(&f);
}

/* Order text cannot split cells or smuggle control bytes. */
static void test_render_hostile_fields(void **state)
{
	struct fixture f;

	fixture_init(&f);
	order_set(&f.o.ship_name, "A\x1f|B\x1b@\nC");
	render_expect(&f, "{{Shipping Name}}\n", "A|B@ C\n[CUT]\n");
	fixture_cleanup(&f);
}

static void test_locale_for_country(void **state)
{
	assert_string_equal(locale_for_country("TW", "en"), "zh-TW");
	assert_string_equal(locale_for_country("Taiwan", "en"), "zh-TW");
	assert_string_equal(locale_for_country("hong kong", "en"), "zh-TW");
	assert_string_equal(locale_for_country("MO", "en"), "zh-TW");
	assert_string_equal(locale_for_country("ID", "en"), "id");
	assert_string_equal(locale_for_country("Indonesia", "en"), "id");
	assert_string_equal(locale_for_country("United States", "id"), "id");
	assert_string_equal(locale_for_country("", ""), "en");
}

/* The installed templates parse against the shipped en strings. */
static void test_default_templates(void **state)
{
	static const char *const names[] = {"slip.tmpl", "label-4x6.tmpl"};
	struct locale l;
	struct template t;
	struct err err;
	char path[1024], dir[1024];
	size_t i;

	snprintf(dir, sizeof dir, "%s/assets/locales",
		 getenv("PACKDESK_SRCDIR"));
	setenv("PACKDESK_LOCALES", dir, 1);
	locale_init(&l);
	err_clear(&err);
	assert_int_equal(locale_load(&l, dir, "zh-TW", &err), 0);
	locale_free(&l);
	assert_int_equal(locale_load(&l, dir, "id", &err), 0);
	locale_free(&l);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/labels/templates/%s",
			 getenv("PACKDESK_SRCDIR"), names[i]);
		assert_int_equal(template_load(path, &t, stderr), 0);
		template_free(&t);
	}
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A broken edit keeps the last good version and says so. */
static void test_cache(void **state)
{
	struct template_cache c;
	const struct template *t;
	struct err err;
	struct timespec ts[2] = {{0, 0}, {0, 0}};

	setenv("PACKDESK_LOCALES", "/nonexistent", 1);
	template_cache_init(&c);
	err_clear(&err);
	write_text("c.tmpl", "Hello\n");
	t = template_cache_get(&c, "c.tmpl", &err);
	assert_non_null(t);
	assert_string_equal(template_cache_notice(&c), "");
	write_text("c.tmpl", "Hello {{Nope}}\n");
	ts[0].tv_sec = ts[1].tv_sec = 1000; /* a certain mtime change */
	utimensat(AT_FDCWD, "c.tmpl", ts, 0);
	assert_ptr_equal(template_cache_get(&c, "c.tmpl", &err), t);
	assert_string_equal(template_cache_notice(&c),
			    "template has 1 error, printing with the last good "
			    "version: c.tmpl:1:7: unknown placeholder "
			    "\"Nope\"");
	write_text("c.tmpl", "Hello again\n");
	ts[0].tv_sec = ts[1].tv_sec = 2000;
	utimensat(AT_FDCWD, "c.tmpl", ts, 0);
	assert_non_null(template_cache_get(&c, "c.tmpl", &err));
	assert_string_equal(template_cache_notice(&c), "");
	template_cache_free(&c);
	/* No good version ever: an error, no template. */
	template_cache_init(&c);
	write_text("d.tmpl", "@nope\n");
	assert_null(template_cache_get(&c, "d.tmpl", &err));
	assert_string_equal(err.msg, "template has 1 error: d.tmpl:1:1: "
				     "unknown directive \"@nope\"");
	template_cache_free(&c);
}

/* ---- hostile input ---- */

static void parse_and_render(const char *text, size_t len)
{
	struct fixture f;
	struct template t;
	struct slip s;
	struct err err;

	fixture_init(&f);
	strcpy(f.cfg.csat_url, "https://s/{order}");
	slip_init(&s);
	err_clear(&err);
	if (template_parse("h.tmpl", text, len, &en, &t, NULL) == 0)
		template_render(&t, &f.d, &s, &err);
	template_free(&t);
	slip_cleanup(&s);
	fixture_cleanup(&f);
}

static void test_random_bytes(void **state)
{
	static const char *const atoms[] = {
	    "{{",
	    "}}",
	    "{{#if csat_url}}",
	    "{{/if}}",
	    "{{else}}",
	    "{{#each lines}}",
	    "{{/each}}",
	    "@",
	    "@qr ",
	    "@columns 10 ",
	    "|",
	    "\n",
	    "\\",
	    "{{t slip.title}}",
	    "{{url csat_url}}",
	    "{{qty}}",
	    "@cut\n",
	    "\xff",
	    "\0",
	    " ",
	    "@#",
	};
	unsigned seed = 12345;
	char buf[600];
	int i, j;
	size_t n;

	for (i = 0; i < 3000; i++) {
		n = 0;
		for (j = 0; j < 40 && n < sizeof buf - 20; j++) {
			seed = seed * 1103515245u + 12345u;
			if (seed >> 30 == 0) {
				buf[n++] = (char)(seed >> 16);
			} else {
				const char *a = atoms[(seed >> 16) % 21];
				size_t al = a[0] ? strlen(a) : 1;

				memcpy(buf + n, a, al);
				n += al;
			}
		}
		parse_and_render(buf, n);
	}
}

static void test_deep_nesting(void **state)
{
	struct strbuf sb;
	int i, n;
	char *errs;

	strbuf_init(&sb, 0);
	for (i = 0; i < 10000; i++)
		strbuf_adds(&sb, "{{#if csat_url}}\n");
	errs = errors_of(sb.buf, sb.len, &n);
	assert_int_equal(n, 1);
	assert_string_equal(errs,
			    "t.tmpl:17:1: blocks nested deeper than 16\n");
	free(errs);
	strbuf_cleanup(&sb);
}

static void test_huge_input(void **state)
{
	size_t big = 200000;
	char *s = malloc(big + 8);
	char *errs;
	int n;

	memcpy(s, "{{", 2);
	memset(s + 2, 'a', big);
	memcpy(s + 2 + big, "}}", 3);
	errs = errors_of(s, big + 4, &n);
	assert_string_equal(errs, "t.tmpl:1:1: placeholder longer than 64 "
				  "bytes\n");
	free(errs);
	free(s);
	s = calloc(1, TEMPLATE_MAX_SIZE + 10);
	memset(s, 'x', TEMPLATE_MAX_SIZE + 9);
	errs = errors_of(s, TEMPLATE_MAX_SIZE + 9, &n);
	assert_string_equal(errs, "t.tmpl:1:1: larger than 262144 bytes\n");
	free(errs);
	free(s);
	/* Many errors stop at a ceiling. */
	s = malloc(2000 * 6 + 1);
	for (n = 0; n < 2000; n++)
		memcpy(s + n * 6, "@nop\n\n", 6);
	errs = errors_of(s, 2000 * 6, &n);
	assert_int_equal(n, TEMPLATE_MAX_ERRORS + 1);
	assert_non_null(strstr(errs, "too many errors"));
	free(errs);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unknown_directive),
	    cmocka_unit_test(test_unknown_placeholder),
	    cmocka_unit_test(test_unclosed_each),
	    cmocka_unit_test(test_unclosed_if),
	    cmocka_unit_test(test_stray_endif),
	    cmocka_unit_test(test_stray_endeach),
	    cmocka_unit_test(test_mismatched_close),
	    cmocka_unit_test(test_stray_else),
	    cmocka_unit_test(test_second_else),
	    cmocka_unit_test(test_unknown_locale_key),
	    cmocka_unit_test(test_columns_sum),
	    cmocka_unit_test(test_columns_bad_width),
	    cmocka_unit_test(test_columns_count),
	    cmocka_unit_test(test_unknown_list),
	    cmocka_unit_test(test_nested_each),
	    cmocka_unit_test(test_loop_var_outside),
	    cmocka_unit_test(test_not_a_url),
	    cmocka_unit_test(test_unclosed_braces),
	    cmocka_unit_test(test_bad_onoff),
	    cmocka_unit_test(test_bad_feed),
	    cmocka_unit_test(test_qr_no_data),
	    cmocka_unit_test(test_block_in_directive),
	    cmocka_unit_test(test_no_argument),
	    cmocka_unit_test(test_bad_rule),
	    cmocka_unit_test(test_unknown_block),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_missing_logo),
	    cmocka_unit_test(test_empty_tag),
	    cmocka_unit_test(test_too_deep),
	    cmocka_unit_test(test_all_errors),
	    cmocka_unit_test(test_render_loops),
	    cmocka_unit_test(test_render_conditionals),
	    cmocka_unit_test(test_render_locale_fallback),
	    cmocka_unit_test(test_render_returns_url),
	    cmocka_unit_test(test_render_hostile_fields),
	    cmocka_unit_test(test_locale_for_country),
	    cmocka_unit_test(test_default_templates),
	    cmocka_unit_test(test_cache),
	    cmocka_unit_test(test_random_bytes),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_huge_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
