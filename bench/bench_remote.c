/*
 * What an audit reads from a CA's registry — the four Ole values, the two
 * CertSrv Request AppID values and SetupStatus — over the network: round
 * trips and wall time in one libcadcom session, against Samba's
 * `net rpc registry getvalue` run once per value as a shell script would.
 * Runs inside the lab (make bench-lab); prints figures, asserts nothing.
 */
#include <string.h>
#include <cadcom/cadcom.h>
#include "bench.h"

#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define APPID "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define CONFIG "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"

static const struct {
	const char *key, *name;
} values[] = {
	{ OLE, "DefaultLaunchPermission" },  { OLE, "DefaultAccessPermission" },
	{ OLE, "MachineLaunchRestriction" }, { OLE, "MachineAccessRestriction" },
	{ APPID, "LaunchPermission" },       { APPID, "AccessPermission" },
	{ CONFIG, "SetupStatus" },
};
enum { NVALUES = sizeof(values) / sizeof(values[0]), ROUNDS = 20 };

static void die(const char *what)
{
	fprintf(stderr, "bench_remote: %s: %s\n", what, cadcom_error_message(cadcom_error_last()));
	exit(1);
}

static void get_all(cadcom_target *t)
{
	for (int i = 0; i < NVALUES; i++) {
		unsigned char *data;
		size_t len;

		if (cadcom_registry_get(cadcom_target_registry(t), values[i].key, values[i].name, NULL,
					&data, &len))
			die(values[i].name);
		cadcom_free(data);
	}
}

/* One audit's reads: a session, seven values.  Returns the RPC calls. */
static uint64_t read_all(const char *host, const cadcom_credentials *cred)
{
	cadcom_target *t;
	uint64_t calls;

	if (cadcom_target_open_remote(&t, host, cred, NULL))
		die("open");
	get_all(t);
	cadcom_target_rpc_stats(t, &calls, NULL, NULL);
	cadcom_target_free(t);
	return calls;
}

int main(void)
{
	const char *host = bench_env("CADCOM_LAB_HOST"), *user = bench_env("CADCOM_LAB_ADMIN"),
		   *pw = bench_env("CADCOM_LAB_ADMIN_PASSWORD");
	cadcom_credentials *cred;
	cadcom_target *t;
	unsigned char sd[] = { 1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned char dword[4] = { 0x0b, 0x60, 0, 0 };
	double t0, ours, warm, net;
	uint64_t calls = 0;
	char cmd[1024];

	if (cadcom_credentials_new_password(&cred, bench_env("CADCOM_LAB_DOMAIN"), user, pw) ||
	    cadcom_target_open_remote(&t, host, cred, NULL))
		die("connect");
	/* The lab has no CA: put the values where a CA keeps them. */
	for (int i = 0; i < NVALUES; i++)
		if (cadcom_registry_set(cadcom_target_registry(t), values[i].key, values[i].name,
					i == NVALUES - 1 ? CADCOM_REG_DWORD : CADCOM_REG_BINARY,
					i == NVALUES - 1 ? dword : sd,
					i == NVALUES - 1 ? sizeof(dword) : sizeof(sd)))
			die("seeding the values");
	t0 = bench_now();
	for (int r = 0; r < ROUNDS; r++)
		get_all(t); /* the same key kept open between rounds: 5 calls a round */
	warm = (bench_now() - t0) / ROUNDS;
	cadcom_target_free(t);

	t0 = bench_now();
	for (int r = 0; r < ROUNDS; r++)
		calls = read_all(host, cred);
	ours = (bench_now() - t0) / ROUNDS;

	t0 = bench_now();
	for (int r = 0; r < ROUNDS / 4; r++)
		for (int i = 0; i < NVALUES; i++) {
			snprintf(cmd, sizeof(cmd),
				 "net rpc registry getvalue '%s' '%s' -S '%s' -U '%s%%%s' >/dev/null 2>&1",
				 values[i].key, values[i].name, host, user, pw);
			if (system(cmd)) {
				fprintf(stderr, "bench_remote: net failed: %s\n", values[i].name);
				return 1;
			}
		}
	net = (bench_now() - t0) / (ROUNDS / 4);

	printf("remote read of %d CA values (4 Ole, 2 AppID, SetupStatus), %s, NTLM, SMB3 signed\n",
	       NVALUES, host);
	printf("  libcadcom, one session:       %6.1f ms  %2llu RPC round trips (bind, OpenHKLM, "
	       "3 OpenKey, %d QueryValue, 2 CloseKey) + SMB set-up\n",
	       ours * 1e3, (unsigned long long)calls, NVALUES);
	printf("  the reads alone, session open: %6.1f ms\n", warm * 1e3);
	printf("  net rpc registry getvalue x%d: %6.1f ms  %d sessions, each bind, OpenHKLM, "
	       "OpenKey, QueryValue, CloseKey\n",
	       NVALUES, net * 1e3, NVALUES);
	printf("  ratio: %.1fx faster\n", net / ours);
	cadcom_credentials_free(cred);
	return 0;
}
