"""The main job from Python against the lab DC (tests/lab/test_bindings.sh):
a broken MachineLaunchRestriction and a CertSvc configuration seeded with
the command line, then audit (plan) → apply → audit → rollback through the
binding, each result checked, and the value read back byte for byte with
the command line afterwards."""
import json
import os
import subprocess
import tempfile
import unittest

import cadcom

ENV = os.environ
HOST = ENV["CADCOM_LAB_HOST"]
OLE = r"HKLM\SOFTWARE\Microsoft\Ole"
CONFIG = r"HKLM\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration"
BROKEN = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"


def cli(*args):
    admin = ["-U", ENV["CADCOM_LAB_DOMAIN"] + "\\" + ENV["CADCOM_LAB_ADMIN"]]
    env = dict(ENV, CADCOM_PASSWORD=ENV["CADCOM_LAB_ADMIN_PASSWORD"])
    return subprocess.run([ENV["CADCOM"], *args, *admin], env=env, check=True,
                          capture_output=True, text=True).stdout


def domain_sid():
    """The lab domain's SID: Domain Users (in Builtin\\Users) without its RID."""
    users = json.loads(cli("group", "list", HOST, "S-1-5-32-545", "--json"))
    sids = [m["sid"] for m in users["members"] if m["sid"].endswith("-513")]
    return sids[0].rsplit("-", 1)[0]


def current(name):
    return json.loads(cli("reg", "get", HOST, OLE, name, "--json"))["hex"]


class LabTest(unittest.TestCase):
    def test_audit_apply_rollback(self):
        cli("reg", "set", HOST, OLE, "MachineLaunchRestriction", "SDDL", BROKEN)
        cli("reg", "set", HOST, CONFIG, "Active", "REG_SZ", "Binding CA")
        cli("reg", "set", HOST, CONFIG, "SetupStatus", "REG_DWORD", "0x63")
        before = current("MachineLaunchRestriction")
        cred = cadcom.credentials_new_password(ENV["CADCOM_LAB_DOMAIN"], ENV["CADCOM_LAB_ADMIN"],
                                               ENV["CADCOM_LAB_ADMIN_PASSWORD"])
        target = cadcom.target_open_remote(HOST, cred, None)
        topo = cadcom.topology_new()
        dom = cadcom.sid_from_string(domain_sid(), None)
        cadcom.topology_set_host(topo, "DC1", cadcom.ROLE_DC, cadcom.GENERATION_2008)
        cadcom.topology_add_domain(topo, "contoso.test", "CONTOSO", dom, None)
        cadcom.topology_set_ca_domain(topo, "contoso.test")
        cadcom.topology_add_enroll_domain(topo, "contoso.test")
        cadcom.topology_set_ca_name(topo, "Binding CA")

        plan = cadcom.plan_compute(topo, target)
        launch = [i for i in range(cadcom.plan_action_count(plan))
                  if cadcom.plan_action_value_name(plan, i) == "MachineLaunchRestriction"]
        self.assertEqual(len(launch), 1)
        with tempfile.TemporaryDirectory() as tmp:
            opts = cadcom.ApplyOptions()
            cadcom.apply_options_init(opts, cadcom.APPLY_OPTIONS_VERSION)
            opts.backup_dir = tmp + "/backup"
            report = cadcom.plan_apply(plan, target, opts)
            self.assertEqual(cadcom.apply_outcome(report), cadcom.OUTCOME_APPLIED)
            again = cadcom.plan_compute(topo, target)
            self.assertEqual([cadcom.plan_action_value_name(again, i)
                              for i in range(cadcom.plan_action_count(again))
                              if cadcom.plan_action_kind(again, i) == cadcom.ACTION_SET_VALUE],
                             [])
            self.assertNotEqual(current("MachineLaunchRestriction"), before)
            back = cadcom.rollback(target, opts.backup_dir, None)
            self.assertEqual(cadcom.apply_outcome(back), cadcom.OUTCOME_ROLLED_BACK)
        self.assertEqual(current("MachineLaunchRestriction"), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
