/* FreeType text rasteriser: per-character font fallback, 1-bit threshold,
 * the printer's column grid (see textraster.h). */
#include "textraster.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define TR_MAX_FONTS 4
/* Glyph cache slots (a power of two). A slip uses a few dozen glyphs; the
 * whole cache is emptied when it is 3/4 full, which bounds its memory. */
#define TR_CACHE 2048
/* Coverage at or above this (of 255) prints as a dot. A little under half:
 * thin strokes of small CJK glyphs survive, as on a thermal head. */
#define TR_THRESHOLD 112
/* Tallest text we draw: a cell of 255 dots is far beyond any label. */
#define TR_MAX_HEIGHT 255

/* One thresholded glyph, ink only, placed in its cell. */
struct tr_glyph {
	unsigned cp;
	int height;	     /* 0: empty slot */
	int found;	     /* some font has the character */
	int left, top, w, h; /* ink rectangle within the cell, in dots */
	unsigned char *bits; /* h rows of (w + 7) / 8 bytes, MSB leftmost */
};

/* Process-wide: see textraster.h. */
static struct {
	pthread_mutex_t lock;
	int ready; /* 0: not opened (yet), 1: open, -1: no font opened */
	FT_Library lib;
	FT_Face faces[TR_MAX_FONTS];
	int nfaces;
	struct tr_glyph cache[TR_CACHE];
	int used;
} tr = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Opens FreeType and every font of TEXTRASTER_FONTS that exists; a missing
 * file is skipped (the next font may still have the character). */
static int tr_open(void)
{
	char paths[] = TEXTRASTER_FONTS, *save = NULL, *path;

	if (tr.ready != 0)
		return tr.ready;
	tr.ready = -1;
	if (FT_Init_FreeType(&tr.lib) != 0)
		return -1;
	for (path = strtok_r(paths, ":", &save);
	     path != NULL && tr.nfaces < TR_MAX_FONTS;
	     path = strtok_r(NULL, ":", &save))
		if (FT_New_Face(tr.lib, path, 0, &tr.faces[tr.nfaces]) == 0)
			tr.nfaces++;
	if (tr.nfaces == 0) {
		FT_Done_FreeType(tr.lib);
		tr.lib = NULL;
		return -1;
	}
	tr.ready = 1;
	return 1;
}

static void tr_flush(void)
{
	int i;

	for (i = 0; i < TR_CACHE; i++)
		free(tr.cache[i].bits);
	memset(tr.cache, 0, sizeof tr.cache);
	tr.used = 0;
}

void textraster_cleanup(void)
{
	int i;

	pthread_mutex_lock(&tr.lock);
	tr_flush();
	for (i = 0; i < tr.nfaces; i++)
		FT_Done_Face(tr.faces[i]);
	tr.nfaces = 0;
	if (tr.lib != NULL)
		FT_Done_FreeType(tr.lib);
	tr.lib = NULL;
	tr.ready = 0;
	pthread_mutex_unlock(&tr.lock);
}

__attribute__((destructor)) static void tr_exit(void)
{
	textraster_cleanup();
}

static FT_Face tr_face_for(unsigned cp, FT_UInt *index)
{
	int i;

	for (i = 0; i < tr.nfaces; i++) {
		*index = FT_Get_Char_Index(tr.faces[i], cp);
		if (*index != 0)
			return tr.faces[i];
	}
	return NULL;
}

/* Renders cp for a cell height dots tall: the em is 5/6 of the cell (20 of
 * 24: DejaVu Sans Mono's advance is then exactly 12 dots, Font A's column)
 * with the baseline at 19/24 of it, which leaves room for accents above
 * capitals and for descenders; the ink is clipped to the cell. */
static int tr_render(struct tr_glyph *g)
{
	int cellw = text_char_columns(g->cp) * (g->height / 2);
	int em = g->height * 5 / 6, base = (g->height * 19 + 12) / 24;
	int x0, y0, x, y, adv, x1, y1, stride;
	FT_GlyphSlot slot;
	FT_UInt index;
	FT_Face face;
	FT_Bitmap *b;

	face = tr_face_for(g->cp, &index);
	if (face == NULL)
		return 0; /* found = 0: drawn as a box */
	g->found = 1;
	if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)(em > 0 ? em : 1)) != 0 ||
	    FT_Load_Glyph(face, index, FT_LOAD_RENDER) != 0)
		return 0; /* a broken glyph: printed blank, not as garbage */
	slot = face->glyph;
	b = &slot->bitmap;
	if (b->pixel_mode != FT_PIXEL_MODE_GRAY || b->width == 0 ||
	    b->rows == 0)
		return 0;
	adv = (int)((slot->advance.x + 32) >> 6);
	x0 = (cellw - adv) / 2 + slot->bitmap_left;
	y0 = base - slot->bitmap_top;
	/* Clip the ink rectangle to the cell. */
	x1 = x0 + (int)b->width < cellw ? x0 + (int)b->width : cellw;
	y1 = y0 + (int)b->rows < g->height ? y0 + (int)b->rows : g->height;
	g->left = x0 > 0 ? x0 : 0;
	g->top = y0 > 0 ? y0 : 0;
	g->w = x1 - g->left;
	g->h = y1 - g->top;
	if (g->w <= 0 || g->h <= 0) {
		g->w = g->h = 0;
		return 0;
	}
	stride = (g->w + 7) / 8;
	g->bits = calloc((size_t)g->h, (size_t)stride);
	if (g->bits == NULL)
		return -1;
	for (y = 0; y < g->h; y++) {
		const unsigned char *src =
		    b->buffer + (size_t)(g->top + y - y0) * (size_t)b->pitch;

		for (x = 0; x < g->w; x++)
			if (src[g->left + x - x0] >= TR_THRESHOLD)
				g->bits[(size_t)y * (size_t)stride +
					(size_t)(x >> 3)] |=
				    (unsigned char)(0x80 >> (x & 7));
	}
	return 0;
}

/* The cached glyph of cp at height, rendered on a miss; NULL when memory
 * ran out. Called with the lock held and the fonts open. */
static const struct tr_glyph *tr_glyph(unsigned cp, int height)
{
	unsigned h = (cp * 2654435761u) ^ (unsigned)height * 40503u;
	struct tr_glyph *g;

	for (;;) {
		g = &tr.cache[h & (TR_CACHE - 1)];
		if (g->height == 0)
			break;
		if (g->cp == cp && g->height == height)
			return g;
		h++;
	}
	if (tr.used >= TR_CACHE * 3 / 4) {
		tr_flush();
		return tr_glyph(cp, height);
	}
	g->cp = cp;
	g->height = height;
	if (tr_render(g) != 0) {
		memset(g, 0, sizeof *g);
		return NULL;
	}
	tr.used++;
	return g;
}

/* Calls fn for each character of utf8 with its code point; invalid bytes
 * and control characters are skipped (they never reach paper). */
static int tr_each(const char *utf8, int (*fn)(unsigned cp, void *arg),
		   void *arg)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t n = strlen(utf8), i = 0, len;
	unsigned cp;
	int rc;

	while (i < n) {
		len = text_utf8_len(p + i, n - i);
		if (len == 0) {
			i++;
			continue;
		}
		cp = text_utf8_decode(p + i, len);
		i += len;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			continue;
		if ((rc = fn(cp, arg)) != 0)
			return rc;
	}
	return 0;
}

static int count_columns(unsigned cp, void *arg)
{
	*(int *)arg += text_char_columns(cp);
	return 0;
}

static int bad_height(int height_dots, struct err *err)
{
	if (height_dots >= 2 && height_dots <= TR_MAX_HEIGHT)
		return 0;
	return err_set(err, "textraster: height %d dots out of range 2-%d",
		       height_dots, TR_MAX_HEIGHT);
}

int textraster_measure(const char *utf8, int height_dots, int *width,
		       struct err *err)
{
	int cols = 0;

	*width = 0;
	if (bad_height(height_dots, err) != 0)
		return ERR_FAIL;
	tr_each(utf8, count_columns, &cols);
	*width = cols * (height_dots / 2);
	return 0;
}

struct tr_pen {
	struct bitmap *out;
	int x, y, height;
};

static int draw_one(unsigned cp, void *arg)
{
	struct tr_pen *pen = arg;
	int cellw = text_char_columns(cp) * (pen->height / 2), r;
	const struct tr_glyph *g = tr_glyph(cp, pen->height);

	if (g == NULL)
		return -1;
	if (!g->found) {
		/* No font has it: an empty box says "a character was here". */
		bitmap_fill(pen->out, pen->x + 1, pen->y + 2, cellw - 2, 1);
		bitmap_fill(pen->out, pen->x + 1, pen->y + pen->height - 3,
			    cellw - 2, 1);
		bitmap_fill(pen->out, pen->x + 1, pen->y + 2, 1,
			    pen->height - 4);
		bitmap_fill(pen->out, pen->x + cellw - 2, pen->y + 2, 1,
			    pen->height - 4);
	}
	for (r = 0; r < g->h; r++)
		bitmap_or_bits(pen->out, pen->x + g->left, pen->y + g->top + r,
			       g->bits + (size_t)r * (size_t)((g->w + 7) / 8),
			       g->w);
	pen->x += cellw;
	return 0;
}

int textraster_draw(const char *utf8, int height_dots, struct bitmap *out,
		    int x, int y, struct err *err)
{
	struct tr_pen pen = {out, x, y, height_dots};
	int rc;

	if (bad_height(height_dots, err) != 0)
		return ERR_FAIL;
	if (y < 0 || bitmap_ensure(out, y + height_dots, err) != 0)
		return err_set(err, "textraster: cannot draw at row %d", y);
	pthread_mutex_lock(&tr.lock);
	if (tr_open() < 0) {
		pthread_mutex_unlock(&tr.lock);
		return err_set(err,
			       "textraster: no font could be opened (%s); "
			       "install fonts-dejavu-core and "
			       "fonts-droid-fallback",
			       TEXTRASTER_FONTS);
	}
	rc = tr_each(utf8, draw_one, &pen);
	pthread_mutex_unlock(&tr.lock);
	if (rc != 0)
		return err_set(err, "textraster: out of memory");
	return 0;
}

static int no_glyph(unsigned cp, void *arg)
{
	FT_UInt index;

	(void)arg;
	return tr_face_for(cp, &index) == NULL;
}

int textraster_covers(const char *utf8)
{
	int rc;

	pthread_mutex_lock(&tr.lock);
	rc = tr_open() > 0 && tr_each(utf8, no_glyph, NULL) == 0;
	pthread_mutex_unlock(&tr.lock);
	return rc;
}
