/* Code 128 as ESC/POS GS k 73 sends it: the data begins with {A, {B or {C
 * and may hold code-set switches ({A {B {C), {1 FNC1, {2 FNC2, {3 FNC3,
 * {4 FNC4, {S shift and {{ for a literal '{'. In set C each byte is a value
 * 0-99. The printer (and our virtual printer) computes the check digit. */
#ifndef PACKDESK_CODE128_H
#define PACKDESK_CODE128_H

#include <stddef.h>

#include "err.h"

/* GS k 73 n: n is one byte, so the data is at most 255 bytes. */
#define CODE128_MAX_DATA 255
/* Start + at most one value per remaining data byte + check + stop. */
#define CODE128_MAX_VALUES (CODE128_MAX_DATA + 2)
/* A set-C byte prints as two digits. */
#define CODE128_MAX_HRI (2 * CODE128_MAX_DATA + 1)

/* Every symbol is 11 modules wide, the stop 13 (its final 2-module bar). */
#define CODE128_SYMBOL_MODULES 11
#define CODE128_STOP_MODULES 13
#define CODE128_STOP 106

struct code128 {
	unsigned char values[CODE128_MAX_VALUES]; /* start .. check, stop */
	int nvalues;
	char hri[CODE128_MAX_HRI]; /* human-readable text, NUL-terminated */
};

/* Parses GS k 73 data into symbol values with check digit and stop, and the
 * text a printer shows as HRI (escapes and set switches are not shown). */
int code128_encode(struct code128 *c, const unsigned char *data, size_t len,
		   struct err *err);

/* The symbol's width in modules, without quiet zones; multiply by GS w. */
int code128_modules(const struct code128 *c);

/* For encoders: the width in modules of GS k 73 data, or -1 (err set) if the
 * printer would reject it. A barcode wider than the paper is not printed. */
int code128_measure(const unsigned char *data, size_t len, struct err *err);

/* Bar and space widths in modules of one symbol value, bar first: returns
 * the count (6, or 7 for the stop), 0 for a value outside 0-106. */
int code128_pattern(int value, unsigned char widths[7]);

#endif
