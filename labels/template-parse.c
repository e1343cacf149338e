/* The template parser: text in, tree out, and every mistake reported as
 * FILE:LINE:COL: reason. It must survive any bytes a shop (or a fuzzer)
 * can write: sizes and nesting are bounded and nothing is trusted. */
#include "template-int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

struct frame {
	struct template_node *node; /* NULL for the top level */
	struct template_node **tail;
	int in_else;
};

struct parser {
	const char *path;
	FILE *errs;
	int nerr;
	int nodes;
	int stop; /* too many errors or nodes: give up */
	const struct locale *known;
	struct frame stack[TEMPLATE_MAX_DEPTH + 2]; /* + a directive */
	int depth;
	int in_each;
	int line;
	struct strbuf lit;
};

static void perr(struct parser *p, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	if (p->stop)
		return;
	if (++p->nerr > TEMPLATE_MAX_ERRORS) {
		if (p->errs != NULL)
			fprintf(p->errs, "%s:%d:%d: too many errors\n", p->path,
				p->line, col);
		p->stop = 1;
		return;
	}
	if (p->errs == NULL)
		return;
	fprintf(p->errs, "%s:%d:%d: ", p->path, p->line, col);
	va_start(ap, fmt);
	vfprintf(p->errs, fmt, ap);
	va_end(ap);
	fputc('\n', p->errs);
}

static struct template_node *node_new(struct parser *p, enum tpl_kind kind,
				      int col)
{
	struct template_node *n;

	if (++p->nodes > TEMPLATE_MAX_NODES) {
		perr(p, col, "template too large (more than %d elements)",
		     TEMPLATE_MAX_NODES);
		p->stop = 1;
		return NULL;
	}
	n = calloc(1, sizeof *n);
	if (n == NULL) {
		perr(p, col, "out of memory");
		p->stop = 1;
		return NULL;
	}
	n->kind = kind;
	n->line = p->line;
	n->col = col;
	return n;
}

static void node_append(struct template_node ***tail, struct template_node *n)
{
	**tail = n;
	*tail = &n->next;
}

/* Appends a node to the innermost open block. */
static struct template_node *add(struct parser *p, enum tpl_kind kind, int col)
{
	struct template_node *n = node_new(p, kind, col);

	if (n != NULL)
		node_append(&p->stack[p->depth].tail, n);
	return n;
}

void template_nodes_free(struct template_node *n);

void template_nodes_free(struct template_node *n)
{
	while (n != NULL) {
		struct template_node *next = n->next;

		template_nodes_free(n->body);
		template_nodes_free(n->alt);
		dither_gray_free(&n->logo);
		free(n->text);
		free(n);
		n = next;
	}
}

/* ---- {{tags}} ---- */

static int name_ok(struct parser *p, const char *name, int col)
{
	if (name[0] == '\0') {
		perr(p, col, "missing name in {{}}");
		return 0;
	}
	if (strlen(name) > TEMPLATE_MAX_NAME) {
		perr(p, col, "placeholder longer than %d bytes",
		     TEMPLATE_MAX_NAME);
		return 0;
	}
	return 1;
}

/* A placeholder's id, after checking it may be used here. */
static int var_check(struct parser *p, const char *name, int col, int url)
{
	int flags, id;

	if (!name_ok(p, name, col))
		return -1;
	id = tpl_var_find(name, p->in_each > 0, &flags);
	if (id < 0) {
		perr(p, col, "unknown placeholder \"%s\"", name);
		return -1;
	}
	if (url && !(flags & TPL_VAR_URL)) {
		perr(p, col,
		     "\"%s\" is not a URL (returns_url, portal_url, csat_url, "
		     "community_url, related_url, setup_video_url)",
		     name);
		return -1;
	}
	if ((flags & TPL_VAR_LOOP) && !p->in_each) {
		perr(p, col, "\"%s\" is only known inside {{#each}}", name);
		return -1;
	}
	return id;
}

static void open_block(struct parser *p, struct template_node *n)
{
	struct frame *f;

	if (p->depth >= TEMPLATE_MAX_DEPTH) {
		perr(p, n->col, "blocks nested deeper than %d",
		     TEMPLATE_MAX_DEPTH);
		template_nodes_free(n);
		p->stop = 1; /* what follows would only cascade */
		return;
	}
	node_append(&p->stack[p->depth].tail, n);
	f = &p->stack[++p->depth];
	f->node = n;
	f->tail = &n->body;
	f->in_else = 0;
	if (n->kind == TN_EACH)
		p->in_each++;
}

static const char *block_name(const struct template_node *n)
{
	return n->kind == TN_EACH ? "{{#each}}" : "{{#if}}";
}

static void close_block(struct parser *p, enum tpl_kind kind, int col)
{
	const char *want = kind == TN_EACH ? "{{/each}}" : "{{/if}}";
	struct frame *f = &p->stack[p->depth];

	if (p->depth == 0) {
		perr(p, col, "%s without %s", want,
		     kind == TN_EACH ? "{{#each}}" : "{{#if}}");
		return;
	}
	if (f->node->kind != kind) {
		perr(p, col, "%s closes %s opened at %d:%d", want,
		     block_name(f->node), f->node->line, f->node->col);
		return;
	}
	if (kind == TN_EACH)
		p->in_each--;
	p->depth--;
}

static void tag_if(struct parser *p, const char *arg, int col)
{
	struct template_node *n;
	int neg = 0, id;

	if (*arg == '!') {
		neg = 1;
		arg++;
		while (*arg == ' ')
			arg++;
	}
	id = var_check(p, arg, col, 0);
	n = node_new(p, TN_IF, col);
	if (n == NULL)
		return;
	n->var = id; /* a bad name is reported; the block still nests */
	n->neg = neg;
	open_block(p, n);
}

static void tag_each(struct parser *p, const char *arg, int col)
{
	struct template_node *n;
	int list = -1;

	if (strcmp(arg, "lines") == 0)
		list = TL_LINES;
	else if (strcmp(arg, "videos") == 0)
		list = TL_VIDEOS;
	else if (name_ok(p, arg, col))
		perr(p, col, "unknown list \"%s\" (use lines or videos)", arg);
	if (p->in_each)
		perr(p, col, "{{#each}} inside {{#each}}");
	n = node_new(p, TN_EACH, col);
	if (n == NULL)
		return;
	n->var = list;
	open_block(p, n);
}

static void tag_else(struct parser *p, int col)
{
	struct frame *f = &p->stack[p->depth];

	if (p->depth == 0 || f->node->kind != TN_IF) {
		perr(p, col, "{{else}} without {{#if}}");
		return;
	}
	if (f->in_else) {
		perr(p, col, "second {{else}} in one {{#if}}");
		return;
	}
	f->in_else = 1;
	f->tail = &f->node->alt;
}

static void tag_t(struct parser *p, const char *key, int col)
{
	struct template_node *n;

	if (!name_ok(p, key, col))
		return;
	if (p->known != NULL && locale_get(p->known, key) == NULL) {
		perr(p, col, "unknown locale key \"%s\"", key);
		return;
	}
	if ((n = add(p, TN_T, col)) != NULL && (n->text = strdup(key)) == NULL)
		p->stop = 1;
}

static void tag_var(struct parser *p, const char *name, int col, int url)
{
	struct template_node *n;
	int id = var_check(p, name, col, url);

	if (id >= 0 && (n = add(p, TN_VAR, col)) != NULL)
		n->var = id;
}

/* One {{...}}: tag is the text between the braces, trimmed. */
static void tag(struct parser *p, char *tag, int col, int in_directive)
{
	int block = tag[0] == '#' || tag[0] == '/' || strcmp(tag, "else") == 0;
	char *sp = tag + strcspn(tag, " "), *arg = sp;
	int split = *sp != '\0';

	if (tag[0] == '!')
		return;
	if (split)
		*arg++ = '\0';
	if (block && in_directive) {
		perr(p, col, "{{%s}} cannot be used in a directive line", tag);
		return;
	}
	if (strcmp(tag, "#if") == 0)
		tag_if(p, arg, col);
	else if (strcmp(tag, "#each") == 0)
		tag_each(p, arg, col);
	else if (strcmp(tag, "else") == 0 && *arg == '\0')
		tag_else(p, col);
	else if (strcmp(tag, "/if") == 0 && *arg == '\0')
		close_block(p, TN_IF, col);
	else if (strcmp(tag, "/each") == 0 && *arg == '\0')
		close_block(p, TN_EACH, col);
	else if (block)
		perr(p, col, "unknown block \"{{%.*s}}\"", TEMPLATE_MAX_NAME,
		     tag);
	else if (strcmp(tag, "t") == 0)
		tag_t(p, arg, col);
	else if (strcmp(tag, "url") == 0)
		tag_var(p, arg, col, 1);
	else {
		if (split)
			*sp = ' '; /* "Shipping Name" has a space */
		tag_var(p, tag, col, 0);
	}
}

/* ---- text ---- */

static void flush_lit(struct parser *p, int col)
{
	struct template_node *n;

	if (p->lit.len == 0)
		return;
	if ((n = add(p, TN_LIT, col)) != NULL &&
	    (n->text = strdup(strbuf_str(&p->lit))) == NULL)
		p->stop = 1;
	strbuf_reset(&p->lit);
}

/* Copies the tag between s[i] "{{" and "}}" into buf, blanks squeezed. */
static size_t tag_text(const char *s, size_t n, size_t i, char *buf,
		       size_t bufsz)
{
	size_t j, k = 0;

	for (j = i + 2; j + 1 < n && !(s[j] == '}' && s[j + 1] == '}'); j++)
		if (k + 1 < bufsz && !((s[j] == ' ' || s[j] == '\t') &&
				       (k == 0 || buf[k - 1] == ' ')))
			buf[k++] = s[j] == '\t' ? ' ' : s[j];
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return j + 1 < n ? j + 2 : 0; /* just past "}}", 0: unclosed */
}

/* The text of one line (or a directive's argument), s[0..n), whose first
 * byte is at column col0. */
static void lex(struct parser *p, const char *s, size_t n, int col0,
		int in_directive)
{
	char buf[TEMPLATE_MAX_NAME * 2 + 16];
	size_t i = 0, end;
	int col;

	while (i < n && !p->stop) {
		col = col0 + (int)i;
		if (s[i] == '\\' && i + 1 < n && strchr("\\|{}@", s[i + 1])) {
			strbuf_addc(&p->lit, s[i + 1]);
			i += 2;
		} else if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') {
			end = tag_text(s, n, i, buf, sizeof buf);
			if (end == 0) {
				perr(p, col, "unclosed \"{{\"");
				break;
			}
			flush_lit(p, col);
			tag(p, buf, col, in_directive);
			i = end;
		} else if (s[i] == '|' && !in_directive) {
			flush_lit(p, col);
			add(p, TN_SEP, col);
			i++;
		} else if (strbuf_addc(&p->lit, s[i]) != 0) {
			perr(p, col, "line too long");
			break;
		} else {
			i++;
		}
	}
	flush_lit(p, col0 + (int)n);
}

/* ---- @directives ---- */

enum argkind { A_NONE, A_ONOFF, A_NUM, A_COLUMNS, A_RULE, A_EXPR, A_LOGO };

static const struct dirdef {
	const char *name;
	enum tpl_dir dir;
	enum argkind arg;
	int lo, hi;
} dirs[] = {
    {"left", TD_LEFT, A_NONE, 0, 0},
    {"center", TD_CENTER, A_NONE, 0, 0},
    {"right", TD_RIGHT, A_NONE, 0, 0},
    {"bold", TD_BOLD, A_ONOFF, 0, 0},
    {"double", TD_DOUBLE, A_ONOFF, 0, 0},
    {"wide", TD_WIDE, A_ONOFF, 0, 0},
    {"tall", TD_TALL, A_ONOFF, 0, 0},
    {"underline", TD_UNDERLINE, A_ONOFF, 0, 0},
    {"indent", TD_INDENT, A_NUM, 0, 20},
    {"hang", TD_HANG, A_NUM, 0, 20},
    {"columns", TD_COLUMNS, A_COLUMNS, 0, 0},
    {"rule", TD_RULE, A_RULE, 0, 0},
    {"qr", TD_QR, A_EXPR, 0, 0},
    {"code128", TD_CODE128, A_EXPR, 0, 0},
    {"logo", TD_LOGO, A_LOGO, 0, 0},
    {"feed", TD_FEED, A_NUM, 1, 10},
    {"cut", TD_CUT, A_NONE, 0, 0},
};

/* A whole number in [lo, hi] spelled in s[0..n), else -1. */
static long number(const char *s, size_t n, long lo, long hi)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

static void arg_columns(struct parser *p, struct template_node *d,
			const char *a, size_t n, int col)
{
	size_t i = 0, w;
	int sum = 0;
	long v;

	if (n == 3 && memcmp(a, "off", 3) == 0)
		return; /* d->n = 0 */
	while (i < n) {
		w = strcspn(a + i, " \t");
		w = w > n - i ? n - i : w;
		if (d->n == SLIP_MAX_CELLS) {
			perr(p, col + (int)i, "@columns takes 1 to %d widths",
			     SLIP_MAX_CELLS);
			return;
		}
		d->align[d->n] = SLIP_LEFT;
		if (w > 1 && strchr("<>^", a[i + w - 1]) != NULL)
			d->align[d->n] = a[i + w - 1] == '>'   ? SLIP_RIGHT
					 : a[i + w - 1] == '^' ? SLIP_CENTER
							       : SLIP_LEFT;
		v = number(
		    a + i,
		    w - (d->align[d->n] != SLIP_LEFT || a[i + w - 1] == '<'), 0,
		    100);
		if (v < 0) {
			perr(p, col + (int)i, "bad @columns width \"%.*s\"",
			     (int)(w > 32 ? 32 : w), a + i);
			return;
		}
		d->num[d->n++] = (int)v;
		sum += (int)v;
		for (i += w; i < n && (a[i] == ' ' || a[i] == '\t'); i++)
			;
	}
	if (d->n == 0)
		perr(p, col, "@columns takes 1 to %d widths", SLIP_MAX_CELLS);
	else if (sum > 100)
		perr(p, col, "@columns widths add up to %d%%, more than 100%%",
		     sum);
}

/* Template directory + relative path. */
static void logo_path(const char *tpl, const char *rel, char *out, size_t sz)
{
	const char *slash = strrchr(tpl, '/');

	if (rel[0] == '/' || slash == NULL)
		snprintf(out, sz, "%s", rel);
	else
		snprintf(out, sz, "%.*s/%s", (int)(slash - tpl), tpl, rel);
}

static void arg_logo(struct parser *p, struct template_node *d, const char *a,
		     size_t n, int col)
{
	char rel[512], path[2048];
	size_t w = strcspn(a, " \t");
	const char *pct;
	struct err err;

	w = w > n ? n : w;
	if (w >= sizeof rel) {
		perr(p, col, "@logo path too long");
		return;
	}
	snprintf(rel, sizeof rel, "%.*s", (int)w, a);
	for (pct = a + w; pct < a + n && (*pct == ' ' || *pct == '\t'); pct++)
		;
	if (pct < a + n) {
		size_t pn = (size_t)(a + n - pct);

		d->num[0] =
		    pct[pn - 1] == '%' ? (int)number(pct, pn - 1, 1, 100) : -1;
		if (d->num[0] < 0) {
			perr(p, col + (int)(pct - a),
			     "@logo size must be 1%% to 100%% of the paper");
			return;
		}
	}
	logo_path(p->path, rel, path, sizeof path);
	err_clear(&err);
	if (dither_png_load(path, &d->logo, &err) != 0)
		perr(p, col, "@logo: %s", err.msg);
}

static void dir_args(struct parser *p, const struct dirdef *def,
		     struct template_node *d, const char *a, size_t n, int col)
{
	long v;

	switch (def->arg) {
	case A_NONE:
		if (n > 0)
			perr(p, col, "@%s takes no argument", def->name);
		break;
	case A_ONOFF:
		if (n == 2 && memcmp(a, "on", 2) == 0)
			d->num[0] = 1;
		else if (!(n == 3 && memcmp(a, "off", 3) == 0))
			perr(p, col, "@%s takes on or off", def->name);
		break;
	case A_NUM:
		v = n == 0 && def->dir == TD_FEED
			? 1
			: number(a, n, def->lo, def->hi);
		if (v < 0)
			perr(p, col, "@%s takes a number from %d to %d",
			     def->name, def->lo, def->hi);
		d->num[0] = (int)v;
		break;
	case A_COLUMNS:
		arg_columns(p, d, a, n, col);
		break;
	case A_RULE:
		d->num[0] = n == 0 ? '-' : (unsigned char)a[0];
		if (n > 1 || d->num[0] < 0x21 || d->num[0] > 0x7E)
			perr(p, col, "@rule takes one character");
		break;
	case A_EXPR:
		if (n == 0) {
			perr(p, col, "@%s needs data", def->name);
			break;
		}
		/* The argument's nodes hang under the directive. */
		p->stack[p->depth + 1].tail = &d->body;
		p->depth++;
		p->stack[p->depth].node = d;
		lex(p, a, n, col, 1);
		p->depth--;
		break;
	case A_LOGO:
		if (n == 0)
			perr(p, col, "@logo needs a PNG file");
		else
			arg_logo(p, d, a, n, col);
		break;
	}
}

static void directive(struct parser *p, const char *s, size_t n, int col)
{
	size_t w = strcspn(s + 1, " \t") + 1, i;
	struct template_node *d;
	const char *a;

	w = w > n ? n : w;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (strlen(dirs[i].name) == w - 1 &&
		    memcmp(dirs[i].name, s + 1, w - 1) == 0)
			break;
	if (i == sizeof dirs / sizeof dirs[0]) {
		perr(p, col, "unknown directive \"%.*s\"",
		     (int)(w > TEMPLATE_MAX_NAME ? TEMPLATE_MAX_NAME : w), s);
		return;
	}
	for (a = s + w; a < s + n && (*a == ' ' || *a == '\t'); a++)
		;
	if ((d = add(p, TN_DIR, col)) == NULL)
		return;
	d->dir = dirs[i].dir;
	dir_args(p, &dirs[i], d, a, (size_t)(s + n - a), col + (int)(a - s));
}

/* ---- lines ---- */

static void one_line(struct parser *p, const char *s, size_t n)
{
	size_t b = 0, bad;
	const void *nul = memchr(s, '\0', n);

	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (b < n && (s[b] == ' ' || s[b] == '\t'))
		b++;
	if (b == n)
		return;
	if (nul != NULL) {
		perr(p, (int)((const char *)nul - s) + 1, "NUL byte");
		return;
	}
	if (!text_utf8_valid(s, n)) {
		for (bad = 0; bad < n;) {
			size_t l = text_utf8_len((const unsigned char *)s + bad,
						 n - bad);
			if (l == 0)
				break;
			bad += l;
		}
		perr(p, (int)bad + 1, "not valid UTF-8");
		return;
	}
	if (s[b] == '@' && b + 1 < n && s[b + 1] == '#')
		return;
	if (s[b] == '@') {
		directive(p, s + b, n - b, (int)b + 1);
		return;
	}
	lex(p, s + b, n - b, (int)b + 1, 0);
	add(p, TN_EOL, (int)n + 1);
}

int template_parse(const char *path, const char *text, size_t len,
		   const struct locale *known, struct template *t, FILE *errs)
{
	struct parser p;
	size_t i = 0, n;

	memset(&p, 0, sizeof p);
	memset(t, 0, sizeof *t);
	snprintf(t->path, sizeof t->path, "%s", path);
	p.path = path;
	p.errs = errs;
	p.known = known;
	p.stack[0].tail = &t->root;
	strbuf_init(&p.lit, 8192);
	if (len > TEMPLATE_MAX_SIZE) {
		p.line = 1;
		perr(&p, 1, "larger than %d bytes", TEMPLATE_MAX_SIZE);
		len = 0;
	}
	while (i < len && !p.stop) {
		const char *nl = memchr(text + i, '\n', len - i);

		n = nl != NULL ? (size_t)(nl - (text + i)) : len - i;
		p.line++;
		one_line(&p, text + i, n);
		i += n + 1;
	}
	for (; p.depth > 0 && !p.stop; p.depth--) {
		struct template_node *o = p.stack[p.depth].node;

		p.line = o->line;
		if (o->kind == TN_EACH)
			perr(&p, o->col, "unclosed {{#each %s}}",
			     o->var == TL_VIDEOS ? "videos" : "lines");
		else
			perr(&p, o->col, "unclosed {{#if}}");
	}
	strbuf_cleanup(&p.lit);
	return p.nerr;
}
