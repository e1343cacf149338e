/* The keyboard layouts a wedge scanner can be set to, as tables indexed by
 * evdev key code (linux/input-event-codes.h: KEY_Q is the key right of Tab
 * whatever it types). Text is UTF-8; levels are plain, Shift, AltGr.
 * Layouts follow the Linux console/X11 (xkb) "us", "de" and "fr" layouts. */
#include "keymap.h"

#include <linux/input-event-codes.h>
#include <string.h>

/* A key, a letter (Caps Lock shifts it), a key whose plain / shifted
 * level is a dead key. */
#define K(p, s, a)                                                             \
	{                                                                      \
		{p, s, a}, 0                                                   \
	}
#define L(p, s, a)                                                             \
	{                                                                      \
		{p, s, a}, KEYMAP_LETTER                                       \
	}
#define DEAD_PLAIN (KEYMAP_DEAD << KEYMAP_PLAIN)
#define DEAD_SHIFT (KEYMAP_DEAD << KEYMAP_SHIFT)
#define KEYS(t) t, sizeof t / sizeof t[0]

/* Keys that type the same on every layout and level. A scanner ends scans
 * with Enter or keypad Enter (KEY_KPENTER, 96) and may send digits from
 * the keypad; the keypad is read as if Num Lock were on, since a scanner
 * sending KEY_KP1 means "1". */
#define SAME(c)                                                                \
	{                                                                      \
		{c, c, c}, 0                                                   \
	}
static const struct keymap_key common_keys[] = {
	[KEY_TAB] = SAME("\t"),	[KEY_ENTER] = SAME("\r"),
	[KEY_KPENTER] = SAME("\r"), [KEY_SPACE] = SAME(" "),
	[KEY_KP0] = SAME("0"),	[KEY_KP1] = SAME("1"),
	[KEY_KP2] = SAME("2"),	[KEY_KP3] = SAME("3"),
	[KEY_KP4] = SAME("4"),	[KEY_KP5] = SAME("5"),
	[KEY_KP6] = SAME("6"),	[KEY_KP7] = SAME("7"),
	[KEY_KP8] = SAME("8"),	[KEY_KP9] = SAME("9"),
	[KEY_KPDOT] = SAME("."),	[KEY_KPPLUS] = SAME("+"),
	[KEY_KPMINUS] = SAME("-"),	[KEY_KPASTERISK] = SAME("*"),
	[KEY_KPSLASH] = SAME("/"),	[KEY_KPEQUAL] = SAME("="),
};

/* US English (ANSI, plus the ISO key left of Z, KEY_102ND). */
static const struct keymap_key us_keys[] = {
	[KEY_GRAVE] = K("`", "~", NULL),	  [KEY_1] = K("1", "!", NULL),
	[KEY_2] = K("2", "@", NULL),	  [KEY_3] = K("3", "#", NULL),
	[KEY_4] = K("4", "$", NULL),	  [KEY_5] = K("5", "%", NULL),
	[KEY_6] = K("6", "^", NULL),	  [KEY_7] = K("7", "&", NULL),
	[KEY_8] = K("8", "*", NULL),	  [KEY_9] = K("9", "(", NULL),
	[KEY_0] = K("0", ")", NULL),	  [KEY_MINUS] = K("-", "_", NULL),
	[KEY_EQUAL] = K("=", "+", NULL),	  [KEY_Q] = L("q", "Q", NULL),
	[KEY_W] = L("w", "W", NULL),	  [KEY_E] = L("e", "E", NULL),
	[KEY_R] = L("r", "R", NULL),	  [KEY_T] = L("t", "T", NULL),
	[KEY_Y] = L("y", "Y", NULL),	  [KEY_U] = L("u", "U", NULL),
	[KEY_I] = L("i", "I", NULL),	  [KEY_O] = L("o", "O", NULL),
	[KEY_P] = L("p", "P", NULL),	  [KEY_LEFTBRACE] = K("[", "{", NULL),
	[KEY_RIGHTBRACE] = K("]", "}", NULL), [KEY_A] = L("a", "A", NULL),
	[KEY_S] = L("s", "S", NULL),	  [KEY_D] = L("d", "D", NULL),
	[KEY_F] = L("f", "F", NULL),	  [KEY_G] = L("g", "G", NULL),
	[KEY_H] = L("h", "H", NULL),	  [KEY_J] = L("j", "J", NULL),
	[KEY_K] = L("k", "K", NULL),	  [KEY_L] = L("l", "L", NULL),
	[KEY_SEMICOLON] = K(";", ":", NULL),  [KEY_APOSTROPHE] = K("'", "\"", NULL),
	[KEY_BACKSLASH] = K("\\", "|", NULL), [KEY_102ND] = K("<", ">", NULL),
	[KEY_Z] = L("z", "Z", NULL),	  [KEY_X] = L("x", "X", NULL),
	[KEY_C] = L("c", "C", NULL),	  [KEY_V] = L("v", "V", NULL),
	[KEY_B] = L("b", "B", NULL),	  [KEY_N] = L("n", "N", NULL),
	[KEY_M] = L("m", "M", NULL),	  [KEY_COMMA] = K(",", "<", NULL),
	[KEY_DOT] = K(".", ">", NULL),	  [KEY_SLASH] = K("/", "?", NULL),
};

/* German (QWERTZ): Y and Z swapped, umlauts right of P and L, ß right of
 * 0; ^ ´ ` are dead keys; the keypad's decimal key types a comma. */
static const struct keymap_key de_keys[] = {
	[KEY_GRAVE] = {{"^", "\xc2\xb0", "\xe2\x80\xb2"}, DEAD_PLAIN}, /* ° ′ */
	[KEY_1] = K("1", "!", "\xc2\xb9"),				   /* ¹ */
	[KEY_2] = K("2", "\"", "\xc2\xb2"),				   /* ² */
	[KEY_3] = K("3", "\xc2\xa7", "\xc2\xb3"),			   /* § ³ */
	[KEY_4] = K("4", "$", "\xc2\xbc"),				   /* ¼ */
	[KEY_5] = K("5", "%", "\xc2\xbd"),				   /* ½ */
	[KEY_6] = K("6", "&", "\xc2\xac"),				   /* ¬ */
	[KEY_7] = K("7", "/", "{"),
	[KEY_8] = K("8", "(", "["),
	[KEY_9] = K("9", ")", "]"),
	[KEY_0] = K("0", "=", "}"),
	[KEY_MINUS] = K("\xc3\x9f", "?", "\\"),			      /* ß */
	[KEY_EQUAL] = {{"\xc2\xb4", "`", NULL}, DEAD_PLAIN | DEAD_SHIFT}, /* ´ */
	[KEY_Q] = L("q", "Q", "@"),
	[KEY_W] = L("w", "W", NULL),
	[KEY_E] = L("e", "E", "\xe2\x82\xac"), /* € */
	[KEY_R] = L("r", "R", NULL),
	[KEY_T] = L("t", "T", NULL),
	[KEY_Y] = L("z", "Z", NULL),
	[KEY_U] = L("u", "U", NULL),
	[KEY_I] = L("i", "I", NULL),
	[KEY_O] = L("o", "O", NULL),
	[KEY_P] = L("p", "P", NULL),
	[KEY_LEFTBRACE] = L("\xc3\xbc", "\xc3\x9c", NULL), /* ü Ü */
	[KEY_RIGHTBRACE] = K("+", "*", "~"),
	[KEY_A] = L("a", "A", NULL),
	[KEY_S] = L("s", "S", NULL),
	[KEY_D] = L("d", "D", NULL),
	[KEY_F] = L("f", "F", NULL),
	[KEY_G] = L("g", "G", NULL),
	[KEY_H] = L("h", "H", NULL),
	[KEY_J] = L("j", "J", NULL),
	[KEY_K] = L("k", "K", NULL),
	[KEY_L] = L("l", "L", NULL),
	[KEY_SEMICOLON] = L("\xc3\xb6", "\xc3\x96", NULL),	/* ö Ö */
	[KEY_APOSTROPHE] = L("\xc3\xa4", "\xc3\x84", NULL), /* ä Ä */
	[KEY_BACKSLASH] = K("#", "'", NULL),
	[KEY_102ND] = K("<", ">", "|"),
	[KEY_Z] = L("y", "Y", NULL),
	[KEY_X] = L("x", "X", NULL),
	[KEY_C] = L("c", "C", NULL),
	[KEY_V] = L("v", "V", NULL),
	[KEY_B] = L("b", "B", NULL),
	[KEY_N] = L("n", "N", NULL),
	[KEY_M] = L("m", "M", "\xc2\xb5"), /* µ */
	[KEY_COMMA] = K(",", ";", NULL),
	[KEY_DOT] = K(".", ":", NULL),
	[KEY_SLASH] = K("-", "_", NULL),
	[KEY_KPDOT] = {{",", ",", ","}, 0},
};

/* French (AZERTY): A/Q and Z/W swapped, M right of L; the digit row types
 * & é " ' ( - è _ ç à plain and the digits only with Shift; ^ and ¨ are
 * dead keys. */
static const struct keymap_key fr_keys[] = {
	[KEY_GRAVE] = K("\xc2\xb2", NULL, NULL), /* ² */
	[KEY_1] = K("&", "1", NULL),
	[KEY_2] = K("\xc3\xa9", "2", "~"), /* é */
	[KEY_3] = K("\"", "3", "#"),
	[KEY_4] = K("'", "4", "{"),
	[KEY_5] = K("(", "5", "["),
	[KEY_6] = K("-", "6", "|"),
	[KEY_7] = K("\xc3\xa8", "7", "`"), /* è */
	[KEY_8] = K("_", "8", "\\"),
	[KEY_9] = K("\xc3\xa7", "9", "^"),	   /* ç */
	[KEY_0] = K("\xc3\xa0", "0", "@"),	   /* à */
	[KEY_MINUS] = K(")", "\xc2\xb0", "]"), /* ° */
	[KEY_EQUAL] = K("=", "+", "}"),
	[KEY_Q] = L("a", "A", NULL),
	[KEY_W] = L("z", "Z", NULL),
	[KEY_E] = L("e", "E", "\xe2\x82\xac"), /* € */
	[KEY_R] = L("r", "R", NULL),
	[KEY_T] = L("t", "T", NULL),
	[KEY_Y] = L("y", "Y", NULL),
	[KEY_U] = L("u", "U", NULL),
	[KEY_I] = L("i", "I", NULL),
	[KEY_O] = L("o", "O", NULL),
	[KEY_P] = L("p", "P", NULL),
	[KEY_LEFTBRACE] = {{"^", "\xc2\xa8", NULL}, /* ¨ */
		       DEAD_PLAIN | DEAD_SHIFT},
	[KEY_RIGHTBRACE] = K("$", "\xc2\xa3", "\xc2\xa4"), /* £ ¤ */
	[KEY_A] = L("q", "Q", NULL),
	[KEY_S] = L("s", "S", NULL),
	[KEY_D] = L("d", "D", NULL),
	[KEY_F] = L("f", "F", NULL),
	[KEY_G] = L("g", "G", NULL),
	[KEY_H] = L("h", "H", NULL),
	[KEY_J] = L("j", "J", NULL),
	[KEY_K] = L("k", "K", NULL),
	[KEY_L] = L("l", "L", NULL),
	[KEY_SEMICOLON] = L("m", "M", NULL),
	[KEY_APOSTROPHE] = K("\xc3\xb9", "%", NULL), /* ù */
	[KEY_BACKSLASH] = K("*", "\xc2\xb5", NULL),	 /* µ */
	[KEY_102ND] = K("<", ">", NULL),
	[KEY_Z] = L("w", "W", NULL),
	[KEY_X] = L("x", "X", NULL),
	[KEY_C] = L("c", "C", NULL),
	[KEY_V] = L("v", "V", NULL),
	[KEY_B] = L("b", "B", NULL),
	[KEY_N] = L("n", "N", NULL),
	[KEY_M] = K(",", "?", NULL),
	[KEY_COMMA] = K(";", ".", NULL),
	[KEY_DOT] = K(":", "/", NULL),
	[KEY_SLASH] = K("!", "\xc2\xa7", NULL), /* § */
};

static const struct keymap layouts[] = {
	{"us", "US English (QWERTY)", KEYS(us_keys)},
	{"de", "German (QWERTZ)", KEYS(de_keys)},
	{"fr", "French (AZERTY)", KEYS(fr_keys)},
};

const struct keymap *keymap_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
		if (strcmp(layouts[i].name, name) == 0)
			return &layouts[i];
	return NULL;
}

const struct keymap *keymap_at(size_t i)
{
	return i < sizeof layouts / sizeof layouts[0] ? &layouts[i] : NULL;
}

static int types_something(const struct keymap_key *k)
{
	return k->text[KEYMAP_PLAIN] != NULL || k->text[KEYMAP_SHIFT] != NULL ||
	       k->text[KEYMAP_ALTGR] != NULL;
}

const struct keymap_key *keymap_key(const struct keymap *km, unsigned code)
{
	if (code < km->nkeys && types_something(&km->keys[code]))
		return &km->keys[code];
	if (code < sizeof common_keys / sizeof common_keys[0] &&
	    types_something(&common_keys[code]))
		return &common_keys[code];
	return NULL;
}
