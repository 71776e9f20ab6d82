/*
 * libFuzzer harness for apply journals (apply.h, lib/apply/journal.c): a
 * journal file from an untrusted backup directory, read, written again the
 * way an apply writes one, and rolled back onto a memory target.
 *
 * The target holds a little of what a CA's journal names: the Ole key's
 * MachineLaunchRestriction and the group "Certificate Service DCOM Access"
 * (S-1-5-32-574) with Domain Controllers in it.
 *
 * Properties checked (abort() on violation):
 *   - a refused journal leaves an error with a message, and the target
 *     untouched (nothing is written before the whole journal is read);
 *   - a read journal gives a report whose every step has a known state;
 *   - a journal that reads is written again into another backup directory
 *     (revert.reg, members.json and the first line, as an apply creates
 *     them, then an event line for each intent, done and reverted it
 *     records, and an end line), and that reads back to the same steps and
 *     events; a second journal is then refused there and leaves the first
 *     as it was; a journal that cannot be written leaves none behind.
 *
 * Built by fuzz/run.sh with every library object and -ljansson.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cadcom/cadcom.h"
#include "../lib/apply/apply_internal.h" /* the journal's reader and writer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char target_json[] =
	"{\"format\":\"cadcom-snapshot-1\","
	"\"registry\":[{\"key\":\"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Ole\","
	"\"values\":[{\"name\":\"MachineLaunchRestriction\","
	"\"type\":\"REG_BINARY\",\"hex\":\"0100\"}]}],"
	"\"principals\":[{\"sid\":\"S-1-5-32-574\","
	"\"name\":\"BUILTIN\\\\Certificate Service DCOM Access\","
	"\"kind\":\"group\",\"scope\":\"builtin-local\"},"
	"{\"sid\":\"S-1-5-21-1-2-3-516\",\"name\":\"CONTOSO\\\\Domain Controllers\","
	"\"kind\":\"group\",\"scope\":\"global\"}],"
	"\"members\":[{\"group\":\"S-1-5-32-574\",\"members\":[\"S-1-5-21-1-2-3-516\"]}]}";

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_journal: %s\n", what);
	abort();
}

static bool same_bytes(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	return alen == blen && (!alen || memcmp(a, b, alen) == 0);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The steps and what the journal says of them, read from two journals. */
static void same_steps(const struct cadcom_apply *a, const struct cadcom_apply *b)
{
	if (a->n != b->n)
		broken("a journal written again has another number of steps");
	for (size_t i = 0; i < a->n; i++) {
		const struct step *x = &a->steps[i], *y = &b->steps[i];
		bool value = x->kind == CADCOM_ACTION_SET_VALUE;

		if (x->kind != y->kind || !same_text(x->text, y->text) ||
		    x->intent != y->intent || x->done != y->done || x->reverted != y->reverted)
			broken("a journal written again reads another step or event");
		if (value && (!same_text(x->key, y->key) || !same_text(x->name, y->name) ||
			      x->type != y->type || !same_bytes(x->data, x->len, y->data, y->len) ||
			      x->had_old != y->had_old ||
			      (x->had_old && (x->old_type != y->old_type ||
					      !same_bytes(x->old, x->old_len, y->old, y->old_len)))))
			broken("a journal written again reads another value step");
		if (!value && (!cadcom_sid_equal(&x->group, &y->group) ||
			       !cadcom_sid_equal(&x->member, &y->member)))
			broken("a journal written again reads another member step");
	}
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
		*len = (size_t)n;
	else
		broken("cannot read a journal back");
	fclose(f);
	return buf;
}

/* Read the journal in `dir`, write it again into `again` as an apply
 * would, and read that. */
static void round_trip(const char *dir, const char *again, cadcom_target *t)
{
	static char path[128], revert[128], members[128];
	struct cadcom_apply *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b)),
			    *c = calloc(1, sizeof(*c));
	struct journal j;
	unsigned char *first = NULL, *second = NULL;
	size_t first_len = 0, second_len = 0;

	if (!a || !b || !c)
		broken("out of memory");
	snprintf(path, sizeof(path), "%s/journal", again);
	snprintf(revert, sizeof(revert), "%s/revert.reg", again);
	snprintf(members, sizeof(members), "%s/members.json", again);
	if (cadcom__journal_open(&j, dir, a) != 0)
		goto out; /* the rollback below sees the same refusal */
	cadcom__journal_close(&j);
	if (cadcom__journal_create(&j, again, a, t) != 0) {
		if (!*cadcom_error_message(cadcom_error_last()))
			broken("a journal not written without a message");
		if (access(path, F_OK) == 0)
			broken("a journal not written is there");
		goto out;
	}
	for (size_t i = 0; i < a->n; i++)
		if ((a->steps[i].intent && cadcom__journal_event(&j, i, "intent")) ||
		    (a->steps[i].done && cadcom__journal_event(&j, i, "done")) ||
		    (a->steps[i].reverted && cadcom__journal_event(&j, i, "reverted")))
			broken(cadcom_error_message(cadcom_error_last()));
	if (cadcom__journal_end(&j, "complete"))
		broken(cadcom_error_message(cadcom_error_last()));
	cadcom__journal_close(&j);
	if (cadcom__journal_open(&j, again, b) != 0)
		broken(cadcom_error_message(cadcom_error_last()));
	cadcom__journal_close(&j);
	same_steps(a, b);
	/* One backup directory, one journal: a second apply there is refused
	 * before it writes anything. */
	first = slurp(path, &first_len);
	if (cadcom__journal_create(&j, again, c, t) != CADCOM_EIO)
		broken("a second journal was created over the first");
	second = slurp(path, &second_len);
	if (!same_bytes(first, first_len, second, second_len))
		broken("a refused journal changed the one there");
out:
	unlink(path);
	unlink(revert);
	unlink(members);
	free(first);
	free(second);
	cadcom_apply_free(a);
	cadcom_apply_free(b);
	cadcom_apply_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], again[80], path[80];
	cadcom_target *t = NULL;
	cadcom_apply *a = NULL;
	char *before = NULL, *after = NULL;
	FILE *f;

	if (!path[0]) {
		/* tmpfs when there is one: the rollback flushes each line it appends. */
		snprintf(dir, sizeof(dir), "%s/cadcom-fuzz-journal-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(dir))
			broken("mkdtemp");
		snprintf(path, sizeof(path), "%s/journal", dir);
		snprintf(again, sizeof(again), "%s/again", dir);
	}
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		broken("cannot write the journal");
	if (cadcom_target_open_snapshot(&t, target_json, strlen(target_json), "target.json") ||
	    cadcom_target_snapshot(t, &before))
		broken("memory target");
	round_trip(dir, again, t);
	if (cadcom_rollback(t, dir, NULL, &a) != 0) {
		if (!*cadcom_error_message(cadcom_error_last()))
			broken("failure without a message");
		if (cadcom_target_snapshot(t, &after) || strcmp(before, after))
			broken("a refused journal changed the target");
	} else {
		for (size_t i = 0; i < cadcom_apply_step_count(a); i++)
			if (!strcmp(cadcom_apply_state_name(cadcom_apply_step_state(a, i)), "?"))
				broken("a step without a known state");
	}
	cadcom_apply_free(a);
	cadcom_free(before);
	cadcom_free(after);
	cadcom_target_free(t);
	return 0;
}
