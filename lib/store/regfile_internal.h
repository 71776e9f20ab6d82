/*
 * libcadcom — a .reg file's operation list and the helpers shared by
 * regfile.c (building, reading, writing) and regfile_parse.c (the parser);
 * never installed.
 */
#ifndef CADCOM_REGFILE_INTERNAL_H
#define CADCOM_REGFILE_INTERNAL_H

#include "store.h"

#define HEADER_V5 "Windows Registry Editor Version 5.00"
#define HEADER_V4 "REGEDIT4"
#define VALUE_NAME_MAX 16383

struct op {
	int op;
	char *key;
	char *name; /* NULL for key operations */
	int type;
	unsigned char *data;
	size_t len;
};

struct cadcom_regfile {
	struct op *ops;
	size_t count, cap;
};

/* ---- in regfile.c, for regfile_parse.c ---- */
/* Append an operation: takes `key` and `name` (freed on failure), copies
 * the data of a SET_VALUE. */
int cadcom__regfile_push(cadcom_regfile *f, int op, char *key, char *name, int type,
			 const unsigned char *data, size_t len);

#endif
