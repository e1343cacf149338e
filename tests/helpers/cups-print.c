/* cups-print — drives one printer transport the way the station does, for
 * the end-to-end tests (any URI works; the cups: tests are why it exists).
 *
 * usage: cups-print print URI FILE   status, the whole job, status again
 *        cups-print job URI FILE     the job alone (printer_job)
 *        cups-print status URI       the state the station would show
 *        cups-print describe URI     what the transport knows of the device
 *        cups-print discover         every CUPS queue, one line each:
 *                                    URI TAB STATE TAB DESCRIPTION TAB
 *                                    LOCATION TAB DETAIL
 * Prints "state=NAME", "output=WHERE" and "error: WHY" lines; exits 0 on
 * success, 1 on a fault or error, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"

#define JOB_MAX (16 * 1024 * 1024)

static int read_file(const char *path, struct strbuf *sb, struct err *err)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (f == NULL)
		return err_sys(err, "%s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (strbuf_add(sb, chunk, n) != 0) {
			rc = err_set(err, "%s: larger than %d bytes", path,
				     JOB_MAX);
			break;
		}
	if (rc == 0 && ferror(f))
		rc = err_sys(err, "%s", path);
	fclose(f);
	return rc;
}

static int show_found(const struct printer_found *f, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s\n", f->uri, printer_state_name(f->state),
	       f->description, f->location, f->detail);
	return 0;
}

static int run(char **argv, struct err *err)
{
	const char *cmd = argv[1];
	enum printer_state state = PRINTER_UNKNOWN;
	struct printer *p = NULL;
	struct strbuf sb;
	int rc;

	if (strcmp(cmd, "discover") == 0)
		return printer_cups_discover(show_found, NULL, err);
	if (printer_open(&p, argv[2], 576, err) != 0)
		return ERR_FAIL;
	strbuf_init(&sb, JOB_MAX);
	if (strcmp(cmd, "status") == 0) {
		printer_status(p, &state, err);
		printf("state=%s\n", printer_state_name(state));
		rc = printer_state_ok(state) ? 0 : ERR_FAIL;
	} else if (strcmp(cmd, "describe") == 0) {
		if (p->ops->describe != NULL)
			p->ops->describe(p, &sb);
		printf("%s\n", strbuf_str(&sb));
		rc = 0;
	} else if ((rc = read_file(argv[3], &sb, err)) != 0) {
		/* nothing sent */
	} else if (strcmp(cmd, "print") == 0) {
		rc = printer_print(p, "#10423", sb.buf, sb.len, &state, err);
		printf("state=%s\n", printer_state_name(state));
	} else {
		rc = printer_job(p, "#10423", sb.buf, sb.len, err);
	}
	if (p->last_output[0] != '\0')
		printf("output=%s\n", p->last_output);
	strbuf_cleanup(&sb);
	printer_close(p);
	return rc;
}

int main(int argc, char **argv)
{
	struct err err;
	int need;

	err_clear(&err);
	if (argc < 2)
		goto usage;
	if (strcmp(argv[1], "discover") == 0)
		need = 2;
	else if (strcmp(argv[1], "status") == 0 ||
		 strcmp(argv[1], "describe") == 0)
		need = 3;
	else if (strcmp(argv[1], "print") == 0 || strcmp(argv[1], "job") == 0)
		need = 4;
	else
		goto usage;
	if (argc != need)
		goto usage;
	if (run(argv, &err) != 0) {
		if (err_isset(&err))
			fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: cups-print print|job URI FILE\n"
			"       cups-print status|describe URI\n"
			"       cups-print discover\n");
	return 2;
}
