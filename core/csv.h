/* An RFC 4180 reader for the CSV files operators bring to the station
 * (Shopify exports, product lists). It reads a FILE* record by record,
 * keeps the physical line number of every record and field for error
 * messages, and puts a ceiling on every buffer: a hostile or broken file
 * costs a bounded amount of memory and yields an error, never a crash.
 *
 * Accepted: quoted fields holding commas, doubled quotes and CR, LF or CRLF
 * line breaks; CRLF, LF or bare CR record ends; a UTF-8 byte order mark at
 * the start of the file. Blank lines between records are skipped, as every
 * spreadsheet writes a trailing one now and then.
 *
 * Refused (the record is reported as bad and reading can go on with the
 * next one): a quote inside an unquoted field, a character after a closing
 * quote, a NUL byte, a field, record or field count over the ceiling, and
 * with CSV_UTF8 a field that is not valid UTF-8. A quote left open at the
 * end of the file is reported at the line where it was opened. */
#ifndef PACKDESK_CSV_H
#define PACKDESK_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Default ceilings; a zero in struct csv_limits selects these. */
#define CSV_MAX_FIELD (64 * 1024) /* bytes in one field */
#define CSV_MAX_FIELDS 512	  /* fields in one record */
#define CSV_MAX_RECORD (1024 * 1024) /* bytes in one record, all fields */

struct csv_limits {
	size_t max_field;
	size_t max_fields;
	size_t max_record;
};

/* csv_new flags. */
enum {
	CSV_UTF8 = 1 << 0, /* a field that is not valid UTF-8 is an error */
	CSV_TRIM = 1 << 1, /* strip spaces and tabs around every field */
};

/* csv_read results; ERR_FAIL (-1) is an I/O failure or out of memory. */
enum {
	CSV_EOF = 0,
	CSV_RECORD = 1, /* a record is available through csv_field() */
	CSV_BAD = 2,	/* a malformed record was consumed: see csv_error() */
};

struct csv_reader;

/* Reads from in, which stays the caller's to close. lim may be NULL.
 * Returns NULL when out of memory. */
struct csv_reader *csv_new(FILE *in, unsigned flags,
			   const struct csv_limits *lim);
void csv_free(struct csv_reader *r);

/* Reads the next record. After CSV_BAD the reader has skipped to the end of
 * the malformed record, so calling again goes on with the next one; after
 * CSV_EOF or ERR_FAIL it keeps returning the same. */
int csv_read(struct csv_reader *r, struct err *e);

/* The record just read (valid until the next csv_read). Fields are
 * NUL-terminated and never contain NUL, so they are plain C strings. A
 * field past the end of the record reads as "", so an absent optional
 * column can be passed as SIZE_MAX. */
size_t csv_nfields(const struct csv_reader *r);
const char *csv_field(const struct csv_reader *r, size_t i);
size_t csv_field_len(const struct csv_reader *r, size_t i);
/* Physical line (1-based) where the record, or field i of it, starts. */
unsigned long csv_line(const struct csv_reader *r);
unsigned long csv_field_line(const struct csv_reader *r, size_t i);

/* After CSV_BAD: why, e.g. "stray quote in unquoted field", and the line of
 * the offending byte (for an unclosed quote, where it was opened). */
const char *csv_error(const struct csv_reader *r);
unsigned long csv_error_line(const struct csv_reader *r);

/* Renders untrusted field text for a diagnostic, as "text" with \" and \\
 * escaped, control characters (C0, DEL, C1) and invalid bytes as \xNN, and
 * "..." when cut to fit out[outsz] (outsz >= 8). Returns out. */
const char *csv_quote(char *out, size_t outsz, const char *s);

#endif
