/*
 * The directory (include/cadcom/directory.h): principals and group
 * memberships by SID.
 *
 * The public functions check their arguments — NULLs, and the kind/scope
 * rules every back-end shares — then call through the back-end's ops table
 * (store.h).  Below them is the memory back-end: tests, state snapshots and
 * dry runs use it, so it follows the rules of a real directory closely
 * enough that a plan computed against it would hold against AD or a SAM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

/* Longest SID text: "S-1-0x" + 12 hex digits + 15 * "-4294967295". */
#define SID_TEXT_MAX 192

/* New accounts get RIDs from here up (MS-SAMR 3.1.1.1: RIDs below 1000 are
 * reserved for well-known accounts). */
#define FIRST_USER_RID 1000u

/* A SID as text for a message (a failed allocation degrades only the text). */
static const char *sid_text(const struct cadcom_sid *sid, char buf[SID_TEXT_MAX])
{
	struct strbuf sb = { 0 };

	cadcom__sid_format(&sb, sid);
	snprintf(buf, SID_TEXT_MAX, "%s", (sb.failed || !sb.buf) ? "(a SID)" : sb.buf);
	free(sb.buf);
	return buf;
}

/* Names compare without regard to ASCII case only: Windows' own folding of
 * non-ASCII letters depends on its casing table, so "Domänen-Benutzer" must
 * be typed as stored rather than folded by a C library's locale. */
static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y || !x)
			return x - y;
	}
}

/* ---- the public functions ---------------------------------------------- */

static int null_arg(const char *what)
{
	return cadcom__error(CADCOM_EINVAL, -1, "directory: NULL argument to %s", what);
}

/* The same rules as cadcom_principal_new() (scope.h), so that whatever the
 * directory holds can be handed to the scope rules. */
static int check_kind_scope(const struct cadcom_sid *sid, const char *name, int kind, int scope)
{
	char buf[SID_TEXT_MAX];
	const char *who = name ? name : sid_text(sid, buf);

	if (kind < CADCOM_PRINCIPAL_USER || kind > CADCOM_PRINCIPAL_WELL_KNOWN)
		return cadcom__error(CADCOM_EINVAL, -1, "directory: unknown kind %d for %s", kind, who);
	if (scope < CADCOM_SCOPE_NONE || scope > CADCOM_SCOPE_COMPUTER_LOCAL)
		return cadcom__error(CADCOM_EINVAL, -1, "directory: unknown scope %d for %s", scope,
				     who);
	if (kind == CADCOM_PRINCIPAL_GROUP && scope == CADCOM_SCOPE_NONE)
		return cadcom__error(CADCOM_EINVAL, -1, "directory: group %s needs a group scope", who);
	if (kind != CADCOM_PRINCIPAL_GROUP && scope != CADCOM_SCOPE_NONE)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "directory: %s is not a group and cannot have a group scope", who);
	return 0;
}

void cadcom_directory_free(cadcom_directory *dir)
{
	if (!dir)
		return;
	dir->ops->free(dir->impl);
	free(dir);
}

int cadcom_directory_add(cadcom_directory *dir, const cadcom_sid *sid, const char *name, int kind,
			 int scope)
{
	int rc;

	if (!dir || !sid)
		return null_arg("add a principal");
	if (name && !*name)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "directory: empty name (give NULL for a principal without one)");
	if ((rc = check_kind_scope(sid, name, kind, scope)))
		return rc;
	return dir->ops->add(dir->impl, sid, name, kind, scope);
}

int cadcom_directory_lookup_name(cadcom_directory *dir, const char *name, cadcom_sid **out)
{
	struct cadcom_sid sid;
	int rc;

	if (out)
		*out = NULL;
	if (!dir || !name || !out)
		return null_arg("look up a name");
	if ((rc = dir->ops->lookup_name(dir->impl, name, &sid)))
		return rc;
	return cadcom_sid_dup(&sid, out);
}

int cadcom_directory_lookup_sid(cadcom_directory *dir, const cadcom_sid *sid, char **out)
{
	if (out)
		*out = NULL;
	if (!dir || !sid || !out)
		return null_arg("look up a SID");
	return dir->ops->lookup_sid(dir->impl, sid, out);
}

int cadcom_directory_info(cadcom_directory *dir, const cadcom_sid *sid, int *kind, int *scope)
{
	int k = 0, s = 0, rc;

	if (!dir || !sid)
		return null_arg("describe a principal");
	if ((rc = dir->ops->info(dir->impl, sid, &k, &s)))
		return rc;
	if (kind)
		*kind = k;
	if (scope)
		*scope = s;
	return 0;
}

int cadcom_directory_create_group(cadcom_directory *dir, const cadcom_sid *domain,
				  const char *name, int scope, cadcom_sid **out)
{
	struct cadcom_sid sid;
	char buf[SID_TEXT_MAX];
	int rc;

	if (out)
		*out = NULL;
	if (!dir || !domain || !name)
		return null_arg("create a group");
	if (!*name)
		return cadcom__error(CADCOM_EINVAL, -1, "directory: a new group needs a name");
	if (!cadcom__sid_is_domain(domain))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "directory: cannot create group \"%s\" in %s: groups are created "
				     "in a domain or computer SAM, whose SID has the form "
				     "S-1-5-21-a-b-c", name, sid_text(domain, buf));
	/* MS-SAMR 3.1.5.4.1: creating an alias in the built-in domain fails. */
	if (scope == CADCOM_SCOPE_BUILTIN_LOCAL)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "directory: cannot create group \"%s\": builtin local groups "
				     "(S-1-5-32-x) are the system's own", name);
	if (scope < CADCOM_SCOPE_GLOBAL || scope > CADCOM_SCOPE_COMPUTER_LOCAL)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "directory: cannot create group \"%s\": %d is not a group scope",
				     name, scope);
	if ((rc = dir->ops->create_group(dir->impl, domain, name, scope, &sid)))
		return rc;
	return out ? cadcom_sid_dup(&sid, out) : 0;
}

int cadcom_directory_member(cadcom_directory *dir, const cadcom_sid *group, size_t index,
			    cadcom_sid **out)
{
	struct cadcom_sid sid;
	int rc;

	if (out)
		*out = NULL;
	if (!dir || !group || !out)
		return null_arg("read a member");
	if ((rc = dir->ops->member(dir->impl, group, index, &sid)))
		return rc;
	return cadcom_sid_dup(&sid, out);
}

int cadcom_directory_is_member(cadcom_directory *dir, const cadcom_sid *group,
			       const cadcom_sid *member)
{
	if (!dir || !group || !member)
		return null_arg("check a membership");
	return dir->ops->is_member(dir->impl, group, member);
}

int cadcom_directory_add_member(cadcom_directory *dir, const cadcom_sid *group,
				const cadcom_sid *member)
{
	if (!dir || !group || !member)
		return null_arg("add a member");
	return dir->ops->add_member(dir->impl, group, member);
}

int cadcom_directory_remove_member(cadcom_directory *dir, const cadcom_sid *group,
				   const cadcom_sid *member)
{
	if (!dir || !group || !member)
		return null_arg("remove a member");
	return dir->ops->remove_member(dir->impl, group, member);
}

int cadcom__directory_writable(cadcom_directory *dir, const struct cadcom_sid *group)
{
	return dir->ops->writable ? dir->ops->writable(dir->impl, group) : 0;
}

int cadcom_directory_delete_group(cadcom_directory *dir, const cadcom_sid *group)
{
	static const struct cadcom_sid builtin = { 1, 1, 5, { 32 } };
	char buf[SID_TEXT_MAX];

	if (!dir || !group)
		return null_arg("delete a group");
	if (!dir->ops->delete_group)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "directory: this back-end cannot delete groups");
	/* As for create_group: MS-SAMR 3.1.5.7.2 refuses it too. */
	if (cadcom_sid_in_domain(group, &builtin))
		return cadcom__error(CADCOM_EKIND, -1,
				     "directory: %s is a builtin local group, the system's own: "
				     "not deleted", sid_text(group, buf));
	return dir->ops->delete_group(dir->impl, group);
}

/* ---- the memory back-end ----------------------------------------------- */

struct mem_principal {
	struct cadcom_sid sid;
	char *name; /* NULL: nameless */
	int kind, scope;
	/* Direct members, in the order they were added.  Kept when a later
	 * add() makes the principal something else (directory.h). */
	struct cadcom_sid *members;
	size_t nmembers, cap;
};

/* Linear searches: the memory directory holds one CA's view (a snapshot of
 * a few hundred principals at most), not a whole forest. */
struct memdir {
	struct mem_principal *items; /* in the order they were first added */
	size_t count, cap;
	/* The SIDs of deleted groups: like a SAM, never given out again. */
	struct cadcom_sid *deleted;
	size_t ndeleted, capdeleted;
};

static struct mem_principal *find_sid(struct memdir *m, const struct cadcom_sid *sid)
{
	for (size_t i = 0; i < m->count; i++)
		if (cadcom__sid_eq(&m->items[i].sid, sid))
			return &m->items[i];
	return NULL;
}

static struct mem_principal *find_name(struct memdir *m, const char *name)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->items[i].name && ascii_casecmp(m->items[i].name, name) == 0)
			return &m->items[i];
	return NULL;
}

static int unknown_sid(const struct cadcom_sid *sid)
{
	char buf[SID_TEXT_MAX];

	return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: %s is not known", sid_text(sid, buf));
}

/* The known group `sid`, or CADCOM_ENOTFOUND naming what it is instead. */
static int find_group(struct memdir *m, const struct cadcom_sid *sid, struct mem_principal **out)
{
	struct mem_principal *p = find_sid(m, sid);
	char buf[SID_TEXT_MAX];

	if (!p)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: group %s is not known",
				     sid_text(sid, buf));
	if (p->kind != CADCOM_PRINCIPAL_GROUP)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: %s%s%s%s is not a group",
				     p->name ? p->name : "", p->name ? " (" : "",
				     sid_text(sid, buf), p->name ? ")" : "");
	*out = p;
	return 0;
}

/* A name names one principal, or lookup_name() could not answer. */
static int name_taken(struct memdir *m, const char *name, const struct mem_principal *self,
		      const char *doing)
{
	struct mem_principal *other = find_name(m, name);
	char buf[SID_TEXT_MAX];

	if (!other || other == self)
		return 0;
	return cadcom__error(CADCOM_EINVAL, -1, "directory: cannot %s \"%s\": the name is taken by %s",
			     doing, name, sid_text(&other->sid, buf));
}

/* Append a principal (the caller checked that the SID and name are new). */
static int append(struct memdir *m, const struct cadcom_sid *sid, const char *name, int kind,
		  int scope)
{
	struct mem_principal *items = cadcom__grow(m->items, &m->cap, m->count, sizeof(*items));
	char *copy = NULL;

	if (!items)
		return cadcom__enomem();
	m->items = items;
	if (name && !(copy = cadcom__strdup(name)))
		return cadcom__enomem();
	items[m->count++] = (struct mem_principal){ .sid = *sid, .name = copy, .kind = kind,
						    .scope = scope };
	return 0;
}

static int mem_add(void *impl, const struct cadcom_sid *sid, const char *name, int kind,
		   int scope)
{
	struct memdir *m = impl;
	struct mem_principal *p = find_sid(m, sid);
	char *copy = NULL;
	int rc;

	if (name && (rc = name_taken(m, name, p, "record")))
		return rc;
	if (!p)
		return append(m, sid, name, kind, scope);
	if (name && !(copy = cadcom__strdup(name)))
		return cadcom__enomem();
	free(p->name);
	p->name = copy;
	p->kind = kind;
	p->scope = scope;
	return 0;
}

static int mem_lookup_name(void *impl, const char *name, struct cadcom_sid *out)
{
	struct mem_principal *p = find_name(impl, name);

	if (!p)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: no principal is called \"%s\"",
				     name);
	*out = p->sid;
	return 0;
}

static int mem_lookup_sid(void *impl, const struct cadcom_sid *sid, char **out)
{
	struct mem_principal *p = find_sid(impl, sid);
	char buf[SID_TEXT_MAX];

	if (!p)
		return unknown_sid(sid);
	if (!p->name)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: %s has no name",
				     sid_text(sid, buf));
	if (!(*out = cadcom__strdup(p->name)))
		return cadcom__enomem();
	return 0;
}

static int mem_info(void *impl, const struct cadcom_sid *sid, int *kind, int *scope)
{
	struct mem_principal *p = find_sid(impl, sid);

	if (!p)
		return unknown_sid(sid);
	*kind = p->kind;
	*scope = p->scope;
	return 0;
}

/* Raise *max to the RID of `sid` when `sid` is an account of `domain`. */
static void note_rid(const struct cadcom_sid *sid, const struct cadcom_sid *domain, uint32_t *max)
{
	if (cadcom_sid_in_domain(sid, domain) && sid->sub[sid->count - 1] > *max)
		*max = sid->sub[sid->count - 1];
}

/* Like a SAM's next-RID counter: above every RID the domain has used.
 * Member SIDs count too, since a member need not be a known principal and
 * a new group must never take a SID that some group already holds. */
static int mem_create_group(void *impl, const struct cadcom_sid *domain, const char *name,
			    int scope, struct cadcom_sid *out)
{
	struct memdir *m = impl;
	uint32_t max = FIRST_USER_RID - 1;
	struct cadcom_sid sid = *domain;
	char buf[SID_TEXT_MAX];
	int rc;

	if ((rc = name_taken(m, name, NULL, "create group")))
		return rc;
	for (size_t i = 0; i < m->count; i++) {
		note_rid(&m->items[i].sid, domain, &max);
		for (size_t j = 0; j < m->items[i].nmembers; j++)
			note_rid(&m->items[i].members[j], domain, &max);
	}
	for (size_t i = 0; i < m->ndeleted; i++)
		note_rid(&m->deleted[i], domain, &max);
	if (max == UINT32_MAX)
		return cadcom__error(CADCOM_ELIMIT, -1,
				     "directory: cannot create group \"%s\": %s has used its last RID",
				     name, sid_text(domain, buf));
	sid.sub[sid.count++] = max + 1;
	if ((rc = append(m, &sid, name, CADCOM_PRINCIPAL_GROUP, scope)))
		return rc;
	*out = sid;
	return 0;
}

static int mem_member(void *impl, const struct cadcom_sid *group, size_t index,
		      struct cadcom_sid *out)
{
	struct mem_principal *g;
	char buf[SID_TEXT_MAX];
	int rc;

	if ((rc = find_group(impl, group, &g)))
		return rc;
	if (index >= g->nmembers)
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "directory: group %s has no member %zu (it has %zu)",
				     sid_text(group, buf), index, g->nmembers);
	*out = g->members[index];
	return 0;
}

/* Index of `member` in g's members, or g->nmembers. */
static size_t member_at(const struct mem_principal *g, const struct cadcom_sid *member)
{
	size_t i = 0;

	while (i < g->nmembers && !cadcom__sid_eq(&g->members[i], member))
		i++;
	return i;
}

static int mem_is_member(void *impl, const struct cadcom_sid *group,
			 const struct cadcom_sid *member)
{
	struct mem_principal *g;
	int rc;

	if ((rc = find_group(impl, group, &g)))
		return rc;
	return member_at(g, member) < g->nmembers;
}

static int mem_add_member(void *impl, const struct cadcom_sid *group,
			  const struct cadcom_sid *member)
{
	struct cadcom_sid *members;
	struct mem_principal *g;
	int rc;

	if ((rc = find_group(impl, group, &g)))
		return rc;
	if (member_at(g, member) < g->nmembers)
		return 0;
	if (!(members = cadcom__grow(g->members, &g->cap, g->nmembers, sizeof(*members))))
		return cadcom__enomem();
	g->members = members;
	members[g->nmembers++] = *member;
	return 1;
}

/* Keep the others in order: member() indexes must stay meaningful. */
static void take_member(struct mem_principal *g, size_t at)
{
	memmove(&g->members[at], &g->members[at + 1], (g->nmembers - at - 1) * sizeof(*g->members));
	g->nmembers--;
}

static int mem_remove_member(void *impl, const struct cadcom_sid *group,
			     const struct cadcom_sid *member)
{
	struct mem_principal *g;
	size_t at;
	int rc;

	if ((rc = find_group(impl, group, &g)))
		return rc;
	if ((at = member_at(g, member)) == g->nmembers)
		return 0;
	take_member(g, at);
	return 1;
}

/* Like a real directory: the group's own memberships go with it, and so
 * does its place in every other group. */
static int mem_delete_group(void *impl, const struct cadcom_sid *group)
{
	struct memdir *m = impl;
	struct mem_principal *g;
	struct cadcom_sid *deleted;
	size_t at;
	int rc;

	if ((rc = find_group(m, group, &g)))
		return rc;
	if (!(deleted = cadcom__grow(m->deleted, &m->capdeleted, m->ndeleted, sizeof(*deleted))))
		return cadcom__enomem();
	m->deleted = deleted;
	deleted[m->ndeleted++] = *group;
	free(g->name);
	free(g->members);
	at = (size_t)(g - m->items);
	/* Keep the others in order: principal() indexes must stay meaningful. */
	memmove(g, g + 1, (m->count - at - 1) * sizeof(*g));
	m->count--;
	for (size_t i = 0; i < m->count; i++)
		if ((at = member_at(&m->items[i], group)) < m->items[i].nmembers)
			take_member(&m->items[i], at);
	return 0;
}

static int mem_principal(void *impl, size_t index, struct cadcom_sid *sid, const char **name,
			 int *kind, int *scope)
{
	struct memdir *m = impl;
	const struct mem_principal *p;

	if (index >= m->count)
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "directory: no principal %zu (the directory holds %zu)", index,
				     m->count);
	p = &m->items[index];
	if (sid)
		*sid = p->sid;
	if (name)
		*name = p->name;
	if (kind)
		*kind = p->kind;
	if (scope)
		*scope = p->scope;
	return 0;
}

static void mem_free(void *impl)
{
	struct memdir *m = impl;

	for (size_t i = 0; i < m->count; i++) {
		free(m->items[i].name);
		free(m->items[i].members);
	}
	free(m->items);
	free(m->deleted);
	free(m);
}

static const struct directory_ops memory_ops = {
	.add = mem_add,
	.lookup_name = mem_lookup_name,
	.lookup_sid = mem_lookup_sid,
	.info = mem_info,
	.create_group = mem_create_group,
	.member = mem_member,
	.is_member = mem_is_member,
	.add_member = mem_add_member,
	.remove_member = mem_remove_member,
	.delete_group = mem_delete_group,
	.principal = mem_principal,
	.free = mem_free,
};

int cadcom_directory_new_memory(cadcom_directory **out)
{
	struct cadcom_directory *dir;

	if (!out)
		return null_arg("create a directory");
	*out = NULL;
	if (!(dir = calloc(1, sizeof(*dir))) || !(dir->impl = calloc(1, sizeof(struct memdir)))) {
		free(dir);
		return cadcom__enomem();
	}
	dir->ops = &memory_ops;
	*out = dir;
	return 0;
}

/* ---- tokens ---------------------------------------------------------------- */

/* Is any member of `group` in the token? */
static int holds_token_sid(cadcom_directory *dir, const struct cadcom_sid *group,
			   const cadcom_token *t)
{
	cadcom_sid *m = NULL;
	int found = 0;

	for (size_t j = 0; !found && cadcom_directory_member(dir, group, j, &m) == 0; j++) {
		found = cadcom_token_has_sid(t, m) != 0;
		cadcom_sid_free(m);
		m = NULL;
	}
	return found;
}

int cadcom_token_from_directory(cadcom_directory *dir, const cadcom_sid *sid, int logon,
				cadcom_token **out)
{
	cadcom_token *t = NULL;
	bool grew = true;
	int rc;

	if (!dir || !sid || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	if (dir->ops->token)
		return dir->ops->token(dir->impl, sid, logon, out);
	if (!dir->ops->principal)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "token: this directory cannot list its groups");
	if ((rc = cadcom_token_new(&t, sid)) || (rc = cadcom_token_add_logon_sids(t, logon)))
		goto fail;
	/* Group nesting: add every group holding a SID of the token until
	 * nothing changes (the directory is small; this is what tokenGroups
	 * computes on a DC). */
	while (grew && rc == 0) {
		struct cadcom_sid g;
		const char *name;
		int kind, scope;

		grew = false;
		for (size_t i = 0; rc == 0 && dir->ops->principal(dir->impl, i, &g, &name, &kind, &scope) == 0;
		     i++) {
			if (kind != CADCOM_PRINCIPAL_GROUP || cadcom_token_has_sid(t, &g))
				continue;
			if (holds_token_sid(dir, &g, t)) {
				rc = cadcom_token_add_group(t, &g, 0);
				grew = true;
			}
		}
	}
	if (rc)
		goto fail;
	*out = t;
	return 0;
fail:
	cadcom_token_free(t);
	return rc;
}
