/* socket://HOST[:PORT] — raw TCP as JetDirect/port-9100 printers take it,
 * with status read back on the same connection. Most such printers accept
 * one client at a time, so the link is dropped after each job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "printer.h"

struct sock_target {
	char host[256];
	char port[16];
	int fd;
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
	t->fd = -1;
	p->impl = t;
	return 0;
}

static int sock_connect(struct printer *p, int timeout_ms, struct err *err)
{
	struct sock_target *t = p->impl;
	int one = 1;

	if (t->fd >= 0)
		return 0;
	t->fd = io_tcp_connect(t->host, t->port, timeout_ms, err);
	if (t->fd < 0)
		return ERR_FAIL;
	/* The 3-byte DLE EOT after a job must not wait for the job's ACK
	 * (Nagle against the printer's delayed ACK: 40 ms a slip). Best
	 * effort: without it printing is slower, not wrong. */
	(void)setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return 0;
}

static void sock_disconnect(struct printer *p)
{
	struct sock_target *t = p->impl;

	if (t->fd < 0)
		return;
	/* Half-close first so the printer sees the end of the job while
	 * the kernel still delivers the tail. */
	shutdown(t->fd, SHUT_WR);
	close(t->fd);
	t->fd = -1;
}

static int sock_write(struct printer *p, const void *buf, size_t len,
		      int timeout_ms, size_t *written, struct err *err)
{
	struct sock_target *t = p->impl;

	*written = 0;
	if (sock_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	return io_write_all(t->fd, buf, len, timeout_ms, written, err);
}

static int sock_read(struct printer *p, void *buf, size_t len, int timeout_ms,
		     size_t *got, struct err *err)
{
	struct sock_target *t = p->impl;

	*got = 0;
	if (sock_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	return io_read(t->fd, buf, len, timeout_ms, got, err);
}

static void sock_describe(struct printer *p, struct strbuf *out)
{
	struct sock_target *t = p->impl;

	strbuf_addf(out, "raw TCP to %s port %s", t->host, t->port);
}

static void sock_close(struct printer *p)
{
	free(p->impl);
}

const struct printer_ops printer_socket_ops = {
	.scheme = "socket://",
	.flags = PRINTER_TWO_WAY | PRINTER_ONE_CLIENT,
	.open = sock_open,
	.connect = sock_connect,
	.disconnect = sock_disconnect,
	.write = sock_write,
	.read = sock_read,
	.describe = sock_describe,
	.close = sock_close,
};
