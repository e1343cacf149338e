/* cups-socket-backend — a minimal CUPS backend for socket://HOST:PORT, for
 * the private cupsd of the tests on machines without the `cups` package
 * (the real socket backend ships there, with the whole filter stack; the
 * tests install only cups-daemon). It does what the real one does for a
 * raw job: connect, copy the job's bytes unchanged, report failure in the
 * CUPS backend way ("ERROR:" on stderr, exit status 1).
 *
 * CUPS runs it as: socket JOB USER TITLE COPIES OPTIONS [FILE], with
 * DEVICE_URI in the environment; with no arguments it lists devices. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "err.h"
#include "io.h"

#define CONNECT_MS 10000
#define WRITE_MS 30000

enum { BACKEND_OK = 0, BACKEND_FAILED = 1 };

static int parse_uri(const char *uri, char *host, size_t hostsz, char *port,
		     size_t portsz, struct err *err)
{
	const char *h, *colon;
	size_t hlen;

	if (uri == NULL || strncmp(uri, "socket://", 9) != 0)
		return err_set(err, "DEVICE_URI is not socket://HOST:PORT");
	h = uri + 9;
	hlen = strcspn(h, ":/?");
	colon = h[hlen] == ':' ? h + hlen : NULL;
	if (hlen == 0 || hlen >= hostsz)
		return err_set(err, "%s: bad host", uri);
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	snprintf(port, portsz, "%.*s",
		 colon != NULL ? (int)strcspn(colon + 1, "/?") : 4,
		 colon != NULL ? colon + 1 : "9100");
	return 0;
}

static int copy(int in, int out, struct err *err)
{
	char buf[65536];
	size_t done;
	ssize_t n;

	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0)
			return err_sys(err, "reading the job");
		if (io_write_all(out, buf, (size_t)n, WRITE_MS, &done, err) !=
		    0)
			return ERR_FAIL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char host[256], port[32];
	struct err err;
	int in = 0, fd, rc;

	err_clear(&err);
	if (argc == 1) {
		printf("network socket \"Unknown\" \"Packdesk test socket\"\n");
		return BACKEND_OK;
	}
	if (argc < 6 || argc > 7) {
		fprintf(stderr,
			"Usage: %s job-id user title copies options "
			"[file]\n",
			argv[0]);
		return BACKEND_FAILED;
	}
	signal(SIGPIPE, SIG_IGN);
	if (parse_uri(getenv("DEVICE_URI"), host, sizeof host, port,
		      sizeof port, &err) != 0)
		goto fail;
	if (argc == 7 && (in = open(argv[6], O_RDONLY | O_CLOEXEC)) < 0) {
		err_sys(&err, "%s", argv[6]);
		goto fail;
	}
	fd = io_tcp_connect(host, port, CONNECT_MS, &err);
	if (fd < 0)
		goto fail;
	rc = copy(in, fd, &err);
	shutdown(fd, SHUT_WR);
	close(fd);
	if (rc != 0)
		goto fail;
	fprintf(stderr, "INFO: Print file sent.\n");
	return BACKEND_OK;
fail:
	fprintf(stderr, "ERROR: %s\n", err.msg);
	return BACKEND_FAILED;
}
