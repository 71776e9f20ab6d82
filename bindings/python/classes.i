/*
 * libcadcom Python binding: the classes' Python side — constructors,
 * properties, iterators and protocols (==, hash, bytes, pickling, context
 * managers) of each wrapped type.  %included by cadcom.i before the
 * classes are declared, after the module-level helpers these bodies call;
 * a public name added here goes into cadcom.pyi as well (test_cadcom.py
 * checks).
 */

/* ---- the classes: constructors, properties, iterators, protocols -------- */


%extend cadcom_sid {
%pythoncode %{
    def __init__(self, text, domain=None):
        _take(self, sid_from_string(text, domain))

    @classmethod
    def from_string(cls, text, domain=None):
        """A SID string ('S-1-5-32-544') or an SDDL alias ('BA'; 'DU' needs
        the domain's SID)."""
        return sid_from_string(text, domain)

    @classmethod
    def from_bytes(cls, data):
        """The binary form (MS-DTYP 2.4.2.2); trailing bytes are ignored."""
        return sid_from_bytes(data)[0]

    @classmethod
    def from_parts(cls, authority, subauthorities):
        """Sid.from_parts(5, [32, 544]) is S-1-5-32-544."""
        return sid_new(authority, subauthorities)

    authority = property(lambda self: sid_authority(self), doc="The identifier authority.")
    subauthorities = property(
        lambda self: tuple(sid_subauth(self, i) for i in range(sid_subauth_count(self))),
        doc="The sub-authorities, a tuple of int.")
    rid = property(lambda self: sid_rid(self), doc="The last sub-authority, or 0.")
    name = property(lambda self: sid_name(self),
                    doc="The English name of a well-known SID, or None (for display only).")

    def alias(self, domain=None, windows=_cadcom.WINDOWS_LATEST):
        """The SDDL alias Windows `windows` would print ('BA'), or None."""
        return sid_alias(self, domain, windows)

    def in_domain(self, domain):
        """True if this SID is `domain` plus one more sub-authority."""
        return bool(sid_in_domain(self, domain))

    def __str__(self):
        return sid_to_string(self)

    def __repr__(self):
        return "Sid(%r)" % sid_to_string(self) if _cadcom._alive(self) else _handle_repr(self)

    def __bytes__(self):
        return sid_to_bytes(self)

    def __eq__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return bool(sid_equal(self, other))

    def __ne__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return not sid_equal(self, other)

    def __lt__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return sid_compare(self, other) < 0

    def __le__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return sid_compare(self, other) <= 0

    def __gt__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return sid_compare(self, other) > 0

    def __ge__(self, other):
        if not isinstance(other, Sid):
            return NotImplemented
        return sid_compare(self, other) >= 0

    def __hash__(self):
        return hash(sid_to_bytes(self))

    def __copy__(self):
        return sid_dup(self)

    def __deepcopy__(self, memo):
        return sid_dup(self)

    def __reduce__(self):
        return (Sid, (sid_to_string(self),))
%}
}

%extend cadcom_sd {
%pythoncode %{
    def __init__(self, sddl=None, domain=None):
        _take(self, sd_new() if sddl is None else sd_from_sddl(sddl, domain))

    @classmethod
    def from_sddl(cls, sddl, domain=None):
        """Parse SDDL (doc/SDDL.md); `domain` resolves aliases such as DU."""
        return sd_from_sddl(sddl, domain)

    @classmethod
    def from_bytes(cls, data):
        """Read the self-relative binary form (any bytes-like object)."""
        return sd_from_bytes(data)

    def to_sddl(self, domain=None, windows=_cadcom.WINDOWS_LATEST):
        """Canonical SDDL; aliases `windows` (WINDOWS_*) does not know are
        written as SIDs, domain-relative ones only with `domain`."""
        return sd_to_sddl(self, domain, windows)

    def to_bytes(self):
        """The self-relative binary form, as Windows writes it."""
        return sd_to_bytes(self)

    def copy(self):
        return sd_dup(self)

    def _get_owner(self):
        return sd_owner(self)

    def _set_owner(self, sid):
        sd_set_owner(self, sid)

    def _get_group(self):
        return sd_group(self)

    def _set_group(self, sid):
        sd_set_group(self, sid)

    owner = property(_get_owner, _set_owner,
                     doc="The owner (a copy), or None; assign a Sid, or None to remove it.")
    group = property(_get_group, _set_group,
                     doc="The primary group (a copy), or None; assign a Sid or None.")
    control = property(lambda self: sd_control(self), lambda self, v: sd_set_control(self, v),
                       doc="The control bits (SD_*).")

    def aces(self, acl=_cadcom.DACL):
        """The ACEs of the DACL (or SACL), a tuple of Ace copies."""
        return tuple(sd_ace(self, acl, i) for i in range(sd_ace_count(self, acl)))

    dacl = property(lambda self: self.aces(DACL), doc="The DACL's ACEs, a tuple of Ace.")
    sacl = property(lambda self: self.aces(SACL), doc="The SACL's ACEs, a tuple of Ace.")

    def acl_state(self, acl=_cadcom.DACL):
        """ACL_ABSENT, ACL_NULL or ACL_PRESENT."""
        return sd_acl_state(self, acl)

    def is_canonical(self, acl=_cadcom.DACL):
        """True if the ACL is in canonical order."""
        return bool(sd_acl_is_canonical(self, acl)[0])

    def insert_ace(self, ace, acl=_cadcom.DACL):
        """Insert a copy of `ace` at its canonical position; returns it."""
        return sd_insert_ace(self, acl, ace)

    def append_ace(self, ace, acl=_cadcom.DACL):
        """Append a copy of `ace` (no reordering)."""
        sd_append_ace(self, acl, ace)

    def remove_ace(self, index, acl=_cadcom.DACL):
        sd_remove_ace(self, acl, index)

    def __str__(self):
        return sd_to_sddl(self, None, 0)

    def __repr__(self):
        return "SD(%r)" % sd_to_sddl(self, None, 0) if _cadcom._alive(self) else _handle_repr(self)

    def __bytes__(self):
        return sd_to_bytes(self)

    def __eq__(self, other):
        if not isinstance(other, SD):
            return NotImplemented
        return bool(sd_equal(self, other))

    def __ne__(self, other):
        if not isinstance(other, SD):
            return NotImplemented
        return not sd_equal(self, other)

    def __hash__(self):
        # Equal descriptors have the same binary form (sd_equal compares
        # everything it holds but SELF_RELATIVE, which it always sets), and
        # the same SDDL should the binary form be refused.
        try:
            return hash(sd_to_bytes(self))
        except Error:
            return hash(sd_to_sddl(self, None, 0))

    def __copy__(self):
        return sd_dup(self)

    def __deepcopy__(self, memo):
        return sd_dup(self)

    def __reduce__(self):
        return (sd_from_bytes, (sd_to_bytes(self),))
%}
}

%extend cadcom_ace {
%pythoncode %{
    def __init__(self, type, flags, mask, sid):
        _take(self, ace_new(type, flags, mask, sid))

    type = property(lambda self: ace_type(self), doc="ACE_ACCESS_ALLOWED, ACE_ACCESS_DENIED, ...")
    flags = property(lambda self: ace_flags(self), lambda self, v: ace_set_flags(self, v),
                     doc="The ACE flags (ACE_OBJECT_INHERIT, ..., ACE_INHERITED).")
    mask = property(lambda self: ace_mask(self), lambda self, v: ace_set_mask(self, v),
                    doc="The access mask.")
    sid = property(lambda self: ace_sid(self), doc="The trustee (a copy).")
    is_object = property(lambda self: bool(ace_is_object(self)),
                         doc="True for the object ACE types (OA, OD, OU, OL).")
    object_type = property(lambda self: ace_object_type(self),
                           lambda self, v: ace_set_object_type(self, v),
                           doc="An object ACE's object type GUID (str), or None.")
    inherited_object_type = property(lambda self: ace_inherited_object_type(self),
                                     lambda self, v: ace_set_inherited_object_type(self, v),
                                     doc="An object ACE's inherited object type GUID, or None.")

    def to_sddl(self, domain=None, windows=_cadcom.WINDOWS_LATEST):
        return ace_to_sddl(self, domain, windows)

    def __str__(self):
        return ace_to_sddl(self, None, 0)

    def __repr__(self):
        return "<cadcom.Ace %s>" % ace_to_sddl(self, None, 0) if _cadcom._alive(self) \
            else _handle_repr(self)

    def __eq__(self, other):
        if not isinstance(other, Ace):
            return NotImplemented
        return bool(ace_equal(self, other))

    def __ne__(self, other):
        if not isinstance(other, Ace):
            return NotImplemented
        return not ace_equal(self, other)

    def __hash__(self):
        return hash(ace_to_sddl(self, None, 0))

    def __copy__(self):
        return ace_dup(self)

    def __deepcopy__(self, memo):
        return ace_dup(self)
%}
}

%extend cadcom_token {
%pythoncode %{
    def __init__(self, user, domain=None):
        """Token(sid): the user alone; Token('USER,GROUP,...;DENYONLY,...')
        parses the text form (SIDs or aliases; `domain` resolves DU...)."""
        _take(self, token_from_string(user, domain) if isinstance(user, str) else token_new(user))

    @classmethod
    def from_string(cls, text, domain=None):
        return token_from_string(text, domain)

    user = property(lambda self: token_user(self), doc="The user SID.")
    groups = property(
        lambda self: tuple(TokenGroup(token_group(self, i), token_group_flags(self, i))
                           for i in range(token_group_count(self))),
        doc="The groups, a tuple of TokenGroup(sid, flags).")
    privileges = property(lambda self: token_privileges(self),
                          lambda self, v: token_set_privileges(self, v),
                          doc="PRIV_* bits.")

    def add_group(self, sid, flags=0):
        token_add_group(self, sid, flags)

    def add_logon_sids(self, logon=_cadcom.LOGON_NETWORK):
        token_add_logon_sids(self, logon)

    def __contains__(self, sid):
        return token_has_sid(self, sid) == 1

    def __str__(self):
        return token_to_string(self)

    def __repr__(self):
        return "Token(%r)" % token_to_string(self) if _cadcom._alive(self) else _handle_repr(self)

    def __copy__(self):
        return token_dup(self)

    def __deepcopy__(self, memo):
        return token_dup(self)
%}
}

%extend cadcom_access_request {
%pythoncode %{
    def __init__(self):
        _take(self, access_request_new())
    __repr__ = _handle_repr
%}
}

%extend cadcom_access_result {
%pythoncode %{
    __init__ = _no_constructor('access_check() or com_check()')

    allowed = property(lambda self: bool(access_result_allowed(self)),
                       doc="True if everything requested was granted.")
    granted = property(lambda self: access_result_granted(self), doc="The rights granted.")
    missing = property(lambda self: access_result_missing(self),
                       doc="The rights requested and not granted.")
    requested = property(lambda self: access_result_requested(self),
                         doc="The desired mask after generic mapping.")
    steps = property(
        lambda self: tuple(AccessStep(*access_result_step(self, i))
                           for i in range(access_result_step_count(self))),
        doc="One AccessStep(ace_index, what, bits) per DACL entry examined.")

    def decision(self, bit):
        """(REASON_*, deciding ACE index or -1) for the single right `bit`."""
        return access_result_decision(self, bit)

    def explain(self, sd, domain=None, windows=_cadcom.WINDOWS_LATEST):
        """The trace for people, quoting the ACEs of `sd` (the checked one)."""
        return access_result_explain(self, sd, domain, windows)

    __repr__ = _handle_repr
%}
}

%extend cadcom_com_report {
%pythoncode %{
    __init__ = _no_constructor('com_merge()')

    changes = property(lambda self: com_report_changes(self),
                       doc="ACEs the merge added or widened.")
    conflicts = property(
        lambda self: tuple(Conflict(*(com_report_conflict(self, i) + (com_report_message(self, i),)))
                           for i in range(com_report_conflict_count(self))),
        doc="Deny ACEs that defeat a grant: a tuple of Conflict.")
    __repr__ = _handle_repr
%}
}

%extend cadcom_env {
%pythoncode %{
    def __init__(self):
        _take(self, env_new())
    __repr__ = _handle_repr
%}
}

%extend cadcom_principal {
%pythoncode %{
    def __init__(self, kind, scope, sid, home=None, name=None):
        _take(self, principal_new(kind, scope, sid, home, name))

    kind = property(lambda self: principal_kind(self), doc="PRINCIPAL_*")
    scope = property(lambda self: principal_scope(self), doc="SCOPE_*")
    sid = property(lambda self: principal_sid(self))
    home = property(lambda self: principal_home(self))
    name = property(lambda self: principal_name(self))
    __repr__ = _handle_repr
%}
}

%extend cadcom_registry {
%pythoncode %{
    def __init__(self):
        """An empty memory registry."""
        _take(self, registry_new_memory())

    def get(self, key, name):
        """(REG_* type, bytes) of a value; NotFoundError when absent."""
        return registry_get(self, key, name)

    def set(self, key, name, type, data):
        registry_set(self, key, name, type, data)

    def key_exists(self, key):
        return bool(registry_key_exists(self, key))

    def subkeys(self, key):
        """The names of `key`'s subkeys (an iterator; none for a missing key)."""
        i = 0
        while True:
            name = registry_subkey(self, key, i)
            if name is None:
                return
            yield name
            i += 1

    def value_names(self, key):
        """The names of `key`'s values (an iterator)."""
        i = 0
        while True:
            name = registry_value_name(self, key, i)
            if name is None:
                return
            yield name
            i += 1

    __repr__ = _handle_repr
%}
}

%extend cadcom_directory {
%pythoncode %{
    def __init__(self):
        """An empty memory directory."""
        _take(self, directory_new_memory())

    def members(self, group):
        """The direct members of `group` (an iterator of Sid, in the
        back-end's order; none for an unknown group)."""
        i = 0
        while True:
            sid = directory_member(self, group, i)
            if sid is None:
                return
            yield sid
            i += 1

    def lookup_name(self, name):
        """Name -> Sid; NotFoundError when unknown."""
        return directory_lookup_name(self, name)

    def lookup_sid(self, sid):
        """Sid -> name; NotFoundError when unknown."""
        return directory_lookup_sid(self, sid)

    def info(self, sid):
        """(PRINCIPAL_* kind, SCOPE_* scope) of a known SID."""
        return directory_info(self, sid)

    def is_member(self, group, member):
        return bool(directory_is_member(self, group, member))

    __repr__ = _handle_repr
%}
}

%extend cadcom_regfile {
%pythoncode %{
    def __init__(self):
        """An empty .reg file."""
        _take(self, regfile_new())

    @classmethod
    def parse(cls, data, source=None):
        """Read a .reg file (bytes: UTF-16LE with BOM or UTF-8)."""
        return regfile_parse(data, source)

    def entries(self):
        """The operations, a tuple of RegEntry(op, key, name, type, data)
        (type and data for REGFILE_SET_VALUE, else None)."""
        out = []
        for i in range(regfile_count(self)):
            op = regfile_entry_op(self, i)
            value = regfile_entry_value(self, i) if op == REGFILE_SET_VALUE else (None, None)
            out.append(RegEntry(op, regfile_entry_key(self, i), regfile_entry_name(self, i),
                                value[0], value[1]))
        return tuple(out)

    def __len__(self):
        return regfile_count(self)

    def __iter__(self):
        return iter(self.entries())

    def __bytes__(self):
        """As regedit writes it: UTF-16LE with a BOM, CRLF."""
        return regfile_to_bytes(self)

    def __str__(self):
        return regfile_to_text(self)

    __repr__ = _handle_repr
%}
}

%extend cadcom_target {
%pythoncode %{
    __init__ = _no_constructor('Target.open_memory(), open_snapshot(), open_regfile(), open_hives() or open_remote()')

    @classmethod
    def open_memory(cls):
        return target_open_memory()

    @classmethod
    def open_snapshot(cls, json, source=None):
        """A memory target holding a state snapshot (doc/SNAPSHOT.md)."""
        return target_open_snapshot(json, source)

    @classmethod
    def open_regfile(cls, data, source=None):
        """A memory target whose registry is a .reg file (bytes)."""
        return target_open_regfile(data, source)

    @classmethod
    def open_hives(cls, software=None, system=None, flags=0):
        """Offline hive files; HIVE_WRITE allows changes (kept until commit())."""
        return target_open_hives(software, system, flags)

    @classmethod
    def open_remote(cls, host, credentials, options=None):
        """A Windows computer over SMB named pipes."""
        return target_open_remote(host, credentials, options)

    registry = property(lambda self: target_registry(self),
                        doc="The target's registry (valid until the target is closed).")
    directory = property(lambda self: target_directory(self),
                         doc="The target's directory (valid until the target is closed).")

    def snapshot(self):
        """The state as snapshot JSON (str)."""
        return target_snapshot(self)

    def commit(self):
        target_commit(self)

    close = _closeable_close
    closed = _closeable_closed
    __enter__ = _closeable_enter
    __exit__ = _closeable_exit
    __repr__ = _handle_repr
%}
}

%extend cadcom_credentials {
%pythoncode %{
    __init__ = _no_constructor('Credentials.password(), ccache(), keytab() or kerberos()')

    @classmethod
    def password(cls, domain, user, password):
        """NTLM credentials (the password is copied)."""
        return credentials_new_password(domain, user, password)

    @classmethod
    def ccache(cls, name=None):
        """Kerberos from a credential cache (None: KRB5CCNAME)."""
        return credentials_new_ccache(name)

    @classmethod
    def keytab(cls, principal, keytab):
        return credentials_new_keytab(principal, keytab)

    @classmethod
    def kerberos(cls, principal, password):
        return credentials_new_kerberos(principal, password)

    is_kerberos = property(lambda self: bool(credentials_is_kerberos(self)))

    close = _closeable_close
    closed = _closeable_closed
    __enter__ = _closeable_enter
    __exit__ = _closeable_exit
    __repr__ = _handle_repr
%}
}

%extend cadcom_topology {
%pythoncode %{
    def __init__(self):
        _take(self, topology_new())

    @classmethod
    def from_json(cls, json, source=None):
        return topology_from_json(json, source)

    def to_json(self):
        return topology_to_json(self)

    host = property(lambda self: topology_host(self))
    role = property(lambda self: topology_role(self), doc="ROLE_*")
    generation = property(lambda self: topology_generation(self), doc="GENERATION_*")
    ca_name = property(lambda self: topology_ca_name(self))
    dcs_enroll = property(lambda self: bool(topology_dcs_enroll(self)))
    domains = property(
        lambda self: tuple(Domain(topology_domain_name(self, i), topology_domain_netbios(self, i),
                                  topology_domain_sid(self, i), topology_domain_forest(self, i),
                                  bool(topology_domain_enrolls(self, i)))
                           for i in range(topology_domain_count(self))),
        doc="A tuple of Domain(name, netbios, sid, forest, enrolls).")

    def _trusts(self):
        out = []
        for i in range(topology_trust_count(self)):
            trusting, trusted, kind = topology_trust(self, i)
            out.append(Trust(topology_domain_name(self, trusting),
                             topology_domain_name(self, trusted), kind))
        return tuple(out)

    trusts = property(_trusts, doc="A tuple of Trust(trusting, trusted, kind) (domain names).")

    def validate(self):
        topology_validate(self)

    __repr__ = _handle_repr
%}
}

%extend cadcom_plan {
%pythoncode %{
    __init__ = _no_constructor('Plan.compute() or Plan.from_json()')

    @classmethod
    def compute(cls, topology, target=None):
        """Requirement, findings and actions for `topology` on `target`
        (None: a CA with Windows' default values)."""
        return plan_compute(topology, target)

    @classmethod
    def from_json(cls, json, source=None):
        return plan_from_json(json, source)

    worst = property(lambda self: plan_worst(self),
                     doc="The highest SEVERITY_* among the findings, 0 when none.")
    assumptions = property(
        lambda self: tuple(plan_assumption(self, i) for i in range(plan_assumption_count(self))),
        doc="What the planner took for granted, a tuple of str.")
    findings = property(
        lambda self: tuple(Finding(plan_finding_severity(self, i), plan_finding_layer(self, i),
                                   plan_finding_text(self, i), plan_finding_evidence(self, i),
                                   plan_finding_fix(self, i))
                           for i in range(plan_finding_count(self))),
        doc="A tuple of Finding(severity, layer, text, evidence, fix).")

    def _action(self, i):
        kind = plan_action_kind(self, i)
        value = old = None
        if kind == ACTION_SET_VALUE:
            value = plan_action_value(self, i, 0)
            try:
                old = plan_action_value(self, i, 1)
            except NotFoundError:
                old = None
        return Action(kind, plan_action_layer(self, i), plan_action_text(self, i),
                      plan_action_key(self, i), plan_action_value_name(self, i), value, old,
                      plan_action_group(self, i), plan_action_member(self, i))

    actions = property(
        lambda self: tuple(self._action(i) for i in range(plan_action_count(self))),
        doc="A tuple of Action(kind, layer, text, key, value_name, value, "
            "old_value, group, member).")

    def regfiles(self):
        """(forward, revert): the registry actions as RegFile objects."""
        return plan_regfiles(self)

    def to_json(self):
        return plan_to_json(self)

    def to_text(self):
        return plan_to_text(self)

    def __str__(self):
        return plan_to_text(self)

    __repr__ = _handle_repr
%}
}

%extend cadcom_events {
%pythoncode %{
    __init__ = _no_constructor('Events.parse()')

    @classmethod
    def parse(cls, text, source=None):
        """AutoEnrollment event 13 / the snap-in's message (str)."""
        return events_parse(text, source)

    def __len__(self):
        return events_count(self)

    def __getitem__(self, index):
        n = events_count(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("event index out of range")
        return Event(events_kind(self, index), events_line(self, index),
                     events_computer(self, index), events_template(self, index),
                     events_status(self, index), bool(events_local_system(self, index)),
                     events_text(self, index))

    def __iter__(self):
        return (self[i] for i in range(events_count(self)))

    __repr__ = _handle_repr
%}
}

%extend cadcom_verdict {
%pythoncode %{
    __init__ = _no_constructor('Verdict.compute() or Verdict.for_event()')

    @classmethod
    def compute(cls, topology, target, token, remote=True):
        """Every layer for `token` enrolling from another computer
        (remote) or on the CA itself; `target` may be None."""
        return verdict_compute(topology, target, token, 1 if remote else 0)

    @classmethod
    def for_event(cls, topology, target, events, index):
        return verdict_for_event(topology, target, events, index)

    allowed = property(lambda self: bool(verdict_allowed(self)), doc="True when no layer denies.")
    enrollee = property(lambda self: verdict_enrollee(self))
    layers = property(
        lambda self: tuple(Layer(verdict_layer(self, i), verdict_result(self, i),
                                 verdict_ace(self, i), verdict_text(self, i),
                                 verdict_fix(self, i))
                           for i in range(verdict_count(self))),
        doc="A tuple of Layer(layer, result, ace, text, fix).")
    notes = property(
        lambda self: tuple(verdict_note(self, i) for i in range(verdict_note_count(self))))

    def set_template(self, name, sd, token, autoenroll=False):
        verdict_set_template(self, name, sd, token, 1 if autoenroll else 0)

    def to_json(self):
        return verdict_to_json(self)

    def to_text(self):
        return verdict_to_text(self)

    def __str__(self):
        return verdict_to_text(self)

    __repr__ = _handle_repr
%}
}

%extend cadcom_ad {
%pythoncode %{
    __init__ = _no_constructor('AD.open()')

    @classmethod
    def open(cls, host, credentials, options=None):
        return ad_open(host, credentials, options)

    directory = property(lambda self: ad_directory(self),
                         doc="The domain as a directory (valid until the session is closed).")
    env = property(lambda self: ad_env(self),
                   doc="The scope environment read at open (valid until closed).")
    domain = property(lambda self: ad_domain(self))
    netbios = property(lambda self: ad_netbios(self))
    domain_sid = property(lambda self: ad_domain_sid(self))
    forest = property(lambda self: ad_forest(self))
    base_dn = property(lambda self: ad_base_dn(self))
    config_dn = property(lambda self: ad_config_dn(self))
    dc_host = property(lambda self: ad_dc_host(self))
    operations = property(lambda self: ad_operations(self))

    def resolve(self, who):
        """(Sid, DN or None) of a name, DN or SID string."""
        return ad_resolve(self, who)

    close = _closeable_close
    closed = _closeable_closed
    __enter__ = _closeable_enter
    __exit__ = _closeable_exit
    __repr__ = _handle_repr
%}
}

%extend cadcom_ad_cas {
%pythoncode %{
    __init__ = _no_constructor('ad_find_cas()')

    def __len__(self):
        return ad_cas_count(self)

    def __getitem__(self, index):
        n = ad_cas_count(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("CA index out of range")
        return EnrollmentService(
            ad_cas_name(self, index), ad_cas_host(self, index),
            tuple(ad_cas_template(self, index, j)
                  for j in range(ad_cas_template_count(self, index))))

    def __iter__(self):
        return (self[i] for i in range(ad_cas_count(self)))

    __repr__ = _handle_repr
%}
}

%extend cadcom_apply {
%pythoncode %{
    __init__ = _no_constructor('plan_apply() or rollback()')

    outcome = property(lambda self: apply_outcome(self), doc="OUTCOME_*")
    outcome_name = property(lambda self: apply_outcome_name(apply_outcome(self)),
                            doc="'applied', 'reverted', ...")
    steps = property(
        lambda self: tuple(Step(apply_step_text(self, i), apply_step_state(self, i),
                                apply_state_name(apply_step_state(self, i)),
                                apply_step_error(self, i))
                           for i in range(apply_step_count(self))),
        doc="A tuple of Step(text, state, state_name, error).")
    notes = property(
        lambda self: tuple(apply_note(self, i) for i in range(apply_note_count(self))))

    def to_json(self):
        return apply_to_json(self)

    def to_text(self):
        return apply_to_text(self)

    def __str__(self):
        return apply_to_text(self)

    __repr__ = _handle_repr
%}
}
