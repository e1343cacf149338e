/* tcp-sink — a printer's network port that only records: every byte that
 * arrives on 127.0.0.1:PORT is appended, unchanged, to OUT. For tests that
 * must see exactly what left a transport (a CUPS socket:// queue, ...).
 *
 * usage: tcp-sink PORT-FILE OUT [SECONDS]
 * The kernel picks a free port, written to PORT-FILE (atomically, via a
 * rename) once listening. Serves one client at a time, like port 9100
 * printers; exits 0 after SECONDS (default 60) so that a test that dies
 * leaves nothing behind, or at SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "io.h"

static int listen_any(int *port, struct err *err)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return err_sys(err, "socket");
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		err_sys(err, "listening on 127.0.0.1");
		close(fd);
		return ERR_FAIL;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static int write_port(const char *path, int port, struct err *err)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return err_sys(err, "%s", tmp);
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return err_sys(err, "%s", path);
	return 0;
}

/* Copies one client's bytes to out until it closes or time runs out. */
static int record(int client, int out, int64_t deadline, struct err *err)
{
	char buf[65536];
	size_t got, done;
	int rc;

	for (;;) {
		int64_t left = deadline - clock_mono_ms();

		if (left <= 0)
			return 0;
		rc = io_read(client, buf, sizeof buf, (int)left, &got, NULL);
		if (rc != 0 || got == 0)
			return 0; /* closed, reset or out of time */
		if (io_write_all(out, buf, got, 5000, &done, err) != 0)
			return ERR_FAIL;
	}
}

static int serve(int lfd, int out, int64_t deadline, struct err *err)
{
	for (;;) {
		int64_t left = deadline - clock_mono_ms();
		struct pollfd pfd = {.fd = lfd, .events = POLLIN};
		int client, rc;

		if (left <= 0)
			return 0;
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno != EINTR)
			return err_sys(err, "poll");
		if (rc <= 0)
			continue;
		client = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (client < 0)
			continue;
		rc = record(client, out, deadline, err);
		close(client);
		if (rc != 0)
			return ERR_FAIL;
	}
}

int main(int argc, char **argv)
{
	struct err err;
	int lfd, out, port = 0, seconds = 60, rc;

	err_clear(&err);
	if (argc < 3 || argc > 4 ||
	    (argc == 4 && (seconds = atoi(argv[3])) <= 0)) {
		fprintf(stderr, "usage: tcp-sink PORT-FILE OUT [SECONDS]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0) {
		perror(argv[2]);
		return 1;
	}
	lfd = listen_any(&port, &err);
	rc = lfd < 0 ? ERR_FAIL : write_port(argv[1], port, &err);
	if (rc == 0)
		rc = serve(lfd, out, clock_mono_ms() + seconds * 1000LL, &err);
	if (lfd >= 0)
		close(lfd);
	close(out);
	if (rc != 0) {
		fprintf(stderr, "tcp-sink: %s\n", err.msg);
		return 1;
	}
	return 0;
}
