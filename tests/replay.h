/*
 * A pipe that plays a recorded RPC session back (tests/data/rpc/): reads
 * come from the server's recorded bytes — maybe damaged on purpose — and
 * writes are compared with the recorded requests.  Shared by the stub
 * tests and the stub fuzz harnesses (which leave `out` empty).
 */
#ifndef CADCOM_TEST_REPLAY_H
#define CADCOM_TEST_REPLAY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../lib/rpc/rpc.h"

struct replay {
	const unsigned char *out, *in;
	size_t out_len, in_len, out_off, in_off;
	size_t mismatch; /* offset of the first request byte that differs, or SIZE_MAX */
};

static inline int replay_write(void *ctx, const unsigned char *p, size_t n)
{
	struct replay *r = ctx;

	for (size_t i = 0; i < n; i++)
		if (r->mismatch == SIZE_MAX &&
		    (r->out_off + i >= r->out_len || r->out[r->out_off + i] != p[i]))
			r->mismatch = r->out_off + i;
	r->out_off += n;
	return 0;
}

static inline int replay_read(void *ctx, unsigned char *p, size_t n)
{
	struct replay *r = ctx;

	if (n > r->in_len - r->in_off)
		return cadcom__error(CADCOM_EIO, -1, "replay: the recording ends");
	memcpy(p, r->in + r->in_off, n);
	r->in_off += n;
	return 0;
}

/* Start `r` on the recorded requests `out` and the answers `in`, and a
 * connection for `iface` reading through it (host "dc1.contoso.test"). */
static inline struct rpc_conn replay_conn(struct replay *r, const unsigned char *out,
					  size_t out_len, const unsigned char *in, size_t in_len,
					  const struct rpc_iface *iface, struct rpc_stats *stats)
{
	*r = (struct replay){ out, in, out_len, in_len, 0, 0, SIZE_MAX };
	memset(stats, 0, sizeof(*stats));
	return (struct rpc_conn){ .io = { replay_write, replay_read, r }, .iface = iface,
				  .host = "dc1.contoso.test", .stats = stats };
}

/* A malloc'd copy of the recording `rec` with the `n` bytes at `at` set to
 * `v`, little-endian: one field of one answer made to lie. */
static inline unsigned char *replay_patched(const unsigned char *rec, size_t len, size_t at,
					    uint32_t v, size_t n)
{
	unsigned char *in = malloc(len);

	if (!in)
		abort();
	memcpy(in, rec, len);
	for (size_t i = 0; i < n; i++)
		in[at + i] = (unsigned char)(v >> (8 * i));
	return in;
}

#endif
