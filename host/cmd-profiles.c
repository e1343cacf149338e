/* packctl profiles — the printer profiles this station knows, one per line
 * with its name first (what --profile takes). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "profile.h"
#include "strbuf.h"

static const char profiles_usage[] =
	"usage: packctl profiles [--json]\n"
	"\n"
	"Lists the printer profiles: name, printer language, width x height in\n"
	"dots (0 = continuous receipt paper), resolution, Chinese mode and\n"
	"description. Profiles are .ini files in $PACKDESK_PROFILES, or\n"
	"assets/profiles and the installed data directory; add a file to add\n"
	"a printer.\n";

static const char *const languages[] = {"escpos", "zpl", "tspl"};
static const char *const cjks[] = {"none", "big5", "gb18030"};

struct listing {
	int json, n;
	struct strbuf sb;
};

static int show(const struct profile *p, void *arg)
{
	struct listing *l = arg;

	if (!l->json) {
		printf("%-18s %-6s %4dx%-5d %3d dpi  cjk=%-7s %s\n", p->name,
		       languages[p->language], p->width_dots, p->height_dots,
		       p->dpi, cjks[p->cjk], p->description);
		return 0;
	}
	strbuf_adds(&l->sb, l->n++ ? ",\n {" : "\n {");
	json_add_member(&l->sb, "name", p->name);
	json_add_member(&l->sb, "language", languages[p->language]);
	json_add_member_int(&l->sb, "width_dots", p->width_dots);
	json_add_member_int(&l->sb, "height_dots", p->height_dots);
	json_add_member_int(&l->sb, "dpi", p->dpi);
	json_add_member_int(&l->sb, "columns", p->columns);
	json_add_member(&l->sb, "cjk", cjks[p->cjk]);
	json_add_member(&l->sb, "description", p->description);
	strbuf_addc(&l->sb, '}');
	return 0;
}

static int profiles_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct listing l = {0, 0, {0}};
	struct err err;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		l.json = 1;
	else if (argc != 1)
		return cmd_usage(ctx, "unexpected argument \"%s\"", argv[1]);
	err_clear(&err);
	strbuf_init(&l.sb, 1 << 20);
	rc = profile_each(profile_default_dirs(), show, &l, &err);
	if (rc == 0 && l.json)
		printf("[%s\n]\n", strbuf_str(&l.sb));
	strbuf_cleanup(&l.sb);
	if (rc != 0)
		return cmd_fail(ctx, "%s", err.msg);
	return CMD_OK;
}

const struct cmd cmd_profiles = {
	.name = "profiles",
	.summary = "list the printer profiles",
	.usage = profiles_usage,
	.run = profiles_run,
};
