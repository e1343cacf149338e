#include "verify.h"

#include <stdio.h>
#include <string.h>

#include "json.h"

void verify_init(struct verify *v)
{
	memset(v, 0, sizeof *v);
	strbuf_init(&v->scans, VERIFY_SCANS_MAX);
}

void verify_cleanup(struct verify *v)
{
	strbuf_cleanup(&v->scans);
}

void verify_reset(struct verify *v)
{
	v->active = 0;
	v->order[0] = '\0';
	v->n = 0;
	v->nscans = 0;
	strbuf_reset(&v->scans);
}

static struct verify_line *find(struct verify *v, const char *sku)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->lines[i].sku, sku) == 0)
			return &v->lines[i];
	return NULL;
}

int verify_has(const struct verify *v, const char *sku)
{
	return find((struct verify *)v, sku) != NULL;
}

int verify_start(struct verify *v, const struct order *o)
{
	struct verify_line *l;
	size_t i;

	verify_reset(v);
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *ol = &o->lines[i];

		if (ol->quantity <= 0)
			continue;
		l = find(v, ol->sku);
		if (l == NULL) {
			if (v->n == VERIFY_LINES_MAX) {
				verify_reset(v);
				return -1;
			}
			l = &v->lines[v->n++];
			snprintf(l->sku, sizeof l->sku, "%s", ol->sku);
			snprintf(l->name, sizeof l->name, "%s", ol->name);
			l->want = l->got = 0;
		}
		/* A pathological quantity must not overflow the count. */
		l->want = ol->quantity > 100000 - l->want ? 100000
							 : l->want + ol->quantity;
	}
	snprintf(v->order, sizeof v->order, "%s", o->name);
	v->active = 1;
	return 0;
}

int verify_left_units(const struct verify *v)
{
	size_t i;
	int n = 0;

	for (i = 0; i < v->n; i++)
		n += v->lines[i].want - v->lines[i].got;
	return n;
}

/* Records one scan for order_verified. Past the ceiling the count still
 * holds; only the record is cut, and the event says how many there were. */
static void record(struct verify *v, const char *sku, int units,
		   const char *scan)
{
	struct strbuf one;

	strbuf_init(&one, 2048);
	if ((v->scans.len == 0 || strbuf_addc(&one, ',') == 0) &&
	    strbuf_addc(&one, '{') == 0 &&
	    json_add_member(&one, "scan", scan) == 0 &&
	    json_add_member(&one, "sku", sku) == 0 &&
	    json_add_member_int(&one, "units", units) == 0 &&
	    strbuf_addc(&one, '}') == 0)
		strbuf_add(&v->scans, one.buf, one.len);
	strbuf_cleanup(&one);
}

enum verify_result verify_item(struct verify *v, const char *sku, int units,
			       const char *scan)
{
	struct verify_line *l = find(v, sku);

	if (l == NULL || sku[0] == '\0')
		return VERIFY_WRONG;
	if (units < 1 || units > l->want - l->got)
		return VERIFY_OVER;
	l->got += units;
	record(v, sku, units, scan);
	v->nscans++;
	return verify_left_units(v) == 0 ? VERIFY_COMPLETE : VERIFY_ACCEPTED;
}

void verify_left(const struct verify *v, char *buf, size_t size)
{
	size_t i, at = 0;
	int n;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < v->n && at < size; i++) {
		const struct verify_line *l = &v->lines[i];

		if (l->got >= l->want)
			continue;
		n = snprintf(buf + at, size - at, "%s%d x %s (%s)",
			     at > 0 ? ", " : "", l->want - l->got, l->name,
			     l->sku[0] != '\0' ? l->sku : "no SKU");
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

const char *verify_scans(const struct verify *v)
{
	return strbuf_str(&v->scans);
}
