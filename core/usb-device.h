/* What every libusb transport does to find and talk to the device a
 * VID:PID[:SERIAL] target names: the printer (printer-usb.c) and the HID
 * scanner (firmware/scanner-hid.c) share these. */
#ifndef PACKDESK_USB_DEVICE_H
#define PACKDESK_USB_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <libusb.h>

#include "usb-printer-id.h"

/* A timeout for libusb, which takes 0 as "wait forever": at least 1 ms,
 * at most INT_MAX. */
unsigned int usb_dev_timeout(int64_t ms);

/* The serial number string into out, "" when there is none or it cannot
 * be read. 0, or the libusb error. */
int usb_dev_serial(libusb_device_handle *h, libusb_device *dev, char *out,
		   size_t outsz);

/* Opens dev when it is the target (VID, PID, and the serial when one is
 * given): 1 with *h open, 0 when it is another device (*h NULL), or the
 * negative libusb error of opening it. */
int usb_dev_open_target(libusb_device *dev, const struct usb_target *t,
			libusb_device_handle **h);

/* dev's place on the bus as sysfs names it: "1-1.2". */
void usb_dev_path(libusb_device *dev, char *out, size_t outsz);
/* What a device search reports through the caller, which knows how to
 * name itself in messages (a printer's or a scanner's URI). */
typedef int (*usb_dev_fail_fn)(void *obj, const char *what, int rc,
			       struct err *err);
/* Takes an opened matching device (*h is open): 0 when it is the one, else
 * ERR_FAIL with err set, after closing *h. */
typedef int (*usb_dev_take_fn)(void *obj, libusb_device *dev,
			       struct err *err);

/* Walks the bus for t, opening each match into *h and offering it to take:
 * 1 when one was taken (*h stays open), 0 when none is connected, ERR_FAIL
 * with the first reason a match could not be used (a second device of the
 * same model may still be the one, so the walk goes on after a failure). */
int usb_dev_find(libusb_context *ctx, const struct usb_target *t,
		 libusb_device_handle **h, usb_dev_take_fn take,
		 usb_dev_fail_fn fail, void *obj, struct err *err);

/* Takes the interface from the kernel's driver (usblp, usbhid) for as long
 * as we hold it, claims it and selects its alternate setting. Returns 0, or
 * a libusb error with *step naming what failed ("claiming the
 * interface"). */
int usb_dev_claim(libusb_device_handle *h, int interface, int altsetting,
		  const char **step);

#endif
