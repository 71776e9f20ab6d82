"""Smoke test of the SWIG Python binding of libcadcom.

Proves that the public SID/SDDL API wraps cleanly: out-parameters become
return values, negative return codes become cadcom.Error with the library's
message, library-allocated objects and strings are freed.  The directory
holding cadcom.py and _cadcom*.so comes from PYTHONPATH (set by `make check`).
"""

import gc
import re
import sys
import json
import tempfile
import os
import unittest

import cadcom

SDDL_CANONICAL = ("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
                  "(A;;CCDCLCSWRP;;;S-1-5-32-562)")


def read_example(name):
    here = os.path.dirname(os.path.abspath(__file__))
    examples = os.environ.get("EXAMPLES", os.path.join(here, "..", "..", "examples"))
    with open(os.path.join(examples, "forest", name), encoding="utf-8") as f:
        return f.read()


def example_forest():
    """The embedded example's topology and before-state target."""
    return (cadcom.topology_from_json(read_example("topology.json"), "topology.json"),
            cadcom.target_open_snapshot(read_example("before.json"), "before.json"))


class SmokeTest(unittest.TestCase):

    def test_version(self):
        v = cadcom.version()
        self.assertIsInstance(v, str)
        self.assertRegex(v, r"^\d+\.\d+\.\d+$")
        major, minor, patch = (int(x) for x in v.split("."))
        self.assertEqual(cadcom.version_number(),
                         major * 10000 + minor * 100 + patch)

    def test_sddl_roundtrip_identical(self):
        sd = cadcom.sd_from_sddl(SDDL_CANONICAL, None)
        self.assertIsInstance(sd, cadcom.SD)
        self.assertEqual(cadcom.sd_to_sddl(sd, None, 0), SDDL_CANONICAL)

    def test_sddl_roundtrip_alias(self):
        sd = cadcom.sd_from_sddl("D:(A;;GA;;;S-1-5-32-574)", None)
        self.assertEqual(cadcom.sd_to_sddl(sd, None, 0), "D:(A;;GA;;;CD)")

    def test_sid_alias(self):
        sid = cadcom.sid_from_string("CD", None)
        self.assertIsInstance(sid, cadcom.Sid)
        self.assertEqual(cadcom.sid_to_string(sid), "S-1-5-32-574")
        self.assertEqual(cadcom.sid_to_string(
            cadcom.sid_from_string("S-1-5-32-574", None)), "S-1-5-32-574")

    def test_plain_values(self):
        sid = cadcom.sid_from_string("S-1-5-32-574", None)
        self.assertEqual(cadcom.sid_authority(sid), 5)
        self.assertEqual(cadcom.sid_subauth_count(sid), 2)
        self.assertEqual(cadcom.sid_rid(sid), 574)
        sd = cadcom.sd_from_sddl(SDDL_CANONICAL, None)
        self.assertTrue(cadcom.sd_control(sd) & cadcom.SD_DACL_PRESENT)
        # A negative comparison result is a value, not an error.
        a = cadcom.sid_from_string("S-1-5-32-544", None)
        self.assertLess(cadcom.sid_compare(a, sid), 0)

    def test_invalid_sddl_raises(self):
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.sd_from_sddl("D:(Antlers;;GA;;;SY)", None)
        self.assertIsInstance(cm.exception, Exception)
        self.assertIn('unknown ACE type "Antlers" at offset 3',
                      str(cm.exception))
        self.assertEqual(cm.exception.code, cadcom.EPARSE)
        self.assertEqual(cm.exception.offset, 3)

    def test_domain_relative_alias(self):
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.sd_from_sddl("D:(A;;GA;;;DU)", None)
        self.assertEqual(cm.exception.code, cadcom.ENEEDDOMAIN)
        domain = cadcom.sid_from_string("S-1-5-21-1-2-3", None)
        sd = cadcom.sd_from_sddl("D:(A;;GA;;;DU)", domain)
        self.assertEqual(cadcom.sd_to_sddl(sd, domain, 0), "D:(A;;GA;;;DU)")
        self.assertEqual(cadcom.sd_to_sddl(sd, None, 0),
                         "D:(A;;GA;;;S-1-5-21-1-2-3-513)")

    def test_borrowed_results_outlive_parent(self):
        sd = cadcom.sd_from_sddl(SDDL_CANONICAL, None)
        owner = cadcom.sd_owner(sd)
        ace = cadcom.sd_ace(sd, cadcom.DACL, 1)
        del sd
        gc.collect()
        self.assertEqual(cadcom.sid_to_string(owner), "S-1-5-32-544")
        self.assertEqual(cadcom.sid_to_string(cadcom.ace_sid(ace)), "S-1-1-0")

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            cadcom.sd_from_sddl("D:(A;;GA;;;SY)\0junk", None)
        with self.assertRaises(TypeError):
            cadcom.sd_to_sddl(cadcom.sid_from_string("BA", None), None, 0)

    def test_binary_roundtrip(self):
        # Windows' DefaultLaunchPermission (facts.md section 8): 124 bytes.
        sd = cadcom.sd_from_sddl(
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", None)
        data = cadcom.sd_to_bytes(sd)
        self.assertIsInstance(data, bytes)
        self.assertEqual(len(data), 124)
        self.assertEqual(data[:4], bytes([1, 0, 4, 0x80]))
        back = cadcom.sd_from_bytes(data)
        self.assertTrue(cadcom.sd_equal(sd, back))
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.sd_from_bytes(data[:30])
        self.assertEqual(cm.exception.code, cadcom.EPARSE)

    def test_parse_free_loop(self):
        domain = cadcom.sid_from_string("S-1-5-21-1-2-3", None)
        for i in range(20000):
            sd = cadcom.sd_from_sddl(SDDL_CANONICAL, None)
            text = cadcom.sd_to_sddl(sd, None, 0)
            sid = cadcom.sid_from_string("DU", domain)
            cadcom.sid_to_string(sid)
            try:
                cadcom.sd_from_sddl("D:(Antlers;;GA;;;SY)", None)
            except cadcom.Error:
                pass
            del sd, sid
        self.assertEqual(text, SDDL_CANONICAL)

    def test_access_check_and_trace(self):
        sd = cadcom.sd_from_sddl("D:(D;;DC;;;AN)(A;;CCDCLC;;;WD)", None)
        token = cadcom.token_from_string("S-1-5-21-1-2-3-1101,WD,AN", None)
        self.assertEqual(cadcom.access_check_mask(sd, token, 0x1, None), (1, 0x1))
        self.assertEqual(cadcom.access_check_mask(sd, token, 0x3, None), (0, 0))
        res = cadcom.access_check(sd, token, 0x3, None)
        self.assertEqual(cadcom.access_result_allowed(res), 0)
        self.assertEqual(cadcom.access_result_decision(res, 0x2),
                         (cadcom.REASON_DENY_ACE, 0))
        self.assertEqual(cadcom.access_result_step(res, 1), (1, cadcom.STEP_ALLOWED, 0x1))
        self.assertIn("denied by ACE 0 (D;;DC;;;AN)",
                      cadcom.access_result_explain(res, sd, None, 0))
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.access_check(sd, token, cadcom.ACCESS_GENERIC_READ, None)
        self.assertEqual(cm.exception.code, cadcom.EINVAL)

    def test_com_merge_and_scope(self):
        sd = cadcom.sd_from_sddl("D:(D;;CCDC;;;WD)(A;;CCDCLC;;;BA)", None)
        required = cadcom.sd_from_sddl("D:(A;;CCDCLC;;;CD)", None)
        report = cadcom.com_merge(sd, cadcom.COM_ACCESS, required)
        self.assertEqual(cadcom.com_report_changes(report), 1)
        self.assertEqual(cadcom.com_report_conflict(report, 0),
                         (0, 0, cadcom.COM_LOCAL_ACCESS, cadcom.COM_CONFLICT_CERTAIN))
        self.assertEqual(str(sd), "D:(D;;CCDC;;;WD)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;CD)")
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.com_grant(cadcom.sd_from_sddl("D:(A;;CC;;;WD)", None), cadcom.COM_ACCESS,
                             cadcom.sid_from_string("WD", None), cadcom.COM_LOCAL_ACCESS)
        self.assertEqual(cm.exception.code, cadcom.EUNREPRESENTABLE)

        env = cadcom.env_new()
        cadcom.env_add_domain(env, "contoso.test", cadcom.sid_from_string("S-1-5-21-1-2-3", None), None)
        cadcom.env_add_domain(env, "fabrikam.test", cadcom.sid_from_string("S-1-5-21-4-5-6", None), None)
        group = cadcom.principal_new(cadcom.PRINCIPAL_GROUP, cadcom.SCOPE_GLOBAL,
                                     cadcom.sid_from_string("S-1-5-21-1-2-3-1200", None), None, "CONTOSO\\G")
        member = cadcom.principal_new(cadcom.PRINCIPAL_GROUP, cadcom.SCOPE_GLOBAL,
                                      cadcom.sid_from_string("S-1-5-21-4-5-6-513", None), None,
                                      "FABRIKAM\\Domain Users")
        allowed, why = cadcom.scope_may_contain(env, group, member)
        self.assertEqual(allowed, 0)
        self.assertIn("FABRIKAM\\Domain Users", why)

    def test_plan_of_the_example(self):
        topo, target = example_forest()
        plan = cadcom.plan_compute(topo, target)
        self.assertEqual(cadcom.plan_worst(plan), cadcom.SEVERITY_ERROR)
        data = json.loads(cadcom.plan_to_json(plan))
        members = [a["member"] for a in data["actions"] if a["kind"] == "add-member"]
        self.assertIn("S-1-5-21-1-2-3-516", members)
        forward, revert = cadcom.plan_regfiles(plan)
        self.assertEqual(cadcom.regfile_to_bytes(forward)[:2], b"\xff\xfe")
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.topology_from_json('{"format": "cadcom-topology-1"}', "t.json")
        self.assertIn("t.json", str(cm.exception))

    def test_plan_json_and_reset(self):
        topo, target = example_forest()
        plan = cadcom.plan_compute(topo, target)
        cadcom.plan_check_ca(target)
        cadcom.plan_reset_setup_flag(plan, topo, target)
        text = cadcom.plan_to_json(plan)
        back = cadcom.plan_from_json(text, "plan.json")
        self.assertEqual(cadcom.plan_to_json(back), text)
        resets = [a for a in json.loads(text)["actions"] if a["layer"] == "CertSvc"]
        self.assertEqual([(a["type"], a["hex"], a["old_hex"]) for a in resets],
                         [("REG_DWORD", "63000000", "63200000")])
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.plan_from_json(text.replace('"REG_DWORD"', '"REG_WORD"', 1), "plan.json")
        self.assertEqual(cm.exception.code, cadcom.EPARSE)
        self.assertRegex(str(cm.exception), r"^plan\.json:\d+: actions\[\d+\]\.type: unknown")
        with self.assertRaises(cadcom.Error) as cm:
            cadcom.plan_check_ca(cadcom.target_open_memory())
        self.assertEqual(cm.exception.code, cadcom.ENOTFOUND)
        self.assertIn("target is not a CA", str(cm.exception))

    def test_apply_and_rollback(self):
        topo, target = example_forest()
        before = cadcom.target_snapshot(target)
        plan = cadcom.plan_compute(topo, target)
        cadcom.plan_reset_setup_flag(plan, topo, target)
        opts = cadcom.ApplyOptions()
        cadcom.apply_options_init(opts, cadcom.APPLY_OPTIONS_VERSION)
        with tempfile.TemporaryDirectory() as tmp:
            opts.backup_dir = tmp + "/backup"
            report = cadcom.plan_apply(plan, target, opts)
            self.assertEqual(cadcom.apply_outcome(report), cadcom.OUTCOME_APPLIED)
            self.assertEqual(cadcom.apply_step_count(report), cadcom.plan_action_count(plan))
            self.assertEqual(json.loads(cadcom.apply_to_json(report))["outcome"], "applied")
            self.assertNotEqual(cadcom.target_snapshot(target), before)
            back = cadcom.rollback(target, opts.backup_dir, None)
            self.assertEqual(cadcom.apply_outcome(back), cadcom.OUTCOME_ROLLED_BACK)
            self.assertEqual(cadcom.target_snapshot(target), before)
            with self.assertRaises(cadcom.Error) as cm:
                cadcom.plan_apply(plan, target, opts)  # the journal is there
            self.assertEqual(cm.exception.code, cadcom.EIO)

    def test_verdict_of_the_example(self):
        topo, target = example_forest()
        events = cadcom.events_parse(read_example("event13.txt"), "event13.txt")
        self.assertEqual(cadcom.events_count(events), 2)
        verdict = cadcom.verdict_for_event(topo, target, events, 1)
        self.assertEqual(cadcom.verdict_allowed(verdict), 0)
        self.assertIn("FABRIKAM\\Domain Computers is not in", cadcom.verdict_fix(verdict, 0))
        data = json.loads(cadcom.verdict_to_json(verdict))
        self.assertEqual(data["layers"][0]["result"], "DENIED")


if __name__ == "__main__":
    unittest.main(verbosity=2)
