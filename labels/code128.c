/* Code 128 symbol values and bar patterns (ISO/IEC 15417) for GS k 73. */
#include "code128.h"

#include <string.h>

enum set { SET_A, SET_B, SET_C };

/* Symbol values of the special characters; the same value means different
 * things per set (101 is FNC4 in A but "switch to A" in B and C). */
enum {
	V_FNC3 = 96,
	V_FNC2 = 97,
	V_SHIFT = 98,
	V_CODE_C = 99,
	V_CODE_B = 100, /* FNC4 in set B */
	V_CODE_A = 101, /* FNC4 in set A */
	V_FNC1 = 102,
	V_START_A = 103,
};

/* Element widths, bar first; every symbol sums to 11 modules. */
static const char patterns[107][8] = {
    "212222", "222122",	 "222221", "121223", "121322", "131222", "122213",
    "122312", "132212",	 "221213", "221312", "231212", "112232", "122132",
    "122231", "113222",	 "123122", "123221", "223211", "221132", "221231",
    "213212", "223112",	 "312131", "311222", "321122", "321221", "312212",
    "322112", "322211",	 "212123", "212321", "232121", "111323", "131123",
    "131321", "112313",	 "132113", "132311", "211313", "231113", "231311",
    "112133", "112331",	 "132131", "113123", "113321", "133121", "313121",
    "211331", "231131",	 "213113", "213311", "213131", "311123", "311321",
    "331121", "312113",	 "312311", "332111", "314111", "221411", "431111",
    "111224", "111422",	 "121124", "121421", "141122", "141221", "112214",
    "112412", "122114",	 "122411", "142112", "142211", "241211", "221114",
    "413111", "241112",	 "134111", "111242", "121142", "121241", "114212",
    "124112", "124211",	 "411212", "421112", "421211", "212141", "214121",
    "412121", "111143",	 "111341", "131141", "114113", "114311", "411113",
    "411311", "113141",	 "114131", "311141", "411131", "211412", "211214",
    "211232", "2331112",
};

struct enc {
	struct code128 *c;
	const unsigned char *data;
	size_t len, pos;
	enum set set;
	int shifted; /* the next data character is in the other of A/B */
	size_t nhri;
	struct err *err;
};

static void put(struct enc *e, int value)
{
	/* Cannot overflow: each value consumes at least one data byte. */
	e->c->values[e->c->nvalues++] = (unsigned char)value;
}

static void put_hri(struct enc *e, char ch)
{
	e->c->hri[e->nhri++] = ch;
}

static int data_char(struct enc *e, unsigned char ch)
{
	enum set set = e->set;

	if (e->shifted)
		set = set == SET_A ? SET_B : SET_A;
	e->shifted = 0;
	if (set == SET_C) {
		if (ch > 99)
			return err_set(e->err,
				       "code128: byte %u is not a set C "
				       "value (0-99)",
				       ch);
		put(e, ch);
		put_hri(e, (char)('0' + ch / 10));
		put_hri(e, (char)('0' + ch % 10));
		return 0;
	}
	if (set == SET_A && ch <= 0x5f) {
		put(e, ch < 0x20 ? ch + 64 : ch - 32);
		put_hri(e, ch < 0x20 ? ' ' : (char)ch);
		return 0;
	}
	if (set == SET_B && ch >= 0x20 && ch <= 0x7f) {
		put(e, ch - 32);
		put_hri(e, ch == 0x7f ? ' ' : (char)ch);
		return 0;
	}
	return err_set(e->err, "code128: byte 0x%02x not in code set %c", ch,
		       set == SET_A ? 'A' : 'B');
}

static int switch_set(struct enc *e, enum set to)
{
	static const int value[] = {V_CODE_A, V_CODE_B, V_CODE_C};

	if (to == e->set)
		return err_set(e->err, "code128: already in code set %c",
			       "ABC"[to]);
	put(e, value[to]);
	e->set = to;
	return 0;
}

/* FNC2-4 and shift exist only in sets A and B. */
static int special_ab(struct enc *e, unsigned char esc, int value)
{
	if (e->set == SET_C)
		return err_set(e->err, "code128: {%c is not allowed in set C",
			       esc);
	put(e, value);
	return 0;
}

static int escape(struct enc *e, unsigned char esc)
{
	if (e->shifted && esc != '{')
		return err_set(e->err, "code128: {S must precede a character");
	switch (esc) {
	case 'A':
	case 'B':
	case 'C':
		return switch_set(e, (enum set)(esc - 'A'));
	case '1':
		put(e, V_FNC1);
		return 0;
	case '2':
		return special_ab(e, esc, V_FNC2);
	case '3':
		return special_ab(e, esc, V_FNC3);
	case '4':
		return special_ab(e, esc,
				  e->set == SET_A ? V_CODE_A : V_CODE_B);
	case 'S':
		if (special_ab(e, esc, V_SHIFT) < 0)
			return ERR_FAIL;
		e->shifted = 1;
		return 0;
	case '{':
		return data_char(e, '{');
	}
	return err_set(e->err, "code128: unknown escape {%c (0x%02x)",
		       esc >= 0x20 && esc < 0x7f ? esc : '?', esc);
}

static int start(struct enc *e)
{
	const unsigned char *d = e->data;

	if (e->len < 2 || d[0] != '{' || d[1] < 'A' || d[1] > 'C')
		return err_set(e->err,
			       "code128: data must begin with {A, {B or {C");
	e->set = (enum set)(d[1] - 'A');
	put(e, V_START_A + (int)e->set);
	e->pos = 2;
	return 0;
}

static void finish(struct code128 *c)
{
	int sum = c->values[0], i;

	for (i = 1; i < c->nvalues; i++)
		sum += i * c->values[i];
	c->values[c->nvalues++] = (unsigned char)(sum % 103);
	c->values[c->nvalues++] = CODE128_STOP;
}

int code128_encode(struct code128 *c, const unsigned char *data, size_t len,
		   struct err *err)
{
	struct enc e = {.c = c, .data = data, .len = len, .err = err};

	c->nvalues = 0;
	c->hri[0] = '\0';
	if (len > CODE128_MAX_DATA)
		return err_set(err, "code128: %zu data bytes, at most %d", len,
			       CODE128_MAX_DATA);
	if (start(&e) < 0)
		return ERR_FAIL;
	while (e.pos < len) {
		unsigned char ch = data[e.pos++];
		int rc;

		if (ch != '{')
			rc = data_char(&e, ch);
		else if (e.pos < len)
			rc = escape(&e, data[e.pos++]);
		else
			rc =
			    err_set(err, "code128: data ends inside an escape");
		if (rc < 0)
			return ERR_FAIL;
	}
	if (e.shifted)
		return err_set(err, "code128: data ends after {S");
	finish(c);
	c->hri[e.nhri] = '\0';
	return 0;
}

int code128_modules(const struct code128 *c)
{
	if (c->nvalues < 1)
		return 0;
	return (c->nvalues - 1) * CODE128_SYMBOL_MODULES + CODE128_STOP_MODULES;
}

int code128_measure(const unsigned char *data, size_t len, struct err *err)
{
	struct code128 c;

	if (code128_encode(&c, data, len, err) < 0)
		return ERR_FAIL;
	return code128_modules(&c);
}

int code128_pattern(int value, unsigned char widths[7])
{
	int n, i;

	if (value < 0 || value > CODE128_STOP)
		return 0;
	n = (int)strlen(patterns[value]);
	for (i = 0; i < n; i++)
		widths[i] = (unsigned char)(patterns[value][i] - '0');
	return n;
}
