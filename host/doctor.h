/* packctl doctor's parts. Each family of checks lives in its own file and
 * reports findings through doctor_report(); cmd-doctor.c runs them from one
 * table. Device paths are read under two roots so that tests (and a
 * technician looking at a copied tree) can point them elsewhere. */
#ifndef PACKDESK_DOCTOR_H
#define PACKDESK_DOCTOR_H

#include <stddef.h>
#include <sys/types.h>

#include "cmd.h"

#define DOCTOR_PATH_MAX 512
#define DOCTOR_TEXT_MAX 4096

/* The groups the udev rules hand devices to (firmware/60-packdesk.rules). */
#define DOCTOR_SCANNER_GROUP "packdesk"
#define DOCTOR_PRINTER_GROUP "lp"
/* Where the fixes tell the installer to put a rule of their own. */
#define DOCTOR_LOCAL_RULES "/etc/udev/rules.d/61-packdesk-local.rules"

enum doctor_status { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor {
	struct cmd_ctx *ctx;
	int json;
	int n;				/* findings printed */
	int failed;			/* findings with DOCTOR_FAIL */
	char dev_root[DOCTOR_PATH_MAX]; /* "/dev" */
	char sys_root[DOCTOR_PATH_MAX]; /* "/sys" */
	char user[64];
	uid_t uid;
};

/* Prints one finding at once (text line or JSON element). detail and fix
 * are sanitised here: device names come from hardware. fix may be NULL. */
void doctor_report(struct doctor *d, enum doctor_status s, const char *check,
		   const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Closes the JSON array. */
void doctor_finish(struct doctor *d);

/* snprintf that reports truncation: 0, or -1 when out was too small. */
int doctor_path(char *out, size_t outsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The first line of a small file (sysfs attribute), without its newline;
 * -1 when it cannot be read. */
int doctor_read_line(const char *path, char *out, size_t outsz);
/* Entries of dir whose names pass keep(), in version order; the caller
 * frees with doctor_names_free(). Returns the count (0 when dir is absent). */
int doctor_names(const char *dir, int (*keep)(const char *name), char ***names);
void doctor_names_free(char **names, int n);

/* A USB device found by walking up from a sysfs device directory. */
struct doctor_usb {
	char vid[8], pid[8]; /* "0c2e", as udev's ATTRS{idVendor} */
	char product[128], manufacturer[128];
};
/* 0 when sysdir (a link under sys_root) sits below a USB device. */
int doctor_usb_find(const struct doctor *d, const char *sysdir,
		    struct doctor_usb *usb);

/* "PRODUCT [vvvv:pppp, why]" for messages; why may be "". */
void doctor_usb_describe(char *out, size_t outsz, const struct doctor_usb *usb,
			 const char *why);

enum doctor_group {
	DOCTOR_GROUP_ACTIVE,  /* this process has it */
	DOCTOR_GROUP_PENDING, /* the user was added; log in again */
	DOCTOR_GROUP_NO,      /* the user is not a member */
	DOCTOR_GROUP_MISSING, /* no such group on this machine */
};
enum doctor_group doctor_group_state(const struct doctor *d, const char *group);
/* The group owning path ("?" when it has no name). */
void doctor_node_group(const char *path, char *out, size_t outsz);
/* The exact fix for a device node the user cannot open: a udev rule
 * (match: the rule's SUBSYSTEM and ATTRS part; extra: trailing ENV or
 * SYMLINK assignments, may be "") handing it to group, and the group
 * commands this user needs; or joining the node's present group. */
void doctor_perm_fix(const struct doctor *d, char *out, size_t outsz,
		     const char *match, const char *group, const char *extra,
		     const char *node_group);

/* The checks, one family per file. */
void doctor_check_config(struct doctor *d);
void doctor_check_database(struct doctor *d);
void doctor_check_keyboards(struct doctor *d);
void doctor_check_hidraw(struct doctor *d);
void doctor_check_serial(struct doctor *d);
void doctor_check_usb_printers(struct doctor *d);
void doctor_check_lp(struct doctor *d);
void doctor_check_cups(struct doctor *d);
void doctor_check_printer_uri(struct doctor *d);
void doctor_check_scanner_uris(struct doctor *d);
void doctor_check_groups(struct doctor *d);

#endif
