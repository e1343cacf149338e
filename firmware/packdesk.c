/* packdesk — the packing station: reads scans, prints slips, logs events. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "printer.h"
#include "scanner.h"
#include "screen-curses.h"
#include "station.h"
#include "store.h"

#define PACKDESK_VERSION "0.1.0"

static const char usage[] =
	"usage: packdesk [options]\n"
	"\n"
	"The packing station: scan an order's barcode, get its packing slip.\n"
	"Cancelled and already shipped orders are refused; every step is\n"
	"logged as an event in the database.\n"
	"\n"
	"  --db PATH          SQLite database (config: station.db)\n"
	"  --scanner URI      stdin (one scan per line), evdev:/dev/input/...,\n"
	"                     hid:VID:PID[:SERIAL], serial:DEV?baud=N; repeat\n"
	"                     for several scanners (config: station.scanner)\n"
	"  --printer URI      file:PATH | socket://HOST[:PORT] | preview:DIR\n"
	"                     (config: station.printer)\n"
	"  --station ID       station id recorded in events (config: "
	"station.id)\n"
	"  --operator NAME    operator recorded in events until a LOGIN:NAME\n"
	"                     barcode is scanned\n"
	"  --paper 80mm|58mm  receipt width (config: station.paper)\n"
	"  --profile NAME     printer profile, e.g. zebra-zd421 (packctl\n"
	"                     profiles; config: station.profile)\n"
	"  --hold-timeout S   give up a slip held by a printer fault after S\n"
	"                     seconds (slip_failed); 0 = wait (default)\n"
	"  --mode MODE        print-on-scan (default): the order scan prints\n"
	"                     the slip; verify: scan every item first, the\n"
	"                     slip prints when the order is complete\n"
	"                     (config: station.mode)\n"
	"  --screen curses|lines  the packer's view: full screen, or one\n"
	"                     line per message (default: curses when the\n"
	"                     output is a terminal, else lines)\n"
	"  --config FILE      configuration file (default: $PACKDESK_CONFIG "
	"or\n"
	"                     " CONFIG_DEFAULT_PATH ")\n"
	"  --print-config     print every setting with its default and exit\n"
	"  -h, --help         show this help\n"
	"  -V, --version      show the version\n"
	"\n"
	"Exit status: 0 when the scanner input ends, 1 on a runtime error,\n"
	"2 on a usage or configuration error.\n";

enum { OPT_DB = 256, OPT_SCANNER, OPT_PRINTER, OPT_STATION, OPT_OPERATOR,
       OPT_PAPER, OPT_PROFILE, OPT_HOLD_TIMEOUT, OPT_MODE, OPT_CONFIG,
       OPT_PRINT_CONFIG, OPT_SCREEN };

static const struct option long_opts[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"scanner", required_argument, NULL, OPT_SCANNER},
	{"printer", required_argument, NULL, OPT_PRINTER},
	{"station", required_argument, NULL, OPT_STATION},
	{"operator", required_argument, NULL, OPT_OPERATOR},
	{"paper", required_argument, NULL, OPT_PAPER},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"hold-timeout", required_argument, NULL, OPT_HOLD_TIMEOUT},
	{"mode", required_argument, NULL, OPT_MODE},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
	{"screen", required_argument, NULL, OPT_SCREEN},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* Command-line values win over the file: collected first, applied after
 * the file is loaded. */
static const char *const opt_keys[] = {
	[OPT_DB - OPT_DB] = "station.db",
	[OPT_SCANNER - OPT_DB] = "station.scanner",
	[OPT_PRINTER - OPT_DB] = "station.printer",
	[OPT_STATION - OPT_DB] = "station.id",
	[OPT_OPERATOR - OPT_DB] = "station.operator",
	[OPT_PAPER - OPT_DB] = "station.paper",
	[OPT_PROFILE - OPT_DB] = "station.profile",
	[OPT_HOLD_TIMEOUT - OPT_DB] = "station.hold_timeout",
	[OPT_MODE - OPT_DB] = "station.mode",
};
#define NKEYS (sizeof opt_keys / sizeof opt_keys[0])

/* The packer's view: 1 full screen, 0 lines; -1 until chosen. */
static int use_curses = -1;

static int parse_args(int argc, char **argv, struct config *cfg,
		      struct profile *profile, struct err *err)
{
	const char *values[NKEYS] = {0}, *config_path = NULL;
	static char scanners[CONFIG_STR_MAX];
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "hV", long_opts, NULL)) != -1) {
		if (c == OPT_SCANNER) {
			/* Several scanners may feed one station. */
			size_t n = strlen(scanners);

			if (n + strlen(optarg) + 2 > sizeof scanners)
				return err_set(err, "too many scanners");
			snprintf(scanners + n, sizeof scanners - n, "%s%s",
				 n ? " " : "", optarg);
			values[c - OPT_DB] = scanners;
		} else if (c >= OPT_DB && c < OPT_DB + (int)NKEYS)
			values[c - OPT_DB] = optarg;
		else if (c == OPT_CONFIG)
			config_path = optarg;
		else if (c == OPT_SCREEN && strcmp(optarg, "curses") == 0)
			use_curses = 1;
		else if (c == OPT_SCREEN && strcmp(optarg, "lines") == 0)
			use_curses = 0;
		else if (c == OPT_SCREEN)
			return err_set(err, "--screen is curses or lines, not "
					    "\"%s\"",
				       optarg);
		else if (c == OPT_PRINT_CONFIG) {
			config_print_reference(stdout);
			return 1;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		} else if (c == 'V') {
			puts("packdesk " PACKDESK_VERSION);
			return 1;
		} else
			return err_set(err, "try 'packdesk --help'");
	}
	if (optind < argc)
		return err_set(err, "unexpected argument \"%s\"; try "
				    "'packdesk --help'",
			       argv[optind]);
	if (config_init(cfg, config_path, err) != 0)
		return ERR_FAIL;
	for (i = 0; i < NKEYS; i++)
		if (values[i] != NULL &&
		    config_set(cfg, opt_keys[i], values[i], err) != 0)
			return ERR_FAIL;
	return escpos_profile_select(profile, cfg->profile, cfg->paper, err);
}

/* SIGTERM (systemd stopping the station) and Ctrl-C end the loop between
 * scans, so the database is closed cleanly and a held slip is reported. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return EINTR at once. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

#define MAX_SCANNERS 8

struct scanners {
	struct scanner *v[MAX_SCANNERS];
	size_t n;
	int lost_reported[MAX_SCANNERS];
};

static int framing(const struct config *cfg, struct scan_framer_config *f,
		   struct err *err)
{
	static const struct {
		const char *name;
		unsigned bits;
	} terms[] = {
		{"cr", SCAN_TERM_CR},
		{"lf", SCAN_TERM_LF},
		{"crlf", SCAN_TERM_CR},
		{"tab", SCAN_TERM_TAB},
		{"any", SCAN_TERM_CR | SCAN_TERM_LF | SCAN_TERM_TAB},
	};
	size_t i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++)
		if (strcmp(cfg->scan_terminator, terms[i].name) == 0)
			f->terminators = terms[i].bits;
	if (f->terminators == 0)
		return err_set(err, "scanner terminator \"%s\": use cr, lf, "
				    "crlf, tab or any",
			       cfg->scan_terminator);
	f->gap_ms = cfg->scan_gap_ms;
	f->aim = cfg->scan_aim;
	f->max_len = (size_t)cfg->scan_max_length;
	snprintf(f->strip_prefix, sizeof f->strip_prefix, "%s",
		 cfg->scan_strip_prefix);
	snprintf(f->strip_suffix, sizeof f->strip_suffix, "%s",
		 cfg->scan_strip_suffix);
	return 0;
}

static int scanners_open(struct scanners *ss, const struct config *cfg,
			 struct err *err)
{
	struct scan_framer_config f;
	char list[CONFIG_STR_MAX], *save = NULL, *uri;

	if (framing(cfg, &f, err) != 0)
		return ERR_FAIL;
	snprintf(list, sizeof list, "%s", cfg->scanner);
	for (uri = strtok_r(list, " \t,", &save); uri != NULL;
	     uri = strtok_r(NULL, " \t,", &save)) {
		if (ss->n == MAX_SCANNERS)
			return err_set(err, "at most %d scanners",
				       MAX_SCANNERS);
		if (scanner_open(&ss->v[ss->n], uri, &f, err) != 0)
			return ERR_FAIL;
		ss->n++;
	}
	if (ss->n == 0)
		return err_set(err, "no scanner given (--scanner URI)");
	return 0;
}

static void scanners_close(struct scanners *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		scanner_close(ss->v[i]);
	ss->n = 0;
}

/* 1 once every scanner that can end has ended and none is a device that
 * keeps the station running. */
static int all_ended(const struct scanners *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (!ss->v[i]->eof)
			return 0;
	return 1;
}

/* Handles every complete scan of every scanner. */
static int drain(struct station *st, struct scanners *ss, struct err *err)
{
	struct scan scan;
	size_t i;

	for (i = 0; i < ss->n; i++)
		while (scanner_next(ss->v[i], &scan))
			if (station_scan(st, &scan, ss->v[i]->uri, err) < 0)
				return ERR_FAIL;
	return 0;
}

/* Fills pfd for every scanner that can be polled now, reporting scanners
 * that came back (or could not be found the first time). */
static int prepare(struct station *st, struct scanners *ss,
		   struct pollfd *pfd, size_t *idx, size_t *n, int *timeout,
		   struct err *err)
{
	size_t i;
	int fd, changed;

	*n = 0;
	for (i = 0; i < ss->n; i++) {
		struct scanner *sc = ss->v[i];

		fd = scanner_poll_fd(sc, &changed);
		if (changed && ss->lost_reported[i]) {
			ss->lost_reported[i] = 0;
			if (station_scanner_event(st, sc->uri, 1, "", err) < 0)
				return ERR_FAIL;
		}
		if (!sc->connected && !sc->eof && !ss->lost_reported[i] &&
		    sc->why[0] != '\0') {
			ss->lost_reported[i] = 1;
			if (station_scanner_event(st, sc->uri, 0, sc->why,
						  err) < 0)
				return ERR_FAIL;
		}
		*timeout = min_timeout(*timeout, scanner_timeout(sc));
		if (fd >= 0) {
			pfd[*n].fd = fd;
			pfd[*n].events = POLLIN;
			pfd[*n].revents = 0;
			idx[(*n)++] = i;
		}
	}
	return 0;
}

/* One loop for everything the station waits on: the scanners, a scan
 * without its suffix timing out, a lost scanner's retry, and a held
 * slip's printer poll. Input ending ends the station, but only once no
 * slip is held. */
static int run(struct station *st, struct scanners *ss, struct err *err)
{
	struct pollfd pfd[MAX_SCANNERS];
	size_t idx[MAX_SCANNERS], n, i;
	enum scan_status s;
	int rc, timeout;

	for (;;) {
		if (drain(st, ss, err) != 0 || station_tick(st, err) < 0)
			return ERR_FAIL;
		if (stop_requested)
			return station_stop(st, err);
		if (all_ended(ss) && !station_holding(st))
			return 0;
		timeout = station_timeout(st);
		if (prepare(st, ss, pfd, idx, &n, &timeout, err) != 0)
			return ERR_FAIL;
		rc = poll(pfd, n, timeout);
		if (rc < 0 && errno != EINTR)
			return err_sys(err, "poll");
		for (i = 0; rc > 0 && i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			s = scanner_fill(ss->v[idx[i]], err);
			if (s == SCAN_ERROR)
				return ERR_FAIL;
			if (s == SCAN_LOST)
				ss->lost_reported[idx[i]] = 0;
		}
	}
}

static void say_ready(struct station *st)
{
	enum printer_state state;
	struct err e;

	err_clear(&e);
	printer_status(st->printer, &state, &e);
	if (st->screen.show != NULL) {
		char msg[512];

		snprintf(msg, sizeof msg, "scan an order barcode (printer %s)",
			 printer_state_name(state));
		st->screen.show(st->screen.arg, st, 0, "READY", msg);
		return;
	}
	fprintf(st->out, "READY    station %s, printer %s (%s): scan an order "
			 "barcode\n",
		st->cfg->station, st->printer->uri, printer_state_name(state));
	if (!printer_state_ok(state))
		fprintf(st->out, "WARNING  %s\n", printer_state_advice(state));
	fflush(st->out);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct profile profile;
	struct store *store = NULL;
	struct printer *printer = NULL;
	struct scanners ss = {{0}, 0, {0}};
	struct station st;
	struct err err;
	int rc;

	err_clear(&err);
	/* A FIFO or pipe printer that goes away must be an error, not a
	 * silent death. */
	signal(SIGPIPE, SIG_IGN);
	rc = parse_args(argc, argv, &cfg, &profile, &err);
	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, "packdesk: %s\n", err.msg);
		return rc < 0 ? 2 : 0;
	}
	if (store_open(&store, cfg.db, &err) != 0 ||
	    printer_open(&printer, cfg.printer, profile.width_dots, &err) != 0 ||
	    scanners_open(&ss, &cfg, &err) != 0) {
		fprintf(stderr, "packdesk: %s\n", err.msg);
		scanners_close(&ss);
		printer_close(printer);
		store_close(store);
		return 1;
	}
	station_init(&st, &cfg, &profile, store, printer, stdout);
	if (use_curses < 0)
		use_curses = isatty(STDOUT_FILENO);
	if (use_curses && screen_curses_open(&st, &err) != 0) {
		fprintf(stderr, "packdesk: %s\n", err.msg);
		station_cleanup(&st);
		scanners_close(&ss);
		printer_close(printer);
		store_close(store);
		return 2;
	}
	catch_stop_signals();
	say_ready(&st);
	rc = run(&st, &ss, &err);
	if (use_curses)
		screen_curses_close(&st);
	if (rc != 0)
		fprintf(stderr, "packdesk: %s\n", err.msg);
	station_cleanup(&st);
	scanners_close(&ss);
	printer_close(printer);
	store_close(store);
	return rc != 0 ? 1 : 0;
}
