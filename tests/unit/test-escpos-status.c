/* DLE EOT status: every bit of Epson's table (TM-T20/T88) through the
 * decoder, one row each, then the rows that combine faults to show which
 * one the packer is told about first; and which bytes count as answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escpos-status.h"

/* All OK: bits 1 and 4 are always set in an answer. */
#define OK 0x12

static const struct {
	const char *what;
	unsigned char r[4]; /* answers to n = 1, 2, 3, 4 */
	enum printer_state want;
} decode_cases[] = {
	{"all ready", {OK, OK, OK, OK}, PRINTER_READY},
	/* n = 1, printer status */
	{"n1 b2 drawer pin 3 high", {OK | 0x04, OK, OK, OK}, PRINTER_READY},
	{"n1 b3 offline", {OK | 0x08, OK, OK, OK}, PRINTER_OFFLINE},
	/* Waiting for online recovery comes with b3 on the models that
	 * report it; alone it is not acted on. */
	{"n1 b5 waiting for recovery", {OK | 0x20, OK, OK, OK}, PRINTER_READY},
	/* n = 2, offline cause */
	{"n2 b2 cover open", {OK | 0x08, OK | 0x04, OK, OK},
	 PRINTER_COVER_OPEN},
	{"n2 b2 alone", {OK, OK | 0x04, OK, OK}, PRINTER_COVER_OPEN},
	/* Paper is being fed by the button: offline by n = 1 only. */
	{"n2 b3 feed button", {OK, OK | 0x08, OK, OK}, PRINTER_READY},
	{"n2 b3 feed button, offline", {OK | 0x08, OK | 0x08, OK, OK},
	 PRINTER_OFFLINE},
	{"n2 b5 stopped at paper end", {OK | 0x08, OK | 0x20, OK, OK},
	 PRINTER_PAPER_OUT},
	{"n2 b6 error", {OK | 0x08, OK | 0x40, OK, OK}, PRINTER_OFFLINE},
	{"n2 b6 alone", {OK, OK | 0x40, OK, OK}, PRINTER_OFFLINE},
	/* n = 3, error cause */
	{"n3 b2 mechanical error", {OK | 0x08, OK | 0x40, OK | 0x04, OK},
	 PRINTER_OFFLINE},
	{"n3 b2 alone", {OK, OK, OK | 0x04, OK}, PRINTER_OFFLINE},
	{"n3 b3 cutter", {OK | 0x08, OK | 0x40, OK | 0x08, OK},
	 PRINTER_CUTTER_ERROR},
	{"n3 b3 alone", {OK, OK, OK | 0x08, OK}, PRINTER_CUTTER_ERROR},
	{"n3 b5 unrecoverable", {OK | 0x08, OK | 0x40, OK | 0x20, OK},
	 PRINTER_UNRECOVERABLE},
	{"n3 b5 alone", {OK, OK, OK | 0x20, OK}, PRINTER_UNRECOVERABLE},
	{"n3 b6 auto-recoverable (head hot)",
	 {OK | 0x08, OK | 0x40, OK | 0x40, OK}, PRINTER_OFFLINE},
	{"n3 b6 alone", {OK, OK, OK | 0x40, OK}, PRINTER_OFFLINE},
	/* n = 4, paper roll sensor: both bits of each pair, and each bit */
	{"n4 near end 0C", {OK, OK, OK, OK | 0x0C}, PRINTER_PAPER_NEAR_END},
	{"n4 near end b2", {OK, OK, OK, OK | 0x04}, PRINTER_PAPER_NEAR_END},
	{"n4 near end b3", {OK, OK, OK, OK | 0x08}, PRINTER_PAPER_NEAR_END},
	{"n4 paper out 60", {OK | 0x08, OK | 0x20, OK, OK | 0x60},
	 PRINTER_PAPER_OUT},
	{"n4 paper out b5", {OK, OK, OK, OK | 0x20}, PRINTER_PAPER_OUT},
	{"n4 paper out b6", {OK, OK, OK, OK | 0x40}, PRINTER_PAPER_OUT},
	{"n4 out and near end", {OK, OK, OK, OK | 0x6C}, PRINTER_PAPER_OUT},
	/* Several at once: the worst is told first. */
	{"every bit", {0xFF, 0xFF, 0xFF, 0xFF}, PRINTER_UNRECOVERABLE},
	{"unrecoverable over cutter", {OK, OK, OK | 0x28, OK},
	 PRINTER_UNRECOVERABLE},
	{"cutter over cover", {OK | 0x08, OK | 0x44, OK | 0x08, OK},
	 PRINTER_CUTTER_ERROR},
	{"cover over paper out", {OK | 0x08, OK | 0x24, OK, OK | 0x60},
	 PRINTER_COVER_OPEN},
	{"paper out over offline", {OK | 0x08, OK, OK, OK | 0x60},
	 PRINTER_PAPER_OUT},
	{"paper out over error", {OK | 0x08, OK | 0x60, OK, OK},
	 PRINTER_PAPER_OUT},
	{"offline over near end", {OK | 0x08, OK, OK, OK | 0x0C},
	 PRINTER_OFFLINE},
	{"drawer and near end", {OK | 0x04, OK, OK, OK | 0x0C},
	 PRINTER_PAPER_NEAR_END},
};

static void test_decode_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
		enum printer_state got = escpos_status_decode(decode_cases[i].r);

		if (got != decode_cases[i].want)
			fail_msg("%s: %02X %02X %02X %02X gave %s, want %s",
				 decode_cases[i].what, decode_cases[i].r[0],
				 decode_cases[i].r[1], decode_cases[i].r[2],
				 decode_cases[i].r[3], printer_state_name(got),
				 printer_state_name(decode_cases[i].want));
	}
}

/* Each single bit of each answer on its own: the bits that mean nothing
 * (0, 1, 4, 7 are fixed; n1 b2, b5 and n2 b3 are not faults) leave the
 * printer ready, every other one is a fault or a warning. */
static void test_each_bit_alone(void **state)
{
	/* want[n][bit], PRINTER_READY where the bit is not acted on */
	static const enum printer_state want[4][8] = {
		{[3] = PRINTER_OFFLINE},
		{[2] = PRINTER_COVER_OPEN,
		 [5] = PRINTER_PAPER_OUT,
		 [6] = PRINTER_OFFLINE},
		{[2] = PRINTER_OFFLINE,
		 [3] = PRINTER_CUTTER_ERROR,
		 [5] = PRINTER_UNRECOVERABLE,
		 [6] = PRINTER_OFFLINE},
		{[2] = PRINTER_PAPER_NEAR_END,
		 [3] = PRINTER_PAPER_NEAR_END,
		 [5] = PRINTER_PAPER_OUT,
		 [6] = PRINTER_PAPER_OUT},
	};
	int n, bit;

	for (n = 0; n < 4; n++) {
		for (bit = 0; bit < 8; bit++) {
			unsigned char r[4] = {OK, OK, OK, OK};
			enum printer_state got;

			r[n] |= (unsigned char)(1u << bit);
			got = escpos_status_decode(r);
			if (got != want[n][bit])
				fail_msg("n=%d bit %d: gave %s, want %s", n + 1,
					 bit, printer_state_name(got),
					 printer_state_name(want[n][bit]));
		}
	}
}

static void test_reply_valid(void **state)
{
	static const struct {
		unsigned char b;
		int valid;
	} cases[] = {
		{0x12, 1}, /* all OK */
		{0x1A, 1}, /* offline */
		{0x16, 1}, /* cover open (n = 2) */
		{0x32, 1}, /* paper end stop (n = 2) */
		{0x52, 1}, /* error (n = 2) */
		{0x72, 1}, /* paper out (n = 4) */
		{0x7E, 1}, /* every variable bit */
		{0x00, 0}, /* a parity error reads as 00 */
		{0x10, 0}, /* DLE: our own request echoed; also ASB byte 1 */
		{0x04, 0}, /* EOT */
		{0x01, 0}, /* the n of a request */
		{0x11, 0}, /* XON */
		{0x13, 0}, /* XOFF */
		{0x02, 0}, /* bit 4 clear: a GS r answer */
		{0x92, 0}, /* bit 7 set */
		{0x33, 0}, /* bit 0 set */
		{0xFF, 0},
	};
	size_t i;
	int b;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (escpos_status_reply_valid(cases[i].b) != cases[i].valid)
			fail_msg("%02X: want %s", cases[i].b,
				 cases[i].valid ? "valid" : "invalid");
	/* And every byte by the rule itself: b1 and b4 set, b0 and b7
	 * clear. */
	for (b = 0; b < 256; b++) {
		int want = (b & 0x02) && (b & 0x10) && !(b & 0x01) &&
			   !(b & 0x80);

		if (!escpos_status_reply_valid((unsigned char)b) != !want)
			fail_msg("%02X: want %s", b,
				 want ? "valid" : "invalid");
	}
}

static void test_requests(void **state)
{
	int n;

	for (n = 1; n <= ESCPOS_STATUS_REQUESTS; n++) {
		const unsigned char *r = escpos_status_request(n);

		assert_int_equal(r[0], 0x10);
		assert_int_equal(r[1], 0x04);
		assert_int_equal(r[2], n);
	}
	/* Out of range asks for the printer status (n = 1), never sends a
	 * byte the printer would take as data. */
	assert_int_equal(escpos_status_request(0)[2], 1);
	assert_int_equal(escpos_status_request(5)[2], 1);
	assert_int_equal(escpos_status_request(-1)[2], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_each_bit_alone),
		cmocka_unit_test(test_reply_valid),
		cmocka_unit_test(test_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
