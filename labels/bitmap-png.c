/* PNG output of the canvas via libpng: 1-bit greyscale, which is both the
 * smallest file and exactly what a thermal head can show. */
#include "bitmap.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>

/* libpng reports errors by longjmp; the message goes to our err. */
struct png_ctx {
	struct err *err;
	const char *path;
	int done; /* set only when png_write_end returned */
};

static void png_on_error(png_structp png, png_const_charp msg)
{
	struct png_ctx *ctx = png_get_error_ptr(png);

	err_set(ctx->err, "%s: libpng: %s", ctx->path, msg);
	png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Kept apart from the setjmp frame so no local there changes after setjmp. */
static void png_emit(png_structp png, png_infop info, const struct bitmap *b)
{
	int y;

	png_set_IHDR(png, info, (png_uint_32)b->width, (png_uint_32)b->height,
		     1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	/* PNG greyscale 0 is black; our 1 is black. */
	png_set_invert_mono(png);
	for (y = 0; y < b->height; y++)
		png_write_row(png, b->bits + (size_t)y * b->stride);
	png_write_end(png, info);
}

static int png_write_file(FILE *f, const struct bitmap *b, struct png_ctx *ctx)
{
	png_structp png;
	png_infop info;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ctx, png_on_error,
				      png_on_warning);
	if (png == NULL)
		return err_set(ctx->err, "%s: libpng: out of memory",
			       ctx->path);
	info = png_create_info_struct(png);
	if (info == NULL) {
		png_destroy_write_struct(&png, NULL);
		return err_set(ctx->err, "%s: libpng: out of memory",
			       ctx->path);
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, f);
		png_emit(png, info, b);
		ctx->done = 1;
	}
	png_destroy_write_struct(&png, &info);
	return ctx->done ? 0 : ERR_FAIL;
}

int bitmap_write_png(const struct bitmap *b, const char *path, struct err *err)
{
	struct png_ctx ctx = {err, path, 0};
	FILE *f;
	int rc;

	if (b->width < 1 || b->height < 1)
		return err_set(err, "%s: empty bitmap (%dx%d)", path, b->width,
			       b->height);
	f = fopen(path, "wb");
	if (f == NULL)
		return err_sys(err, "%s", path);
	rc = png_write_file(f, b, &ctx);
	if (fclose(f) != 0 && rc == 0)
		rc = err_sys(err, "%s", path);
	if (rc != 0)
		remove(path);
	return rc;
}
