/* Keyboard layouts: what each key code types on each layout and level,
 * and the rules every table must keep. */
#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keymap.h"
#include "text.h"

static void test_table(void **state)
{
	static const struct {
		const char *layout;
		unsigned code;
		enum keymap_level level;
		const char *text; /* NULL: types nothing */
	} cases[] = {
	    /* US: codes are US positions. */
	    {"us", KEY_A, KEYMAP_PLAIN, "a"},
	    {"us", KEY_A, KEYMAP_SHIFT, "A"},
	    {"us", KEY_Y, KEYMAP_PLAIN, "y"},
	    {"us", KEY_Z, KEYMAP_PLAIN, "z"},
	    {"us", KEY_1, KEYMAP_PLAIN, "1"},
	    {"us", KEY_2, KEYMAP_SHIFT, "@"},
	    {"us", KEY_3, KEYMAP_SHIFT, "#"},
	    {"us", KEY_0, KEYMAP_PLAIN, "0"},
	    {"us", KEY_MINUS, KEYMAP_PLAIN, "-"},
	    {"us", KEY_MINUS, KEYMAP_SHIFT, "_"},
	    {"us", KEY_RIGHTBRACE, KEYMAP_PLAIN, "]"},
	    {"us", KEY_APOSTROPHE, KEYMAP_SHIFT, "\""},
	    {"us", KEY_SLASH, KEYMAP_SHIFT, "?"},
	    {"us", KEY_A, KEYMAP_ALTGR, NULL},
	    /* Every layout: Enter (28), keypad Enter (96), Tab (15), the
	     * keypad's digits at every level. */
	    {"us", KEY_ENTER, KEYMAP_PLAIN, "\r"},
	    {"us", KEY_KPENTER, KEYMAP_SHIFT, "\r"},
	    {"us", KEY_TAB, KEYMAP_PLAIN, "\t"},
	    {"us", KEY_SPACE, KEYMAP_PLAIN, " "},
	    {"us", KEY_KP0, KEYMAP_PLAIN, "0"},
	    {"us", KEY_KP9, KEYMAP_SHIFT, "9"},
	    {"us", KEY_KPDOT, KEYMAP_PLAIN, "."},
	    {"de", KEY_KPENTER, KEYMAP_PLAIN, "\r"},
	    {"de", KEY_KP5, KEYMAP_PLAIN, "5"},
	    {"fr", KEY_ENTER, KEYMAP_ALTGR, "\r"},
	    {"fr", KEY_KP1, KEYMAP_PLAIN, "1"},
	    /* German: Y and Z swapped, ß ä ö ü, AltGr. */
	    {"de", KEY_Y, KEYMAP_PLAIN, "z"},
	    {"de", KEY_Z, KEYMAP_PLAIN, "y"},
	    {"de", KEY_Z, KEYMAP_SHIFT, "Y"},
	    {"de", KEY_MINUS, KEYMAP_PLAIN, "\xc3\x9f"}, /* ß */
	    {"de", KEY_MINUS, KEYMAP_SHIFT, "?"},
	    {"de", KEY_MINUS, KEYMAP_ALTGR, "\\"},
	    {"de", KEY_APOSTROPHE, KEYMAP_PLAIN, "\xc3\xa4"}, /* ä */
	    {"de", KEY_SEMICOLON, KEYMAP_SHIFT, "\xc3\x96"},  /* Ö */
	    {"de", KEY_LEFTBRACE, KEYMAP_PLAIN, "\xc3\xbc"},  /* ü */
	    {"de", KEY_2, KEYMAP_SHIFT, "\""},
	    {"de", KEY_7, KEYMAP_SHIFT, "/"},
	    {"de", KEY_0, KEYMAP_SHIFT, "="},
	    {"de", KEY_Q, KEYMAP_ALTGR, "@"},
	    {"de", KEY_E, KEYMAP_ALTGR, "\xe2\x82\xac"}, /* € */
	    {"de", KEY_SLASH, KEYMAP_PLAIN, "-"},
	    {"de", KEY_KPDOT, KEYMAP_PLAIN, ","},
	    /* French: the digit row types digits only with Shift. */
	    {"fr", KEY_1, KEYMAP_PLAIN, "&"},
	    {"fr", KEY_1, KEYMAP_SHIFT, "1"},
	    {"fr", KEY_2, KEYMAP_PLAIN, "\xc3\xa9"}, /* é */
	    {"fr", KEY_7, KEYMAP_PLAIN, "\xc3\xa8"}, /* è */
	    {"fr", KEY_9, KEYMAP_PLAIN, "\xc3\xa7"}, /* ç */
	    {"fr", KEY_0, KEYMAP_PLAIN, "\xc3\xa0"}, /* à */
	    {"fr", KEY_0, KEYMAP_SHIFT, "0"},
	    {"fr", KEY_0, KEYMAP_ALTGR, "@"},
	    {"fr", KEY_Q, KEYMAP_PLAIN, "a"},
	    {"fr", KEY_A, KEYMAP_PLAIN, "q"},
	    {"fr", KEY_W, KEYMAP_PLAIN, "z"},
	    {"fr", KEY_Z, KEYMAP_PLAIN, "w"},
	    {"fr", KEY_SEMICOLON, KEYMAP_PLAIN, "m"},
	    {"fr", KEY_M, KEYMAP_PLAIN, ","},
	    {"fr", KEY_6, KEYMAP_PLAIN, "-"},
	    {"fr", KEY_8, KEYMAP_PLAIN, "_"},
	    {"fr", KEY_KPDOT, KEYMAP_PLAIN, "."},
	    {"fr", KEY_GRAVE, KEYMAP_SHIFT, NULL},
	};
	const struct keymap_key *k;
	const struct keymap *km;
	const char *got;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		km = keymap_find(cases[i].layout);
		assert_non_null(km);
		k = keymap_key(km, cases[i].code);
		got = k != NULL ? k->text[cases[i].level] : NULL;
		if (got == NULL && cases[i].text == NULL)
			continue;
		if (got == NULL || cases[i].text == NULL ||
		    strcmp(got, cases[i].text) != 0)
			fail_msg("%s code %u level %d: got \"%s\", want \"%s\"",
				 cases[i].layout, cases[i].code,
				 (int)cases[i].level, got ? got : "(none)",
				 cases[i].text ? cases[i].text : "(none)");
	}
}

static void test_flags(void **state)
{
	static const struct {
		const char *layout;
		unsigned code;
		unsigned flags;
	} cases[] = {
	    {"us", KEY_A, KEYMAP_LETTER},
	    {"us", KEY_1, 0},
	    {"us", KEY_LEFTBRACE, 0},
	    {"de", KEY_APOSTROPHE, KEYMAP_LETTER}, /* ä: Caps gives Ä */
	    {"de", KEY_MINUS, 0},		   /* ß: Caps leaves it */
	    {"de", KEY_GRAVE, KEYMAP_DEAD << KEYMAP_PLAIN}, /* ^, not ° */
	    {"de", KEY_EQUAL,
	     (KEYMAP_DEAD << KEYMAP_PLAIN) | (KEYMAP_DEAD << KEYMAP_SHIFT)},
	    {"fr", KEY_2, 0},			  /* é: Caps leaves it */
	    {"fr", KEY_SEMICOLON, KEYMAP_LETTER}, /* m */
	    {"fr", KEY_M, 0},			  /* , */
	    {"fr", KEY_LEFTBRACE,
	     (KEYMAP_DEAD << KEYMAP_PLAIN) | (KEYMAP_DEAD << KEYMAP_SHIFT)},
	};
	const struct keymap_key *k;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k = keymap_key(keymap_find(cases[i].layout), cases[i].code);
		assert_non_null(k);
		if (k->flags != cases[i].flags)
			fail_msg("%s code %u: flags %#x, want %#x",
				 cases[i].layout, cases[i].code, k->flags,
				 cases[i].flags);
	}
}

static void test_unknown_codes(void **state)
{
	static const unsigned codes[] = {
	    KEY_RESERVED, KEY_ESC, KEY_BACKSPACE, KEY_LEFTSHIFT, KEY_CAPSLOCK,
	    KEY_F1,	  KEY_F12, KEY_RIGHTALT,  KEY_MUTE,	 KEY_MAX,
	    KEY_CNT,	  0xffff,  0x10000,	  0xffffffffu,
	};
	const struct keymap *km;
	size_t i, l;

	for (l = 0; (km = keymap_at(l)) != NULL; l++)
		for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
			if (keymap_key(km, codes[i]) != NULL)
				fail_msg("%s: code %u types something",
					 km->name, codes[i]);
	assert_null(keymap_find("xx"));
	assert_null(keymap_find(""));
	assert_null(keymap_find("US"));
	assert_ptr_equal(keymap_find("us"), keymap_at(0));
}

/* Rules every layout keeps, so a new layout's table is checked too. */
static void test_every_layout(void **state)
{
	const struct keymap_key *k;
	const struct keymap *km;
	const char *t;
	size_t l;
	unsigned code;
	int lv, c, found, nlayouts = 0;
	char want[2];

	for (l = 0; (km = keymap_at(l)) != NULL; l++) {
		nlayouts++;
		assert_ptr_equal(keymap_find(km->name), km);
		assert_true(km->nkeys <= KEY_CNT);
		for (code = 0; code < KEY_CNT; code++) {
			k = keymap_key(km, code);
			if (k == NULL)
				continue;
			for (lv = 0; lv < KEYMAP_LEVELS; lv++) {
				t = k->text[lv];
				if (t == NULL) {
					/* Dead levels have their text. */
					assert_false(k->flags &
						     (KEYMAP_DEAD << lv));
					continue;
				}
				/* One valid UTF-8 character that fits. */
				assert_true(strlen(t) >= 1);
				assert_true(strlen(t) <= KEYMAP_TEXT_MAX);
				assert_true(text_utf8_valid(t, strlen(t)));
				assert_int_equal(text_columns(t) <= 1, 1);
			}
			/* Caps Lock shifts a letter: it has both levels. */
			if (k->flags & KEYMAP_LETTER)
				assert_true(k->text[KEYMAP_PLAIN] != NULL &&
					    k->text[KEYMAP_SHIFT] != NULL);
		}
		/* Every printable ASCII character can be typed without a
		 * dead key: what barcodes hold (Code 39, Code 128). */
		for (c = 0x20; c < 0x7f; c++) {
			want[0] = (char)c;
			want[1] = '\0';
			found = 0;
			for (code = 0; code < KEY_CNT && !found; code++) {
				k = keymap_key(km, code);
				for (lv = 0; k != NULL && lv < KEYMAP_LEVELS;
				     lv++)
					if (k->text[lv] != NULL &&
					    !(k->flags & (KEYMAP_DEAD << lv)) &&
					    strcmp(k->text[lv], want) == 0)
						found = 1;
			}
			if (!found && !(c == '^' || c == '`' || c == '~'))
				fail_msg("%s cannot type '%c'", km->name, c);
		}
	}
	assert_true(nlayouts >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_unknown_codes),
	    cmocka_unit_test(test_every_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
