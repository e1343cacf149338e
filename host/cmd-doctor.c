/* packctl doctor — what stands between this machine and a working station:
 * configuration, database, scanners, printers and permissions, each with
 * the exact command that fixes it. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "doctor.h"

static const char doctor_usage[] =
    "usage: packctl doctor [--json]\n"
    "\n"
    "Checks the configuration file, the database, the scanners (USB\n"
    "keyboards, HID POS hidraw nodes, CDC-ACM ports), the printers (USB,\n"
    "/dev/usb/lp*, CUPS), the configured printer and scanner URIs and the\n"
    "user's groups. Prints one line per finding:\n"
    "\n"
    "  ok|warn|fail  CHECK  detail\n"
    "        fix: the exact command or udev rule (when there is one)\n"
    "\n"
    "Exit status 0 when nothing failed, 1 when a check failed. Warnings\n"
    "(no database yet, no CUPS server) do not fail. The configuration is\n"
    "the one packctl loaded: --config FILE, else $PACKDESK_CONFIG, else\n"
    "the system file; a file with errors is reported (FILE:LINE) and the\n"
    "other checks still run.\n"
    "\n"
    "  --json   one JSON array of {check, status, detail, fix}; fix is\n"
    "           null when there is nothing to do\n"
    "\n"
    "Environment (for tests and for diagnosing a copied tree):\n"
    "  PACKDESK_DEV_ROOT   read device nodes here instead of /dev\n"
    "  PACKDESK_SYS_ROOT   read sysfs here instead of /sys\n";

static void config_source(const struct cmd_ctx *ctx, char *out, size_t outsz,
			  const char **how)
{
	const char *env = getenv("PACKDESK_CONFIG");

	out[0] = '\0';
	*how = "";
	if (ctx->config_path != NULL) {
		snprintf(out, outsz, "%s", ctx->config_path);
		*how = "from --config";
	} else if (env != NULL && env[0] != '\0') {
		snprintf(out, outsz, "%s", env);
		*how = "from $PACKDESK_CONFIG";
	} else if (access(CONFIG_DEFAULT_PATH, F_OK) == 0) {
		snprintf(out, outsz, "%s", CONFIG_DEFAULT_PATH);
		*how = "the system file";
	}
}

void doctor_check_config(struct doctor *d)
{
	char path[CONFIG_STR_MAX], fix[DOCTOR_TEXT_MAX];
	struct err err;
	const char *how;

	config_source(d->ctx, path, sizeof path, &how);
	if (path[0] == '\0') {
		doctor_report(d, DOCTOR_OK, "config", NULL,
			      "none: built-in defaults (" CONFIG_DEFAULT_PATH
			      " does not exist)");
		return;
	}
	/* packctl ran doctor past a broken file and kept the reason. */
	err = d->ctx->config_err;
	if (err_isset(&err)) {
		snprintf(fix, sizeof fix,
			 "edit %s at that line; `packdesk --print-config` "
			 "lists every setting",
			 path);
		doctor_report(d, DOCTOR_FAIL, "config", fix, "%s", err.msg);
		return;
	}
	doctor_report(d, DOCTOR_OK, "config", NULL, "%s (%s)", path, how);
}

/* A URI's device path as doctor reads it: under PACKDESK_DEV_ROOT. */
static int dev_path(const struct doctor *d, char *out, size_t outsz,
		    const char *path)
{
	if (strncmp(path, "/dev/", 5) == 0 && strcmp(d->dev_root, "/dev") != 0)
		return doctor_path(out, outsz, "%s/%s", d->dev_root, path + 5);
	return doctor_path(out, outsz, "%s", path);
}

static void scanner_node(struct doctor *d, const char *uri, const char *path,
			 int mode)
{
	char node[DOCTOR_PATH_MAX];

	if (dev_path(d, node, sizeof node, path) != 0) {
		doctor_report(d, DOCTOR_FAIL, "scanner-uri", NULL,
			      "%s: the path is too long", uri);
		return;
	}
	if (access(node, mode) == 0)
		doctor_report(d, DOCTOR_OK, "scanner-uri", NULL,
			      "%s: %s is there and open to %s", uri, node,
			      d->user);
	else if (access(node, F_OK) != 0)
		doctor_report(d, DOCTOR_WARN, "scanner-uri",
			      "plug the scanner in; the scanner lines above "
			      "show the URIs of those connected",
			      "%s: %s does not exist (unplugged?)", uri, node);
	else
		doctor_report(d, DOCTOR_FAIL, "scanner-uri",
			      "see the fix on the scanner line above for this "
			      "device",
			      "%s: %s is not open to %s", uri, node, d->user);
}

/* Parses one scanner URI as the station will (no device is opened). */
static void scanner_uri(struct doctor *d, const char *uri)
{
	char path[DOCTOR_PATH_MAX], tail[2];
	unsigned vid, pid;

	if (strcmp(uri, "stdin") == 0) {
		doctor_report(d, DOCTOR_OK, "scanner-uri", NULL,
			      "stdin: scans typed into the station's terminal");
	} else if (strncmp(uri, "evdev:/", 7) == 0) {
		scanner_node(d, uri, uri + 6, R_OK);
	} else if (strncmp(uri, "serial:/", 8) == 0) {
		snprintf(path, sizeof path, "%s", uri + 7);
		path[strcspn(path, "?")] = '\0';
		scanner_node(d, uri, path, R_OK | W_OK);
	} else if (strncmp(uri, "hid:", 4) == 0 &&
		   (sscanf(uri + 4, "%4x:%4x%1[:]", &vid, &pid, tail) == 3 ||
		    (sscanf(uri + 4, "%4x:%4x%1s", &vid, &pid, tail) == 2 &&
		     strlen(uri) == 13))) {
		doctor_report(d, DOCTOR_OK, "scanner-uri", NULL,
			      "%s: USB %04x:%04x (see the hid-scanner lines)",
			      uri, vid, pid);
	} else {
		doctor_report(d, DOCTOR_FAIL, "scanner-uri",
			      "use stdin, evdev:/dev/input/by-id/..., "
			      "hid:VID:PID[:SERIAL] or serial:/dev/ttyACM0",
			      "%s: not a scanner URI", uri);
	}
}

void doctor_check_scanner_uris(struct doctor *d)
{
	char list[CONFIG_STR_MAX], *save = NULL, *uri;
	int n = 0;

	snprintf(list, sizeof list, "%s", d->ctx->cfg.scanner);
	for (uri = strtok_r(list, " \t", &save); uri != NULL;
	     uri = strtok_r(NULL, " \t", &save), n++)
		scanner_uri(d, uri);
	if (n == 0)
		doctor_report(d, DOCTOR_FAIL, "scanner-uri",
			      "set scanner in [station] or pass --scanner",
			      "no scanner configured");
}

/* The groups a station user may need, and what each one opens. */
static const struct {
	const char *group;
	const char *opens;
} station_groups[] = {
    {DOCTOR_SCANNER_GROUP, "scanners handed over by 60-packdesk.rules"},
    {"input", "every keyboard's event node; scanners without the rules"},
    {"lp", "USB printers and /dev/usb/lp*"},
    {"dialout", "serial printers; CDC-ACM scanners without the rules"},
    {"plugdev", "USB devices that desktop rules hand to plugdev"},
};

static void group_check(struct doctor *d, const char *group, const char *opens)
{
	char fix[256];

	switch (doctor_group_state(d, group)) {
	case DOCTOR_GROUP_ACTIVE:
		doctor_report(d, DOCTOR_OK, "group", NULL, "%s: %s is a member",
			      group, d->user);
		break;
	case DOCTOR_GROUP_PENDING:
		doctor_report(d, DOCTOR_WARN, "group", "log out and in again",
			      "%s: %s was added but this session predates it",
			      group, d->user);
		break;
	case DOCTOR_GROUP_NO:
		snprintf(fix, sizeof fix,
			 "sudo usermod -aG %s %s, then log out and in again",
			 group, d->user);
		doctor_report(d, DOCTOR_WARN, "group", fix,
			      "%s: %s is not a member (%s)", group, d->user,
			      opens);
		break;
	case DOCTOR_GROUP_MISSING:
		doctor_report(d, DOCTOR_OK, "group", NULL,
			      "%s: no such group on this machine", group);
		break;
	}
}

void doctor_check_groups(struct doctor *d)
{
	size_t i;

	if (d->uid == 0) {
		doctor_report(d, DOCTOR_OK, "group", NULL,
			      "root opens every device (run the station as "
			      "its own user in production)");
		return;
	}
	for (i = 0; i < sizeof station_groups / sizeof station_groups[0]; i++)
		group_check(d, station_groups[i].group,
			    station_groups[i].opens);
}

static const struct {
	const char *name;
	void (*run)(struct doctor *d);
} checks[] = {
    {"config", doctor_check_config},
    {"database", doctor_check_database},
    {"keyboards", doctor_check_keyboards},
    {"hidraw", doctor_check_hidraw},
    {"serial", doctor_check_serial},
    {"usb-printers", doctor_check_usb_printers},
    {"lp", doctor_check_lp},
    {"cups", doctor_check_cups},
    {"printer", doctor_check_printer_uri},
    {"scanner-uris", doctor_check_scanner_uris},
    {"groups", doctor_check_groups},
};

/* A root from the environment, without trailing slashes. */
static int take_root(char *out, size_t outsz, const char *env, const char *def)
{
	const char *v = getenv(env);
	size_t n;

	if (v == NULL || v[0] == '\0')
		v = def;
	n = strlen(v);
	while (n > 1 && v[n - 1] == '/')
		n--;
	if (n >= outsz)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

static int doctor_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct doctor d;
	struct passwd *pw;
	size_t i;

	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		d.json = 1;
	else if (argc != 1)
		return cmd_usage(ctx, "unexpected argument \"%s\"", argv[1]);
	if (take_root(d.dev_root, sizeof d.dev_root, "PACKDESK_DEV_ROOT",
		      "/dev") != 0 ||
	    take_root(d.sys_root, sizeof d.sys_root, "PACKDESK_SYS_ROOT",
		      "/sys") != 0)
		return cmd_usage(ctx, "PACKDESK_DEV_ROOT or PACKDESK_SYS_ROOT "
				      "is too long");
	d.uid = getuid();
	pw = getpwuid(d.uid);
	if (pw != NULL)
		snprintf(d.user, sizeof d.user, "%s", pw->pw_name);
	else
		snprintf(d.user, sizeof d.user, "%u", (unsigned)d.uid);
	for (i = 0; i < sizeof checks / sizeof checks[0]; i++)
		checks[i].run(&d);
	doctor_finish(&d);
	return d.failed ? CMD_FAIL : CMD_OK;
}

const struct cmd cmd_doctor = {
    .name = "doctor",
    .summary = "check config, database, scanners, printers, permissions",
    .flags = CMD_CONFIG_OPTIONAL,
    .usage = doctor_usage,
    .run = doctor_run,
};
