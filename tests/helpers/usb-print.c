/* Drives the printer core end to end for the tests, without packctl:
 *
 *   usb-print [-n COUNT] [-d DELAY_MS] URI FILE
 *       prints FILE as one job COUNT times (DELAY_MS apart) through
 *       printer_print(); one line per attempt on stdout: the state name,
 *       then "printed" or the error; the device description last.
 *       Exit 0 when the last attempt printed, 1 when not, 2 on misuse.
 *   usb-print -D
 *       lists USB printers (printer_usb_discover), one per line:
 *       URI<TAB>DESCRIPTION<TAB>LOCATION<TAB>STATE<TAB>DETAIL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "printer.h"
#include "strbuf.h"

#define JOB_MAX (1 << 20)

static int show_found(const struct printer_found *f, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s\n", f->uri, f->description, f->location,
	       printer_state_name(f->state), f->detail);
	return 0;
}

static int discover(void)
{
	struct err err;

	err_clear(&err);
	if (printer_usb_discover(show_found, NULL, &err) != 0) {
		fprintf(stderr, "usb-print: %s\n", err.msg);
		return 1;
	}
	return 0;
}

static long read_job(const char *path, unsigned char *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, max, f);
	fclose(f);
	return (long)n;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static int print_job(struct printer *p, const unsigned char *job, size_t n)
{
	enum printer_state state;
	struct err err;
	int rc;

	err_clear(&err);
	rc = printer_print(p, "usb-print", job, n, &state, &err);
	printf("%s %s\n", printer_state_name(state),
	       rc == 0 ? "printed" : err.msg);
	return rc;
}

static int run(const char *uri, const char *path, int count, int delay_ms)
{
	static unsigned char job[JOB_MAX];
	struct printer *p;
	struct strbuf sb;
	struct err err;
	long n = read_job(path, job, sizeof job);
	int i, rc = 1;

	if (n < 0)
		return 1;
	err_clear(&err);
	if (printer_open(&p, uri, 576, &err) != 0) {
		fprintf(stderr, "usb-print: %s\n", err.msg);
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (i > 0)
			pause_ms(delay_ms);
		rc = print_job(p, job, (size_t)n);
	}
	strbuf_init(&sb, 4096);
	if (p->ops->describe != NULL)
		p->ops->describe(p, &sb);
	printf("device: %s\n", strbuf_str(&sb));
	strbuf_cleanup(&sb);
	printer_close(p);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int c, count = 1, delay_ms = 0;

	while ((c = getopt(argc, argv, "n:d:D")) != -1) {
		switch (c) {
		case 'n':
			count = atoi(optarg);
			break;
		case 'd':
			delay_ms = atoi(optarg);
			break;
		case 'D':
			return discover();
		default:
			return 2;
		}
	}
	if (argc - optind != 2 || count < 1 || delay_ms < 0) {
		fprintf(stderr, "usage: usb-print [-n COUNT] [-d DELAY_MS] "
				"URI FILE | usb-print -D\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	return run(argv[optind], argv[optind + 1], count, delay_ms);
}
