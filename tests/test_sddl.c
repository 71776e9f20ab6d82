/*
 * SDDL text.  Each rule names its source:
 *  [FMT]  Microsoft win32 docs SecAuthZ/security-descriptor-string-format.md
 *  [ACE]  Microsoft win32 docs SecAuthZ/ace-strings.md
 *  [SID]  Microsoft win32 docs SecAuthZ/sid-strings.md
 *  [WIN]  observed on Windows: tests/data/windows-sddl-observed.txt and
 *         ../shared/notes/windows-sddl-canonical.txt (copied to tests/data)
 */
#include "cu.h"

/* The Windows runs resolved domain aliases against S-1-2-3-4 (Samba's
 * test setup); the other tests use a contoso-like domain. */
static cadcom_sid *domain, *contoso;

static void load_domain(void)
{
	if (!domain)
		cadcom_sid_from_string(&domain, "S-1-2-3-4", NULL);
	if (!contoso)
		cadcom_sid_from_string(&contoso, "S-1-5-21-1-2-3", NULL);
}

/* Run a file of "input -> output" lines ("-> FAIL" for a rejection). */
static void run_pairs_file(const char *name, int *count)
{
	char path[1024], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	cu_data_path(path, sizeof(path), name);
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || n == 0)
			continue;
		char *sep = strstr(line, " -> ");
		CU_ASSERT_PTR_NOT_NULL_FATAL(sep);
		*sep = '\0';
		const char *want = sep + 4;
		char *got = cu_canon(line, domain, CADCOM_WINDOWS_LATEST);
		bool ok = strcmp(want, "FAIL") == 0 ? strncmp(got, "ERR", 3) == 0
						  : strcmp(got, want) == 0;
		if (!ok)
			fprintf(stderr, "\n  %s: [%s]\n    want %s\n    got  %s\n", name, line, want, got);
		CU_ASSERT(ok);
		free(got);
		(*count)++;
	}
	free(line);
	fclose(f);
}

/* [WIN] Every line of the canonical list comes back unchanged. */
static void test_windows_canonical(void)
{
	int count = 0;

	load_domain();
	run_pairs_file("windows-sddl-canonical.txt", &count);
	CU_ASSERT_EQUAL(count, 19);
}

/* [WIN] Windows' own readings: canonicalisation, whitespace, numbers, rejections. */
static void test_windows_observed(void)
{
	int count = 0;

	load_domain();
	run_pairs_file("windows-sddl-observed.txt", &count);
	CU_ASSERT(count >= 100);
}

/* [FMT] O:, G:, D:, S: parts; ACL flags P, AR, AI and NO_ACCESS_CONTROL. */
static void test_parts_and_acl_flags(void)
{
	load_domain();
	CU_ASSERT_CANON("", "", NULL, 0);
	CU_ASSERT_CANON("G:SYO:BA", "O:BAG:SY", NULL, 0);
	CU_ASSERT_CANON("S:PARAI(AU;FA;GA;;;WD)D:AI", "D:AIS:PARAI(AU;FA;GA;;;WD)", NULL, 0);
	CU_ASSERT_CANON("D:NO_ACCESS_CONTROL", "D:NO_ACCESS_CONTROL", NULL, 0);
	CU_ASSERT_CANON("D:no_access_control", "D:NO_ACCESS_CONTROL", NULL, 0);
	/* Observed Windows output "S:PAINO_ACCESS_CONTROL": flags come first. */
	CU_ASSERT_CANON("S:NO_ACCESS_CONTROLPAI", "S:PAINO_ACCESS_CONTROL", NULL, 0);
	CU_ASSERT_CANON("D:NO_ACCESS_CONTROL(A;;GA;;;WD)",
			"ERR -3: SDDL: NO_ACCESS_CONTROL (a NULL ACL) with ACEs at offset 2", NULL, 0);
	CU_ASSERT_CANON("D:(A;;GA;;;WD)D:", "ERR -3: SDDL: repeated part \"D:\" at offset 14", NULL, 0);
	CU_ASSERT_CANON("O:BAO:BA", "ERR -3: SDDL: repeated part \"O:\" at offset 4", NULL, 0);
}

/* [ACE] ACE types; conditional/resource/scoped-policy types are out of scope. */
static void test_ace_types(void)
{
	CU_ASSERT_CANON("D:(A;;CC;;;WD)(D;;CC;;;WD)", "D:(A;;CC;;;WD)(D;;CC;;;WD)", NULL, 0);
	CU_ASSERT_CANON("S:(AU;SA;CC;;;WD)(AL;FA;CC;;;WD)(ML;;NW;;;LW)",
			"S:(AU;SA;CC;;;WD)(AL;FA;CC;;;WD)(ML;;NW;;;LW)", NULL, 0);
	CU_ASSERT_CANON("D:(OD;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)",
			"D:(OD;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)", NULL, 0);
	CU_ASSERT_CANON("S:(OU;SA;CR;;bf967aba-0de6-11d0-a285-00aa003049e2;WD)"
			"(OL;SA;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)",
			"S:(OU;SA;CR;;bf967aba-0de6-11d0-a285-00aa003049e2;WD)"
			"(OL;SA;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)", NULL, 0);
	/* [ACE] note: OA with neither GUID becomes A. */
	CU_ASSERT_CANON("D:(OA;;CR;;;WD)", "D:(A;;CR;;;WD)", NULL, 0);
	CU_ASSERT_CANON("D:(XA;;FA;;;WD;(@User.Title == \"PM\"))",
			"ERR -4: SDDL: conditional, resource attribute and scoped policy ACEs are not "
			"supported: ACE type \"XA\" at offset 3", NULL, 0);
	static const char *unsupported[] = { "D:(XD;;FA;;;WD;(x))", "S:(XU;;FA;;;WD;(x))",
					     "D:(ZA;;FA;;;WD;(x))", "S:(RA;;;;;WD;(\"x\",TI,0,1))",
					     "S:(SP;;;;;WD)" };
	for (size_t i = 0; i < 5; i++) {
		cadcom_sd *sd;
		CU_ASSERT_EQUAL(cadcom_sd_from_sddl(&sd, unsupported[i], NULL), CADCOM_EUNSUPPORTED);
		CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 3);
	}
	/* Audit ACEs belong in a SACL, access ACEs in a DACL [WIN]. */
	CU_ASSERT_CANON("S:(A;;CC;;;WD)",
			"ERR -3: SDDL: ACE type not allowed in a SACL \"A\" at offset 3", NULL, 0);
	CU_ASSERT_CANON("D:(ML;;NW;;;LW)",
			"ERR -3: SDDL: ACE type not allowed in a DACL \"ML\" at offset 3", NULL, 0);
	/* GUIDs only on object ACE types. */
	CU_ASSERT_CANON("D:(A;;CC;00299570-246d-11d0-a768-00aa006e0529;;WD)",
			"ERR -3: SDDL: a GUID is given for an ACE type that has none (only OA, OD, "
			"OU, OL) at offset 9", NULL, 0);
}

/* [ACE] ACE flags, printed in bit order as Windows does ("OICIIO"). */
static void test_ace_flags(void)
{
	CU_ASSERT_CANON("D:(A;IOCIOINPID;CC;;;WD)", "D:(A;OICINPIOID;CC;;;WD)", NULL, 0);
	CU_ASSERT_CANON("S:(AU;FASA;CC;;;WD)", "S:(AU;SAFA;CC;;;WD)", NULL, 0);
	CU_ASSERT_CANON("D:(A;XX;CC;;;WD)",
			"ERR -3: SDDL: unknown ACE flag \"XX\" at offset 5", NULL, 0);
	CU_ASSERT_CANON("D:(A;C;CC;;;WD)", "ERR -3: SDDL: unknown ACE flag \"C\" at offset 5", NULL, 0);
}

/* [ACE] every rights string and its value; Windows prints bits in bit order. */
static void test_rights(void)
{
	static const struct {
		const char *text;
		const char *canon;
	} r[] = {
		{ "CC", "CC" }, { "DC", "DC" }, { "LC", "LC" }, { "SW", "SW" }, { "RP", "RP" },
		{ "WP", "WP" }, { "DT", "DT" }, { "LO", "LO" }, { "CR", "CR" }, { "SD", "SD" },
		{ "RC", "RC" }, { "WD", "WD" }, { "WO", "WO" }, { "GA", "GA" }, { "GX", "GX" },
		{ "GW", "GW" }, { "GR", "GR" },
		/* Whole-mask aliases print back as themselves: FA observed in Windows
		 * output (Get-SmbShare example in MicrosoftDocs/windows-powershell-docs;
		 * windows-sddl-canonical.txt); KA and KR in registry ACLs Windows
		 * writes (Windows 2000 Security Configuration Guide, appendix F). */
		{ "FA", "FA" }, { "FR", "FR" }, { "FW", "FW" }, { "FX", "FX" },
		{ "KA", "KA" }, { "KR", "KR" }, { "KW", "KW" }, { "KX", "KR" },
		/* Bits without letters force hex: "0x1200a9" in icacls output. */
		{ "FRFX", "0x1200a9" },
		{ "GRGX", "GXGR" }, { "0x1f01ff", "FA" }, { "0xf003f", "KA" },
		{ "0x20019", "KR" }, { "0", "" }, { "0x0", "" }, { "", "" },
		{ "0x100000", "0x100000" },
	};
	char in[64], want[64];

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		snprintf(in, sizeof(in), "D:(A;;%s;;;WD)", r[i].text);
		snprintf(want, sizeof(want), "D:(A;;%s;;;WD)", r[i].canon);
		CU_ASSERT_CANON(in, want, NULL, 0);
	}
	/* Label policies in ML ACEs: NW 0x1, NR 0x2, NX 0x4 ("NWNR" observed). */
	CU_ASSERT_CANON("S:(ML;OICI;NRNW;;;ME)", "S:(ML;OICI;NWNR;;;ME)", NULL, 0);
	CU_ASSERT_CANON("S:(ML;;NXNRNW;;;HI)", "S:(ML;;NWNRNX;;;HI)", NULL, 0);
	CU_ASSERT_CANON("S:(ML;;0x9;;;HI)", "S:(ML;;0x9;;;HI)", NULL, 0);
	CU_ASSERT_CANON("D:(A;;CCX;;;WD)", "ERR -3: SDDL: unknown access right \"X\" at offset 8", NULL, 0);
	CU_ASSERT_CANON("D:(A;;0x;;;WD)", "ERR -3: SDDL: invalid access mask \"0x\" at offset 6", NULL, 0);
	CU_ASSERT_CANON("D:(A;;09;;;WD)", "ERR -3: SDDL: invalid access mask \"09\" at offset 6", NULL, 0);
}

/* [SID] aliases in ACEs, owner and group; release-dependent output. */
static void test_sid_aliases_in_sddl(void)
{
	load_domain();
	CU_ASSERT_CANON("D:(A;;CCDCLC;;;S-1-5-32-574)", "D:(A;;CCDCLC;;;CD)", NULL, 0);
	CU_ASSERT_CANON("D:(A;;CCDCLC;;;S-1-5-32-574)", "D:(A;;CCDCLC;;;S-1-5-32-574)", NULL,
			CADCOM_WINDOWS_2008);
	CU_ASSERT_CANON("D:(A;;CCDCLC;;;CD)", "D:(A;;CCDCLC;;;CD)", NULL, CADCOM_WINDOWS_2008R2);
	CU_ASSERT_CANON("O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513", "O:DAG:DU", contoso, 0);
	CU_ASSERT_CANON("O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513",
			"O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513", NULL, 0);
	CU_ASSERT_CANON("O:S-1-5-21-9-9-9-512", "O:S-1-5-21-9-9-9-512", contoso, 0);
	CU_ASSERT_CANON("D:(A;;GA;;;KA)", "D:(A;;GA;;;S-1-5-21-1-2-3-526)", contoso,
			CADCOM_WINDOWS_2012R2);
	CU_ASSERT_CANON("D:(A;;GA;;;KA)", "D:(A;;GA;;;KA)", contoso, CADCOM_WINDOWS_2016);
	CU_ASSERT_CANON("D:(A;;CC;;;S-1-5-32-562)", "D:(A;;CC;;;S-1-5-32-562)", NULL, 0);
	/* sddl.h SDDL_AUTHORITY_ASSERTED / SDDL_SERVICE_ASSERTED: S-1-18-1 and
	 * S-1-18-2 (AS was missing; found by tests/diff/sddl_differential.py). */
	CU_ASSERT_CANON("D:(A;;GA;;;AS)(A;;GA;;;SS)", "D:(A;;GA;;;AS)(A;;GA;;;SS)", NULL, 0);
	CU_ASSERT_CANON("O:S-1-18-1G:S-1-18-2", "O:ASG:SS", NULL, 0);
	CU_ASSERT_CANON("O:S-1-18-1", "O:S-1-18-1", NULL, CADCOM_WINDOWS_2008R2);
	CU_ASSERT_CANON("D:(A;;GA;;;DU)",
			"ERR -7: SDDL: SID alias DU (Domain Users) is relative to a domain and no "
			"domain SID was given, at offset 11", NULL, 0);
	CU_ASSERT_CANON("D:(A;;GA;;;S-1-5-x)", "ERR -3: SID: sub-authority missing at offset 17",
			NULL, 0);
	CU_ASSERT_CANON("D:(A;;GA;;;QQ)", "ERR -3: SDDL: unknown SID \"QQ\" at offset 11", NULL, 0);
	CU_ASSERT_CANON("D:(A;;GA;;;S-1-5-1x)",
			"ERR -3: SDDL: unexpected text after SID \"x\" at offset 18", NULL, 0);
}

/* Errors carry the offset of the problem; no input makes the parser read past its end. */
static void test_error_offsets(void)
{
	static const struct {
		const char *in;
		long offset;
		int code;
	} e[] = {
		{ "D:(A;;GA;;;WD", 2, CADCOM_EPARSE },
		{ "D:(A;;GA", 8, CADCOM_EPARSE },
		{ "D:(A;;GA;;;WD;x)", 13, CADCOM_EPARSE },
		{ "D:(", 3, CADCOM_EPARSE },
		{ "X", 0, CADCOM_EPARSE },
		{ "O:", 2, CADCOM_EPARSE },
		{ "O:BAx", 2, CADCOM_EPARSE },
		{ "D:(A;;GA;;;S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15)", 53, CADCOM_ELIMIT },
	};

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		cadcom_sd *sd = NULL;
		int rc = cadcom_sd_from_sddl(&sd, e[i].in, NULL);
		long off = cadcom_error_offset(cadcom_error_last());
		if (rc != e[i].code || off != e[i].offset)
			fprintf(stderr, "\n  %s: rc %d offset %ld (%s)\n", e[i].in, rc, off,
				cadcom_error_message(cadcom_error_last()));
		CU_ASSERT_EQUAL(rc, e[i].code);
		CU_ASSERT_EQUAL(off, e[i].offset);
		CU_ASSERT_PTR_NULL(sd);
	}
	CU_ASSERT_EQUAL(cadcom_sd_from_sddl(NULL, "D:", NULL), CADCOM_EINVAL);
}

/* The Windows DCOM defaults of facts.md §2 are canonical as written. */
static void test_dcom_defaults(void)
{
	CU_ASSERT_CANON("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
			"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
			NULL, 0);
	CU_ASSERT_CANON("O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)",
			"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)", NULL, 0);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "Windows canonical list", test_windows_canonical },
		{ "Windows observed readings", test_windows_observed },
		{ "parts and ACL flags", test_parts_and_acl_flags },
		{ "ACE types", test_ace_types },
		{ "ACE flags", test_ace_flags },
		{ "rights", test_rights },
		{ "SID aliases", test_sid_aliases_in_sddl },
		{ "error offsets", test_error_offsets },
		{ "DCOM defaults", test_dcom_defaults },
		CU_TEST_INFO_NULL,
	};
	int rc = cu_run("sddl", tests);
	cadcom_sid_free(domain);
	cadcom_sid_free(contoso);
	return rc;
}
