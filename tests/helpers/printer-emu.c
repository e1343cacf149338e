/* printer-emu: an Epson TM-T20III on a loopback TCP port (port 9100 style:
 * one client at a time), for end-to-end tests of socket:// printing.
 *
 * Usage:
 *   printer-emu --out DIR [--port N] [--port-file FILE] [--control PATH]
 *               [--lifetime SECONDS]
 *   --out DIR        slips go to DIR/slip-0001.bin, slip-0002.bin, ...;
 *                    DIR/log gets "slip N BYTES" for each; DIR/control.log
 *                    gets "ok COMMAND" (or "error COMMAND: why") after
 *                    each control command, for tests to wait on.
 *   --port N         default 0: the kernel picks a free port.
 *   --port-file FILE the port number, written (atomically) once listening.
 *   --control PATH   a FIFO of commands, one a line (opened O_RDWR, so it
 *                    never sees end of file); default: stdin.
 *   --lifetime S     exits (status 1) after S seconds, default 120.
 *
 * Commands: paper-out, paper-in (a new roll: clears paper-out and
 * near-end), near-end, cover-open, cover-close, offline, online,
 * cutter-error, cutter-clear, unrecoverable, recover, stall (stop reading
 * the socket and answering; the backlog still completes connects),
 * resume, drop-after N (close the connection once N more bytes of slip
 * data arrived; the slip is discarded), paper-out-after N (go paper-out
 * after N more print-data bytes; the slip in progress is discarded), quit.
 *
 * What it records: a slip is the bytes from ESC @ (1B 40) to the end of
 * a cut (GS V m, or GS V m n for m = 65, 66, 97, 98, 103, 104) received on
 * one connection while the printer was ready. DLE EOT n (10 04 n, n 1..4)
 * is answered at once wherever it appears, faulted or not, and is not
 * print data. Data arriving while faulted is thrown away, and a slip cut
 * short by a fault or a closed connection is discarded: the TM-T20III is
 * set to clear its buffer on error, so nothing is half-printed later.
 * Inside a slip the commands are followed far enough (ESC, GS and FS
 * parameters, GS v 0 raster, GS ( payloads, GS k data) that bytes 1D 56
 * inside barcode or image data are not taken for a cut. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ESC 0x1B
#define GS 0x1D
#define FS 0x1C
#define DLE 0x10
#define EOT 0x04

#define SLIP_MAX (1u << 20) /* far more than a slip; more is discarded */
#define REPLY_MAX 256	    /* unsent DLE EOT answers */
#define LINE_MAX_LEN 256    /* one control command */

/* Where the command scanner is inside a slip. */
struct scan {
	unsigned char cmd[8]; /* the head of the command being read */
	size_t cmd_len;
	unsigned long long skip; /* payload bytes still to pass over */
	int until_nul;		 /* GS k m (m <= 6): data ends with 00 */
	unsigned nul_count;
};

struct emu {
	const char *dir;
	int lfd, cfd, ctl;
	long long end_ms;
	/* The printer's condition, as the control commands set it. */
	int paper_out, near_end, cover_open, offline, cutter_error;
	int unrecoverable, stalled;
	long long drop_after;	   /* slip bytes left before dropping; -1 */
	long long paper_out_after; /* data bytes left before paper out; -1 */
	/* The incoming stream. */
	int dle;  /* bytes of 10 04 held: 0, 1 or 2 */
	int prev; /* the previous data byte outside a slip, for ESC @ */
	int in_slip;
	unsigned char *slip;
	size_t slip_len;
	struct scan scan;
	unsigned slips;
	unsigned char reply[REPLY_MAX];
	size_t reply_len;
	char line[LINE_MAX_LEN];
	size_t line_len;
	int line_overlong;
	int quit;
};

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ready(const struct emu *e)
{
	return !e->paper_out && !e->cover_open && !e->offline &&
	       !e->cutter_error && !e->unrecoverable;
}

/* DLE EOT answers as a TM-T20III gives them; bits 1 and 4 always set. */
static unsigned char answer(const struct emu *e, int n)
{
	unsigned char r = 0x12;

	switch (n) {
	case 1: /* printer: b3 offline (any stop makes it offline) */
		if (!ready(e))
			r |= 0x08;
		break;
	case 2: /* offline cause: b2 cover, b5 stopped at paper end, b6 error */
		r |= e->cover_open ? 0x04 : 0;
		r |= e->paper_out ? 0x20 : 0;
		r |= e->cutter_error || e->unrecoverable ? 0x40 : 0;
		break;
	case 3: /* error cause: b3 cutter, b5 unrecoverable */
		r |= e->cutter_error ? 0x08 : 0;
		r |= e->unrecoverable ? 0x20 : 0;
		break;
	default: /* paper roll: b2-3 near end, b5-6 paper out */
		r |= e->near_end ? 0x0C : 0;
		r |= e->paper_out ? 0x60 : 0;
		break;
	}
	return r;
}

static void scan_reset(struct scan *s)
{
	memset(s, 0, sizeof *s);
}

static void slip_discard(struct emu *e, const char *why)
{
	if (e->in_slip)
		fprintf(stderr,
			"printer-emu: slip of %zu bytes discarded: %s\n",
			e->slip_len, why);
	e->in_slip = 0;
	e->slip_len = 0;
	e->prev = -1;
	scan_reset(&e->scan);
}

static int write_file(const char *path, const void *buf, size_t len, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
	const unsigned char *b = buf;

	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		b += n;
		len -= (size_t)n;
	}
	return close(fd);
}

static void append_line(const char *dir, const char *name, const char *line)
{
	char path[4096], text[LINE_MAX_LEN + 64];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(text, sizeof text, "%s\n", line);
	if (write_file(path, text, strlen(text), O_APPEND) != 0)
		fprintf(stderr, "printer-emu: %s: %s\n", path, strerror(errno));
}

static void slip_done(struct emu *e)
{
	char path[4096], line[64];

	e->slips++;
	snprintf(path, sizeof path, "%s/slip-%04u.bin", e->dir, e->slips);
	if (write_file(path, e->slip, e->slip_len, O_TRUNC) != 0)
		fprintf(stderr, "printer-emu: %s: %s\n", path, strerror(errno));
	snprintf(line, sizeof line, "slip %u %zu", e->slips, e->slip_len);
	append_line(e->dir, "log", line);
	e->in_slip = 0;
	e->slip_len = 0;
	e->prev = -1;
	scan_reset(&e->scan);
}

/* The length of a command's head from its first bytes: 0 while more are
 * needed. Sets *skip to the payload that follows the head, *until_nul for
 * NUL-terminated data and *cut for a paper cut. Parameter counts follow
 * Epson's ESC/POS reference; a command not listed has none. */
static size_t head_len(const unsigned char *c, size_t len,
		       unsigned long long *skip, int *until_nul, int *cut)
{
	size_t need = 2;

	*skip = 0;
	*until_nul = 0;
	*cut = 0;
	if (len < 2)
		return 0;
	if (c[0] == ESC) {
		if (strchr("! -3EGJMRTUVadert{", c[1]) != NULL && c[1] != 0)
			need = 3; /* one parameter byte */
		else if (c[1] == 'c' || c[1] == '$' || c[1] == '\\')
			need = 4;
		else if (c[1] == 'p')
			need = 5; /* ESC p m t1 t2: drawer pulse */
		else if (c[1] == 'W')
			need = 10;
		else if (c[1] == '*') { /* bit image: m nL nH data */
			need = 5;
			if (len >= need) {
				unsigned long long n = c[3] | c[4] << 8;

				*skip = c[2] == 32 || c[2] == 33 ? 3 * n : n;
			}
		} else if (c[1] == 'D')
			*until_nul = 1; /* tab positions end with 00 */
	} else if (c[0] == GS) {
		switch (c[1]) {
		case 'V': /* cut: m, or m n */
			if (len < 3)
				return 0;
			need = 3;
			if (c[2] == 0 || c[2] == 1 || c[2] == 48 || c[2] == 49)
				*cut = 1;
			if (c[2] == 65 || c[2] == 66 || c[2] == 97 ||
			    c[2] == 98 || c[2] == 103 || c[2] == 104) {
				need = 4;
				*cut = 1;
			}
			break;
		case 'v': /* GS v 0 m xL xH yL yH, x bytes by y rows */
			if (len < 3)
				return 0;
			need = c[2] == '0' ? 8 : 3;
			if (need == 8 && len >= 8)
				*skip = (unsigned long long)(c[4] | c[5] << 8) *
					(unsigned long long)(c[6] | c[7] << 8);
			break;
		case '(': /* GS ( fn pL pH, then pL + 256 pH bytes */
			need = 5;
			if (len >= 5)
				*skip = (unsigned long long)(c[3] | c[4] << 8);
			break;
		case '8': /* GS 8 L p1 p2 p3 p4, then that many bytes */
			need = 7;
			if (len >= 7)
				*skip = (unsigned long long)c[3] |
					(unsigned long long)c[4] << 8 |
					(unsigned long long)c[5] << 16 |
					(unsigned long long)c[6] << 24;
			break;
		case 'k': /* barcode: m <= 6 data 00; m >= 65 n data */
			if (len < 3)
				return 0;
			need = c[2] <= 6 ? 3 : 4;
			if (c[2] <= 6)
				*until_nul = 1;
			else if (len >= 4)
				*skip = c[3];
			break;
		case '*': /* downloaded image: x y, then x * y * 8 bytes */
			need = 4;
			if (len >= 4)
				*skip = (unsigned long long)c[2] * c[3] * 8;
			break;
		case 'L':
		case 'W':
		case 'P':
		case '$':
		case '\\':
			need = 4;
			break;
		case '!':
		case 'B':
		case 'H':
		case 'I':
		case 'a':
		case 'b':
		case 'f':
		case 'h':
		case 'r':
		case 'w':
		case '/':
		case 'E':
			need = 3;
			break;
		}
	} else if (c[0] == FS) {
		if (c[1] == '!' || c[1] == '-' || c[1] == 'C' || c[1] == 'W')
			need = 3;
		else if (c[1] == 'p' || c[1] == 'S')
			need = 4;
	}
	return len >= need ? need : 0;
}

/* One byte of a slip, after it was stored: follows the commands and
 * says whether this byte ended a cut. */
static int scan_byte(struct scan *s, unsigned char b)
{
	unsigned long long skip;
	int until_nul, cut;

	if (s->skip > 0) {
		s->skip--;
		return 0;
	}
	if (s->until_nul) {
		if (b == 0 || ++s->nul_count > 255)
			s->until_nul = 0;
		return 0;
	}
	if (s->cmd_len == 0 && b != ESC && b != GS && b != FS)
		return 0; /* text */
	s->cmd[s->cmd_len++] = b;
	if (head_len(s->cmd, s->cmd_len, &skip, &until_nul, &cut) == 0) {
		if (s->cmd_len == sizeof s->cmd)
			s->cmd_len = 0; /* cannot happen: heads are shorter */
		return 0;
	}
	s->cmd_len = 0;
	s->skip = skip;
	s->until_nul = until_nul;
	s->nul_count = 0;
	return cut;
}

static void fault_now(struct emu *e, const char *why)
{
	slip_discard(e, why);
}

static void close_client(struct emu *e, const char *why)
{
	if (e->cfd < 0)
		return;
	fprintf(stderr, "printer-emu: connection closed: %s\n", why);
	slip_discard(e, why);
	close(e->cfd);
	e->cfd = -1;
	e->dle = 0;
	e->reply_len = 0;
}

/* Counts k bytes of slip data against drop-after; -1 when that closed
 * the connection. */
static int count_slip_bytes(struct emu *e, long long k)
{
	if (e->drop_after < 0)
		return 0;
	e->drop_after = e->drop_after > k ? e->drop_after - k : 0;
	if (e->drop_after > 0)
		return 0;
	e->drop_after = -1;
	close_client(e, "drop-after");
	return -1;
}

/* One byte of print data (DLE EOT already taken out). Returns -1 when
 * the connection was dropped and the rest of the read must be ignored. */
static int data_byte(struct emu *e, unsigned char b)
{
	if (!ready(e))
		return 0; /* the buffer is cleared on error */
	if (!e->in_slip) {
		if (e->prev == ESC && b == '@') {
			e->in_slip = 1;
			e->slip[0] = ESC;
			e->slip[1] = '@';
			e->slip_len = 2;
			e->prev = -1;
			scan_reset(&e->scan);
			if (count_slip_bytes(e, 2) != 0)
				return -1;
		} else {
			e->prev = b;
		}
	} else if (e->slip_len == SLIP_MAX) {
		slip_discard(e, "larger than the emulator's buffer");
	} else {
		e->slip[e->slip_len++] = b;
		if (scan_byte(&e->scan, b))
			slip_done(e);
		if (count_slip_bytes(e, 1) != 0)
			return -1;
	}
	if (e->paper_out_after > 0 && --e->paper_out_after == 0) {
		e->paper_out_after = -1;
		e->paper_out = 1;
		fault_now(e, "paper-out-after");
	}
	return 0;
}

static void queue_reply(struct emu *e, unsigned char r)
{
	if (e->reply_len == sizeof e->reply) {
		fprintf(stderr, "printer-emu: client reads no answers\n");
		return;
	}
	e->reply[e->reply_len++] = r;
}

static void flush_replies(struct emu *e)
{
	ssize_t n;

	if (e->cfd < 0 || e->reply_len == 0)
		return;
	n = send(e->cfd, e->reply, e->reply_len, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			close_client(e, strerror(errno));
		return;
	}
	memmove(e->reply, e->reply + n, e->reply_len - (size_t)n);
	e->reply_len -= (size_t)n;
}

/* Real-time command processing: 10 04 n is a status request wherever it
 * is; a 10 or 10 04 at the end of one read is completed by the next. */
static void take(struct emu *e, const unsigned char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len && e->cfd >= 0; i++) {
		if (e->dle == 0 && b[i] == DLE) {
			e->dle = 1;
			continue;
		}
		if (e->dle == 1 && b[i] == EOT) {
			e->dle = 2;
			continue;
		}
		if (e->dle == 2 && b[i] >= 1 && b[i] <= 4) {
			e->dle = 0;
			queue_reply(e, answer(e, b[i]));
			/* At once: the answer is not queued behind data. */
			flush_replies(e);
			continue;
		}
		if (e->dle >= 1 && data_byte(e, DLE) != 0)
			return;
		if (e->dle == 2 && data_byte(e, EOT) != 0)
			return;
		if (e->dle > 0) {
			e->dle = 0;
			i--; /* this byte again, as a possible 10 */
			continue;
		}
		if (data_byte(e, b[i]) != 0)
			return;
	}
}

static int parse_count(const char *s, long long *out)
{
	long long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static void command(struct emu *e, const char *line)
{
	static const struct {
		const char *name;
		size_t field; /* offsetof the flag in struct emu */
		int value;
	} flags[] = {
	    {"paper-out", offsetof(struct emu, paper_out), 1},
	    {"near-end", offsetof(struct emu, near_end), 1},
	    {"cover-open", offsetof(struct emu, cover_open), 1},
	    {"cover-close", offsetof(struct emu, cover_open), 0},
	    {"offline", offsetof(struct emu, offline), 1},
	    {"online", offsetof(struct emu, offline), 0},
	    {"cutter-error", offsetof(struct emu, cutter_error), 1},
	    {"cutter-clear", offsetof(struct emu, cutter_error), 0},
	    {"unrecoverable", offsetof(struct emu, unrecoverable), 1},
	    {"recover", offsetof(struct emu, unrecoverable), 0},
	    {"stall", offsetof(struct emu, stalled), 1},
	    {"resume", offsetof(struct emu, stalled), 0},
	};
	char msg[LINE_MAX_LEN + 64];
	const char *arg = strchr(line, ' ');
	long long n;
	size_t i;

	for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (strcmp(line, flags[i].name) == 0)
			break;
	if (i < sizeof flags / sizeof flags[0]) {
		*(int *)((char *)e + flags[i].field) = flags[i].value;
		if (!ready(e))
			fault_now(e, line);
	} else if (strcmp(line, "paper-in") == 0) {
		e->paper_out = 0;
		e->near_end = 0;
	} else if (strcmp(line, "quit") == 0) {
		e->quit = 1;
	} else if (arg != NULL && parse_count(arg + 1, &n) == 0 &&
		   (size_t)(arg - line) == strlen("drop-after") &&
		   strncmp(line, "drop-after", strlen("drop-after")) == 0) {
		e->drop_after = n;
	} else if (arg != NULL && parse_count(arg + 1, &n) == 0 &&
		   (size_t)(arg - line) == strlen("paper-out-after") &&
		   strncmp(line, "paper-out-after",
			   strlen("paper-out-after")) == 0) {
		e->paper_out_after = n;
		if (n == 0) {
			e->paper_out = 1;
			fault_now(e, line);
		}
	} else {
		snprintf(msg, sizeof msg, "error %s: unknown command", line);
		fprintf(stderr, "printer-emu: %s\n", msg);
		append_line(e->dir, "control.log", msg);
		return;
	}
	snprintf(msg, sizeof msg, "ok %s", line);
	append_line(e->dir, "control.log", msg);
}

/* Splits control input into lines; an overlong line is refused whole. */
static int read_control(struct emu *e)
{
	char buf[512];
	ssize_t n = read(e->ctl, buf, sizeof buf);
	ssize_t i;

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0)
		return -1;
	for (i = 0; i < n && !e->quit; i++) {
		if (buf[i] == '\r')
			continue;
		if (buf[i] != '\n') {
			if (e->line_len + 1 < sizeof e->line)
				e->line[e->line_len++] = buf[i];
			else
				e->line_overlong = 1;
			continue;
		}
		e->line[e->line_len] = '\0';
		if (e->line_overlong)
			append_line(e->dir, "control.log",
				    "error: command too long");
		else if (e->line_len > 0)
			command(e, e->line);
		e->line_len = 0;
		e->line_overlong = 0;
	}
	return 0;
}

static int listen_on(int port, const char *port_file)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	char tmp[4096], text[32];
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		close(fd);
		return -1;
	}
	if (port_file != NULL) {
		snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
		snprintf(text, sizeof text, "%u\n", ntohs(a.sin_port));
		if (write_file(tmp, text, strlen(text), O_TRUNC) != 0 ||
		    rename(tmp, port_file) != 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int usage(void)
{
	fprintf(stderr, "usage: printer-emu --out DIR [--port N] "
			"[--port-file FILE] [--control PATH] "
			"[--lifetime SECONDS]\n");
	return 2;
}

static int run(struct emu *e)
{
	unsigned char buf[4096];

	while (!e->quit && !got_term) {
		struct pollfd pfd[3];
		nfds_t np = 0;
		int ctl_i = -1, l_i = -1, c_i = -1, wait;
		long long left = e->end_ms - now_ms();

		if (left <= 0) {
			fprintf(stderr, "printer-emu: lifetime over\n");
			return 1;
		}
		wait = left > 1000 ? 1000 : (int)left;
		if (e->ctl >= 0) {
			ctl_i = (int)np;
			pfd[np++] = (struct pollfd){e->ctl, POLLIN, 0};
		}
		/* Stalled: neither accept nor read nor answer. */
		if (!e->stalled && e->cfd < 0) {
			l_i = (int)np;
			pfd[np++] = (struct pollfd){e->lfd, POLLIN, 0};
		}
		if (!e->stalled && e->cfd >= 0) {
			c_i = (int)np;
			pfd[np++] = (struct pollfd){
			    e->cfd,
			    (short)(POLLIN | (e->reply_len ? POLLOUT : 0)), 0};
		}
		if (poll(pfd, np, wait) < 0) {
			if (errno == EINTR)
				continue;
			perror("printer-emu: poll");
			return 1;
		}
		if (ctl_i >= 0 && pfd[ctl_i].revents != 0 &&
		    read_control(e) != 0) {
			/* stdin at its end: no more commands. */
			e->ctl = -1;
		}
		if (e->quit || e->stalled)
			continue;
		if (l_i >= 0 && (pfd[l_i].revents & POLLIN)) {
			e->cfd = accept4(e->lfd, NULL, NULL,
					 SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (e->cfd >= 0) {
				e->dle = 0;
				e->prev = -1;
				fprintf(stderr, "printer-emu: connected\n");
			}
		}
		if (c_i >= 0 && e->cfd >= 0 && pfd[c_i].revents != 0) {
			ssize_t n = read(e->cfd, buf, sizeof buf);

			if (n > 0)
				take(e, buf, (size_t)n);
			else if (n == 0)
				close_client(e, "end of stream");
			else if (errno != EAGAIN && errno != EINTR)
				close_client(e, strerror(errno));
			flush_replies(e);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct emu e;
	const char *port_file = NULL, *control = NULL;
	int port = 0, lifetime = 120, i, rc;

	memset(&e, 0, sizeof e);
	e.cfd = -1;
	e.prev = -1;
	e.drop_after = -1;
	e.paper_out_after = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (i + 1 >= argc)
			return usage();
		if (strcmp(a, "--out") == 0)
			e.dir = argv[++i];
		else if (strcmp(a, "--port") == 0)
			port = atoi(argv[++i]);
		else if (strcmp(a, "--port-file") == 0)
			port_file = argv[++i];
		else if (strcmp(a, "--control") == 0)
			control = argv[++i];
		else if (strcmp(a, "--lifetime") == 0)
			lifetime = atoi(argv[++i]);
		else
			return usage();
	}
	if (e.dir == NULL || port < 0 || port > 65535 || lifetime <= 0)
		return usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	e.slip = malloc(SLIP_MAX);
	e.ctl = control != NULL ? open(control, O_RDWR | O_NONBLOCK | O_CLOEXEC)
				: 0;
	if (e.slip == NULL || e.ctl < 0) {
		fprintf(stderr, "printer-emu: %s: %s\n",
			control != NULL ? control : "stdin", strerror(errno));
		free(e.slip);
		return 1;
	}
	e.lfd = listen_on(port, port_file);
	if (e.lfd < 0) {
		perror("printer-emu: listen");
		free(e.slip);
		return 1;
	}
	e.end_ms = now_ms() + (long long)lifetime * 1000;
	rc = run(&e);
	close_client(&e, "exiting");
	close(e.lfd);
	if (e.ctl > 0)
		close(e.ctl);
	free(e.slip);
	return rc;
}
