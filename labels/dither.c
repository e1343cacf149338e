#include "dither.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dither_gray_free(struct dither_gray *g)
{
	free(g->pix);
	g->pix = NULL;
	g->width = g->height = 0;
}

struct png_rd {
	struct err *err;
	const char *path;
};

static void rd_error(png_structp png, png_const_charp msg)
{
	struct png_rd *ctx = png_get_error_ptr(png);

	err_set(ctx->err, "%s: libpng: %s", ctx->path, msg);
	png_longjmp(png, 1);
}

static void rd_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* libpng turns every format into 8-bit grey + alpha; alpha is then
 * composited over white, as the paper is white. */
static void rd_transforms(png_structp png, png_infop info)
{
	png_byte type = png_get_color_type(png, info);

	if (png_get_bit_depth(png, info) == 16)
		png_set_strip_16(png);
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (type == PNG_COLOR_TYPE_RGB || type == PNG_COLOR_TYPE_RGB_ALPHA ||
	    type == PNG_COLOR_TYPE_PALETTE)
		png_set_rgb_to_gray_fixed(png, 1, -1, -1);
	if (!(type & PNG_COLOR_MASK_ALPHA) &&
	    !png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
	(void)png_set_interlace_handling(png);
	png_read_update_info(png, info);
}

/* Composites grey + alpha rows over white paper into g. */
static void rd_composite(struct dither_gray *g, unsigned char **rows)
{
	int y, x;

	for (y = 0; y < g->height; y++)
		for (x = 0; x < g->width; x++) {
			unsigned v = rows[y][2 * x], a = rows[y][2 * x + 1];

			g->pix[(size_t)y * g->width + x] =
			    (unsigned char)((v * a + 255 * (255 - a)) / 255);
		}
}

static int rd_png(FILE *f, const char *path, struct dither_gray *g,
		  struct err *err)
{
	struct png_rd ctx = {err, path};
	png_structp png;
	png_infop info = NULL;
	unsigned char *volatile buf = NULL;
	unsigned char **volatile rows = NULL;
	volatile int rc = ERR_FAIL;
	size_t rb;
	int y;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, rd_error,
				     rd_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return err_set(err, "%s: out of memory", path);
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, f);
		png_set_user_limits(png, DITHER_MAX_SIDE, DITHER_MAX_SIDE);
		png_read_info(png, info);
		rd_transforms(png, info);
		g->width = (int)png_get_image_width(png, info);
		g->height = (int)png_get_image_height(png, info);
		g->pix = malloc((size_t)g->width * (size_t)g->height);
		rb = png_get_rowbytes(png, info);
		buf = malloc(rb * (size_t)g->height);
		rows = malloc(sizeof *rows * (size_t)g->height);
		if (g->pix == NULL || buf == NULL || rows == NULL) {
			err_set(err, "%s: out of memory", path);
		} else {
			for (y = 0; y < g->height; y++)
				rows[y] = buf + rb * (size_t)y;
			png_read_image(png, rows);
			rd_composite(g, rows);
			rc = 0;
		}
	}
	png_destroy_read_struct(&png, &info, NULL);
	free(buf);
	free(rows);
	if (rc != 0)
		dither_gray_free(g);
	return rc;
}

int dither_png_load(const char *path, struct dither_gray *g, struct err *err)
{
	FILE *f = fopen(path, "rb");
	int rc;

	memset(g, 0, sizeof *g);
	if (f == NULL)
		return err_sys(err, "%s", path);
	rc = rd_png(f, path, g, err);
	fclose(f);
	return rc;
}

/* Box-filtered sample of the source area under destination pixel (x, y):
 * averaging, not picking one pixel, so thin lines survive a shrink. */
static int sample(const struct dither_gray *g, int x, int y, int w, int h)
{
	long x0 = (long)x * g->width / w, x1 = (long)(x + 1) * g->width / w;
	long y0 = (long)y * g->height / h, y1 = (long)(y + 1) * g->height / h;
	long sum = 0, n = 0, i, j;

	if (x1 <= x0)
		x1 = x0 + 1;
	if (y1 <= y0)
		y1 = y0 + 1;
	for (j = y0; j < y1 && j < g->height; j++)
		for (i = x0; i < x1 && i < g->width; i++, n++)
			sum += g->pix[(size_t)j * g->width + i];
	return n > 0 ? (int)(sum / n) : 255;
}

/* Floyd–Steinberg over one row: err_cur holds this row's accumulated
 * error (x + 1 indexed so the edges need no test), err_next the next's. */
static void fs_row(int *val, int *err_cur, int *err_next, int w,
		   unsigned char *out)
{
	int x;

	for (x = 0; x < w; x++) {
		int v = val[x] + err_cur[x + 1] / 16, q = v < 128 ? 0 : 255;
		int e = v - q;

		if (q == 0)
			out[x / 8] |= (unsigned char)(0x80 >> (x % 8));
		err_cur[x + 2] += e * 7;
		err_next[x] += e * 3;
		err_next[x + 1] += e * 5;
		err_next[x + 2] += e * 1;
	}
}

int dither_to_bits(const struct dither_gray *g, int width, unsigned char **bits,
		   int *height, struct err *err)
{
	size_t stride = (size_t)(width + 7) / 8;
	int *val, *e0, *e1, h, x, y;
	unsigned char *out;

	*bits = NULL;
	if (g->pix == NULL || g->width <= 0 || g->height <= 0 || width <= 0 ||
	    width > DITHER_MAX_SIDE)
		return err_set(err, "no image to dither");
	h = (int)((long)g->height * width / g->width);
	if (h < 1)
		h = 1;
	if (h > DITHER_MAX_SIDE)
		return err_set(err, "image too tall once scaled (%d dots)", h);
	out = calloc((size_t)h, stride);
	val = calloc((size_t)width, sizeof *val);
	e0 = calloc((size_t)width + 3, sizeof *e0);
	e1 = calloc((size_t)width + 3, sizeof *e1);
	if (out == NULL || val == NULL || e0 == NULL || e1 == NULL) {
		free(out), free(val), free(e0), free(e1);
		return err_set(err, "out of memory");
	}
	for (y = 0; y < h; y++) {
		int *t;

		for (x = 0; x < width; x++)
			val[x] = sample(g, x, y, width, h);
		memset(e1, 0, ((size_t)width + 3) * sizeof *e1);
		fs_row(val, e0, e1, width, out + (size_t)y * stride);
		t = e0, e0 = e1, e1 = t;
	}
	free(val), free(e0), free(e1);
	*bits = out;
	*height = h;
	return 0;
}
