/*
 * libcadcom — the registry as the CA fix sees it: keys, and values with a
 * type and raw bytes.
 *
 * A cadcom_registry is one back-end behind one small interface: memory
 * (here), a remote computer over winreg, an offline hive.  Keys are full
 * paths from the root, "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Ole"
 * ("HKLM\" is accepted and stands for the same), compared without regard to
 * ASCII case as Windows does; a value name of "" is the key's default value
 * (regedit's "@").  Value bytes are exactly what Windows stores: REG_SZ is
 * UTF-16LE with its terminating NUL, REG_DWORD four little-endian bytes.
 */
#ifndef CADCOM_REGISTRY_H
#define CADCOM_REGISTRY_H

#include "common.h"
#include "sd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_registry cadcom_registry;

/** Value types (winnt.h REG_*). */
enum cadcom_reg_type {
	CADCOM_REG_NONE = 0,
	CADCOM_REG_SZ = 1,
	CADCOM_REG_EXPAND_SZ = 2,
	CADCOM_REG_BINARY = 3,
	CADCOM_REG_DWORD = 4,
	CADCOM_REG_MULTI_SZ = 7,
	CADCOM_REG_QWORD = 11
};

/** An empty in-memory registry.  Free with cadcom_registry_free(). */
CADCOM_EXTERN int cadcom_registry_new_memory(cadcom_registry **out);
CADCOM_EXTERN void cadcom_registry_free(cadcom_registry *reg);

/**
 * Read value `name` of `key`: its type (`type` may be NULL) and a copy of its
 * bytes (free with cadcom_free(); a zero-length value gives a non-NULL
 * buffer and *len 0).
 * CADCOM_ENOTFOUND when the key or the value does not exist.
 */
CADCOM_EXTERN int cadcom_registry_get(cadcom_registry *reg, const char *key, const char *name,
				      int *type, unsigned char **out, size_t *len);

/** Write a value, creating the key and its parents as needed. */
CADCOM_EXTERN int cadcom_registry_set(cadcom_registry *reg, const char *key, const char *name,
				      int type, const unsigned char *data, size_t len);

/** Delete a value; CADCOM_ENOTFOUND when it does not exist. */
CADCOM_EXTERN int cadcom_registry_delete_value(cadcom_registry *reg, const char *key,
					       const char *name);

/** Create a key and its parents; an existing key is not an error. */
CADCOM_EXTERN int cadcom_registry_create_key(cadcom_registry *reg, const char *key);

/**
 * Delete a key with its values and subkeys; CADCOM_ENOTFOUND when absent;
 * the root keys (HKEY_LOCAL_MACHINE...) always exist and cannot be deleted.
 */
CADCOM_EXTERN int cadcom_registry_delete_key(cadcom_registry *reg, const char *key);

/** 1 if `key` exists, 0 if not, or a negative error. */
CADCOM_EXTERN int cadcom_registry_key_exists(cadcom_registry *reg, const char *key);

/**
 * The name of subkey / value number `index` of `key` (in the back-end's
 * order; free with cadcom_free()), or CADCOM_ENOTFOUND past the last one or
 * when `key` does not exist.
 */
CADCOM_EXTERN int cadcom_registry_subkey(cadcom_registry *reg, const char *key, size_t index,
					 char **out);
CADCOM_EXTERN int cadcom_registry_value_name(cadcom_registry *reg, const char *key, size_t index,
					     char **out);

/**
 * The security descriptor of `key` (owner, group and DACL), for checking
 * what the credentials may change before changing it.  CADCOM_EUNSUPPORTED
 * for back-ends without key security (memory, .reg files, snapshots).
 */
CADCOM_EXTERN int cadcom_registry_key_security(cadcom_registry *reg, const char *key,
					       cadcom_sd **out);

/* ---- REG_SZ helpers ---------------------------------------------------- */

/** UTF-8 text → REG_SZ bytes (UTF-16LE with the terminating NUL). */
CADCOM_EXTERN int cadcom_reg_sz_encode(const char *text, unsigned char **out, size_t *len);
/**
 * REG_SZ / REG_EXPAND_SZ bytes → UTF-8 text (free with cadcom_free()); a
 * missing terminator is tolerated, an odd length or invalid UTF-16 is
 * CADCOM_EPARSE.
 */
CADCOM_EXTERN int cadcom_reg_sz_decode(const unsigned char *data, size_t len, char **out);

#ifdef __cplusplus
}
#endif

#endif
