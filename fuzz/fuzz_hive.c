/*
 * libFuzzer harness for offline hive targets (lib/store/hive.c over hivex):
 * a hive file from an untrusted disk image or backup, read the way the
 * planner and `cadcom reg export` read it and changed the way `cadcom apply`
 * changes it.
 *
 * Input: the hive file's bytes, taken as the SOFTWARE hive and, when it has
 * a Select\Current, also as the SYSTEM hive (a copy of it).
 *   1. Read-only: HKEY_LOCAL_MACHINE walked depth-first, every subkey and
 *      every value, with bounds; HKLM\SYSTEM\CurrentControlSet walked too.
 *   2. For writing (a damaged hive is refused, lib/store/hive.c says why):
 *      the first value of a key deleted (the others are read and written
 *      back: hivex has no call to delete one), a value set, a subkey
 *      deleted and keys made, a value set under CurrentControlSet;
 *      committed, and the files opened again.
 * Properties (abort() on violation): no crash, leak or read out of bounds
 * (ASan/UBSan); a refusal says why; a value with bytes has a buffer; a
 * subkey listed is never said not to exist; CurrentControlSet is
 * ControlSet00N; keys outside the hives given do not exist; a read-only
 * target refuses every change; a committed hive opens again and holds what
 * was written, the changed key's other values byte for byte, without the
 * deleted value and key.
 *
 * Seeds (fuzz/corpus/hive/): minimal (tests/gen/minimal_hive.py); ole (keys
 * and values made with hivexsh); ca, types, many and select-* made from
 * the minimal hive with `hivexregedit --merge --prefix
 * 'HKEY_LOCAL_MACHINE\SOFTWARE'` — a CA's SOFTWARE and SYSTEM keys in one
 * hive (Select\Current = 1, ControlSet001), values of every type, long
 * and non-ASCII names, 40 subkeys and values, and a Select\Current that is
 * a string, 0, or a set that is not there; damaged-* the minimal hive with
 * a key Key\Sub and two eight-byte values made with hivex, then one field
 * patched (a class name, a value's data cell shared, a security cell's
 * count or chain, a value or subkey count, a parent, a cycle, a name
 * length, a list's kind, a value name hivex cannot decode); not-a-hive.
 *
 * Built by fuzz/run.sh with every library object (see fuzz_sddl.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cadcom/cadcom.h"
#include "store.h" /* cadcom__registry_writable: the apply's preflight check */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bounds: a hive's subkey lists may point back at an ancestor. */
enum { MAX_DEPTH = 8, MAX_ITEMS = 64, MAX_KEYS = 256 };

#define SOFTWARE_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE"
#define FUZZ_VALUE "cadcom-fuzz"

static char software[96], system_[96];

static void broken(const char *what, const char *key)
{
	fprintf(stderr, "fuzz_hive: %s%s%s\n", what, key ? ": " : "", key ? key : "");
	abort();
}

/* A refusal says why. */
static void refused(const char *what, const char *key)
{
	if (!cadcom_error_message(cadcom_error_last())[0])
		broken(what, key);
}

static void walk(cadcom_registry *reg, const char *key, int depth, unsigned *budget)
{
	char *name = NULL, sub[1024];

	if (!*budget)
		return;
	--*budget;
	for (size_t i = 0; i < MAX_ITEMS && cadcom_registry_value_name(reg, key, i, &name) == 0; i++) {
		unsigned char *v = NULL;
		size_t len;
		int type;

		if (cadcom_registry_get(reg, key, name, &type, &v, &len) == 0 && len && !v)
			broken("a value with bytes has no buffer", key);
		cadcom_free(v);
		cadcom_free(name);
		name = NULL;
	}
	for (size_t i = 0; depth < MAX_DEPTH && i < MAX_ITEMS &&
			   cadcom_registry_subkey(reg, key, i, &name) == 0;
	     i++) {
		if (*name && !strchr(name, '\\') &&
		    snprintf(sub, sizeof(sub), "%s\\%s", key, name) < (int)sizeof(sub)) {
			/* Found by name as it was listed (or an error, say a
			 * name too long for a key path): never "no such key". */
			if (cadcom_registry_key_exists(reg, sub) == 0)
				broken("a listed subkey does not exist", sub);
			walk(reg, sub, depth + 1, budget);
		}
		cadcom_free(name);
		name = NULL;
	}
}

/* Read-only: every change is refused, the apply's preflight check first.
 * Keys outside the hives given do not exist. */
static void read_only(cadcom_registry *reg, bool system)
{
	static const unsigned char one[4] = { 1 };

	if (cadcom__registry_writable(reg, SOFTWARE_KEY) != CADCOM_EACCESS ||
	    cadcom_registry_set(reg, SOFTWARE_KEY, FUZZ_VALUE, CADCOM_REG_DWORD, one, 4) !=
		    CADCOM_EACCESS ||
	    cadcom_registry_delete_value(reg, SOFTWARE_KEY, FUZZ_VALUE) != CADCOM_EACCESS ||
	    cadcom_registry_create_key(reg, SOFTWARE_KEY "\\x") != CADCOM_EACCESS ||
	    cadcom_registry_delete_key(reg, SOFTWARE_KEY "\\x") != CADCOM_EACCESS)
		broken("a read-only hive took a change", NULL);
	if (cadcom_registry_key_exists(reg, "HKEY_LOCAL_MACHINE") != 1 ||
	    cadcom_registry_key_exists(reg, "HKEY_USERS\\.DEFAULT") != 0 ||
	    cadcom_registry_key_exists(reg, "HKLM\\SAM\\SAM") != 0 ||
	    (!system && cadcom_registry_key_exists(reg, "HKLM\\SYSTEM\\Select") != 0))
		broken("a key outside the hives given exists", NULL);
}

static bool write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, size, f) == size;

	if (f && fclose(f))
		ok = false;
	return ok;
}

/* The values and subkeys of a key as first read (up to MAX_ITEMS, stopping
 * at the first that cannot be read: the ones before it are whole). */
struct key_state {
	char *name[MAX_ITEMS], *sub[MAX_ITEMS];
	int type[MAX_ITEMS];
	unsigned char *data[MAX_ITEMS];
	size_t len[MAX_ITEMS], n, nsub;
};

static void read_key(cadcom_registry *reg, const char *key, struct key_state *k)
{
	char *name;

	while (k->n < MAX_ITEMS && cadcom_registry_value_name(reg, key, k->n, &name) == 0) {
		if (cadcom_registry_get(reg, key, name, &k->type[k->n], &k->data[k->n],
					&k->len[k->n]) != 0) {
			cadcom_free(name);
			break;
		}
		k->name[k->n++] = name;
	}
	while (k->nsub < MAX_ITEMS && cadcom_registry_subkey(reg, key, k->nsub, &name) == 0)
		k->sub[k->nsub++] = name;
}

static void free_key(struct key_state *k)
{
	for (size_t i = 0; i < k->n; i++) {
		cadcom_free(k->name[i]);
		cadcom_free(k->data[i]);
	}
	for (size_t i = 0; i < k->nsub; i++)
		cadcom_free(k->sub[i]);
}

/* Whether names[i] differs, without regard to case, from the other names
 * and from `other`: a lookup by that name then finds that one. */
static bool unique(char *const *names, size_t n, size_t i, const char *other)
{
	if (!strcasecmp(names[i], other))
		return false;
	for (size_t j = 0; j < n; j++)
		if (j != i && !strcasecmp(names[j], names[i]))
			return false;
	return true;
}

static void same_value(cadcom_registry *reg, const char *key, const char *name, int type,
		       const unsigned char *data, size_t len)
{
	unsigned char *got = NULL;
	size_t got_len = 0;
	int got_type = -1;

	if (cadcom_registry_get(reg, key, name, &got_type, &got, &got_len) != 0)
		broken("a value written or kept is gone after the commit", name);
	if (got_type != type || got_len != len || (len && memcmp(got, data, len)))
		broken("a value written or kept changed in the commit", name);
	cadcom_free(got);
}

/*
 * Change the hives the way an apply does, commit, and read them back.
 * `system` says whether the input was also taken as the SYSTEM hive, with
 * control set `set`.
 */
static void round_trip(const uint8_t *data, size_t size, bool system, unsigned set)
{
	static const unsigned char setting[4] = { 0x63, 0x20, 0, 0 };
	cadcom_target *t = NULL;
	cadcom_registry *reg;
	struct key_state k = { 0 };
	char key[1024], made[1100], gone[1100], ccs[64];
	bool deleted = false, set_ok, made_ok, gone_ok = false, ccs_ok = false;
	size_t n = size < 32 ? size : 32;
	const unsigned char *bytes = n ? data : setting;

	if (!write_file(software, data, size) || (system && !write_file(system_, data, size)))
		broken("cannot write the hive files", NULL);
	if (cadcom_target_open_hives(&t, software, system ? system_ : NULL, CADCOM_HIVE_WRITE)) {
		/* A damaged hive is refused for writing (it read above). */
		refused("a refusal without a message", software);
		return;
	}
	reg = cadcom_target_registry(t);
	if (cadcom__registry_writable(reg, SOFTWARE_KEY))
		broken("a hive opened for writing refuses changes", NULL);
	/* The key changed: SOFTWARE's first subkey, or its root. */
	snprintf(key, sizeof(key), "%s", SOFTWARE_KEY);
	{
		char *first = NULL;
		if (cadcom_registry_subkey(reg, SOFTWARE_KEY, 0, &first) == 0 && *first &&
		    !strchr(first, '\\') && strlen(first) < 200)
			snprintf(key, sizeof(key), "%s\\%s", SOFTWARE_KEY, first);
		cadcom_free(first);
	}
	read_key(reg, key, &k);
	if (k.n) {
		int rc = cadcom_registry_delete_value(reg, key, k.name[0]);
		if (rc && rc != CADCOM_ENOTFOUND)
			refused("deleting a value failed without a message", key);
		deleted = rc == 0;
	}
	set_ok = cadcom_registry_set(reg, key, FUZZ_VALUE, CADCOM_REG_BINARY, bytes, n) == 0;
	if (!set_ok)
		refused("setting a value failed without a message", key);
	if (k.nsub && *k.sub[0] && !strchr(k.sub[0], '\\') && strlen(k.sub[0]) < 200) {
		snprintf(gone, sizeof(gone), "%s\\%s", key, k.sub[0]);
		gone_ok = cadcom_registry_delete_key(reg, gone) == 0;
	}
	snprintf(made, sizeof(made), "%s\\cadcom-fuzz-key\\sub", key);
	made_ok = cadcom_registry_create_key(reg, made) == 0 &&
		  cadcom_registry_set(reg, made, "", CADCOM_REG_DWORD, setting, 4) == 0;
	if (made_ok && cadcom_registry_key_exists(reg, made) != 1)
		broken("a key made does not exist", made);
	if (cadcom_registry_delete_key(reg, SOFTWARE_KEY) != CADCOM_EINVAL)
		broken("a hive's root was deleted", SOFTWARE_KEY);
	if (system) {
		ccs_ok = cadcom_registry_set(reg, "HKLM\\SYSTEM\\CurrentControlSet\\cadcom-fuzz",
					     FUZZ_VALUE, CADCOM_REG_DWORD, setting, 4) == 0;
		snprintf(ccs, sizeof(ccs), "HKLM\\SYSTEM\\ControlSet%03u\\cadcom-fuzz", set);
	}
	if (cadcom_target_commit(t)) {
		refused("a commit failed without a message", software);
		goto out;
	}
	cadcom_target_free(t);
	t = NULL;

	/* Read back from the files. */
	if (cadcom_target_open_hives(&t, software, system ? system_ : NULL, 0))
		broken("a committed hive does not open again",
		       cadcom_error_message(cadcom_error_last()));
	reg = cadcom_target_registry(t);
	if (set_ok)
		same_value(reg, key, FUZZ_VALUE, CADCOM_REG_BINARY, bytes, n);
	/* The other values, byte for byte, where a lookup by name finds them;
	 * the deleted one is gone (when all were read: no other of its name). */
	for (size_t i = deleted ? 1 : 0; i < k.n; i++)
		if (unique(k.name, k.n, i, FUZZ_VALUE) &&
		    (!deleted || strcasecmp(k.name[i], k.name[0])))
			same_value(reg, key, k.name[i], k.type[i], k.data[i], k.len[i]);
	if (deleted && k.n < MAX_ITEMS && unique(k.name, k.n, 0, FUZZ_VALUE)) {
		unsigned char *got = NULL;
		size_t len;
		if (cadcom_registry_get(reg, key, k.name[0], NULL, &got, &len) == 0)
			broken("a deleted value is still there", k.name[0]);
	}
	if (made_ok)
		same_value(reg, made, "", CADCOM_REG_DWORD, setting, 4);
	if (gone_ok && k.nsub < MAX_ITEMS &&
	    unique(k.sub, k.nsub, 0, "cadcom-fuzz-key") &&
	    cadcom_registry_key_exists(reg, gone) == 1)
		broken("a deleted key is still there", gone);
	if (ccs_ok)
		same_value(reg, ccs, FUZZ_VALUE, CADCOM_REG_DWORD, setting, 4);
out:
	free_key(&k);
	cadcom_target_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	cadcom_target *t = NULL;
	cadcom_registry *reg;
	unsigned budget = MAX_KEYS, set = 0;
	bool system = false;

	if (!dir[0]) {
		/* tmpfs when there is one: a commit writes and renames a file. */
		snprintf(dir, sizeof(dir), "%s/cadcom-fuzz-hive-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(dir))
			broken("mkdtemp", dir);
		snprintf(software, sizeof(software), "%s/SOFTWARE", dir);
		snprintf(system_, sizeof(system_), "%s/SYSTEM", dir);
	}
	if (!write_file(software, data, size) || !write_file(system_, data, size))
		broken("cannot write the hive files", NULL);
	/* As both hives; without Select\Current it is no SYSTEM hive. */
	if (cadcom_target_open_hives(&t, software, system_, 0) == 0) {
		system = true;
	} else {
		refused("a refusal without a message", system_);
		if (cadcom_target_open_hives(&t, software, NULL, 0)) {
			refused("a refusal without a message", software);
			return 0;
		}
	}
	reg = cadcom_target_registry(t);
	walk(reg, "HKEY_LOCAL_MACHINE", 0, &budget);
	if (system) {
		/* CurrentControlSet is the set Select\Current names. */
		static const char ccs[] = "HKLM\\SYSTEM\\CurrentControlSet";
		unsigned char *cur = NULL;
		size_t len = 0;
		char cs[64], *a = NULL, *b = NULL;

		if (cadcom_registry_get(reg, "HKLM\\SYSTEM\\Select", "Current", NULL, &cur, &len) ||
		    len != 4)
			broken("a SYSTEM hive opened without its Select\\Current", NULL);
		set = (unsigned)cur[0] | (unsigned)cur[1] << 8 | (unsigned)cur[2] << 16 |
		      (unsigned)cur[3] << 24;
		cadcom_free(cur);
		snprintf(cs, sizeof(cs), "HKLM\\SYSTEM\\ControlSet%03u", set);
		if (cadcom_registry_key_exists(reg, cs) != cadcom_registry_key_exists(reg, ccs) ||
		    (cadcom_registry_subkey(reg, cs, 0, &a) == 0) !=
			    (cadcom_registry_subkey(reg, ccs, 0, &b) == 0) ||
		    (a && b && strcmp(a, b)))
			broken("CurrentControlSet is not the current control set", cs);
		cadcom_free(a);
		cadcom_free(b);
		budget = MAX_KEYS;
		walk(reg, ccs, 1, &budget);
	}
	read_only(reg, system);
	if (cadcom_target_commit(t) != 0)
		broken("committing no change failed", NULL);
	cadcom_target_free(t);
	round_trip(data, size, system, set);
	return 0;
}
