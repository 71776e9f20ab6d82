/* bench_sddl — SDDL and binary round-trip throughput, public API only (bench/README.md). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <time.h>
#include <cadcom/cadcom.h>

/* Windows' default MachineLaunchRestriction (Server 2003 SP1 and later). */
static const char machine_launch[] =
	"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)";

/* An AD object's descriptor: 35 DACL + 5 SACL ACEs, mostly object ACEs with schema
 * GUIDs, domain-relative aliases and one domain group written as a numeric SID. */
static const char ad_domain[] = "S-1-5-21-2447931902-1787058256-3961074038";
static const char ad_object[] =
	"O:DAG:DUD:PAI(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)"
	"(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)"
	"(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)"
	"(A;;CCDCLCSWRPWPLOCRSDRCWDWO;;;AO)(A;;RPLCLORC;;;PS)(A;;LCRPLORC;;;AU)(A;;RPLCLORC;;;RU)"
	"(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)"
	"(OA;;RP;4c164200-20c0-11d0-a768-00aa006e0529;;AU)"
	"(OA;;RP;5f202010-79a5-11d0-9020-00c04fc2d4cf;;AU)"
	"(OA;;RP;bc0ac240-79a9-11d0-9020-00c04fc2d4cf;;AU)"
	"(OA;;RP;59ba2f42-79a2-11d0-9020-00c04fc2d3cf;;AU)"
	"(OA;;RP;037088f8-0ae1-11d2-b422-00a0c968f939;;RS)"
	"(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)"
	"(OA;;RPWP;e45795b2-9455-11d1-aebd-0000f80367c1;;PS)"
	"(OA;;RPWP;e45795b3-9455-11d1-aebd-0000f80367c1;;PS)"
	"(OA;;RP;46a9b11d-60ae-405a-b7e8-ff8a58d456d2;;S-1-5-32-560)"
	"(OA;;RPWP;bf967a7f-0de6-11d0-a285-00aa003049e2;;CA)"
	"(OA;;RPWP;5b47d60f-6090-40b2-9f37-2a4de88f3063;;S-1-5-21-2447931902-1787058256-3961074038-1107)"
	"(OA;CIIO;RP;4c164200-20c0-11d0-a768-00aa006e0529;4828cc14-1437-45bc-9b07-ad6f015e5f28;RU)"
	"(OA;CIIO;RP;4c164200-20c0-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;RU)"
	"(OA;CIIO;RP;5f202010-79a5-11d0-9020-00c04fc2d4cf;bf967aba-0de6-11d0-a285-00aa003049e2;RU)"
	"(OA;CIIO;RP;bc0ac240-79a9-11d0-9020-00c04fc2d4cf;bf967a9c-0de6-11d0-a285-00aa003049e2;RU)"
	"(OA;CIIO;RP;037088f8-0ae1-11d2-b422-00a0c968f939;bf967aba-0de6-11d0-a285-00aa003049e2;RU)"
	"(OA;CIIO;WP;ea1b7b93-5e48-46d5-bc6c-4df4fda78a35;bf967a86-0de6-11d0-a285-00aa003049e2;PS)"
	"(OA;CIIO;SW;72e39547-7b18-11d1-adef-00c04fd8d5cd;bf967a86-0de6-11d0-a285-00aa003049e2;PS)"
	"(OA;CIIO;SW;f3a64788-5306-11d1-a9c5-0000f80367c1;bf967a86-0de6-11d0-a285-00aa003049e2;PS)"
	"(OA;;CCDC;bf967aba-0de6-11d0-a285-00aa003049e2;;AO)"
	"(OA;;CCDC;bf967a86-0de6-11d0-a285-00aa003049e2;;AO)"
	"(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;DD)"
	"(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;DD)"
	"(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;BA)"
	"(OA;;CR;89e95b76-444d-4c62-991a-0facbeda640c;;ED)(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;EA)"
	"S:AI(OU;CISA;WP;f30e3bbe-9ff0-11d1-b603-0000f80367c1;bf967aa5-0de6-11d0-a285-00aa003049e2;WD)"
	"(OU;CISA;WP;f30e3bbf-9ff0-11d1-b603-0000f80367c1;bf967aa5-0de6-11d0-a285-00aa003049e2;WD)"
	"(OU;CIIOSA;WP;3e0abfd0-126a-11d0-a060-00aa006c33ed;bf967aba-0de6-11d0-a285-00aa003049e2;WD)"
	"(OU;CIIOFA;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;WD)"
	"(AU;CISAFA;WDWOSDDTCCDC;;;WD)";

/* With via_binary false: parse + format, the work of canonicalising a
 * string.  With via_binary true: SDDL → binary → SDDL, the work of turning
 * text into a REG_BINARY value and reading it back. */
static int via_binary;

static int once(const char *sddl, const cadcom_sid *domain)
{
	cadcom_sd *sd, *back = NULL;
	unsigned char *bytes = NULL;
	size_t len;
	char *text = NULL;
	int rc = cadcom_sd_from_sddl(&sd, sddl, domain);

	if (rc == 0 && via_binary) {
		rc = cadcom_sd_to_bytes(sd, &bytes, &len);
		if (rc == 0)
			rc = cadcom_sd_from_bytes(&back, bytes, len);
		cadcom_free(bytes);
		cadcom_sd_free(sd);
		sd = back;
	}
	if (rc == 0) {
		rc = cadcom_sd_to_sddl(sd, domain, CADCOM_WINDOWS_LATEST, &text);
		cadcom_free(text);
	}
	cadcom_sd_free(sd);
	return rc;
}

/* Seconds for `n` iterations, or -1 if one fails. */
static double timed(const char *sddl, const cadcom_sid *domain, unsigned long n)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (unsigned long i = 0; i < n; i++)
		if (once(sddl, domain))
			return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static int fail(const char *name, const char *why)
{
	fprintf(stderr, "bench_sddl: %s: %s\n", name, why);
	return 1;
}

static int bench(const char *name, const char *sddl, const cadcom_sid *domain, size_t aces)
{
	cadcom_sd *sd;
	size_t count;
	unsigned long n = 1;
	double t;

	/* Check the input first, so a parser regression is an error, not a number. */
	if (once(sddl, domain) || cadcom_sd_from_sddl(&sd, sddl, domain))
		return fail(name, cadcom_error_message(cadcom_error_last()));
	count = cadcom_sd_ace_count(sd, CADCOM_DACL) + cadcom_sd_ace_count(sd, CADCOM_SACL);
	cadcom_sd_free(sd);
	if (count != aces)
		return fail(name, "unexpected number of ACEs");
	/* Calibrate: double until a batch takes 0.1 s, then time ~1 s worth. */
	while ((t = timed(sddl, domain, n)) >= 0 && t < 0.1)
		n *= 2;
	if (t < 0 || (t = timed(sddl, domain, n = (unsigned long)((double)n / t) + 1)) <= 0)
		return fail(name, "parse failed while timing");
	printf("%-24s  %-26s  %.0f ops/s\n", via_binary ? "sddl->binary->sddl" : "sddl parse+format",
	       name, (double)n / t);
	return 0;
}

int main(void)
{
	cadcom_sid *domain;
	int rc = 0;

	if (cadcom_sid_from_string(&domain, ad_domain, NULL))
		return 1;
	for (via_binary = 0; via_binary < 2; via_binary++)
		rc |= bench("machine-launch-restriction", machine_launch, NULL, 3) |
		      bench("ad-object-40-aces", ad_object, domain, 40);
	cadcom_sid_free(domain);
	return rc;
}
