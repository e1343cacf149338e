/* The ESC/POS encoder: exact bytes for each block, wrapping, one cut, and
 * no control byte from order data ever reaching the printer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escpos.h"
#include "locale.h"
#include "template.h"

#define INIT "\x1b@\x1c.\x1bM\x00\x1bt\x00\x1b" "2"
#define INIT_LEN 12
#define CUT "\x1b" "a\x00\x1dVB\x00"
#define CUT_LEN 7

/* --paper 80mm and 58mm: the profiles epson-tm-t20iii and generic-58mm,
 * from the source tree's data files. */
static void encode(const struct slip *s, const struct escpos_paper *paper,
		   struct strbuf *out)
{
	struct profile p;
	struct err err;
	char dir[1024];

	err_clear(&err);
	snprintf(dir, sizeof dir, "%s/assets/profiles",
		 getenv("PACKDESK_SRCDIR"));
	assert_int_equal(escpos_paper_profile(paper, dir, &p), 0);
	assert_string_equal(p.name, paper->profile);
	strbuf_init(out, 0);
	assert_int_equal(escpos_encode(s, &p, out, &err), 0);
}

/* Asserts out == INIT + body + CUT. */
static void assert_body(const struct strbuf *out, const char *body,
			size_t len)
{
	assert_int_equal(out->len, INIT_LEN + len + CUT_LEN);
	assert_memory_equal(out->buf, INIT, INIT_LEN);
	assert_memory_equal(out->buf + INIT_LEN, body, len);
	assert_memory_equal(out->buf + INIT_LEN + len, CUT, CUT_LEN);
}

static void test_text_styles(void **state)
{
	static const char want[] = "\x1b" "a\x01\x1b" "E\x01\x1d!\x11Shop\n"
				   "\x1b" "E\x00\x1d!\x00";
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "Shop", SLIP_BOLD | SLIP_WIDE | SLIP_TALL, SLIP_CENTER);
	encode(&s, &escpos_80mm, &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_row(void **state)
{
	struct strbuf out;
	struct slip s;
	char want[64];

	/* 32 columns: "TOTAL" + 21 spaces + "125.50 USD"... right-aligned. */
	slip_init(&s);
	slip_row(&s, "TOTAL", "9.50", 0);
	encode(&s, &escpos_58mm, &out);
	snprintf(want, sizeof want, "\x1b" "a%c%-28s9.50\n", 0, "TOTAL");
	assert_body(&out, want, 3 + 32 + 1);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_wrap(void **state)
{
	struct strbuf out;
	struct slip s;
	char *p, *line;
	int lines = 0;

	slip_init(&s);
	slip_text(&s,
		  "Changed your mind? Return unused items within 30 days of "
		  "delivery for a full refund. Supercalifragilisticexpialidocious"
		  "andmorelettersthanfit",
		  0, SLIP_LEFT);
	encode(&s, &escpos_58mm, &out);
	static const char *const want[] = {
		"Changed your mind? Return unused",
		"items within 30 days of delivery",
		"for a full refund.",
		/* one word wider than the paper is the only mid-word cut */
		"Supercalifragilisticexpialidocio",
		"usandmorelettersthanfit",
	};
	p = out.buf + INIT_LEN + 3;
	out.buf[out.len - CUT_LEN] = '\0';
	for (line = strtok(p, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		assert_true(lines < 5);
		assert_string_equal(line, want[lines]);
		lines++;
	}
	assert_int_equal(lines, 5);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_qr_bytes(void **state)
{
	static const char want[] =
		"\x1b" "a\x01"
		"\x1bJ\x18"                             /* quiet zone */
		"\x1d(k\x04\x00" "1A2\x00"               /* model 2 */
		"\x1d(k\x03\x00" "1C\x06"                /* module 6 dots */
		"\x1d(k\x03\x00" "1E1"                   /* level M */
		"\x1d(k\x0e\x00" "1P0https://x.y"       /* store 11 bytes */
		"\x1d(k\x03\x00" "1Q0"                   /* print */
		"\x1bJ\x18";
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_qr(&s, "https://x.y", 6);
	encode(&s, &escpos_80mm, &out);
	assert_body(&out, want, sizeof want - 1);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static void test_barcode_bytes(void **state)
{
	static const char odd[] = "\x1b" "a\x01\x1dh@\x1dw\x03\x1dH\x02\x1d"
				  "f\x00\x1dkI\x07{B10423\n";
	/* An even run of digits packs into code set C: 10 42 35. */
	static const char even[] = "\x1b" "a\x01\x1dh@\x1dw\x03\x1dH\x02\x1d"
				   "f\x00\x1dkI\x05{C\x0a\x2a\x23\n";
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_barcode(&s, "10423");
	encode(&s, &escpos_80mm, &out);
	assert_body(&out, odd, sizeof odd - 1);
	strbuf_cleanup(&out);
	slip_reset(&s);
	slip_barcode(&s, "104235");
	encode(&s, &escpos_80mm, &out);
	assert_body(&out, even, sizeof even - 1);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

static size_t count(const struct strbuf *sb, const char *needle, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i + n <= sb->len; i++)
		if (memcmp(sb->buf + i, needle, n) == 0)
			c++;
	return c;
}

static void test_one_cut(void **state)
{
	struct strbuf out;
	struct slip s;

	slip_init(&s);
	slip_text(&s, "a", 0, SLIP_LEFT);
	encode(&s, &escpos_80mm, &out); /* no cut block: one is added */
	assert_int_equal(count(&out, "\x1dV", 2), 1);
	strbuf_cleanup(&out);
	slip_cut(&s);
	slip_text(&s, "after the cut", 0, SLIP_LEFT);
	slip_cut(&s);
	encode(&s, &escpos_80mm, &out);
	assert_int_equal(count(&out, "\x1dV", 2), 1);
	assert_null(memmem(out.buf, out.len, "after", 5));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

/* The shipped receipt template (labels/templates/slip.tmpl) in English,
 * as the station renders it, for shop (its name and returns URL). */
static void default_slip(struct slip *s, const struct order *o,
			 const struct product *products, const char *shop,
			 const char *returns_url,
			 const struct escpos_paper *paper)
{
	char path[1024], dirs[1024];
	struct template t;
	struct locale en;
	struct config cfg;
	struct err err;
	struct template_data d = {
		.order = o, .products = products, .cfg = &cfg,
		.columns = paper->columns, .dots = paper->dots,
	};

	err_clear(&err);
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "shop.name", shop, &err), 0);
	assert_int_equal(config_set(&cfg, "shop.returns_url", returns_url,
				    &err),
			 0);
	snprintf(path, sizeof path, "%s/labels/templates/slip.tmpl",
		 getenv("PACKDESK_SRCDIR"));
	snprintf(dirs, sizeof dirs, "%s/assets/locales",
		 getenv("PACKDESK_SRCDIR"));
	locale_init(&en);
	assert_int_equal(locale_load(&en, dirs, "en", &err), 0);
	d.strings = d.fallback = &en;
	assert_int_equal(template_load(path, &t, stderr), 0);
	assert_int_equal(template_render(&t, &d, s, &err), 0);
	template_free(&t);
	locale_free(&en);
}

static void fill_order(struct order *o, const char *noise)
{
	char buf[256];
	size_t i;

	order_init(o);
	for (i = 0; i < order_nfields; i++) {
		snprintf(buf, sizeof buf, "%sfield%s%zu%s", noise, noise, i,
			 noise);
		assert_int_equal(
			order_set(order_field_ptr(o, &order_fields[i]), buf), 0);
	}
	assert_int_equal(order_set(&o->name, "#1001"), 0);
	assert_int_equal(order_set(&o->total, "10.00"), 0);
	snprintf(buf, sizeof buf, "Ket%stle", noise);
	assert_int_equal(order_add_line(o, 2, buf, buf, "5.00"), 0);
}

/* The same order with control characters sprinkled through every field
 * must print byte for byte the same slip: nothing of them gets through. */
static void test_order_controls_never_printed(void **state)
{
	/* The control bytes that start printer commands; the printable
	 * bytes of a command (the "V" of GS V) are harmless on their own. */
	static const char *const noises[] = {
		"\x1d",         /* GS: cut, barcode, raster */
		"\x1b",         /* ESC: reset, styles */
		"\x10\x04",     /* DLE EOT: a real-time status request */
		"\x0c\x7f",     /* form feed, DEL */
		"\xc2\x9b",     /* U+009B, a C1 CSI */
		"\x1c\x18\x07", /* FS: Chinese mode; CAN; BEL */
	};
	struct product p[1];
	struct strbuf clean, dirty;
	struct order o;
	struct slip s;
	struct err err;
	size_t i;

	err_clear(&err);
	product_init(&p[0]);
	slip_init(&s);
	fill_order(&o, "");
	default_slip(&s, &o, p, "Shop", "https://r.example/{order}",
			     &escpos_80mm);
	encode(&s, &escpos_80mm, &clean);
	order_cleanup(&o);
	for (i = 0; i < sizeof noises / sizeof noises[0]; i++) {
		slip_reset(&s);
		fill_order(&o, noises[i]);
		default_slip(&s, &o, p, "Shop", "https://r.example/{order}",
			     &escpos_80mm);
		encode(&s, &escpos_80mm, &dirty);
		assert_int_equal(dirty.len, clean.len);
		assert_memory_equal(dirty.buf, clean.buf, clean.len);
		strbuf_cleanup(&dirty);
		order_cleanup(&o);
	}
	strbuf_cleanup(&clean);
	slip_cleanup(&s);
	product_cleanup(&p[0]);
}

/* 1 when a '?' is printed as text: GS v 0 image data, where 0x3F is just
 * dots, is skipped. */
static int prints_question_mark(const struct strbuf *sb)
{
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i;

	for (i = 0; i < sb->len; i++) {
		if (i + 8 <= sb->len && memcmp(p + i, "\x1dv0", 3) == 0) {
			i += 7 + (size_t)(p[i + 4] | p[i + 5] << 8) *
					 (size_t)(p[i + 6] | p[i + 7] << 8);
			continue;
		}
		if (p[i] == '?')
			return 1;
	}
	return 0;
}

static void test_non_ascii(void **state)
{
	struct strbuf out;
	struct slip s;

	/* PC437 has é and Å. It has no Han characters and the TM-T20III no
	 * Chinese font: that line goes out as an image, never as '?'. */
	slip_init(&s);
	slip_text(&s, "Zo\xc3\xab \xc3\x85", 0, SLIP_LEFT);
	slip_text(&s, "Zo\xc3\xab \xc3\x85 \xe9\x99\xb3", 0, SLIP_LEFT);
	encode(&s, &escpos_80mm, &out);
	assert_non_null(memmem(out.buf, out.len, "Zo\x89 \x8f\n", 6));
	assert_non_null(memmem(out.buf, out.len, "\x1dv0\x00", 4));
	assert_false(prints_question_mark(&out));
	strbuf_cleanup(&out);
	slip_cleanup(&s);
}

/* The built-in slip for a fixed order, byte for byte, on both papers. The
 * expected bytes live in tests/data/golden; PACKDESK_UPDATE_GOLDEN=1
 * rewrites them after a deliberate change. */
static void golden(const struct escpos_paper *paper, const char *file)
{
	struct product p[2];
	struct strbuf out;
	struct order o;
	struct slip s;
	struct err err;
	char path[1024], *want;
	long size;
	FILE *f;

	err_clear(&err);
	order_init(&o);
	assert_int_equal(order_set(&o.name, "#10423"), 0);
	assert_int_equal(order_set(&o.created_at, "2025-03-14 10:12:00 -0700"), 0);
	assert_int_equal(order_set(&o.ship_name, "Mei-Ling Chen"), 0);
	assert_int_equal(order_set(&o.ship_address1, "1287 Alder Creek Road"), 0);
	assert_int_equal(order_set(&o.ship_city, "Portland"), 0);
	assert_int_equal(order_set(&o.ship_province, "OR"), 0);
	assert_int_equal(order_set(&o.ship_zip, "97201"), 0);
	assert_int_equal(order_set(&o.total, "107.00"), 0);
	assert_int_equal(order_set(&o.currency, "USD"), 0);
	assert_int_equal(order_add_line(&o, 1, "HP-KETTLE-01", "Harbor Kettle 1.2L", "59.00"), 0);
	assert_int_equal(order_add_line(&o, 2, "HP-CUP-500", "Insulated Cup 500ml", "24.00"), 0);
	product_init(&p[0]);
	product_init(&p[1]);
	assert_int_equal(order_set(&p[0].name, "Harbor Kettle 1.2L"), 0);
	assert_int_equal(order_set(&p[0].setup_video_url, "https://example.com/setup/kettle"), 0);
	slip_init(&s);
	default_slip(&s, &o, p, "Harbor & Pine Outfitters",
		     "https://example.com/returns?o={order}&z={zip}", paper);
	encode(&s, paper, &out);

	snprintf(path, sizeof path, "%s/tests/data/golden/%s",
		 getenv("PACKDESK_SRCDIR"), file);
	if (getenv("PACKDESK_UPDATE_GOLDEN") != NULL) {
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(out.buf, 1, out.len, f), out.len);
		fclose(f);
	}
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	want = malloc((size_t)size + 1);
	assert_int_equal(fread(want, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_int_equal(out.len, (size_t)size);
	assert_memory_equal(out.buf, want, out.len);
	free(want);
	strbuf_cleanup(&out);
	slip_cleanup(&s);
	order_cleanup(&o);
	product_cleanup(&p[0]);
	product_cleanup(&p[1]);
}

static void test_golden_80mm(void **state)
{
	golden(&escpos_80mm, "slip-80mm.bin");
}

static void test_golden_58mm(void **state)
{
	golden(&escpos_58mm, "slip-58mm.bin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_styles),
		cmocka_unit_test(test_row),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_qr_bytes),
		cmocka_unit_test(test_barcode_bytes),
		cmocka_unit_test(test_one_cut),
		cmocka_unit_test(test_order_controls_never_printed),
		cmocka_unit_test(test_non_ascii),
		cmocka_unit_test(test_golden_80mm),
		cmocka_unit_test(test_golden_58mm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
