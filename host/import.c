/* What both importers share: error reporting with a ceiling, and a string
 * index for order names and SKUs. */
#include "import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int import_error(struct import_report *rep, unsigned long line,
		 const char *fmt, ...)
{
	va_list ap;

	if (rep->nerrors >= IMPORT_MAX_ERRORS)
		return -1;
	fprintf(rep->errs, "%s:%lu: ", rep->filename, line);
	va_start(ap, fmt);
	vfprintf(rep->errs, fmt, ap);
	va_end(ap);
	fputc('\n', rep->errs);
	if (++rep->nerrors < IMPORT_MAX_ERRORS)
		return 0;
	fprintf(rep->errs, "%s: too many errors, stopped after %d\n",
		rep->filename, rep->nerrors);
	return -1;
}

void import_index_init(struct import_index *ix)
{
	ix->slots = NULL;
	ix->cap = ix->n = 0;
}

void import_index_cleanup(struct import_index *ix)
{
	free(ix->slots);
	import_index_init(ix);
}

/* FNV-1a: keys are short and not chosen to collide with each other, and a
 * bad spread only costs time, never correctness. */
static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211u;
	}
	return (size_t)h;
}

static struct import_slot *slot_for(struct import_slot *slots, size_t cap,
				    const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

int import_index_find(const struct import_index *ix, const char *key,
		      size_t *value)
{
	struct import_slot *s;

	if (ix->cap == 0)
		return 0;
	s = slot_for(ix->slots, ix->cap, key);
	if (s->key == NULL)
		return 0;
	*value = s->value;
	return 1;
}

int import_index_add(struct import_index *ix, const char *key, size_t value)
{
	struct import_slot *slots, *s;
	size_t cap, i;

	/* At most half full, so probe runs stay short. */
	if ((ix->n + 1) * 2 > ix->cap) {
		cap = ix->cap != 0 ? ix->cap * 2 : 64;
		slots = calloc(cap, sizeof *slots);
		if (slots == NULL)
			return -1;
		for (i = 0; i < ix->cap; i++)
			if (ix->slots[i].key != NULL)
				*slot_for(slots, cap, ix->slots[i].key) =
					ix->slots[i];
		free(ix->slots);
		ix->slots = slots;
		ix->cap = cap;
	}
	s = slot_for(ix->slots, ix->cap, key);
	s->key = key;
	s->value = value;
	ix->n++;
	return 0;
}

