/*
 * libcadcom — the last error of the calling thread.
 *
 * After a call returns a negative code, cadcom_error_last() describes it.  The
 * handle and the message stay valid until the next failing libcadcom call on
 * the same thread.  Successful calls do not clear it.
 */
#ifndef CADCOM_ERROR_H
#define CADCOM_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_error cadcom_error;

/** The last error of this thread, or NULL when none was recorded. */
CADCOM_EXTERN const cadcom_error *cadcom_error_last(void);

/** The error's code (a CADCOM_E* value). */
CADCOM_EXTERN int cadcom_error_code(const cadcom_error *err);

/**
 * The error's message, naming the input, e.g.
 * `SDDL: unknown ACE type "Antlers" at offset 3`.
 */
CADCOM_EXTERN const char *cadcom_error_message(const cadcom_error *err);

/** For parsers: the byte offset of the problem in the input; -1 otherwise. */
CADCOM_EXTERN long cadcom_error_offset(const cadcom_error *err);

/** Forget this thread's last error. */
CADCOM_EXTERN void cadcom_error_clear(void);

/** A short English name for an error code ("parse error", ...). */
CADCOM_EXTERN const char *cadcom_error_name(int code);

#ifdef __cplusplus
}
#endif
#endif
