/* Who may open what: the user's groups, a node's group, and the exact fix
 * when a device node is closed to this user. */
#include "doctor.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DOCTOR_NGROUPS_MAX 256

static int has_gid(const gid_t *list, int n, gid_t gid)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == gid)
			return 1;
	return 0;
}

enum doctor_group doctor_group_state(const struct doctor *d, const char *group)
{
	gid_t list[DOCTOR_NGROUPS_MAX];
	struct group *gr = getgrnam(group);
	gid_t gid;
	int n;

	if (gr == NULL)
		return DOCTOR_GROUP_MISSING;
	gid = gr->gr_gid;
	n = getgroups(DOCTOR_NGROUPS_MAX, list);
	if (getegid() == gid || (n > 0 && has_gid(list, n, gid)))
		return DOCTOR_GROUP_ACTIVE;
	/* /etc/group may already list the user while this login session
	 * predates it: then the fix is to log in again, nothing else. */
	n = DOCTOR_NGROUPS_MAX;
	if (d->user[0] != '\0' &&
	    getgrouplist(d->user, getegid(), list, &n) >= 0 &&
	    has_gid(list, n, gid))
		return DOCTOR_GROUP_PENDING;
	return DOCTOR_GROUP_NO;
}

void doctor_node_group(const char *path, char *out, size_t outsz)
{
	struct stat st;
	struct group *gr;

	if (stat(path, &st) != 0 || (gr = getgrgid(st.st_gid)) == NULL)
		snprintf(out, outsz, "?");
	else
		snprintf(out, outsz, "%s", gr->gr_name);
}

/* What this user must do to be in group: nothing, log in, or join. */
static void join_steps(const struct doctor *d, char *out, size_t outsz,
		       const char *group)
{
	switch (doctor_group_state(d, group)) {
	case DOCTOR_GROUP_ACTIVE:
		snprintf(out, outsz, "%s", "");
		break;
	case DOCTOR_GROUP_PENDING:
		snprintf(out, outsz,
			 "; %s is in group %s already: log out and "
			 "in again",
			 d->user, group);
		break;
	case DOCTOR_GROUP_NO:
	case DOCTOR_GROUP_MISSING: /* created first: see doctor_perm_fix */
		snprintf(out, outsz,
			 "; sudo usermod -aG %s %s, then log out "
			 "and in again",
			 group, d->user);
		break;
	}
}

void doctor_perm_fix(const struct doctor *d, char *out, size_t outsz,
		     const char *match, const char *group, const char *extra,
		     const char *node_group)
{
	char join[256], alt[256], pre[96];

	join_steps(d, join, sizeof join, group);
	/* The node already belongs to the group: only membership is
	 * missing (or the mode is wrong, which the rule would fix). */
	if (strcmp(node_group, group) == 0 && join[0] != '\0') {
		snprintf(out, outsz, "%s", join + 2);
		return;
	}
	alt[0] = '\0';
	/* Joining the node's present group (input, dialout, lp) works too
	 * when that group can read it; root's group never helps. */
	if (strcmp(node_group, group) != 0 && strcmp(node_group, "root") != 0 &&
	    strcmp(node_group, "?") != 0) {
		char j[200];

		join_steps(d, j, sizeof j, node_group);
		if (j[0] != '\0')
			snprintf(alt, sizeof alt, "; or instead: %s", j + 2);
	}
	/* udev ignores a GROUP that does not exist: create it first. */
	snprintf(pre, sizeof pre, "sudo groupadd --system %s; ", group);
	snprintf(out, outsz,
		 "%sadd to %s: %s, GROUP=\"%s\", MODE=\"0660\"%s%s; then "
		 "sudo udevadm control --reload && sudo udevadm trigger%s%s",
		 doctor_group_state(d, group) == DOCTOR_GROUP_MISSING ? pre
								      : "",
		 DOCTOR_LOCAL_RULES, match, group, extra[0] ? ", " : "", extra,
		 join, alt);
}
