/*
 * Group scopes: who may be a member of which group (include/cadcom/scope.h).
 *
 * Every membership rule is one row of scope_rules[], with its source; the
 * rest records the environment (domains, forests, trusts, computers with
 * their own SAM) and works out where a principal lives, because the rules
 * speak of "the same domain" and "a trusted domain".  doc/SCOPE.md has the
 * table in prose and the choices made where Microsoft's documentation is
 * silent.  Identity is the SID: names find homes and fill sentences.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "cadcom/scope.h"

/* A domain or a computer with its own SAM.  One namespace for both, so that
 * a home name always means one thing. */
struct env_entry {
	char *name;            /* as the caller spelled it */
	struct cadcom_sid sid; /* S-1-5-21-a-b-c */
	bool machine;
	size_t root;   /* domain: index of its forest root (itself for a root) */
	bool joined;   /* computer: joined to a domain ... */
	size_t domain; /* ... whose index this is */
};

struct env_trust {
	size_t trusting, trusted; /* entry indexes of domains */
	int kind;                 /* CADCOM_TRUST_* */
};

struct cadcom_env {
	struct env_entry *entries;
	size_t count, cap;
	struct env_trust *trusts;
	size_t ntrusts, cap_trusts;
};

struct cadcom_principal {
	int kind, scope;
	struct cadcom_sid sid;
	char *home; /* as given, or NULL: derived from the SID when used */
	char *name; /* for sentences only, or NULL */
};

/* ---- small helpers ---------------------------------------------------- */

/* Longest SID text: "S-1-0x" + 12 hex digits + 15 * "-4294967295". */
#define SID_TEXT_MAX 192

/* A SID as text for a message (a failed allocation degrades only the text). */
static const char *sid_text(const struct cadcom_sid *sid, char buf[SID_TEXT_MAX])
{
	struct strbuf sb = { 0 };

	cadcom__sid_format(&sb, sid);
	snprintf(buf, SID_TEXT_MAX, "%s", (sb.failed || !sb.buf) ? "(a SID)" : sb.buf);
	free(sb.buf);
	return buf;
}

/* What a sentence calls a principal: its name if given, else its SID. */
static const char *label(const cadcom_principal *p, char buf[SID_TEXT_MAX])
{
	return (p->name && *p->name) ? p->name : sid_text(&p->sid, buf);
}

/* The domain or computer called `name` (DNS and NetBIOS names ignore case). */
static bool find_entry(const cadcom_env *env, const char *name, size_t *at)
{
	for (size_t i = 0; i < env->count; i++)
		if (strcasecmp(env->entries[i].name, name) == 0) {
			*at = i;
			return true;
		}
	return false;
}

static bool find_domain(const cadcom_env *env, const char *name, size_t *at)
{
	return find_entry(env, name, at) && !env->entries[*at].machine;
}

static int no_domain(const char *name)
{
	return cadcom__error(CADCOM_ENOTFOUND, -1,
			     "environment: domain \"%s\" is not in the environment", name);
}

/* Checks shared by new domains and new computers, then room for one. */
static int check_new_entry(cadcom_env *env, const char *what, const char *name,
			   const struct cadcom_sid *sid)
{
	struct env_entry *e;
	char buf[SID_TEXT_MAX];
	size_t at;

	if (!*name)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: empty %s name", what);
	if (!cadcom__sid_is_domain(sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "environment: SID %s of %s \"%s\" is not of the form S-1-5-21-a-b-c",
				     sid_text(sid, buf), what, name);
	if (find_entry(env, name, &at))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "environment: \"%s\" is already in the environment", name);
	for (size_t i = 0; i < env->count; i++)
		if (cadcom_sid_equal(&env->entries[i].sid, sid))
			return cadcom__error(CADCOM_EINVAL, -1,
					     "environment: SID %s of %s \"%s\" is already the SID of "
					     "\"%s\"", sid_text(sid, buf), what, name,
					     env->entries[i].name);
	if (!(e = cadcom__grow(env->entries, &env->cap, env->count, sizeof(*e))))
		return cadcom__enomem();
	env->entries = e;
	return 0;
}

/* Append the entry that check_new_entry() made room for. */
static int add_entry(cadcom_env *env, const char *name, struct env_entry e)
{
	if (!(e.name = cadcom__strdup(name)))
		return cadcom__enomem();
	env->entries[env->count++] = e;
	return 0;
}

/* ---- the environment -------------------------------------------------- */

int cadcom_env_new(cadcom_env **out)
{
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: NULL argument");
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : cadcom__enomem();
}

void cadcom_env_free(cadcom_env *env)
{
	if (!env)
		return;
	for (size_t i = 0; i < env->count; i++)
		free(env->entries[i].name);
	free(env->entries);
	free(env->trusts);
	free(env);
}

int cadcom_env_add_domain(cadcom_env *env, const char *name, const cadcom_sid *sid,
			  const char *forest)
{
	size_t root;
	int rc;

	if (!env || !name || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: NULL argument to add a domain");
	root = env->count; /* its own root unless a forest names another */
	if (forest && strcasecmp(forest, name) != 0) {
		if (!find_domain(env, forest, &root))
			return cadcom__error(CADCOM_ENOTFOUND, -1,
					     "environment: forest root \"%s\" of domain \"%s\" is not "
					     "in the environment (add the root first)", forest, name);
		if (env->entries[root].root != root)
			return cadcom__error(CADCOM_EINVAL, -1,
					     "environment: \"%s\", named as the forest root of \"%s\", "
					     "is not a forest root (its root is \"%s\")", forest, name,
					     env->entries[env->entries[root].root].name);
	}
	if ((rc = check_new_entry(env, "domain", name, sid)))
		return rc;
	return add_entry(env, name, (struct env_entry){ .sid = *sid, .root = root });
}

int cadcom_env_add_trust(cadcom_env *env, const char *trusting, const char *trusted, int kind)
{
	struct env_trust *t;
	size_t a, b;

	if (!env || !trusting || !trusted)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: NULL argument to add a trust");
	if (kind != CADCOM_TRUST_EXTERNAL && kind != CADCOM_TRUST_FOREST)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "environment: unknown trust kind %d from \"%s\" to \"%s\"", kind,
				     trusting, trusted);
	if (!find_domain(env, trusting, &a) || !find_domain(env, trusted, &b))
		return no_domain(find_domain(env, trusting, &a) ? trusted : trusting);
	if (a == b)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: domain \"%s\" cannot trust itself",
				     trusting);
	/* A forest trust is made between the two forest root domains. */
	if (kind == CADCOM_TRUST_FOREST && (env->entries[a].root != a || env->entries[b].root != b)) {
		const struct env_entry *bad = &env->entries[env->entries[a].root != a ? a : b];
		return cadcom__error(CADCOM_EINVAL, -1,
				     "environment: a forest trust joins forest root domains; \"%s\" "
				     "is not one (its root is \"%s\")", bad->name,
				     env->entries[bad->root].name);
	}
	if (!(t = cadcom__grow(env->trusts, &env->cap_trusts, env->ntrusts, sizeof(*t))))
		return cadcom__enomem();
	env->trusts = t;
	t[env->ntrusts++] = (struct env_trust){ .trusting = a, .trusted = b, .kind = kind };
	return 0;
}

int cadcom_env_add_machine(cadcom_env *env, const char *name, const cadcom_sid *sid,
			   const char *domain)
{
	size_t at = 0;
	int rc;

	if (!env || !name || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: NULL argument to add a computer");
	if (domain && !find_domain(env, domain, &at))
		return no_domain(domain);
	if ((rc = check_new_entry(env, "computer", name, sid)))
		return rc;
	return add_entry(env, name, (struct env_entry){ .sid = *sid, .machine = true,
							 .joined = domain != NULL, .domain = at });
}

/* trusts(A, B): the same domain or forest (a forest's domains trust each
 * other transitively), an external trust A -> B (not transitive), or a forest
 * trust from A's forest root to B's (every domain of both forests; it does
 * not chain through a third forest). */
static bool domain_trusts(const cadcom_env *env, size_t a, size_t b)
{
	size_t ra = env->entries[a].root, rb = env->entries[b].root;

	if (ra == rb)
		return true;
	for (size_t i = 0; i < env->ntrusts; i++) {
		const struct env_trust *t = &env->trusts[i];
		if (t->kind == CADCOM_TRUST_EXTERNAL && t->trusting == a && t->trusted == b)
			return true;
		if (t->kind == CADCOM_TRUST_FOREST && t->trusting == ra && t->trusted == rb)
			return true;
	}
	return false;
}

int cadcom_env_trusts(const cadcom_env *env, const char *trusting, const char *trusted)
{
	size_t a, b;

	if (!env || !trusting || !trusted)
		return cadcom__error(CADCOM_EINVAL, -1, "environment: NULL argument to check a trust");
	if (!find_domain(env, trusting, &a) || !find_domain(env, trusted, &b))
		return no_domain(find_domain(env, trusting, &a) ? trusted : trusting);
	return domain_trusts(env, a, b);
}

/* ---- principals ------------------------------------------------------- */

int cadcom_principal_new(cadcom_principal **out, int kind, int scope, const cadcom_sid *sid,
			 const char *home, const char *name)
{
	struct cadcom_principal *p;
	char buf[SID_TEXT_MAX];
	const char *who;

	if (!out || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "principal: NULL argument");
	who = name && *name ? name : sid_text(sid, buf);
	if (kind < CADCOM_PRINCIPAL_USER || kind > CADCOM_PRINCIPAL_WELL_KNOWN)
		return cadcom__error(CADCOM_EINVAL, -1, "principal: unknown kind %d for %s", kind, who);
	if (scope < CADCOM_SCOPE_NONE || scope > CADCOM_SCOPE_COMPUTER_LOCAL)
		return cadcom__error(CADCOM_EINVAL, -1, "principal: unknown scope %d for %s", scope, who);
	if (kind == CADCOM_PRINCIPAL_GROUP && scope == CADCOM_SCOPE_NONE)
		return cadcom__error(CADCOM_EINVAL, -1, "principal: group %s needs a group scope", who);
	if (kind != CADCOM_PRINCIPAL_GROUP && scope != CADCOM_SCOPE_NONE)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "principal: %s is not a group and cannot have a group scope", who);
	if (home && !*home)
		return cadcom__error(CADCOM_EINVAL, -1, "principal: empty home for %s", who);
	if (kind == CADCOM_PRINCIPAL_WELL_KNOWN && home)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "principal: well-known principal %s belongs to no domain or "
				     "computer, yet home \"%s\" was given", who, home);
	if (scope == CADCOM_SCOPE_BUILTIN_LOCAL && !home)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "principal: builtin local group %s needs a home: S-1-5-32-x is "
				     "the same SID on every domain and computer", who);
	if (!(p = calloc(1, sizeof(*p))))
		return cadcom__enomem();
	p->kind = kind;
	p->scope = scope;
	p->sid = *sid;
	if ((home && !(p->home = cadcom__strdup(home))) ||
	    (name && !(p->name = cadcom__strdup(name)))) {
		cadcom_principal_free(p);
		return cadcom__enomem();
	}
	*out = p;
	return 0;
}

void cadcom_principal_free(cadcom_principal *p)
{
	if (!p)
		return;
	free(p->home);
	free(p->name);
	free(p);
}

int cadcom_principal_kind(const cadcom_principal *p)
{
	return p ? p->kind : cadcom__error(CADCOM_EINVAL, -1, "principal: NULL argument");
}

int cadcom_principal_scope(const cadcom_principal *p)
{
	return p ? p->scope : cadcom__error(CADCOM_EINVAL, -1, "principal: NULL argument");
}

const cadcom_sid *cadcom_principal_sid(const cadcom_principal *p)
{
	return p ? &p->sid : NULL;
}

const char *cadcom_principal_home(const cadcom_principal *p)
{
	return p ? p->home : NULL;
}

const char *cadcom_principal_name(const cadcom_principal *p)
{
	return p ? p->name : NULL;
}

/* ---- where a principal lives ------------------------------------------ */

struct place {
	bool none;       /* a well-known principal: no home */
	size_t entry;    /* its home */
	bool has_domain; /* the home domain, or the domain a computer joined */
	size_t domain;
};

static const struct env_entry *home_of(const cadcom_env *env, const struct place *pl)
{
	return &env->entries[pl->entry];
}

/* Where `p` lives: the home given, else the domain or computer whose SID is
 * the domain part of p's SID; then checked against p's kind and scope. */
static int locate(const cadcom_env *env, const cadcom_principal *p, struct place *pl)
{
	char b1[SID_TEXT_MAX], b2[SID_TEXT_MAX];
	const struct env_entry *h;
	bool found = false;

	memset(pl, 0, sizeof(*pl));
	if ((pl->none = p->kind == CADCOM_PRINCIPAL_WELL_KNOWN))
		return 0;
	if (p->home && !find_entry(env, p->home, &pl->entry))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "scope: home \"%s\" of %s is not a domain or computer of the "
				     "environment", p->home, label(p, b1));
	for (size_t i = 0; !p->home && !found && i < env->count; i++)
		if ((found = cadcom_sid_in_domain(&p->sid, &env->entries[i].sid)))
			pl->entry = i;
	if (!p->home && !found)
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "scope: no domain or computer of the environment holds %s (SID "
				     "%s); add its domain or give its home", label(p, b1),
				     sid_text(&p->sid, b2));
	h = home_of(env, pl);
	/* The SID decides, so a home that does not hold it is a mistake;
	 * builtin SIDs (S-1-5-32-x) are the same in every home. */
	if (p->scope != CADCOM_SCOPE_BUILTIN_LOCAL && !cadcom_sid_in_domain(&p->sid, &h->sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "scope: %s (SID %s) is not an account of its home \"%s\"",
				     label(p, b1), sid_text(&p->sid, b2), h->name);
	pl->has_domain = !h->machine || h->joined;
	pl->domain = h->machine ? h->domain : pl->entry;
	if (h->machine && (p->scope == CADCOM_SCOPE_GLOBAL || p->scope == CADCOM_SCOPE_UNIVERSAL ||
			   p->scope == CADCOM_SCOPE_DOMAIN_LOCAL))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "scope: %s has a domain group scope, but its home \"%s\" is a "
				     "computer", label(p, b1), h->name);
	if (!h->machine && p->scope == CADCOM_SCOPE_COMPUTER_LOCAL)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "scope: %s is a computer-local group, but its home \"%s\" is a "
				     "domain", label(p, b1), h->name);
	if (h->machine && p->kind == CADCOM_PRINCIPAL_COMPUTER)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "scope: computer account %s must live in a domain, not in the "
				     "SAM of computer \"%s\"", label(p, b1), h->name);
	return 0;
}

static int locate_pair(const cadcom_env *env, const cadcom_principal *group,
		       const cadcom_principal *member, struct place *gp, struct place *mp)
{
	char buf[SID_TEXT_MAX];
	int rc;

	if (!env || !group || !member)
		return cadcom__error(CADCOM_EINVAL, -1, "scope: NULL argument");
	if (group->kind != CADCOM_PRINCIPAL_GROUP)
		return cadcom__error(CADCOM_EINVAL, -1, "scope: %s is not a group",
				     label(group, buf));
	if ((rc = locate(env, group, gp)))
		return rc;
	return locate(env, member, mp);
}

/* ---- the rules -------------------------------------------------------- */

/* What a principal is, for the rules.  Bits, so that one row can name
 * several.  A builtin local group follows other rules on a domain's DCs than
 * in a computer's own SAM. */
enum {
	M_ACCOUNT = 1 << 0,    /* user or computer of a domain */
	M_LOCAL_USER = 1 << 1, /* user in a computer's own SAM */
	M_GLOBAL = 1 << 2,
	M_UNIVERSAL = 1 << 3,
	M_DOMAIN_LOCAL = 1 << 4,
	M_DOMAIN_BUILTIN = 1 << 5,  /* CN=Builtin of a domain */
	M_MACHINE_BUILTIN = 1 << 6, /* BUILTIN of a computer's own SAM */
	M_COMPUTER_LOCAL = 1 << 7,
	M_WELL_KNOWN = 1 << 8,
	M_DOMAIN_PRINCIPALS = M_ACCOUNT | M_GLOBAL | M_UNIVERSAL,
	M_BUILTIN = M_DOMAIN_BUILTIN | M_MACHINE_BUILTIN,
	M_ANY = 0x1ff
};

/* The same bits where they name the group. */
enum {
	G_GLOBAL = M_GLOBAL,
	G_UNIVERSAL = M_UNIVERSAL,
	G_DOMAIN_LOCAL = M_DOMAIN_LOCAL,
	G_DOMAIN_BUILTIN = M_DOMAIN_BUILTIN,
	G_MACHINE_BUILTIN = M_MACHINE_BUILTIN,
	G_COMPUTER_LOCAL = M_COMPUTER_LOCAL,
	G_RESOURCE = G_DOMAIN_LOCAL | G_DOMAIN_BUILTIN,
	G_MACHINE = G_MACHINE_BUILTIN | G_COMPUTER_LOCAL
};

/* Where the member must come from, relative to the group.  For a group in
 * a computer's SAM "its domain" is the domain the computer is joined to. */
enum where {
	W_ANY,
	W_SAME_DOMAIN,
	W_SAME_FOREST,
	W_TRUSTED,      /* domain_trusts(group's domain, member's domain) */
	W_SAME_MACHINE, /* the member lives in the group's own SAM */
	W_STANDALONE    /* the group's computer is joined to no domain */
};

struct scope_rule {
	unsigned group;   /* G_* bits */
	unsigned members; /* M_* bits */
	enum where where;
	bool allow;
	const char *rule; /* the end of the sentence */
};

/*
 * THE RULES.  The first row whose group, member and `where` all match
 * decides; every group class ends with an M_ANY row.  Sources:
 *   [SCOPE]  MicrosoftDocs/windowsserverdocs, identity/ad-ds/manage/
 *            understand-security-groups.md, "Group scope" table and the
 *            default groups' tables
 *   [NEST]   MicrosoftDocs/win32, desktop-src/AD/nesting-in-native-mode.md
 *   [LOCAL]  MicrosoftDocs/win32, desktop-src/AD/adding-domain-objects-to-
 *            local-groups.md (same text: enumerating-local-groups.md)
 *   [WINERR] Windows system error codes 8516-8520, 8548, 8549
 *   [SAMR]   MS-SAMR 3.1.1.8.9 "member" (foreign security principals)
 */
static const struct scope_rule scope_rules[] = {
	/* Global.  [SCOPE] row Global: "Accounts from the same domain; Other
	 * Global groups from the same domain"; [NEST]: "cannot contain any
	 * universal groups, or any global group or account from another
	 * domain"; [WINERR] 8516, 8517, 8519. */
	{ G_GLOBAL, M_ACCOUNT | M_GLOBAL, W_SAME_DOMAIN, true,
	  "a global group accepts users, computers and global groups of its own domain" },
	{ G_GLOBAL, M_ACCOUNT, W_ANY, false,
	  "a global group accepts users and computers of its own domain only" },
	{ G_GLOBAL, M_GLOBAL, W_ANY, false, "global groups nest only within their own domain" },
	{ G_GLOBAL, M_UNIVERSAL, W_ANY, false, "a global group cannot contain universal groups" },
	{ G_GLOBAL, M_ANY, W_ANY, false,
	  "a global group contains only users, computers and global groups of its own domain" },

	/* Universal.  [SCOPE] row Universal: accounts, global and universal
	 * groups "from any domain in the same forest"; [NEST]; [WINERR] 8518
	 * "A universal group cannot have a local group as a member", 8549
	 * "Foreign security principals cannot be members of universal groups"
	 * (a well-known SID would be one, [SAMR]). */
	{ G_UNIVERSAL, M_DOMAIN_PRINCIPALS, W_SAME_FOREST, true,
	  "a universal group accepts users, computers, global and universal groups from any "
	  "domain of its forest" },
	{ G_UNIVERSAL, M_DOMAIN_PRINCIPALS, W_ANY, false,
	  "a universal group accepts members from its own forest only" },
	{ G_UNIVERSAL, M_DOMAIN_LOCAL, W_ANY, false,
	  "a universal group cannot contain domain local groups" },
	{ G_UNIVERSAL, M_WELL_KNOWN, W_ANY, false,
	  "a universal group cannot contain well-known principals, which would be foreign "
	  "security principals" },
	{ G_UNIVERSAL, M_ANY, W_ANY, false,
	  "a universal group contains only users, computers, global and universal groups of "
	  "its forest" },

	/* OUR CHOICE (doc/SCOPE.md): no source found says that one builtin
	 * group may contain another; refused until one does. */
	{ G_DOMAIN_BUILTIN, M_BUILTIN, W_ANY, false,
	  "builtin local groups do not contain other builtin local groups (no documented rule "
	  "allows it)" },

	/* Domain local.  [SCOPE] row Domain Local: accounts and global groups
	 * "from any domain" (a domain this one trusts: else the member cannot
	 * be resolved), universal groups from the forest and "from other
	 * forests and from external domains", "Other Domain Local groups from
	 * the same domain"; [NEST]; [WINERR] 8520; well-known SIDs are stored
	 * as foreign security principals ([SAMR]).  A domain's builtin local
	 * groups follow the same rows: MS-ADTS 6.1.1.4.12 (groupType
	 * BUILTIN_LOCAL|RESOURCE), MS-ADCAP 3.1.4.2.1 (reported as
	 * DomainLocal), [SCOPE] (Builtin container groups "are defined with
	 * the Domain Local scope"; Users holds Domain Users; the domain local
	 * DHCP Administrators is a member of Users). */
	{ G_RESOURCE, M_ACCOUNT, W_TRUSTED, true,
	  "a domain local group accepts users and computers from domains its domain trusts" },
	{ G_RESOURCE, M_GLOBAL, W_TRUSTED, true,
	  "a domain local group accepts global groups from domains its domain trusts" },
	{ G_RESOURCE, M_UNIVERSAL, W_TRUSTED, true,
	  "a domain local group accepts universal groups from its forest and from trusted "
	  "domains and forests" },
	{ G_RESOURCE, M_DOMAIN_PRINCIPALS, W_ANY, false,
	  "a domain local group accepts members only from domains its domain trusts" },
	{ G_RESOURCE, M_DOMAIN_LOCAL, W_SAME_DOMAIN, true,
	  "a domain local group accepts domain local groups of its own domain" },
	{ G_RESOURCE, M_DOMAIN_LOCAL, W_ANY, false,
	  "domain local groups nest only within their own domain" },
	{ G_RESOURCE, M_WELL_KNOWN, W_ANY, true,
	  "a domain local group accepts well-known principals, stored as foreign security "
	  "principals" },
	{ G_RESOURCE, M_BUILTIN, W_ANY, false,
	  "a domain local group cannot contain builtin local groups" },
	{ G_RESOURCE, M_ANY, W_ANY, false,
	  "a domain local group cannot contain a computer's own users or groups" },

	/* A computer's own groups.  UNVERIFIED: the [SCOPE] table has no row
	 * for them (doc/SCOPE.md).  [LOCAL]: universal and global groups of
	 * the computer's forest, domain local groups of its domain, users;
	 * [SCOPE]: domain local groups join "Local groups on computers in the
	 * same domain, excluding built-in groups that have well-known security
	 * identifiers", universal groups those "in the same forest or trusting
	 * forests"; NetLocalGroupAddMembers adds "user accounts or global group
	 * accounts" (no local groups); KB 903220: Everyone. */
	{ G_MACHINE, M_LOCAL_USER, W_SAME_MACHINE, true,
	  "a computer's own group accepts the local users of that computer" },
	{ G_MACHINE, M_LOCAL_USER, W_ANY, false,
	  "a computer's own group accepts local users of its own computer only" },
	{ G_MACHINE, M_WELL_KNOWN, W_ANY, true, "a computer's own group accepts well-known principals" },
	{ G_MACHINE, M_COMPUTER_LOCAL | M_BUILTIN, W_ANY, false,
	  "a computer's local groups do not nest, so they cannot contain computer-local or builtin "
	  "local groups" },
	{ G_MACHINE, M_ANY, W_STANDALONE, false,
	  "a standalone computer's groups accept only its own local users and well-known "
	  "principals" },
	{ G_MACHINE, M_DOMAIN_PRINCIPALS, W_TRUSTED, true,
	  "a computer's own group accepts users, computers, global and universal groups from "
	  "domains its computer's domain trusts" },
	{ G_MACHINE, M_DOMAIN_PRINCIPALS, W_ANY, false,
	  "a computer's own group accepts domain members only from domains its computer's "
	  "domain trusts" },
	{ G_COMPUTER_LOCAL, M_DOMAIN_LOCAL, W_SAME_DOMAIN, true,
	  "a computer-local group accepts domain local groups of its computer's domain" },
	{ G_COMPUTER_LOCAL, M_DOMAIN_LOCAL, W_ANY, false,
	  "a computer-local group accepts domain local groups of its computer's own domain only" },
	{ G_MACHINE_BUILTIN, M_ANY, W_ANY, false,
	  "a computer's builtin groups (well-known SIDs) cannot contain domain local groups" },
	/* A safety net that ends every search: each class above ends with M_ANY. */
	{ ~0u, M_ANY, W_ANY, false, "no rule allows it" },
};

static unsigned classify(const cadcom_env *env, const cadcom_principal *p,
			 const struct place *pl)
{
	bool machine = !pl->none && home_of(env, pl)->machine;

	if (p->kind == CADCOM_PRINCIPAL_WELL_KNOWN)
		return M_WELL_KNOWN;
	if (p->kind != CADCOM_PRINCIPAL_GROUP)
		return machine ? M_LOCAL_USER : M_ACCOUNT;
	switch (p->scope) {
	case CADCOM_SCOPE_GLOBAL:
		return M_GLOBAL;
	case CADCOM_SCOPE_UNIVERSAL:
		return M_UNIVERSAL;
	case CADCOM_SCOPE_DOMAIN_LOCAL:
		return M_DOMAIN_LOCAL;
	case CADCOM_SCOPE_BUILTIN_LOCAL:
		return machine ? M_MACHINE_BUILTIN : M_DOMAIN_BUILTIN;
	default:
		return M_COMPUTER_LOCAL;
	}
}

/* Only a member that lives in a domain has "its domain" here: a local user
 * is compared by computer, never by the domain its computer is joined to. */
static bool where_holds(const cadcom_env *env, enum where w, const struct place *gp,
			const struct place *mp)
{
	bool g_machine = home_of(env, gp)->machine;
	bool m_machine = !mp->none && home_of(env, mp)->machine;
	bool both = gp->has_domain && !mp->none && !m_machine;

	switch (w) {
	case W_SAME_DOMAIN:
		return both && gp->domain == mp->domain;
	case W_SAME_FOREST:
		return both && env->entries[gp->domain].root == env->entries[mp->domain].root;
	case W_TRUSTED:
		return both && domain_trusts(env, gp->domain, mp->domain);
	case W_SAME_MACHINE:
		return g_machine && m_machine && gp->entry == mp->entry;
	case W_STANDALONE:
		return g_machine && !gp->has_domain;
	default:
		return true;
	}
}

static const struct scope_rule *find_rule(const cadcom_env *env, unsigned gclass,
					  unsigned mclass, const struct place *gp,
					  const struct place *mp)
{
	const struct scope_rule *r = scope_rules;

	while (!((r->group & gclass) && (r->members & mclass) && where_holds(env, r->where, gp, mp)))
		r++;
	return r;
}

static const char *const scope_words[] = {
	[CADCOM_SCOPE_GLOBAL] = "global",
	[CADCOM_SCOPE_DOMAIN_LOCAL] = "domain local",
	[CADCOM_SCOPE_UNIVERSAL] = "universal",
	[CADCOM_SCOPE_BUILTIN_LOCAL] = "builtin local",
	[CADCOM_SCOPE_COMPUTER_LOCAL] = "computer-local",
};

/* "the global group FABRIKAM\Domain Users of fabrikam.test" */
static void put_member(struct strbuf *sb, const cadcom_env *env, const cadcom_principal *m,
		       const struct place *mp)
{
	char buf[SID_TEXT_MAX];

	if (m->kind == CADCOM_PRINCIPAL_WELL_KNOWN) {
		sb_puts(sb, "the well-known principal ");
	} else if (m->kind == CADCOM_PRINCIPAL_GROUP) {
		sb_puts(sb, "the ");
		sb_puts(sb, scope_words[m->scope]);
		sb_puts(sb, " group ");
	} else if (m->kind == CADCOM_PRINCIPAL_COMPUTER) {
		sb_puts(sb, "the computer ");
	} else {
		sb_puts(sb, home_of(env, mp)->machine ? "the local user " : "the user ");
	}
	sb_puts(sb, label(m, buf));
	if (!mp->none) {
		sb_puts(sb, " of ");
		sb_puts(sb, home_of(env, mp)->name);
	}
}

/* "a domain local group of contoso.test (CONTOSO\X) cannot contain ...: <rule>" */
static int explain(const cadcom_env *env, const cadcom_principal *g, const struct place *gp,
		   const cadcom_principal *m, const struct place *mp, const struct scope_rule *r,
		   char **why)
{
	unsigned gclass = classify(env, g, gp);
	struct strbuf sb = { 0 };
	char buf[SID_TEXT_MAX];

	sb_puts(&sb, "a ");
	sb_puts(&sb, scope_words[g->scope]);
	sb_puts(&sb, " group of ");
	sb_puts(&sb, home_of(env, gp)->name);
	sb_puts(&sb, " (");
	sb_puts(&sb, label(g, buf));
	sb_puts(&sb, r->allow ? ") may contain " : ") cannot contain ");
	put_member(&sb, env, m, mp);
	sb_puts(&sb, ": ");
	if (gclass == G_DOMAIN_BUILTIN && (r->group & G_DOMAIN_LOCAL))
		sb_puts(&sb, "a domain's builtin local group follows the domain local rules, and ");
	sb_puts(&sb, r->rule);
	return sb_finish(&sb, why);
}

int cadcom_scope_may_contain(const cadcom_env *env, const cadcom_principal *group,
			     const cadcom_principal *member, char **why)
{
	const struct scope_rule *r;
	struct place gp, mp;
	int rc;

	if (why)
		*why = NULL;
	if ((rc = locate_pair(env, group, member, &gp, &mp)))
		return rc;
	r = find_rule(env, classify(env, group, &gp), classify(env, member, &mp), &gp, &mp);
	if (why && (rc = explain(env, group, &gp, member, &mp, r, why)))
		return rc;
	return r->allow ? 1 : 0;
}

int cadcom_scope_member_form(const cadcom_env *env, const cadcom_principal *group,
			     const cadcom_principal *member)
{
	struct place gp, mp;
	int rc;

	if ((rc = locate_pair(env, group, member, &gp, &mp)))
		return rc;
	/* A computer's SAM holds alias members as SIDs ([SAMR] 3.1.5.8.4). */
	if (home_of(env, &gp)->machine)
		return CADCOM_MEMBER_SID;
	/* [SAMR] 3.1.1.8.9: a SID whose domain part is no domain SID of the
	 * forest is stored as a foreignSecurityPrincipal: well-known SIDs,
	 * other forests, a computer's own accounts. */
	if (mp.none || home_of(env, &mp)->machine ||
	    env->entries[mp.entry].root != env->entries[gp.entry].root)
		return CADCOM_MEMBER_FOREIGN;
	return CADCOM_MEMBER_DIRECT;
}

/* ---- foreign security principals -------------------------------------- */

/* The container of foreign security principals in a domain NC (MS-ADTS
 * 6.1.1.4.10). */
#define FSP_CONTAINER "CN=ForeignSecurityPrincipals"

/* RFC 4514 2.4: characters an RDN value would have to escape.  No DNS
 * label of an AD domain holds one, so we report it rather than escape. */
static bool dn_special(unsigned char c)
{
	return c < 0x20 || c == 0x7f || (c && strchr(",+\"\\<>;=# ", c));
}

int cadcom_scope_fsp_dn(const cadcom_sid *member, const char *domain, char **out)
{
	struct strbuf sb = { 0 };
	size_t start = 0;

	if (!member || !domain || !out)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "scope: NULL argument to name a foreign security principal");
	for (size_t i = 0;; i++) {
		if (domain[i] == '.' || domain[i] == '\0') {
			if (i == start)
				return cadcom__error(CADCOM_EINVAL, -1,
						     "scope: domain name \"%s\" has an empty label "
						     "at offset %zu", domain, i);
			if (domain[i] == '\0')
				break;
			start = i + 1;
		} else if (dn_special((unsigned char)domain[i])) {
			return cadcom__error(CADCOM_EINVAL, -1,
					     "scope: domain name \"%s\" has \"%c\" at offset %zu, "
					     "which a DNS label cannot hold", domain, domain[i], i);
		}
	}
	sb_puts(&sb, "CN=");
	cadcom__sid_format(&sb, member);
	sb_puts(&sb, "," FSP_CONTAINER ",DC=");
	for (const char *p = domain; *p; p++) {
		if (*p == '.')
			sb_puts(&sb, ",DC=");
		else
			sb_putc(&sb, *p);
	}
	return sb_finish(&sb, out);
}
