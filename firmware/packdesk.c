/* packdesk — the packing station: reads scans, prints slips, logs events. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "printer.h"
#include "scanner.h"
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
	"  --scanner URI      stdin: one scan per line (config: "
	"station.scanner)\n"
	"  --printer URI      file:PATH | socket://HOST[:PORT] | preview:DIR\n"
	"                     (config: station.printer)\n"
	"  --station ID       station id recorded in events (config: "
	"station.id)\n"
	"  --operator NAME    operator recorded in events\n"
	"  --paper 80mm|58mm  receipt width (config: station.paper)\n"
	"  --hold-timeout S   give up a slip held by a printer fault after S\n"
	"                     seconds (slip_failed); 0 = wait (default)\n"
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
       OPT_PAPER, OPT_HOLD_TIMEOUT, OPT_CONFIG, OPT_PRINT_CONFIG };

static const struct option long_opts[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"scanner", required_argument, NULL, OPT_SCANNER},
	{"printer", required_argument, NULL, OPT_PRINTER},
	{"station", required_argument, NULL, OPT_STATION},
	{"operator", required_argument, NULL, OPT_OPERATOR},
	{"paper", required_argument, NULL, OPT_PAPER},
	{"hold-timeout", required_argument, NULL, OPT_HOLD_TIMEOUT},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
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
	[OPT_HOLD_TIMEOUT - OPT_DB] = "station.hold_timeout",
};
#define NKEYS (sizeof opt_keys / sizeof opt_keys[0])

static int parse_args(int argc, char **argv, struct config *cfg,
		      struct err *err)
{
	const char *values[NKEYS] = {0}, *config_path = NULL;
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "hV", long_opts, NULL)) != -1) {
		if (c >= OPT_DB && c < OPT_DB + (int)NKEYS)
			values[c - OPT_DB] = optarg;
		else if (c == OPT_CONFIG)
			config_path = optarg;
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
	if (escpos_paper_find(cfg->paper) == NULL)
		return err_set(err, "paper \"%s\": use 80mm or 58mm",
			       cfg->paper);
	return 0;
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* One loop for everything the station waits on: the scanner, a scan
 * without its suffix timing out, and a held slip's printer poll. Input
 * ending ends the station, but only once no slip is held. */
static int run(struct station *st, struct scanner *sc, struct err *err)
{
	struct pollfd pfd;
	struct scan scan;
	int rc, timeout;

	for (;;) {
		while (scanner_next(sc, &scan))
			if (station_scan(st, scan.data, scan.len, scan.toolong,
					 err) < 0)
				return ERR_FAIL;
		if (station_tick(st, err) < 0)
			return ERR_FAIL;
		pfd.fd = scanner_fd(sc);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0 && sc->eof && !station_holding(st))
			return 0;
		timeout = min_timeout(scanner_timeout(sc), station_timeout(st));
		if (pfd.fd < 0 && !sc->eof)
			timeout = 0; /* framed bytes are waiting for room */
		rc = poll(&pfd, pfd.fd >= 0 ? 1 : 0, timeout);
		if (rc < 0 && errno != EINTR)
			return err_sys(err, "poll");
		if (rc > 0 && scanner_fill(sc, err) == SCAN_ERROR)
			return ERR_FAIL;
	}
}

static void say_ready(struct station *st)
{
	enum printer_state state;
	struct err e;

	err_clear(&e);
	printer_status(st->printer, &state, &e);
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
	struct store *store = NULL;
	struct printer *printer = NULL;
	struct scanner *sc = NULL;
	struct station st;
	struct err err;
	int rc;

	err_clear(&err);
	/* A FIFO or pipe printer that goes away must be an error, not a
	 * silent death. */
	signal(SIGPIPE, SIG_IGN);
	rc = parse_args(argc, argv, &cfg, &err);
	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, "packdesk: %s\n", err.msg);
		return rc < 0 ? 2 : 0;
	}
	if (store_open(&store, cfg.db, &err) != 0 ||
	    printer_open(&printer, cfg.printer,
			 escpos_paper_find(cfg.paper)->dots, &err) != 0 ||
	    scanner_open(&sc, cfg.scanner, &err) != 0 ||
	    station_init(&st, &cfg, store, printer, stdout, &err) != 0) {
		fprintf(stderr, "packdesk: %s\n", err.msg);
		scanner_close(sc);
		printer_close(printer);
		store_close(store);
		return 1;
	}
	say_ready(&st);
	rc = run(&st, sc, &err);
	if (rc != 0)
		fprintf(stderr, "packdesk: %s\n", err.msg);
	station_cleanup(&st);
	scanner_close(sc);
	printer_close(printer);
	store_close(store);
	return rc != 0 ? 1 : 0;
}
