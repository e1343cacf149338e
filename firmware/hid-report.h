/* Decoding what a USB HID barcode scanner sends into the bytes the shared
 * framer takes: boot-keyboard reports (a keyboard wedge) and HID POS
 * reports (usage page 0x8C). Pure functions over bytes, so recorded and
 * hostile reports are tested without a device; scanner-hid.c does the
 * USB side. */
#ifndef PACKDESK_HID_REPORT_H
#define PACKDESK_HID_REPORT_H

#include <stddef.h>

/* A boot-keyboard input report: modifiers, reserved, six key usages. */
#define HID_BOOT_REPORT_LEN 8
/* The most characters one boot report yields: six new keys, or an Alt
 * code finished by releasing Alt. */
#define HID_BOOT_OUT_MAX 8
/* The longest HID POS symbol kept, AIM ID and terminator aside. Longer
 * symbols are cut here and then rejected by the framer's own limit. */
#define HID_POS_SYMBOL_MAX 1024

/* What a decoder did with a report. */
enum hid_report_result {
	HID_REPORT_OK = 0,	/* taken (it may yield no characters) */
	HID_REPORT_IGNORED = 1, /* not for us, or an error report: state
				   unchanged */
	HID_REPORT_BAD = -1,	/* malformed: dropped (and, for HID POS,
				   the symbol in progress with it) */
};

/* The previous boot report, against which new keys are found. */
struct hid_boot {
	unsigned char mods;
	unsigned char keys[6];
	/* Alt held with keypad digits: the decimal code being typed (the
	 * way wedges send GS and other bytes no key makes). */
	int alt_digits;
	unsigned alt_code;
};

void hid_report_boot_init(struct hid_boot *b);
/* Decodes one boot report of n bytes (HID_BOOT_REPORT_LEN, else BAD).
 * A key counts once, when it appears that was not in the previous
 * report; the characters (US layout) go to out, *got of them, at most
 * HID_BOOT_OUT_MAX. Keys that make no character (arrows, F-keys,
 * AltGr with a letter, Ctrl with anything but ']') are dropped. An
 * error report (a key slot holding 0x01 ErrorRollOver, 0x02 POSTFail or
 * 0x03 ErrorUndefined; rollover fills all six with 0x01) is IGNORED and
 * leaves the state as it was. */
int hid_report_boot(struct hid_boot *b, const unsigned char *r, size_t n,
		    char out[HID_BOOT_OUT_MAX], size_t *got);

/* A HID POS symbol being assembled from one or more reports. */
struct hid_pos {
	int open;     /* a report said more follow */
	int overflow; /* the symbol outgrew HID_POS_SYMBOL_MAX */
	size_t len;
	/* "]cm" + data + '\r' */
	unsigned char sym[3 + HID_POS_SYMBOL_MAX + 1];
};

void hid_report_pos_init(struct hid_pos *p);
/* Decodes one HID POS input report of n bytes, in the layout Access-IS
 * and Honeywell scanners use:
 *   byte 0      report ID 0x02 (other IDs are IGNORED);
 *   byte 1      the count of data bytes in this report;
 *   bytes 2-4   the AIM identifier "]cm" (all 0 when the scanner sends
 *               none);
 *   bytes 5..   the data;
 *   last byte   bit 0 set: more reports of this symbol follow.
 * When a report ends a symbol, *out and *got are the whole symbol: the
 * AIM ID (from its first report) then the data then '\r', so the framer
 * sees one scan with its symbology; else *got is 0. A report whose count
 * runs past the report, or into its last byte, is BAD. */
int hid_report_pos(struct hid_pos *p, const unsigned char *r, size_t n,
		   const unsigned char **out, size_t *got);

/* 1 when a HID report descriptor declares usage page 0x8C (bar code
 * scanner, HID POS Usage Tables), 0 otherwise or when it is malformed
 * before saying so. */
int hid_report_desc_is_pos(const unsigned char *d, size_t n);

#endif
