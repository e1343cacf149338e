/* How doctor's findings leave the program: one line each, or one JSON
 * array. Everything is sanitised on the way out because device names and
 * USB strings come from hardware and must not drive the terminal. */
#include "doctor.h"

#include <stdarg.h>
#include <stdio.h>

#include "json.h"
#include "text.h"

static const char *const status_names[] = {"ok", "warn", "fail"};

static void report_json(struct doctor *d, const char *status, const char *check,
			const char *detail, const char *fix)
{
	struct strbuf sb;

	strbuf_init(&sb, 4 * DOCTOR_TEXT_MAX);
	strbuf_addc(&sb, '{');
	json_add_member(&sb, "check", check);
	json_add_member(&sb, "status", status);
	json_add_member(&sb, "detail", detail);
	if (fix != NULL)
		json_add_member(&sb, "fix", fix);
	else
		strbuf_adds(&sb, ",\"fix\":null");
	strbuf_addc(&sb, '}');
	printf("%s%s", d->n == 0 ? "[\n " : ",\n ", strbuf_str(&sb));
	strbuf_cleanup(&sb);
}

void doctor_report(struct doctor *d, enum doctor_status s, const char *check,
		   const char *fix, const char *fmt, ...)
{
	char raw[DOCTOR_TEXT_MAX], detail[DOCTOR_TEXT_MAX];
	char clean_fix[DOCTOR_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	text_sanitize_into(detail, sizeof detail, raw);
	if (fix != NULL)
		text_sanitize_into(clean_fix, sizeof clean_fix, fix);
	if (s == DOCTOR_FAIL)
		d->failed++;
	if (d->json)
		report_json(d, status_names[s], check, detail,
			    fix != NULL ? clean_fix : NULL);
	else if (fix != NULL)
		printf("%-4s  %-13s %s\n      fix: %s\n", status_names[s],
		       check, detail, clean_fix);
	else
		printf("%-4s  %-13s %s\n", status_names[s], check, detail);
	d->n++;
}

void doctor_finish(struct doctor *d)
{
	if (d->json)
		fputs(d->n == 0 ? "[]\n" : "\n]\n", stdout);
	fflush(stdout);
}
