/* The station's decision for each scan: look the order up, stop the packer
 * on a cancelled or already shipped order, print the slip, log every step.
 * In verify mode the slip waits until every item has been scanned; command
 * barcodes (REPRINT, CANCEL, SKIP, LOGIN:, LOGOUT) work in both modes. */
#ifndef PACKDESK_STATION_H
#define PACKDESK_STATION_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "err.h"
#include "escpos.h"
#include "printer.h"
#include "scan-framer.h"
#include "slip.h"
#include "store.h"
#include "strbuf.h"
#include "verify.h"

/* What the packer is told, in the order of urgency. */
enum station_outcome {
	STATION_PRINTED,
	STATION_REPRINTED,
	STATION_CANCELLED,
	STATION_SHIPPED,
	STATION_UNKNOWN,
	STATION_REJECTED,
	STATION_PRINT_FAILED,
	STATION_HELD, /* a printer fault holds the slip until it clears */
	STATION_VERIFYING,  /* verify mode: an item counted, more to scan */
	STATION_ITEM_WRONG, /* verify mode: refused, not in the order */
	STATION_ITEM_OVER,  /* verify mode: refused, one too many */
	STATION_COMMAND,    /* a command barcode was carried out */
	STATION_REFUSED,    /* a command or scan not allowed now */
};

/* How often a held slip's printer is asked whether it is back. */
#define STATION_POLL_MS 1000

/* The slip a printer fault is holding: printed once when the printer is
 * back, never twice, never lost silently. */
struct station_held {
	int active;
	char order[128];
	int reprint;
	struct strbuf job;
	enum printer_state state; /* last reported to the packer */
	int64_t since_ms, next_poll_ms;
};

struct station;

/* Where the packer's messages go instead of the plain lines of out: the
 * full-screen view (screen-curses.c). msg is already sanitised. */
struct station_screen {
	void (*show)(void *arg, const struct station *st, int alarm,
		     const char *tag, const char *msg);
	void *arg;
};

struct station {
	const struct config *cfg;
	struct store *store;
	struct printer *printer;
	struct profile profile; /* the printer: language, width, code pages */
	FILE *out;    /* the packer's messages */
	int terminal; /* out is a terminal: ring the bell on a refusal */
	char last_shipped[128]; /* the order just refused as shipped */
	struct slip slip;       /* reused for every slip */
	struct strbuf job;
	struct station_held held;
	char template_notice[512];  /* last template problem shown */
	const char *scan_source;    /* the scan being handled: its scanner */
	const char *scan_symbology; /* and AIM identifier, for its events */
	char operator_name[64]; /* logged in (LOGIN:), or from the config */
	char last_printed[128]; /* the order REPRINT prints again */
	int verify_mode;        /* station.mode = verify */
	struct verify verify;   /* the order being verified, if active */
	struct station_screen screen; /* show == NULL: lines on out */
	char order_shown[128]; /* the order the packer is working on */
};

void station_init(struct station *st, const struct config *cfg,
		  const struct profile *profile, struct store *store,
		  struct printer *printer, FILE *out);
void station_cleanup(struct station *st);

/* Handles one raw scan of len bytes (toolong: input was cut at SCAN_MAX).
 * Returns the outcome, or -1 when the database failed (the station cannot
 * go on without its log). */
int station_scan(struct station *st, const struct scan *scan,
		 const char *source, struct err *err);
/* A scanner went away (found = 0) or came back: logged as scanner_lost /
 * scanner_found and shown to the packer. */
int station_scanner_event(struct station *st, const char *uri, int found,
			  const char *why, struct err *err);

/* Retries a held slip when its poll is due. Returns -1 when the database
 * failed, else 0. */
int station_tick(struct station *st, struct err *err);
/* Milliseconds until station_tick has work, or -1 for none. */
int station_timeout(const struct station *st);
/* The station is being stopped: a held slip is given up and logged as
 * slip_failed so that nobody believes it printed. */
int station_stop(struct station *st, struct err *err);
/* 1 while a slip is held. */
int station_holding(const struct station *st);

#endif
