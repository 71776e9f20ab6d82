/*
 * What the stub harnesses share: a pipe whose answers are the fuzzer's
 * bytes (what we write is dropped), the way tests/test_rpc.c replays a
 * recorded session.  The seeds are those recordings.
 */
#ifndef CADCOM_FUZZ_STUB_FEED_H
#define CADCOM_FUZZ_STUB_FEED_H

#include <string.h>
#include "../lib/rpc/rpc.h"

struct feed {
	const uint8_t *p;
	size_t n, off;
};

static int feed_write(void *ctx, const unsigned char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return 0;
}

static int feed_read(void *ctx, unsigned char *p, size_t n)
{
	struct feed *f = ctx;

	if (n > f->n - f->off)
		return cadcom__error(CADCOM_EIO, -1, "fuzz: the input ends");
	memcpy(p, f->p + f->off, n);
	f->off += n;
	return 0;
}

static inline struct rpc_conn feed_conn(struct feed *f, const struct rpc_iface *iface,
					struct rpc_stats *st)
{
	memset(st, 0, sizeof(*st));
	return (struct rpc_conn){ .io = { feed_write, feed_read, f }, .iface = iface,
				  .host = "fuzz", .stats = st };
}

#endif
