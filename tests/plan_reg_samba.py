"""`cadcom plan --role dc --generation 2008 --domain contoso.test=S-1-5-21-1-2-3
--reg-out f.reg` must write a .reg whose four values, decoded independently of
libcadcom (a small .reg reader here and python3-samba's NDR for the
descriptors), grant what KB 903220 requires while keeping every ACE of
Windows' defaults (facts.md §2, §8)."""
import os
import subprocess
import sys
import tempfile
import unittest

try:
    from samba.dcerpc import security
    from samba.ndr import ndr_unpack
except ImportError:  # Debian's python3-samba is a test dependency (setup.sh)
    print("python3-samba is not available to", sys.executable)
    sys.exit(77)

DOMAIN = "S-1-5-21-1-2-3"
OLE = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Ole"
APPID = r"HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID\{D99E6E74-FC88-11D0-B498-00A0C90312F3}"
DEFAULTS = {
    (OLE, "MachineLaunchRestriction"):
        "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
    (OLE, "MachineAccessRestriction"):
        "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)",
    (APPID, "LaunchPermission"):
        "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)",
    (APPID, "AccessPermission"): "O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;PS)",
}
# KB 903220: activation is EXECUTE|ACTIVATE_LOCAL|ACTIVATE_REMOTE, access
# EXECUTE|EXECUTE_LOCAL|EXECUTE_REMOTE; the group on 2008+ is S-1-5-32-574.
REQUIRED = {
    (OLE, "MachineLaunchRestriction"): ("S-1-5-32-574", 0x19),
    (OLE, "MachineAccessRestriction"): ("S-1-5-32-574", 0x7),
    (APPID, "LaunchPermission"): ("S-1-1-0", 0x19),
    (APPID, "AccessPermission"): ("S-1-1-0", 0x7),
}


def read_reg(data):
    """{(key, name): bytes} from a regedit-style .reg file (hex: values)."""
    assert data[:2] == b"\xff\xfe", "not UTF-16LE with a BOM"
    text = data[2:].decode("utf-16-le")
    lines, joined = text.split("\r\n"), []
    assert lines[0] == "Windows Registry Editor Version 5.00", lines[0]
    for line in lines[1:]:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + line.strip()
        else:
            joined.append(line)
    values, key = {}, None
    for line in joined:
        if line.startswith("["):
            key = line[1:-1]
        elif line.startswith('"'):
            name, _, rest = line[1:].partition('"=')
            assert rest.startswith("hex:"), rest
            values[(key, name)] = bytes(int(b, 16) for b in rest[4:].split(","))
    return values


def aces(sd):
    return [(a.type, a.flags, a.access_mask, str(a.trustee)) for a in sd.dacl.aces]


class PlanRegTest(unittest.TestCase):
    def test_four_values(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "f.reg")
            run = subprocess.run([os.environ["CADCOM"], "plan", "--role", "dc",
                                  "--generation", "2008", "--domain", "contoso.test=" + DOMAIN,
                                  "--reg-out", out], capture_output=True, text=True)
            self.assertEqual(run.returncode, 1, run.stderr)  # findings: the defaults lack them
            with open(out, "rb") as f:
                values = read_reg(f.read())
        self.assertEqual(set(values), set(REQUIRED))
        dom = security.dom_sid(DOMAIN)
        for where, blob in values.items():
            sd = ndr_unpack(security.descriptor, blob)
            default = security.descriptor.from_sddl(DEFAULTS[where], dom)
            got = aces(sd)
            self.assertEqual(str(sd.owner_sid), "S-1-5-32-544", where)
            for ace in aces(default):
                self.assertIn(ace, got, "%s lost a default ACE" % (where,))
            sid, mask = REQUIRED[where]
            self.assertIn((security.SEC_ACE_TYPE_ACCESS_ALLOWED, 0, mask, sid), got, where)
            self.assertEqual(len(got), len(aces(default)) + 1, where)


if __name__ == "__main__":
    unittest.main(verbosity=2)
