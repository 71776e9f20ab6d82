/*
 * Windows' access check (MS-DTYP 2.5.3.2 "Access Check Algorithm
 * Pseudocode"), with object-type lists as AccessCheckByType takes them and
 * an optional trace of what decided each right.
 *
 * The algorithm keeps, for every element ("node") of the object-type list, the
 * rights still pending (non-MAXIMUM_ALLOWED mode) or the rights allowed so
 * far (MAXIMUM_ALLOWED mode), and the rights denied.  Without a list there is
 * one node, the object.  Node 0 is the object; its state is the verdict.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define GENERIC_BITS                                                                 \
	(CADCOM_ACCESS_GENERIC_READ | CADCOM_ACCESS_GENERIC_WRITE |                    \
	 CADCOM_ACCESS_GENERIC_EXECUTE | CADCOM_ACCESS_GENERIC_ALL)
#define OWNER_IMPLIED (CADCOM_ACCESS_READ_CONTROL | CADCOM_ACCESS_WRITE_DAC)
/* STANDARD_RIGHTS_ALL | SPECIFIC_RIGHTS_ALL: what "everything" means for
 * MAXIMUM_ALLOWED against a missing DACL when no generic mapping is given. */
#define ALL_RIGHTS_UNMAPPED 0x001FFFFFu
#define MAX_LEVEL 4
#define STACK_NODES 8

static const struct cadcom_sid sid_owner_rights = { 1, 1, 3, { 4 } };
static const struct cadcom_sid sid_principal_self = { 1, 1, 5, { 10 } };

struct object_type {
	unsigned level;
	uint8_t guid[16];
};

struct cadcom_access_request {
	bool has_mapping, has_self;
	uint32_t map_read, map_write, map_execute, map_all;
	struct cadcom_sid self;
	size_t count, cap;
	struct object_type *types;
};

struct step {
	size_t ace;
	int what;
	uint32_t bits;
};

struct cadcom_access_result {
	bool allowed;
	uint32_t requested, granted, missing;
	int reason[32];
	long ace[32];
	size_t n_steps;
	struct step *steps;
	size_t n_objects;
	uint32_t *object_granted;
};

/* ---- requests ----------------------------------------------------------- */

int cadcom_access_request_new(cadcom_access_request **out)
{
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "access request: NULL argument");
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : cadcom__enomem();
}

void cadcom_access_request_free(cadcom_access_request *req)
{
	if (!req)
		return;
	free(req->types);
	free(req);
}

int cadcom_access_request_set_generic_mapping(cadcom_access_request *req, uint32_t read,
					      uint32_t write, uint32_t execute, uint32_t all)
{
	if (!req)
		return cadcom__error(CADCOM_EINVAL, -1, "access request: NULL argument");
	if ((read | write | execute | all) & (GENERIC_BITS | CADCOM_ACCESS_MAXIMUM_ALLOWED))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "access request: a generic mapping must map to specific "
				     "and standard rights, not generic ones");
	req->has_mapping = true;
	req->map_read = read;
	req->map_write = write;
	req->map_execute = execute;
	req->map_all = all;
	return 0;
}

int cadcom_access_request_add_object_type(cadcom_access_request *req, unsigned level,
					  const char *guid)
{
	struct object_type *t;

	if (!req || !guid)
		return cadcom__error(CADCOM_EINVAL, -1, "access request: NULL argument");
	if (req->count == 0 ? level != 0
			    : (level == 0 || level > MAX_LEVEL ||
			       level > req->types[req->count - 1].level + 1))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "access request: object type %zu has level %u; the list "
				     "starts with the one level-0 object and goes at most one "
				     "level deeper per element, to level %d",
				     req->count, level, MAX_LEVEL);
	if (!(t = cadcom__grow(req->types, &req->cap, req->count, sizeof(*t))))
		return cadcom__enomem();
	req->types = t;
	t = &req->types[req->count];
	if (strlen(guid) != 36 || !cadcom__guid_parse(guid, t->guid))
		return cadcom__error(CADCOM_EPARSE, 0, "access request: \"%s\" is not a GUID", guid);
	t->level = level;
	req->count++;
	return 0;
}

int cadcom_access_request_set_self(cadcom_access_request *req, const cadcom_sid *self)
{
	if (!req || !self)
		return cadcom__error(CADCOM_EINVAL, -1, "access request: NULL argument");
	req->self = *self;
	req->has_self = true;
	return 0;
}

/* ---- the evaluation ----------------------------------------------------- */

struct eval {
	const struct cadcom_sd *sd;
	const struct cadcom_token *token;
	const struct cadcom_access_request *req;
	bool max_mode, owner;
	size_t n;       /* nodes: 1, or the object-type list's length */
	uint32_t *pend; /* per node: pending (normal mode) or allowed (MAXIMUM_ALLOWED) */
	uint32_t *deny; /* per node: denied */
	struct cadcom_access_result *res; /* NULL: no trace */
};

static unsigned level_of(const struct eval *e, size_t i)
{
	return e->req && e->req->count ? e->req->types[i].level : 0;
}

/* One past the last node of the subtree rooted at `i` (the list is in
 * pre-order, so a subtree is a contiguous run). */
static size_t subtree_end(const struct eval *e, size_t i)
{
	size_t j = i + 1;

	while (j < e->n && level_of(e, j) > level_of(e, i))
		j++;
	return j;
}

static size_t parent_of(const struct eval *e, size_t i)
{
	size_t j = i;

	while (j-- > 0)
		if (level_of(e, j) < level_of(e, i))
			return j;
	return 0;
}

/* Does the ACE's trustee match?  1 enabled, 2 deny-only, 0 no.  OWNER RIGHTS
 * stands for the owner; PRINCIPAL_SELF for the request's self SID. */
static int trustee_match(const struct eval *e, const struct cadcom_sid *sid)
{
	if (e->req && e->req->has_self && cadcom__sid_eq(sid, &sid_principal_self))
		sid = &e->req->self;
	if (cadcom__sid_eq(sid, &sid_owner_rights))
		return e->owner ? 1 : 0;
	return cadcom__token_match(e->token, sid);
}

static void trace_bits(struct eval *e, uint32_t bits, int reason, long ace)
{
	if (!e->res)
		return;
	for (int b = 0; b < 32; b++)
		if ((bits >> b & 1) && e->res->reason[b] == CADCOM_REASON_NOT_REQUESTED) {
			e->res->reason[b] = reason;
			e->res->ace[b] = ace;
		}
}

/* After node `i` changed, recompute its ancestors: a right counts as granted
 * to a parent once every child has it (MS-DTYP's propagation up the tree). */
static void propagate_up(struct eval *e, size_t i)
{
	while (i > 0) {
		size_t p = parent_of(e, i), end = subtree_end(e, p);
		uint32_t any_pending = 0, all_allowed = ~0u;

		for (size_t c = p + 1; c < end; c = subtree_end(e, c)) {
			any_pending |= e->pend[c];
			all_allowed &= e->pend[c];
		}
		if (e->max_mode)
			e->pend[p] |= all_allowed & ~e->deny[p];
		else
			e->pend[p] &= any_pending;
		i = p;
	}
}

/* Apply an allow (deny = false) or deny ACE of `mask` to the subtree of node
 * `at`; returns the bits it decided at that node. */
static uint32_t apply(struct eval *e, size_t at, uint32_t mask, bool deny)
{
	size_t end = subtree_end(e, at);
	uint32_t decided;

	if (e->max_mode) {
		/* DACLs cannot grant these; only privileges can. */
		mask &= ~(CADCOM_ACCESS_SYSTEM_SECURITY | CADCOM_ACCESS_MAXIMUM_ALLOWED);
		decided = mask & ~e->pend[at] & ~e->deny[at];
	} else {
		decided = mask & e->pend[at];
	}
	for (size_t i = at; i < end; i++) {
		if (e->max_mode) {
			if (deny)
				e->deny[i] |= mask & ~e->pend[i];
			else
				e->pend[i] |= mask & ~e->deny[i];
		} else {
			uint32_t hit = e->pend[i] & mask;
			e->pend[i] &= ~mask;
			if (deny)
				e->deny[i] |= hit;
		}
	}
	/* A denied right can no longer reach the ancestors, in either mode: an
	 * ancestor not yet granted it is denied it too, or MAXIMUM_ALLOWED
	 * would grant the object a right that asking for it is refused. */
	if (deny)
		for (size_t a = at; a > 0;) {
			a = parent_of(e, a);
			if (e->max_mode) {
				e->deny[a] |= decided & ~e->pend[a];
			} else {
				e->deny[a] |= decided;
				e->pend[a] &= ~decided;
			}
		}
	propagate_up(e, at);
	return decided;
}

static long find_node(const struct eval *e, const uint8_t guid[16])
{
	if (!e->req)
		return -1;
	for (size_t i = 0; i < e->req->count; i++)
		if (!memcmp(e->req->types[i].guid, guid, 16))
			return (long)i;
	return -1;
}

static bool owner_rights_present(const struct cadcom_acl *dacl)
{
	for (size_t i = 0; i < dacl->count; i++)
		if (!(dacl->aces[i].flags & CADCOM_ACE_INHERIT_ONLY) &&
		    cadcom__sid_eq(&dacl->aces[i].sid, &sid_owner_rights))
			return true;
	return false;
}

static void add_step(struct eval *e, size_t ace, int what, uint32_t bits)
{
	if (e->res)
		e->res->steps[e->res->n_steps++] = (struct step){ ace, what, bits };
}

static void walk_dacl(struct eval *e)
{
	const struct cadcom_acl *dacl = &e->sd->acl[CADCOM_DACL];

	for (size_t i = 0; i < dacl->count; i++) {
		const struct cadcom_ace *ace = &dacl->aces[i];
		bool deny, object = false;
		uint32_t before0, deny0, decided;
		long node = 0;
		int m;

		if (ace->flags & CADCOM_ACE_INHERIT_ONLY) {
			add_step(e, i, CADCOM_STEP_INHERIT_ONLY, 0);
			continue;
		}
		switch (ace->type) {
		case CADCOM_ACE_ACCESS_ALLOWED_OBJECT:
		case CADCOM_ACE_ACCESS_DENIED_OBJECT:
			object = ace->object_flags & ACE_OBJECT_TYPE_PRESENT;
			/* fall through */
		case CADCOM_ACE_ACCESS_ALLOWED:
		case CADCOM_ACE_ACCESS_DENIED:
			break;
		default:
			add_step(e, i, CADCOM_STEP_UNSUPPORTED, 0);
			continue;
		}
		deny = ace->type == CADCOM_ACE_ACCESS_DENIED ||
		       ace->type == CADCOM_ACE_ACCESS_DENIED_OBJECT;
		m = trustee_match(e, &ace->sid);
		if (m == 0 || (m == 2 && !deny)) {
			add_step(e, i, m ? CADCOM_STEP_DENY_ONLY : CADCOM_STEP_NOT_IN_TOKEN, 0);
			continue;
		}
		if (object && (node = find_node(e, ace->object_type)) < 0) {
			add_step(e, i, CADCOM_STEP_OBJECT_TYPE, 0);
			continue;
		}
		before0 = e->pend[0];
		deny0 = e->deny[0];
		decided = apply(e, (size_t)node, ace->mask, deny);
		if (e->max_mode) {
			trace_bits(e, e->pend[0] & ~before0, CADCOM_REASON_ALLOW_ACE, (long)i);
		} else {
			trace_bits(e, before0 & ~e->pend[0] & ~e->deny[0], CADCOM_REASON_ALLOW_ACE,
				   (long)i);
		}
		trace_bits(e, e->deny[0] & ~deny0, CADCOM_REASON_DENY_ACE, (long)i);
		add_step(e, i,
			 !decided ? CADCOM_STEP_NO_EFFECT
			 : deny	  ? CADCOM_STEP_DENIED
				  : CADCOM_STEP_ALLOWED,
			 decided);
		/* Without a trace, the verdict is known once nothing is pending
		 * or anything was denied (MS-DTYP stops there too). */
		if (!e->res && !e->max_mode && (!e->pend[0] || e->deny[0]))
			return;
	}
}

static uint32_t map_generic(const struct cadcom_access_request *req, uint32_t m)
{
	uint32_t out = m & ~GENERIC_BITS;

	if (m & CADCOM_ACCESS_GENERIC_READ)
		out |= req->map_read;
	if (m & CADCOM_ACCESS_GENERIC_WRITE)
		out |= req->map_write;
	if (m & CADCOM_ACCESS_GENERIC_EXECUTE)
		out |= req->map_execute;
	if (m & CADCOM_ACCESS_GENERIC_ALL)
		out |= req->map_all;
	return out;
}

/* The whole check; fills e->res when tracing.  Returns 1 allowed, 0 denied. */
static int evaluate(struct eval *e, uint32_t desired, uint32_t *granted_out)
{
	const struct cadcom_sd *sd = e->sd;
	uint32_t want, privileged = 0, refused = 0, granted;
	bool no_dacl = sd->state[CADCOM_DACL] != CADCOM_ACL_PRESENT;
	int allowed;

	e->max_mode = desired & CADCOM_ACCESS_MAXIMUM_ALLOWED;
	want = desired & ~CADCOM_ACCESS_MAXIMUM_ALLOWED;
	if (e->req && e->req->has_mapping)
		want = map_generic(e->req, want);
	e->owner = sd->has_owner && cadcom__token_match(e->token, &sd->owner) == 1;

	/* Privileges first: they override even deny ACEs. */
	if (want & CADCOM_ACCESS_SYSTEM_SECURITY) {
		if (e->token->privileges & CADCOM_PRIV_SECURITY)
			privileged |= CADCOM_ACCESS_SYSTEM_SECURITY;
		else
			refused |= CADCOM_ACCESS_SYSTEM_SECURITY;
	}
	if ((want & CADCOM_ACCESS_WRITE_OWNER) &&
	    (e->token->privileges & CADCOM_PRIV_TAKE_OWNERSHIP))
		privileged |= CADCOM_ACCESS_WRITE_OWNER;
	trace_bits(e, privileged, CADCOM_REASON_PRIVILEGE, -1);
	trace_bits(e, refused, CADCOM_REASON_NO_PRIVILEGE, -1);

	for (size_t i = 0; i < e->n; i++) {
		e->pend[i] = e->max_mode ? privileged : want & ~privileged & ~refused;
		e->deny[i] = refused;
	}
	if (no_dacl) {
		uint32_t all = e->max_mode ? (e->req && e->req->has_mapping ? e->req->map_all
									    : ALL_RIGHTS_UNMAPPED)
					   : 0;
		trace_bits(e, (want | all) & ~privileged & ~refused, CADCOM_REASON_NO_DACL, -1);
		for (size_t i = 0; i < e->n; i++)
			e->pend[i] = e->max_mode ? (all | want | privileged) & ~refused : 0;
	} else {
		if (e->owner && !owner_rights_present(&sd->acl[CADCOM_DACL])) {
			uint32_t implied = e->max_mode ? OWNER_IMPLIED : want & OWNER_IMPLIED;
			implied &= ~privileged;
			trace_bits(e, implied, CADCOM_REASON_OWNER, -1);
			for (size_t i = 0; i < e->n; i++) {
				if (e->max_mode)
					e->pend[i] |= implied;
				else
					e->pend[i] &= ~implied;
			}
		}
		walk_dacl(e);
	}

	if (e->max_mode) {
		granted = e->pend[0];
		allowed = granted != 0 && !(want & ~granted);
	} else {
		granted = want;
		allowed = !e->pend[0] && !e->deny[0];
	}
	if (e->res) {
		struct cadcom_access_result *r = e->res;
		r->requested = e->max_mode ? want | granted | e->deny[0] : want;
		r->missing = e->max_mode ? want & ~granted : e->pend[0] | e->deny[0];
		for (int b = 0; b < 32; b++)
			if (((r->requested | r->missing) >> b & 1) &&
			    r->reason[b] == CADCOM_REASON_NOT_REQUESTED)
				r->reason[b] = CADCOM_REASON_NO_ACE;
		for (size_t i = 0; i < r->n_objects; i++)
			r->object_granted[i] = e->max_mode ? e->pend[i] : want & ~e->pend[i] & ~e->deny[i];
	}
	*granted_out = allowed ? granted : 0;
	return allowed;
}

static int check_args(const cadcom_sd *sd, const cadcom_token *token, uint32_t desired,
		      const cadcom_access_request *req)
{
	if (!sd || !token)
		return cadcom__error(CADCOM_EINVAL, -1, "access check: NULL argument");
	if ((desired & GENERIC_BITS) && !(req && req->has_mapping))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "access check: the desired mask 0x%08x holds generic rights; "
				     "give the object's generic mapping",
				     desired);
	return 0;
}

/* Node arrays live on the stack for small lists: the common checks then
 * allocate nothing. */
static int run(const cadcom_sd *sd, const cadcom_token *token, uint32_t desired,
	       const cadcom_access_request *req, struct cadcom_access_result *res,
	       uint32_t *granted)
{
	uint32_t stack[2 * STACK_NODES], *nodes = stack;
	struct eval e = { sd, token, req, false, false, 1, NULL, NULL, res };
	int allowed;

	if (req && req->count)
		e.n = req->count;
	if (e.n > STACK_NODES) {
		nodes = malloc(2 * e.n * sizeof(*nodes));
		if (!nodes)
			return cadcom__enomem();
	}
	e.pend = nodes;
	e.deny = nodes + e.n;
	allowed = evaluate(&e, desired, granted);
	if (nodes != stack)
		free(nodes);
	return allowed;
}

int cadcom_access_check_mask(const cadcom_sd *sd, const cadcom_token *token, uint32_t desired,
			     const cadcom_access_request *req, uint32_t *granted)
{
	uint32_t g;
	int rc = check_args(sd, token, desired, req);

	if (rc)
		return rc;
	rc = run(sd, token, desired, req, NULL, &g);
	if (rc >= 0 && granted)
		*granted = g;
	return rc;
}

int cadcom_access_check(const cadcom_sd *sd, const cadcom_token *token, uint32_t desired,
			const cadcom_access_request *req, cadcom_access_result **out)
{
	struct cadcom_access_result *r;
	size_t n_aces;
	int rc = check_args(sd, token, desired, req);

	if (rc)
		return rc;
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "access check: NULL argument");
	n_aces = sd->state[CADCOM_DACL] == CADCOM_ACL_PRESENT ? sd->acl[CADCOM_DACL].count : 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return cadcom__enomem();
	r->n_objects = req ? req->count : 0;
	r->steps = calloc(n_aces ? n_aces : 1, sizeof(*r->steps));
	r->object_granted = calloc(r->n_objects ? r->n_objects : 1, sizeof(uint32_t));
	if (!r->steps || !r->object_granted) {
		cadcom_access_result_free(r);
		return cadcom__enomem();
	}
	for (int b = 0; b < 32; b++)
		r->ace[b] = -1;
	rc = run(sd, token, desired, req, r, &r->granted);
	if (rc < 0) {
		cadcom_access_result_free(r);
		return rc;
	}
	r->allowed = rc;
	*out = r;
	return 0;
}

/* ---- results ------------------------------------------------------------ */

void cadcom_access_result_free(cadcom_access_result *res)
{
	if (!res)
		return;
	free(res->steps);
	free(res->object_granted);
	free(res);
}

int cadcom_access_result_allowed(const cadcom_access_result *res)
{
	return res ? res->allowed : 0;
}

uint32_t cadcom_access_result_granted(const cadcom_access_result *res)
{
	return res ? res->granted : 0;
}

uint32_t cadcom_access_result_missing(const cadcom_access_result *res)
{
	return res ? res->missing : 0;
}

uint32_t cadcom_access_result_requested(const cadcom_access_result *res)
{
	return res ? res->requested : 0;
}

int cadcom_access_result_decision(const cadcom_access_result *res, uint32_t bit, long *ace_index)
{
	int b = 0;

	if (!res || !bit || (bit & (bit - 1)))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "access result: 0x%08x is not a single right", bit);
	while (!(bit >> b & 1))
		b++;
	if (ace_index)
		*ace_index = res->ace[b];
	return res->reason[b];
}

size_t cadcom_access_result_step_count(const cadcom_access_result *res)
{
	return res ? res->n_steps : 0;
}

int cadcom_access_result_step(const cadcom_access_result *res, size_t index, size_t *ace_index,
			      int *what, uint32_t *bits)
{
	if (!res || index >= res->n_steps)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "access result: no step %zu", index);
	if (ace_index)
		*ace_index = res->steps[index].ace;
	if (what)
		*what = res->steps[index].what;
	if (bits)
		*bits = res->steps[index].bits;
	return 0;
}

uint32_t cadcom_access_result_object_granted(const cadcom_access_result *res, size_t index)
{
	return (res && index < res->n_objects) ? res->object_granted[index] : 0;
}

static const char *const step_text[] = {
	[CADCOM_STEP_INHERIT_ONLY] = "skipped: inherit-only, applies to children only",
	[CADCOM_STEP_NOT_IN_TOKEN] = "skipped: trustee not in the token",
	[CADCOM_STEP_DENY_ONLY] = "skipped: the trustee is a deny-only group of the token",
	[CADCOM_STEP_OBJECT_TYPE] = "skipped: its object type is not in the request",
	[CADCOM_STEP_UNSUPPORTED] = "skipped: this ACE type is not evaluated",
	[CADCOM_STEP_ALLOWED] = "granted",
	[CADCOM_STEP_DENIED] = "denied",
	[CADCOM_STEP_NO_EFFECT] = "matched; every right it names was already decided",
};

static void explain_ace(struct strbuf *sb, const cadcom_sd *sd, size_t index,
			const cadcom_sid *domain, int windows)
{
	char *text = NULL;

	sb_printf(sb, "ACE %zu", index);
	if (index < sd->acl[CADCOM_DACL].count &&
	    cadcom_ace_to_sddl(&sd->acl[CADCOM_DACL].aces[index], domain, windows, &text) == 0) {
		sb_printf(sb, " %s", text);
		cadcom_free(text);
	}
}

int cadcom_access_result_explain(const cadcom_access_result *res, const cadcom_sd *sd,
				 const cadcom_sid *domain, int windows, char **out)
{
	struct strbuf sb = { 0 };

	if (!res || !sd || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "access result: NULL argument");
	sb_printf(&sb, "requested 0x%08x: %s", res->requested,
		  res->allowed ? "allowed" : "denied");
	if (res->allowed)
		sb_printf(&sb, ", granted 0x%08x\n", res->granted);
	else
		sb_printf(&sb, ", missing 0x%08x\n", res->missing);
	for (int b = 0; b < 32; b++) {
		uint32_t bit = 1u << b;
		if (!((res->requested | res->missing) & bit))
			continue;
		sb_printf(&sb, "  right 0x%08x ", bit);
		switch (res->reason[b]) {
		case CADCOM_REASON_ALLOW_ACE:
		case CADCOM_REASON_DENY_ACE:
			sb_puts(&sb, res->reason[b] == CADCOM_REASON_ALLOW_ACE ? "granted by "
										: "denied by ");
			explain_ace(&sb, sd, (size_t)res->ace[b], domain, windows);
			break;
		case CADCOM_REASON_OWNER:
			sb_puts(&sb, "granted: the token owns the object");
			break;
		case CADCOM_REASON_PRIVILEGE:
			sb_puts(&sb, "granted by a privilege of the token");
			break;
		case CADCOM_REASON_NO_DACL:
			sb_puts(&sb, "granted: the descriptor has no DACL");
			break;
		case CADCOM_REASON_NO_PRIVILEGE:
			sb_puts(&sb, "denied: needs SeSecurityPrivilege");
			break;
		default:
			sb_puts(&sb, "denied: no ACE grants it");
			break;
		}
		sb_putc(&sb, '\n');
	}
	for (size_t i = 0; i < res->n_steps; i++) {
		const struct step *st = &res->steps[i];
		sb_puts(&sb, "  ");
		explain_ace(&sb, sd, st->ace, domain, windows);
		sb_printf(&sb, ": %s", step_text[st->what]);
		if (st->what == CADCOM_STEP_ALLOWED || st->what == CADCOM_STEP_DENIED)
			sb_printf(&sb, " 0x%08x", st->bits);
		sb_putc(&sb, '\n');
	}
	return sb_finish(&sb, out);
}
