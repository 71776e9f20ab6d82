#!/usr/bin/python3
"""Generate tests/data/random-sds.txt: random SDDL strings and Samba's reading.

Run with Debian's interpreter, which has python3-samba:
    /usr/bin/python3 tests/gen/gen_random_sds.py > tests/data/random-sds.txt

The C test suite replays the file without Samba.  Samba is used only as an
independent oracle, so the generator stays inside the subset of SDDL where
Samba 4.17 behaves like Windows (see QUIRK_PROBES and the asserts); anything
outside that subset would make the expectations wrong rather than useful.
"""
import random
import sys
import uuid

import samba
from samba.dcerpc import security

SEED = 20261125
N = 600
DOMAIN = "S-1-5-21-2447931902-1787058256-3961074038"
DOMAIN_SID = security.dom_sid(DOMAIN)

# Aliases with the SIDs Windows assigns; each is checked against Samba below,
# so an alias Samba maps differently can never reach the data file.
DOMAIN_RIDS = dict(DA=512, DU=513, DG=514, DC=515, DD=516, CA=517, SA=518,
                   EA=519, PA=520, RO=498, CN=522, AP=525, KA=526, EK=527,
                   RS=553, LA=500, LG=501)
BUILTIN_RIDS = dict(BA=544, BU=545, BG=546, PU=547, AO=548, SO=549, PO=550,
                    BO=551, RE=552, RU=554, RD=555, NO=556, MU=558, LU=559,
                    IS=568, CY=569, ER=573, CD=574, RA=575, ES=576, HA=578,
                    AA=579)
ALIASES = dict(WD="S-1-1-0", CO="S-1-3-0", CG="S-1-3-1", OW="S-1-3-4",
               NU="S-1-5-2", IU="S-1-5-4", SU="S-1-5-6", AN="S-1-5-7",
               ED="S-1-5-9", PS="S-1-5-10", AU="S-1-5-11", RC="S-1-5-12",
               SY="S-1-5-18", LS="S-1-5-19", NS="S-1-5-20")
ALIASES.update({k: "%s-%d" % (DOMAIN, v) for k, v in DOMAIN_RIDS.items()})
ALIASES.update({k: "S-1-5-32-%d" % v for k, v in BUILTIN_RIDS.items()})

# File/registry rights (FA FR FW FX KA KR KW KX) are left out on purpose:
# Samba 4.17 does not map them like Windows.
RIGHTS = dict(CC=0x1, DC=0x2, LC=0x4, SW=0x8, RP=0x10, WP=0x20, DT=0x40,
              LO=0x80, CR=0x100, SD=0x10000, RC=0x20000, WD=0x40000,
              WO=0x80000, GA=0x10000000, GX=0x20000000, GW=0x40000000,
              GR=0x80000000)
INHERIT_FLAGS = dict(OI=0x01, CI=0x02, NP=0x04, IO=0x08, ID=0x10)
AUDIT_FLAGS = dict(SA=0x40, FA=0x80)
# Type codes per MS-DTYP.  ML (mandatory label) is absent: Samba 4.17 rejects it.
DACL_TYPES = dict(A=0, D=1, OA=5, OD=6)
SACL_TYPES = dict(AU=2, AL=3, OU=7, OL=8)
OBJECT_TYPES = {5, 6, 7, 8}
# SE_*_PRESENT / SE_*_PROTECTED / AUTO_INHERITED / AUTO_INHERIT_REQ
ACL_CTL = dict(D=(0x0004, dict(P=0x1000, AI=0x0400, AR=0x0100)),
               S=(0x0010, dict(P=0x2000, AI=0x0800, AR=0x0200)))
SE_SELF_RELATIVE = 0x8000
U32 = 0xFFFFFFFF

# Inputs where Samba 4.17 is known (or suspected) to differ from Windows.
# Their results go into the file header so readers can see why the generator
# avoids these constructs.
QUIRK_PROBES = [
    ("D:(A;;0x10;;;WD)", "hex mask (used)"),
    ("D:(A;;0xABCD;;;WD)", "upper-case hex digits (used)"),
    ("D:(A;;16;;;WD)", "decimal mask (avoided)"),
    ("D:(A;;010;;;WD)", "octal mask (avoided)"),
    ("D:(A;;0X10;;;WD)", "0X prefix (avoided)"),
    ("D:(A;;0x;;;WD)", "bare 0x (avoided)"),
    ("D:(A;;FA;;;WD)", "file right alias FA (avoided)"),
    ("D:(A;;KA;;;WD)", "registry right alias KA (avoided)"),
    ("D:(OA;;RP;;;WD)", "object ACE without any GUID (avoided)"),
    ("D:PS:", "ACL flags then next component (avoided)"),
    ("D:(A;;RP;;;WD)", "ACL revision of a non-object DACL (Windows: 2)"),
    ("S:(ML;;NW;;;LW)", "mandatory label ACE (avoided)"),
]


def parse(sddl):
    return security.descriptor.from_sddl(sddl, DOMAIN_SID)


def probe(sddl):
    """One-line summary of what Samba makes of sddl, for the header."""
    try:
        sd = parse(sddl)
    except Exception as e:  # 4.17 raises TypeError("Unable to parse SDDL")
        return "error: %s" % e
    acl = sd.dacl or sd.sacl
    return "rev %d, aces %s" % (acl.revision, ["type %d mask 0x%x objflags %s"
                                % (a.type, a.access_mask,
                                   a.object.flags if a.type in OBJECT_TYPES else "-")
                                for a in acl.aces])


def check_aliases():
    for alias, sid in ALIASES.items():
        got = str(parse("O:" + alias).owner_sid)
        assert got == sid, "alias %s: samba %s, expected %s" % (alias, got, sid)


# --- random SDDL construction; each part returns (text, expected value) -----

def pick_subset(rng, table):
    keys = rng.sample(sorted(table), rng.randint(0, len(table)))
    return "".join(keys), sum(table[k] for k in keys)


def rand_u32(rng):
    # Edge values are over-represented because that's where parsers break.
    return rng.choice([0, 1, U32, rng.getrandbits(32), rng.getrandbits(rng.randint(1, 32))])


def rand_sid(rng):
    if rng.random() < 0.6:
        alias = rng.choice(sorted(ALIASES))
        return alias, ALIASES[alias]
    if rng.random() < 0.5:
        sid = "%s-%d" % (DOMAIN if rng.random() < 0.5 else "S-1-5-21-%d-%d-%d"
                         % tuple(rand_u32(rng) for _ in range(3)), rand_u32(rng))
    else:
        auth = rng.choice([0, 1, 2, 3, 4, 5, 16])
        subs = [rand_u32(rng) for _ in range(rng.randint(1, 15))]
        sid = "S-1-%d-%s" % (auth, "-".join(map(str, subs)))
    return sid, sid


def rand_mask(rng):
    r = rng.random()
    if r < 0.1:
        return "", 0
    if r < 0.3:
        # Hex only: Samba 4.17 reads decimal/octal masks as 0.
        m = rand_u32(rng)
        digits = "%x" % m
        if rng.random() < 0.3:
            digits = digits.upper()
        if rng.random() < 0.2:
            digits = digits.zfill(8)
        return "0x" + digits, m
    return pick_subset(rng, RIGHTS)


def rand_guid(rng):
    g = str(uuid.UUID(int=rng.getrandbits(128)))
    return g.upper() if rng.random() < 0.3 else g


def rand_ace(rng, types, flag_table):
    tname = rng.choice(sorted(types))
    atype = types[tname]
    flags_txt, flags = pick_subset(rng, flag_table)
    mask_txt, mask = rand_mask(rng)
    obj = inh = ""
    if atype in OBJECT_TYPES:
        # Never both empty: Samba then emits a GUID-less object ACE.
        which = rng.choice(["obj", "inh", "both"])
        obj = rand_guid(rng) if which in ("obj", "both") else ""
        inh = rand_guid(rng) if which in ("inh", "both") else ""
    sid_txt, sid = rand_sid(rng)
    text = "(%s;%s;%s;%s;%s;%s)" % (tname, flags_txt, mask_txt, obj, inh, sid_txt)
    return text, (atype, flags, mask, sid, obj.lower() or "-", inh.lower() or "-")


def rand_acl(rng, letter, types, flag_table, max_aces, last):
    """Returns (text, ctl bits, expected aces or None for an absent ACL)."""
    r = rng.random()
    if r < 0.2:
        return "", 0, None
    present, ctl_table = ACL_CTL[letter]
    flags_txt, ctl = pick_subset(rng, ctl_table)
    n = 0 if r < 0.3 else rng.randint(0, max_aces)
    if n == 0 and not last:
        # Samba 4.17 rejects ACL flags directly followed by another
        # component ("D:PS:"), so flags without ACEs only go last.
        flags_txt, ctl = "", 0
    aces = [rand_ace(rng, types, flag_table) for _ in range(n)]
    text = letter + ":" + flags_txt + "".join(t for t, _ in aces)
    return text, present | ctl, [e for _, e in aces]


def rand_sd(rng):
    parts, ctl, exp = [], SE_SELF_RELATIVE, {}
    for letter in "OG":
        exp[letter] = None
        if rng.random() < 0.75:
            sid_txt, exp[letter] = rand_sid(rng)
            parts.append("%s:%s" % (letter, sid_txt))
    # The SACL is drawn first so the DACL knows whether anything follows it.
    s_text, s_bits, exp["S"] = rand_acl(rng, "S", SACL_TYPES,
                                        dict(INHERIT_FLAGS, **AUDIT_FLAGS), 6, True)
    d_text, d_bits, exp["D"] = rand_acl(rng, "D", DACL_TYPES, INHERIT_FLAGS, 12,
                                        not s_text)
    parts += [d_text, s_text]
    return "".join(parts), ctl | s_bits | d_bits, exp


# --- output ----------------------------------------------------------------

def guid_or_dash(ace, bit, attr):
    return str(getattr(ace.object, attr)) if ace.object.flags & bit else "-"


def ace_fields(ace):
    if ace.type in OBJECT_TYPES:
        obj = guid_or_dash(ace, 1, "type")
        inh = guid_or_dash(ace, 2, "inherited_type")
    else:
        obj = inh = "-"
    return (ace.type, ace.flags, ace.access_mask, str(ace.trustee), obj, inh)


def emit_acl(out, name, acl, expected):
    if acl is None:
        assert expected is None, name
        out.append("%s -" % name)
        return
    fields = [ace_fields(a) for a in acl.aces]
    # Guard against an unnoticed Samba quirk: its reading must equal ours.
    assert fields == expected, (name, fields, expected)
    out.append("%s %d %d" % (name, acl.revision, acl.num_aces))
    out.extend("ace %d 0x%02x 0x%08x %s %s %s" % f for f in fields)


def sd_block(sddl, ctl, exp):
    sd = parse(sddl)
    assert sd.type == ctl, (sddl, hex(sd.type), hex(ctl))
    out = ["sddl " + sddl, "ctl 0x%04x" % sd.type]
    for name, sid, want in (("own", sd.owner_sid, exp["O"]),
                            ("grp", sd.group_sid, exp["G"])):
        got = str(sid) if sid is not None else None
        assert got == want, (sddl, name, got, want)
        out.append("%s %s" % (name, got or "-"))
    emit_acl(out, "dacl", sd.dacl, exp["D"])
    emit_acl(out, "sacl", sd.sacl, exp["S"])
    out.append("end")
    return out


def main():
    check_aliases()
    out = [
        "# Generated by tests/gen/gen_random_sds.py -- do not edit.",
        "# Oracle: Samba %s (python3-samba security.descriptor.from_sddl)" % samba.version,
        "# Seed %d, %d descriptors, domain SID %s" % (SEED, N, DOMAIN),
        "# Format: sddl/ctl/own/grp/dacl/ace.../sacl/ace.../end per descriptor;",
        "#   ace <type> <flags> <mask> <trustee> <object GUID|-> <inherited GUID|->",
        "# Samba quirks probed at generation time (input -> Samba's reading):",
    ]
    out += ["#   %-24s %-46s -> %s" % (s, why, probe(s)) for s, why in QUIRK_PROBES]
    rng = random.Random(SEED)
    blocks = []
    for _ in range(N):
        blocks += sd_block(*rand_sd(rng))
    # Windows uses revision 2 unless an object ACE is present; say what Samba did.
    revs = sorted({l.split()[1] for l in blocks
                   if l.startswith(("dacl ", "sacl ")) and l != "dacl -" and l != "sacl -"})
    out.append("# ACL revisions recorded as Samba reports them; seen: %s" % " ".join(revs))
    out += blocks
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
