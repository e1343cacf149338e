#include "locale.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef PACKDESK_DATADIR
#define PACKDESK_DATADIR "/usr/local/share/packdesk"
#endif

void locale_init(struct locale *l)
{
	memset(l, 0, sizeof *l);
}

void locale_free(struct locale *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->e[i].key);
		free(l->e[i].text);
	}
	free(l->e);
	locale_init(l);
}

struct locale_rd {
	struct locale *l;
	struct err first;
};

static int locale_put(struct locale *l, const char *key, const char *text)
{
	struct locale_entry *e;

	if (l->n >= LOCALE_MAX_KEYS)
		return -1;
	if (l->n % 32 == 0) {
		e = realloc(l->e, (l->n + 32) * sizeof *e);
		if (e == NULL)
			return -1;
		l->e = e;
	}
	l->e[l->n].key = strdup(key);
	l->e[l->n].text = strdup(text);
	if (l->e[l->n].key == NULL || l->e[l->n].text == NULL) {
		free(l->e[l->n].key);
		free(l->e[l->n].text);
		return -1;
	}
	l->n++;
	return 0;
}

static int on_string(void *arg, const char *section, const char *name,
		     const char *value)
{
	struct locale_rd *rd = arg;
	char key[128];

	if (strlen(value) >= LOCALE_TEXT_MAX) {
		err_set(&rd->first, "\"%s\" is longer than %d bytes", name,
			LOCALE_TEXT_MAX - 1);
		return 0;
	}
	if ((size_t)snprintf(key, sizeof key, "%s%s%s", section,
			     section[0] ? "." : "", name) >= sizeof key) {
		err_set(&rd->first, "key too long");
		return 0;
	}
	if (locale_get(rd->l, key) != NULL) {
		err_set(&rd->first, "\"%s\" given twice", key);
		return 0;
	}
	if (locale_put(rd->l, key, value) != 0) {
		err_set(&rd->first, "too many strings (at most %d)",
			LOCALE_MAX_KEYS);
		return 0;
	}
	return 1;
}

int locale_load_file(struct locale *l, const char *path, struct err *err)
{
	struct locale_rd rd = {l, {{0}}};
	FILE *f = fopen(path, "r");
	const char *base = strrchr(path, '/');
	int rc;

	if (f == NULL)
		return err_sys(err, "%s", path);
	rc = ini_parse_file(f, on_string, &rd);
	fclose(f);
	base = base != NULL ? base + 1 : path;
	snprintf(l->name, sizeof l->name, "%.*s",
		 (int)(strcspn(base, ".") < LOCALE_NAME_MAX - 1
			   ? strcspn(base, ".")
			   : LOCALE_NAME_MAX - 1),
		 base);
	if (rc > 0)
		return err_set(err, "%s:%d: %s", path, rc,
			       err_isset(&rd.first)
				   ? rd.first.msg
				   : "not a \"key = text\" line");
	if (rc < 0)
		return err_set(err, "%s: cannot read", path);
	return 0;
}

int locale_name_ok(const char *name)
{
	size_t i;

	if (name[0] == '\0' || strlen(name) >= LOCALE_NAME_MAX)
		return 0;
	for (i = 0; name[i] != '\0'; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			return 0;
	return 1;
}

int locale_load(struct locale *l, const char *dirs, const char *name,
		struct err *err)
{
	char path[4096];
	const char *d = dirs;
	size_t n;

	if (!locale_name_ok(name))
		return err_set(err, "bad locale name \"%s\"", name);
	while (*d != '\0') {
		n = strcspn(d, ":");
		if (n > 0 && n < sizeof path - LOCALE_NAME_MAX - 8) {
			snprintf(path, sizeof path, "%.*s/%s.ini", (int)n, d,
				 name);
			if (access(path, R_OK) == 0)
				return locale_load_file(l, path, err);
		}
		d += n;
		if (*d == ':')
			d++;
	}
	return err_set(err, "no locale \"%s\" in %s", name, dirs);
}

const char *locale_get(const struct locale *l, const char *key)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (strcmp(l->e[i].key, key) == 0)
			return l->e[i].text;
	return NULL;
}

const char *locale_default_dirs(void)
{
	const char *env = getenv("PACKDESK_LOCALES");

	return env != NULL && env[0] != '\0'
		   ? env
		   : "assets/locales:" PACKDESK_DATADIR "/locales";
}

const char *locale_for_country(const char *country, const char *fallback)
{
	static const struct {
		const char *country, *locale;
	} map[] = {
	    {"TW", "zh-TW"},	    {"Taiwan", "zh-TW"}, {"HK", "zh-TW"},
	    {"Hong Kong", "zh-TW"}, {"MO", "zh-TW"},	 {"Macau", "zh-TW"},
	    {"Macao", "zh-TW"},	    {"ID", "id"},	 {"Indonesia", "id"},
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(country, map[i].country) == 0)
			return map[i].locale;
	return fallback != NULL && fallback[0] != '\0' ? fallback : "en";
}
