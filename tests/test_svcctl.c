/*
 * The svcctl stubs and the service wait, from a recorded session with the
 * lab's DC (tests/data/rpc/svcctl.*, made by tests/gen/capture_svcctl.c):
 * replayed as recorded, every request must be the very bytes that got the
 * recorded answer and every answer decodes again; then the answers are
 * damaged — cut short, flipped, given lying lengths, another call_id,
 * other statuses — and each run must end in a clean, named error.  The
 * wait is driven by QueryServiceStatus answers made from the recorded one
 * with other states, check points and wait hints, on a fake clock.
 */
#include <time.h>
#include "cu.h"
#include "replay.h"
#include "svcctl_scenario.h"

#define HOST "dc1.contoso.test"

static unsigned char *rec_out, *rec_in;
static size_t rec_out_len, rec_in_len;

/* A clock that only moves when slept on, and remembers the sleeps. */
struct fake_clock {
	uint64_t now;
	unsigned sleeps[32];
	size_t nsleeps;
};

static uint64_t f_now(void *arg)
{
	return ((struct fake_clock *)arg)->now;
}

static void f_sleep(void *arg, unsigned ms)
{
	struct fake_clock *f = arg;

	f->now += ms;
	if (f->nsleeps < sizeof(f->sleeps) / sizeof(f->sleeps[0]))
		f->sleeps[f->nsleeps++] = ms;
}

/* Replay `in` (the server's bytes, maybe damaged) through the scenario. */
static void replay(const unsigned char *in, size_t in_len, struct replay *r, struct scenario *s,
		   struct rpc_stats *stats, struct fake_clock *fc)
{
	struct rpc_conn c = replay_conn(r, rec_out, rec_out_len, in, in_len, &rpc_svcctl, stats);
	struct svc_clock clock = { f_now, f_sleep, fc };

	memset(fc, 0, sizeof(*fc));
	scenario_run(&c, true, &clock, s);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The offsets of the recorded PDUs, answers and requests; one request and
 * one answer per step. */
static size_t pdus[S_STEPS + 1], npdus, reqs[S_STEPS + 1], nreqs;

static size_t find_pdus(const unsigned char *d, size_t len, size_t *at)
{
	size_t n = 0;

	for (size_t off = 0; off + RPC_HDR_LEN <= len && n <= S_STEPS;) {
		at[n++] = off;
		off += (size_t)(d[off + 8] | d[off + 9] << 8);
	}
	return n;
}

static size_t pdu_len(size_t pdu)
{
	return (size_t)(rec_in[pdus[pdu] + 8] | rec_in[pdus[pdu] + 9] << 8);
}

/* What each step must give when nothing is damaged. */
static int expected(int step)
{
	return step == S_START_AGAIN    ? CADCOM_ESTATE
	       : step == S_OPEN_CERTSVC ? CADCOM_ENOTFOUND
	       : step == S_FAULT        ? CADCOM_ERPCFAULT
					: 0;
}

static void test_replay(void)
{
	static const char *const msgs[S_STEPS] = {
		[S_START_AGAIN] = HOST " \\pipe\\svcctl StartServiceW: WERROR 0x00000420 "
				  "(ERROR_SERVICE_ALREADY_RUNNING)",
		[S_OPEN_CERTSVC] = HOST " \\pipe\\svcctl OpenServiceW CertSvc: WERROR 0x00000424 "
				   "(ERROR_SERVICE_DOES_NOT_EXIST)",
		[S_FAULT] = HOST " \\pipe\\svcctl Opnum250: RPC fault nca_s_op_rng_error (0x1c010002)",
	};
	struct replay r;
	struct scenario s;
	struct rpc_stats st;
	struct fake_clock fc;

	replay(rec_in, rec_in_len, &r, &s, &st, &fc);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	CU_ASSERT_EQUAL(r.out_off, rec_out_len);
	CU_ASSERT_EQUAL(r.in_off, rec_in_len);
	for (int i = 0; i < S_STEPS; i++) {
		CU_ASSERT_EQUAL(s.rc[i], expected(i));
		CU_ASSERT_STRING_EQUAL(s.msg[i], msgs[i] ? msgs[i] : "");
		if (s.rc[i] != expected(i))
			printf("step %d: %d %s\n", i, s.rc[i], s.msg[i]);
	}
	/* Samba's Spooler: a WIN32_OWN_PROCESS | INTERACTIVE_PROCESS that
	 * accepts STOP, and flips state at once (no pending state, no sleep). */
	CU_ASSERT_EQUAL(s.running.type, 0x110);
	CU_ASSERT_EQUAL(s.running.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(s.running.controls_accepted, 1);
	CU_ASSERT_EQUAL(s.stop.state, SVC_STOPPED);
	CU_ASSERT_EQUAL(s.stopped.state, SVC_STOPPED);
	CU_ASSERT_EQUAL(s.stop_again.state, SVC_STOPPED); /* Samba: no ERROR_SERVICE_NOT_ACTIVE */
	CU_ASSERT_EQUAL(s.started.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(fc.nsleeps, 0);
	CU_ASSERT_EQUAL(st.calls, S_STEPS); /* one call a step, the bind included */
}

/* Damaged input: every step's code is a clean one, and some step differs
 * from the undamaged run (CADCOM_ECONNECT: a call on the pipe a damaged
 * answer left out of step). */
static int clean(int rc)
{
	return rc == 0 || rc == CADCOM_EPROTO || rc == CADCOM_EIO || rc == CADCOM_ERPCFAULT ||
	       rc == CADCOM_ESERVER || rc == CADCOM_EACCESS || rc == CADCOM_ENOTFOUND ||
	       rc == CADCOM_EUNSUPPORTED || rc == CADCOM_ELIMIT || rc == CADCOM_ESTATE ||
	       rc == CADCOM_ETIMEOUT || rc == CADCOM_ECONNECT;
}

static void run_damaged(const unsigned char *in, size_t len, bool *changed, bool *codes_ok)
{
	struct replay r;
	struct scenario s;
	struct rpc_stats st;
	struct fake_clock fc;

	replay(in, len, &r, &s, &st, &fc);
	*changed = false;
	*codes_ok = true;
	for (int i = 0; i < S_STEPS; i++) {
		*changed |= s.rc[i] != expected(i);
		*codes_ok &= clean(s.rc[i]) && (!s.rc[i] || s.msg[i][0]);
	}
}

static void test_truncated(void)
{
	bool changed, ok;
	int bad = 0;

	for (size_t cut = 0; cut < rec_in_len; cut++) {
		run_damaged(rec_in, cut, &changed, &ok);
		if (!ok || !changed) {
			printf("cut at %zu: %s\n", cut, ok ? "nothing failed" : "unclean code");
			bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Every byte of every answer flipped, one at a time. */
static void test_flips(void)
{
	unsigned char *in = malloc(rec_in_len);
	bool changed, ok;
	int bad = 0;

	for (size_t i = 0; i < rec_in_len; i++) {
		memcpy(in, rec_in, rec_in_len);
		in[i] ^= 0xff;
		run_damaged(in, rec_in_len, &changed, &ok);
		bad += !ok;
	}
	free(in);
	CU_ASSERT_EQUAL(bad, 0);
}

/* A copy of the recording with `pdu`'s bytes at `off` (from the PDU start)
 * set to `v` (little-endian, `n` bytes). */
static unsigned char *patched(size_t pdu, size_t off, uint32_t v, size_t n)
{
	return replay_patched(rec_in, rec_in_len, pdus[pdu] + off, v, n);
}

/* Replay `in`: step `step` gives `code`, and its message contains
 * `needle` (or is exactly `exact`). */
static void check_step(const unsigned char *in, size_t len, int step, int code,
		       const char *needle, const char *exact, struct scenario *s)
{
	struct replay r;
	struct rpc_stats st;
	struct fake_clock fc;

	replay(in, len, &r, s, &st, &fc);
	CU_ASSERT_EQUAL(s->rc[step], code);
	if (needle)
		CU_ASSERT(strstr(s->msg[step], needle) != NULL);
	if (exact)
		CU_ASSERT_STRING_EQUAL(s->msg[step], exact);
	if (s->rc[step] != code || (needle && !strstr(s->msg[step], needle)) ||
	    (exact && strcmp(s->msg[step], exact)))
		printf("step %d gave %d: %s\n", step, s->rc[step], s->msg[step]);
}

/* One damaged field of the step's answer (the answer to step i is PDU i). */
static void expect(int step, size_t off, uint32_t v, size_t n, int code, const char *needle,
		   const char *exact)
{
	unsigned char *in = patched((size_t)step, off, v, n);
	struct scenario s;

	check_step(in, rec_in_len, step, code, needle, exact, &s);
	free(in);
}

/* The step's answer with a different WERROR (its last four bytes). */
static void expect_status(int step, uint32_t status, int code, const char *exact,
			  struct scenario *s)
{
	unsigned char *in = patched((size_t)step, pdu_len((size_t)step) - 4, status, 4);

	check_step(in, rec_in_len, step, code, NULL, exact, s);
	free(in);
}

/* The recording with `extra` zero bytes appended to the stub of `pdu`
 * (frag_length grown to match). */
static unsigned char *grown(size_t pdu, size_t extra, size_t *len)
{
	size_t end = pdus[pdu] + pdu_len(pdu), n = pdu_len(pdu) + extra;
	unsigned char *in = calloc(1, rec_in_len + extra);

	memcpy(in, rec_in, end);
	memcpy(in + end + extra, rec_in + end, rec_in_len - end);
	in[pdus[pdu] + 8] = (unsigned char)n;
	in[pdus[pdu] + 9] = (unsigned char)(n >> 8);
	*len = rec_in_len + extra;
	return in;
}

static void test_lies(void)
{
	unsigned char *in;
	struct scenario s;
	size_t len;

	/* The QueryServiceStatus answer: header 24, seven DWORDs, WERROR. */
	expect(S_QUERY_RUNNING, 12, 99, 4, CADCOM_EPROTO, "call_id", NULL);
	expect(S_QUERY_RUNNING, 8, 0xffff, 2, CADCOM_EPROTO, "agreed", NULL);
	expect(S_QUERY_RUNNING, 8, 10, 2, CADCOM_EPROTO, "QueryServiceStatus", NULL);
	/* Shorter than it is: the status is cut, and the stream out of step. */
	expect(S_QUERY_RUNNING, 8, 44, 2, CADCOM_EPROTO, HOST " \\pipe\\svcctl QueryServiceStatus reply",
	       NULL);
	expect(S_QUERY_RUNNING, 2, RPC_PTYPE_BIND_ACK, 1, CADCOM_EPROTO, "svcctl", NULL);
	expect(S_QUERY_RUNNING, 3, RPC_PFC_LAST, 1, CADCOM_EPROTO, "QueryServiceStatus", NULL);
	/* alloc_hint is only a hint. */
	expect(S_QUERY_RUNNING, 16, 0xffffffffu, 4, 0, NULL, NULL);
	expect(S_OPEN_SPOOLER, 12, 2, 4, CADCOM_EPROTO, "call_id", NULL);
	expect(S_BIND, 16, 100, 2, CADCOM_EPROTO, "bind", NULL);
	/* Longer than the layout: bytes after the status. */
	in = grown(S_QUERY_RUNNING, 4, &len);
	check_step(in, len, S_QUERY_RUNNING, CADCOM_EPROTO, "4 bytes after the status", NULL, &s);
	CU_ASSERT_EQUAL(s.rc[S_STOP], 0); /* the stream is still in step */
	free(in);
	in = grown(S_CLOSE_SCM, 8, &len);
	check_step(in, len, S_CLOSE_SCM, CADCOM_EPROTO,
		   HOST " \\pipe\\svcctl CloseServiceHandle reply", NULL, &s);
	free(in);
	/* The fault's status names the fault. */
	expect(S_FAULT, 24, 0x1c010003, 4, CADCOM_ERPCFAULT, "nca_s_unk_if", NULL);
	expect(S_FAULT, 24, 5, 4, CADCOM_EACCESS, "Opnum250", NULL);
}

static void test_statuses(void)
{
	struct scenario s;

	expect_status(S_OPEN_SPOOLER, 1060, CADCOM_ENOTFOUND,
		      HOST " \\pipe\\svcctl OpenServiceW Spooler: WERROR 0x00000424 "
			   "(ERROR_SERVICE_DOES_NOT_EXIST)", &s);
	expect_status(S_OPEN_SCM, 5, CADCOM_EACCESS,
		      HOST " \\pipe\\svcctl OpenSCManagerW: WERROR 0x00000005 (WERR_ACCESS_DENIED)",
		      &s);
	/* A refused control still reports the service's status ... */
	expect_status(S_STOP, 1061, CADCOM_ESTATE,
		      HOST " \\pipe\\svcctl ControlService STOP: WERROR 0x00000425 "
			   "(ERROR_SERVICE_CANNOT_ACCEPT_CTRL)", &s);
	CU_ASSERT_EQUAL(s.stop.state, SVC_STOPPED);
	expect_status(S_STOP, 1062, CADCOM_ESTATE,
		      HOST " \\pipe\\svcctl ControlService STOP: WERROR 0x00000426 "
			   "(ERROR_SERVICE_NOT_ACTIVE)", &s);
	CU_ASSERT_EQUAL(s.stop.state, SVC_STOPPED);
	expect_status(S_STOP, 1052, CADCOM_ESTATE, NULL, &s);
	CU_ASSERT(strstr(s.msg[S_STOP], "ERROR_INVALID_SERVICE_CONTROL") != NULL);
	/* ... a denied one does not. */
	expect_status(S_STOP, 5, CADCOM_EACCESS,
		      HOST " \\pipe\\svcctl ControlService STOP: WERROR 0x00000005 "
			   "(WERR_ACCESS_DENIED)", &s);
	CU_ASSERT_EQUAL(s.stop.state, 0);
	expect_status(S_START, 1058, CADCOM_ESTATE,
		      HOST " \\pipe\\svcctl StartServiceW: WERROR 0x00000422 (ERROR_SERVICE_DISABLED)",
		      &s);
	expect_status(S_START, 1053, CADCOM_ETIMEOUT,
		      HOST " \\pipe\\svcctl StartServiceW: WERROR 0x0000041d "
			   "(ERROR_SERVICE_REQUEST_TIMEOUT)", &s);
	expect_status(S_QUERY_RUNNING, 1726, CADCOM_ESERVER,
		      HOST " \\pipe\\svcctl QueryServiceStatus: WERROR 0x000006be", &s);
	CU_ASSERT_EQUAL(s.running.state, 0);
	expect_status(S_CLOSE_SPOOLER, 6, CADCOM_ESERVER,
		      HOST " \\pipe\\svcctl CloseServiceHandle: WERROR 0x00000006", &s);
	/* A failed wait's query is named as the query. */
	expect_status(S_WAIT_STOPPED, 5, CADCOM_EACCESS,
		      HOST " \\pipe\\svcctl QueryServiceStatus: WERROR 0x00000005 "
			   "(WERR_ACCESS_DENIED)", &s);
}

/* Names NDR cannot carry are refused before anything is sent. */
static void test_bad_names(void)
{
	struct rpc_stats stats = { 0 };
	struct replay r = { .mismatch = SIZE_MAX };
	struct rpc_conn c = { .io = { replay_write, replay_read, &r }, .iface = &rpc_svcctl, .host = HOST,
			      .max_xmit = RPC_MAX_FRAG, .max_recv = RPC_MAX_FRAG, .stats = &stats };
	struct rpc_handle scm = { { 0 } }, svc;

	CU_ASSERT_EQUAL(svcctl_open_service(&c, &scm, NULL, SVC_QUERY_STATUS, &svc), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(cadcom_error_message(cadcom_error_last()),
			       HOST " \\pipe\\svcctl OpenServiceW: no service name");
	CU_ASSERT_EQUAL(svcctl_open_service(&c, &scm, "Spo\xc3oler", SVC_QUERY_STATUS, &svc),
			CADCOM_EINVAL);
	CU_ASSERT(strstr(cadcom_error_message(cadcom_error_last()), "OpenServiceW") != NULL);
	CU_ASSERT_EQUAL(r.out_off, 0);
	CU_ASSERT_EQUAL(stats.calls, 0);
	CU_ASSERT_FALSE(c.broken);
}

/* ---- the wait, on answers made from the recorded QueryServiceStatus ---- */

struct poll {
	uint32_t state, check_point, wait_hint, exit_code;
};

enum { FIRST_CALL = 41 }; /* the conn's last call_id: the wait's first is 42 */

/* n copies of the recorded request (`out`) or answer, call_ids from
 * FIRST_CALL + 1, answers patched to p[i]. */
static unsigned char *poll_stream(const struct poll *p, size_t n, bool out, size_t *len)
{
	const unsigned char *pdu = out ? rec_out + reqs[S_QUERY_RUNNING]
				       : rec_in + pdus[S_QUERY_RUNNING];
	size_t plen = (size_t)(pdu[8] | pdu[9] << 8);
	unsigned char *s = malloc(n * plen), *q;

	for (size_t i = 0; i < n; i++) {
		q = s + i * plen;
		memcpy(q, pdu, plen);
		put_le32(q + 12, (uint32_t)(FIRST_CALL + 1 + i));
		if (!out) { /* SERVICE_STATUS at 24: state +4, exit code +12, ... */
			put_le32(q + 28, p[i].state);
			put_le32(q + 36, p[i].exit_code);
			put_le32(q + 44, p[i].check_point);
			put_le32(q + 48, p[i].wait_hint);
		}
	}
	*len = n * plen;
	return s;
}

/* Wait for `want` on answers `p`: every answer must be read and no more,
 * every request the recorded one. */
static int wait_on(const struct poll *p, size_t n, uint32_t want, unsigned timeout_ms,
		   struct fake_clock *fc, struct svc_status *st, char *msg, size_t msg_size)
{
	struct rpc_stats stats = { 0 };
	struct replay r = { .mismatch = SIZE_MAX };
	struct rpc_conn c = { .io = { replay_write, replay_read, &r }, .iface = &rpc_svcctl, .host = HOST,
			      .max_xmit = RPC_MAX_FRAG, .max_recv = RPC_MAX_FRAG,
			      .call_id = FIRST_CALL, .stats = &stats };
	struct svc_clock clock = { f_now, f_sleep, fc };
	struct rpc_handle h = { { 0 } };
	unsigned char *in, *out;
	int rc;

	in = poll_stream(p, n, false, &r.in_len);
	out = poll_stream(p, n, true, &r.out_len);
	r.in = in;
	r.out = out;
	memcpy(h.bytes, rec_out + reqs[S_QUERY_RUNNING] + RPC_REQ_HDR_LEN, sizeof(h.bytes));
	if (fc) {
		memset(fc, 0, sizeof(*fc));
		fc->now = 5000000; /* a clock does not start at 0 */
	}
	rc = svcctl_wait(&c, &h, want, timeout_ms, fc ? &clock : NULL, st);
	snprintf(msg, msg_size, "%s", rc ? cadcom_error_message(cadcom_error_last()) : "");
	CU_ASSERT_EQUAL(r.in_off, r.in_len);
	CU_ASSERT_EQUAL(r.out_off, r.out_len);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	free(in);
	free(out);
	return rc;
}

#define WAIT(p, want, timeout, fc, st, msg) \
	wait_on(p, sizeof(p) / sizeof(p[0]), want, timeout, fc, st, msg, sizeof(msg))

static void test_wait_stop(void)
{
	static const struct poll p[] = { { SVC_STOP_PENDING, 1, 30000, 0 },
					 { SVC_STOP_PENDING, 2, 30000, 0 },
					 { SVC_STOPPED, 0, 0, 0 } };
	struct fake_clock fc;
	struct svc_status st;
	char msg[512];

	CU_ASSERT_EQUAL(WAIT(p, SVC_STOPPED, 60000, &fc, &st, msg), 0);
	CU_ASSERT_EQUAL(st.state, SVC_STOPPED);
	CU_ASSERT_EQUAL(fc.nsleeps, 2); /* a tenth of the 30 s hint, twice */
	CU_ASSERT_EQUAL(fc.sleeps[0], 3000);
	CU_ASSERT_EQUAL(fc.sleeps[1], 3000);
}

static void test_wait_start(void)
{
	/* The check point moves every second, past the 2 s hint in all. */
	static const struct poll p[] = { { SVC_START_PENDING, 1, 2000, 0 },
					 { SVC_START_PENDING, 2, 2000, 0 },
					 { SVC_START_PENDING, 3, 2000, 0 },
					 { SVC_START_PENDING, 4, 2000, 0 },
					 { SVC_START_PENDING, 5, 2000, 0 },
					 { SVC_RUNNING, 0, 0, 0 } };
	/* Long hints sleep at most 10 s. */
	static const struct poll slow[] = { { SVC_START_PENDING, 1, 600000, 0 },
					    { SVC_RUNNING, 0, 0, 0 } };
	struct fake_clock fc;
	struct svc_status st;
	char msg[512];

	CU_ASSERT_EQUAL(WAIT(p, SVC_RUNNING, 60000, &fc, &st, msg), 0);
	CU_ASSERT_EQUAL(st.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(fc.nsleeps, 5);
	for (size_t i = 0; i < fc.nsleeps; i++)
		CU_ASSERT_EQUAL(fc.sleeps[i], 1000); /* a tenth of 2 s is below the 1 s floor */
	CU_ASSERT_EQUAL(WAIT(slow, SVC_RUNNING, 60000, &fc, &st, msg), 0);
	CU_ASSERT_EQUAL(fc.nsleeps, 1);
	CU_ASSERT_EQUAL(fc.sleeps[0], 10000);
}

static void test_wait_stuck(void)
{
	/* Check point 3 at 0, 1, 2 s (not past the 2 s hint yet), and 3 s. */
	static const struct poll p[] = { { SVC_START_PENDING, 3, 2000, 0 },
					 { SVC_START_PENDING, 3, 2000, 0 },
					 { SVC_START_PENDING, 3, 2000, 0 },
					 { SVC_START_PENDING, 3, 2000, 0 } };
	struct fake_clock fc;
	struct svc_status st;
	char msg[512];

	CU_ASSERT_EQUAL(WAIT(p, SVC_RUNNING, 60000, &fc, &st, msg), CADCOM_ETIMEOUT);
	CU_ASSERT_STRING_EQUAL(msg, HOST " \\pipe\\svcctl waiting for RUNNING: START_PENDING with "
					 "check point 3 for 3000 ms, past its wait hint of 2000 ms");
	CU_ASSERT_EQUAL(st.state, SVC_START_PENDING);
	CU_ASSERT_EQUAL(st.check_point, 3);
	CU_ASSERT_EQUAL(fc.nsleeps, 3);
}

static void test_wait_wrong_state(void)
{
	static const struct poll p[] = { { SVC_START_PENDING, 1, 5000, 0 },
					 { SVC_START_PENDING, 2, 5000, 0 },
					 { SVC_STOPPED, 0, 0, 1067 } };
	static const struct poll paused[] = { { SVC_PAUSED, 0, 0, 0 } };
	static const struct poll bogus[] = { { 9, 0, 0, 0 } };
	struct fake_clock fc;
	struct svc_status st;
	char msg[512];

	CU_ASSERT_EQUAL(WAIT(p, SVC_RUNNING, 60000, &fc, &st, msg), CADCOM_ESTATE);
	CU_ASSERT_STRING_EQUAL(msg, HOST " \\pipe\\svcctl waiting for RUNNING: the service is "
					 "STOPPED (exit code 1067, service exit code 0)");
	CU_ASSERT_EQUAL(st.state, SVC_STOPPED);
	CU_ASSERT_EQUAL(st.win32_exit_code, 1067);
	CU_ASSERT_EQUAL(WAIT(paused, SVC_STOPPED, 60000, &fc, &st, msg), CADCOM_ESTATE);
	CU_ASSERT(strstr(msg, "waiting for STOPPED: the service is PAUSED") != NULL);
	CU_ASSERT_EQUAL(fc.nsleeps, 0);
	CU_ASSERT_EQUAL(WAIT(bogus, SVC_STOPPED, 60000, &fc, &st, msg), CADCOM_EPROTO);
	CU_ASSERT(strstr(msg, "unknown state 9") != NULL);
	CU_ASSERT_EQUAL(svcctl_wait(NULL, NULL, SVC_PAUSED, 1000, NULL, NULL), CADCOM_EINVAL);
}

static void test_wait_timeout(void)
{
	/* Progress every 3 s, but the caller gives 10 s: the last sleep is
	 * cut to the deadline, where one more look is taken. */
	static const struct poll p[] = { { SVC_STOP_PENDING, 1, 30000, 0 },
					 { SVC_STOP_PENDING, 2, 30000, 0 },
					 { SVC_STOP_PENDING, 3, 30000, 0 },
					 { SVC_STOP_PENDING, 4, 30000, 0 },
					 { SVC_STOP_PENDING, 5, 30000, 0 } };
	static const struct poll once[] = { { SVC_STOP_PENDING, 1, 30000, 0 } };
	struct fake_clock fc;
	struct svc_status st;
	char msg[512];

	CU_ASSERT_EQUAL(WAIT(p, SVC_STOPPED, 10000, &fc, &st, msg), CADCOM_ETIMEOUT);
	CU_ASSERT_STRING_EQUAL(msg, HOST " \\pipe\\svcctl waiting for STOPPED: still STOP_PENDING "
					 "after 10000 ms");
	CU_ASSERT_EQUAL(st.check_point, 5);
	CU_ASSERT_EQUAL(fc.nsleeps, 4);
	CU_ASSERT_EQUAL(fc.sleeps[3], 1000);
	/* A timeout of 0: one look. */
	CU_ASSERT_EQUAL(WAIT(once, SVC_STOPPED, 0, &fc, &st, msg), CADCOM_ETIMEOUT);
	CU_ASSERT_EQUAL(fc.nsleeps, 0);
}

/* The default clock really sleeps (1 s: the floor). */
static void test_wait_real_clock(void)
{
	static const struct poll p[] = { { SVC_STOP_PENDING, 1, 0, 0 }, { SVC_STOPPED, 0, 0, 0 } };
	struct svc_status st;
	struct timespec a, b;
	char msg[512];
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	CU_ASSERT_EQUAL(WAIT(p, SVC_STOPPED, 60000, NULL, &st, msg), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CU_ASSERT(ms >= 1000 && ms < 3000);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "the recorded session replays exactly", test_replay },
		{ "cut short anywhere", test_truncated },
		{ "every byte flipped", test_flips },
		{ "lying lengths, call_id, flags, extra bytes", test_lies },
		{ "service manager statuses, named", test_statuses },
		{ "service names NDR cannot carry", test_bad_names },
		{ "wait: STOP_PENDING twice, then STOPPED", test_wait_stop },
		{ "wait: START_PENDING with progress, then RUNNING", test_wait_start },
		{ "wait: a stuck check point", test_wait_stuck },
		{ "wait: another stable state", test_wait_wrong_state },
		{ "wait: the overall timeout", test_wait_timeout },
		{ "wait: the real clock", test_wait_real_clock },
		CU_TEST_INFO_NULL,
	};
	int rc;

	rec_out = cu_data("rpc/svcctl.out", &rec_out_len);
	rec_in = cu_data("rpc/svcctl.in", &rec_in_len);
	npdus = find_pdus(rec_in, rec_in_len, pdus);
	nreqs = find_pdus(rec_out, rec_out_len, reqs);
	if (npdus != S_STEPS || nreqs != S_STEPS) {
		fprintf(stderr, "svcctl.in/out: %zu answers and %zu requests, not %d: re-record\n",
			npdus, nreqs, S_STEPS);
		return 1;
	}
	rc = cu_run("svcctl", tests);
	free(rec_out);
	free(rec_in);
	return rc;
}
