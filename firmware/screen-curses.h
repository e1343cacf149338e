/* The packer's full-screen view (ncurses): the order number large, its
 * items with their state, a colour banner readable at arm's length (READY,
 * IN PROGRESS, COMPLETE, STOP), the printer and scanner, and the last
 * messages. The plain line mode stays for logs and the journal. */
#ifndef PACKDESK_SCREEN_CURSES_H
#define PACKDESK_SCREEN_CURSES_H

#include "err.h"
#include "station.h"

/* Takes over the terminal on stdout and hooks st's messages. Scans keep
 * arriving on stdin as lines. */
int screen_curses_open(struct station *st, struct err *err);
/* Gives the terminal back. */
void screen_curses_close(struct station *st);

#endif
