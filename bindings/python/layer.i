/*
 * libcadcom Python binding: the module's Python side — the exception class
 * of each error family, the small records (namedtuples) the lists of the C
 * API become, and the helpers the classes' bodies (classes.i) call.
 * %included by cadcom.i before the classes are declared.
 */

%pythoncode %{
import weakref as _weakref
from collections import namedtuple as _namedtuple

Error = _cadcom.Error
Error.__doc__ = """A libcadcom call failed.

str(e) and e.message are the library's message, which names the input
('SDDL: unknown ACE type "Antlers" at offset 3'); e.code is the CADCOM_E*
code (negative); e.offset the byte offset of the problem in a parsed input,
or -1.  Each code raises a subclass (see the module docstring and
ERROR_CLASSES); catch Error for all of them."""
Error.code = 0
Error.offset = -1


def _error_init(self, message="", code=0, offset=-1):
    super(Error, self).__init__(message)
    self.code = code
    self.offset = offset


def _error_repr(self):
    return "%s(%r, code=%d, offset=%d)" % (type(self).__name__, str(self),
                                          self.code, self.offset)


Error.__init__ = _error_init
Error.__repr__ = _error_repr
Error.message = property(lambda self: str(self), doc="The library's message (== str(e)).")


def _handle_repr(self):
    state = "" if _cadcom._alive(self) else " (closed)"
    return "<cadcom.%s%s at 0x%x>" % (type(self).__name__, state, id(self))


def _adopt(parent, child):
    """Tie a borrowed back-end `child` to `parent`: `child` keeps `parent`
    alive, and closing `parent` invalidates `child`."""
    if child is None:
        return None
    child._cadcom_parent = parent
    kids = parent.__dict__.get("_cadcom_children")
    if kids is None:
        kids = parent.__dict__["_cadcom_children"] = _weakref.WeakSet()
    kids.add(child)
    return child


def _release_now(obj):
    """Free `obj`'s C object now if Python owns it (else only let go of
    it), and invalidate what was borrowed from it."""
    for child in list(obj.__dict__.pop("_cadcom_children", ())):
        _cadcom._forget(child)
    if _cadcom._alive(obj) and obj.thisown:
        type(obj).__swig_destroy__(obj)  # frees it and disowns it
    _cadcom._forget(obj)


def _closeable_close(self):
    """Release the C object now (a connection, hive files, a credential
    cache), instead of when Python drops it.  Objects borrowed from it (a
    target's registry and directory, an AD session's directory) are
    invalidated too.  Closing twice is harmless; any other use of a closed
    object raises ValueError."""
    _release_now(self)


def _closeable_enter(self):
    if not _cadcom._alive(self):
        raise ValueError("cadcom.%s is closed" % type(self).__name__)
    return self


def _closeable_exit(self, exc_type, exc, tb):
    self.close()


_closeable_closed = property(lambda self: not _cadcom._alive(self),
                             doc="True once close() was called.")


# A constructor in Python: make the object with the library's function, then
# take over its C object (the proxies share SWIG's pointer object).
def _take(self, other):
    self.this = other.this


def _no_constructor(hint):
    def __init__(self, *args, **kwargs):
        raise TypeError("cadcom.%s objects are not created directly: use %s"
                        % (type(self).__name__, hint))
    return __init__


# ---- errors: one class per family, chosen by the code ---------------------

class InvalidArgumentError(Error, ValueError):
    """EINVAL: an argument the library refuses (out of range, unknown
    version, a name that is taken in a memory directory...)."""


class NeedDomainError(InvalidArgumentError):
    """ENEEDDOMAIN: a domain-relative SID alias (DU, DA...) without the
    domain SID to resolve it: pass domain=."""


class ParseError(Error, ValueError):
    """EPARSE: malformed input (SDDL, binary descriptor, JSON, .reg, event
    text, journal); e.offset is the byte offset when the parser knows it."""


class InvalidSDError(Error, ValueError):
    """EINVALIDSD: a descriptor breaks the rules of its use (DCOM's: every
    ACE with COM_RIGHTS_EXECUTE, forms not mixed)."""


class UnrepresentableError(Error, ValueError):
    """EUNREPRESENTABLE: the object cannot be written in the requested form
    (a partial grant in a legacy DCOM ACL; text that is not UTF-8)."""


class UnsupportedError(Error):
    """EUNSUPPORTED: valid input or a request the library does not handle
    (conditional ACEs; key security of a memory registry; an event that
    does not say who enrolled)."""


class NotFoundError(Error, LookupError):
    """ENOTFOUND: no such item (value, key, group, principal, journal; a
    target that is not a CA)."""


class LimitError(Error):
    """ELIMIT: a documented size limit was exceeded."""


class OutOfMemoryError(Error, MemoryError):
    """ENOMEM: the library ran out of memory."""


class CommunicationError(Error, OSError):
    """ECONNECT (host unreachable or unknown), ETIMEOUT (no answer in
    time), EIO (a local file, such as the backup directory, or the
    connection failed otherwise).  Often worth a retry."""


class ServerError(Error):
    """EPROTO (malformed protocol data), ENOPIPE (no such RPC pipe or
    interface), ERPCFAULT (an RPC fault), ESERVER (a refusal with a status
    code): the server answered, and not as hoped."""


class AuthenticationError(Error):
    """EAUTH: authentication failed (wrong password, no ticket)."""


class AccessDeniedError(Error, PermissionError):
    """EACCESS: the server (or a read-only hive) denied the operation to
    these credentials."""


class StateError(Error):
    """ESTATE (the object's state forbids the operation: a stopped service,
    a name already taken) and EKIND (the object is not of the kind the
    operation needs: a builtin group that cannot be deleted)."""


class ScopeError(Error):
    """ESCOPE: the group scope rules forbid the membership (the message
    names both sides and the rule)."""


ERROR_CLASSES = {
    _cadcom.EINVAL: InvalidArgumentError,
    _cadcom.ENEEDDOMAIN: NeedDomainError,
    _cadcom.EPARSE: ParseError,
    _cadcom.EINVALIDSD: InvalidSDError,
    _cadcom.EUNREPRESENTABLE: UnrepresentableError,
    _cadcom.EUNSUPPORTED: UnsupportedError,
    _cadcom.ENOTFOUND: NotFoundError,
    _cadcom.ELIMIT: LimitError,
    _cadcom.ENOMEM: OutOfMemoryError,
    _cadcom.ECONNECT: CommunicationError,
    _cadcom.ETIMEOUT: CommunicationError,
    _cadcom.EIO: CommunicationError,
    _cadcom.EPROTO: ServerError,
    _cadcom.ENOPIPE: ServerError,
    _cadcom.ERPCFAULT: ServerError,
    _cadcom.ESERVER: ServerError,
    _cadcom.EAUTH: AuthenticationError,
    _cadcom.EACCESS: AccessDeniedError,
    _cadcom.ESTATE: StateError,
    _cadcom.EKIND: StateError,
    _cadcom.ESCOPE: ScopeError,
}
"""{CADCOM_E* code: the Error subclass raised for it}."""
_cadcom._set_error_classes(ERROR_CLASSES)


def error_last():
    """The calling thread's last libcadcom error as an Error instance (not
    raised), or None.  Exceptions already carry it; this is for a value a
    function reported without raising."""
    return _cadcom._error_last()


# ---- small result records ----------------------------------------------------

Finding = _namedtuple("Finding", "severity layer text evidence fix")
Finding.__doc__ = """A plan's finding: SEVERITY_*, LAYER_*, what is wrong, the
evidence (may be None), the fix (may be None)."""
Action = _namedtuple("Action", "kind layer text key value_name value old_value group member")
Action.__doc__ = """A plan's action: ACTION_*, LAYER_*, one sentence; for
ACTION_SET_VALUE the key, the value name, the new value and the current one
as (REG_* type, bytes) (old_value None when the value does not exist yet);
for ACTION_CREATE_GROUP / ACTION_ADD_MEMBER the group and member Sids
(else None)."""
Step = _namedtuple("Step", "text state state_name error")
Step.__doc__ = """An apply report's step: the step in words, STEP_* (apply.h:
STEP_PENDING ... STEP_CONFLICT), its name, why it failed (or None)."""
Layer = _namedtuple("Layer", "layer result ace text fix")
Layer.__doc__ = """A verdict's layer: LAYER_*, VERDICT_DENIED / _GRANTED /
_NOT_EVALUATED, the deciding ACE's index in that layer's DACL (-1: none),
what happened, the fix when denied (else None)."""
AccessStep = _namedtuple("AccessStep", "ace_index what bits")
AccessStep.__doc__ = """One DACL entry of an access check: its index, what it did
(STEP_INHERIT_ONLY ... STEP_NO_EFFECT, access.h), the bits it decided."""
Conflict = _namedtuple("Conflict", "deny_ace required_ace perms kind message")
Conflict.__doc__ = """A deny ACE that defeats a merged grant (com_merge): its index,
the required ACE's index, the COM_* checkboxes it denies,
COM_CONFLICT_CERTAIN / _POSSIBLE, a sentence."""
Event = _namedtuple("Event", "kind line computer template status local_system text")
Event.__doc__ = """An event of Events: EVENT_*, the line it starts on, the computer
and template named (or None), the status code, whether the computer enrolled
for itself, the description."""
RegEntry = _namedtuple("RegEntry", "op key name type data")
RegEntry.__doc__ = """An operation of a .reg file: REGFILE_*, the key, the value
name (None for key operations; '' is the default value), and for
REGFILE_SET_VALUE the REG_* type and the bytes."""
Domain = _namedtuple("Domain", "name netbios sid forest enrolls")
Domain.__doc__ = """A topology's domain: DNS name, NetBIOS name, Sid, forest root,
whether its users and computers enrol."""
Trust = _namedtuple("Trust", "trusting trusted kind")
Trust.__doc__ = """A topology's trust: `trusting` trusts `trusted` (DNS names), TRUST_*."""
TokenGroup = _namedtuple("TokenGroup", "sid flags")
TokenGroup.__doc__ = """A token's group: the Sid and TOKEN_* flags (TOKEN_DENY_ONLY)."""
EnrollmentService = _namedtuple("EnrollmentService", "name host templates")
EnrollmentService.__doc__ = """An enterprise CA published in AD: its name, its host
(or None), the names of the templates it offers."""


# ---- borrowed back-ends: tied to their owner ---------------------------------

def target_registry(t):
    """The target's registry (borrowed: it keeps the target alive, and is
    invalidated when the target is closed)."""
    return _adopt(t, _cadcom._target_registry(t))


def target_directory(t):
    """The target's directory (borrowed, as target_registry())."""
    return _adopt(t, _cadcom._target_directory(t))


def ad_directory(ad):
    """The AD domain as a directory (borrowed: valid until the session is
    closed)."""
    return _adopt(ad, _cadcom._ad_directory(ad))


def ad_env(ad):
    """The session's scope environment (borrowed, as ad_directory())."""
    return _adopt(ad, _cadcom._ad_env(ad))


# ---- the C API's free functions: an early, safe release ----------------------
#
# Python frees every object it drops, so these are never needed; they exist
# so that the whole C API is reachable.  Each releases the object as close()
# does (None is accepted, as C accepts NULL; twice is harmless; a borrowed
# object is only let go of); using the object afterwards raises ValueError.

def _free(func, arg, cls, obj):
    if obj is None:
        return
    if not isinstance(obj, cls):
        raise TypeError("%s() argument '%s' must be cadcom.%s, not %s"
                        % (func, arg, cls.__name__, type(obj).__name__))
    _release_now(obj)


def sid_free(sid):
    """Release a Sid now (see above)."""
    _free("sid_free", "sid", Sid, sid)

def sd_free(sd):
    """Release a SD now (see above)."""
    _free("sd_free", "sd", SD, sd)

def ace_free(ace):
    """Release a Ace now (see above)."""
    _free("ace_free", "ace", Ace, ace)

def token_free(token):
    """Release a Token now (see above)."""
    _free("token_free", "token", Token, token)

def access_request_free(req):
    """Release a AccessRequest now (see above)."""
    _free("access_request_free", "req", AccessRequest, req)

def access_result_free(res):
    """Release a AccessResult now (see above)."""
    _free("access_result_free", "res", AccessResult, res)

def com_report_free(report):
    """Release a ComReport now (see above)."""
    _free("com_report_free", "report", ComReport, report)

def env_free(env):
    """Release a Env now (see above)."""
    _free("env_free", "env", Env, env)

def principal_free(p):
    """Release a Principal now (see above)."""
    _free("principal_free", "p", Principal, p)

def registry_free(reg):
    """Release a Registry now (see above)."""
    _free("registry_free", "reg", Registry, reg)

def directory_free(dir):
    """Release a Directory now (see above)."""
    _free("directory_free", "dir", Directory, dir)

def regfile_free(f):
    """Release a RegFile now (see above)."""
    _free("regfile_free", "f", RegFile, f)

def target_free(t):
    """Release a Target now (see above)."""
    _free("target_free", "t", Target, t)

def credentials_free(cred):
    """Release a Credentials now (see above)."""
    _free("credentials_free", "cred", Credentials, cred)

def topology_free(t):
    """Release a Topology now (see above)."""
    _free("topology_free", "t", Topology, t)

def plan_free(p):
    """Release a Plan now (see above)."""
    _free("plan_free", "p", Plan, p)

def events_free(ev):
    """Release a Events now (see above)."""
    _free("events_free", "ev", Events, ev)

def verdict_free(v):
    """Release a Verdict now (see above)."""
    _free("verdict_free", "v", Verdict, v)

def ad_close(ad):
    """Release a AD now (see above)."""
    _free("ad_close", "ad", AD, ad)

def ad_cas_free(cas):
    """Release a EnrollmentServices now (see above)."""
    _free("ad_cas_free", "cas", EnrollmentServices, cas)

def apply_free(a):
    """Release a Apply now (see above)."""
    _free("apply_free", "a", Apply, a)


# ---- the error accessors of the C API, on Error objects -------------------------

def error_code(err):
    """err.code of an Error (from an exception or error_last())."""
    if not isinstance(err, Error):
        raise TypeError("error_code() argument 'err' must be cadcom.Error, not %s"
                        % type(err).__name__)
    return err.code


def error_message(err):
    """err.message of an Error."""
    if not isinstance(err, Error):
        raise TypeError("error_message() argument 'err' must be cadcom.Error, not %s"
                        % type(err).__name__)
    return err.message


def error_offset(err):
    """err.offset of an Error."""
    if not isinstance(err, Error):
        raise TypeError("error_offset() argument 'err' must be cadcom.Error, not %s"
                        % type(err).__name__)
    return err.offset
%}
