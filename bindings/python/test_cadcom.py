"""The Python binding as a Python programmer meets it (issue 11).

test_smoke.py proves that the C API wraps; this suite is the specification
of what cadcom.i adds on top: the exception classes per error family, the
iterators, the context managers, value semantics (==, hash, bytes, pickle),
TypeError for wrong arguments, the main job (plan, apply, rollback) through
the classes, the examples in examples/python, cadcom.pyi against the module,
and a leak check.

PYTHONPATH holds cadcom.py and _cadcom*.so (make check sets it); EXAMPLES
the examples directory and TEST_DATA_DIR tests/data (both default to the
source tree beside this file).
"""

import copy
import gc
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import unittest

import cadcom

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.environ.get("EXAMPLES", os.path.join(HERE, "..", "..", "examples"))
TEST_DATA = os.environ.get("TEST_DATA_DIR", os.path.join(HERE, "..", "..", "tests", "data"))
FOREST = os.path.join(EXAMPLES, "forest")
SDDL = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
CA_GROUP = "S-1-5-21-1-2-3-1105"    # CONTOSO\CERTSVC_DCOM_ACCESS in the example


def forest_file(name):
    with open(os.path.join(FOREST, name), encoding="utf-8") as f:
        return f.read()


def forest():
    """The example's topology and a target holding its before-state."""
    return (cadcom.Topology.from_json(forest_file("topology.json"), "topology.json"),
            cadcom.Target.open_snapshot(forest_file("before.json"), "before.json"))


class ErrorTest(unittest.TestCase):
    """Each failure raises the Error subclass of its family, with code,
    message (== str(e)) and offset."""

    def check(self, cm, cls, code, offset=-1, text=None):
        e = cm.exception
        self.assertIs(type(e), cls)
        self.assertIsInstance(e, cadcom.Error)
        self.assertEqual(e.code, code)
        self.assertEqual(e.offset, offset)
        self.assertEqual(e.message, str(e))
        self.assertTrue(e.message)
        if text:
            self.assertIn(text, e.message)
        self.assertIs(cadcom.ERROR_CLASSES[code], cls)

    def test_parse(self):
        with self.assertRaises(cadcom.ParseError) as cm:
            cadcom.SD("D:(Antlers;;GA;;;SY)")
        self.check(cm, cadcom.ParseError, cadcom.EPARSE, 3, 'unknown ACE type "Antlers" at offset 3')
        self.assertIsInstance(cm.exception, ValueError)
        with self.assertRaises(cadcom.ParseError) as cm:
            cadcom.SD.from_bytes(bytes(cadcom.SD(SDDL))[:30])
        self.assertGreaterEqual(cm.exception.offset, 0)

    def test_need_domain(self):
        with self.assertRaises(cadcom.NeedDomainError) as cm:
            cadcom.SD("D:(A;;GA;;;DU)")
        self.check(cm, cadcom.NeedDomainError, cadcom.ENEEDDOMAIN, 11, "DU")
        self.assertIsInstance(cm.exception, cadcom.InvalidArgumentError)
        self.assertIsInstance(cm.exception, ValueError)

    def test_invalid_argument(self):
        sd, token = cadcom.SD("D:(A;;CC;;;WD)"), cadcom.Token("S-1-5-21-1-2-3-1101,WD")
        with self.assertRaises(cadcom.InvalidArgumentError) as cm:
            cadcom.access_check(sd, token, cadcom.ACCESS_GENERIC_READ, None)
        self.check(cm, cadcom.InvalidArgumentError, cadcom.EINVAL)

    def test_not_found(self):
        with self.assertRaises(cadcom.NotFoundError) as cm:
            cadcom.plan_check_ca(cadcom.Target.open_memory())
        self.check(cm, cadcom.NotFoundError, cadcom.ENOTFOUND, text="target is not a CA")
        self.assertIsInstance(cm.exception, LookupError)
        with self.assertRaises(LookupError):
            cadcom.Registry().get(r"HKLM\SOFTWARE\X", "missing")

    def test_unsupported(self):
        with self.assertRaises(cadcom.UnsupportedError) as cm:
            cadcom.SD("D:(XA;;FX;;;WD;(Member_of {SID(BA)}))")
        self.check(cm, cadcom.UnsupportedError, cadcom.EUNSUPPORTED, 3, '"XA"')
        with self.assertRaises(cadcom.UnsupportedError):
            cadcom.registry_key_security(cadcom.Registry(), r"HKLM\SOFTWARE")

    def test_invalid_sd_and_unrepresentable(self):
        with self.assertRaises(cadcom.InvalidSDError) as cm:
            cadcom.com_sd_validate(cadcom.SD("D:(A;;GA;;;WD)"))
        self.check(cm, cadcom.InvalidSDError, cadcom.EINVALIDSD, text="COM_RIGHTS_EXECUTE")
        with self.assertRaises(cadcom.UnrepresentableError) as cm:
            cadcom.com_grant(cadcom.SD("D:(A;;CC;;;WD)"), cadcom.COM_ACCESS,
                             cadcom.Sid("WD"), cadcom.COM_LOCAL_ACCESS)
        self.check(cm, cadcom.UnrepresentableError, cadcom.EUNREPRESENTABLE)

    def test_limit(self):
        token = cadcom.Token("S-1-5-21-1-2-3-1101")
        with self.assertRaises(cadcom.LimitError) as cm:
            for rid in range(2000, 3100):
                token.add_group(cadcom.Sid("S-1-5-21-9-9-9-%d" % rid))
        self.check(cm, cadcom.LimitError, cadcom.ELIMIT, text="1024")

    def test_communication(self):
        topo, target = forest()
        plan = cadcom.Plan.compute(topo, target)
        with tempfile.TemporaryDirectory() as tmp:
            opts = cadcom.ApplyOptions(backup_dir=os.path.join(tmp, "backup"))
            cadcom.plan_apply(plan, target, opts)
            cadcom.rollback(target, opts.backup_dir, None)
            with self.assertRaises(cadcom.CommunicationError) as cm:
                cadcom.plan_apply(plan, target, opts)  # the journal is there
        self.check(cm, cadcom.CommunicationError, cadcom.EIO)
        self.assertIsInstance(cm.exception, OSError)

    def test_access_denied(self):
        hive = os.path.join(TEST_DATA, "hive", "minimal.hiv")
        with cadcom.Target.open_hives(hive) as target:
            with self.assertRaises(cadcom.AccessDeniedError) as cm:
                target.registry.set(r"HKLM\SOFTWARE\X", "v", cadcom.REG_DWORD, b"\1\0\0\0")
        self.check(cm, cadcom.AccessDeniedError, cadcom.EACCESS, text="read-only")
        self.assertIsInstance(cm.exception, PermissionError)

    def test_authentication(self):
        with self.assertRaises(cadcom.AuthenticationError) as cm:
            cadcom.Credentials.ccache("FILE:" + os.path.join(tempfile.gettempdir(),
                                                             "cadcom-no-such-dir", "cc"))
        self.check(cm, cadcom.AuthenticationError, cadcom.EAUTH)

    def test_state(self):
        d = cadcom.Directory()
        with self.assertRaises(cadcom.StateError) as cm:
            cadcom.directory_delete_group(d, cadcom.Sid("S-1-5-32-574"))
        self.check(cm, cadcom.StateError, cadcom.EKIND, text="builtin")

    def test_every_code_has_a_class(self):
        codes = {getattr(cadcom, n) for n in dir(cadcom)
                 if n.startswith("E") and n[1:].isalpha() and n.isupper()}
        self.assertIn(cadcom.ESCOPE, codes)
        self.assertEqual(set(cadcom.ERROR_CLASSES), codes)
        for code, cls in cadcom.ERROR_CLASSES.items():
            self.assertTrue(issubclass(cls, cadcom.Error), cls)
            self.assertEqual(cls.__module__, "cadcom")
            self.assertTrue(cls.__doc__)
        # Families: several codes share a class; the code tells them apart.
        self.assertIs(cadcom.ERROR_CLASSES[cadcom.ETIMEOUT], cadcom.CommunicationError)
        self.assertIs(cadcom.ERROR_CLASSES[cadcom.ECONNECT], cadcom.CommunicationError)
        self.assertIs(cadcom.ERROR_CLASSES[cadcom.ERPCFAULT], cadcom.ServerError)
        self.assertIs(cadcom.ERROR_CLASSES[cadcom.ESCOPE], cadcom.ScopeError)
        self.assertTrue(issubclass(cadcom.OutOfMemoryError, MemoryError))

    def test_error_objects(self):
        e = cadcom.ScopeError("no", cadcom.ESCOPE)
        self.assertEqual((str(e), e.message, e.code, e.offset), ("no", "no", cadcom.ESCOPE, -1))
        self.assertEqual(repr(e), "ScopeError('no', code=-21, offset=-1)")
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.SD("D:(Antlers;;GA;;;SY)")
        caught = cm.exception
        back = pickle.loads(pickle.dumps(caught))
        self.assertIs(type(back), cadcom.ParseError)
        self.assertEqual((back.message, back.code, back.offset),
                         (caught.message, caught.code, caught.offset))
        # error_last(): a copy of the thread's last error, cleared by the
        # next fallible call.
        self.assertIsNone(cadcom.directory_member(cadcom.Directory(), cadcom.Sid("BA"), 0))
        last = cadcom.error_last()
        self.assertIsInstance(last, cadcom.NotFoundError)
        cadcom.sid_from_string("BA", None)
        self.assertIsNone(cadcom.error_last())


class TypeErrorTest(unittest.TestCase):
    """Wrong argument types are TypeError naming the function and the
    parameter, before the library runs; None only where C takes NULL."""

    def assert_type_error(self, text, func, *args):
        with self.assertRaises(TypeError) as cm:
            func(*args)
        self.assertIn(text, str(cm.exception))

    def test_none_for_an_object(self):
        self.assert_type_error("sd_to_sddl() argument 'sd' must be cadcom.SD, not None",
                               cadcom.sd_to_sddl, None, None, 0)
        self.assert_type_error("argument 'token' must be cadcom.Token, not None",
                               cadcom.access_check, cadcom.SD("D:"), None, 1, None)
        self.assert_type_error("argument 'topo' must be cadcom.Topology, not None",
                               cadcom.plan_compute, None, None)
        self.assert_type_error("argument 't' must be cadcom.Target, not None",
                               cadcom.target_snapshot, None)

    def test_none_where_c_takes_null(self):
        self.assertEqual(str(cadcom.sd_from_sddl("D:(A;;GA;;;SY)", None)), "D:(A;;GA;;;SY)")
        topo, _ = forest()
        self.assertIsInstance(cadcom.plan_compute(topo, None), cadcom.Plan)
        sd = cadcom.SD(SDDL)
        sd.owner = None
        self.assertIsNone(sd.owner)
        self.assertFalse(str(sd).startswith("O:"))

    def test_wrong_object(self):
        self.assert_type_error("sd_to_sddl() argument 'sd' must be cadcom.SD, not Sid",
                               cadcom.sd_to_sddl, cadcom.Sid("BA"), None, 0)
        self.assert_type_error("must be cadcom.Sid, not str", cadcom.sd_set_owner,
                               cadcom.SD(), "S-1-5-18")
        self.assert_type_error("must be cadcom.SD, not int", cadcom.sd_equal, 1, 2)
        self.assert_type_error("must be cadcom.ApplyOptions, not dict", cadcom.plan_apply,
                               cadcom.plan_compute(forest()[0], None),
                               cadcom.Target.open_memory(), {})

    def test_strings_and_bytes(self):
        self.assert_type_error("sd_from_sddl() argument 'sddl' must be str, not int",
                               cadcom.sd_from_sddl, 5, None)
        self.assert_type_error("sd_from_sddl() argument 'sddl' must be str, not bytes",
                               cadcom.sd_from_sddl, b"D:", None)
        self.assert_type_error("sd_from_bytes() argument 'buf' must be a bytes-like object, not str",
                               cadcom.sd_from_bytes, "01000480")
        self.assert_type_error("argument 'json' must be str, not bytes",
                               cadcom.Topology.from_json, forest_file("topology.json").encode())
        self.assert_type_error("must be a sequence of int, not str", cadcom.sid_new, 5, "32")
        with self.assertRaises(ValueError):
            cadcom.SD("D:\0")
        # Any bytes-like object is binary input.
        data = bytes(cadcom.SD(SDDL))
        self.assertEqual(cadcom.SD.from_bytes(bytearray(data)), cadcom.SD.from_bytes(memoryview(data)))

    def test_numbers(self):
        with self.assertRaises((TypeError, OverflowError)):
            cadcom.sd_ace(cadcom.SD(SDDL), cadcom.DACL, -1)
        with self.assertRaises(TypeError):
            cadcom.sd_ace(cadcom.SD(SDDL), cadcom.DACL, "0")

    def test_options(self):
        opts = cadcom.ApplyOptions(backup_dir="/tmp/x", flags=cadcom.APPLY_DRY_RUN)
        self.assertEqual((opts.version, opts.backup_dir, opts.flags),
                         (cadcom.APPLY_OPTIONS_VERSION, "/tmp/x", cadcom.APPLY_DRY_RUN))
        opts.backup_dir = "/tmp/y"
        opts.service = None
        self.assertEqual((opts.backup_dir, opts.service), ("/tmp/y", None))
        self.assertIn("backup_dir='/tmp/y'", repr(opts))
        with self.assertRaises(TypeError):
            cadcom.ApplyOptions(backupdir="/tmp/x")
        with self.assertRaises(AttributeError):
            opts.backupdir = "/tmp/x"   # a typo is not silently ignored
        with self.assertRaises(TypeError):
            opts.backup_dir = b"/tmp/x"
        self.assertEqual(cadcom.RemoteOptions(timeout_ms=5).version, cadcom.REMOTE_OPTIONS_VERSION)
        self.assertEqual(cadcom.ADOptions(ca_file="/etc/ca.pem").ca_file, "/etc/ca.pem")


class ValueTest(unittest.TestCase):
    """Sid, SD and Ace behave as values: ==, hash, ordering, bytes, copies."""

    def test_sid(self):
        a, b = cadcom.Sid("BA"), cadcom.Sid("S-1-5-32-544")
        self.assertEqual(a, b)
        self.assertEqual(hash(a), hash(b))
        self.assertNotEqual(a, cadcom.Sid("SY"))
        self.assertNotEqual(a, "S-1-5-32-544")  # no comparison with text
        self.assertEqual(len({a, b, cadcom.Sid("SY")}), 2)
        self.assertEqual(sorted([cadcom.Sid("WD"), a, cadcom.Sid("SY")]),
                         [cadcom.Sid("WD"), cadcom.Sid("SY"), a])
        self.assertLess(a, cadcom.Sid("S-1-5-32-574"))
        self.assertEqual((str(a), repr(a)), ("S-1-5-32-544", "Sid('S-1-5-32-544')"))
        self.assertEqual((a.authority, a.subauthorities, a.rid), (5, (32, 544), 544))
        self.assertEqual((a.name, a.alias()), ("Administrators", "BA"))
        self.assertEqual(cadcom.Sid.from_parts(5, [32, 544]), a)
        domain = cadcom.Sid("S-1-5-21-1-2-3")
        du = cadcom.Sid("DU", domain)
        self.assertTrue(du.in_domain(domain))
        self.assertEqual(du.alias(domain), "DU")
        self.assertIsNone(du.alias())

    def test_sid_bytes(self):
        a = cadcom.Sid("S-1-5-21-1-2-3-513")
        data = bytes(a)
        self.assertEqual(len(data), 8 + 4 * 5)
        self.assertEqual(cadcom.Sid.from_bytes(data + b"trailing"), a)
        self.assertEqual(pickle.loads(pickle.dumps(a)), a)
        self.assertEqual(copy.copy(a), a)
        self.assertEqual(copy.deepcopy({"k": a})["k"], a)

    def test_sd_equality_and_hash(self):
        a = cadcom.SD("O:BAG:BAD:(A;;GA;;;SY)")
        b = cadcom.SD("O:S-1-5-32-544G:BAD:(A;;0x10000000;;;S-1-5-18)")
        self.assertEqual(a, b)
        self.assertEqual(hash(a), hash(b))
        self.assertNotEqual(a, cadcom.SD("O:BAG:BAD:(A;;GR;;;SY)"))
        self.assertNotEqual(a, str(a))
        self.assertEqual(len({a, b, cadcom.SD()}), 2)
        self.assertEqual(repr(a), "SD('O:BAG:BAD:(A;;GA;;;SY)')")

    def test_sd_bytes_roundtrip(self):
        sd = cadcom.SD("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)")
        data = bytes(sd)
        self.assertEqual(len(data), 124)
        self.assertEqual(data, sd.to_bytes())
        back = cadcom.SD.from_bytes(data)
        self.assertEqual(back, sd)
        self.assertEqual(bytes(back), data)
        self.assertEqual(str(back), str(sd))
        self.assertEqual(pickle.loads(pickle.dumps(sd)), sd)
        twin = copy.copy(sd)
        twin.owner = cadcom.Sid("SY")
        self.assertNotEqual(twin, sd)       # a copy, not an alias
        self.assertEqual(sd.copy(), sd)

    def test_sd_editing(self):
        sd = cadcom.SD("D:(A;;CC;;;WD)")
        self.assertEqual(sd.insert_ace(cadcom.Ace(cadcom.ACE_ACCESS_DENIED, 0, 1, cadcom.Sid("AN"))), 0)
        self.assertEqual(str(sd), "D:(D;;CC;;;AN)(A;;CC;;;WD)")
        sd.owner, sd.group = cadcom.Sid("BA"), cadcom.Sid("SY")
        self.assertEqual(str(sd), "O:BAG:SYD:(D;;CC;;;AN)(A;;CC;;;WD)")
        self.assertEqual(sd.to_sddl(windows=cadcom.WINDOWS_LATEST), str(sd))
        self.assertTrue(sd.is_canonical())
        sd.append_ace(cadcom.Ace(cadcom.ACE_ACCESS_DENIED, 0, 2, cadcom.Sid("AN")))
        self.assertFalse(sd.is_canonical())
        sd.remove_ace(2)
        self.assertEqual(sd.acl_state(), cadcom.ACL_PRESENT)
        self.assertEqual(cadcom.SD().acl_state(cadcom.SACL), cadcom.ACL_ABSENT)
        self.assertTrue(sd.control & cadcom.SD_DACL_PRESENT)

    def test_ace(self):
        ace = cadcom.Ace(cadcom.ACE_ACCESS_ALLOWED, cadcom.ACE_CONTAINER_INHERIT, 0x3, cadcom.Sid("WD"))
        self.assertEqual(str(ace), "(A;CI;CCDC;;;WD)")
        self.assertEqual((ace.type, ace.flags, ace.mask, ace.sid, ace.is_object),
                         (cadcom.ACE_ACCESS_ALLOWED, cadcom.ACE_CONTAINER_INHERIT, 3,
                          cadcom.Sid("WD"), False))
        same = cadcom.SD("D:(A;CI;CCDC;;;WD)").dacl[0]
        self.assertEqual(ace, same)
        self.assertEqual(hash(ace), hash(same))
        ace.mask = 0x1
        self.assertNotEqual(ace, same)
        obj = cadcom.SD("D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)").dacl[0]
        self.assertTrue(obj.is_object)
        self.assertEqual(obj.object_type, "0e10c968-78fb-11d2-90d4-00c04f79dc55")
        self.assertIsNone(obj.inherited_object_type)

    def test_token(self):
        token = cadcom.Token("S-1-5-21-1-2-3-1101,WD;AN")
        self.assertEqual(token.user, cadcom.Sid("S-1-5-21-1-2-3-1101"))
        self.assertEqual(token.groups, (cadcom.TokenGroup(cadcom.Sid("WD"), 0),
                                        cadcom.TokenGroup(cadcom.Sid("AN"), cadcom.TOKEN_DENY_ONLY)))
        self.assertIn(cadcom.Sid("WD"), token)
        self.assertNotIn(cadcom.Sid("AN"), token)   # deny-only
        alone = cadcom.Token(cadcom.Sid("SY"))
        alone.add_logon_sids()
        self.assertIn(cadcom.Sid("S-1-5-2"), alone)  # NETWORK
        self.assertEqual(str(copy.copy(token)), str(token))


class IteratorTest(unittest.TestCase):
    """Lists of the C API (index + count) are Python iterables."""

    def test_aces(self):
        sd = cadcom.SD(SDDL + "S:(AU;SA;CC;;;WD)")
        self.assertEqual([str(a) for a in sd.dacl],
                         ["(A;;CCDCLCSWRP;;;BA)", "(A;;CCDCSW;;;WD)", "(A;;CCDCLCSWRP;;;S-1-5-32-562)"])
        self.assertEqual([a.sid for a in sd.aces(cadcom.DACL)], [a.sid for a in sd.dacl])
        self.assertEqual([str(a) for a in sd.sacl], ["(AU;SA;CC;;;WD)"])
        self.assertEqual(cadcom.SD().dacl, ())
        dacl = sd.dacl
        del sd
        gc.collect()
        self.assertEqual(str(dacl[0].sid), "S-1-5-32-544")  # copies outlive the SD

    def test_plan(self):
        topo, target = forest()
        plan = cadcom.Plan.compute(topo, target)
        findings = plan.findings
        self.assertEqual(len(findings), cadcom.plan_finding_count(plan))
        self.assertEqual(max(f.severity for f in findings), plan.worst)
        first = findings[0]
        self.assertIsInstance(first, cadcom.Finding)
        self.assertEqual(first.text, cadcom.plan_finding_text(plan, 0))
        self.assertIn("lacks CONTOSO\\Domain Controllers", first.text)
        actions = plan.actions
        members = [a.member for a in actions if a.kind == cadcom.ACTION_ADD_MEMBER]
        self.assertIn(cadcom.Sid("S-1-5-21-1-2-3-516"), members)
        self.assertTrue(all(a.group == cadcom.Sid(CA_GROUP) for a in actions))
        self.assertTrue(all(isinstance(a, str) for a in plan.assumptions))
        cadcom.plan_reset_setup_flag(plan, topo, target)
        reset = [a for a in plan.actions if a.kind == cadcom.ACTION_SET_VALUE]
        self.assertEqual([(a.value_name, a.value, a.old_value) for a in reset],
                         [("SetupStatus", (cadcom.REG_DWORD, b"\x63\x00\x00\x00"),
                           (cadcom.REG_DWORD, b"\x63\x20\x00\x00"))])
        self.assertEqual(reset[0].layer, cadcom.LAYER_CA)
        self.assertIn("Findings", str(plan))
        self.assertEqual(json.loads(plan.to_json())["format"], "cadcom-plan-1")

    def test_members_and_registry(self):
        _, target = forest()
        directory = target.directory
        members = list(directory.members(cadcom.Sid(CA_GROUP)))
        self.assertEqual(members, [cadcom.Sid("S-1-5-21-1-2-3-513"), cadcom.Sid("S-1-5-21-1-2-3-515")])
        self.assertEqual(list(directory.members(cadcom.Sid("S-1-5-21-9-9-9-9"))), [])
        self.assertEqual(directory.lookup_name("CONTOSO\\DC1$"), cadcom.Sid("S-1-5-21-1-2-3-1001"))
        self.assertEqual(directory.lookup_sid(cadcom.Sid(CA_GROUP)), "CONTOSO\\CERTSVC_DCOM_ACCESS")
        self.assertEqual(directory.info(cadcom.Sid(CA_GROUP)),
                         (cadcom.PRINCIPAL_GROUP, cadcom.SCOPE_DOMAIN_LOCAL))
        self.assertTrue(directory.is_member(cadcom.Sid(CA_GROUP), members[0]))
        reg = target.registry
        ole = r"HKLM\SOFTWARE\Microsoft\Ole"
        self.assertEqual(list(reg.value_names(ole)), ["DefaultLaunchPermission",
                                                      "MachineLaunchRestriction",
                                                      "MachineAccessRestriction"])
        self.assertIn("Microsoft", list(reg.subkeys(r"HKLM\SOFTWARE")))
        kind, data = reg.get(ole, "MachineLaunchRestriction")
        self.assertEqual(kind, cadcom.REG_BINARY)
        self.assertIn("S-1-5-21-1-2-3-1105", str(cadcom.SD.from_bytes(data)))
        self.assertTrue(reg.key_exists(ole))
        self.assertEqual(list(reg.subkeys(r"HKLM\NoSuchKey")), [])

    def test_verdict_layers_and_events(self):
        topo, target = forest()
        events = cadcom.Events.parse(forest_file("event13.txt"), "event13.txt")
        self.assertEqual(len(events), 2)
        self.assertEqual([e.computer for e in events], ["DC2", "WS01.fabrikam.test"])
        self.assertEqual(events[-1].status, 0x80070005)
        verdict = cadcom.Verdict.for_event(topo, target, events, 1)
        self.assertFalse(verdict.allowed)
        layers = verdict.layers
        self.assertEqual(len(layers), cadcom.verdict_count(verdict))
        self.assertEqual((layers[0].layer, layers[0].result),
                         (cadcom.LAYER_MACHINE_LAUNCH, cadcom.VERDICT_DENIED))
        self.assertIn("FABRIKAM\\Domain Computers is not in", layers[0].fix)
        self.assertEqual([l.result for l in layers if l.layer == cadcom.LAYER_TEMPLATE],
                         [cadcom.VERDICT_NOT_EVALUATED])
        self.assertIn("DENIED", str(verdict))
        self.assertTrue(all(isinstance(n, str) for n in verdict.notes))

    def test_small_lists(self):
        topo, _ = forest()
        self.assertEqual([d.name for d in topo.domains],
                         ["contoso.test", "fabrikam.test", "northwind.test"])
        self.assertEqual(topo.domains[1].sid, cadcom.Sid("S-1-5-21-4-5-6"))
        self.assertEqual(topo.trusts[0], cadcom.Trust("contoso.test", "northwind.test",
                                                      cadcom.TRUST_EXTERNAL))
        self.assertEqual((topo.host, topo.role, topo.generation, topo.dcs_enroll),
                         ("DC1", cadcom.ROLE_DC, cadcom.GENERATION_2003, True))
        sd = cadcom.SD("D:(D;;DC;;;AN)(A;;CCDCLC;;;WD)")
        res = cadcom.access_check(sd, cadcom.Token("S-1-5-21-1-2-3-1101,WD,AN"), 0x3, None)
        self.assertFalse(res.allowed)
        self.assertEqual(res.steps[1], cadcom.AccessStep(1, cadcom.STEP_ALLOWED, 0x1))
        self.assertEqual(res.decision(0x2), (cadcom.REASON_DENY_ACE, 0))
        self.assertIn("denied by ACE 0", res.explain(sd))
        report = cadcom.com_merge(cadcom.SD("D:(D;;CCDC;;;WD)(A;;CCDCLC;;;BA)"), cadcom.COM_ACCESS,
                                  cadcom.SD("D:(A;;CCDCLC;;;CD)"))
        self.assertEqual(report.changes, 1)
        self.assertEqual(report.conflicts[0][:4], (0, 0, cadcom.COM_LOCAL_ACCESS,
                                                   cadcom.COM_CONFLICT_CERTAIN))
        self.assertIsInstance(report.conflicts[0].message, str)


class ContextManagerTest(unittest.TestCase):
    """Targets, AD sessions and credentials release their C object at the
    end of a with block; a closed object raises ValueError, never crashes."""

    def test_target(self):
        with cadcom.Target.open_memory() as target:
            self.assertFalse(target.closed)
            reg, directory = target.registry, target.directory
            reg.set(r"HKLM\SOFTWARE\X", "v", cadcom.REG_DWORD, b"\1\0\0\0")
        self.assertTrue(target.closed)
        self.assertIn("(closed)", repr(target))
        with self.assertRaises(ValueError) as cm:
            target.snapshot()
        self.assertIn("the cadcom.Target is closed", str(cm.exception))
        with self.assertRaises(ValueError):
            reg.get(r"HKLM\SOFTWARE\X", "v")            # borrowed from it
        with self.assertRaises(ValueError):
            list(directory.members(cadcom.Sid("BA")))
        with self.assertRaises(ValueError):
            target.registry
        with self.assertRaises(ValueError):
            with target:
                pass
        target.close()   # twice is harmless

    def test_exception_in_block(self):
        with self.assertRaises(KeyError):
            with cadcom.Target.open_memory() as target:
                raise KeyError("x")
        self.assertTrue(target.closed)

    def test_borrowed_keeps_owner_alive(self):
        reg = cadcom.Target.open_memory().registry
        gc.collect()
        reg.set(r"HKLM\SOFTWARE\X", "v", cadcom.REG_SZ, cadcom.reg_sz_encode("ok"))
        self.assertEqual(cadcom.reg_sz_decode(reg.get(r"HKLM\SOFTWARE\X", "v")[1]), "ok")

    def test_credentials(self):
        with cadcom.Credentials.password("CONTOSO", "admin", "secret") as cred:
            self.assertFalse(cred.is_kerberos)
        self.assertTrue(cred.closed)
        with self.assertRaises(ValueError):
            cadcom.credentials_is_kerberos(cred)

    def test_ad_session_protocol(self):
        # Opening a session needs a DC (tests/lab); the protocol is there.
        for name in ("close", "closed", "__enter__", "__exit__", "directory", "env"):
            self.assertTrue(hasattr(cadcom.AD, name), name)
        with self.assertRaises(TypeError):
            cadcom.AD.open("dc1.contoso.test", None)

    def test_free_functions(self):
        # The C API's frees are an early release in Python, never a double free.
        sd = cadcom.SD(SDDL)
        dacl = sd.dacl
        cadcom.sd_free(sd)
        cadcom.sd_free(sd)
        cadcom.sd_free(None)
        with self.assertRaises(ValueError):
            str(sd)
        self.assertEqual(str(dacl[0]), "(A;;CCDCLCSWRP;;;BA)")   # copies live on
        with self.assertRaises(TypeError):
            cadcom.sd_free(cadcom.Sid("BA"))
        _, target = forest()
        cadcom.registry_free(target.registry)    # borrowed: only let go of
        self.assertIn("Microsoft", list(target.registry.subkeys(r"HKLM\SOFTWARE")))
        reg = target.registry
        cadcom.target_free(target)
        self.assertTrue(target.closed)
        with self.assertRaises(ValueError):
            list(reg.subkeys(r"HKLM\SOFTWARE"))
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.SD("D:(Antlers;;GA;;;SY)")
        self.assertEqual((cadcom.error_code(cm.exception), cadcom.error_message(cm.exception),
                          cadcom.error_offset(cm.exception)),
                         (cadcom.EPARSE, str(cm.exception), 3))
        with self.assertRaises(TypeError):
            cadcom.error_code(cadcom.EPARSE)

    def test_hive_target(self):
        hive = os.path.join(TEST_DATA, "hive", "minimal.hiv")
        with cadcom.Target.open_hives(software=hive) as target:
            self.assertEqual(list(target.registry.subkeys(r"HKLM\SYSTEM")), [])
        self.assertTrue(target.closed)


class MainJobTest(unittest.TestCase):
    """Plan, apply and rollback on a temporary copy of the example's state."""

    def test_plan_apply_rollback(self):
        topo = cadcom.Topology.from_json(forest_file("topology.json"), "topology.json")
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "before.json")
            shutil.copyfile(os.path.join(FOREST, "before.json"), state)

            def load():
                with open(state, encoding="utf-8") as f:
                    return cadcom.Target.open_snapshot(f.read(), state)

            def save(target):
                with open(state, "w", encoding="utf-8") as f:
                    f.write(target.snapshot())

            with load() as target:
                original = target.snapshot()
                plan = cadcom.Plan.compute(topo, target)
                cadcom.plan_reset_setup_flag(plan, topo, target)
                self.assertEqual(plan.worst, cadcom.SEVERITY_ERROR)
                # A dry run writes nothing.
                dry = cadcom.plan_apply(plan, target, cadcom.ApplyOptions(flags=cadcom.APPLY_DRY_RUN))
                self.assertEqual(dry.outcome, cadcom.OUTCOME_DRY_RUN)
                self.assertEqual(target.snapshot(), original)
                backup = os.path.join(tmp, "backup")
                report = cadcom.plan_apply(plan, target, cadcom.ApplyOptions(backup_dir=backup))
                self.assertEqual((report.outcome, report.outcome_name),
                                 (cadcom.OUTCOME_APPLIED, "applied"))
                steps = report.steps
                self.assertEqual(len(steps), len(plan.actions))
                self.assertTrue(all(s.state == cadcom.STEP_DONE and s.state_name == "done"
                                    and s.error is None for s in steps), steps)
                self.assertEqual(json.loads(report.to_json())["outcome"], "applied")
                self.assertTrue(all(isinstance(n, str) for n in report.notes))
                save(target)
            self.assertTrue(os.path.isfile(os.path.join(backup, "revert.reg")))

            # The copy on disk now holds the fixed state: nothing left to do.
            with load() as target:
                again = cadcom.Plan.compute(topo, target)
                self.assertEqual(again.actions, ())
                self.assertNotEqual(target.snapshot(), original)
                back = cadcom.rollback(target, backup, None)
                self.assertEqual(back.outcome, cadcom.OUTCOME_ROLLED_BACK)
                self.assertEqual(target.snapshot(), original)
                save(target)
            with load() as target:
                self.assertEqual(len(cadcom.Plan.compute(topo, target).actions), len(plan.actions) - 1)

    def test_regfiles_forward_and_revert(self):
        topo, target = forest()
        plan = cadcom.Plan.compute(topo, target)
        cadcom.plan_reset_setup_flag(plan, topo, target)
        forward, revert = plan.regfiles()
        self.assertEqual(bytes(forward)[:2], b"\xff\xfe")
        entries = list(forward)
        self.assertEqual([(e.op, e.name, e.type) for e in entries if e.op == cadcom.REGFILE_SET_VALUE],
                         [(cadcom.REGFILE_SET_VALUE, "SetupStatus", cadcom.REG_DWORD)])
        self.assertEqual(len(forward), len(entries))
        before = target.snapshot()
        cadcom.regfile_apply(forward, target.registry)
        self.assertNotEqual(target.snapshot(), before)
        cadcom.regfile_apply(revert, target.registry)
        self.assertEqual(target.snapshot(), before)
        parsed = cadcom.RegFile.parse(bytes(forward), "fix.reg")
        self.assertEqual([e for e in parsed if e.op == cadcom.REGFILE_SET_VALUE],
                         [e for e in forward if e.op == cadcom.REGFILE_SET_VALUE])
        self.assertIn("Windows Registry Editor Version 5.00", str(forward))


class ExamplesTest(unittest.TestCase):
    """examples/python/*.py against the source tree's examples, run as
    subprocesses with this interpreter."""

    def run_example(self, name, *args):
        env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(cadcom.__file__)))
        env.pop("EXAMPLES", None)   # the path argument must do
        return subprocess.run([sys.executable, os.path.join(EXAMPLES, "python", name),
                               *args], env=env, capture_output=True, text=True, timeout=120)

    def test_audit_ca(self):
        r = self.run_example("audit_ca.py", EXAMPLES)
        self.assertEqual(r.returncode, 1, r.stderr)   # errors found
        self.assertIn("lacks CONTOSO\\Domain Controllers", r.stdout)
        self.assertIn("error", r.stdout)

    def test_fix_reg(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = self.run_example("fix_reg.py", "--out-dir", tmp, FOREST)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(tmp, "fix.reg"), "rb") as f:
                fix = cadcom.RegFile.parse(f.read(), "fix.reg")
            with open(os.path.join(tmp, "undo.reg"), "rb") as f:
                undo = cadcom.RegFile.parse(f.read(), "undo.reg")
        self.assertEqual([e.name for e in fix if e.op == cadcom.REGFILE_SET_VALUE], ["SetupStatus"])
        self.assertEqual([e.data for e in undo if e.op == cadcom.REGFILE_SET_VALUE],
                         [b"\x63\x20\x00\x00"])
        self.assertIn("not in a .reg file", r.stdout)   # the group actions

    def test_explain_denial(self):
        r = self.run_example("explain_denial.py", EXAMPLES)
        self.assertEqual(r.returncode, 1, r.stderr)   # denied
        self.assertIn("CONTOSO\\DC2$", r.stdout)
        self.assertIn("DENIED", r.stdout)
        self.assertIn("fix:", r.stdout)
        r = self.run_example("explain_denial.py", "--enrollee", "CONTOSO\\DC1$", EXAMPLES)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        r = self.run_example("explain_denial.py", "--enrollee", "CONTOSO\\nobody", EXAMPLES)
        self.assertEqual(r.returncode, 2)
        self.assertIn("CONTOSO\\nobody", r.stderr)


class StubTest(unittest.TestCase):
    """cadcom.pyi names every public name of the module, with the same
    parameters, and nothing else."""

    def setUp(self):
        import ast
        path = os.path.join(HERE, "cadcom.pyi")
        if not os.path.exists(path):
            self.skipTest("no cadcom.pyi beside the test")
        with open(path, encoding="utf-8") as f:
            self.tree = ast.parse(f.read(), path)

    def stub_names(self, body):
        import ast
        names = {}
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names[node.name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names[node.target.id] = node
            elif isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        names[t.id] = node
        return names

    def test_module_names(self):
        import inspect
        stub = self.stub_names(self.tree.body)
        public = {n for n in dir(cadcom) if not n.startswith("_")}
        self.assertEqual(sorted(public - set(stub)), [], "missing from cadcom.pyi")
        self.assertEqual(sorted(n for n in set(stub) - public if not n.startswith("_")), [],
                         "in cadcom.pyi, not in the module")
        for name in sorted(public):
            obj = getattr(cadcom, name)
            if inspect.isfunction(obj):
                node = stub[name]
                want = list(inspect.signature(obj).parameters)
                got = [a.arg for a in node.args.args]
                self.assertEqual(got, want, name)

    def test_class_members(self):
        import ast
        import inspect
        stub = self.stub_names(self.tree.body)
        for name in ("Sid", "SD", "Ace", "Token", "Target", "Plan", "Apply", "Verdict",
                     "Directory", "Registry", "Credentials", "AD", "Topology", "Events",
                     "RegFile", "ApplyOptions", "AccessResult", "ComReport"):
            cls = getattr(cadcom, name)
            node = stub[name]
            self.assertIsInstance(node, ast.ClassDef)
            members = self.stub_names(node.body)
            own = {n for n in vars(cls) if not n.startswith("_") and n != "thisown"}
            self.assertEqual(sorted(own - set(members)), [], name)
            for m in sorted(own):
                if inspect.isfunction(vars(cls)[m]) and isinstance(members[m], ast.FunctionDef):
                    want = list(inspect.signature(vars(cls)[m]).parameters)
                    got = [a.arg for a in members[m].args.args]
                    self.assertEqual(got, want, name + "." + m)


class DocTest(unittest.TestCase):
    def test_docstrings(self):
        self.assertIn("ParseError", cadcom.__doc__)
        for cls in (cadcom.Sid, cadcom.SD, cadcom.Ace, cadcom.Token, cadcom.Target, cadcom.Plan,
                    cadcom.Apply, cadcom.Verdict, cadcom.Directory, cadcom.Registry,
                    cadcom.Credentials, cadcom.AD, cadcom.Topology, cadcom.Error,
                    cadcom.Finding, cadcom.Action, cadcom.Step, cadcom.Layer):
            self.assertTrue(cls.__doc__ and len(cls.__doc__) > 40, cls)


class LeakTest(unittest.TestCase):
    """20,000 cycles of a descriptor, a plan and an error: RSS grows by less
    than 1 MiB per 100,000 cycles."""

    CYCLES = 20000

    @staticmethod
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def test_create_free_cycles(self):
        if not os.path.exists("/proc/self/statm"):
            self.skipTest("no /proc/self/statm")
        topo, target = forest()

        def cycles(n):
            for _ in range(n):
                sd = cadcom.SD(SDDL)
                bytes(sd)
                plan = cadcom.Plan.compute(topo, target)
                plan.findings
                try:
                    cadcom.SD("D:(Antlers;;GA;;;SY)")
                except cadcom.ParseError as e:
                    e.message
                del sd, plan

        if os.environ.get("CADCOM_UNDER_VALGRIND"):
            # tests/valgrind.sh: memcheck itself reports what a cycle loses,
            # and the resident set is valgrind's.
            cycles(50)
            return
        cycles(2000)   # warm up the allocators
        gc.collect()
        before = self.rss()
        cycles(self.CYCLES)
        gc.collect()
        grown = self.rss() - before
        limit = (1 << 20) * self.CYCLES // 100000
        sys.stderr.write("leak check: RSS grew by %d bytes over %d cycles (limit %d)\n"
                         % (grown, self.CYCLES, limit))
        self.assertLess(grown, limit)


if __name__ == "__main__":
    unittest.main(verbosity=2)
