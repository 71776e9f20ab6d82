/* bench_plan — plan computations per second for the embedded example forest
 * (examples/forest: topology and before-state snapshot), public API only.
 * Usage: bench_plan TOPOLOGY.json SNAPSHOT.json */
#include "bench.h"
#include <cadcom/cadcom.h>

struct input {
	cadcom_topology *topo;
	cadcom_target *target;
};

static int once(void *arg)
{
	struct input *in = arg;
	cadcom_plan *p = NULL;
	int rc = cadcom_plan_compute(in->topo, in->target, &p);

	cadcom_plan_free(p);
	return rc;
}

int main(int argc, char **argv)
{
	struct input in = { NULL, NULL };
	size_t tl, sl;
	char *tj, *sj;
	double rate;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_plan TOPOLOGY.json SNAPSHOT.json\n");
		return 2;
	}
	tj = bench_slurp(argv[1], &tl);
	sj = bench_slurp(argv[2], &sl);
	if (cadcom_topology_from_json(&in.topo, tj, tl, argv[1]) ||
	    cadcom_target_open_snapshot(&in.target, sj, sl, argv[2]) || (rate = bench_rate(once, &in)) < 0) {
		fprintf(stderr, "bench_plan: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	printf("plan compute, example forest (3 domains, before-state)  %.0f plans/s\n", rate);
	cadcom_target_free(in.target);
	cadcom_topology_free(in.topo);
	free(tj);
	free(sj);
	return 0;
}
