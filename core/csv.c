#include "csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

struct csv_pos {
	size_t off; /* into data.buf */
	size_t len;
	unsigned long line;
};

enum { ST_FRESH, ST_READING, ST_EOF, ST_FAILED };

struct csv_reader {
	FILE *in;
	unsigned flags;
	size_t max_field;
	size_t max_fields;
	int state;

	/* Enough to undo a partial byte order mark plus one CR look-ahead. */
	int push[4];
	int npush;
	unsigned long line; /* physical line of the next byte */

	/* The current record: every field's bytes and a NUL, back to back, so
	 * the steady state allocates nothing. */
	struct strbuf data;
	struct csv_pos *fields;
	size_t nfields;
	size_t fields_cap;
	unsigned long rec_line;
	size_t flen; /* bytes of the field being read */
	int nomem;

	int bad;
	unsigned long err_line;
	char errmsg[128];
};

struct csv_reader *csv_new(FILE *in, unsigned flags,
			   const struct csv_limits *lim)
{
	struct csv_reader *r;

	r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->in = in;
	r->flags = flags;
	r->max_field = lim != NULL && lim->max_field != 0 ? lim->max_field
							   : CSV_MAX_FIELD;
	r->max_fields = lim != NULL && lim->max_fields != 0 ? lim->max_fields
							    : CSV_MAX_FIELDS;
	strbuf_init(&r->data, lim != NULL && lim->max_record != 0
				      ? lim->max_record
				      : CSV_MAX_RECORD);
	r->state = ST_FRESH;
	r->line = 1;
	return r;
}

void csv_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	strbuf_cleanup(&r->data);
	free(r->fields);
	free(r);
}

static inline int next(struct csv_reader *r)
{
	if (r->npush > 0)
		return r->push[--r->npush];
	return getc_unlocked(r->in);
}

static void unget(struct csv_reader *r, int c)
{
	if (c != EOF)
		r->push[r->npush++] = c;
}

/* Consumes the LF of a CRLF pair, so that CR, LF and CRLF all count as one
 * line break. */
static void after_cr(struct csv_reader *r)
{
	int c = next(r);

	if (c != '\n')
		unget(r, c);
	r->line++;
}

static void skip_bom(struct csv_reader *r)
{
	int c1, c2, c3;

	c1 = next(r);
	if (c1 != 0xEF) {
		unget(r, c1);
		return;
	}
	c2 = next(r);
	if (c2 != 0xBB) {
		unget(r, c2);
		unget(r, c1);
		return;
	}
	c3 = next(r);
	if (c3 != 0xBF) {
		unget(r, c3);
		unget(r, c2);
		unget(r, c1);
	}
}

/* Only the first problem of a record is kept: later ones are usually
 * consequences of it. */
__attribute__((format(printf, 3, 4))) static void
bad(struct csv_reader *r, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (r->bad)
		return;
	r->bad = 1;
	r->err_line = line;
	va_start(ap, fmt);
	vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
	va_end(ap);
}

static void store(struct csv_reader *r, int c)
{
	struct strbuf *sb = &r->data;

	/* The common case without a call: there is room for c and a NUL. */
	if (sb->len + 1 < sb->cap && sb->len < sb->max) {
		sb->buf[sb->len++] = (char)c;
		sb->buf[sb->len] = '\0';
		return;
	}
	if (sb->len >= sb->max) {
		bad(r, r->rec_line, "record longer than %zu bytes", sb->max);
		return;
	}
	if (strbuf_addc(sb, c) != 0)
		r->nomem = 1;
}

/* Once a record is bad its bytes are dropped: it will not be returned, and
 * a runaway field must not grow the buffer. */
static void put(struct csv_reader *r, int c, unsigned long field_line)
{
	if (r->bad || r->nomem)
		return;
	if (r->flen >= r->max_field) {
		bad(r, field_line, "field longer than %zu bytes", r->max_field);
		return;
	}
	r->flen++;
	store(r, c);
}

static void end_field(struct csv_reader *r, unsigned long field_line)
{
	struct csv_pos *p;
	size_t cap;

	if (r->bad || r->nomem)
		return;
	if (r->nfields >= r->max_fields) {
		bad(r, r->rec_line, "more than %zu fields", r->max_fields);
		return;
	}
	if (r->nfields == r->fields_cap) {
		cap = r->fields_cap != 0 ? r->fields_cap * 2 : 32;
		if (cap > r->max_fields)
			cap = r->max_fields;
		p = realloc(r->fields, cap * sizeof *p);
		if (p == NULL) {
			r->nomem = 1;
			return;
		}
		r->fields = p;
		r->fields_cap = cap;
	}
	p = &r->fields[r->nfields++];
	p->len = r->flen;
	p->off = r->data.len - r->flen;
	p->line = field_line;
	store(r, '\0');
}

/* Reads one field starting with byte c; returns the byte that ended it
 * (',', '\r', '\n' or EOF). */
static int read_field(struct csv_reader *r, int c)
{
	unsigned long field_line = r->line;

	r->flen = 0;
	if (c == '"') {
		for (;;) {
			c = next(r);
			if (c == EOF) {
				bad(r, field_line,
				    "quoted field is never closed");
				break;
			}
			if (c == '"') {
				c = next(r);
				if (c != '"')
					break;
			} else if (c == '\r') {
				put(r, c, field_line);
				c = next(r);
				if (c != '\n') {
					unget(r, c);
					r->line++;
					continue;
				}
			}
			if (c == '\n')
				r->line++;
			if (c == '\0')
				bad(r, r->line, "NUL byte");
			else
				put(r, c, field_line);
		}
		if (c != ',' && c != '\r' && c != '\n' && c != EOF)
			bad(r, r->line, "character after closing quote");
	}
	/* Also the recovery after a closing quote: the rest reads as plain
	 * text up to the next separator. */
	while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
		if (c == '"')
			bad(r, r->line, "stray quote in unquoted field");
		else if (c == '\0')
			bad(r, r->line, "NUL byte");
		else
			put(r, c, field_line);
		c = next(r);
	}
	end_field(r, field_line);
	return c;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(struct csv_reader *r)
{
	struct csv_pos *p;
	char *s;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		p = &r->fields[i];
		s = r->data.buf + p->off;
		while (p->len > 0 && is_blank(s[p->len - 1]))
			p->len--;
		s[p->len] = '\0';
		while (p->len > 0 && is_blank(*s)) {
			s++;
			p->off++;
			p->len--;
		}
	}
}

/* Names the line of the first invalid byte, which in a multi-line field
 * is not the line the field starts on. */
static void check_utf8(struct csv_reader *r)
{
	const unsigned char *s;
	unsigned long line;
	size_t i, j, n;

	for (i = 0; i < r->nfields; i++) {
		s = (const unsigned char *)r->data.buf + r->fields[i].off;
		line = r->fields[i].line;
		for (j = 0; j < r->fields[i].len; j += n) {
			n = text_utf8_len(s + j, r->fields[i].len - j);
			if (n == 0) {
				bad(r, line, "invalid UTF-8 in field %zu",
				    i + 1);
				return;
			}
			if (s[j] == '\n' ||
			    (s[j] == '\r' && s[j + 1] != '\n'))
				line++;
		}
	}
}

int csv_read(struct csv_reader *r, struct err *e)
{
	int c;

	if (r->state == ST_EOF)
		return CSV_EOF;
	if (r->state == ST_FAILED)
		return err_set(e, "CSV reader already failed");
	if (r->state == ST_FRESH) {
		skip_bom(r);
		r->state = ST_READING;
	}
	strbuf_reset(&r->data);
	r->nfields = 0;
	r->bad = 0;
	r->errmsg[0] = '\0';

	for (;;) {
		c = next(r);
		if (c == '\n')
			r->line++;
		else if (c == '\r')
			after_cr(r);
		else
			break;
	}
	r->rec_line = r->line;
	if (c != EOF) {
		for (;;) {
			c = read_field(r, c);
			if (c != ',')
				break;
			c = next(r);
		}
		if (c == '\n')
			r->line++;
		else if (c == '\r')
			after_cr(r);
	}
	if (c == EOF && ferror(r->in)) {
		r->state = ST_FAILED;
		return err_sys(e, "reading CSV");
	}
	if (r->nomem) {
		r->state = ST_FAILED;
		return err_set(e, "reading CSV: out of memory");
	}
	if (c == EOF) {
		r->state = ST_EOF;
		if (r->nfields == 0 && !r->bad)
			return CSV_EOF;
	}
	if (!r->bad && (r->flags & CSV_TRIM))
		trim(r);
	if (!r->bad && (r->flags & CSV_UTF8))
		check_utf8(r);
	if (r->bad) {
		r->nfields = 0;
		/* EOF inside a bad record: the next call reports the end. */
		return CSV_BAD;
	}
	return CSV_RECORD;
}

size_t csv_nfields(const struct csv_reader *r)
{
	return r->nfields;
}

const char *csv_field(const struct csv_reader *r, size_t i)
{
	if (i >= r->nfields)
		return "";
	return r->data.buf + r->fields[i].off;
}

size_t csv_field_len(const struct csv_reader *r, size_t i)
{
	return i < r->nfields ? r->fields[i].len : 0;
}

unsigned long csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

unsigned long csv_field_line(const struct csv_reader *r, size_t i)
{
	return i < r->nfields ? r->fields[i].line : r->rec_line;
}

const char *csv_error(const struct csv_reader *r)
{
	return r->errmsg;
}

unsigned long csv_error_line(const struct csv_reader *r)
{
	return r->err_line;
}

const char *csv_quote(char *out, size_t outsz, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, n, rem = strlen(s), need, k;
	char piece[16];
	unsigned cp;

	out[o++] = '"';
	while (rem > 0) {
		n = text_utf8_len(p, rem);
		cp = n != 0 ? text_utf8_decode(p, n) : 0x80;
		if (n == 0 || cp < 0x20 || cp == 0x7F ||
		    (cp >= 0x80 && cp < 0xA0)) {
			/* Each byte of an invalid or control sequence. */
			n = n != 0 ? n : 1;
			need = 0;
			for (k = 0; k < n; k++)
				need += (size_t)snprintf(piece + need,
							 sizeof piece - need,
							 "\\x%02X", p[k]);
		} else if (cp == '"' || cp == '\\') {
			piece[0] = '\\';
			piece[1] = (char)cp;
			need = 2;
		} else {
			memcpy(piece, p, n);
			need = n;
		}
		/* The last piece needs room for the closing quote and the
		 * NUL only; any other also for a "..." after it. */
		if (o + need + (rem == n ? 2 : 5) > outsz) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, piece, need);
		o += need;
		p += n;
		rem -= n;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}
