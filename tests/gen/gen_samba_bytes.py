#!/usr/bin/python3
"""Generate tests/data/random-sds-bytes.txt: our binary SDs, checked by Samba.

Run with Debian's interpreter, which has python3-samba:
    /usr/bin/python3 tests/gen/gen_samba_bytes.py [path/to/cadcom]

For every SDDL in tests/data/random-sds.txt, cadcom's self-relative bytes are
decoded by Samba (ndr_unpack) and must mean the same as Samba's reading of the
SDDL (from_sddl), and must use Windows' layout.  Each row also records Samba's
own packing of the SDDL (ndr_pack), which lays parts out differently, so the C
test can check that our parser accepts a layout we never produce.  Any
mismatch aborts before the data file is written: it holds verified rows only.
"""
import os
import struct
import subprocess
import sys

import samba
from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IN_PATH = os.path.join(ROOT, "tests/data/random-sds.txt")
OUT_PATH = os.path.join(ROOT, "tests/data/random-sds-bytes.txt")
CADCOM = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(ROOT, "_build/default/tools/cadcom/cadcom")
DOMAIN = "S-1-5-21-2447931902-1787058256-3961074038"
DOMAIN_SID = security.dom_sid(DOMAIN)
OBJECT_TYPES = {5, 6, 7, 8}
SE_SELF_RELATIVE = 0x8000


def sid_str(sid):
    return None if sid is None else str(sid)


def ace_key(ace):
    """What an ACE means; GUIDs count only when their object flag is set."""
    key = (ace.type, ace.flags, ace.access_mask, str(ace.trustee))
    if ace.type in OBJECT_TYPES:
        f = ace.object.flags
        key += (f, str(ace.object.type) if f & 1 else "-",
                str(ace.object.inherited_type) if f & 2 else "-")
    return key


def acl_diffs(name, a, b, windows_rev):
    if (a is None) != (b is None):
        return ["%s present: sddl %s, bytes %s" % (name, a is not None, b is not None)]
    if a is None:
        return []
    out = []
    # Samba's from_sddl always says revision 4; Windows (and we) use 2 unless
    # the ACL holds an object ACE.  So check b against Windows' rule instead.
    want_rev = a.revision
    if windows_rev:
        want_rev = 4 if any(x.type in OBJECT_TYPES for x in b.aces) else 2
    if b.revision != want_rev:
        out.append("%s revision %d, want %d" % (name, b.revision, want_rev))
    if a.num_aces != b.num_aces:
        out.append("%s num_aces %d vs %d" % (name, a.num_aces, b.num_aces))
    for i, (x, y) in enumerate(zip(a.aces, b.aces)):
        if ace_key(x) != ace_key(y):
            out.append("%s ace %d: sddl %s, bytes %s" % (name, i, ace_key(x), ace_key(y)))
    return out


def sd_diffs(a, b, windows_rev=True):
    out = []
    if a.revision != b.revision:
        out.append("sd revision %d vs %d" % (a.revision, b.revision))
    # Only SELF_RELATIVE is masked: from_sddl builds an absolute SD in memory.
    if a.type & ~SE_SELF_RELATIVE != b.type & ~SE_SELF_RELATIVE:
        out.append("control 0x%04x vs 0x%04x" % (a.type, b.type))
    for name in ("owner_sid", "group_sid"):
        if sid_str(getattr(a, name)) != sid_str(getattr(b, name)):
            out.append("%s %s vs %s" % (name, sid_str(getattr(a, name)),
                                        sid_str(getattr(b, name))))
    return (out + acl_diffs("dacl", a.dacl, b.dacl, windows_rev)
            + acl_diffs("sacl", a.sacl, b.sacl, windows_rev))


def layout_diffs(raw):
    """Windows' layout: 20-byte header, then SACL, DACL, owner, group, no gaps."""
    if len(raw) < 20:
        return ["only %d bytes" % len(raw)]
    owner, group, sacl, dacl = struct.unpack_from("<IIII", raw, 4)
    pos, out = 20, []
    for name, off in (("sacl", sacl), ("dacl", dacl), ("owner", owner), ("group", group)):
        if off == 0:
            continue
        if off != pos:
            out.append("%s at %d, want %d" % (name, off, pos))
            pos = off
        if name in ("sacl", "dacl"):
            size = struct.unpack_from("<H", raw, pos + 2)[0]  # AclSize
        else:
            size = 8 + 4 * raw[pos + 1]  # SubAuthorityCount
        pos += size
    if pos != len(raw):
        out.append("length %d, parts end at %d" % (len(raw), pos))
    return out


def main():
    sddls = [l[5:].rstrip("\n") for l in open(IN_PATH) if l.startswith("sddl ")]
    # One cadcom run for all SDDLs; it answers one line per input line.
    run = subprocess.run([CADCOM, "sddl", "to-hex", "--domain-sid", DOMAIN],
                         input="".join(s + "\n" for s in sddls),
                         capture_output=True, text=True, check=True)
    ours = run.stdout.splitlines()
    assert len(ours) == len(sddls), (len(ours), len(sddls))
    version = subprocess.run([CADCOM, "--version"], capture_output=True,
                             text=True, check=True).stdout.strip()

    rows, bad = [], 0
    for sddl, hx in zip(sddls, ours):
        a = security.descriptor.from_sddl(sddl, DOMAIN_SID)
        samba_hex = ndr_pack(a).hex()
        try:
            raw = bytes.fromhex(hx)
            diffs = layout_diffs(raw) + sd_diffs(a, ndr_unpack(security.descriptor, raw))
        except Exception as e:  # "error: ..." line or bytes Samba cannot decode
            diffs = ["cannot decode our output: %s" % e]
        # Sanity: Samba's own packing must round-trip, else its hex is useless.
        diffs += ["samba pack: " + d for d in
                  sd_diffs(a, ndr_unpack(security.descriptor, ndr_pack(a)), False)]
        if diffs:
            bad += 1
            print("MISMATCH %r\n  ours  %s\n  samba %s\n  %s"
                  % (sddl, hx, samba_hex, "\n  ".join(diffs)))
        rows.append("%s %s" % (hx, samba_hex))
    if bad:
        print("%d of %d descriptors mismatch; %s not written" % (bad, len(sddls), OUT_PATH))
        sys.exit(1)

    header = [
        "# Generated by tests/gen/gen_samba_bytes.py -- do not edit.",
        "# Oracle: Samba %s (python3-samba); producer: %s" % (samba.version, version),
        "# One row per descriptor of random-sds.txt, same order:",
        "#   <cadcom sddl to-hex> <Samba ndr_pack(from_sddl) hex>",
        "# Checked: Samba's ndr_unpack of our bytes equals from_sddl of the SDDL",
        "#   (owner, group, control except SE_SELF_RELATIVE, ACL presence, ACE",
        "#   type/flags/mask/trustee/object flags/GUIDs); our ACL revision is 2,",
        "#   or 4 with an object ACE (Samba's from_sddl always says 4); our layout",
        "#   is header, SACL, DACL, owner, group with no gaps.",
        "# Samba's packing orders parts owner, group, SACL, DACL.",
    ]
    with open(OUT_PATH, "w") as f:
        f.write("\n".join(header + rows) + "\n")
    print("wrote %d rows to %s" % (len(rows), OUT_PATH))


if __name__ == "__main__":
    main()
