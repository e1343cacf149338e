#include "printer.h"

#include <stdlib.h>
#include <string.h>

static const struct printer_ops *const backends[] = {
	&printer_file_ops,
	&printer_socket_ops,
	&printer_preview_ops,
};

int printer_open(struct printer **out, const char *uri, int width_dots,
		 struct err *err)
{
	const struct printer_ops *ops = NULL;
	struct printer *p;
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		n = strlen(backends[i]->scheme);
		if (strncmp(uri, backends[i]->scheme, n) == 0) {
			ops = backends[i];
			break;
		}
	}
	if (ops == NULL)
		return err_set(err,
			       "%s: unknown printer URI (use file:PATH, "
			       "socket://HOST:PORT or preview:DIR)",
			       uri);
	if (uri[n] == '\0')
		return err_set(err, "%s: the URI names no target", uri);
	p = calloc(1, sizeof *p);
	if (p == NULL || (p->uri = strdup(uri)) == NULL) {
		free(p);
		return err_set(err, "out of memory");
	}
	p->ops = ops;
	p->width_dots = width_dots;
	if (ops->open(p, uri + n, err) != 0) {
		free(p->uri);
		free(p);
		return ERR_FAIL;
	}
	*out = p;
	return 0;
}

int printer_job(struct printer *p, const char *job_name, const void *buf,
		size_t len, struct err *err)
{
	p->last_output[0] = '\0';
	return p->ops->job(p, job_name, buf, len, PRINTER_TIMEOUT_MS, err);
}

void printer_close(struct printer *p)
{
	if (p == NULL)
		return;
	p->ops->close(p);
	free(p->uri);
	free(p);
}
