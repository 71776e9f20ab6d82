/*
 * Bulk SDDL checks.
 *
 * 1. tests/data/random-sds.txt: 600 random SDDL strings and Samba 4.17's
 *    reading of each (tests/gen/gen_random_sds.py, run once with
 *    python3-samba; Samba is not needed here).  Our reading must mean the
 *    same: control bits, owner, group, ACL states, every ACE field.  Samba
 *    4.17 reports ACL revision 4 for every ACL (a quirk the generator
 *    records); Windows uses 2 unless an object ACE is present, so revisions
 *    are checked against Windows' rule instead.
 *    tests/data/random-sds-bytes.txt has, for the same 600 descriptors, the
 *    bytes we write, which Samba read back to what it reads from the SDDL
 *    (tests/gen/gen_samba_bytes.py checked that once, and that they are in
 *    Windows' layout), and Samba's own packing (owner, group, SACL, DACL
 *    order): our bytes must not change, and Samba's layout must read to the
 *    same descriptor.
 * 2. 1000 random descriptors built through the API (fixed seed): format →
 *    parse gives an equal object and formatting is a fixed point.
 */
#include "cu.h"

#define SAMBA_DOMAIN "S-1-5-21-2447931902-1787058256-3961074038"
/* The control bits SDDL can express: PRESENT, P, AR, AI for both ACLs. */
#define SDDL_CONTROL 0x3f14

static cadcom_sid *domain;

/* ---- 1. Samba expectations ---- */

struct reader {
	FILE *f;
	char *line;
	size_t cap;
	int lineno;
};

static const char *next_line(struct reader *r)
{
	ssize_t n;

	while ((n = getline(&r->line, &r->cap, r->f)) > 0) {
		r->lineno++;
		if (r->line[n - 1] == '\n')
			r->line[n - 1] = '\0';
		if (r->line[0] != '#')
			return r->line;
	}
	return NULL;
}

static bool sid_text_equal(const cadcom_sid *sid, const char *want)
{
	char *s = NULL;
	bool ok;

	if (!sid)
		return strcmp(want, "-") == 0;
	cadcom_sid_to_string(sid, &s);
	ok = s && strcmp(s, want) == 0;
	cadcom_free(s);
	return ok;
}

/* Compare an ACE GUID with "-" (none) or its text. */
static bool guid_equal(const cadcom_ace *ace, bool inherited, const char *want)
{
	char *got = NULL;
	int rc = inherited ? cadcom_ace_inherited_object_type(ace, &got)
			   : cadcom_ace_object_type(ace, &got);
	bool ok = rc == 0 ? strcmp(got, want) == 0 : strcmp(want, "-") == 0;

	cadcom_free(got);
	return ok;
}

/* Compare one "ace ..." line with ACE `i` of `acl`. */
static bool ace_matches(const cadcom_sd *sd, int acl, size_t i, const char *line)
{
	const cadcom_ace *ace = cadcom_sd_ace(sd, acl, i);
	unsigned type, flags, mask;
	char sid[200], obj[40], inh[40];

	if (!ace || sscanf(line, "ace %u 0x%x 0x%x %199s %39s %39s", &type, &flags, &mask, sid, obj,
			   inh) != 6)
		return false;
	if ((unsigned)cadcom_ace_type(ace) != type || cadcom_ace_flags(ace) != flags ||
	    cadcom_ace_mask(ace) != mask || !sid_text_equal(cadcom_ace_sid(ace), sid))
		return false;
	return guid_equal(ace, false, obj) && guid_equal(ace, true, inh);
}

static bool acl_matches(struct reader *r, const cadcom_sd *sd, int acl, const char *header)
{
	unsigned rev, count;
	const char *l;

	if (strcmp(header + 5, "-") == 0)
		return cadcom_sd_acl_state(sd, acl) == CADCOM_ACL_ABSENT;
	if (sscanf(header + 5, "%u %u", &rev, &count) != 2 ||
	    cadcom_sd_acl_state(sd, acl) != CADCOM_ACL_PRESENT ||
	    cadcom_sd_ace_count(sd, acl) != count)
		return false;
	bool object = false;
	for (unsigned i = 0; i < count; i++) {
		if (!(l = next_line(r)) || !ace_matches(sd, acl, i, l))
			return false;
		object |= cadcom_ace_is_object(cadcom_sd_ace(sd, acl, i)) != 0;
	}
	return cadcom_sd_acl_revision(sd, acl) == (object ? 4 : 2);
}

static bool roundtrips(const cadcom_sd *sd, int windows)
{
	char *text = NULL, *again = NULL;
	cadcom_sd *back = NULL;
	bool ok = cadcom_sd_to_sddl(sd, domain, windows, &text) == 0 &&
		  cadcom_sd_from_sddl(&back, text, domain) == 0 && cadcom_sd_equal(sd, back) &&
		  cadcom_sd_to_sddl(back, domain, windows, &again) == 0 && strcmp(text, again) == 0;

	if (!ok)
		fprintf(stderr, "\n  round trip failed: %s\n  again %s\n  (%s)\n", text ? text : "-",
			again ? again : "-", cadcom_error_message(cadcom_error_last()));
	cadcom_free(text);
	cadcom_free(again);
	cadcom_sd_free(back);
	return ok;
}

static int hexval(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Decode lower-case hex from `s` up to a space or the end. */
static unsigned char *unhex(const char *s, size_t *len)
{
	size_t n = strcspn(s, " \n");
	unsigned char *b = malloc(n / 2 + 1);

	for (size_t i = 0; i + 1 < n; i += 2)
		b[i / 2] = (unsigned char)(hexval(s[i]) << 4 | hexval(s[i + 1]));
	*len = n / 2;
	return b;
}

/* Our bytes equal the Samba-verified ones; Samba's layout reads the same. */
static bool bytes_match(const cadcom_sd *sd, const char *row)
{
	unsigned char *ours, *want, *samba;
	size_t n_ours = 0, n_want, n_samba;
	cadcom_sd *from_samba = NULL, *from_ours = NULL;
	char *t1 = NULL, *t2 = NULL;
	bool ok;

	want = unhex(row, &n_want);
	samba = unhex(row + strcspn(row, " ") + 1, &n_samba);
	ok = cadcom_sd_to_bytes(sd, &ours, &n_ours) == 0 && n_ours == n_want &&
	     memcmp(ours, want, n_want) == 0 &&
	     cadcom_sd_from_bytes(&from_ours, want, n_want) == 0 && cadcom_sd_equal(sd, from_ours) &&
	     cadcom_sd_from_bytes(&from_samba, samba, n_samba) == 0 &&
	     /* Samba packs every ACL as revision 4; SDDL does not carry it. */
	     cadcom_sd_to_sddl(sd, domain, 0, &t1) == 0 &&
	     cadcom_sd_to_sddl(from_samba, domain, 0, &t2) == 0 && strcmp(t1, t2) == 0 &&
	     cadcom_sd_control(sd) == cadcom_sd_control(from_samba);
	if (!ok)
		fprintf(stderr, "\n  bytes differ: %s\n", t1 ? t1 : "-");
	cadcom_free(ours);
	free(want);
	free(samba);
	cadcom_free(t1);
	cadcom_free(t2);
	cadcom_sd_free(from_ours);
	cadcom_sd_free(from_samba);
	return ok;
}

static void test_samba_expectations(void)
{
	struct reader r = { 0 }, rb = { 0 };
	char path[1024], sddl[4096], own[200], grp[200];
	unsigned ctl;
	int checked = 0;

	cu_data_path(path, sizeof(path), "random-sds.txt");
	r.f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.f);
	cu_data_path(path, sizeof(path), "random-sds-bytes.txt");
	rb.f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(rb.f);
	while (next_line(&r)) {
		cadcom_sd *sd = NULL;
		int at = r.lineno;
		bool ok = strncmp(r.line, "sddl ", 5) == 0 && strlen(r.line) < sizeof(sddl);
		if (!ok)
			break;
		strcpy(sddl, r.line + 5);
		ok = cadcom_sd_from_sddl(&sd, sddl, domain) == 0;
		ok = ok && next_line(&r) && sscanf(r.line, "ctl 0x%x", &ctl) == 1 &&
		     (cadcom_sd_control(sd) & SDDL_CONTROL) == (ctl & SDDL_CONTROL);
		ok = ok && next_line(&r) && sscanf(r.line, "own %199s", own) == 1 &&
		     sid_text_equal(cadcom_sd_owner(sd), own);
		ok = ok && next_line(&r) && sscanf(r.line, "grp %199s", grp) == 1 &&
		     sid_text_equal(cadcom_sd_group(sd), grp);
		ok = ok && next_line(&r) && strncmp(r.line, "dacl ", 5) == 0 &&
		     acl_matches(&r, sd, CADCOM_DACL, r.line);
		ok = ok && next_line(&r) && strncmp(r.line, "sacl ", 5) == 0 &&
		     acl_matches(&r, sd, CADCOM_SACL, r.line);
		ok = ok && next_line(&r) && strcmp(r.line, "end") == 0;
		ok = ok && roundtrips(sd, CADCOM_WINDOWS_LATEST) && roundtrips(sd, CADCOM_WINDOWS_2003);
		ok = ok && next_line(&rb) && bytes_match(sd, rb.line);
		if (!ok) {
			fprintf(stderr, "\n  random-sds.txt:%d disagrees with Samba: %s\n  (%s)\n", at,
				sddl, cadcom_error_message(cadcom_error_last()));
			while (r.line && strcmp(r.line, "end") != 0 && next_line(&r))
				;
		}
		CU_ASSERT(ok);
		cadcom_sd_free(sd);
		checked++;
	}
	free(r.line);
	fclose(r.f);
	free(rb.line);
	fclose(rb.f);
	CU_ASSERT_EQUAL(checked, 600);
}

/* ---- 2. random descriptors built through the API ---- */

static uint64_t rng = 0x2026112512345678ULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32) % n;
}

static cadcom_sid *random_sid(void)
{
	static const char *const named[] = { "WD", "BA", "SY", "CD", "AN", "AU", "DU", "DC", "DD",
					     "EA", "KA", "LW", "UD", "AC", "RM", "MS", "CO" };
	cadcom_sid *sid = NULL;

	if (rnd(2)) {
		cadcom_sid_from_string(&sid, named[rnd(sizeof(named) / sizeof(named[0]))], domain);
	} else {
		uint32_t subs[15];
		size_t n = rnd(16);
		static const uint64_t auth[] = { 0, 1, 5, 16, 0xffffffffULL, 0x100000000ULL,
						 0xffffffffffffULL };
		for (size_t i = 0; i < n; i++)
			subs[i] = rnd(3) ? rnd(4000) : 0xffffffffu - rnd(3);
		cadcom_sid_new(&sid, auth[rnd(7)], subs, n);
	}
	return sid;
}

static void random_guid(char *out)
{
	snprintf(out, 37, "%08x-%04x-%04x-%04x-%04x%08x", rnd(0xffffffff), rnd(0x10000),
		 rnd(0x10000), rnd(0x10000), rnd(0x10000), rnd(0xffffffff));
}

static void add_random_aces(cadcom_sd *sd, int acl)
{
	static const int dacl_types[] = { 0, 1, 5, 6 }, sacl_types[] = { 2, 3, 7, 8, 0x11 };
	static const uint8_t flag_bits[] = { 0x1, 0x2, 0x4, 0x8, 0x10, 0x40, 0x80 };
	static const uint32_t masks[] = { 0, 0x1f01ff, 0xf003f, 0x20019, 0x1, 0x7, 0xffffffff };
	size_t n = rnd(10);

	for (size_t i = 0; i < n; i++) {
		int type = acl == CADCOM_DACL ? dacl_types[rnd(4)] : sacl_types[rnd(5)];
		uint8_t flags = 0;
		uint32_t mask = rnd(3) ? masks[rnd(7)] : (uint32_t)rnd(0xffffffff);
		cadcom_sid *sid = random_sid();
		cadcom_ace *ace;
		char g[37];

		for (size_t k = 0; k < sizeof(flag_bits); k++)
			if (rnd(4) == 0)
				flags |= flag_bits[k];
		CU_ASSERT_EQUAL_FATAL(cadcom_ace_new(&ace, type, flags, mask, sid), 0);
		if (cadcom_ace_is_object(ace)) {
			/* Both GUIDs absent is normalised by the parser (OA → A). */
			int which = (int)rnd(3);
			if (which != 1) {
				random_guid(g);
				cadcom_ace_set_object_type(ace, g);
			}
			if (which != 0) {
				random_guid(g);
				cadcom_ace_set_inherited_object_type(ace, g);
			}
		}
		CU_ASSERT_EQUAL(cadcom_sd_append_ace(sd, acl, ace), 0);
		cadcom_ace_free(ace);
		cadcom_sid_free(sid);
	}
}

static void test_random_api_roundtrip(void)
{
	static const int releases[] = { CADCOM_WINDOWS_LATEST, CADCOM_WINDOWS_2003,
					CADCOM_WINDOWS_2008, CADCOM_WINDOWS_2012R2 };
	int passed = 0;

	for (int i = 0; i < 1000; i++) {
		cadcom_sd *sd;
		uint16_t control = 0;

		cadcom_sd_new(&sd);
		for (int part = 0; part < 2; part++) {
			cadcom_sid *sid = rnd(4) ? random_sid() : NULL;
			(part ? cadcom_sd_set_group : cadcom_sd_set_owner)(sd, sid);
			cadcom_sid_free(sid);
		}
		for (int acl = 0; acl < 2; acl++) {
			int state = (int)rnd(4);
			if (state > CADCOM_ACL_PRESENT)
				state = CADCOM_ACL_PRESENT;
			cadcom_sd_set_acl_state(sd, acl, state);
			if (state == CADCOM_ACL_PRESENT)
				add_random_aces(sd, acl);
			if (state != CADCOM_ACL_ABSENT)
				control |= (uint16_t)((rnd(16) << 8) & (acl ? 0x2a00 : 0x1500)) |
					   (uint16_t)(rnd(2) ? (acl ? 0x2000 : 0x1000) : 0);
		}
		cadcom_sd_set_control(sd, control);
		if (roundtrips(sd, releases[rnd(4)]))
			passed++;
		cadcom_sd_free(sd);
	}
	CU_ASSERT_EQUAL(passed, 1000);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "600 SDDL strings and their bytes read as Samba reads them", test_samba_expectations },
		{ "1000 random descriptors round-trip", test_random_api_roundtrip },
		CU_TEST_INFO_NULL,
	};
	int rc;

	if (cadcom_sid_from_string(&domain, SAMBA_DOMAIN, NULL) != 0)
		return 2;
	rc = cu_run("sddl-roundtrip", tests);
	cadcom_sid_free(domain);
	return rc;
}
