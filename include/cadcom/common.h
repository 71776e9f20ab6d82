/*
 * libcadcom — common definitions: export macro, error codes, memory.
 *
 * Every fallible function returns 0 on success or a negative CADCOM_E* code;
 * cadcom_error_last() then describes the failure for the calling thread.
 */
#ifndef CADCOM_COMMON_H
#define CADCOM_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(CADCOM_BUILDING_LIBRARY) && defined(__GNUC__)
#define CADCOM_EXTERN __attribute__((visibility("default")))
#else
#define CADCOM_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes (negative; 0 is success). New codes may be added. */
enum cadcom_error_codes {
	CADCOM_OK = 0,
	CADCOM_EINVAL = -1,       /**< invalid argument (NULL, out of range) */
	CADCOM_ENOMEM = -2,       /**< out of memory */
	CADCOM_EPARSE = -3,       /**< malformed input; see the error offset */
	CADCOM_EUNSUPPORTED = -4, /**< valid input the library does not handle */
	CADCOM_ENOTFOUND = -5,    /**< no such item */
	CADCOM_ELIMIT = -6,       /**< a documented size limit was exceeded */
	CADCOM_ENEEDDOMAIN = -7,  /**< a domain-relative SID alias needs a domain SID */
	CADCOM_EUNREPRESENTABLE = -8, /**< the object cannot be written in the requested form */
	CADCOM_EINVALIDSD = -9,   /**< a descriptor breaks the rules of its use (e.g. DCOM's) */
	/* Remote targets: the message names the host, the pipe and the call. */
	CADCOM_EPROTO = -10,      /**< the server sent malformed or unexpected protocol data */
	CADCOM_ECONNECT = -11,    /**< the host cannot be reached or resolved */
	CADCOM_EAUTH = -12,       /**< authentication failed (wrong password, no ticket) */
	CADCOM_EACCESS = -13,     /**< the server denied the operation to these credentials */
	CADCOM_ENOPIPE = -14,     /**< the server does not offer this RPC pipe or interface */
	CADCOM_ERPCFAULT = -15,   /**< the server answered the call with an RPC fault */
	CADCOM_ETIMEOUT = -16,    /**< the server did not answer in time */
	CADCOM_ESERVER = -17,     /**< the server refused the call with a status code */
	CADCOM_EIO = -18,         /**< a local file or the connection failed otherwise */
	CADCOM_ESTATE = -19,      /**< the object's state forbids the operation (a stopped service) */
	CADCOM_EKIND = -20,       /**< the object is not of the kind the operation needs (a group that is not an alias) */
	CADCOM_ESCOPE = -21       /**< the group scope rules forbid the membership (scope.h) */
};

/**
 * Windows releases, for output that must parse on a given Windows version
 * (SDDL aliases a release does not know are written as numeric SIDs).
 * Values are ordered: a later release compares greater.
 */
enum cadcom_windows {
	CADCOM_WINDOWS_LATEST = 0,   /**< the newest release the library knows */
	CADCOM_WINDOWS_2003 = 52,    /**< Windows Server 2003 (5.2) */
	CADCOM_WINDOWS_2008 = 60,    /**< Windows Server 2008 / Vista (6.0) */
	CADCOM_WINDOWS_2008R2 = 61,  /**< Windows Server 2008 R2 / 7 (6.1) */
	CADCOM_WINDOWS_2012 = 62,    /**< Windows Server 2012 / 8 (6.2) */
	CADCOM_WINDOWS_2012R2 = 63,  /**< Windows Server 2012 R2 / 8.1 (6.3) */
	CADCOM_WINDOWS_2016 = 100,   /**< Windows Server 2016 / 10 */
	CADCOM_WINDOWS_2019 = 101,
	CADCOM_WINDOWS_2022 = 102,
	CADCOM_WINDOWS_2025 = 103
};

/**
 * Parse a release name: "2003", "2008", "2008r2", "2012", "2012r2", "2016",
 * "2019", "2022", "2025" or "latest" (case-insensitive).  Returns the
 * CADCOM_WINDOWS_* value, or CADCOM_EINVAL for an unknown name.
 */
CADCOM_EXTERN int cadcom_windows_from_string(const char *name);

/**
 * Free a string or byte buffer handed out by the library.
 * Objects have their own cadcom_<noun>_free().  NULL is accepted.
 */
CADCOM_EXTERN void cadcom_free(void *ptr);

/** The run-time library version as "MAJOR.MINOR.PATCH" (static storage). */
CADCOM_EXTERN const char *cadcom_version(void);

/** The run-time version as one integer: MAJOR*10000 + MINOR*100 + PATCH. */
CADCOM_EXTERN int cadcom_version_number(void);

#ifdef __cplusplus
}
#endif
#endif
