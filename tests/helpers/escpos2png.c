/* escpos2png: renders an ESC/POS job with the virtual printer.
 * Usage: escpos2png [--width 576|384] IN.bin OUT.png   (IN "-" = stdin) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "escpos-render.h"

/* Far more than any slip; the renderer caps the paper length anyway. */
#define MAX_JOB (16u << 20)

static int usage(void)
{
	fprintf(stderr, "usage: escpos2png [--width 576|384] IN.bin OUT.png\n");
	return 2;
}

static int read_all(const char *path, unsigned char **buf, size_t *len,
		    struct err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 0;
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (f == NULL)
		return err_sys(err, "%s", path);
	for (;;) {
		unsigned char *p;
		size_t n;

		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			if (cap > MAX_JOB) {
				rc = err_set(err, "%s: larger than %u bytes",
					     path, MAX_JOB);
				break;
			}
			p = realloc(*buf, cap);
			if (p == NULL) {
				rc = err_set(err, "%s: out of memory", path);
				break;
			}
			*buf = p;
		}
		n = fread(*buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0) {
			if (ferror(f))
				rc = err_sys(err, "%s", path);
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct err err;
	unsigned char *buf;
	size_t len;
	int width = 576, i = 1, rc;

	err_clear(&err);
	if (argc > 2 && strcmp(argv[1], "--width") == 0) {
		width = atoi(argv[2]);
		i = 3;
		if (width != 576 && width != 384)
			return usage();
	}
	if (argc - i != 2)
		return usage();
	rc = read_all(argv[i], &buf, &len, &err);
	if (rc == 0)
		rc = escpos_render_png(buf, len, width, argv[i + 1], &err);
	free(buf);
	if (rc != 0) {
		fprintf(stderr, "escpos2png: %s\n", err.msg);
		return 1;
	}
	return 0;
}
