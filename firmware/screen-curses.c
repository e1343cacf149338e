#include "screen-curses.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define HISTORY 6

enum { PAIR_READY = 1, PAIR_BUSY, PAIR_DONE, PAIR_STOP };

struct screen_state {
	char state[16];   /* READY, IN PROGRESS, COMPLETE, STOP */
	char banner[600]; /* the last message */
	char scanner[160];
	char history[HISTORY][600];
	int nhistory;
};

static struct screen_state screen; /* one terminal, one view */

/* Five-row digits for the order number, readable across the bench. */
static const char *const big[11][5] = {
	{"###", "# #", "# #", "# #", "###"}, {" # ", "## ", " # ", " # ", "###"},
	{"###", "  #", "###", "#  ", "###"}, {"###", "  #", "###", "  #", "###"},
	{"# #", "# #", "###", "  #", "  #"}, {"###", "#  ", "###", "  #", "###"},
	{"###", "#  ", "###", "# #", "###"}, {"###", "  #", "  #", "  #", "  #"},
	{"###", "# #", "###", "# #", "###"}, {"###", "# #", "###", "  #", "###"},
	{"   ", "# #", "###", "# #", "   "}, /* '#' */
};

static void draw_big(int row, const char *name)
{
	const char *p;
	int r, col;

	for (r = 0; r < 5; r++) {
		col = 2;
		for (p = name; *p != '\0' && col < COLS - 4; p++, col += 4) {
			int g = *p == '#' ? 10 : *p >= '0' && *p <= '9' ? *p - '0'
								       : -1;

			if (g < 0)
				mvaddch(row + r, col + 1,
					r == 2 ? (chtype)(unsigned char)*p
					       : ' ');
			else
				mvaddstr(row + r, col, big[g][r]);
		}
	}
}

static int state_pair(const char *state)
{
	if (strcmp(state, "STOP") == 0)
		return PAIR_STOP;
	if (strcmp(state, "COMPLETE") == 0)
		return PAIR_DONE;
	if (strcmp(state, "IN PROGRESS") == 0)
		return PAIR_BUSY;
	return PAIR_READY;
}

static const char *state_of(int alarm, const char *tag)
{
	static const char *const done[] = {"PRINTED", "REPRINT", "COMPLETE",
					   "SKIPPED"};
	static const char *const busy[] = {"VERIFY", "OK", "LEFT"};
	size_t i;

	if (alarm)
		return "STOP";
	for (i = 0; i < sizeof done / sizeof done[0]; i++)
		if (strcmp(tag, done[i]) == 0)
			return "COMPLETE";
	for (i = 0; i < sizeof busy / sizeof busy[0]; i++)
		if (strcmp(tag, busy[i]) == 0)
			return "IN PROGRESS";
	return "READY";
}

static void draw(const struct station *st)
{
	const struct verify *v = &st->verify;
	char line[1024];
	int row, i, pair;
	size_t k;

	erase();
	attron(A_REVERSE);
	snprintf(line, sizeof line,
		 " PACKDESK  station %s  operator %s  printer %s (%s)  "
		 "scanner %s",
		 st->cfg->station,
		 st->operator_name[0] != '\0' ? st->operator_name : "-",
		 st->printer->uri, st->held.active ? "FAULT" : "ok",
		 screen.scanner[0] != '\0' ? screen.scanner : "ok");
	mvaddnstr(0, 0, line, COLS);
	for (i = (int)strlen(line); i < COLS; i++)
		addch(' ');
	attroff(A_REVERSE);
	if (st->order_shown[0] != '\0') {
		attron(A_BOLD);
		draw_big(2, st->order_shown);
		mvaddstr(7, 2, st->order_shown);
		attroff(A_BOLD);
	}
	pair = state_pair(screen.state);
	attron(COLOR_PAIR(pair) | A_BOLD);
	snprintf(line, sizeof line, " %-11s %s", screen.state, screen.banner);
	mvaddnstr(9, 0, line, COLS);
	for (i = (int)strlen(line); i < COLS; i++)
		addch(' ');
	attroff(COLOR_PAIR(pair) | A_BOLD);
	row = 11;
	for (k = 0; v->active && k < v->n && row < LINES - HISTORY - 2; k++) {
		const struct verify_line *l = &v->lines[k];
		char name[200];

		/* Item names come from the order: no control bytes. */
		text_sanitize_into(name, sizeof name, l->name);
		pair = l->got >= l->want ? PAIR_DONE
		       : l->got > 0	  ? PAIR_BUSY
					  : 0;
		if (pair != 0)
			attron(COLOR_PAIR(pair));
		snprintf(line, sizeof line, "  [%c] %3d/%-3d %s (%s)",
			 l->got >= l->want ? 'x' : ' ', l->got, l->want, name,
			 l->sku);
		mvaddnstr(row++, 0, line, COLS);
		if (pair != 0)
			attroff(COLOR_PAIR(pair));
	}
	row = LINES - HISTORY - 1;
	mvaddnstr(row++, 0, "Last events:", COLS);
	for (i = 0; i < screen.nhistory && row < LINES; i++)
		mvaddnstr(row++, 2, screen.history[i], COLS - 2);
	refresh();
}

static void show(void *arg, const struct station *st, int alarm,
		 const char *tag, const char *msg)
{
	(void)arg;
	if (alarm)
		beep(); /* heard across the bench; the banner turns red */
	if (strcmp(tag, "SCANNER") == 0)
		snprintf(screen.scanner, sizeof screen.scanner, "%s",
			 alarm ? "LOST" : "ok");
	/* What is left is the item list itself, not news. */
	if (strcmp(tag, "LEFT") != 0) {
		snprintf(screen.state, sizeof screen.state, "%s",
			 state_of(alarm, tag));
		snprintf(screen.banner, sizeof screen.banner, "%-8s %s", tag,
			 msg);
		memmove(screen.history[1], screen.history[0],
			sizeof screen.history[0] * (HISTORY - 1));
		snprintf(screen.history[0], sizeof screen.history[0], "%-8s %s",
			 tag, msg);
		if (screen.nhistory < HISTORY)
			screen.nhistory++;
	}
	draw(st);
}

int screen_curses_open(struct station *st, struct err *err)
{
	if (newterm(NULL, stdout, stdin) == NULL)
		return err_set(err, "--screen curses: cannot use this "
				    "terminal (TERM=%s)",
			       getenv("TERM") != NULL ? getenv("TERM") : "");
	/* Scans still come in as lines on stdin: keep canonical input and
	 * only stop the terminal echoing them over the view. */
	noecho();
	curs_set(0);
	if (has_colors()) {
		start_color();
		init_pair(PAIR_READY, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_BUSY, COLOR_BLACK, COLOR_YELLOW);
		init_pair(PAIR_DONE, COLOR_BLACK, COLOR_GREEN);
		init_pair(PAIR_STOP, COLOR_WHITE, COLOR_RED);
	}
	memset(&screen, 0, sizeof screen);
	snprintf(screen.state, sizeof screen.state, "READY");
	st->screen.show = show;
	st->screen.arg = NULL;
	draw(st);
	return 0;
}

void screen_curses_close(struct station *st)
{
	st->screen.show = NULL;
	endwin();
}
