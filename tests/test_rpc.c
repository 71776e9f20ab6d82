/*
 * The call loop and the winreg stubs, from a recorded session with the
 * lab's DC (tests/data/rpc/, made by tests/gen/rpc_capture.c): replayed as
 * recorded, every request must be the very bytes that got the recorded
 * answer and every answer decodes to what was written; then the answers
 * are damaged — cut short, given another call_id, lying lengths and
 * counts, every byte flipped — and each run must end in a clean error.
 */
#include "cu.h"
#include "replay.h"
#include "rpc_scenario.h"

static unsigned char *rec_out, *rec_in;
static size_t rec_out_len, rec_in_len;

static const struct rpc_iface *iface = &rpc_winreg;

/* Replay `in` (the server's bytes, maybe damaged) through the scenario. */
static void replay(const unsigned char *in, size_t in_len, struct replay *r, struct scenario *s,
		   struct rpc_stats *stats)
{
	struct rpc_conn c = replay_conn(r, rec_out, rec_out_len, in, in_len, iface, stats);

	scenario_run(&c, true, s);
}

/* The offsets of the recorded response PDUs. */
static size_t pdus[64], npdus;

static void find_pdus(void)
{
	for (size_t off = 0; off + RPC_HDR_LEN <= rec_in_len && npdus < 64;) {
		pdus[npdus++] = off;
		off += (size_t)(rec_in[off + 8] | rec_in[off + 9] << 8);
	}
}

enum { PDU_BIND_ACK = 0, PDU_QUERY_SMALL = 4, PDU_QUERY_BIG = 6, PDU_FAULT = 16 };

static void test_replay(void)
{
	unsigned char big[SCENARIO_BIG];
	struct replay r;
	struct scenario s;
	struct rpc_stats st;
	cadcom_sd *sd = NULL;

	replay(rec_in, rec_in_len, &r, &s, &st);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	CU_ASSERT_EQUAL(r.out_off, rec_out_len);
	CU_ASSERT_EQUAL(r.in_off, rec_in_len);
	for (int i = 0; i < S_STEPS; i++) {
		int want = i == S_QUERY_MISSING || i == S_ENUM_KEY1 ? CADCOM_ENOTFOUND
			   : i == S_FAULT			    ? CADCOM_ERPCFAULT
								    : 0;
		CU_ASSERT_EQUAL(s.rc[i], want);
		if (s.rc[i] != want)
			printf("step %d: %d\n", i, s.rc[i]);
	}
	CU_ASSERT(s.small_len == sizeof(windows_dlp) && !memcmp(s.small, windows_dlp, s.small_len));
	scenario_big(big);
	CU_ASSERT(s.big_len == SCENARIO_BIG && !memcmp(s.big, big, SCENARIO_BIG));
	CU_ASSERT_EQUAL(s.frags_big_set.frags_sent, 3);
	CU_ASSERT_EQUAL(s.frags_big_set.frags_received, 1);
	CU_ASSERT_EQUAL(s.frags_big_query.frags_sent, 1);
	CU_ASSERT_EQUAL(s.frags_big_query.frags_received, 3);
	CU_ASSERT_STRING_EQUAL(s.key0 ? s.key0 : "", "sub");
	CU_ASSERT(s.value0 && (!strcmp(s.value0, "Launch") || !strcmp(s.value0, "Big")));
	CU_ASSERT_EQUAL(cadcom_sd_from_bytes(&sd, s.sd, s.sd_len), 0);
	cadcom_sd_free(sd);
	CU_ASSERT_EQUAL(st.calls, S_STEPS); /* one call a step, the bind included */
	/* CreateKey twice, SetValue twice, DeleteValue, DeleteKey twice. */
	CU_ASSERT_EQUAL(st.writes, 7);
	CU_ASSERT_EQUAL(npdus, 22);
	scenario_free(&s);
}

/* Damaged input: each step's code is one of the clean errors, and after
 * the first damaged step nothing succeeds that read a damaged answer
 * (CADCOM_ECONNECT: a call on the pipe a damaged answer left out of step). */
static int clean(int rc)
{
	return rc == 0 || rc == CADCOM_EPROTO || rc == CADCOM_EIO || rc == CADCOM_ERPCFAULT ||
	       rc == CADCOM_ESERVER || rc == CADCOM_EACCESS || rc == CADCOM_ENOTFOUND ||
	       rc == CADCOM_EUNSUPPORTED || rc == CADCOM_ELIMIT || rc == CADCOM_ECONNECT;
}

static int first_failure(const struct scenario *s)
{
	for (int i = 0; i < S_STEPS; i++)
		if (s->rc[i] && i != S_QUERY_MISSING && i != S_ENUM_KEY1 && i != S_FAULT)
			return i;
	return -1;
}

static void run_damaged(unsigned char *in, size_t len, int *failed_step, int *codes_ok)
{
	struct replay r;
	struct scenario s;
	struct rpc_stats st;

	replay(in, len, &r, &s, &st);
	*failed_step = first_failure(&s);
	*codes_ok = 1;
	for (int i = 0; i < S_STEPS; i++)
		if (!clean(s.rc[i]))
			*codes_ok = 0;
	scenario_free(&s);
}

static void test_truncated(void)
{
	int step, ok, bad = 0;

	/* Every cut inside the first five answers, then every 61st byte. */
	for (size_t cut = 0; cut < rec_in_len; cut += cut < pdus[5] ? 1 : 61) {
		run_damaged(rec_in, cut, &step, &ok);
		if (!ok || step < 0)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* A copy of the recording with `pdu`'s bytes at `off` (from the PDU start)
 * set to `v` (little-endian, `n` bytes). */
static unsigned char *patched(size_t pdu, size_t off, uint32_t v, size_t n)
{
	return replay_patched(rec_in, rec_in_len, pdus[pdu] + off, v, n);
}

/* One damaged field: the step that reads it fails with `code`, and its
 * message names what is wrong. */
static void expect(size_t pdu, size_t off, uint32_t v, size_t n, int step, int code,
		   const char *needle)
{
	unsigned char *in = patched(pdu, off, v, n);
	struct replay r;
	struct scenario s;
	struct rpc_stats st;

	replay(in, rec_in_len, &r, &s, &st);
	CU_ASSERT_EQUAL(s.rc[step], code);
	if (needle)
		CU_ASSERT(strstr(s.msg[step], needle) != NULL);
	if (s.rc[step] != code || (needle && !strstr(s.msg[step], needle)))
		printf("pdu %zu off %zu: step %d gave %d: %s\n", pdu, off, step, s.rc[step],
		       s.msg[step]);
	scenario_free(&s);
	free(in);
}

static void test_lies(void)
{
	/* The QueryValue answer: header 24, then type ptr + type, data ptr,
	 * max_count (36), offset (40), actual_count (44), 124 bytes... */
	expect(PDU_QUERY_SMALL, 12, 99, 4, S_QUERY_SMALL, CADCOM_EPROTO, "call_id");
	/* That left the pipe out of step: the next call is refused, as a
	 * connection to open again. */
	expect(PDU_QUERY_SMALL, 12, 99, 4, S_SET_BIG, CADCOM_ECONNECT, "opened again");
	expect(PDU_QUERY_SMALL, 36, 0xffffffffu, 4, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	expect(PDU_QUERY_SMALL, 40, 4, 4, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	expect(PDU_QUERY_SMALL, 44, 0x7fffffffu, 4, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	expect(PDU_QUERY_SMALL, 44, 100, 4, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	expect(PDU_QUERY_SMALL, 2, RPC_PTYPE_BIND_ACK, 1, S_QUERY_SMALL, CADCOM_EPROTO, "winreg");
	expect(PDU_QUERY_SMALL, 8, 0xffff, 2, S_QUERY_SMALL, CADCOM_EPROTO, "agreed");
	expect(PDU_QUERY_SMALL, 8, 10, 2, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	expect(PDU_QUERY_SMALL, 3, RPC_PFC_LAST, 1, S_QUERY_SMALL, CADCOM_EPROTO, "QueryValue");
	/* The second fragment of the big answer claims to be a first one. */
	expect(PDU_QUERY_BIG + 1, 3, RPC_PFC_FIRST, 1, S_QUERY_BIG, CADCOM_EPROTO, NULL);
	/* A status of access denied, and of something else. */
	expect(PDU_QUERY_SMALL, pdus[PDU_QUERY_SMALL + 1] - pdus[PDU_QUERY_SMALL] - 4, 5, 4,
	       S_QUERY_SMALL, CADCOM_EACCESS, "WERR_ACCESS_DENIED");
	expect(PDU_QUERY_SMALL, pdus[PDU_QUERY_SMALL + 1] - pdus[PDU_QUERY_SMALL] - 4, 1726, 4,
	       S_QUERY_SMALL, CADCOM_ESERVER, "0x000006be");
	/* A bind_ack with a fragment size below the minimum. */
	expect(PDU_BIND_ACK, 16, 100, 2, S_BIND, CADCOM_EPROTO, "bind");
	/* The fault's status names the fault. */
	expect(PDU_FAULT, 24, 0x1c010003, 4, S_FAULT, CADCOM_ERPCFAULT, "nca_s_unk_if");
	expect(PDU_FAULT, 24, 5, 4, S_FAULT, CADCOM_EACCESS, "Opnum250");
}

/* Every byte of the first answers flipped, one at a time. */
static void test_flips(void)
{
	unsigned char *in = malloc(rec_in_len);
	int step, ok, bad = 0;

	for (size_t i = 0; i < pdus[6]; i++) {
		memcpy(in, rec_in, rec_in_len);
		in[i] ^= 0xff;
		run_damaged(in, rec_in_len, &step, &ok);
		bad += !ok;
	}
	free(in);
	CU_ASSERT_EQUAL(bad, 0);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "the recorded session replays exactly", test_replay },
		{ "cut short anywhere", test_truncated },
		{ "lying lengths, counts, call_id, flags, status", test_lies },
		{ "every byte flipped", test_flips },
		CU_TEST_INFO_NULL,
	};
	int rc;

	rec_out = cu_data("rpc/winreg.out", &rec_out_len);
	rec_in = cu_data("rpc/winreg.in", &rec_in_len);
	find_pdus();
	rc = cu_run("rpc", tests);
	free(rec_out);
	free(rec_in);
	return rc;
}
