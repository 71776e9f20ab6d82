/*
 * libcadcom — .reg files ("Windows Registry Editor Version 5.00").
 *
 * A cadcom_regfile is an ordered list of operations — create a key, delete a
 * key, set a value, delete a value — as a .reg file holds them.  Parsing
 * accepts what regedit writes and reads: UTF-16LE with a BOM (regedit's
 * export) and UTF-8 (with or without BOM); "REGEDIT4" headers; [key] and
 * [-key]; "name"=..., @=..., "name"=- ; "string", dword:, hex:, hex(N):
 * (hex(2) REG_EXPAND_SZ, hex(7) REG_MULTI_SZ, hex(b) REG_QWORD ...);
 * backslash line continuations; ; comments; CRLF or LF.  Writing produces
 * regedit's own form: UTF-16LE with BOM, CRLF, hex lists wrapped at 80
 * columns as regedit does (a line ends with ",\" once it reaches 77
 * characters; continuations start with two spaces; doc/REGFILE.md), strings
 * for REG_SZ, dword: for REG_DWORD.
 *
 * Errors name the source, the line and what was expected:
 * "fix.reg:12: expected '=' after the value name".
 */
#ifndef CADCOM_REGFILE_H
#define CADCOM_REGFILE_H

#include "common.h"
#include "registry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_regfile cadcom_regfile;

enum cadcom_regfile_op {
	CADCOM_REGFILE_CREATE_KEY = 1,   /**< [key] */
	CADCOM_REGFILE_DELETE_KEY = 2,   /**< [-key] */
	CADCOM_REGFILE_SET_VALUE = 3,    /**< "name"=data */
	CADCOM_REGFILE_DELETE_VALUE = 4  /**< "name"=- */
};

/** An empty file.  Free with cadcom_regfile_free(). */
CADCOM_EXTERN int cadcom_regfile_new(cadcom_regfile **out);
CADCOM_EXTERN void cadcom_regfile_free(cadcom_regfile *f);

/**
 * Parse `len` bytes of a .reg file; `source` (may be NULL) names it in
 * messages.  The error offset is the byte offset in `buf`.
 */
CADCOM_EXTERN int cadcom_regfile_parse(cadcom_regfile **out, const unsigned char *buf, size_t len,
				       const char *source);

/** The file as regedit writes it (UTF-16LE with BOM).  Free with cadcom_free(). */
CADCOM_EXTERN int cadcom_regfile_to_bytes(const cadcom_regfile *f, unsigned char **out,
					  size_t *len);
/** The same text in UTF-8, CRLF kept (for display and diffs).  Free with cadcom_free(). */
CADCOM_EXTERN int cadcom_regfile_to_text(const cadcom_regfile *f, char **out);

/* Appending operations (keys as in registry.h; name "" is the default value). */
CADCOM_EXTERN int cadcom_regfile_create_key(cadcom_regfile *f, const char *key);
CADCOM_EXTERN int cadcom_regfile_delete_key(cadcom_regfile *f, const char *key);
CADCOM_EXTERN int cadcom_regfile_set_value(cadcom_regfile *f, const char *key, const char *name,
					   int type, const unsigned char *data, size_t len);
CADCOM_EXTERN int cadcom_regfile_delete_value(cadcom_regfile *f, const char *key,
					      const char *name);

/**
 * Carry the operations out on `reg`, in order, as regedit imports them:
 * deleting a key or value that is not there is not an error.  Stops at the
 * first failure.
 */
CADCOM_EXTERN int cadcom_regfile_apply(const cadcom_regfile *f, cadcom_registry *reg);

/* Reading the operations. */
CADCOM_EXTERN size_t cadcom_regfile_count(const cadcom_regfile *f);
/** CADCOM_REGFILE_* of operation `index`, or CADCOM_ENOTFOUND. */
CADCOM_EXTERN int cadcom_regfile_entry_op(const cadcom_regfile *f, size_t index);
/** Key / value name of operation `index` (borrowed; NULL out of range or no name). */
CADCOM_EXTERN const char *cadcom_regfile_entry_key(const cadcom_regfile *f, size_t index);
CADCOM_EXTERN const char *cadcom_regfile_entry_name(const cadcom_regfile *f, size_t index);
/**
 * Type and a copy of the data of a SET_VALUE operation (free with
 * cadcom_free()); CADCOM_EINVAL for other operations.
 */
CADCOM_EXTERN int cadcom_regfile_entry_value(const cadcom_regfile *f, size_t index, int *type,
					     unsigned char **out, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
