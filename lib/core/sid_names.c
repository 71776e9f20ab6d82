/*
 * The SDDL SID aliases and English names of well-known SIDs.
 *
 * Sources: Microsoft, win32 docs SecAuthZ/sid-strings.md (aliases, and the
 * releases where an alias is "Not available"); Samba libcli/security/sddl.c
 * for RIDs Microsoft's table only names; notes/facts.md §4.
 *
 * min_windows is the first release that knows the alias; formatting for an
 * older release writes the numeric SID so that the text parses there.
 * NEVER: Microsoft documents no alias for current Windows ("RM" is listed as
 * Windows Vista only; "MS" is not in Microsoft's table, only in Samba's): we
 * read them, but never write them.
 */
#include <string.h>
#include <ctype.h>
#include "internal.h"

#define ANY CADCOM_WINDOWS_2003
#define NEVER 9999

#define FIXED1(al, nm, auth, a, ver) \
	{ al, nm, ALIAS_FIXED, { 1, 1, auth, { a } }, ver }
#define FIXED2(al, nm, auth, a, b, ver) \
	{ al, nm, ALIAS_FIXED, { 1, 2, auth, { a, b } }, ver }
#define BUILTIN(al, nm, rid, ver) FIXED2(al, nm, 5, 32, rid, ver)
#define DOMAIN(al, nm, rid, ver) \
	{ al, nm, ALIAS_DOMAIN, { 1, 1, 0, { rid } }, ver }

static const struct sid_alias aliases[] = {
	/* S-1-1, S-1-2, S-1-3 */
	FIXED1("WD", "Everyone", 1, 0, ANY),
	FIXED1(NULL, "Local", 2, 0, ANY),
	FIXED1(NULL, "Console Logon", 2, 1, ANY),
	FIXED1("CO", "Creator Owner", 3, 0, ANY),
	FIXED1("CG", "Creator Group", 3, 1, ANY),
	FIXED1("OW", "Owner Rights", 3, 4, CADCOM_WINDOWS_2008),
	/* S-1-5-x */
	FIXED1(NULL, "Dialup", 5, 1, ANY),
	FIXED1("NU", "Network", 5, 2, ANY),
	FIXED1(NULL, "Batch", 5, 3, ANY),
	FIXED1("IU", "Interactive", 5, 4, ANY),
	FIXED1("SU", "Service", 5, 6, ANY),
	FIXED1("AN", "Anonymous Logon", 5, 7, ANY),
	FIXED1("ED", "Enterprise Domain Controllers", 5, 9, ANY),
	FIXED1("PS", "Principal Self", 5, 10, ANY),
	FIXED1("AU", "Authenticated Users", 5, 11, ANY),
	FIXED1("RC", "Restricted Code", 5, 12, ANY),
	FIXED1(NULL, "Terminal Server User", 5, 13, ANY),
	FIXED1(NULL, "Remote Interactive Logon", 5, 14, ANY),
	FIXED1(NULL, "This Organization", 5, 15, ANY),
	FIXED1(NULL, "IUSR", 5, 17, ANY),
	FIXED1("SY", "Local System", 5, 18, ANY),
	FIXED1("LS", "Local Service", 5, 19, ANY),
	FIXED1("NS", "Network Service", 5, 20, ANY),
	FIXED1("WR", "Write Restricted Code", 5, 33, CADCOM_WINDOWS_2008),
	FIXED1(NULL, "Other Organization", 5, 1000, ANY),
	{ "UD", "User-Mode Drivers", ALIAS_FIXED, { 1, 6, 5, { 84, 0, 0, 0, 0, 0 } },
	  CADCOM_WINDOWS_2012 },
	FIXED2("AC", "All Application Packages", 15, 2, 1, CADCOM_WINDOWS_2012),
	FIXED1("LW", "Low Mandatory Level", 16, 4096, CADCOM_WINDOWS_2008),
	FIXED1("ME", "Medium Mandatory Level", 16, 8192, CADCOM_WINDOWS_2008),
	FIXED1("MP", "Medium Plus Mandatory Level", 16, 8448, CADCOM_WINDOWS_2008R2),
	FIXED1("HI", "High Mandatory Level", 16, 12288, CADCOM_WINDOWS_2008),
	FIXED1("SI", "System Mandatory Level", 16, 16384, CADCOM_WINDOWS_2008),
	/* sddl.h: SDDL_AUTHORITY_ASSERTED "AS" and SDDL_SERVICE_ASSERTED "SS". */
	FIXED1("AS", "Authentication Authority Asserted Identity", 18, 1, CADCOM_WINDOWS_2012),
	FIXED1("SS", "Service Asserted Identity", 18, 2, CADCOM_WINDOWS_2012),
	/* Builtin S-1-5-32-x */
	BUILTIN("BA", "Administrators", 544, ANY),
	BUILTIN("BU", "Users", 545, ANY),
	BUILTIN("BG", "Guests", 546, ANY),
	BUILTIN("PU", "Power Users", 547, ANY),
	BUILTIN("AO", "Account Operators", 548, ANY),
	BUILTIN("SO", "Server Operators", 549, ANY),
	BUILTIN("PO", "Print Operators", 550, ANY),
	BUILTIN("BO", "Backup Operators", 551, ANY),
	BUILTIN("RE", "Replicator", 552, ANY),
	BUILTIN("RU", "Pre-Windows 2000 Compatible Access", 554, ANY),
	BUILTIN("RD", "Remote Desktop Users", 555, ANY),
	BUILTIN("NO", "Network Configuration Operators", 556, ANY),
	BUILTIN(NULL, "Incoming Forest Trust Builders", 557, ANY),
	BUILTIN("MU", "Performance Monitor Users", 558, ANY),
	BUILTIN("LU", "Performance Log Users", 559, ANY),
	BUILTIN(NULL, "Windows Authorization Access Group", 560, ANY),
	BUILTIN(NULL, "Terminal Server License Servers", 561, ANY),
	BUILTIN(NULL, "Distributed COM Users", 562, ANY),
	BUILTIN("IS", "IIS_IUSRS", 568, CADCOM_WINDOWS_2008),
	BUILTIN("CY", "Cryptographic Operators", 569, CADCOM_WINDOWS_2008),
	BUILTIN("ER", "Event Log Readers", 573, CADCOM_WINDOWS_2008R2),
	BUILTIN("CD", "Certificate Service DCOM Access", 574, CADCOM_WINDOWS_2008R2),
	BUILTIN("RA", "RDS Remote Access Servers", 575, CADCOM_WINDOWS_2012),
	BUILTIN("ES", "RDS Endpoint Servers", 576, CADCOM_WINDOWS_2012),
	BUILTIN("MS", "RDS Management Servers", 577, NEVER),
	BUILTIN("HA", "Hyper-V Administrators", 578, CADCOM_WINDOWS_2012),
	BUILTIN("AA", "Access Control Assistance Operators", 579, CADCOM_WINDOWS_2012),
	BUILTIN("RM", "Remote Management Users", 580, NEVER),
	/* Relative to a domain (machine-relative LA/LG and forest-root EA/SA/
	 * RO/EK resolve against the same domain SID the caller gives). */
	DOMAIN("RO", "Enterprise Read-only Domain Controllers", 498, CADCOM_WINDOWS_2008R2),
	DOMAIN("LA", "Administrator", 500, ANY),
	DOMAIN("LG", "Guest", 501, ANY),
	DOMAIN(NULL, "krbtgt", 502, ANY),
	DOMAIN("DA", "Domain Admins", 512, ANY),
	DOMAIN("DU", "Domain Users", 513, ANY),
	DOMAIN("DG", "Domain Guests", 514, ANY),
	DOMAIN("DC", "Domain Computers", 515, ANY),
	DOMAIN("DD", "Domain Controllers", 516, ANY),
	DOMAIN("CA", "Cert Publishers", 517, ANY),
	DOMAIN("SA", "Schema Admins", 518, ANY),
	DOMAIN("EA", "Enterprise Admins", 519, ANY),
	DOMAIN("PA", "Group Policy Creator Owners", 520, ANY),
	DOMAIN(NULL, "Read-only Domain Controllers", 521, ANY),
	DOMAIN("CN", "Cloneable Domain Controllers", 522, CADCOM_WINDOWS_2012),
	DOMAIN("AP", "Protected Users", 525, CADCOM_WINDOWS_2012R2),
	DOMAIN("KA", "Key Admins", 526, CADCOM_WINDOWS_2016),
	DOMAIN("EK", "Enterprise Key Admins", 527, CADCOM_WINDOWS_2016),
	DOMAIN("RS", "RAS and IAS Servers", 553, ANY),
};

const struct sid_alias *cadcom__alias_find(const char *two)
{
	char up[3] = { (char)toupper((unsigned char)two[0]), (char)toupper((unsigned char)two[1]),
		       0 };

	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (aliases[i].alias && memcmp(aliases[i].alias, up, 3) == 0)
			return &aliases[i];
	return NULL;
}

int cadcom__alias_resolve(const struct sid_alias *a, const struct cadcom_sid *domain,
			  struct cadcom_sid *out)
{
	if (a->kind == ALIAS_FIXED) {
		*out = a->sid;
		return 0;
	}
	if (!domain)
		return cadcom__error(CADCOM_ENEEDDOMAIN, -1,
				     "SID alias %s (%s) is relative to a domain: a domain SID is needed",
				     a->alias, a->name);
	if (domain->count >= CADCOM_SID_MAX_SUBAUTH)
		return cadcom__error(CADCOM_ELIMIT, -1,
				     "SID alias %s: the domain SID already has 15 sub-authorities",
				     a->alias);
	*out = *domain;
	out->sub[out->count++] = a->sid.sub[0];
	return 0;
}

static bool matches(const struct sid_alias *a, const struct cadcom_sid *sid)
{
	if (a->kind == ALIAS_FIXED)
		return cadcom_sid_equal(&a->sid, sid);
	return sid->count >= 1 && sid->sub[sid->count - 1] == a->sid.sub[0];
}

const char *cadcom_sid_alias(const cadcom_sid *sid, const cadcom_sid *domain, int windows)
{
	int rank = cadcom__windows_rank(windows);

	if (!sid)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		const struct sid_alias *a = &aliases[i];
		if (!a->alias || a->min_windows > rank || !matches(a, sid))
			continue;
		if (a->kind == ALIAS_DOMAIN && !cadcom_sid_in_domain(sid, domain))
			continue;
		return a->alias;
	}
	return NULL;
}

/* A domain-relative name applies to any domain account SID S-1-5-21-a-b-c-RID
 * (and to a machine's local SAM, which has the same shape). */
static bool is_domain_account(const struct cadcom_sid *sid)
{
	return sid->authority == 5 && sid->count == 5 && sid->sub[0] == 21;
}

const char *cadcom_sid_name(const cadcom_sid *sid)
{
	if (!sid)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		const struct sid_alias *a = &aliases[i];
		if (a->kind == ALIAS_DOMAIN ? (is_domain_account(sid) && matches(a, sid))
					    : cadcom_sid_equal(&a->sid, sid))
			return a->name;
	}
	return NULL;
}
