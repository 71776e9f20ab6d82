/* bench_plan — plan computations per second for the embedded example forest
 * (examples/forest: topology and before-state snapshot), public API only.
 * Usage: bench_plan TOPOLOGY.json SNAPSHOT.json */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cadcom/cadcom.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static double timed(const cadcom_topology *topo, cadcom_target *target, unsigned long n)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (unsigned long i = 0; i < n; i++) {
		cadcom_plan *p = NULL;
		if (cadcom_plan_compute(topo, target, &p))
			return -1;
		cadcom_plan_free(p);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	cadcom_topology *topo = NULL;
	cadcom_target *target = NULL;
	unsigned long n = 1;
	size_t tl, sl;
	char *tj, *sj;
	double s;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_plan TOPOLOGY.json SNAPSHOT.json\n");
		return 2;
	}
	tj = slurp(argv[1], &tl);
	sj = slurp(argv[2], &sl);
	if (cadcom_topology_from_json(&topo, tj, tl, argv[1]) ||
	    cadcom_target_open_snapshot(&target, sj, sl, argv[2])) {
		fprintf(stderr, "bench_plan: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	while ((s = timed(topo, target, n)) >= 0 && s < 0.1)
		n *= 2;
	if (s < 0 || (s = timed(topo, target, n = (unsigned long)((double)n / s) + 1)) <= 0) {
		fprintf(stderr, "bench_plan: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	printf("plan compute, example forest (3 domains, before-state)  %.0f plans/s\n",
	       (double)n / s);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
	free(tj);
	free(sj);
	return 0;
}
