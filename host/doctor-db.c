/* The station's database: there, openable through the store, its schema
 * version and journal mode, its size in orders, and writable where SQLite
 * needs to write (the file and, for the WAL, its directory). */
#include "doctor.h"

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The store hides its backend; these two facts are SQLite's own, so they
 * are read beside it through a read-only connection. */
static void sqlite_facts(const char *path, int *version, char *journal,
			 size_t journalsz)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q;

	*version = -1;
	snprintf(journal, journalsz, "?");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			*version = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW &&
		    sqlite3_column_text(q, 0) != NULL)
			snprintf(journal, journalsz, "%s",
				 (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
}

static void db_missing(struct doctor *d, const char *path, const char *dir)
{
	char fix[DOCTOR_TEXT_MAX], mk[CONFIG_STR_MAX + 96];

	mk[0] = '\0';
	if (access(dir, W_OK | X_OK) != 0)
		snprintf(mk, sizeof mk, "sudo install -d -o %s %s; ", d->user,
			 dir);
	snprintf(fix, sizeof fix,
		 "%spackctl --db %s import orders_export.csv (creates it); "
		 "then packctl --db %s products import products.csv",
		 mk, path, path);
	doctor_report(d, DOCTOR_WARN, "database", fix,
		      "%s does not exist yet: no orders to pack", path);
}

static void db_writable(struct doctor *d, const char *path, const char *dir)
{
	char fix[DOCTOR_TEXT_MAX];

	if (access(path, W_OK) == 0 && access(dir, W_OK | X_OK) == 0) {
		doctor_report(d, DOCTOR_OK, "database-dir", NULL,
			      "%s and %s are writable by %s", path, dir,
			      d->user);
		return;
	}
	snprintf(fix, sizeof fix, "sudo chown %s %s %s", d->user, dir, path);
	doctor_report(d, DOCTOR_FAIL, "database-dir", fix,
		      "%s cannot write %s and create files in %s (the station "
		      "logs every scan; SQLite's WAL needs the directory)",
		      d->user, path, dir);
}

void doctor_check_database(struct doctor *d)
{
	const char *path = d->ctx->cfg.db;
	char dircopy[CONFIG_STR_MAX], journal[32];
	struct store *st;
	struct stat sb;
	struct err err;
	int64_t orders = -1;
	int version;

	snprintf(dircopy, sizeof dircopy, "%s", path);
	err_clear(&err);
	if (path[0] != '\0' && strncmp(path, "postgresql:", 11) != 0 &&
	    stat(path, &sb) != 0 && errno == ENOENT) {
		db_missing(d, path, dirname(dircopy));
		return;
	}
	if (store_open(&st, path, &err) != 0) {
		doctor_report(d, DOCTOR_FAIL, "database",
			      "check the path (--db or db in [station])", "%s",
			      err.msg);
		return;
	}
	if (store_order_count(st, &orders, &err) != 0)
		orders = -1;
	store_close(st);
	sqlite_facts(path, &version, journal, sizeof journal);
	doctor_report(d, strcmp(journal, "wal") == 0 ? DOCTOR_OK : DOCTOR_WARN,
		      "database", NULL,
		      "%s: schema %d, %" PRId64 " orders, journal %s%s%s", path,
		      version, orders, journal, err_isset(&err) ? "; " : "",
		      err.msg);
	db_writable(d, path, dirname(dircopy));
}
