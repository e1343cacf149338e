/* Slip and label templates: text files a shop edits without recompiling.
 * labels/templates/README.md is the merchant's guide; this is the reference.
 *
 * A template is read line by line. Leading and trailing blanks of a line are
 * ignored (indent freely), and so are blank lines: use @feed for space.
 *
 *   @# a comment line                  {{! an inline comment }}
 *
 * TEXT LINES print as one paragraph each (the encoder wraps it at spaces),
 * in the current alignment and style. A line that comes out empty after
 * expansion prints nothing, so a line of only {{#if}} or an empty field
 * leaves no gap. '|' splits a line into cells: under @columns they become
 * the columns; without, "left | right" puts right flush right on the same
 * line. Write \| \{ \@ \\ for the characters themselves.
 *
 * PLACEHOLDERS
 *   {{Shipping Name}}  any Shopify export column of the order (Name, Email,
 *                      Created at, Total, Currency, Discount Code, Discount
 *                      Amount, Shipping Method, Shipping Zip, ...) or its
 *                      key (ship_zip); see order_fields in core/order.c
 *   {{order_number}}   Name without '#': "10423"
 *   {{date}}           Created at's date: "2025-03-14"
 *   {{city_line}}      "Portland, OR 97201"
 *   {{discount}}       Discount Amount unless it is zero ("" then)
 *   {{shop_name}} {{thanks}} {{return_days}} {{exchange_bonus}}
 *   {{free_returns}} {{referral_code}} {{referral_offer}} {{carrier}}
 *   {{tracking_number}} {{locale}} {{paper_columns}} {{narrow}} (set when
 *   the paper has fewer than 40 columns) {{has_videos}} {{item_count}}
 *   {{related_name}} {{related_sku}} {{related_text}} (the recommended
 *   product, "" when none)
 *   {{url NAME}}       a configured URL with {order} {order_name} {zip}
 *                      {email} {sku} {locale} {code} filled in, each
 *                      percent-encoded: returns_url, portal_url, csat_url,
 *                      community_url, related_url, and in a loop
 *                      setup_video_url
 *   {{t KEY}}          the text KEY ("returns.title") in the slip's locale,
 *                      else en; {name} inside it is any placeholder above
 *
 * BLOCKS (may span lines; nest at most TEMPLATE_MAX_DEPTH deep)
 *   {{#if NAME}} ... {{else}} ... {{/if}}   NAME is set: not "", "0", "no"
 *   {{#if !NAME}} ... {{/if}}               NAME is not set
 *   {{#each lines}} ... {{/each}}           every order line
 *   {{#each videos}} ... {{/each}}          each product with a setup video,
 *                                           once even if ordered twice
 *   inside a loop: {{qty}} {{sku}} {{name}} {{price}} {{amount}} (qty x
 *   price) {{product_name}} {{barcode}} {{setup_video_url}}
 *
 * DIRECTIVES (a line starting with '@'; arguments may hold placeholders)
 *   @left  @center  @right                 alignment of what follows
 *   @bold on|off  @double on|off  @wide on|off  @tall on|off
 *   @underline on|off
 *   @indent N  @hang N                     margins in columns (0-20); hang
 *                                          indents the wrapped lines
 *   @columns 10 60 30>                     1-4 widths in percent (sum <=
 *                                          100, 0 = the rest); '>' right-
 *                                          aligns a column, '^' centres it
 *   @columns off
 *   @rule [CHAR]                           a line across the paper
 *   @qr DATA                               a QR code (skipped when empty)
 *   @code128 DATA                          a Code 128 barcode
 *   @logo FILE [PCT%]                      a PNG (path relative to the
 *                                          template), dithered to 1 bit at
 *                                          PCT% of the paper (default: its
 *                                          own size, at most the paper)
 *   @feed N                                N blank lines (1-10)
 *   @cut                                   cut here; nothing after prints
 *
 * Errors are collected, each "FILE:LINE:COL: reason"; a template with any
 * error is refused as a whole. */
#ifndef PACKDESK_TEMPLATE_H
#define PACKDESK_TEMPLATE_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "err.h"
#include "locale.h"
#include "order.h"
#include "slip.h"

#define TEMPLATE_MAX_SIZE (256 * 1024) /* bytes of template file */
#define TEMPLATE_MAX_DEPTH 16	       /* nested {{#if}}/{{#each}} */
#define TEMPLATE_MAX_NAME 64	       /* placeholder name */
#define TEMPLATE_MAX_ERRORS 100	       /* reported, then "too many" */
#define TEMPLATE_MAX_NODES 20000
#define TEMPLATE_MAX_BLOCKS 4000 /* slip blocks one render may add */

struct template_node;

struct template
{
	char path[1024];
	struct template_node *root;
};

/* Everything a template can show. products[i] belongs to order->lines[i]
 * (products may be NULL); related may be NULL; strings is the slip's locale
 * and fallback en (either may be NULL). */
struct template_data {
	const struct order *order;
	const struct product *products;
	const struct product *related;
	const struct config *cfg;
	const struct locale *strings;
	const struct locale *fallback;
	int columns; /* paper width in text columns: 48, 32, ... */
	int dots;    /* paper width in dots, for logos */
};

/* Parses path into t; every error goes to errs (may be NULL) as
 * "FILE:LINE:COL: reason\n". Returns the number of errors; t is usable
 * only when that is 0 (template_free it either way). {{t KEY}} keys are
 * checked against en in locale_default_dirs(). */
int template_load(const char *path, struct template *t, FILE *errs);
/* The same from memory, path naming it in errors; known holds the keys
 * {{t}} may use (NULL: not checked). */
int template_parse(const char *path, const char *text, size_t len,
		   const struct locale *known, struct template *t, FILE *errs);
void template_free(struct template *t);
/* Appends the template's blocks for d to out, ending with a cut. */
int template_render(const struct template *t, const struct template_data *d,
		    struct slip *out, struct err *err);

/* Where a template named name is: dir (the shop's station.template_dir,
 * may be "" or NULL), then $PACKDESK_TEMPLATES or labels/templates (the
 * source tree), then PACKDESK_DATADIR/templates. */
int template_find(const char *dir, const char *name, char *out, size_t outsz,
		  struct err *err);

/* The station's copy of a template: reloaded when the file changes, and
 * when an edit has errors the last good version stays in use. */
struct template_cache {
	struct template t;
	int loaded; /* t holds a good template */
	char path[1024];
	struct timespec mtime; /* of the version last tried, good or not */
	off_t size;
	char notice[ERR_MAX]; /* for the packer; "" when all is well */
};

void template_cache_init(struct template_cache *c);
void template_cache_free(struct template_cache *c);
/* The template to print with, or NULL (err set) when there is no good
 * version at all. */
const struct template *template_cache_get(struct template_cache *c,
					  const char *path, struct err *err);
/* Why the station is not using the file as it is now ("" when it is). */
const char *template_cache_notice(const struct template_cache *c);

#endif
