/* label2png: renders a ZPL or TSPL job with the virtual label printer of a
 * profile (its language, width and label length).
 * Usage: label2png --profile PATH.ini IN OUT.png   (IN "-" = stdin) */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "label.h"
#include "profile.h"
#include "strbuf.h"

/* Far more than any label job; the renderer caps the strip anyway. */
#define MAX_JOB (16u << 20)

static int usage(void)
{
	fprintf(stderr, "usage: label2png --profile PATH.ini IN OUT.png\n");
	return 2;
}

static int read_job(const char *path, struct strbuf *job, struct err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return err_sys(err, "%s", path);
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (strbuf_add(job, chunk, n) < 0)
			rc = err_set(err, "%s: larger than %u bytes", path,
				     MAX_JOB);
	if (rc == 0 && ferror(f))
		rc = err_sys(err, "%s", path);
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct profile prof;
	struct strbuf job;
	struct err err;
	int rc;

	if (argc != 5 || strcmp(argv[1], "--profile") != 0)
		return usage();
	err_clear(&err);
	strbuf_init(&job, MAX_JOB);
	rc = profile_load_file(&prof, argv[2], &err);
	if (rc == 0)
		rc = read_job(argv[3], &job, &err);
	if (rc == 0)
		rc = label_render_png((const unsigned char *)job.buf, job.len,
				      &prof, argv[4], &err);
	strbuf_cleanup(&job);
	if (rc != 0) {
		fprintf(stderr, "label2png: %s\n", err.msg);
		return 1;
	}
	return 0;
}
