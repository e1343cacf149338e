/* print-job: prints one file through any printer URI, the way the station
 * does (status before, the bytes, status after), for end-to-end tests.
 * Usage: print-job [--describe] [--width DOTS] URI FILE   (FILE "-" = stdin)
 * Prints "printed" (exit 0) or "fault STATE: MESSAGE" (exit 1); with
 * --describe, first a line "describe: TEXT". A URI that cannot be opened
 * or an unreadable FILE: "print-job: MESSAGE" on stderr, exit 1; bad
 * usage: exit 2. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "printer.h"
#include "strbuf.h"

/* Far more than any slip; tests send up to a few hundred KB. */
#define MAX_JOB (16u << 20)

static int usage(void)
{
	fprintf(stderr,
		"usage: print-job [--describe] [--width DOTS] URI FILE\n");
	return 2;
}

static int read_all(const char *path, struct strbuf *sb, struct err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return err_sys(err, "%s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (strbuf_add(sb, chunk, n) != 0) {
			rc = err_set(err, "%s: larger than %u bytes", path,
				     MAX_JOB);
			break;
		}
	if (rc == 0 && ferror(f))
		rc = err_sys(err, "%s", path);
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	enum printer_state state = PRINTER_UNKNOWN;
	struct printer *p = NULL;
	struct strbuf job, desc;
	struct err err;
	int describe = 0, width = 576, i = 1, rc;

	/* A printer that drops the connection must be a fault, not a
	 * SIGPIPE; the station needs the same (see the report on io.c). */
	signal(SIGPIPE, SIG_IGN);
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--describe") == 0) {
			describe = 1;
		} else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
			width = atoi(argv[++i]);
			if (width < 8 || width > 4096)
				return usage();
		} else {
			return usage();
		}
	}
	if (argc - i != 2)
		return usage();
	err_clear(&err);
	strbuf_init(&job, MAX_JOB);
	if (read_all(argv[i + 1], &job, &err) != 0 ||
	    printer_open(&p, argv[i], width, &err) != 0) {
		fprintf(stderr, "print-job: %s\n", err.msg);
		strbuf_cleanup(&job);
		return 1;
	}
	if (describe && p->ops->describe != NULL) {
		strbuf_init(&desc, 4096);
		p->ops->describe(p, &desc);
		printf("describe: %s\n", strbuf_str(&desc));
		strbuf_cleanup(&desc);
	}
	rc = printer_print(p, "job", job.buf, job.len, &state, &err);
	if (rc == 0)
		printf("printed\n");
	else
		printf("fault %s: %s\n", printer_state_name(state), err.msg);
	printer_close(p);
	strbuf_cleanup(&job);
	return rc == 0 ? 0 : 1;
}
