/*
 * libFuzzer harness for offline hive targets (lib/store/hive.c over hivex):
 * a hive file from an untrusted disk image or backup, opened as the SOFTWARE
 * hive and walked the way the planner and `cadcom reg export` walk it —
 * every subkey and every value, depth-first, with bounds.
 *
 * Input: the hive file's bytes.  Properties: no crash, leak or read out of
 * bounds (ASan/UBSan); a hive that opens gives names and values or clean
 * errors.  Seeds: fuzz/corpus/hive/ (tests/gen/minimal_hive.py, and one
 * with keys and values made with hivexsh).
 *
 * Built by setup.sh with every library object (see fuzz_sddl.c).
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cadcom/cadcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_DEPTH = 8, MAX_ITEMS = 64 };

static void walk(cadcom_registry *reg, const char *key, int depth)
{
	char *name = NULL, sub[1024];

	for (size_t i = 0; i < MAX_ITEMS && cadcom_registry_value_name(reg, key, i, &name) == 0; i++) {
		unsigned char *v = NULL;
		size_t len;
		int type;

		if (cadcom_registry_get(reg, key, name, &type, &v, &len) == 0 && len && !v)
			abort(); /* a value with bytes has a buffer */
		cadcom_free(v);
		cadcom_free(name);
		name = NULL;
	}
	for (size_t i = 0; depth < MAX_DEPTH && i < MAX_ITEMS &&
			   cadcom_registry_subkey(reg, key, i, &name) == 0;
	     i++) {
		if (*name && !strchr(name, '\\') &&
		    snprintf(sub, sizeof(sub), "%s\\%s", key, name) < (int)sizeof(sub))
			walk(reg, sub, depth + 1);
		cadcom_free(name);
		name = NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("hive", 0);
	char path[64];
	cadcom_target *t = NULL;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (cadcom_target_open_hives(&t, path, NULL, 0) == 0)
			walk(cadcom_target_registry(t), "HKEY_LOCAL_MACHINE\\SOFTWARE", 0);
		else if (!cadcom_error_message(cadcom_error_last())[0])
			abort(); /* a refusal says why */
		cadcom_target_free(t);
	}
	close(fd);
	return 0;
}
