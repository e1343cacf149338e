#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"

static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = {fd, events, 0};
	int64_t left;
	int rc;

	for (;;) {
		left = deadline - clock_mono_ms();
		if (left <= 0)
			return 0;
		rc = poll(&pfd, 1, (int)left);
		if (rc >= 0 || errno != EINTR)
			return rc;
	}
}

int io_write_all(int fd, const void *buf, size_t len, int timeout_ms,
		 size_t *written, struct err *err)
{
	const char *p = buf;
	size_t done = 0;
	int64_t deadline = clock_mono_ms() + timeout_ms;
	ssize_t n;
	int rc;

	while (done < len) {
		/* A printer that drops the connection must not kill the
		 * station with SIGPIPE. */
		n = send(fd, p + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(fd, p + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			err_sys(err, "write failed after %zu of %zu bytes",
				done, len);
			rc = ERR_FAIL;
			goto out;
		}
		rc = wait_fd(fd, POLLOUT, deadline);
		if (rc == 0) {
			err_set(err, "timed out after %d ms with %zu of %zu "
				     "bytes written",
				timeout_ms, done, len);
			rc = ERR_TIMEOUT;
			goto out;
		}
		if (rc < 0) {
			err_sys(err, "poll");
			rc = ERR_FAIL;
			goto out;
		}
	}
	rc = 0;
out:
	if (written != NULL)
		*written = done;
	return rc;
}

int io_read(int fd, void *buf, size_t len, int timeout_ms, size_t *got,
	    struct err *err)
{
	int64_t deadline = clock_mono_ms() + timeout_ms;
	ssize_t n;
	int rc;

	*got = 0;
	for (;;) {
		n = read(fd, buf, len);
		if (n > 0) {
			*got = (size_t)n;
			return 0;
		}
		if (n == 0)
			return err_set(err, "the device closed the connection");
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return err_sys(err, "read");
		rc = wait_fd(fd, POLLIN, deadline);
		if (rc == 0)
			return 0;
		if (rc < 0)
			return err_sys(err, "poll");
	}
}

static int connect_one(const struct addrinfo *ai, int64_t deadline,
		       struct err *err)
{
	int fd, soerr = 0, rc;
	socklen_t len = sizeof soerr;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return err_sys(err, "socket");
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		err_sys(err, "connect");
		close(fd);
		return -1;
	}
	rc = wait_fd(fd, POLLOUT, deadline);
	if (rc <= 0) {
		err_set(err, rc == 0 ? "connection timed out" : "poll failed");
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 ||
	    soerr != 0) {
		errno = soerr;
		err_sys(err, "connect");
		close(fd);
		return -1;
	}
	return fd;
}

int io_tcp_connect(const char *host, const char *port, int timeout_ms,
		   struct err *err)
{
	struct addrinfo hints, *res, *ai;
	int64_t deadline = clock_mono_ms() + timeout_ms;
	int fd = -1, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return err_set(err, "%s: %s", host, gai_strerror(rc));
	for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
		struct err e;

		err_clear(&e);
		fd = connect_one(ai, deadline, &e);
		if (fd < 0 && ai->ai_next == NULL)
			err_set(err, "%s:%s: %s", host, port, e.msg);
	}
	freeaddrinfo(res);
	return fd;
}
