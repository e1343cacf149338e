/* pty-printer: an Epson TM-T20III on the far end of a pseudo-terminal, so
 * that serial: (and lp:) are tested through the kernel's real tty layer.
 * Usage:
 *   pty-printer --link FILE --out FILE [--paper-out] [--raw]
 *               [--xoff-ms MS --log FILE] [--lifetime SECONDS]
 * Writes the slave's path (/dev/pts/N) to --link FILE once it is ready;
 * answers DLE EOT n (10 04 n, n 1..4) at once; appends every other byte
 * to --out FILE as it arrives.
 *   --paper-out  answers "paper out" (the printer is stopped, offline) and
 *                throws print data away, as a TM-T20III set to clear its
 *                buffer on error does.
 *   --raw        puts the slave in raw mode itself, for transports that
 *                set no termios (lp: on a real usblp node is no tty).
 *   --xoff-ms MS on the first DLE EOT 4, sends XOFF (13) just before the
 *                answer, then counts the print-data bytes that arrive in
 *                the next MS ms and sends XON (11). --log FILE gets the
 *                line "xoff MS ms: N bytes" (N = 0 when the host honours
 *                software flow control).
 *   --lifetime   exits after SECONDS (default 60) whatever happens.
 * Exit status 0 at the end of its lifetime or on SIGTERM; 1 on errors. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define XON 0x11
#define XOFF 0x13

struct tm_printer {
	int master;
	int out;
	int paper_out;
	int xoff_ms;	/* 0: no XOFF test */
	int xoff_state; /* 0 waiting, 1 paused, 2 done */
	long long xoff_until;
	unsigned long xoff_bytes;
	const char *log_path;
	int dle; /* bytes of 10 04 seen so far: 0, 1 or 2 */
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	long long deadline = now_ms() + 2000;

	while (len > 0) {
		ssize_t n = write(fd, b, len);

		if (n > 0) {
			b += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
			return -1;
		} else if (now_ms() > deadline) {
			return -1;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = {fd, POLLOUT, 0};

			poll(&pfd, 1, 100);
		}
	}
	return 0;
}

/* DLE EOT answers of a TM-T20III; bits 1 and 4 always set (0x12). */
static unsigned char answer(const struct tm_printer *tp, int n)
{
	switch (n) {
	case 1: /* b3 offline: a printer stopped at paper end is offline */
		return tp->paper_out ? 0x1A : 0x12;
	case 2: /* b5 stopped at paper end */
		return tp->paper_out ? 0x32 : 0x12;
	case 3:
		return 0x12;
	default: /* b5-6 paper end sensor */
		return tp->paper_out ? 0x72 : 0x12;
	}
}

static int record(struct tm_printer *tp, const unsigned char *b, size_t len)
{
	if (len == 0)
		return 0;
	if (tp->xoff_state == 1)
		tp->xoff_bytes += len;
	if (tp->paper_out)
		return 0;
	return write_all(tp->out, b, len);
}

static int status_request(struct tm_printer *tp, int n)
{
	unsigned char reply[2];
	size_t len = 0;

	/* XOFF goes first so that the host's tty has stopped before the
	 * answer lets the host go on to write the job. */
	if (n == 4 && tp->xoff_ms > 0 && tp->xoff_state == 0) {
		reply[len++] = XOFF;
		tp->xoff_state = 1;
		tp->xoff_until = now_ms() + tp->xoff_ms;
	}
	reply[len++] = answer(tp, n);
	return write_all(tp->master, reply, len);
}

/* Splits what arrived into DLE EOT requests and print data; a 10 or
 * 10 04 at the end of one read is completed by the next. */
static int take(struct tm_printer *tp, const unsigned char *b, size_t len)
{
	static const unsigned char dle_eot[2] = {0x10, 0x04};
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (tp->dle == 0 && b[i] == 0x10) {
			if (record(tp, b + start, i - start) != 0)
				return -1;
			tp->dle = 1;
			start = i + 1;
		} else if (tp->dle == 1 && b[i] == 0x04) {
			tp->dle = 2;
			start = i + 1;
		} else if (tp->dle == 2 && b[i] >= 1 && b[i] <= 4) {
			tp->dle = 0;
			start = i + 1;
			if (status_request(tp, b[i]) != 0)
				return -1;
		} else if (tp->dle > 0) {
			/* Not a request after all: the held bytes are data,
			 * and this byte is looked at afresh. */
			if (record(tp, dle_eot, (size_t)tp->dle) != 0)
				return -1;
			tp->dle = 0;
			start = i;
			i--;
		}
	}
	return tp->dle == 0 ? record(tp, b + start, len - start) : 0;
}

static void xoff_end(struct tm_printer *tp)
{
	unsigned char xon = XON;
	FILE *f;

	tp->xoff_state = 2;
	write_all(tp->master, &xon, 1);
	if (tp->log_path == NULL)
		return;
	f = fopen(tp->log_path, "a");
	if (f == NULL)
		return;
	fprintf(f, "xoff %d ms: %lu bytes\n", tp->xoff_ms, tp->xoff_bytes);
	fclose(f);
}

static int write_link(const char *path, const char *name)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%s\n", name);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

static int usage(void)
{
	fprintf(stderr, "usage: pty-printer --link FILE --out FILE "
			"[--paper-out] [--raw] [--xoff-ms MS --log FILE] "
			"[--lifetime SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct tm_printer tp = {.master = -1, .out = -1};
	const char *link = NULL, *out = NULL;
	char name[256];
	unsigned char buf[4096];
	long long end;
	int slave, raw = 0, lifetime = 60, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--paper-out") == 0)
			tp.paper_out = 1;
		else if (strcmp(a, "--raw") == 0)
			raw = 1;
		else if (v == NULL)
			return usage();
		else if (strcmp(a, "--link") == 0)
			link = argv[++i];
		else if (strcmp(a, "--out") == 0)
			out = argv[++i];
		else if (strcmp(a, "--log") == 0)
			tp.log_path = argv[++i];
		else if (strcmp(a, "--xoff-ms") == 0)
			tp.xoff_ms = atoi(argv[++i]);
		else if (strcmp(a, "--lifetime") == 0)
			lifetime = atoi(argv[++i]);
		else
			return usage();
	}
	if (link == NULL || out == NULL || lifetime <= 0 || tp.xoff_ms < 0 ||
	    tp.xoff_ms > 10000)
		return usage();
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	/* The slave stays open here too: the master would read EIO each
	 * time the host closes its end between jobs. */
	if (openpty(&tp.master, &slave, name, NULL, NULL) != 0) {
		perror("pty-printer: openpty");
		return 1;
	}
	if (raw) {
		struct termios t;

		tcgetattr(slave, &t);
		cfmakeraw(&t);
		tcsetattr(slave, TCSANOW, &t);
	}
	fcntl(tp.master, F_SETFL, O_NONBLOCK);
	tp.out = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (tp.out < 0 || write_link(link, name) != 0) {
		perror("pty-printer");
		return 1;
	}
	end = now_ms() + (long long)lifetime * 1000;
	while (!stop && now_ms() < end) {
		struct pollfd pfd = {tp.master, POLLIN, 0};
		int wait = 200;
		ssize_t n;

		if (tp.xoff_state == 1) {
			long long left = tp.xoff_until - now_ms();

			if (left <= 0) {
				xoff_end(&tp);
				continue;
			}
			wait = left < wait ? (int)left : wait;
		}
		if (poll(&pfd, 1, wait) < 0 && errno != EINTR) {
			perror("pty-printer: poll");
			return 1;
		}
		n = read(tp.master, buf, sizeof buf);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0) {
			/* EIO: nobody has the slave open; cannot happen
			 * while we hold it, but never spin on it. */
			usleep(50000);
			continue;
		}
		if (take(&tp, buf, (size_t)n) != 0) {
			perror("pty-printer: write");
			return 1;
		}
	}
	close(slave);
	close(tp.master);
	close(tp.out);
	return 0;
}
