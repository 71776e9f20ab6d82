/*
 * libcadcom — Python binding (SWIG), first smoke-test version.
 *
 * Generates the C extension `_cadcom` and the proxy module `cadcom.py`.
 * Everything is wrapped from the public headers with %include; this file only
 * adds typemaps for the library's conventions:
 *
 *   - status functions (int: 0 ok, negative CADCOM_E*) raise cadcom.Error with
 *     the library's message (attributes .code and .offset) and otherwise
 *     return None, replaced by their out-parameters;
 *   - out-parameters `cadcom_sid **out`, `cadcom_sd **out`, `cadcom_ace **out`
 *     become Python-owned objects (freed by the *_free function when the
 *     wrapper dies), `char **out` becomes str (freed with cadcom_free);
 *   - borrowed `const cadcom_sid *` / `const cadcom_ace *` results (owner,
 *     group, ACE, trustee) are returned as owned copies, so they cannot outlive
 *     their descriptor or be modified through a const pointer;
 *   - the cadcom_ / CADCOM_ prefixes are stripped: cadcom.sid_from_string(),
 *     cadcom.EPARSE.
 *
 * The int return type is used both for status codes and for plain values
 * (cadcom_sid_compare() returns negative numbers that are not errors;
 * cadcom_error_code() returns error codes as values), so the status functions
 * are listed by name below: a new fallible function must be added there.
 */
%module cadcom

%{
#include <string.h>
#include "cadcom/common.h"
#include "cadcom/error.h"
#include "cadcom/sid.h"
#include "cadcom/sd.h"
#include "cadcom/token.h"
#include "cadcom/access.h"
#include "cadcom/comrights.h"
#include "cadcom/scope.h"
#include "cadcom/registry.h"
#include "cadcom/directory.h"
#include "cadcom/regfile.h"
#include "cadcom/target.h"
#include "cadcom/remote.h"
#include "cadcom/service.h"
#include "cadcom/topology.h"
#include "cadcom/ca.h"
#include "cadcom/event.h"
#include "cadcom/verdict.h"
#include "cadcom/ad.h"
#include "cadcom/apply.h"

static PyObject *cadcom_py_Error;

/* Raise cadcom.Error for `code`, with this thread's last error when it is the
 * one `code` came from (status wrappers clear it before the call). */
static void cadcom_py_raise(int code)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg;
	long offset = -1;
	PyObject *text, *exc, *val;

	if (err && cadcom_error_code(err) == code) {
		msg = cadcom_error_message(err);
		offset = cadcom_error_offset(err);
	} else {
		msg = cadcom_error_name(code);
	}
	/* Messages quote the input and are truncated to a fixed buffer: they
	 * need not be valid UTF-8. */
	text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "backslashreplace");
	if (!text)
		return;
	exc = PyObject_CallFunctionObjArgs(cadcom_py_Error, text, NULL);
	Py_DECREF(text);
	if (!exc)
		return;
	val = PyLong_FromLong(code);
	if (!val || PyObject_SetAttrString(exc, "code", val) < 0)
		goto out;
	Py_DECREF(val);
	val = PyLong_FromLong(offset);
	if (!val || PyObject_SetAttrString(exc, "offset", val) < 0)
		goto out;
	PyErr_SetObject(cadcom_py_Error, exc);
out:
	Py_XDECREF(val);
	Py_DECREF(exc);
}

/* Add an out-parameter's value to the result: a status function's None is
 * replaced by the first value, further values make a tuple.  Independent of
 * SWIG_AppendOutput(), whose treatment of None changed in SWIG 4.3.
 * Steals `obj`; returns NULL (with `result` released) if `obj` is NULL. */
static PyObject *cadcom_py_append(PyObject *result, PyObject *obj)
{
	PyObject *t;
	Py_ssize_t n;

	if (!obj) {
		Py_XDECREF(result);
		return NULL;
	}
	if (!result || result == Py_None) {
		Py_XDECREF(result);
		return obj;
	}
	if (!PyTuple_Check(result)) {
		t = PyTuple_Pack(2, result, obj);
		Py_DECREF(result);
		Py_DECREF(obj);
		return t;
	}
	n = PyTuple_GET_SIZE(result);
	if (_PyTuple_Resize(&result, n + 1) < 0) {
		Py_DECREF(obj);
		return NULL;
	}
	PyTuple_SET_ITEM(result, n, obj);
	return result;
}
%}

%init %{
	cadcom_py_Error = PyErr_NewException("cadcom.Error", NULL, NULL);
	if (!cadcom_py_Error)
		return NULL;
	Py_INCREF(cadcom_py_Error);
	if (PyModule_AddObject(m, "Error", cadcom_py_Error) < 0) {
		Py_DECREF(cadcom_py_Error);
		return NULL;
	}
%}

%pythoncode %{
Error = _cadcom.Error
Error.__doc__ = """A libcadcom call failed.  str(e) is the library's message;
e.code is the CADCOM_E* code (negative), e.offset the byte offset in the
parsed input or -1."""
Error.code = 0
Error.offset = -1
%}

%include <stdint.i>

/* ---- names ------------------------------------------------------------- */

%rename("%(regex:/^(cadcom|CADCOM)_(.+)$/\\2/)s") "";
%rename(Sid) cadcom_sid;
%rename(SD) cadcom_sd;
%rename(Ace) cadcom_ace;
%rename(Token) cadcom_token;
%rename(AccessRequest) cadcom_access_request;
%rename(AccessResult) cadcom_access_result;
%rename(ComReport) cadcom_com_report;
%rename(Env) cadcom_env;
%rename(Principal) cadcom_principal;
%rename(Registry) cadcom_registry;
%rename(Directory) cadcom_directory;
%rename(RegFile) cadcom_regfile;
%rename(Target) cadcom_target;
%rename(Topology) cadcom_topology;
%rename(Plan) cadcom_plan;
%rename(Events) cadcom_events;
%rename(Verdict) cadcom_verdict;
%rename(AD) cadcom_ad;
%rename(ADOptions) cadcom_ad_options;
%rename(EnrollmentServices) cadcom_ad_cas;
%rename(Apply) cadcom_apply;
%rename(ApplyOptions) cadcom_apply_options;

/* Memory is managed by the wrappers: explicit frees would double-free. */
%ignore cadcom_free;
%ignore cadcom_sid_free;
%ignore cadcom_sd_free;
%ignore cadcom_ace_free;
%ignore cadcom_token_free;
%ignore cadcom_access_request_free;
%ignore cadcom_access_result_free;
%ignore cadcom_com_report_free;
%ignore cadcom_env_free;
%ignore cadcom_principal_free;
%ignore cadcom_registry_free;
%ignore cadcom_directory_free;
%ignore cadcom_regfile_free;
%ignore cadcom_target_free;
%ignore cadcom_topology_free;
%ignore cadcom_plan_free;
%ignore cadcom_apply_free;
/* A C callback: a Python caller reads the report instead. */
%ignore cadcom_apply_options::progress;
%ignore cadcom_apply_options::progress_arg;
%ignore cadcom_events_free;
%ignore cadcom_verdict_free;
/* Borrowed from a target; a Python object could outlive it (issue 11 adds
 * owned wrappers).  Until then scripts use the target's own functions. */
%ignore cadcom_target_registry;
%ignore cadcom_target_directory;
%ignore cadcom_ad_close;
%ignore cadcom_ad_cas_free;
/* Borrowed from the session, as above; and two results at once (SID and
 * DN), which the typemaps do not cover yet (issue 11). */
%ignore cadcom_ad_directory;
%ignore cadcom_ad_env;
%ignore cadcom_ad_resolve;

/* ---- objects: opaque, owned by Python, freed by the library ------------ */

%define CADCOM_OBJECT(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}

/* Result through `TYPE **out`: a new object owned by Python. */
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) {
	$1 = &temp;
}
%typemap(argout) TYPE **out {
	PyObject *obj = SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, SWIG_POINTER_OWN);
	if (!obj)
		SWIG_fail;  /* freearg frees *$1 */
	*$1 = NULL;     /* now owned by obj */
	$result = cadcom_py_append($result, obj);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) TYPE **out {
	FREE(*$1);
}
%enddef

/* Borrowed pointer into another object: hand Python an independent copy. */
%define CADCOM_BORROWED_COPY(TYPE, DUP)
%typemap(out) const TYPE * {
	if ($1) {
		TYPE *copy = NULL;
		int rc = DUP($1, &copy);
		if (rc < 0) {
			cadcom_py_raise(rc);
			SWIG_fail;
		}
		$result = SWIG_NewPointerObj(SWIG_as_voidptr(copy), $descriptor(TYPE *),
					     SWIG_POINTER_OWN);
	} else {
		$result = SWIG_Py_Void();
	}
}
%enddef

CADCOM_OBJECT(cadcom_sid, cadcom_sid_free)
CADCOM_OBJECT(cadcom_sd, cadcom_sd_free)
CADCOM_OBJECT(cadcom_ace, cadcom_ace_free)
CADCOM_OBJECT(cadcom_token, cadcom_token_free)
CADCOM_OBJECT(cadcom_access_request, cadcom_access_request_free)
CADCOM_OBJECT(cadcom_access_result, cadcom_access_result_free)
CADCOM_OBJECT(cadcom_com_report, cadcom_com_report_free)
CADCOM_OBJECT(cadcom_env, cadcom_env_free)
CADCOM_OBJECT(cadcom_principal, cadcom_principal_free)
CADCOM_OBJECT(cadcom_registry, cadcom_registry_free)
CADCOM_OBJECT(cadcom_directory, cadcom_directory_free)
CADCOM_OBJECT(cadcom_regfile, cadcom_regfile_free)
CADCOM_OBJECT(cadcom_target, cadcom_target_free)
CADCOM_OBJECT(cadcom_credentials, cadcom_credentials_free)
CADCOM_OBJECT(cadcom_topology, cadcom_topology_free)
CADCOM_OBJECT(cadcom_plan, cadcom_plan_free)
CADCOM_OBJECT(cadcom_events, cadcom_events_free)
CADCOM_OBJECT(cadcom_verdict, cadcom_verdict_free)
CADCOM_OBJECT(cadcom_ad, cadcom_ad_close)
CADCOM_OBJECT(cadcom_ad_cas, cadcom_ad_cas_free)
CADCOM_OBJECT(cadcom_apply, cadcom_apply_free)
CADCOM_BORROWED_COPY(cadcom_sid, cadcom_sid_dup)
CADCOM_BORROWED_COPY(cadcom_ace, cadcom_ace_dup)

%extend cadcom_sid {
%pythoncode %{
    def __str__(self):
        return sid_to_string(self)
%}
}
%extend cadcom_sd {
%pythoncode %{
    def __str__(self):
        return sd_to_sddl(self, None, 0)
%}
}

/* ---- strings ----------------------------------------------------------- */

/* Input text: str (UTF-8) or None (NULL); an embedded NUL would silently cut
 * the input short in C, so it is refused. */
%typemap(in) const char * (Py_ssize_t len) {
	if ($input == Py_None) {
		$1 = NULL;
	} else if (PyUnicode_Check($input)) {
		$1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &len);
		if (!$1)
			SWIG_fail;
		if ((size_t)len != strlen($1)) {
			PyErr_SetString(PyExc_ValueError, "embedded NUL character");
			SWIG_fail;
		}
	} else {
		PyErr_Format(PyExc_TypeError, "in method '$symname', argument $argnum: expected str, not %.200s",
			     Py_TYPE($input)->tp_name);
		SWIG_fail;
	}
}
%typemap(freearg) const char * "";  /* the UTF-8 buffer belongs to the str */
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
	$1 = ($input == Py_None || PyUnicode_Check($input)) ? 1 : 0;
}

/* Result text through `char **out`: str, freed with cadcom_free(). */
%typemap(in, numinputs=0) char **out (char *temp = NULL) {
	$1 = &temp;
}
%typemap(argout) char **out {
	PyObject *s;
	if (*$1) {
		s = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)strlen(*$1), "surrogateescape");
	} else {
		s = SWIG_Py_Void();
	}
	cadcom_free(*$1);
	*$1 = NULL;
	$result = cadcom_py_append($result, s);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) char **out {
	cadcom_free(*$1);
}

/* ---- binary SIDs and sub-authorities ----------------------------------- */

/* (const unsigned char *buf, size_t len): any bytes-like object. */
%typemap(in) (const unsigned char *buf, size_t len) (Py_buffer view, int have_view = 0) {
	if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
		SWIG_fail;
	have_view = 1;
	$1 = ($1_ltype)view.buf;
	$2 = (size_t)view.len;
}
%typemap(freearg) (const unsigned char *buf, size_t len) {
	if (have_view$argnum)
		PyBuffer_Release(&view$argnum);
}

%typemap(in, numinputs=0) size_t *consumed (size_t temp = 0) {
	$1 = &temp;
}
%typemap(argout) size_t *consumed {
	$result = cadcom_py_append($result, PyLong_FromSize_t(*$1));
	if (!$result)
		SWIG_fail;
}

/* (unsigned char **out, size_t *len): bytes, freed with cadcom_free(). */
%typemap(in, numinputs=0) (unsigned char **out, size_t *len) (unsigned char *temp = NULL, size_t tlen = 0) {
	$1 = &temp;
	$2 = &tlen;
}
%typemap(argout) (unsigned char **out, size_t *len) {
	PyObject *b = *$1 ? PyBytes_FromStringAndSize((const char *)*$1, (Py_ssize_t)*$2)
			  : SWIG_Py_Void();
	cadcom_free(*$1);
	*$1 = NULL;
	$result = cadcom_py_append($result, b);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) (unsigned char **out, size_t *len) {
	cadcom_free(*$1);
}

/* (const uint32_t *subauth, size_t count): a sequence of ints. */
%typemap(in) (const uint32_t *subauth, size_t count) (uint32_t *arr = NULL) {
	PyObject *seq = PySequence_Fast($input, "sub-authorities must be a sequence of int");
	Py_ssize_t i, n;
	if (!seq)
		SWIG_fail;
	n = PySequence_Fast_GET_SIZE(seq);
	arr = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(*arr));
	if (!arr) {
		Py_DECREF(seq);
		PyErr_NoMemory();
		SWIG_fail;
	}
	for (i = 0; i < n; i++) {
		unsigned long v = PyLong_AsUnsignedLong(PySequence_Fast_GET_ITEM(seq, i));
		if (PyErr_Occurred() || v > 0xFFFFFFFFUL) {
			if (!PyErr_Occurred())
				PyErr_SetString(PyExc_OverflowError, "sub-authority out of range");
			Py_DECREF(seq);
			SWIG_fail;
		}
		arr[i] = (uint32_t)v;
	}
	Py_DECREF(seq);
	$1 = arr;
	$2 = (size_t)n;
}
%typemap(freearg) (const uint32_t *subauth, size_t count) {
	PyMem_Free(arr$argnum);
}

/* Numeric out-parameters: appended ints, in parameter order. */
%define CADCOM_OUT(TYPE, NAME, CONV)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp = 0) {
	$1 = &temp;
}
%typemap(argout) TYPE *NAME {
	$result = cadcom_py_append($result, CONV(*$1));
	if (!$result)
		SWIG_fail;
}
%enddef
CADCOM_OUT(size_t, index, PyLong_FromSize_t)
CADCOM_OUT(size_t, first_bad, PyLong_FromSize_t)
CADCOM_OUT(size_t, bad_index, PyLong_FromSize_t)
CADCOM_OUT(size_t, ace_index, PyLong_FromSize_t)
CADCOM_OUT(size_t, deny_ace, PyLong_FromSize_t)
CADCOM_OUT(size_t, required_ace, PyLong_FromSize_t)
CADCOM_OUT(long, ace_index, PyLong_FromLong)
CADCOM_OUT(int, what, PyLong_FromLong)
CADCOM_OUT(int, kind, PyLong_FromLong)
CADCOM_OUT(uint32_t, mask, PyLong_FromUnsignedLong)
CADCOM_OUT(uint32_t, granted, PyLong_FromUnsignedLong)
CADCOM_OUT(uint32_t, bits, PyLong_FromUnsignedLong)
CADCOM_OUT(unsigned, perms, PyLong_FromUnsignedLong)
CADCOM_OUT(unsigned, allowed, PyLong_FromUnsignedLong)
CADCOM_OUT(unsigned, denied, PyLong_FromUnsignedLong)
CADCOM_OUT(int, type, PyLong_FromLong)
CADCOM_OUT(int, scope, PyLong_FromLong)
CADCOM_OUT(size_t, trusting, PyLong_FromSize_t)
CADCOM_OUT(size_t, trusted, PyLong_FromSize_t)
CADCOM_OUT(int, state, PyLong_FromLong)
CADCOM_OUT(uint64_t, calls, PyLong_FromUnsignedLongLong)
CADCOM_OUT(uint64_t, frags_sent, PyLong_FromUnsignedLongLong)
CADCOM_OUT(uint64_t, frags_received, PyLong_FromUnsignedLongLong)

/* (const char *json, size_t len), (const char *text, size_t len): a str, as UTF-8. */
%typemap(in) (const char *json, size_t len) (Py_ssize_t size), (const char *text, size_t len) (Py_ssize_t size) {
	if (!PyUnicode_Check($input)) {
		PyErr_SetString(PyExc_TypeError, "expected str");
		SWIG_fail;
	}
	$1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &size);
	if (!$1)
		SWIG_fail;
	$2 = (size_t)size;
}

%apply cadcom_com_report **out { cadcom_com_report **report };
%apply cadcom_regfile **out { cadcom_regfile **forward, cadcom_regfile **revert };
%apply char **out { char **why };
%apply (const unsigned char *buf, size_t len) { (const unsigned char *data, size_t len) };

/* ---- return codes ------------------------------------------------------ */

/* 0 / negative CADCOM_E*: raise, else None (replaced by out-parameters). */
%typemap(out) int CADCOM_STATUS {
	if ($1 < 0) {
		cadcom_py_raise($1);
		SWIG_fail;
	}
	$result = SWIG_Py_Void();
}
/* A value >= 0 or a negative CADCOM_E*: raise, else the int. */
%typemap(out) int CADCOM_VALUE_OR_ERROR {
	if ($1 < 0) {
		cadcom_py_raise($1);
		SWIG_fail;
	}
	$result = PyLong_FromLong($1);
}
/* Like CADCOM_STATUS, but CADCOM_ENOTFOUND ("no such item") gives None. */
%typemap(out) int CADCOM_STATUS_OR_NONE {
	if ($1 < 0 && $1 != CADCOM_ENOTFOUND) {
		cadcom_py_raise($1);
		SWIG_fail;
	}
	$result = SWIG_Py_Void();
}

/* The library keeps its last error until the next failure: clear it before
 * each fallible call so that an unrecorded failure is not described by an
 * older message. */
%define CADCOM_FALLIBLE(KIND, NAME)
%exception NAME {
	cadcom_error_clear();
	$action
}
%apply int KIND { int NAME };
%enddef

CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_windows_from_string)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_from_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_to_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_from_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_to_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_dup)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_from_sddl)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_to_sddl)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_control)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_owner)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_group)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_acl_state)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_acl_state)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_append_ace)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_from_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_to_bytes)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_acl_is_canonical)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_insert_ace)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_remove_ace)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_remove_aces)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_canonicalize)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_flags)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_mask)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_ace_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_ace_inherited_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_inherited_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_to_sddl)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_from_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_to_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_add_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_add_logon_sids)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_set_privileges)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_set_generic_mapping)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_add_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_set_self)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_check)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_access_check_mask)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_access_result_decision)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_result_step)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_result_explain)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_mask)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_permissions)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_sd_form)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_sd_validate)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_sd_upgrade)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_query)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_grant)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_revoke)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_check)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_merge)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_report_conflict)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_machine)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_env_trusts)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_principal_new)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_scope_may_contain)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_scope_member_form)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_scope_fsp_dn)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_new_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_get)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_set)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_delete_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_create_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_delete_key)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_registry_key_exists)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_registry_subkey)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_registry_value_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_reg_sz_encode)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_reg_sz_decode)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_new_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_add)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_lookup_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_lookup_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_info)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_create_group)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_directory_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_is_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_add_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_remove_member)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_delete_group)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_parse)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_to_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_create_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_delete_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_set_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_delete_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_apply)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_regfile_entry_op)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_entry_value)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_snapshot)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_regfile)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_snapshot)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_hives)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_commit)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_key_security)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_password)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_ccache)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_keytab)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_kerberos)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_remote_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_remote)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_rpc_stats)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_query)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_stop)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_start)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_restart)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_host)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_ca_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_ca_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_machine_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_group_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_enroll_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_dcs_enroll)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_validate)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_from_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_env)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_compute)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_action_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_regfiles)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_from_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_check_ca)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_reset_setup_flag)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_events_parse)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_from_directory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_compute)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_for_event)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_set_template)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_open)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_create_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_delete_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_token)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_find_cas)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_discover)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_template_security)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_apply)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_rollback)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_json)

/* Values, not status codes (listed so that nobody adds them above):
 * cadcom_version_number, cadcom_error_code, cadcom_sid_equal,
 * cadcom_sid_compare (negative = "less"), cadcom_sid_in_domain,
 * cadcom_sd_equal, cadcom_sd_acl_revision, cadcom_ace_equal,
 * cadcom_ace_type (-1 for NULL, no error recorded), cadcom_ace_is_object,
 * cadcom_token_has_sid, cadcom_access_result_allowed, cadcom_principal_kind,
 * cadcom_principal_scope, cadcom_credentials_is_kerberos. */

/* ---- the public headers ------------------------------------------------ */

%include "cadcom/common.h"
%include "cadcom/error.h"
%include "cadcom/sid.h"
%include "cadcom/sd.h"
%include "cadcom/token.h"
%include "cadcom/access.h"
%include "cadcom/comrights.h"
%include "cadcom/scope.h"
%include "cadcom/registry.h"
%include "cadcom/directory.h"
%include "cadcom/regfile.h"
%include "cadcom/target.h"
%include "cadcom/remote.h"
%include "cadcom/service.h"
%include "cadcom/topology.h"
%include "cadcom/ca.h"
%include "cadcom/event.h"
%include "cadcom/verdict.h"
%include "cadcom/ad.h"
%include "cadcom/apply.h"
