/* bench_verdict — verdicts per second on the embedded example forest
 * (examples/forest): the token of CONTOSO\DC2$ built from the snapshot once,
 * then every layer evaluated.  Usage: bench_verdict TOPOLOGY SNAPSHOT */
#include "bench.h"
#include <cadcom/cadcom.h>

struct input {
	cadcom_topology *topo;
	cadcom_target *target;
	cadcom_token *token;
};

static int once(void *arg)
{
	struct input *in = arg;
	cadcom_verdict *v = NULL;
	int rc = cadcom_verdict_compute(in->topo, in->target, in->token, 1, &v);

	cadcom_verdict_free(v);
	return rc;
}

int main(int argc, char **argv)
{
	struct input in = { NULL, NULL, NULL };
	cadcom_sid *dc = NULL;
	size_t tl, sl;
	char *tj, *sj;
	double rate;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_verdict TOPOLOGY.json SNAPSHOT.json\n");
		return 2;
	}
	tj = bench_slurp(argv[1], &tl);
	sj = bench_slurp(argv[2], &sl);
	if (cadcom_topology_from_json(&in.topo, tj, tl, argv[1]) ||
	    cadcom_target_open_snapshot(&in.target, sj, sl, argv[2]) ||
	    cadcom_directory_lookup_name(cadcom_target_directory(in.target), "CONTOSO\\DC2$", &dc) ||
	    cadcom_token_from_directory(cadcom_target_directory(in.target), dc, CADCOM_LOGON_NETWORK,
					&in.token) ||
	    (rate = bench_rate(once, &in)) < 0) {
		fprintf(stderr, "bench_verdict: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	printf("verdict, example forest (CONTOSO\\DC2$, 6 layers)  %.0f verdicts/s\n", rate);
	cadcom_token_free(in.token);
	cadcom_sid_free(dc);
	cadcom_target_free(in.target);
	cadcom_topology_free(in.topo);
	free(tj);
	free(sj);
	return 0;
}
