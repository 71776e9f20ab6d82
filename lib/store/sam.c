/*
 * The directory of a remote target: the computer's own SAM over samr for
 * its local groups (aliases: the builtin domain S-1-5-32 and the account
 * domain), and lsarpc for names and the kind of any SID the computer can
 * resolve (its domain's and trusted domains' too).
 *
 * Both pipes are opened on first use, on the target's SMB session.  The
 * members of the last group read are kept until a change, so walking them
 * by index costs one GetMembersInAlias, not one per member.
 */
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "../rpc/sam.h"

#define BUILTIN_SID_PREFIX "S-1-5-32"

struct sam {
	struct rpc_session *s;
	struct rpc_conn *samr, *lsa;
	struct rpc_handle server, account, builtin, policy;
	struct cadcom_sid account_sid;
	char *account_name;
	int is_dc; /* -1 unknown, 0 member or standalone, 1 domain controller */
	/* The members of `cached` (valid when has_cache). */
	bool has_cache;
	struct cadcom_sid cached, *members;
	size_t nmembers;
	/* Principals the caller described (cadcom_directory_add): another
	 * domain's groups the computer cannot resolve because the trust is
	 * not (yet) there.  A memory directory, never written to the server;
	 * NULL until the first. */
	cadcom_directory *described;
};

static const struct cadcom_sid builtin_sid = { 1, 1, 5, { 32 } };

static int lsa(struct sam *m)
{
	int rc;

	if (m->lsa)
		return 0;
	if ((rc = rpc_session_pipe(m->s, &rpc_lsarpc, &m->lsa)) ||
	    (rc = lsa_open_policy2(m->lsa, LSA_POLICY_LOOKUP_NAMES | LSA_POLICY_VIEW_LOCAL_INFORMATION,
				   &m->policy))) {
		m->lsa = NULL;
		return rc;
	}
	return 0;
}

/* samr: the server, the account domain (the one that is not Builtin) and
 * the builtin domain, opened once. */
static int samr(struct sam *m)
{
	struct rpc_conn *c;
	char **names = NULL;
	size_t n = 0;
	int rc;

	if (m->samr)
		return 0;
	if ((rc = rpc_session_pipe(m->s, &rpc_samr, &c)) ||
	    (rc = samr_connect5(c, SAMR_MAXIMUM_ALLOWED, &m->server)) ||
	    (rc = samr_enum_domains(c, &m->server, &names, &n)))
		goto out;
	for (size_t i = 0; i < n && !m->account_name; i++)
		if (strcasecmp(names[i], "Builtin") && !(m->account_name = cadcom__strdup(names[i])))
			rc = cadcom__enomem();
	if (!rc && !m->account_name)
		rc = cadcom__error(CADCOM_EPROTO, -1, "%s \\pipe\\samr: no account domain among %zu",
				   rpc_session_host(m->s), n);
	if (rc || (rc = samr_lookup_domain(c, &m->server, m->account_name, &m->account_sid)) ||
	    (rc = samr_open_domain(c, &m->server, &m->account_sid, SAMR_MAXIMUM_ALLOWED, &m->account)) ||
	    (rc = samr_open_domain(c, &m->server, &builtin_sid, SAMR_MAXIMUM_ALLOWED, &m->builtin)))
		goto out;
	m->samr = c;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Domain controllers share their account domain with Active Directory, so
 * its aliases are domain local groups; a member server's are computer
 * local.  A DC's account domain has Domain Controllers (RID 516). */
static int is_dc(struct sam *m)
{
	char *name = NULL;
	uint32_t type;
	int rc;

	if (m->is_dc >= 0)
		return m->is_dc;
	if ((rc = samr(m)))
		return rc;
	rc = samr_lookup_rid(m->samr, &m->account, RID_DOMAIN_CONTROLLERS, &name, &type);
	free(name);
	if (rc && rc != CADCOM_ENOTFOUND)
		return rc;
	return m->is_dc = !rc && type == SID_TYPE_GROUP;
}

static int d_lookup_name(void *impl, const char *name, struct cadcom_sid *out)
{
	struct sam *m = impl;
	uint32_t type;
	char *domain = NULL;
	int rc;

	if ((rc = lsa(m)))
		return rc;
	rc = lsa_lookup_name(m->lsa, &m->policy, name, out, &type, &domain);
	free(domain);
	return rc;
}

static int d_lookup_sid(void *impl, const struct cadcom_sid *sid, char **out)
{
	struct sam *m = impl;
	char *domain = NULL, *name = NULL;
	struct strbuf sb = { 0 };
	uint32_t type;
	int rc;

	if (m->described && cadcom_directory_lookup_sid(m->described, sid, out) == 0)
		return 0;
	if ((rc = lsa(m)) || (rc = lsa_lookup_sid(m->lsa, &m->policy, sid, &domain, &name, &type)))
		return rc;
	if (domain && *domain && type != SID_TYPE_WELL_KNOWN)
		sb_printf(&sb, "%s\\%s", domain, name);
	else
		sb_puts(&sb, name);
	free(domain);
	free(name);
	return sb_finish(&sb, out);
}

static int d_info(void *impl, const struct cadcom_sid *sid, int *kind, int *scope)
{
	struct sam *m = impl;
	char *domain = NULL, *name = NULL;
	uint32_t type;
	int rc, dc;

	if (m->described && cadcom_directory_info(m->described, sid, kind, scope) == 0)
		return 0;
	if ((rc = lsa(m)) || (rc = lsa_lookup_sid(m->lsa, &m->policy, sid, &domain, &name, &type)))
		return rc;
	free(domain);
	free(name);
	*scope = CADCOM_SCOPE_NONE;
	switch (type) {
	case SID_TYPE_USER:
		*kind = CADCOM_PRINCIPAL_USER;
		return 0;
	case SID_TYPE_COMPUTER:
		*kind = CADCOM_PRINCIPAL_COMPUTER;
		return 0;
	case SID_TYPE_WELL_KNOWN:
		*kind = CADCOM_PRINCIPAL_WELL_KNOWN;
		return 0;
	case SID_TYPE_GROUP:
		/* LSA does not say global or universal; global is the kind
		 * Domain Users and Domain Computers are (doc/REMOTE.md). */
		*kind = CADCOM_PRINCIPAL_GROUP;
		*scope = CADCOM_SCOPE_GLOBAL;
		return 0;
	case SID_TYPE_ALIAS:
		*kind = CADCOM_PRINCIPAL_GROUP;
		if (cadcom_sid_in_domain(sid, &builtin_sid)) {
			*scope = CADCOM_SCOPE_BUILTIN_LOCAL;
			return 0;
		}
		if ((dc = is_dc(m)) < 0)
			return dc;
		*scope = dc ? CADCOM_SCOPE_DOMAIN_LOCAL : CADCOM_SCOPE_COMPUTER_LOCAL;
		return 0;
	default:
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s: %u is not a principal's kind",
				     rpc_session_host(m->s), type);
	}
}

/* A handle on alias `group` (builtin or account domain) with `access`;
 * a SID of another kind is CADCOM_EKIND with what it is. */
static int open_alias(struct sam *m, const struct cadcom_sid *group, uint32_t access,
		      struct rpc_handle *out)
{
	const struct rpc_handle *domain;
	struct strbuf sid = { 0 };
	char *name = NULL;
	uint32_t type, rid;
	int rc;

	if ((rc = samr(m)))
		return rc;
	cadcom__sid_format(&sid, group);
	if (sid.failed)
		return cadcom__enomem();
	if (cadcom_sid_in_domain(group, &builtin_sid)) {
		domain = &m->builtin;
	} else if (cadcom_sid_in_domain(group, &m->account_sid)) {
		domain = &m->account;
	} else {
		rc = cadcom__error(CADCOM_EKIND, -1,
				   "%s: %s is not a group of this computer's SAM (its domains are %s "
				   "and Builtin): groups of other domains live in their directory",
				   rpc_session_host(m->s), sid.buf, m->account_name);
		goto out;
	}
	rid = group->sub[group->count - 1];
	if ((rc = samr_lookup_rid(m->samr, domain, rid, &name, &type)))
		goto out;
	if (type != SID_TYPE_ALIAS)
		rc = cadcom__error(CADCOM_EKIND, -1, "%s: %s (%s) is a %s, not a local group (alias)%s",
				   rpc_session_host(m->s), name, sid.buf,
				   type == SID_TYPE_GROUP ? "global group" : "principal",
				   type == SID_TYPE_GROUP ? ": its members are kept in Active Directory" : "");
	else
		rc = samr_open_alias(m->samr, domain, rid, access, out);
out:
	free(name);
	free(sid.buf);
	return rc;
}

static void forget_members(struct sam *m)
{
	free(m->members);
	m->members = NULL;
	m->nmembers = 0;
	m->has_cache = false;
}

static int load_members(struct sam *m, const struct cadcom_sid *group)
{
	struct rpc_handle h;
	int rc;

	if (m->has_cache && cadcom__sid_eq(&m->cached, group))
		return 0;
	forget_members(m);
	if ((rc = open_alias(m, group, SAMR_ALIAS_LIST_MEMBERS, &h)))
		return rc;
	rc = samr_alias_members(m->samr, &h, &m->members, &m->nmembers);
	samr_close(m->samr, &h);
	if (rc)
		return rc;
	m->cached = *group;
	m->has_cache = true;
	return 0;
}

static int d_member(void *impl, const struct cadcom_sid *group, size_t index,
		    struct cadcom_sid *out)
{
	struct sam *m = impl;
	int rc;

	if ((rc = load_members(m, group)))
		return rc;
	if (index >= m->nmembers)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "directory: no member %zu", index);
	*out = m->members[index];
	return 0;
}

static int d_is_member(void *impl, const struct cadcom_sid *group, const struct cadcom_sid *member)
{
	struct sam *m = impl;
	int rc;

	if ((rc = load_members(m, group)))
		return rc;
	for (size_t i = 0; i < m->nmembers; i++)
		if (cadcom__sid_eq(&m->members[i], member))
			return 1;
	return 0;
}

/* Add or remove; 1 done, 0 nothing to do (already a member / not one). */
static int change(struct sam *m, const struct cadcom_sid *group, const struct cadcom_sid *member,
		  bool add)
{
	struct rpc_handle h;
	char *name = NULL;
	int rc;

	forget_members(m);
	/* A SID nobody can resolve is refused before the write: Windows
	 * accepts unresolvable SIDs in aliases, and an orphan SID grants
	 * nothing but confusion. */
	if (add && (rc = d_lookup_sid(m, member, &name)))
		return rc;
	free(name);
	if ((rc = open_alias(m, group, add ? SAMR_ALIAS_ADD_MEMBER : SAMR_ALIAS_REMOVE_MEMBER, &h)))
		return rc;
	rc = add ? samr_add_alias_member(m->samr, &h, member)
		 : samr_remove_alias_member(m->samr, &h, member);
	samr_close(m->samr, &h);
	if (rc == CADCOM_ESTATE) /* already a member / not a member */
		return 0;
	return rc ? rc : 1;
}

/* Open the alias for changing its members: Windows checks the rights
 * there (Samba only at the change itself, so there this passes). */
static int d_writable(void *impl, const struct cadcom_sid *group)
{
	struct sam *m = impl;
	struct rpc_handle h;
	int rc = open_alias(m, group, SAMR_ALIAS_ADD_MEMBER | SAMR_ALIAS_REMOVE_MEMBER, &h);

	if (rc == 0)
		samr_close(m->samr, &h);
	return rc;
}

static int d_add_member(void *impl, const struct cadcom_sid *group,
			const struct cadcom_sid *member)
{
	return change(impl, group, member, true);
}

static int d_remove_member(void *impl, const struct cadcom_sid *group,
			   const struct cadcom_sid *member)
{
	return change(impl, group, member, false);
}

static int d_create_group(void *impl, const struct cadcom_sid *domain, const char *name,
			  int scope, struct cadcom_sid *out)
{
	struct sam *m = impl;
	struct rpc_handle h;
	uint32_t rid;
	int rc, dc;

	if ((rc = samr(m)) || (dc = is_dc(m)) < 0)
		return rc ? rc : dc;
	if (!cadcom__sid_eq(domain, &m->account_sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "%s: groups are created in the account domain %s of this computer",
				     rpc_session_host(m->s), m->account_name);
	if (scope != (dc ? CADCOM_SCOPE_DOMAIN_LOCAL : CADCOM_SCOPE_COMPUTER_LOCAL))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "%s: samr creates %s groups here (a %s)", rpc_session_host(m->s),
				     dc ? "domain local" : "computer local",
				     dc ? "domain controller" : "member server");
	rc = samr_create_alias(m->samr, &m->account, name, SAMR_ALIAS_LIST_MEMBERS, &h, &rid);
	if (rc == CADCOM_ESTATE)
		return cadcom__error(CADCOM_EINVAL, -1, "%s: the name %s is taken",
				     rpc_session_host(m->s), name);
	if (rc)
		return rc;
	samr_close(m->samr, &h);
	*out = m->account_sid;
	out->sub[out->count++] = rid;
	return 0;
}

/* Groups Windows made are refused before anything is sent: the builtin
 * domain's (the public function refuses those) and the account domain's
 * below RID 1000 (MS-SAMR 3.1.1.1: well-known accounts, such as a DC's
 * Cert Publishers, 517), which Samba would delete when asked. */
static int d_delete_group(void *impl, const struct cadcom_sid *group)
{
	struct sam *m = impl;
	struct rpc_handle h;
	char text[RPC_SID_TEXT];
	int rc;

	forget_members(m);
	if ((rc = samr(m)))
		return rc;
	if (cadcom_sid_in_domain(group, &m->account_sid) && group->sub[group->count - 1] < 1000)
		return cadcom__error(CADCOM_EKIND, -1, "%s: %s is a group Windows made: not deleted",
				     rpc_session_host(m->s), rpc_sid_text(group, text));
	if ((rc = open_alias(m, group, SAMR_DELETE, &h)))
		return rc;
	/* A delete that fails leaves the handle open. */
	if ((rc = samr_delete_alias(m->samr, &h)))
		samr_close(m->samr, &h);
	return rc;
}

/* Checked by cadcom_directory_add(); a principal described without a name
 * is named by its SID, so that it resolves. */
static int d_add(void *impl, const struct cadcom_sid *sid, const char *name, int kind, int scope)
{
	struct sam *m = impl;
	char *text = NULL;
	int rc;

	if (!m->described && (rc = cadcom_directory_new_memory(&m->described)))
		return rc;
	if (!name && cadcom_sid_to_string(sid, &text))
		return CADCOM_ENOMEM;
	rc = cadcom_directory_add(m->described, sid, name ? name : text, kind, scope);
	cadcom_free(text);
	return rc;
}

static void d_free(void *impl)
{
	struct sam *m = impl;

	forget_members(m);
	cadcom_directory_free(m->described);
	free(m->account_name);
	free(m); /* handles go with the pipes when the session closes */
}

static const struct directory_ops sam_ops = {
	.add = d_add,
	.lookup_name = d_lookup_name,
	.lookup_sid = d_lookup_sid,
	.info = d_info,
	.create_group = d_create_group,
	.member = d_member,
	.is_member = d_is_member,
	.add_member = d_add_member,
	.remove_member = d_remove_member,
	.delete_group = d_delete_group,
	.writable = d_writable,
	.free = d_free,
};

int cadcom__directory_sam(struct rpc_session *s, cadcom_directory *dir)
{
	struct sam *m = calloc(1, sizeof(*m));

	if (!m)
		return cadcom__enomem();
	m->s = s;
	m->is_dc = -1;
	dir->ops = &sam_ops;
	dir->impl = m;
	return 0;
}

void cadcom__directory_sam_move(cadcom_directory *dir, struct rpc_session *s)
{
	struct sam *m = dir->impl;
	/* What the caller described holds on any session. */
	struct sam kept = { .s = s, .is_dc = -1, .described = m->described };

	forget_members(m);
	free(m->account_name);
	*m = kept;
}
