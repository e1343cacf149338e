/* Slip wording per language, as data: assets/locales/LOCALE.ini holds
 * "key = text" lines under [sections] (key "returns.title" is `title` in
 * [returns]). A shop can translate or reword without recompiling; a string
 * missing from a locale falls back to en. */
#ifndef PACKDESK_LOCALE_H
#define PACKDESK_LOCALE_H

#include <stddef.h>

#include "err.h"

#define LOCALE_NAME_MAX 16
#define LOCALE_MAX_KEYS 512
#define LOCALE_TEXT_MAX 1024

struct locale_entry {
	char *key;
	char *text;
};

struct locale {
	char name[LOCALE_NAME_MAX]; /* "en", "zh-TW", "id" */
	struct locale_entry *e;
	size_t n;
};

void locale_init(struct locale *l);
void locale_free(struct locale *l);
/* Loads name.ini from the first directory of dirs (':'-separated) that has
 * it. Errors read "FILE:LINE: reason". */
int locale_load(struct locale *l, const char *dirs, const char *name,
		struct err *err);
int locale_load_file(struct locale *l, const char *path, struct err *err);
/* The text for key, or NULL. */
const char *locale_get(const struct locale *l, const char *key);
/* $PACKDESK_LOCALES, else the source tree's then the installed locales. */
const char *locale_default_dirs(void);
/* The slip language for a Shipping Country (ISO code or English name):
 * Taiwan, Hong Kong and Macau read Traditional Chinese, Indonesia reads
 * Indonesian, everyone else gets the shop's default. */
const char *locale_for_country(const char *country, const char *fallback);
/* 1 when name is a locale we ship or the shop could add: letters, digits
 * and '-', so it is safe inside a path. */
int locale_name_ok(const char *name);

#endif
