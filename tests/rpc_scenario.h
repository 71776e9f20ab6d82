/*
 * One winreg session, the same call for call in tests/gen/rpc_capture.c
 * (against the lab, recording every byte) and in tests/test_rpc.c
 * (replaying the recording, which checks that our requests are the very
 * bytes that got those answers, and decodes the answers again).
 */
#ifndef CADCOM_TEST_RPC_SCENARIO_H
#define CADCOM_TEST_RPC_SCENARIO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../lib/rpc/winreg.h"
#include "windows_dlp.h"

#define SCENARIO_KEY "SOFTWARE\\cadcom-capture"
enum { SCENARIO_BIG = 10000 };

/* Each step's result code, and what the reads returned. */
enum {
	S_BIND, S_OPEN_HKLM, S_CREATE_KEY, S_SET_SMALL, S_QUERY_SMALL, S_SET_BIG, S_QUERY_BIG,
	S_QUERY_MISSING, S_CREATE_SUB, S_CLOSE_SUB, S_ENUM_KEY0, S_ENUM_KEY1, S_ENUM_VALUE0,
	S_KEY_SECURITY, S_FAULT, S_DELETE_VALUE, S_DELETE_SUB, S_CLOSE_KEY, S_DELETE_KEY,
	S_CLOSE_HKLM, S_STEPS
};

struct scenario {
	int rc[S_STEPS];
	char msg[S_STEPS][512]; /* the error message of each failed step */
	unsigned char *small, *big, *sd;
	size_t small_len, big_len, sd_len;
	char *key0, *value0;
	struct rpc_stats frags_big_set, frags_big_query; /* deltas */
};

static inline void scenario_big(unsigned char *b)
{
	for (size_t i = 0; i < SCENARIO_BIG; i++)
		b[i] = (unsigned char)(i * 7 + 3);
}

static inline void scenario_step(struct scenario *s, int step, int rc)
{
	s->rc[step] = rc;
	if (rc)
		snprintf(s->msg[step], sizeof(s->msg[step]), "%s",
			 cadcom_error_message(cadcom_error_last()));
}

static inline void scenario_free(struct scenario *s)
{
	free(s->small);
	free(s->big);
	free(s->sd);
	free(s->key0);
	free(s->value0);
}

/* Runs every step even after a failure (each on what it has).  `bind`:
 * whether the pipe still needs its bind (the capture's is bound on open). */
static inline void scenario_run(struct rpc_conn *c, bool bind, struct scenario *s)
{
	struct rpc_handle hklm = { { 0 } }, k = { { 0 } }, sub = { { 0 } };
	unsigned char big[SCENARIO_BIG];
	struct rpc_stats before;
	struct ndr_out req;
	struct rpc_reply rep;

	memset(s, 0, sizeof(*s));
	scenario_big(big);
	scenario_step(s, S_BIND, bind ? rpc_bind(c) : 0);
	scenario_step(s, S_OPEN_HKLM, winreg_open_hklm(c, WINREG_MAXIMUM_ALLOWED, &hklm));
	scenario_step(s, S_CREATE_KEY, winreg_create_key(c, &hklm, SCENARIO_KEY, WINREG_KEY_READ | WINREG_KEY_WRITE, &k));
	scenario_step(s, S_SET_SMALL, winreg_set_value(c, &k, "Launch", CADCOM_REG_BINARY, windows_dlp,
					      sizeof(windows_dlp)));
	scenario_step(s, S_QUERY_SMALL, winreg_query_value(c, &k, "Launch", NULL, &s->small, &s->small_len));
	before = *c->stats;
	scenario_step(s, S_SET_BIG, winreg_set_value(c, &k, "Big", CADCOM_REG_BINARY, big, sizeof(big)));
	s->frags_big_set.frags_sent = c->stats->frags_sent - before.frags_sent;
	s->frags_big_set.frags_received = c->stats->frags_received - before.frags_received;
	before = *c->stats;
	scenario_step(s, S_QUERY_BIG, winreg_query_value(c, &k, "Big", NULL, &s->big, &s->big_len));
	s->frags_big_query.frags_sent = c->stats->frags_sent - before.frags_sent;
	s->frags_big_query.frags_received = c->stats->frags_received - before.frags_received;
	{
		unsigned char *none = NULL;
		size_t n;

		scenario_step(s, S_QUERY_MISSING, winreg_query_value(c, &k, "Missing", NULL, &none, &n));
		free(none);
	}
	scenario_step(s, S_CREATE_SUB, winreg_create_key(c, &k, "sub", WINREG_KEY_READ, &sub));
	scenario_step(s, S_CLOSE_SUB, winreg_close_key(c, &sub));
	scenario_step(s, S_ENUM_KEY0, winreg_enum_key(c, &k, 0, &s->key0));
	{
		char *none = NULL;

		scenario_step(s, S_ENUM_KEY1, winreg_enum_key(c, &k, 1, &none));
		free(none);
	}
	scenario_step(s, S_ENUM_VALUE0, winreg_enum_value(c, &k, 0, &s->value0));
	scenario_step(s, S_KEY_SECURITY, winreg_get_key_security(c, &k, &s->sd, &s->sd_len));
	ndr_out_init(&req);
	ndr_put_u32(&req, 0);
	scenario_step(s, S_FAULT, rpc_call(c, 250, "Opnum250", &req, &rep));
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	scenario_step(s, S_DELETE_VALUE, winreg_delete_value(c, &k, "Big"));
	scenario_step(s, S_DELETE_SUB, winreg_delete_key(c, &k, "sub"));
	scenario_step(s, S_CLOSE_KEY, winreg_close_key(c, &k));
	scenario_step(s, S_DELETE_KEY, winreg_delete_key(c, &hklm, SCENARIO_KEY));
	scenario_step(s, S_CLOSE_HKLM, winreg_close_key(c, &hklm));
}

#endif
