/*
 * libcadcom — a target: the machine (and directory) a plan is computed for
 * and applied to, as one registry back-end and one directory back-end.
 *
 * This header has the offline targets: in memory, loaded from a state
 * snapshot (JSON), from a .reg file, or offline hive files.  A .reg file alone holds registry
 * values only; a snapshot also holds principals and group memberships, so it
 * can say "CERTSVC_DCOM_ACCESS lacks Domain Controllers".
 *
 * Snapshot format (doc/SNAPSHOT.md):
 *   { "format": "cadcom-snapshot-1",
 *     "registry": [ { "key": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole",
 *                     "values": [ { "name": "MachineLaunchRestriction",
 *                                   "type": "REG_BINARY", "hex": "01,00,04,80,..." } ] } ],
 *     "principals": [ { "sid": "S-1-5-21-1-2-3-513", "name": "CONTOSO\\Domain Users",
 *                       "kind": "group", "scope": "global" } ],
 *     "members": [ { "group": "S-1-5-21-1-2-3-1105", "members": [ "S-1-5-21-1-2-3-513" ] } ] }
 * A REG_BINARY value may be given as "sddl" instead of "hex" (written back
 * as "hex": byte for byte); REG_SZ/REG_EXPAND_SZ as "string", REG_DWORD as
 * "dword", REG_MULTI_SZ as "strings".  Errors name the source, the line and
 * the field: "before.json:14: registry[0].values[1].type: unknown type \"REG_FOO\"".
 */
#ifndef CADCOM_TARGET_H
#define CADCOM_TARGET_H

#include "common.h"
#include "registry.h"
#include "directory.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_target cadcom_target;

/** An empty in-memory target.  Free with cadcom_target_free(). */
CADCOM_EXTERN int cadcom_target_open_memory(cadcom_target **out);
/** A memory target holding a snapshot (`len` bytes of JSON; `source` names it). */
CADCOM_EXTERN int cadcom_target_open_snapshot(cadcom_target **out, const char *json, size_t len,
					      const char *source);
/** A memory target whose registry is a .reg file applied to nothing. */
CADCOM_EXTERN int cadcom_target_open_regfile(cadcom_target **out, const unsigned char *buf,
					     size_t len, const char *source);
/** cadcom_target_open_hives(): changes are allowed (kept until commit). */
#define CADCOM_HIVE_WRITE 1u

/**
 * Offline hive files of a Windows machine that is not running (doc/HIVE.md):
 * `software` (the SOFTWARE hive) and `system` (the SYSTEM hive); either may
 * be NULL, not both.  HKLM\SOFTWARE\X is X in the SOFTWARE hive;
 * HKLM\SYSTEM\CurrentControlSet\X is ControlSet00N\X in the SYSTEM hive,
 * N from its Select\Current.  Keys of a hive not given do not exist.
 * Without CADCOM_HIVE_WRITE every change is CADCOM_EACCESS; with it,
 * changes are kept in memory until cadcom_target_commit().  The directory
 * is empty.  Errors: CADCOM_ENOTFOUND (no such file), CADCOM_EPARSE (not a
 * hive; a SYSTEM hive without Select\Current; with CADCOM_HIVE_WRITE, a
 * damaged hive, which hivex cannot change safely), CADCOM_EIO.
 */
CADCOM_EXTERN int cadcom_target_open_hives(cadcom_target **out, const char *software,
					   const char *system, unsigned flags);
/**
 * Make a target's changes last: each changed hive is written to FILE.tmp
 * and renamed over FILE, so a failure leaves the old file whole.  Targets
 * whose changes already last (memory, remote) return 0.  Freeing a hive
 * target without committing drops its changes.
 */
CADCOM_EXTERN int cadcom_target_commit(cadcom_target *t);
CADCOM_EXTERN void cadcom_target_free(cadcom_target *t);

/** The target's back-ends (borrowed; valid while `t` lives). */
CADCOM_EXTERN cadcom_registry *cadcom_target_registry(cadcom_target *t);
CADCOM_EXTERN cadcom_directory *cadcom_target_directory(cadcom_target *t);

/**
 * The target's state as a snapshot (JSON text, free with cadcom_free()):
 * every registry key and value, every principal and membership of a memory
 * target.
 */
CADCOM_EXTERN int cadcom_target_snapshot(cadcom_target *t, char **out);

#ifdef __cplusplus
}
#endif

#endif
