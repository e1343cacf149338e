/* pty-scanner — a serial barcode scanner on a pty pair, for tests: the
 * station opens the slave through a symlink (as udev's by-id links), the
 * test types scans and unplugs and replugs the scanner.
 *
 * usage: pty-scanner --link PATH --control FIFO --log FILE [--lifetime S]
 * Control lines: "send TEXT" (TEXT then CR), "raw HEX" (bytes as given),
 * "unplug" (close the master, remove the link: the station's read gets
 * EIO), "plug" (a new pty, the link pointed at it), "quit". Each command
 * done is logged as "ok COMMAND". */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master = -1;

static int plug(const char *link)
{
	char name[256];
	int slave;

	if (openpty(&master, &slave, name, NULL, NULL) != 0)
		return -1;
	/* The master keeps the pty alive; the station opens the slave by
	 * name, so our slave fd is not needed. */
	close(slave);
	unlink(link);
	return symlink(name, link);
}

static void unplug(const char *link)
{
	unlink(link);
	if (master >= 0)
		close(master);
	master = -1;
}

static int hexbytes(const char *hex, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] && hex[1] && n < max && sscanf(hex, "%2x", &v) == 1) {
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return (int)n;
}

static int command(char *line, const char *link)
{
	unsigned char buf[512];
	size_t n;
	int len;

	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(line, "send ", 5) == 0) {
		n = strlen(line + 5);
		if (n + 1 > sizeof buf)
			return -1;
		memcpy(buf, line + 5, n);
		buf[n++] = '\r';
		return master >= 0 && write(master, buf, n) == (ssize_t)n ? 0
									: -1;
	}
	if (strncmp(line, "raw ", 4) == 0) {
		len = hexbytes(line + 4, buf, sizeof buf);
		return master >= 0 && write(master, buf, (size_t)len) == len
			       ? 0
			       : -1;
	}
	if (strcmp(line, "unplug") == 0) {
		unplug(link);
		return 0;
	}
	if (strcmp(line, "plug") == 0)
		return plug(link);
	if (strcmp(line, "quit") == 0)
		return 1;
	return -1;
}

int main(int argc, char **argv)
{
	const char *link = NULL, *control = NULL, *logpath = NULL;
	int lifetime = 60, i, ctl, rc = 0;
	char line[600];
	time_t end;
	FILE *in, *log;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--link") == 0)
			link = argv[i + 1];
		else if (strcmp(argv[i], "--control") == 0)
			control = argv[i + 1];
		else if (strcmp(argv[i], "--log") == 0)
			logpath = argv[i + 1];
		else if (strcmp(argv[i], "--lifetime") == 0)
			lifetime = atoi(argv[i + 1]);
	}
	if (link == NULL || control == NULL || logpath == NULL) {
		fprintf(stderr, "usage: pty-scanner --link PATH --control FIFO "
				"--log FILE [--lifetime S]\n");
		return 2;
	}
	/* O_RDWR: the FIFO never reads as ended between writers. */
	ctl = open(control, O_RDWR);
	in = ctl >= 0 ? fdopen(ctl, "r") : NULL;
	log = fopen(logpath, "a");
	if (in == NULL || log == NULL || plug(link) != 0) {
		perror("pty-scanner");
		return 1;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	fprintf(log, "ok plug\n");
	end = time(NULL) + lifetime;
	while (rc == 0 && time(NULL) < end) {
		struct pollfd p = {ctl, POLLIN, 0};

		if (poll(&p, 1, 200) <= 0)
			continue;
		if (fgets(line, sizeof line, in) == NULL)
			break;
		rc = command(line, link);
		if (rc < 0) {
			fprintf(log, "error %s", line);
			rc = 0;
			continue;
		}
		fprintf(log, "ok %s\n", line);
	}
	unplug(link);
	fclose(in);
	fclose(log);
	return 0;
}
