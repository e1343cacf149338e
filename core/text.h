/* Untrusted text (order fields, scans) is made safe where it leaves the
 * program: no C0 control byte, no DEL, no C1 control, valid UTF-8 only.
 * An order note must not be able to cut paper or rewrite a screen. */
#ifndef PACKDESK_TEXT_H
#define PACKDESK_TEXT_H

#include <stddef.h>

#include "strbuf.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s[0..n) does not
 * start with one. */
size_t text_utf8_len(const unsigned char *s, size_t n);
/* 1 when s[0..n) is entirely valid UTF-8. */
int text_utf8_valid(const char *s, size_t n);
/* Decodes one valid sequence at s (see text_utf8_len) into a code point. */
unsigned text_utf8_decode(const unsigned char *s, size_t len);

/* Appends s with control characters neutralised: tabs and line breaks become
 * one space, other controls (C0, DEL, C1) and invalid bytes are dropped as
 * U+FFFD would be garbage on paper; runs of spaces collapse. -1 when sb is
 * full. */
int text_sanitize(struct strbuf *sb, const char *s);
/* Copies a sanitised s into out (truncated at a character boundary). */
void text_sanitize_into(char *out, size_t outsz, const char *s);

/* Width in printer columns of valid UTF-8 text: East Asian wide characters
 * take two. */
size_t text_columns(const char *s);
/* The same for one code point: 2 for East Asian wide, else 1. */
int text_char_columns(unsigned cp);
/* Writes cp as UTF-8 into out (at least 5 bytes, NUL-terminated); returns
 * its length, 0 for a surrogate or a code point past U+10FFFF. */
size_t text_utf8_encode(unsigned cp, char *out);

#endif
