#include "slip.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

#define CHUNK_SIZE 4096

void slip_init(struct slip *s)
{
	memset(s, 0, sizeof *s);
}

void slip_reset(struct slip *s)
{
	struct slip_chunk *c, *next;

	/* Keep the first chunk and the block array for the next slip. */
	if (s->chunks != NULL) {
		for (c = s->chunks->next; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
		s->chunks->next = NULL;
		s->chunks->len = 0;
	}
	s->nblocks = 0;
	s->failed = 0;
}

void slip_cleanup(struct slip *s)
{
	slip_reset(s);
	free(s->chunks);
	free(s->blocks);
	memset(s, 0, sizeof *s);
}

static char *alloc_str(struct slip *s, size_t len)
{
	struct slip_chunk *c = s->chunks;
	size_t cap;
	char *p;

	if (c == NULL || c->cap - c->len < len + 1) {
		cap = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
		c = malloc(sizeof *c + cap);
		if (c == NULL) {
			s->failed = 1;
			return NULL;
		}
		c->len = 0;
		c->cap = cap;
		/* The newest chunk goes first: it has the free space. */
		c->next = s->chunks;
		s->chunks = c;
	}
	p = c->data + c->len;
	c->len += len + 1;
	return p;
}

static const char *copy_clean(struct slip *s, const char *text)
{
	struct strbuf sb;
	char *p = NULL;

	if (text == NULL)
		return NULL;
	strbuf_init(&sb, 1 << 20);
	if (text_sanitize(&sb, text) == 0 &&
	    (p = alloc_str(s, sb.len)) != NULL)
		memcpy(p, strbuf_str(&sb), sb.len + 1);
	else
		s->failed = 1;
	strbuf_cleanup(&sb);
	return p != NULL ? p : "";
}

static struct slip_block *add(struct slip *s, enum slip_kind kind)
{
	static struct slip_block scratch; /* absorbs writes after a failure */
	struct slip_block *b;

	if (s->nblocks == s->cap) {
		size_t cap = s->cap != 0 ? s->cap * 2 : 32;

		b = realloc(s->blocks, cap * sizeof *b);
		if (b == NULL) {
			s->failed = 1;
			memset(&scratch, 0, sizeof scratch);
			return &scratch;
		}
		s->blocks = b;
		s->cap = cap;
	}
	b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

struct slip_block *slip_text(struct slip *s, const char *text, unsigned style,
			     enum slip_align align)
{
	struct slip_block *b = add(s, SLIP_TEXT);

	b->text = copy_clean(s, text);
	b->style = style;
	b->align = align;
	return b;
}

struct slip_block *slip_row(struct slip *s, const char *left,
			    const char *right, unsigned style)
{
	struct slip_block *b = slip_text(s, left, style, SLIP_LEFT);

	b->right = copy_clean(s, right);
	return b;
}

void slip_rule(struct slip *s, char ch)
{
	add(s, SLIP_RULE)->size = ch;
}

void slip_qr(struct slip *s, const char *data, int module_dots)
{
	struct slip_block *b = add(s, SLIP_QR);

	b->text = copy_clean(s, data);
	b->size = module_dots;
	b->align = SLIP_CENTER;
}

void slip_barcode(struct slip *s, const char *data)
{
	struct slip_block *b = add(s, SLIP_BARCODE);
	size_t n = strlen(data), i, j = 0;
	char *p = alloc_str(s, n);

	if (p != NULL) {
		/* Code128 sets A/B cover printable ASCII only. */
		for (i = 0; i < n; i++)
			if (data[i] >= 0x20 && data[i] < 0x7F)
				p[j++] = data[i];
		p[j] = '\0';
	}
	b->text = p != NULL ? p : "";
	b->align = SLIP_CENTER;
}

void slip_image(struct slip *s, const unsigned char *bits, int width,
		int height)
{
	struct slip_block *b = add(s, SLIP_IMAGE);
	size_t n = (size_t)(width + 7) / 8 * (size_t)height;
	char *p = width > 0 && height > 0 ? alloc_str(s, n) : NULL;

	if (p == NULL)
		return;
	memcpy(p, bits, n);
	b->image = (const unsigned char *)p;
	b->width = width;
	b->height = height;
	b->align = SLIP_CENTER;
}

void slip_feed(struct slip *s, int lines)
{
	add(s, SLIP_FEED)->size = lines;
}

struct slip_block *slip_columns(struct slip *s, const struct slip_cell *cells,
				int n, unsigned style)
{
	struct slip_block *b = add(s, SLIP_COLUMNS);
	int i;

	if (n > SLIP_MAX_CELLS)
		n = SLIP_MAX_CELLS;
	for (i = 0; i < n; i++) {
		b->cells[i] = cells[i];
		b->cells[i].text = copy_clean(s, cells[i].text);
	}
	b->ncells = n;
	b->style = style;
	return b;
}

void slip_cut(struct slip *s)
{
	add(s, SLIP_CUT);
}

int slip_check(const struct slip *s, struct err *err)
{
	if (s->failed)
		return err_set(err, "out of memory while building a slip");
	return 0;
}
