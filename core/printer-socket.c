/* socket://HOST[:PORT] — raw TCP as JetDirect/port-9100 printers take it.
 * One connection per job: many printers accept only one client at a time,
 * so holding the connection would lock out every other station. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "printer.h"

struct sock_target {
	char host[256];
	char port[16];
};

static int sock_open(struct printer *p, const char *target, struct err *err)
{
	struct sock_target *t = calloc(1, sizeof *t);
	const char *colon;
	size_t hlen;

	if (t == NULL)
		return err_set(err, "out of memory");
	/* [v6addr]:port, host:port or host (port 9100). */
	if (target[0] == '[' && (colon = strchr(target, ']')) != NULL) {
		hlen = (size_t)(colon - target - 1);
		target++;
		colon = colon[1] == ':' ? colon + 1 : NULL;
	} else {
		colon = strrchr(target, ':');
		hlen = colon != NULL ? (size_t)(colon - target) : strlen(target);
	}
	if (hlen == 0 || hlen >= sizeof t->host ||
	    (colon != NULL && (strlen(colon + 1) == 0 ||
			       strlen(colon + 1) >= sizeof t->port ||
			       strspn(colon + 1, "0123456789") !=
				       strlen(colon + 1)))) {
		free(t);
		return err_set(err, "%s: expected socket://HOST[:PORT]",
			       p->uri);
	}
	memcpy(t->host, target, hlen);
	snprintf(t->port, sizeof t->port, "%s",
		 colon != NULL ? colon + 1 : "9100");
	p->impl = t;
	return 0;
}

static int sock_job(struct printer *p, const char *job_name, const void *buf,
		    size_t len, int timeout_ms, struct err *err)
{
	struct sock_target *t = p->impl;
	int fd, rc;

	(void)job_name;
	fd = io_tcp_connect(t->host, t->port, timeout_ms, err);
	if (fd < 0)
		return ERR_FAIL;
	rc = io_write_all(fd, buf, len, timeout_ms, NULL, err);
	/* close() after a full write: the kernel still delivers the tail;
	 * shutdown first so the printer sees the end of the job. */
	shutdown(fd, SHUT_WR);
	close(fd);
	snprintf(p->last_output, sizeof p->last_output, "%s:%s", t->host,
		 t->port);
	return rc;
}

static void sock_close(struct printer *p)
{
	free(p->impl);
}

const struct printer_ops printer_socket_ops = {
	.scheme = "socket://",
	.open = sock_open,
	.job = sock_job,
	.close = sock_close,
};
