#include "usb-device.h"

#include <limits.h>
#include <string.h>

unsigned int usb_dev_timeout(int64_t ms)
{
	if (ms < 1)
		return 1;
	return ms > INT_MAX ? INT_MAX : (unsigned int)ms;
}

int usb_dev_serial(libusb_device_handle *h, libusb_device *dev, char *out,
		   size_t outsz)
{
	struct libusb_device_descriptor d;
	int rc;

	out[0] = '\0';
	rc = libusb_get_device_descriptor(dev, &d);
	if (rc != 0 || d.iSerialNumber == 0)
		return rc;
	rc = libusb_get_string_descriptor_ascii(
	    h, d.iSerialNumber, (unsigned char *)out, (int)outsz);
	if (rc < 0) {
		out[0] = '\0';
		return rc;
	}
	out[(size_t)rc < outsz ? (size_t)rc : outsz - 1] = '\0';
	return 0;
}

int usb_dev_open_target(libusb_device *dev, const struct usb_target *t,
			libusb_device_handle **h)
{
	struct libusb_device_descriptor d;
	char serial[USB_SERIAL_MAX];
	int rc;

	*h = NULL;
	if (libusb_get_device_descriptor(dev, &d) != 0 ||
	    d.idVendor != t->vid || d.idProduct != t->pid)
		return 0;
	rc = libusb_open(dev, h);
	if (rc != 0) {
		*h = NULL;
		return rc;
	}
	/* Two devices of one model differ only in their serial. */
	if (t->serial[0] != '\0' &&
	    (usb_dev_serial(*h, dev, serial, sizeof serial) != 0 ||
	     strcmp(serial, t->serial) != 0)) {
		libusb_close(*h);
		*h = NULL;
		return 0;
	}
	return 1;
}

void usb_dev_path(libusb_device *dev, char *out, size_t outsz)
{
	uint8_t ports[8]; /* USB 3: at most 7 tiers below the root */
	int n = libusb_get_port_numbers(dev, ports, sizeof ports);

	usb_path_format(out, outsz, libusb_get_bus_number(dev), ports,
			n > 0 ? n : 0);
}

int usb_dev_claim(libusb_device_handle *h, int interface, int altsetting,
		  const char **step)
{
	int rc;

	/* Not supported off Linux, where no kernel driver binds. */
	*step = "detaching the kernel driver";
	rc = libusb_set_auto_detach_kernel_driver(h, 1);
	if (rc != 0 && rc != LIBUSB_ERROR_NOT_SUPPORTED)
		return rc;
	*step = "claiming the interface";
	rc = libusb_claim_interface(h, interface);
	if (rc != 0 || altsetting == 0)
		return rc;
	*step = "selecting the alternate setting";
	rc = libusb_set_interface_alt_setting(h, interface, altsetting);
	if (rc != 0)
		libusb_release_interface(h, interface);
	return rc;
}

int usb_dev_find(libusb_context *ctx, const struct usb_target *t,
		 libusb_device_handle **h, usb_dev_take_fn take,
		 usb_dev_fail_fn fail, void *obj, struct err *err)
{
	libusb_device **list;
	struct err first;
	ssize_t n, i;
	int rc, found = 0;

	n = libusb_get_device_list(ctx, &list);
	if (n < 0)
		return fail(obj, "listing USB devices", (int)n, err);
	err_clear(&first);
	for (i = 0; i < n && !found; i++) {
		rc = usb_dev_open_target(list[i], t, h);
		if (rc < 0)
			fail(obj, "opening the device", rc, &first);
		else if (rc > 0)
			found = take(obj, list[i], &first) == 0;
	}
	libusb_free_device_list(list, 1);
	if (found)
		return 1;
	if (err_isset(&first))
		return err_set(err, "%s", first.msg);
	return 0;
}
