/*
 * libcadcom — Python binding (SWIG).
 *
 * Generates the C extension `_cadcom` and the proxy module `cadcom.py`.
 * Everything is wrapped from the public headers with %include; this file
 * adds what makes the result feel like Python (the module docstring below is
 * the user's documentation; cadcom.pyi is the typed summary):
 *
 *   - status functions (int: 0 ok, negative CADCOM_E*) raise a subclass of
 *     cadcom.Error chosen by the code (the table is in the module docstring
 *     and in ERROR_CLASSES below), with .code, .message and .offset, and
 *     otherwise return None, replaced by their out-parameters;
 *   - out-parameters `cadcom_X **out` become Python-owned objects (freed by
 *     the *_free function when the wrapper dies), `char **out` becomes str
 *     (freed with cadcom_free);
 *   - borrowed `const cadcom_sid *` / `const cadcom_ace *` results (owner,
 *     group, ACE, trustee) are returned as owned copies, so they cannot
 *     outlive their descriptor or be modified through a const pointer;
 *     borrowed back-ends (a target's registry and directory, an AD
 *     session's directory and environment) keep their owner alive and are
 *     invalidated when it is closed;
 *   - handle arguments are checked: a wrong type or None where the C
 *     function needs an object is TypeError naming the function and the
 *     parameter; None is accepted only where the header documents NULL
 *     (cadcom_py_none_ok()); a closed handle is ValueError;
 *   - targets, AD sessions and credentials are context managers whose
 *     close() releases the C object at once;
 *   - the classes get constructors, properties, iterators (ACEs, findings,
 *     actions, steps, layers, members...), ==, hash, repr, bytes();
 *   - the cadcom_ / CADCOM_ prefixes are stripped: cadcom.sid_from_string(),
 *     cadcom.EPARSE.
 *
 * The int return type is used both for status codes and for plain values
 * (cadcom_sid_compare() returns negative numbers that are not errors;
 * cadcom_verdict_result() returns results), so the status functions are
 * listed by name below: a new fallible function must be added there, and a
 * new public name to cadcom.pyi (test_cadcom.py checks both directions).
 */
%define CADCOM_MODULE_DOC
"libcadcom: audit and fix the DCOM permissions a Windows Certification
Authority needs (KB 903220), from Python.

The module mirrors the C API (include/cadcom/*.h) without its prefixes:
cadcom_sd_from_sddl() is cadcom.sd_from_sddl(), CADCOM_EPARSE is
cadcom.EPARSE.  Out-parameters are return values (several make a tuple),
and the objects are classes with constructors, properties and iterables
(lists of the C API come as tuples of small records: Finding, Action, Step,
Layer, ...; a group's members and a key's subkeys as iterators):

    sd = cadcom.SD('O:BAG:BAD:(A;;CCDCLC;;;WD)')
    for ace in sd.dacl:
        print(ace, ace.sid, hex(ace.mask))
    assert cadcom.SD.from_bytes(bytes(sd)) == sd

    topo = cadcom.Topology.from_json(open('topology.json').read())
    with cadcom.Target.open_snapshot(open('before.json').read()) as target:
        plan = cadcom.Plan.compute(topo, target)
        for finding in plan.findings:
            print(finding.severity, finding.text)

Objects are freed when Python drops them.  Targets, AD sessions and
credentials also have close() and are context managers, to let go of a
connection, a hive file or a credential cache at a known time; a closed
object raises ValueError when used.  The C API's *_free() functions do the
same for any object (never needed; there for completeness).

Errors: every failing call raises a subclass of cadcom.Error with
e.code (the CADCOM_E* value), e.message (== str(e), naming the input) and
e.offset (the byte offset in a parsed input, else -1):

    code                          class (also a subclass of)
    EINVAL                        InvalidArgumentError (ValueError)
    ENEEDDOMAIN                   NeedDomainError (InvalidArgumentError)
    EPARSE                        ParseError (ValueError)
    EINVALIDSD                    InvalidSDError (ValueError)
    EUNREPRESENTABLE              UnrepresentableError (ValueError)
    EUNSUPPORTED                  UnsupportedError
    ENOTFOUND                     NotFoundError (LookupError)
    ELIMIT                        LimitError
    ENOMEM                        OutOfMemoryError (MemoryError)
    ECONNECT, ETIMEOUT, EIO       CommunicationError (OSError)
    EPROTO, ENOPIPE, ERPCFAULT,   ServerError
      ESERVER
    EAUTH                         AuthenticationError
    EACCESS                       AccessDeniedError (PermissionError)
    ESTATE, EKIND                 StateError
    ESCOPE                        ScopeError
    (a code this module does not know)   Error

cadcom.ERROR_CLASSES holds that table.  Wrong argument types raise TypeError
(None only where the C API accepts NULL), before the library is called."
%enddef

%module(docstring=CADCOM_MODULE_DOC) cadcom

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
/* {code: class}, given by cadcom.py (ERROR_CLASSES); NULL until then. */
static PyObject *cadcom_py_error_classes;

/* The exception for `code`: this thread's last error when it is the one
 * `code` came from (status wrappers clear it before the call), else the
 * code's name.  A new reference, or NULL with a Python error set. */
static PyObject *cadcom_py_make_error(int code)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg;
	long offset = -1;
	PyObject *cls = NULL, *text, *exc, *val;

	if (err && cadcom_error_code(err) == code) {
		msg = cadcom_error_message(err);
		offset = cadcom_error_offset(err);
	} else {
		msg = cadcom_error_name(code);
	}
	if (cadcom_py_error_classes) {
		PyObject *key = PyLong_FromLong(code);
		if (!key)
			return NULL;
		cls = PyDict_GetItemWithError(cadcom_py_error_classes, key);  /* borrowed */
		Py_DECREF(key);
		if (!cls && PyErr_Occurred())
			return NULL;
	}
	if (!cls)
		cls = cadcom_py_Error;
	/* Messages quote the input and are truncated to a fixed buffer: they
	 * need not be valid UTF-8. */
	text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "backslashreplace");
	if (!text)
		return NULL;
	exc = PyObject_CallFunctionObjArgs(cls, text, NULL);
	Py_DECREF(text);
	if (!exc)
		return NULL;
	val = PyLong_FromLong(code);
	if (!val || PyObject_SetAttrString(exc, "code", val) < 0)
		goto fail;
	Py_DECREF(val);
	val = PyLong_FromLong(offset);
	if (!val || PyObject_SetAttrString(exc, "offset", val) < 0)
		goto fail;
	Py_DECREF(val);
	return exc;
fail:
	Py_XDECREF(val);
	Py_DECREF(exc);
	return NULL;
}

/* Raise the exception for `code` (see cadcom_py_make_error()). */
static void cadcom_py_raise(int code)
{
	PyObject *exc = cadcom_py_make_error(code);

	if (!exc)
		return;  /* a Python error is set: it replaces ours */
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}

/* "sd_to_sddl() argument 'sd' must be cadcom.SD, not Sid", as Python's own
 * messages read. */
static void cadcom_py_type_error(const char *func, const char *arg, const char *expected,
				 PyObject *got)
{
	if (func[0] == '_')
		func++;  /* a raw function wrapped in Python under its public name */
	PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be %s, not %.200s", func, arg,
		     expected, got == Py_None ? "None" : Py_TYPE(got)->tp_name);
}

/* ValueError for a handle whose C object close() released. */
static void cadcom_py_closed_error(const char *func, const char *arg, const char *pyname)
{
	if (func[0] == '_')
		func++;
	PyErr_Format(PyExc_ValueError, "%s() argument '%s': the cadcom.%s is closed (it, or the "
		     "object it belongs to, was closed)", func, arg, pyname);
}

/* The parameters whose header documents NULL ("may be NULL", "NULL: ..."):
 * there None is accepted; everywhere else a handle parameter given None is
 * a TypeError rather than a library EINVAL.  Names as Python sees them. */
static int cadcom_py_none_ok(const char *func, const char *arg)
{
	static const char *const table[][2] = {
		{ "sid_from_string", "domain" },
		{ "sid_alias", "domain" },
		{ "sd_from_sddl", "domain" },
		{ "sd_to_sddl", "domain" },
		{ "sd_set_owner", "sid" },
		{ "sd_set_group", "sid" },
		{ "ace_to_sddl", "domain" },
		{ "token_from_string", "domain" },
		{ "access_check", "req" },
		{ "access_check_mask", "req" },
		{ "access_result_explain", "domain" },
		{ "target_open_remote", "opts" },
		{ "ad_open", "opts" },
		{ "plan_compute", "target" },
		{ "plan_reset_setup_flag", "topo" },
		{ "verdict_compute", "target" },
		{ "rollback", "opts" },
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i][0], func) == 0 && strcmp(table[i][1], arg) == 0)
			return 1;
	return 0;
}

/* SWIG's proxy object of `obj` (a proxy class instance or the SwigPyObject
 * itself), or NULL with TypeError set. */
static SwigPyObject *cadcom_py_swig_this(PyObject *obj)
{
	SwigPyObject *sobj = SWIG_Python_GetSwigThis(obj);

	if (!sobj)
		PyErr_Format(PyExc_TypeError, "expected a cadcom object, not %.200s",
			     Py_TYPE(obj)->tp_name);
	return sobj;
}

/* Forget the C object of `obj` without freeing it (the caller freed it,
 * or it was borrowed from an object that is being closed): later calls
 * see a NULL pointer and raise ValueError (the handle typemaps). */
static PyObject *cadcom_py_forget(PyObject *obj)
{
	SwigPyObject *sobj = cadcom_py_swig_this(obj);

	if (!sobj)
		return NULL;
	sobj->ptr = NULL;
	sobj->own = 0;
	Py_RETURN_NONE;
}

/* True while `obj` still has its C object. */
static PyObject *cadcom_py_alive(PyObject *obj)
{
	SwigPyObject *sobj = cadcom_py_swig_this(obj);

	if (!sobj)
		return NULL;
	return PyBool_FromLong(sobj->ptr != NULL);
}

/* cadcom.py hands over ERROR_CLASSES once, at import. */
static PyObject *cadcom_py_set_error_classes(PyObject *classes)
{
	if (!PyDict_Check(classes)) {
		PyErr_SetString(PyExc_TypeError, "expected a dict");
		return NULL;
	}
	Py_INCREF(classes);
	Py_XSETREF(cadcom_py_error_classes, classes);
	Py_RETURN_NONE;
}

/* This thread's last error as an exception object (not raised), or None. */
static PyObject *cadcom_py_error_last(void)
{
	const cadcom_error *err = cadcom_error_last();

	if (!err)
		Py_RETURN_NONE;
	return cadcom_py_make_error(cadcom_error_code(err));
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

/* Helpers of the module (not part of its API). */
%rename(_forget) cadcom_py_forget;
%rename(_alive) cadcom_py_alive;
%rename(_set_error_classes) cadcom_py_set_error_classes;
%rename(_error_last) cadcom_py_error_last;
PyObject *cadcom_py_forget(PyObject *obj);
PyObject *cadcom_py_alive(PyObject *obj);
PyObject *cadcom_py_set_error_classes(PyObject *classes);
PyObject *cadcom_py_error_last(void);


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
%rename(Credentials) cadcom_credentials;
%rename(RemoteOptions) cadcom_remote_options;
%rename(Topology) cadcom_topology;
%rename(Plan) cadcom_plan;
%rename(Events) cadcom_events;
%rename(Verdict) cadcom_verdict;
%rename(AD) cadcom_ad;
%rename(ADOptions) cadcom_ad_options;
%rename(EnrollmentServices) cadcom_ad_cas;
%rename(Apply) cadcom_apply;
%rename(ApplyOptions) cadcom_apply_options;
/* The enum's name would take the function's (SWIG warning 302). */
%rename(VerdictResultEnum, %$isenum) cadcom_verdict_result;
/* Borrowed back-ends: wrapped below to tie them to their owner. */
%rename(_target_registry) cadcom_target_registry;
%rename(_target_directory) cadcom_target_directory;
%rename(_ad_directory) cadcom_ad_directory;
%rename(_ad_env) cadcom_ad_env;

/* Memory is managed by the wrappers: the C frees would double-free.
 * The Python side below defines Python ones that release early and safely, as close()
 * does (cadcom_free has no Python counterpart: strings and buffers arrive
 * as str and bytes copies). */
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
%ignore cadcom_credentials_free;
%ignore cadcom_topology_free;
%ignore cadcom_plan_free;
%ignore cadcom_apply_free;
%ignore cadcom_events_free;
%ignore cadcom_verdict_free;
%ignore cadcom_ad_close;
%ignore cadcom_ad_cas_free;
/* A C callback: a Python caller reads the report instead. */
%ignore cadcom_apply_options::progress;
%ignore cadcom_apply_options::progress_arg;
/* The error handle is valid only until the next failure on the thread:
 * Python gets exceptions, and cadcom.error_last(), a copy, whose code,
 * message and offset error_code() etc. read (below). */
%ignore cadcom_error_last;
%ignore cadcom_error_code;
%ignore cadcom_error_message;
%ignore cadcom_error_offset;

/* ---- objects: opaque, owned by Python, freed by the library ------------ */

/* A handle argument: TypeError for another type, and for None unless the
 * header documents NULL there (cadcom_py_none_ok()); ValueError for a
 * closed object. */
%define CADCOM_HANDLE_ARG(TYPE, PYNAME)
%typemap(in, noblock=1) TYPE * (void *argp = 0, int res = 0),
			const TYPE * (void *argp = 0, int res = 0) {
	if ($input == Py_None) {
		if (!cadcom_py_none_ok("$symname", "$1_name")) {
			cadcom_py_type_error("$symname", "$1_name", "cadcom." PYNAME, $input);
			SWIG_fail;
		}
		$1 = NULL;
	} else {
		res = SWIG_ConvertPtr($input, &argp, $descriptor, 0);
		if (!SWIG_IsOK(res)) {
			cadcom_py_type_error("$symname", "$1_name", "cadcom." PYNAME, $input);
			SWIG_fail;
		}
		if (!argp) {
			cadcom_py_closed_error("$symname", "$1_name", PYNAME);
			SWIG_fail;
		}
		$1 = ($1_ltype)argp;
	}
}
/* The destructor's own argument keeps SWIG's conversion (with DISOWN). */
%typemap(in) TYPE *self = SWIGTYPE *;
%enddef

%define CADCOM_OBJECT(TYPE, FREE, PYNAME)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}
CADCOM_HANDLE_ARG(TYPE, PYNAME)

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

/* ==== the Python side ====================================================
 *
 * What makes the result read like Python: the exception class of each
 * error family, small records (namedtuples) for the lists of the C API, and
 * for each class its docstring, constructor, properties, iterators and
 * protocols (==, hash, repr, bytes, pickling, context managers).  The
 * methods call the module's flat functions, so every check above (types,
 * None, closed objects) and every error applies to them too.
 *
 * It comes before the classes are declared: the helpers must exist when
 * the class bodies run, and %feature("docstring") must precede the
 * declaration.  A public name added here goes into cadcom.pyi as well
 * (test_cadcom.py checks).  The module's Python side is layer.i, the
 * classes' classes.i.
 */

%include "layer.i"

%feature("docstring") cadcom_sid
"A security identifier (MS-DTYP 2.4.2): Sid('S-1-5-32-544'), Sid('BA'),
Sid('DU', domain=Sid('S-1-5-21-1-2-3')).

str() is the S-1-... form, bytes() the binary form (Sid.from_bytes() reads
it back).  Sids compare (==, <) and hash by value: use them as dict keys.";

%feature("docstring") cadcom_sd
"A security descriptor: owner, group, DACL and SACL (MS-DTYP 2.4.6).

SD() is empty; SD(sddl, domain=None) parses SDDL (domain resolves aliases
such as DU); SD.from_bytes(b) reads the self-relative binary form that
registry values hold.  str(sd) is Windows' canonical SDDL, bytes(sd) the
binary form.  sd.dacl and sd.sacl are tuples of Ace (copies: change the
descriptor with the sd_* functions or the methods here).  == compares the
content (cadcom_sd_equal); hash() follows it, so do not change a
descriptor while it is a dict key.";

%feature("docstring") cadcom_ace
"An access control entry: Ace(ACE_ACCESS_ALLOWED, flags, mask, sid).
Properties type, flags, mask, sid, object_type, inherited_object_type;
str() is its SDDL form, (A;;CCDC;;;WD).  Compares and hashes by value.";

%feature("docstring") cadcom_token
"An access token: the user SID, group SIDs (enabled or deny-only) and
privileges.  Token(sid) has no groups; Token('S-1-5-21-1-2-3-1101,WD,AU')
parses the text form (cadcom_token_from_string).  `sid in token` is true
for the user and enabled groups.";

%feature("docstring") cadcom_target
"The machine a plan is computed for and applied to: its registry and its
directory.  Open it with Target.open_memory(), open_snapshot(json),
open_regfile(bytes), open_hives(software, system) or open_remote(host,
credentials).  A context manager: `with Target.open_remote(...) as t:`
closes the connection at the end of the block (close() does it at any
time); target.registry and target.directory are valid until then.";

%feature("docstring") cadcom_credentials
"Credentials for remote targets and AD sessions: Credentials.password(domain,
user, password), .ccache(name=None), .keytab(principal, file),
.kerberos(principal, password).  A context manager; close() wipes the
password and removes a private credential cache once no target or session
opened with them needs them any more.";

%feature("docstring") cadcom_ad
"A session with a domain controller over LDAP: AD.open(host, credentials,
options=None).  A context manager; close() ends the session and
invalidates ad.directory and ad.env.";

%feature("docstring") cadcom_plan
"What a CA needs, what it has, and the ordered changes that get it there:
Plan.compute(topology, target=None), Plan.from_json(text).  plan.findings
is a tuple of Finding, plan.actions of Action, plan.assumptions of str;
str(plan) is the text for people, plan.to_json() the JSON an apply reads
back; plan.regfiles() the forward and revert .reg files.";

%feature("docstring") cadcom_apply
"The report of cadcom.plan_apply() or cadcom.rollback(): report.outcome
(OUTCOME_*), report.steps (a tuple of Step), report.notes; str(report) for
people, report.to_json().";

%feature("docstring") cadcom_verdict
"Why an enrollee is granted or denied, layer by layer:
Verdict.compute(topology, target, token, remote=True) or
Verdict.for_event(topology, target, events, index).  verdict.allowed,
verdict.layers (a tuple of Layer), verdict.notes; str(verdict) for people.";

%feature("docstring") cadcom_directory
"Principals and group memberships by SID: Directory() is an empty memory
directory; target.directory and ad.directory are borrowed from their owner.
directory.members(group) iterates a group's member SIDs.";

%feature("docstring") cadcom_registry
"Registry keys and values: Registry() is an empty memory registry;
target.registry is borrowed from the target.  get(), set(), subkeys(),
value_names().";

%feature("docstring") cadcom_topology
"The environment of a CA: its host, role and generation, the domains and
trusts, who enrols.  Topology() is empty (fill it with the topology_*
functions); Topology.from_json(text, source=None) reads doc/TOPOLOGY.md's
form.  topology.domains and topology.trusts are tuples.";

%include "classes.i"

/* ==== the classes and the C API ========================================== */

CADCOM_OBJECT(cadcom_sid, cadcom_sid_free, "Sid")
CADCOM_OBJECT(cadcom_sd, cadcom_sd_free, "SD")
CADCOM_OBJECT(cadcom_ace, cadcom_ace_free, "Ace")
CADCOM_OBJECT(cadcom_token, cadcom_token_free, "Token")
CADCOM_OBJECT(cadcom_access_request, cadcom_access_request_free, "AccessRequest")
CADCOM_OBJECT(cadcom_access_result, cadcom_access_result_free, "AccessResult")
CADCOM_OBJECT(cadcom_com_report, cadcom_com_report_free, "ComReport")
CADCOM_OBJECT(cadcom_env, cadcom_env_free, "Env")
CADCOM_OBJECT(cadcom_principal, cadcom_principal_free, "Principal")
CADCOM_OBJECT(cadcom_registry, cadcom_registry_free, "Registry")
CADCOM_OBJECT(cadcom_directory, cadcom_directory_free, "Directory")
CADCOM_OBJECT(cadcom_regfile, cadcom_regfile_free, "RegFile")
CADCOM_OBJECT(cadcom_target, cadcom_target_free, "Target")
CADCOM_OBJECT(cadcom_credentials, cadcom_credentials_free, "Credentials")
CADCOM_OBJECT(cadcom_topology, cadcom_topology_free, "Topology")
CADCOM_OBJECT(cadcom_plan, cadcom_plan_free, "Plan")
CADCOM_OBJECT(cadcom_events, cadcom_events_free, "Events")
CADCOM_OBJECT(cadcom_verdict, cadcom_verdict_free, "Verdict")
CADCOM_OBJECT(cadcom_ad, cadcom_ad_close, "AD")
CADCOM_OBJECT(cadcom_ad_cas, cadcom_ad_cas_free, "EnrollmentServices")
CADCOM_OBJECT(cadcom_apply, cadcom_apply_free, "Apply")
CADCOM_BORROWED_COPY(cadcom_sid, cadcom_sid_dup)
CADCOM_BORROWED_COPY(cadcom_ace, cadcom_ace_dup)
/* Options structs are plain structs (SWIG makes their constructors). */
CADCOM_HANDLE_ARG(cadcom_remote_options, "RemoteOptions")
CADCOM_HANDLE_ARG(cadcom_ad_options, "ADOptions")
CADCOM_HANDLE_ARG(cadcom_apply_options, "ApplyOptions")

/* ---- options structs: ready to use, strings owned ---------------------- */

/* Constructed with the current version's defaults, so that
 * ApplyOptions(backup_dir=...) works without *_options_init(); unknown
 * attribute names are errors rather than silently ignored; a string field
 * holds a copy, freed when replaced and with the struct (only these
 * setters and *_options_init(), which clears them, write the fields). */
%define CADCOM_OPTIONS(TYPE, INIT, VERSION, PYNAME)
%pythonnondynamic TYPE;
%extend TYPE {
	TYPE() {
		TYPE *o = calloc(1, sizeof(*o));
		if (o)
			INIT(o, VERSION);
		return o;
	}
%pythoncode %{
    def __init__(self, **fields):
        """PYNAME(**fields): the defaults of this library's version, then
        each field given (an unknown name is TypeError)."""
        _cadcom.PYNAME##_swiginit(self, _cadcom.new_##PYNAME())
        for name, value in fields.items():
            if name.startswith("_") or not isinstance(getattr(type(self), name, None), property):
                raise TypeError("PYNAME() got an unexpected keyword argument '%s'" % name)
            setattr(self, name, value)

    def __repr__(self):
        fields = [(n, getattr(self, n)) for n in sorted(dir(type(self)))
                  if not n.startswith("_") and n != "thisown"
                  and isinstance(getattr(type(self), n), property)]
        return "PYNAME(%s)" % ", ".join("%s=%r" % f for f in fields)
%}
}
%enddef
%define CADCOM_OPTION_STRING(TYPE, FIELD)
%typemap(memberin) const char *FIELD {
	free((char *)$1);
	$1 = $input ? strdup($input) : NULL;
	if ($input && !$1) {
		PyErr_NoMemory();
		SWIG_fail;
	}
}
%enddef
CADCOM_OPTION_STRING(cadcom_apply_options, backup_dir)
CADCOM_OPTION_STRING(cadcom_apply_options, service)
CADCOM_OPTION_STRING(cadcom_ad_options, ca_file)
%extend cadcom_apply_options {
	~cadcom_apply_options() {
		free((char *)$self->backup_dir);
		free((char *)$self->service);
		free($self);
	}
}
%extend cadcom_ad_options {
	~cadcom_ad_options() {
		free((char *)$self->ca_file);
		free($self);
	}
}
CADCOM_OPTIONS(cadcom_apply_options, cadcom_apply_options_init, CADCOM_APPLY_OPTIONS_VERSION, ApplyOptions)
CADCOM_OPTIONS(cadcom_ad_options, cadcom_ad_options_init, CADCOM_AD_OPTIONS_VERSION, ADOptions)
CADCOM_OPTIONS(cadcom_remote_options, cadcom_remote_options_init, CADCOM_REMOTE_OPTIONS_VERSION, RemoteOptions)

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
			PyErr_Format(PyExc_ValueError, "%s() argument '%s': embedded null character",
				     "$symname", "$1_name");
			SWIG_fail;
		}
	} else {
		cadcom_py_type_error("$symname", "$1_name", "str", $input);
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
	if (PyUnicode_Check($input) || PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) {
		PyErr_Clear();
		cadcom_py_type_error("$symname", "$1_name", "a bytes-like object", $input);
		SWIG_fail;
	}
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
	PyObject *seq = PyUnicode_Check($input) || PyBytes_Check($input) ? NULL
			: PySequence_Fast($input, "sub-authorities must be a sequence of int");
	Py_ssize_t i, n;
	if (!seq) {
		PyErr_Clear();
		cadcom_py_type_error("$symname", "$1_name", "a sequence of int", $input);
		SWIG_fail;
	}
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
		cadcom_py_type_error("$symname", "$1_name", "str", $input);
		SWIG_fail;
	}
	$1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &size);
	if (!$1)
		SWIG_fail;
	$2 = (size_t)size;
}

%apply cadcom_com_report **out { cadcom_com_report **report };
%apply cadcom_regfile **out { cadcom_regfile **forward, cadcom_regfile **revert };
%apply char **out { char **why, char **dn };
%apply cadcom_sid **out { cadcom_sid **sid };
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
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_resolve)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_apply)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_rollback)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_json)

/* Values, not status codes (listed so that nobody adds them above):
 * cadcom_version_number, cadcom_sid_equal, cadcom_sid_compare (negative =
 * "less"), cadcom_sid_in_domain, cadcom_sd_equal, cadcom_sd_acl_revision,
 * cadcom_ace_equal, cadcom_ace_type (-1 for NULL, no error recorded),
 * cadcom_ace_is_object, cadcom_token_has_sid, cadcom_access_result_allowed,
 * cadcom_principal_kind, cadcom_principal_scope,
 * cadcom_credentials_is_kerberos, cadcom_events_kind,
 * cadcom_events_local_system, cadcom_plan_worst, cadcom_plan_finding_severity,
 * cadcom_plan_finding_layer, cadcom_plan_action_kind, cadcom_plan_action_layer,
 * cadcom_topology_role, cadcom_topology_generation,
 * cadcom_topology_domain_enrolls, cadcom_topology_dcs_enroll,
 * cadcom_verdict_allowed, cadcom_verdict_layer, cadcom_verdict_result,
 * cadcom_apply_outcome, cadcom_apply_step_state (-1 out of range). */

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

