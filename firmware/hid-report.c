#include "hid-report.h"

#include <string.h>

/* Boot report byte 0: bit 0 LCtrl, 1 LShift, 2 LAlt, 3 LGUI, 4 RCtrl,
 * 5 RShift, 6 RAlt (AltGr), 7 RGUI. */
#define MOD_CTRL 0x11
#define MOD_SHIFT 0x22
#define MOD_ALT 0x44

/* Keyboard usage page 0x07 (HID Usage Tables 1.12 §10), US layout. */
#define KEY_ERROR_LAST 0x03 /* 01 rollover, 02 POST fail, 03 undefined */
#define KEY_A 0x04
#define KEY_SLASH 0x38
#define KEY_RBRACKET 0x30
#define KEY_KP_1 0x59
#define KEY_KP_0 0x62

/* Usages 0x04 (a) to 0x38 (/): unshifted and shifted character; 0 for
 * keys that make none (Escape, Backspace). Enter sends CR, as scanners'
 * default suffix does. 0x32 is the non-US # key, which Linux maps to the
 * US backslash key. */
static const char us_keys[KEY_SLASH - KEY_A + 1][2] = {
    {'a', 'A'},	  {'b', 'B'},  {'c', 'C'}, {'d', 'D'}, {'e', 'E'}, {'f', 'F'},
    {'g', 'G'},	  {'h', 'H'},  {'i', 'I'}, {'j', 'J'}, {'k', 'K'}, {'l', 'L'},
    {'m', 'M'},	  {'n', 'N'},  {'o', 'O'}, {'p', 'P'}, {'q', 'Q'}, {'r', 'R'},
    {'s', 'S'},	  {'t', 'T'},  {'u', 'U'}, {'v', 'V'}, {'w', 'W'}, {'x', 'X'},
    {'y', 'Y'},	  {'z', 'Z'}, /* 04-1D */
    {'1', '!'},	  {'2', '@'},  {'3', '#'}, {'4', '$'}, {'5', '%'}, {'6', '^'},
    {'7', '&'},	  {'8', '*'},  {'9', '('}, {'0', ')'}, /* 1E-27 */
    {'\r', '\r'},				       /* 28 Enter */
    {0, 0},					       /* 29 Escape */
    {0, 0},					       /* 2A Backspace */
    {'\t', '\t'},				       /* 2B Tab */
    {' ', ' '},					       /* 2C Space */
    {'-', '_'},	  {'=', '+'},  {'[', '{'}, {']', '}'}, /* 2D-30 */
    {'\\', '|'},  {'\\', '|'},			       /* 31, 32 */
    {';', ':'},	  {'\'', '"'}, {'`', '~'},	       /* 33-35 */
    {',', '<'},	  {'.', '>'},  {'/', '?'},	       /* 36-38 */
};

/* Keypad usages 0x54-0x63 with Num Lock on (scanners that use the
 * keypad expect it): / * - + Enter 1-9 0 . */
static const char keypad[] = "/*-+\r1234567890.";
#define KEY_KP_FIRST 0x54
#define KEY_KP_LAST 0x63

/* Alt codes are typed as at most 3 decimal digits (4 with a leading 0);
 * only ASCII codes mean the same in every code page. */
#define ALT_DIGITS_MAX 4
#define ALT_CODE_MAX 127

void hid_report_boot_init(struct hid_boot *b)
{
	memset(b, 0, sizeof *b);
}

static int held(const unsigned char keys[6], unsigned char k)
{
	return memchr(keys, k, 6) != NULL;
}

/* The character a newly pressed key makes, or 0. */
static char key_char(unsigned char k, unsigned mods)
{
	if (mods & MOD_ALT)
		return 0; /* AltGr and Alt combinations: not US characters */
	if (mods & MOD_CTRL)
		/* Ctrl+] is GS (0x1D), how wedges send GS1 separators. */
		return k == KEY_RBRACKET ? 0x1d : 0;
	if (k >= KEY_A && k <= KEY_SLASH)
		return us_keys[k - KEY_A][(mods & MOD_SHIFT) != 0];
	if (k >= KEY_KP_FIRST && k <= KEY_KP_LAST)
		return keypad[k - KEY_KP_FIRST];
	return 0;
}

int hid_report_boot(struct hid_boot *b, const unsigned char *r, size_t n,
		    char out[HID_BOOT_OUT_MAX], size_t *got)
{
	const unsigned char *keys;
	unsigned mods;
	size_t i;
	char c;

	*got = 0;
	if (r == NULL || n != HID_BOOT_REPORT_LEN)
		return HID_REPORT_BAD;
	mods = r[0];
	keys = r + 2; /* byte 1 is reserved */
	for (i = 0; i < 6; i++)
		if (keys[i] != 0 && keys[i] <= KEY_ERROR_LAST)
			return HID_REPORT_IGNORED;
	/* Alt released: the code typed on the keypad is the character. */
	if ((b->mods & MOD_ALT) && !(mods & MOD_ALT) && b->alt_digits > 0) {
		if (b->alt_digits <= ALT_DIGITS_MAX && b->alt_code > 0 &&
		    b->alt_code <= ALT_CODE_MAX)
			out[(*got)++] = (char)b->alt_code;
		b->alt_digits = 0;
		b->alt_code = 0;
	}
	for (i = 0; i < 6; i++) {
		unsigned char k = keys[i];

		/* Held since the last report, or twice in this one. */
		if (k == 0 || held(b->keys, k) || memchr(keys, k, i) != NULL)
			continue;
		if ((mods & MOD_ALT) && k >= KEY_KP_1 && k <= KEY_KP_0) {
			b->alt_code = b->alt_code * 10 +
				      (k == KEY_KP_0 ? 0u : k - KEY_KP_1 + 1u);
			if (b->alt_digits <= ALT_DIGITS_MAX)
				b->alt_digits++;
			if (b->alt_code > 9999)
				b->alt_code =
				    9999; /* bounded; too big anyway */
			continue;
		}
		c = key_char(k, mods);
		if (c != 0)
			out[(*got)++] = c;
	}
	b->mods = (unsigned char)mods;
	memcpy(b->keys, keys, sizeof b->keys);
	return HID_REPORT_OK;
}

void hid_report_pos_init(struct hid_pos *p)
{
	memset(p, 0, sizeof *p);
}

#define POS_REPORT_ID 0x02
#define POS_HEADER 5 /* report ID, count, 3 bytes AIM ID */

static int aim_ok(const unsigned char *a)
{
	return a[0] == ']' && a[1] > ' ' && a[1] <= '~' && a[2] > ' ' &&
	       a[2] <= '~';
}

int hid_report_pos(struct hid_pos *p, const unsigned char *r, size_t n,
		   const unsigned char **out, size_t *got)
{
	size_t count, room;

	*out = NULL;
	*got = 0;
	if (r == NULL || n == 0)
		return HID_REPORT_BAD;
	if (r[0] != POS_REPORT_ID)
		return HID_REPORT_IGNORED; /* status or feature reports */
	/* The count must leave the last byte (the more-follows flag) out. */
	if (n < POS_HEADER + 1 || r[1] > n - POS_HEADER - 1) {
		hid_report_pos_init(p);
		return HID_REPORT_BAD;
	}
	count = r[1];
	if (!p->open) {
		p->len = 0;
		p->overflow = 0;
		/* Every report repeats the AIM ID; it is taken once. */
		if (aim_ok(r + 2)) {
			memcpy(p->sym, r + 2, 3);
			p->len = 3;
		}
	}
	room = sizeof p->sym - 1 - p->len; /* 1 kept for the '\r' */
	if (count > room) {
		p->overflow = 1;
		count = room;
	}
	memcpy(p->sym + p->len, r + POS_HEADER, count);
	p->len += count;
	if (r[n - 1] & 0x01) {
		p->open = 1;
		return HID_REPORT_OK;
	}
	p->sym[p->len++] = '\r';
	*out = p->sym;
	*got = p->len;
	p->open = 0;
	return HID_REPORT_OK;
}

/* Report descriptor items (HID 1.11 §6.2.2.2): a prefix byte with the
 * data size in bits 0-1 (3 means 4 bytes), the type in bits 2-3 (0 main,
 * 1 global, 2 local) and the tag in bits 4-7; 0xFE starts a long item
 * (size byte, tag byte, data). Usage Page is global tag 0; a 4-byte
 * local Usage (tag 0) carries its page in the high 16 bits. */
#define HID_USAGE_PAGE_POS 0x8c

int hid_report_desc_is_pos(const unsigned char *d, size_t n)
{
	size_t i = 0, size, j;
	unsigned long v;
	unsigned type, tag;

	while (d != NULL && i < n) {
		if (d[i] == 0xfe) {
			if (n - i < 3)
				return 0;
			i += 3 + (size_t)d[i + 1];
			continue;
		}
		size = d[i] & 3;
		if (size == 3)
			size = 4;
		if (n - i - 1 < size)
			return 0;
		type = (d[i] >> 2) & 3;
		tag = d[i] >> 4;
		for (v = 0, j = size; j > 0; j--)
			v = v << 8 | d[i + j];
		if (tag == 0 && type == 1 && v == HID_USAGE_PAGE_POS)
			return 1;
		if (tag == 0 && type == 2 && size == 4 &&
		    v >> 16 == HID_USAGE_PAGE_POS)
			return 1;
		i += 1 + size;
	}
	return 0;
}
