/* preview:DIR — the virtual printer: every job is rendered as the paper
 * would show it, into DIR/<order>.png (then <order>-2.png for a reprint). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escpos-render.h"
#include "label.h"
#include "printer.h"

static int preview_open(struct printer *p, const char *dir, struct err *err)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return err_sys(err, "%s", dir);
	p->impl = strdup(dir);
	if (p->impl == NULL)
		return err_set(err, "out of memory");
	return 0;
}

/* "#10423" -> "10423": only characters safe in any file name. */
static void file_stem(char *out, size_t outsz, const char *job)
{
	size_t j = 0;

	for (; *job != '\0' && j + 1 < outsz; job++)
		if ((*job >= 'A' && *job <= 'Z') ||
		    (*job >= 'a' && *job <= 'z') ||
		    (*job >= '0' && *job <= '9') || *job == '-' || *job == '_')
			out[j++] = *job;
	if (j == 0)
		j = (size_t)snprintf(out, outsz, "job");
	out[j] = '\0';
}

static int preview_job(struct printer *p, const char *job_name,
		       const void *buf, size_t len, int timeout_ms,
		       struct err *err)
{
	char stem[128], path[4096];
	int n;

	(void)timeout_ms;
	file_stem(stem, sizeof stem, job_name != NULL ? job_name : "");
	snprintf(path, sizeof path, "%s/%s.png", (char *)p->impl, stem);
	for (n = 2; access(path, F_OK) == 0 && n < 10000; n++)
		snprintf(path, sizeof path, "%s/%s-%d.png", (char *)p->impl,
			 stem, n);
	if ((p->profile != NULL
		     ? label_render_png(buf, len, p->profile, path, err)
		     : escpos_render_png(buf, len, p->width_dots, path, err)) !=
	    0)
		return ERR_FAIL;
	snprintf(p->last_output, sizeof p->last_output, "%s", path);
	return 0;
}

static int preview_connect(struct printer *p, int timeout_ms,
			   struct err *err)
{
	(void)p;
	(void)timeout_ms;
	(void)err;
	return 0;
}

static void preview_disconnect(struct printer *p)
{
	(void)p;
}

static void preview_describe(struct printer *p, struct strbuf *out)
{
	strbuf_addf(out, "virtual printer, %d dots wide, PNG files in %s",
		    p->width_dots, (char *)p->impl);
}

static void preview_close(struct printer *p)
{
	free(p->impl);
}

const struct printer_ops printer_preview_ops = {
	.scheme = "preview:",
	.open = preview_open,
	.connect = preview_connect,
	.disconnect = preview_disconnect,
	.job = preview_job,
	.describe = preview_describe,
	.close = preview_close,
};
