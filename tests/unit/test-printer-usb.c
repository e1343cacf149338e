/* The pure parts of the USB printer transport: the usb:VID:PID[:SERIAL]
 * target, the choice of interface and endpoints from a configuration
 * descriptor, and the IEEE 1284 device ID a printer sends back - hostile
 * descriptors and replies included. The device side is tested end to end
 * against an emulated printer (tests/e2e/test-printer-usb.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "usb-printer-id.h"

static void test_target_table(void **state)
{
	static const struct {
		const char *in;
		int ok;
		uint16_t vid, pid;
		const char *serial;
	} cases[] = {
	    {"04b8:0e28", 1, 0x04b8, 0x0e28, ""},
	    {"04B8:0E28", 1, 0x04b8, 0x0e28, ""},
	    {"0fe6:811e:ABC-123", 1, 0x0fe6, 0x811e, "ABC-123"},
	    {"0000:ffff:x", 1, 0x0000, 0xffff, "x"},
	    {"0416:5011:a:b", 1, 0x0416, 0x5011, "a:b"},
	    {"4b8:e28", 0, 0, 0, ""}, /* 4 digits each */
	    {"04b8:0e2", 0, 0, 0, ""},
	    {"04b8:0e288", 0, 0, 0, ""},
	    {"04b80e28", 0, 0, 0, ""},
	    {"04b8-0e28", 0, 0, 0, ""},
	    {"0x04:0e28", 0, 0, 0, ""},
	    {"04g8:0e28", 0, 0, 0, ""},
	    {"04b8:0e28:", 0, 0, 0, ""},    /* empty serial */
	    {"04b8:0e28:a b", 0, 0, 0, ""}, /* spaces */
	    {"04b8:0e28:\x1b[2J", 0, 0, 0, ""},
	    {"04b8:0e28:caf\xc3\xa9", 0, 0, 0, ""},
	    {"", 0, 0, 0, ""},
	    {"04b8", 0, 0, 0, ""},
	    {"04b8:", 0, 0, 0, ""},
	};
	struct usb_target t;
	struct err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&err);
		if (!cases[i].ok) {
			assert_int_equal(
			    usb_target_parse(&t, cases[i].in, "usb:X", &err),
			    -1);
			assert_non_null(strstr(err.msg, "usb:X: expected "
							"usb:VID:PID"));
			continue;
		}
		assert_int_equal(usb_target_parse(&t, cases[i].in, "u", &err),
				 0);
		assert_int_equal(t.vid, cases[i].vid);
		assert_int_equal(t.pid, cases[i].pid);
		assert_string_equal(t.serial, cases[i].serial);
	}
}

static void test_target_serial_length(void **state)
{
	char in[16 + USB_SERIAL_MAX + 8];
	struct usb_target t;

	/* 126 characters: the most a string descriptor holds. */
	memcpy(in, "04b8:0e28:", 10);
	memset(in + 10, 'S', 126);
	in[136] = '\0';
	assert_int_equal(usb_target_parse(&t, in, "u", NULL), 0);
	assert_int_equal(strlen(t.serial), 126);
	in[136] = 'S';
	in[137] = '\0';
	assert_int_equal(usb_target_parse(&t, in, "u", NULL), -1);
}

/* Descriptors built by hand, as libusb would hand them over. */
#define EP(addr, attr, mps)                                                    \
	{                                                                      \
		7, LIBUSB_DT_ENDPOINT, addr, attr, mps, 0, 0, 0, NULL, 0       \
	}
#define ALT(num, alt, cls, sub, proto, eps)                                    \
	{                                                                      \
		9, LIBUSB_DT_INTERFACE, num, alt, sizeof eps / sizeof eps[0],  \
		    cls, sub, proto, 0, eps, NULL, 0                           \
	}

static const struct libusb_endpoint_descriptor ep_tm[] = {
    EP(0x01, LIBUSB_TRANSFER_TYPE_BULK, 64),
    EP(0x82, LIBUSB_TRANSFER_TYPE_BULK, 64),
};
static const struct libusb_endpoint_descriptor ep_out_only[] = {
    EP(0x02, LIBUSB_TRANSFER_TYPE_BULK, 512),
};
static const struct libusb_endpoint_descriptor ep_in_first[] = {
    EP(0x81, LIBUSB_TRANSFER_TYPE_INTERRUPT, 8),
    EP(0x83, LIBUSB_TRANSFER_TYPE_BULK, 0x0200),
    EP(0x04, LIBUSB_TRANSFER_TYPE_BULK, 0x0200),
};
static const struct libusb_endpoint_descriptor ep_hb[] = {
    EP(0x01, LIBUSB_TRANSFER_TYPE_BULK, 0x0200),
    /* b11-12 of wMaxPacketSize are not the size; 0 means "say 64" */
    EP(0x82, LIBUSB_TRANSFER_TYPE_BULK, 0x1800 | 0x0040),
};
static const struct libusb_endpoint_descriptor ep_zero[] = {
    EP(0x01, LIBUSB_TRANSFER_TYPE_BULK, 64),
    EP(0x82, LIBUSB_TRANSFER_TYPE_BULK, 0),
};
static const struct libusb_endpoint_descriptor ep_interrupt[] = {
    EP(0x01, LIBUSB_TRANSFER_TYPE_INTERRUPT, 64),
    EP(0x82, LIBUSB_TRANSFER_TYPE_BULK, 64),
};

/* One interface with the given alternate settings. */
static struct libusb_config_descriptor config(struct libusb_interface *itf,
					      int n)
{
	struct libusb_config_descriptor c;

	memset(&c, 0, sizeof c);
	c.bLength = 9;
	c.bDescriptorType = LIBUSB_DT_CONFIG;
	c.bNumInterfaces = (uint8_t)n;
	c.bConfigurationValue = 1;
	c.interface = itf;
	return c;
}

static void test_endpoints_table(void **state)
{
	static const struct libusb_interface_descriptor
	    tm[] = {ALT(0, 0, 7, 1, 2, ep_tm)},
	    vendor[] = {ALT(0, 0, 0xff, 0, 0, ep_tm)},
	    hid[] = {ALT(0, 0, 3, 1, 1, ep_tm)},
	    oneway[] = {ALT(0, 0, 7, 1, 1, ep_out_only)},
	    /* usblp's order: protocol 1 at alt 0, 2 at alt 1, 3 at 2 */
	    alts[] = {ALT(1, 0, 7, 1, 1, ep_out_only),
		      ALT(1, 1, 7, 1, 2, ep_in_first),
		      ALT(1, 2, 7, 1, 3, ep_tm)},
	    hb[] = {ALT(0, 0, 7, 1, 2, ep_hb)},
	    zero[] = {ALT(0, 0, 7, 1, 2, ep_zero)},
	    intr[] = {ALT(0, 0, 7, 1, 2, ep_interrupt)},
	    wrongsub[] = {ALT(0, 0, 7, 2, 2, ep_tm)};
	static const struct {
		const char *name;
		const struct libusb_interface_descriptor *alt;
		int nalt;
		unsigned match;
		int ok, interface, altsetting;
		unsigned char out, in;
		unsigned packet;
	} cases[] = {
	    {"TM-T20III 7/1/2", tm, 1, USB_MATCH_PRINTER, 1, 0, 0, 0x01, 0x82,
	     64},
	    {"vendor clone named", vendor, 1, USB_MATCH_VENDOR, 1, 0, 0, 0x01,
	     0x82, 64},
	    {"vendor clone in discovery", vendor, 1, USB_MATCH_PRINTER, 0, 0, 0,
	     0, 0, 0},
	    {"HID is not a printer", hid, 1, USB_MATCH_VENDOR, 0, 0, 0, 0, 0,
	     0},
	    {"one-way", oneway, 1, USB_MATCH_PRINTER, 1, 0, 0, 0x02, 0, 0},
	    {"bidirectional alt preferred", alts, 3, USB_MATCH_PRINTER, 1, 1, 1,
	     0x04, 0x83, 512},
	    {"high-bandwidth bits masked", hb, 1, USB_MATCH_PRINTER, 1, 0, 0,
	     0x01, 0x82, 64},
	    {"wMaxPacketSize 0", zero, 1, USB_MATCH_PRINTER, 1, 0, 0, 0x01,
	     0x82, 64},
	    {"interrupt OUT is not bulk", intr, 1, USB_MATCH_PRINTER, 0, 0, 0,
	     0, 0, 0},
	    {"subclass 2", wrongsub, 1, USB_MATCH_VENDOR, 0, 0, 0, 0, 0, 0},
	};
	struct libusb_interface itf;
	struct libusb_config_descriptor cfg;
	struct usb_printer_ep ep;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		itf.altsetting = cases[i].alt;
		itf.num_altsetting = cases[i].nalt;
		cfg = config(&itf, 1);
		memset(&ep, 0xee, sizeof ep);
		rc = usb_printer_endpoints(&cfg, cases[i].match, &ep);
		print_message("%s\n", cases[i].name);
		assert_int_equal(rc, cases[i].ok ? 0 : -1);
		if (!cases[i].ok)
			continue;
		assert_int_equal(ep.interface, cases[i].interface);
		assert_int_equal(ep.altsetting, cases[i].altsetting);
		assert_int_equal(ep.out, cases[i].out);
		assert_int_equal(ep.in, cases[i].in);
		if (cases[i].in != 0)
			assert_int_equal(ep.in_packet, cases[i].packet);
	}
}

/* A composite device: a printer next to a vendor interface, and a
 * configuration with no interfaces at all. */
static void test_endpoints_composite(void **state)
{
	static const struct libusb_interface_descriptor
	    v[] = {ALT(0, 0, 0xff, 0xff, 0xff, ep_tm)},
	    pr[] = {ALT(1, 0, 7, 1, 2, ep_in_first)};
	struct libusb_interface itf[2] = {{v, 1}, {pr, 1}};
	struct libusb_config_descriptor cfg = config(itf, 2);
	struct usb_printer_ep ep;

	assert_int_equal(usb_printer_endpoints(&cfg, USB_MATCH_VENDOR, &ep), 0);
	assert_int_equal(ep.interface, 1); /* the printer class wins */
	assert_int_equal(ep.out, 0x04);
	cfg = config(NULL, 0);
	assert_int_equal(usb_printer_endpoints(&cfg, USB_MATCH_VENDOR, &ep),
			 -1);
	assert_int_equal(usb_printer_endpoints(NULL, USB_MATCH_VENDOR, &ep),
			 -1);
	/* An alternate setting claiming endpoints it does not have. */
	{
		struct libusb_interface_descriptor lie[] = {
		    ALT(0, 0, 7, 1, 2, ep_tm)};
		struct libusb_interface one = {lie, 1};

		lie[0].endpoint = NULL;
		cfg = config(&one, 1);
		assert_int_equal(
		    usb_printer_endpoints(&cfg, USB_MATCH_VENDOR, &ep), -1);
	}
}

static void test_device_id_table(void **state)
{
	/* Reply bytes with explicit lengths: NULs and bad length fields. */
#define R(s) (const unsigned char *)s, sizeof s - 1
	static const struct {
		const char *name;
		const unsigned char *reply;
		size_t n;
		int rc;
		const char *mfg, *mdl, *cmd, *sn;
	} cases[] = {
	    {"TM-T20III", R("\x00\x26MFG:EPSON;MDL:TM-T20III;CMD:ESC/POS;"), 0,
	     "EPSON", "TM-T20III", "ESC/POS", ""},
	    {"long keys",
	     R("\x00\x47MANUFACTURER:Star Micronics;"
	       "MODEL:TSP143IIIU;COMMAND SET:STAR;SN:123;"),
	     0, "Star Micronics", "TSP143IIIU", "STAR", "123"},
	    {"no final ;", R("\x00\x18MFG:ACME;MDL:Label 4x6"), 0, "ACME",
	     "Label 4x6", "", ""},
	    {"missing keys",
	     R("\x00\x0e"
	       "CLS:PRINTER;"),
	     0, "", "", "", ""},
	    {"length beyond data", R("\xff\xffMFG:EPSON;MDL:TM"), 0, "EPSON",
	     "TM", "", ""},
	    {"length cuts data",
	     R("\x00\x0c"
	       "MFG:EPSON;MDL:TM-T88V;"),
	     0, "EPSON", "", "", ""},
	    {"little-endian length", R("\x14\x00MFG:A;MDL:B;CMD:C;"), 0, "A",
	     "B", "C", ""},
	    {"embedded NUL", R("\x00\x22MFG:EPSON;\0MDL:Evil;CMD:ESC/POS;"), 0,
	     "EPSON", "", "", ""},
	    {"NUL in value", R("\x00\x13MFG:EP\0SON;MDL:X;"), 0, "EP", "", "",
	     ""},
	    {"controls dropped", R("\x00\x18MFG:EP\x1b[2JSON;MDL:T\x07M;"), 0,
	     "EP[2JSON", "TM", "", ""},
	    {"blanks and case", R("\x00\x1c mfg : Zebra ; Mdl:ZD420 ;"), 0,
	     "Zebra", "ZD420", "", ""},
	    {"first key wins", R("\x00\x14MFG:A;MFG:B;MDL:C;"), 0, "A", "C", "",
	     ""},
	    {"no colon",
	     R("\x00\x0d"
	       "MFGEPSON;;;"),
	     0, "", "", "", ""},
	    {"length only", R("\x00\x02"), 0, "", "", "", ""},
	    {"zero length", R("\x00\x00MFG:Z;"), 0, "Z", "", "", ""},
	    {"1-byte reply", R("\x00"), -1, "", "", "", ""},
	    {"empty reply", R(""), -1, "", "", "", ""},
	};
#undef R
	struct usb_device_id id;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		print_message("%s\n", cases[i].name);
		assert_int_equal(
		    usb_device_id_parse(&id, cases[i].reply, cases[i].n),
		    cases[i].rc);
		assert_string_equal(id.mfg, cases[i].mfg);
		assert_string_equal(id.mdl, cases[i].mdl);
		assert_string_equal(id.cmd, cases[i].cmd);
		assert_string_equal(id.sn, cases[i].sn);
	}
}

/* Values longer than their field are cut, never overflow it. */
static void test_device_id_long(void **state)
{
	unsigned char reply[1024];
	struct usb_device_id id;
	size_t n = 2;

	memcpy(reply + n, "MDL:", 4);
	n += 4;
	memset(reply + n, 'M', 900);
	n += 900;
	reply[0] = (unsigned char)(n >> 8);
	reply[1] = (unsigned char)n;
	assert_int_equal(usb_device_id_parse(&id, reply, n), 0);
	assert_int_equal(strlen(id.mdl), sizeof id.mdl - 1);
	assert_int_equal(usb_device_id_parse(&id, NULL, 0), -1);
}

static void test_path(void **state)
{
	static const uint8_t ports[] = {1, 2, 13, 4, 5, 6, 7};
	char out[32], tiny[4];

	usb_path_format(out, sizeof out, 1, ports, 2);
	assert_string_equal(out, "1-1.2");
	usb_path_format(out, sizeof out, 3, ports, 1);
	assert_string_equal(out, "3-1");
	usb_path_format(out, sizeof out, 2, ports, 0);
	assert_string_equal(out, "2");
	usb_path_format(out, sizeof out, 1, ports, 7);
	assert_string_equal(out, "1-1.2.13.4.5.6.7");
	usb_path_format(tiny, sizeof tiny, 1, ports, 3);
	assert_string_equal(tiny, "1-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_target_table),
	    cmocka_unit_test(test_target_serial_length),
	    cmocka_unit_test(test_endpoints_table),
	    cmocka_unit_test(test_endpoints_composite),
	    cmocka_unit_test(test_device_id_table),
	    cmocka_unit_test(test_device_id_long),
	    cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
