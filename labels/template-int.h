/* Inside the template engine: the parsed tree that template-parse.c builds
 * and template-eval.c walks. Not for use outside labels/template*.c. */
#ifndef PACKDESK_TEMPLATE_INT_H
#define PACKDESK_TEMPLATE_INT_H

#include "dither.h"
#include "slip.h"
#include "template.h"

enum tpl_kind {
	TN_LIT,	 /* literal text */
	TN_VAR,	 /* {{name}} or {{url name}} */
	TN_T,	 /* {{t key}} */
	TN_SEP,	 /* '|' between cells */
	TN_EOL,	 /* end of a text line: the line becomes a block */
	TN_DIR,	 /* @directive */
	TN_IF,	 /* body, then alt ({{else}}) */
	TN_EACH, /* body once per item */
};

enum tpl_dir {
	TD_LEFT,
	TD_CENTER,
	TD_RIGHT,
	TD_BOLD,
	TD_DOUBLE,
	TD_WIDE,
	TD_TALL,
	TD_UNDERLINE,
	TD_INDENT,
	TD_HANG,
	TD_COLUMNS,
	TD_RULE,
	TD_QR,
	TD_CODE128,
	TD_LOGO,
	TD_FEED,
	TD_CUT,
};

enum tpl_list { TL_LINES, TL_VIDEOS };

struct template_node {
	enum tpl_kind kind;
	int line, col;
	struct template_node *next;
	char *text; /* LIT: the text; T: the key */
	int var;    /* VAR, IF: a variable id; EACH: enum tpl_list */
	int neg;    /* IF: {{#if !name}} */
	struct template_node *body, *alt; /* IF, EACH; DIR: its argument */
	enum tpl_dir dir;
	int n;			   /* DIR: numbers given */
	int num[SLIP_MAX_CELLS];   /* on/off, N, widths, rule char, pct */
	int align[SLIP_MAX_CELLS]; /* COLUMNS: enum slip_align per cell */
	struct dither_gray logo;   /* LOGO */
};

/* Variables: order fields are 0 .. order_nfields-1; the others live in
 * template-eval.c's table. */
#define TPL_VAR_URL 1  /* may be used as {{url name}} */
#define TPL_VAR_LOOP 2 /* only inside {{#each}} */

/* The id of a placeholder name and its TPL_VAR_* flags, or -1; in_loop
 * when inside {{#each}}, where the line's names come first. */
int tpl_var_find(const char *name, int in_loop, int *flags);

#endif
