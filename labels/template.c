/* Templates as files: finding them, loading them, and keeping the last
 * good one when a shop's edit breaks. */
#include "template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "template-int.h"

#ifndef PACKDESK_DATADIR
#define PACKDESK_DATADIR "/usr/local/share/packdesk"
#endif

void template_nodes_free(struct template_node *n);

void template_free(struct template *t)
{
	template_nodes_free(t->root);
	t->root = NULL;
}

/* Reads at most TEMPLATE_MAX_SIZE + 1 bytes: enough to say "too large". */
static char *slurp(const char *path, size_t *len, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL) {
		err_sys(err, "%s", path);
		return NULL;
	}
	buf = malloc(TEMPLATE_MAX_SIZE + 2);
	if (buf == NULL) {
		fclose(f);
		err_set(err, "%s: out of memory", path);
		return NULL;
	}
	*len = fread(buf, 1, TEMPLATE_MAX_SIZE + 1, f);
	if (ferror(f)) {
		err_sys(err, "%s", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int template_load(const char *path, struct template *t, FILE *errs)
{
	struct locale en;
	struct err err;
	size_t len = 0;
	char *text;
	int n;

	memset(t, 0, sizeof *t);
	err_clear(&err);
	if ((text = slurp(path, &len, &err)) == NULL) {
		if (errs != NULL)
			fprintf(errs, "%s:0:0: %s\n", path, err.msg);
		return 1;
	}
	locale_init(&en);
	/* Without en the keys cannot be checked here; render falls back to
	 * printing the key, which a preview shows at once. */
	if (locale_load(&en, locale_default_dirs(), "en", &err) != 0)
		locale_free(&en);
	n = template_parse(path, text, len, en.n > 0 ? &en : NULL, t, errs);
	locale_free(&en);
	free(text);
	return n;
}

static int try_dir(const char *dir, size_t dlen, const char *name, char *out,
		   size_t outsz)
{
	if (dlen == 0 || (size_t)snprintf(out, outsz, "%.*s/%s", (int)dlen, dir,
					  name) >= outsz)
		return 0;
	return access(out, R_OK) == 0;
}

int template_find(const char *dir, const char *name, char *out, size_t outsz,
		  struct err *err)
{
	const char *env = getenv("PACKDESK_TEMPLATES");
	const char *dirs = env != NULL && env[0] != '\0'
			       ? env
			       : "labels/templates:" PACKDESK_DATADIR
				 "/templates";
	const char *d;
	size_t n;

	if (name[0] == '\0' || strstr(name, "..") != NULL)
		return err_set(err, "bad template name \"%s\"", name);
	if (strchr(name, '/') != NULL) { /* a path: used as it is */
		snprintf(out, outsz, "%s", name);
		return 0;
	}
	if (dir != NULL && try_dir(dir, strlen(dir), name, out, outsz))
		return 0;
	for (d = dirs; *d != '\0'; d += *d == ':') {
		n = strcspn(d, ":");
		if (try_dir(d, n, name, out, outsz))
			return 0;
		d += n;
	}
	return err_set(err, "no template \"%s\" in %s%s%s", name,
		       dir != NULL && dir[0] ? dir : "",
		       dir != NULL && dir[0] ? ":" : "", dirs);
}

/* ---- the station's cache ---- */

void template_cache_init(struct template_cache *c)
{
	memset(c, 0, sizeof *c);
}

void template_cache_free(struct template_cache *c)
{
	template_free(&c->t);
	template_cache_init(c);
}

const char *template_cache_notice(const struct template_cache *c)
{
	return c->notice;
}

/* The first line of the error report: enough for a packer's screen. */
static void first_error(char *report, size_t len, char *out, size_t outsz)
{
	size_t n = len > 0 ? strcspn(report, "\n") : 0;

	snprintf(out, outsz, "%.*s", (int)n, report);
}

static void reload(struct template_cache *c, const char *path, struct err *err)
{
	struct template t;
	char *report = NULL, first[ERR_MAX - 80];
	size_t len = 0;
	FILE *mem = open_memstream(&report, &len);
	int n;

	n = template_load(path, &t, mem);
	if (mem != NULL)
		fclose(mem);
	first_error(report != NULL ? report : "", len, first, sizeof first);
	free(report);
	if (n == 0) {
		template_free(&c->t);
		c->t = t;
		c->loaded = 1;
		c->notice[0] = '\0';
		return;
	}
	template_free(&t);
	if (c->loaded)
		snprintf(c->notice, sizeof c->notice,
			 "template has %d error%s, printing with the last good "
			 "version: %s",
			 n, n == 1 ? "" : "s", first);
	else
		err_set(err, "template has %d error%s: %s", n,
			n == 1 ? "" : "s", first);
}

const struct template *template_cache_get(struct template_cache *c,
					  const char *path, struct err *err)
{
	struct stat st;

	if (strcmp(c->path, path) != 0) { /* another file: start over */
		template_cache_free(c);
		snprintf(c->path, sizeof c->path, "%s", path);
	}
	if (stat(path, &st) != 0) {
		if (c->loaded) {
			snprintf(c->notice, sizeof c->notice,
				 "%s: %s, printing with the last good version",
				 path, strerror(errno));
			return &c->t;
		}
		err_sys(err, "%s", path);
		return NULL;
	}
	if (st.st_mtim.tv_sec != c->mtime.tv_sec ||
	    st.st_mtim.tv_nsec != c->mtime.tv_nsec || st.st_size != c->size ||
	    (!c->loaded && c->notice[0] == '\0')) {
		c->mtime = st.st_mtim;
		c->size = st.st_size;
		reload(c, path, err);
	}
	if (!c->loaded) {
		if (!err_isset(err))
			err_set(err, "%s: %s", path, c->notice);
		return NULL;
	}
	return &c->t;
}
