/* bench_access — access checks per second on a 20-ACE descriptor with a
 * 30-group token, public API only (bench/README.md).  With an argument,
 * prints the descriptor and the token instead (bench/compare_access.py feeds
 * them to python3-samba). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cadcom/cadcom.h>

#define DOMAIN "S-1-5-21-1-2-3"

static char sddl[4096], token_text[4096];

/* 19 ACEs for SIDs the token does not hold (deny and allow, as a real
 * launch/access ACL has), then the one that grants: every ACE is examined. */
static void build(void)
{
	size_t n = (size_t)snprintf(sddl, sizeof(sddl), "O:BAG:BAD:");
	size_t m = (size_t)snprintf(token_text, sizeof(token_text), DOMAIN "-1101");

	for (int i = 0; i < 19; i++)
		n += (size_t)snprintf(sddl + n, sizeof(sddl) - n, "(%s;;0x%x;;;" DOMAIN "-%d)",
				      i < 4 ? "D" : "A", 0x1 | (0x2 << (i % 4)), 2000 + i);
	snprintf(sddl + n, sizeof(sddl) - n, "(A;;0x1f;;;" DOMAIN "-3029)");
	for (int i = 0; i < 30; i++)
		m += (size_t)snprintf(token_text + m, sizeof(token_text) - m, "," DOMAIN "-%d", 3000 + i);
}

enum mode { FAST, TRACE, MAXIMUM };
static const char *const mode_name[] = { "mask, no trace", "with trace", "MAXIMUM_ALLOWED" };

static int once(const cadcom_sd *sd, const cadcom_token *t, enum mode mode)
{
	cadcom_access_result *r = NULL;
	int rc;

	switch (mode) {
	case FAST:
		return cadcom_access_check_mask(sd, t, 0x5, NULL, NULL) == 1 ? 0 : -1;
	case MAXIMUM:
		return cadcom_access_check_mask(sd, t, CADCOM_ACCESS_MAXIMUM_ALLOWED, NULL, NULL) == 1 ? 0 : -1;
	default:
		rc = cadcom_access_check(sd, t, 0x5, NULL, &r);
		rc = rc == 0 && cadcom_access_result_allowed(r) ? 0 : -1;
		cadcom_access_result_free(r);
		return rc;
	}
}

static double timed(const cadcom_sd *sd, const cadcom_token *t, enum mode mode, unsigned long n)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (unsigned long i = 0; i < n; i++)
		if (once(sd, t, mode))
			return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	cadcom_sd *sd = NULL;
	cadcom_token *t = NULL;
	int rc = 0;

	build();
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		printf("%s\n%s\n", sddl, token_text);
		return 0;
	}
	if (cadcom_sd_from_sddl(&sd, sddl, NULL) || cadcom_token_from_string(&t, token_text, NULL)) {
		fprintf(stderr, "bench_access: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	if (cadcom_sd_ace_count(sd, CADCOM_DACL) != 20 || cadcom_token_group_count(t) != 30) {
		fprintf(stderr, "bench_access: unexpected descriptor or token size\n");
		return 1;
	}
	for (enum mode mode = FAST; mode <= MAXIMUM; mode++) {
		unsigned long n = 1;
		double s;

		while ((s = timed(sd, t, mode, n)) >= 0 && s < 0.1)
			n *= 2;
		if (s < 0 || (s = timed(sd, t, mode, n = (unsigned long)((double)n / s) + 1)) <= 0) {
			fprintf(stderr, "bench_access: %s: the check did not grant\n", mode_name[mode]);
			rc = 1;
			continue;
		}
		printf("access check 20 ACEs, 30 groups  %-16s  %.0f ops/s\n", mode_name[mode],
		       (double)n / s);
	}
	cadcom_token_free(t);
	cadcom_sd_free(sd);
	return rc;
}
