/* Keyboard layouts as data. A keyboard-wedge scanner sends key codes, which
 * are positions on a US keyboard (evdev KEY_*), not characters: the scanner
 * was set to a layout and chose the keys that type the barcode's
 * characters with that layout. A keymap turns the codes back into text.
 *
 * Each layout is one table in keymap.c, indexed by evdev key code, and one
 * row in its list of layouts: adding a layout adds data, no code. */
#ifndef PACKDESK_KEYMAP_H
#define PACKDESK_KEYMAP_H

#include <stddef.h>

/* Longest text one key types, in bytes (one UTF-8 character). */
#define KEYMAP_TEXT_MAX 4

enum keymap_level {
	KEYMAP_PLAIN = 0,
	KEYMAP_SHIFT = 1,
	KEYMAP_ALTGR = 2, /* right Alt */
	KEYMAP_LEVELS = 3,
};

enum keymap_flags {
	/* Caps Lock acts on the key as Shift does (letters only: a-z,
	 * and ä ö ü on de). */
	KEYMAP_LETTER = 1 << 0,
	/* The level's text is a dead key (de ^ ´ `, fr ^ ¨): it types
	 * nothing until the next key; see scanner-evdev.c. Bit per level:
	 * KEYMAP_DEAD << level. */
	KEYMAP_DEAD = 1 << 1,
};

struct keymap_key {
	/* UTF-8 text for each level; NULL: the key types nothing there. */
	const char *text[KEYMAP_LEVELS];
	unsigned flags;
};

struct keymap {
	const char *name; /* as in evdev:PATH?layout=NAME */
	const char *description;
	const struct keymap_key *keys; /* indexed by evdev key code */
	size_t nkeys;
};

/* The layout called name ("us", "de", "fr"), or NULL. */
const struct keymap *keymap_find(const char *name);
/* The i-th layout, for listing them; NULL past the last. */
const struct keymap *keymap_at(size_t i);
/* What the key with evdev code types on km: its own entry, else the keys
 * every layout shares (Enter, Tab, Space, the keypad). NULL: nothing
 * (unknown or out-of-range code). */
const struct keymap_key *keymap_key(const struct keymap *km, unsigned code);

#endif
