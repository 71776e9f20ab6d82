/* What the benchmarks share: reading an input file and timing a loop. */
#ifndef CADCOM_BENCH_H
#define CADCOM_BENCH_H

#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The whole file, NUL-terminated; exits on failure. */
static inline char *bench_slurp(const char *path, size_t *len)
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

/* Calls per second of once(arg): batches double until one takes 0.1 s, then
 * about one second is timed.  -1 when a call fails (returns non-zero). */
static inline double bench_rate(int (*once)(void *), void *arg)
{
	struct timespec a, b;
	unsigned long n = 1;
	double s = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (;;) {
			clock_gettime(CLOCK_MONOTONIC, &a);
			for (unsigned long i = 0; i < n; i++)
				if (once(arg))
					return -1;
			clock_gettime(CLOCK_MONOTONIC, &b);
			s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
			if (pass == 1 || s >= 0.1)
				break;
			n *= 2;
		}
		if (pass == 0)
			n = (unsigned long)((double)n / s) + 1;
	}
	return (double)n / s;
}

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A variable of the lab's environment (tests/lab/lab.sh exec); exits when
 * it is not set. */
static inline const char *bench_env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		fprintf(stderr, "%s is not set (run through tests/lab/lab.sh exec)\n", name);
		exit(2);
	}
	return v;
}

#endif
