/* Placeholder until the FreeType rasteriser lands. */
#include "textraster.h"

int textraster_measure(const char *utf8, int height_dots, int *width,
		       struct err *err)
{
	(void)utf8;
	(void)height_dots;
	*width = 0;
	return err_set(err, "text rasterising is not built yet");
}

int textraster_draw(const char *utf8, int height_dots, struct bitmap *out,
		    int x, int y, struct err *err)
{
	(void)utf8;
	(void)height_dots;
	(void)out;
	(void)x;
	(void)y;
	return err_set(err, "text rasterising is not built yet");
}

int textraster_covers(const char *utf8)
{
	(void)utf8;
	return 0;
}
