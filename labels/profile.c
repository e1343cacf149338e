#include "profile.h"

#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PACKDESK_DATADIR
#define PACKDESK_DATADIR "/usr/local/share/packdesk"
#endif

struct word {
	const char *word;
	int value;
};

static const struct word languages[] = {
	{"escpos", PROFILE_ESCPOS}, {"zpl", PROFILE_ZPL},
	{"tspl", PROFILE_TSPL},     {NULL, 0}};
static const struct word cjks[] = {{"none", PROFILE_CJK_NONE},
				   {"big5", PROFILE_CJK_BIG5},
				   {"gb18030", PROFILE_CJK_GB18030},
				   {NULL, 0}};
static const struct word cutters[] = {{"none", PROFILE_CUT_NONE},
				      {"partial", PROFILE_CUT_PARTIAL},
				      {"full", PROFILE_CUT_FULL},
				      {NULL, 0}};
static const struct word yesno[] = {{"yes", 1}, {"no", 0}, {NULL, 0}};

static int word(const struct word *w, const char *v, int *out)
{
	for (; w->word != NULL; w++)
		if (strcmp(w->word, v) == 0) {
			*out = w->value;
			return 0;
		}
	return -1;
}

static int number(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

/* "CP437:0 CP858:19 CP1252:16": iconv name and ESC t number. */
static int codepages(struct profile *p, const char *v)
{
	char buf[256], *save = NULL, *tok, *colon;
	int n;

	snprintf(buf, sizeof buf, "%s", v);
	p->ncodepages = 0;
	for (tok = strtok_r(buf, " ,", &save); tok != NULL;
	     tok = strtok_r(NULL, " ,", &save)) {
		colon = strchr(tok, ':');
		if (colon == NULL || p->ncodepages == PROFILE_CODEPAGES ||
		    (size_t)(colon - tok) >= sizeof p->codepages[0].name ||
		    number(colon + 1, 0, 255, &n) != 0)
			return -1;
		*colon = '\0';
		snprintf(p->codepages[p->ncodepages].name,
			 sizeof p->codepages[0].name, "%s", tok);
		p->codepages[p->ncodepages++].number = n;
	}
	return 0;
}

struct load {
	struct profile *p;
	char why[160];
};

static int on_key(void *arg, const char *section, const char *key,
		  const char *v)
{
	struct load *l = arg;
	struct profile *p = l->p;
	int rc, n = 0;

	(void)section;
	if (strcmp(key, "description") == 0) {
		snprintf(p->description, sizeof p->description, "%s", v);
		return 1;
	}
	if (strcmp(key, "dialect") == 0) {
		snprintf(p->dialect, sizeof p->dialect, "%s", v);
		return 1;
	}
	if (strcmp(key, "template") == 0) {
		snprintf(p->template_name, sizeof p->template_name, "%s", v);
		return 1;
	}
	if (strcmp(key, "language") == 0)
		rc = word(languages, v, &n), p->language = n;
	else if (strcmp(key, "cjk") == 0)
		rc = word(cjks, v, &n), p->cjk = n;
	else if (strcmp(key, "cutter") == 0)
		rc = word(cutters, v, &n), p->cutter = n;
	else if (strcmp(key, "native_qr") == 0)
		rc = word(yesno, v, &p->native_qr);
	else if (strcmp(key, "native_barcode") == 0)
		rc = word(yesno, v, &p->native_barcode);
	else if (strcmp(key, "buzzer") == 0)
		rc = word(yesno, v, &p->buzzer);
	else if (strcmp(key, "dpi") == 0)
		rc = number(v, 100, 600, &p->dpi);
	else if (strcmp(key, "width_dots") == 0)
		rc = number(v, 8, 4096, &p->width_dots);
	else if (strcmp(key, "height_dots") == 0)
		rc = number(v, 0, 20000, &p->height_dots);
	else if (strcmp(key, "columns") == 0)
		rc = number(v, 0, 256, &p->columns);
	else if (strcmp(key, "codepages") == 0)
		rc = codepages(p, v);
	else {
		snprintf(l->why, sizeof l->why, "unknown key \"%s\"", key);
		return 0;
	}
	if (rc != 0)
		snprintf(l->why, sizeof l->why, "%s: bad value \"%s\"", key, v);
	return rc == 0;
}

static void stem(char *out, size_t outsz, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strcspn(base, ".");
	snprintf(out, outsz, "%.*s", (int)n, base);
}

int profile_load_file(struct profile *p, const char *path, struct err *err)
{
	struct load l = {p, ""};
	int rc;

	memset(p, 0, sizeof *p);
	p->dpi = 203;
	p->native_qr = p->native_barcode = 1;
	stem(p->name, sizeof p->name, path);
	rc = ini_parse(path, on_key, &l);
	if (rc < 0)
		return err_set(err, "%s: cannot read", path);
	if (rc > 0)
		return err_set(err, "%s:%d: %s", path, rc,
			       l.why[0] ? l.why : "not a key = value line");
	if (p->width_dots == 0)
		return err_set(err, "%s: width_dots is missing", path);
	if (p->language == PROFILE_ESCPOS && p->columns == 0)
		p->columns = p->width_dots / 12; /* Font A is 12 dots wide */
	if (p->language != PROFILE_ESCPOS && p->height_dots == 0)
		return err_set(err, "%s: a label profile needs height_dots",
			       path);
	return 0;
}

int profile_find(struct profile *p, const char *name, const char *dirs,
		 struct err *err)
{
	char list[2048], path[4096], *save = NULL, *dir;

	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0')
		return err_set(err, "\"%s\" is not a profile name", name);
	snprintf(list, sizeof list, "%s", dirs);
	for (dir = strtok_r(list, ":", &save); dir != NULL;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof path, "%s/%s.ini", dir, name);
		FILE *f = fopen(path, "r");

		if (f == NULL)
			continue;
		fclose(f);
		return profile_load_file(p, path, err);
	}
	return err_set(err, "no printer profile \"%s\" (see 'packctl profiles')",
		       name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct profile *)a)->name,
		      ((const struct profile *)b)->name);
}

static int seen(const struct profile *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return 1;
	return 0;
}

int profile_each(const char *dirs, int (*fn)(const struct profile *p,
					     void *arg),
		 void *arg, struct err *err)
{
	char list[2048], path[4096], *save = NULL, *dir;
	struct profile *v = NULL, p;
	size_t n = 0, i;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	snprintf(list, sizeof list, "%s", dirs);
	for (dir = strtok_r(list, ":", &save); dir != NULL && rc == 0;
	     dir = strtok_r(NULL, ":", &save)) {
		if ((d = opendir(dir)) == NULL)
			continue;
		while (rc == 0 && (de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);
			struct profile *grown;

			if (len < 5 || strcmp(de->d_name + len - 4, ".ini"))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			if (profile_load_file(&p, path, err) != 0)
				rc = ERR_FAIL;
			else if (!seen(v, n, p.name)) {
				grown = realloc(v, (n + 1) * sizeof *v);
				if (grown == NULL)
					rc = err_set(err, "out of memory");
				else
					(v = grown)[n++] = p;
			}
		}
		closedir(d);
	}
	if (n > 0)
		qsort(v, n, sizeof *v, by_name);
	for (i = 0; rc == 0 && i < n; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

const char *profile_default_dirs(void)
{
	const char *env = getenv("PACKDESK_PROFILES");

	return env != NULL && env[0] != '\0'
		       ? env
		       : "assets/profiles:" PACKDESK_DATADIR "/profiles";
}
