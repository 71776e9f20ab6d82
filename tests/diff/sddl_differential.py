#!/usr/bin/python3
"""Differential fuzzing of SDDL -> self-relative binary: libcadcom against Samba.

Not part of `make check`: it needs python3-samba (Debian's /usr/bin/python3)
and the built Python binding.  Run from the top of the source tree:

    make -C _build/default -j1
    PYTHONPATH=_build/default/bindings/python \\
        /usr/bin/python3 tests/diff/sddl_differential.py --count 50000 --seed 1

(without PYTHONPATH the script tries _build/default/bindings/python itself).
If the build tree may be rebuilt while it runs (a replaced .so kills the
process with SIGBUS), run a copy: put cadcom.py and _cadcom*.so from
bindings/python and lib/.libs/libcadcom.so.1 in one directory and set both
PYTHONPATH and LD_LIBRARY_PATH to it.
Options: --seed S, --count N (default 20000), --domain-sid SID, --show N
(examples printed per class, default 3), --mutate-ratio R (default 0.35).

What it does.  Random SDDL strings come from a grammar (owner, group, DACL,
SACL with flags and NO_ACCESS_CONTROL; ACE types A D OA OD AU AL OU OL ML and
the conditional/resource/scoped types XA XD XU ZA RA SP; ACE flags; rights as
letters, hex, decimal, octal, signed and oversized numbers; SIDs as aliases,
domain-relative aliases, decimal and hex S-1-... forms; GUIDs; whitespace and
letter case where Windows allows them), plus mutations of such strings.  Each
string goes through cadcom (SD.from_sddl, bytes) and through Samba
(security.descriptor.from_sddl with the same domain SID, ndr_pack).  The two
byte strings are compared after putting both into one layout (header, SACL,
DACL, owner, group): Samba packs owner, group, SACL, DACL, which is an equally
valid self-relative form and not a disagreement.

Each input ends in one class:
  agree-accept   both accept, identical bytes;
  agree-reject   both reject;
  a quirk        the disagreement is fully explained by Samba 4.17 quirks;
  UNDOCUMENTED   anything else (printed with both results).

Classification is by deterministic rules, one per quirk (QUIRKS below); none
guesses.  There are three kinds:
  output   a normalisation of Samba's bytes (ACL revision 4 -> 2 when no object
           ACE; OA without GUIDs -> A);
  valid    cadcom accepted: a rewrite of the input into a form with the same
           meaning under Windows' rules that avoids the construct Samba
           misreads (a decimal mask becomes hex, FA becomes 0x1f01ff, blanks
           are dropped where Windows allows them and only there, so blanks
           cadcom wrongly took would show; NO_ACCESS_CONTROL or a flags-only
           ACL is evaluated by
           Samba part by part, an ML ACE is read as AU and its type byte put
           back); Samba's bytes for the rewrite must equal cadcom's bytes for
           the original, and cadcom must read the plain-text rewrites the same
           as the original;
  invalid  cadcom rejected and Samba accepted: a repair of a field that is
           invalid by Windows' documented grammar (checked here, independently
           of cadcom) to what Samba 4.17 is known to read there (the part before
           junk it ignores, ...); cadcom must accept the repair, Samba must
           read the repair exactly as it read the original, and the repaired
           string must then agree (up to "valid"-kind quirks).
For a disagreement every applicable rewrite is applied; if that explains it,
the set is reduced greedily (in QUIRKS order) to a minimal sufficient one,
and those quirks are the classes counted.  An input with several quirks
counts once for each.

Only binary results are compared: how either side prints SDDL (the order of
rights letters, for one) is not checked.

Exit status: 0 if every disagreement is a known quirk, 1 if any is
UNDOCUMENTED, 2 if cadcom or Samba cannot be imported.  Deterministic for a
given seed, count, mutate ratio and domain SID.
"""
import argparse
import collections
import copy
import os
import random
import re
import struct
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DOMAIN = "S-1-5-21-2447931902-1787058256-3961074038"


def import_libraries():
    """cadcom and samba, or exit 2 with the reason."""
    try:
        import cadcom
    except ImportError as e:
        guess = os.path.join(ROOT, "_build", "default", "bindings", "python")
        if os.path.exists(os.path.join(guess, "cadcom.py")) and guess not in sys.path:
            sys.path.insert(0, guess)
            try:
                import cadcom
            except ImportError as e2:
                e = e2
                cadcom = None
        else:
            cadcom = None
        if cadcom is None:
            sys.stderr.write(
                "sddl_differential: cannot import cadcom (%s).\n"
                "  Build it (make -C _build/default -j1) and run with\n"
                "  PYTHONPATH=_build/default/bindings/python /usr/bin/python3 %s\n"
                % (e, sys.argv[0]))
            sys.exit(2)
    try:
        from samba.dcerpc import security
        from samba.ndr import ndr_pack
    except ImportError as e:
        sys.stderr.write(
            "sddl_differential: cannot import samba (%s).\n"
            "  Run with Debian's /usr/bin/python3 and install python3-samba.\n" % e)
        sys.exit(2)
    return cadcom, security, ndr_pack


# ---- Windows' SDDL vocabulary (doc/SDDL.md, MS-DTYP 2.5.1, sddl.h) ---------

WS = " \t\n\r\v\f"
ACE_TYPES = dict(A=0x00, D=0x01, AU=0x02, AL=0x03, OA=0x05, OD=0x06, OU=0x07,
                 OL=0x08, ML=0x11)
TYPE_NAME = {v: k for k, v in ACE_TYPES.items()}
DACL_TYPES = ("A", "D", "OA", "OD")
SACL_TYPES = ("AU", "AL", "OU", "OL", "ML")
OBJECT_TYPES = {0x05, 0x06, 0x07, 0x08}
# Conditional, resource attribute and scoped policy ACE types; cadcom and
# Samba 4.17 both refuse them, so they only test agreement on rejection.
CALLBACK_TYPES = ("XA", "XD", "XU", "ZA", "RA", "SP")
ACE_FLAGS = dict(OI=0x01, CI=0x02, NP=0x04, IO=0x08, ID=0x10, SA=0x40, FA=0x80)
INHERIT_FLAGS = ("OI", "CI", "NP", "IO", "ID")
AUDIT_FLAGS = ("SA", "FA")
RIGHT_BITS = dict(CC=0x1, DC=0x2, LC=0x4, SW=0x8, RP=0x10, WP=0x20, DT=0x40,
                  LO=0x80, CR=0x100, SD=0x10000, RC=0x20000, WD=0x40000,
                  WO=0x80000, GA=0x10000000, GX=0x20000000, GW=0x40000000,
                  GR=0x80000000)
RIGHT_ALIASES = dict(FA=0x1F01FF, FR=0x120089, FW=0x120116, FX=0x1200A0,
                     KA=0xF003F, KR=0x20019, KW=0x20006, KX=0x20019)
LABEL_RIGHTS = dict(NW=0x1, NR=0x2, NX=0x4)
RIGHTS = dict(RIGHT_BITS, **RIGHT_ALIASES, **LABEL_RIGHTS)
# Two-letter SID aliases: MS-DTYP 2.5.1.1 sid-token plus sddl.h's AS, SS, AP,
# KA, EK (SDDL_AUTHORITY_ASSERTED etc.).  Which SID each stands for is not
# needed here: both libraries resolve them and the bytes are compared.
SID_ALIASES = (
    "WD CO CG OW NU IU SU AN ED PS AU RC SY LS NS WR UD AC LW ME MP HI SI AS SS "
    "BA BU BG PU AO SO PO BO RE RU RD NO MU LU IS CY ER CD RA ES MS HA AA RM "
    "RO LA LG DA DU DG DC DD CA SA EA PA CN AP KA EK RS").split()
ACL_FLAGS = ("P", "AI", "AR")
NULL_ACL = "NO_ACCESS_CONTROL"
U32 = 0xFFFFFFFF

# Control bits: present, protected, auto-inherited, auto-inherit-req.
ACL_CONTROL = {"D": (0x0004, 0x1000, 0x0400, 0x0100),
               "S": (0x0010, 0x2000, 0x0800, 0x0200)}
SE_SELF_RELATIVE = 0x8000


# ---- the Windows rules for single fields (doc/SDDL.md "Reading") ----------
# Used to decide what a field means (for rewrites) and whether a field is
# invalid (for repairs).  Independent of cadcom's C code.

def w_number(text):
    """An access mask written as a number, the way Windows reads it: optional
    sign, 0x hex, leading-0 octal, else decimal; a magnitude over 32 bits is
    0xffffffff before the sign applies.  None if not a valid number."""
    m = re.fullmatch(r"([+-]?)(0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))", text)
    if not m:
        return None
    sign, _, hexd, octd, decd = m.groups()
    v = int(hexd, 16) if hexd is not None else int(octd, 8) if octd is not None else int(decd)
    v = min(v, U32)
    return (-v) & U32 if sign == "-" else v


def w_tokens(text, table):
    """Concatenated two-letter tokens (any case) of table: their OR, or None."""
    if len(text) % 2:
        return None
    v = 0
    for i in range(0, len(text), 2):
        tok = text[i:i + 2].upper()
        if tok not in table:
            return None
        v |= table[tok]
    return v


def w_rights(field):
    """Value of a rights field (blanks may precede it), or None if invalid."""
    t = field.lstrip(WS)
    if t == "":
        return 0
    if t[0] in "0123456789+-":
        return w_number(t)
    return w_tokens(t, RIGHTS)


def w_sid(text):
    """Canonical 'S-1-a-s-s' text of a numeric SID, or None.  Parts are
    decimal or 0x hex; after a revision written 0x1 all later parts are hex;
    sub-authorities over 32 bits become 4294967295; the authority must fit 48
    bits; at most 15 sub-authorities; blanks may precede the revision and
    the authority."""
    m = re.fullmatch(r"[sS]-[" + WS + r"]*(.*)", text, re.S)
    if not m:
        return None
    rest = m.group(1)
    parts = rest.split("-")
    if len(parts) < 2:
        return None
    parts[1] = parts[1].lstrip(WS)
    hex_mode = False
    vals = []
    for k, p in enumerate(parts):
        mm = re.fullmatch(r"0[xX]([0-9a-fA-F]+)", p)
        if mm:
            v = int(mm.group(1), 16)
            if k == 0:
                hex_mode = True
        elif hex_mode and re.fullmatch(r"[0-9a-fA-F]+", p):
            v = int(p, 16)
        elif re.fullmatch(r"[0-9]+", p):
            v = int(p)
        else:
            return None
        vals.append(v)
    if vals[0] != 1 or vals[1] >= 1 << 48 or len(vals) - 2 > 15:
        return None
    return "S-1-%d%s" % (vals[1], "".join("-%d" % min(v, U32) for v in vals[2:]))


def w_sid_field(field):
    """True if an ACE's SID field (or an O:/G: value) is valid."""
    t = field.lstrip(WS)
    if t[:2].upper() == "S-":
        return w_sid(t) is not None
    return t[:2].upper() in SID_ALIASES and t[2:].strip(WS) == ""


GUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def w_guid(field):
    """'' for an empty (blank) field, the GUID text, or None if invalid."""
    if field.strip(WS) == "":
        return ""
    return field if GUID_RE.fullmatch(field) else None


def w_type(field):
    t = field.lstrip(WS).upper()
    return ACE_TYPES.get(t)


# ---- what Samba 4.17 reads in a field (libcli/security/sddl.c, 4.17) ------
# sddl_map_flags() reads tokens while the next character is an upper-case
# letter and ignores the rest of the field; sddl_decode_access() reads "0x"
# with strtol() and ignores what follows; sddl_decode_sid() reads "S-" and
# the characters "-0123456789" after it, or two letters, and ignores the rest.

SAMBA_TYPE_TABLE = [("AU", 2), ("AL", 3), ("OA", 5), ("OD", 6), ("OU", 7), ("OL", 8),
                    ("A", 0), ("D", 1)]
SAMBA_FLAG_TABLE = [(k, v) for k, v in ACE_FLAGS.items()]
SAMBA_RIGHT_TABLE = [(k, v) for k, v in RIGHT_BITS.items()] + \
    [("FA", 0x1FF), ("FR", 0x120089), ("FW", 0x120116), ("FX", 0x1200A0)]


def samba_tokens(field, table):
    """(consumed prefix, OR of values) as sddl_map_flags reads it, or None if
    Samba rejects the field (an upper-case letter that starts no token)."""
    i, v = 0, 0
    while i < len(field) and "A" <= field[i] <= "Z":
        for tok, val in table:
            if field.startswith(tok, i):
                i += len(tok)
                v |= val
                break
        else:
            return None
    return field[:i], v


def samba_rights(field):
    """(replacement text, value) for what Samba reads in a rights field."""
    if field.startswith("0x"):
        m = re.match(r"0x([0-9a-fA-F]+)", field)
        v = int(m.group(1), 16) if m else 0
        return "0x%x" % (min(v, (1 << 63) - 1) & U32), None
    r = samba_tokens(field, SAMBA_RIGHT_TABLE)
    return (r[0], r[1]) if r else None


def samba_sid_prefix(field):
    if field.startswith("S-"):
        n = len(field) - len(field[2:].lstrip("-0123456789"))
        return field[:n]
    return field[:2]


def samba_drop_unknown_parts(text):
    """The text without the "c:" parts Samba 4.17's main loop skips (any c
    but O, G, D, S), found where that loop looks for a part; unchanged if
    the loop would fail first."""
    pos, drop, n = 0, [], len(text)
    while pos < n:
        if text[pos + 1:pos + 2] != ":":
            return text
        c, pos = text[pos], pos + 2
        if c in "OG":
            pos += len(samba_sid_prefix(text[pos:])) if text[pos:pos + 2] == "S-" else 2
        elif c in "DS":
            if not ("A" <= text[pos:pos + 1] <= "Z" and text[pos + 1:pos + 2] == ":"):
                r = samba_tokens(text[pos:], [("P", 0), ("AI", 0), ("AR", 0)])
                if r is None:
                    return text
                pos += len(r[0])
                while text[pos:pos + 1] == "(":
                    j = text.find(")", pos)
                    if j < 0:
                        return text
                    pos = j + 1
        else:
            drop.append(pos - 2)
    for at in reversed(drop):
        text = text[:at] + text[at + 2:]
    return text


# ---- self-relative security descriptors ------------------------------------

class BinError(Exception):
    pass


NULL = "NULL"   # a present ACL that is a NULL ACL (offset 0)


def _sid_at(b, off):
    if off + 8 > len(b):
        raise BinError("SID at %d truncated" % off)
    n = 8 + 4 * b[off + 1]
    if off + n > len(b):
        raise BinError("SID at %d truncated" % off)
    return bytes(b[off:off + n])


def _acl_at(b, off):
    if off + 8 > len(b):
        raise BinError("ACL at %d truncated" % off)
    rev, sbz1, size, count, sbz2 = struct.unpack_from("<BBHHH", b, off)
    p, aces = off + 8, []
    for _ in range(count):
        if p + 4 > len(b):
            raise BinError("ACE at %d truncated" % p)
        t, f, sz = struct.unpack_from("<BBH", b, p)
        if sz < 4 or p + sz > len(b):
            raise BinError("ACE at %d has size %d" % (p, sz))
        aces.append([t, f, bytes(b[p + 4:p + sz])])
        p += sz
    if p - off != size or sbz1 or sbz2:
        raise BinError("ACL at %d: size %d, ACEs end at +%d, sbz %d/%d"
                       % (off, size, p - off, sbz1, sbz2))
    return [rev, aces]


def parse_sd(b):
    """Self-relative bytes -> [revision, sbz1, control, owner, group, sacl, dacl]
    (owner/group: SID bytes or None; an ACL: [revision, [[type, flags, body]]],
    NULL or None)."""
    if len(b) < 20:
        raise BinError("descriptor shorter than 20 bytes")
    rev, sbz1, ctl, oo, og, osacl, odacl = struct.unpack_from("<BBHIIII", b, 0)
    owner = _sid_at(b, oo) if oo else None
    group = _sid_at(b, og) if og else None
    sacl = _acl_at(b, osacl) if osacl else (NULL if ctl & 0x0010 else None)
    dacl = _acl_at(b, odacl) if odacl else (NULL if ctl & 0x0004 else None)
    return [rev, sbz1, ctl, owner, group, sacl, dacl]


def _acl_bytes(acl):
    body = b"".join(struct.pack("<BBH", t, f, 4 + len(x)) + x for t, f, x in acl[1])
    return struct.pack("<BBHHH", acl[0], 0, 8 + len(body), len(acl[1]), 0) + body


def canon_bytes(sd):
    """One layout for both libraries: header, SACL, DACL, owner, group."""
    rev, sbz1, ctl, owner, group, sacl, dacl = sd
    out, offs = bytearray(20), []
    for part in (sacl, dacl, owner, group):
        if part is None or part is NULL:
            offs.append(0)
            continue
        offs.append(len(out))
        out += _acl_bytes(part) if isinstance(part, list) else part
    o_sacl, o_dacl, o_owner, o_group = offs
    struct.pack_into("<BBHIIII", out, 0, rev, sbz1, ctl, o_owner, o_group, o_sacl, o_dacl)
    return bytes(out)


def normalise_samba(sd):
    """Apply the output quirks to a parsed Samba descriptor (in place); returns
    the keys of those that changed something."""
    used = []
    for i in (5, 6):
        acl = sd[i]
        if not isinstance(acl, list):
            continue
        for ace in acl[1]:
            if ace[0] == 0x05 and len(ace[2]) >= 8 and ace[2][4:8] == b"\0\0\0\0":
                ace[0], ace[2] = 0x00, ace[2][:4] + ace[2][8:]
                if "oa-no-guid" not in used:
                    used.append("oa-no-guid")
        if acl[0] == 4 and not any(a[0] in OBJECT_TYPES for a in acl[1]):
            acl[0] = 2
            if "acl-revision" not in used:
                used.append("acl-revision")
    return used


# ---- running both libraries -------------------------------------------------

class Result:
    """One library's answer: bytes (and the parsed form) or an error."""
    __slots__ = ("raw", "sd", "err", "canon")

    def __init__(self, raw=None, err=None):
        self.raw, self.err, self.sd, self.canon = raw, err, None, None
        if raw is not None:
            try:
                self.sd = parse_sd(raw)
                self.canon = canon_bytes(self.sd)
            except BinError as e:
                self.err, self.raw = "unparsable bytes (%s): %s" % (e, raw.hex()), None

    @property
    def ok(self):
        return self.raw is not None


class Engines:
    def __init__(self, cadcom, security, ndr_pack, domain):
        self.cadcom, self.security, self.ndr_pack = cadcom, security, ndr_pack
        self.c_dom = cadcom.sid_from_string(domain, None)
        self.s_dom = security.dom_sid(domain)
        self.c_cache, self.s_cache = {}, {}

    def cad(self, text):
        r = self.c_cache.get(text)
        if r is None:
            try:
                r = Result(raw=bytes(self.cadcom.SD.from_sddl(text, self.c_dom)))
            except self.cadcom.Error as e:
                r = Result(err="%s: %s" % (type(e).__name__, e))
            except Exception as e:  # not a cadcom error: always worth a look
                r = Result(err="UNEXPECTED %s: %s" % (type(e).__name__, e))
            if len(self.c_cache) > 4096:
                self.c_cache.clear()
            self.c_cache[text] = r
        return r

    def samba_raw(self, text):
        r = self.s_cache.get(text)
        if r is None:
            try:
                r = Result(raw=self.ndr_pack(self.security.descriptor.from_sddl(text, self.s_dom)))
            except Exception as e:  # 4.17 raises TypeError("Unable to parse SDDL")
                r = Result(err="%s: %s" % (type(e).__name__, e))
            if len(self.s_cache) > 4096:
                self.s_cache.clear()
            self.s_cache[text] = r
        return r

    def cad_sddl(self, text):
        try:
            return self.cadcom.SD.from_sddl(text, self.c_dom).to_sddl(self.c_dom)
        except Exception as e:
            return "(%s)" % type(e).__name__

    def samba_sddl(self, text):
        try:
            return self.security.descriptor.from_sddl(text, self.s_dom).as_sddl(self.s_dom)
        except Exception as e:
            return "(%s)" % type(e).__name__


# ---- a tokeniser that keeps every character --------------------------------
# Doc = [lead, parts]; part = [letter, value, acl]; acl = [flags, aces] or
# None for O:/G:; ace = [fields, after].  to_text() gives the input back.

def _part_start(text, i):
    return text[i:i + 1] in ("O", "G", "D", "S") and text[i + 1:i + 2] == ":"


def tokenize(text):
    """Sequential, as Samba reads: a part runs to the next "X:" (X in OGDS);
    in an ACL, flags run to the first "(" and an ACE from "(" to the first
    ")" (a "(" or "X:" inside belongs to the ACE).  None if the text is not
    made of parts."""
    i = 0
    while i < len(text) and text[i] in WS:
        i += 1
    lead, parts = text[:i], []
    if i < len(text) and not _part_start(text, i):
        return None
    while i < len(text):
        letter, i = text[i], i + 2
        if letter in "OG":
            j = i
            while j < len(text) and not _part_start(text, j):
                j += 1
            parts.append([letter, text[i:j], None])
            i = j
            continue
        j = i
        while j < len(text) and text[j] != "(" and not _part_start(text, j):
            j += 1
        flags, aces = text[i:j], []
        i = j
        while i < len(text) and text[i] == "(":
            j = text.find(")", i)
            if j < 0:
                return None
            k = j + 1
            while k < len(text) and text[k] != "(" and not _part_start(text, k):
                k += 1
            aces.append([text[i + 1:j].split(";"), text[j + 1:k]])
            i = k
        value = flags + "".join("(" + ";".join(f) + ")" + a for f, a in aces)
        parts.append([letter, value, [flags, aces]])
    return [lead, parts]


def part_text(part):
    letter, value, acl = part
    if acl is None:
        return letter + ":" + value
    flags, aces = acl
    return letter + ":" + flags + "".join("(" + ";".join(f) + ")" + a for f, a in aces)


def to_text(doc):
    return doc[0] + "".join(part_text(p) for p in doc[1])


def each_ace(doc):
    for part in doc[1]:
        if part[2] is not None:
            for idx, ace in enumerate(part[2][1]):
                yield part, idx, ace


# ---- the quirks -------------------------------------------------------------
# Each has a key, a one-line description, its source (doc/SDDL.md: "4.17 list"
# for the quirks listed there before this script, "added" for those this
# script found and doc/SDDL.md now lists) and a kind: "output", "valid" or
# "invalid" (see the module docstring).  A "valid" or "invalid" quirk's
# apply(doc, ctx) changes the tokenised input and returns True if it did.

class Ctx:
    def __init__(self):
        self.split = False          # let Samba read each part on its own
        self.null = set()           # ACL letters to make NULL ACLs
        self.type_patch = []        # (letter, ace index, type byte) after Samba
        self.samba_retype = []      # (letter, ace index, type) set in Samba's original
        self.sid_rev = False        # Samba's original: SID revision bytes set to 1


def _rewrite_strings(doc, fn, guid_fields=True):
    changed = False
    if doc[0] != fn(doc[0]):
        doc[0], changed = fn(doc[0]), True
    for part in doc[1]:
        if part[2] is None:
            v = fn(part[1])
            changed |= v != part[1]
            part[1] = v
            continue
        f = fn(part[2][0])
        changed |= f != part[2][0]
        part[2][0] = f
        for ace in part[2][1]:
            for i, field in enumerate(ace[0]):
                if not guid_fields and i in (3, 4):
                    continue
                v = fn(field)
                changed |= v != field
                ace[0][i] = v
            a = fn(ace[1])
            changed |= a != ace[1]
            ace[1] = a
    return changed


def _ws_sid(t):
    """A SID text without the blanks Windows allows in it: before it, after
    a two-letter alias, before a numeric SID's revision and authority."""
    t = t.lstrip(WS)
    if t[:2].upper() == "S-":
        m = re.fullmatch(r"([sS]-)[" + WS + r"]*([0-9a-fA-FxX]+-)[" + WS + r"]*(.*)", t, re.S)
        return "".join(m.groups()) if m else t
    if len(t) >= 2 and t[2:].strip(WS) == "":
        return t[:2]
    return t


def q_whitespace(doc, ctx):
    """Drop blanks only where Windows allows them (doc/SDDL.md, Reading);
    blanks anywhere else stay, so that cadcom accepting them would show."""
    before = to_text(doc)
    doc[0] = ""
    for k, part in enumerate(doc[1]):
        if part[2] is None:
            part[1] = _ws_sid(part[1])
            continue
        flags, aces = part[2]
        flags = flags.lstrip(WS)
        flags = re.sub(r"(?i)(?<=P)[" + WS + r"]+", "", flags)  # "D:P (A;..."
        if not aces:
            flags = flags.rstrip(WS)                          # blanks between parts
        part[2][0] = flags
        for ace in aces:
            f = ace[0]
            for i in range(len(f)):
                if i in (3, 4):
                    if f[i].strip(WS) == "":
                        f[i] = ""
                elif i == 5:
                    f[i] = _ws_sid(f[i])
                elif i < 5:
                    f[i] = f[i].lstrip(WS)
            if ace[1].strip(WS) == "":
                ace[1] = ""
    return to_text(doc) != before


def _upper_keep_hex_prefix(s):
    return re.sub(r"0[xX]|[a-z]+", lambda m: m.group(0) if m.group(0)[0] == "0" else m.group(0).upper(), s)


def q_case(doc, ctx):
    return _rewrite_strings(doc, _upper_keep_hex_prefix, guid_fields=False)


def _sid_fields(doc):
    """(getter, setter) pairs for every SID text: O:/G: values, ACE SIDs."""
    for part in doc[1]:
        if part[2] is None:
            yield (lambda p=part: p[1]), (lambda v, p=part: p.__setitem__(1, v))
    for part, idx, ace in each_ace(doc):
        if len(ace[0]) >= 6:
            yield (lambda a=ace: a[0][5]), (lambda v, a=ace: a[0].__setitem__(5, v))


def _q_sid(doc, want):
    changed = False
    for get, put in _sid_fields(doc):
        t = get()
        canon = w_sid(t)
        if canon is None:
            continue
        has_hex = "x" in t or "X" in t
        big = any(int(p) > U32 for p in re.findall(r"\d+", t)[2:]) if not has_hex else False
        if (want == "hex" and has_hex) or (want == "big" and big):
            if canon != t:
                put(canon)
                changed = True
    return changed


def q_sid_octal(doc, ctx):
    changed = False
    for get, put in _sid_fields(doc):
        t = get()
        m = re.match(r"[sS]-[0-9]+-(0[0-9]+)(-|$)", t)
        canon = w_sid(t)
        if m and canon is not None and canon != t:
            put(canon)
            changed = True
    return changed


def q_sid_hex(doc, ctx):
    return _q_sid(doc, "hex")


def q_sid_big(doc, ctx):
    return _q_sid(doc, "big")


def _q_rights(doc, pred):
    changed = False
    for part, idx, ace in each_ace(doc):
        if len(ace[0]) < 3:
            continue
        t = ace[0][2].lstrip(WS)
        v = w_rights(ace[0][2])
        if v is None or not t or not pred(t):
            continue
        new = "0x%x" % v
        if new != ace[0][2]:
            ace[0][2] = new
            changed = True
    return changed


def _letters(t):
    return [t[i:i + 2].upper() for i in range(0, len(t), 2)] if t[0] not in "0123456789+-" else []


QUIRKS = []


class Quirk:
    def __init__(self, key, kind, source, text, apply=None, text_apply=None):
        self.key, self.kind, self.source, self.text, self.apply = key, kind, source, text, apply
        self.text_apply = text_apply    # a repair of the raw text, before tokenising
        QUIRKS.append(self)


def q_null_acl(doc, ctx):
    changed = False
    for part in doc[1]:
        if part[2] is not None and NULL_ACL in part[2][0].upper():
            ctx.split = True
            ctx.null.add(part[0])
            changed = True
    return changed


def q_ml(doc, ctx):
    changed = False
    for part, idx, ace in each_ace(doc):
        if part[0] == "S" and ace[0] and ace[0][0].strip(WS).upper() == "ML":
            ace[0][0] = "AU"
            ctx.type_patch.append(("S", idx, 0x11))
            changed = True
    return changed


def q_flags_then_part(doc, ctx):
    parts = doc[1]
    for k, part in enumerate(parts[:-1]):
        if part[2] is not None and not part[2][1] and part[2][0].strip(WS):
            ctx.split = True
            return True
    return False


# -- invalid-kind repairs: only fields invalid by w_* above are touched.

def q_trailing(doc, ctx):
    """Samba reads a field up to what it understands and ignores the rest."""
    changed = False
    for part, idx, ace in each_ace(doc):
        f = ace[0]
        if len(f) != 6:                    # see extra-field
            continue
        if w_type(f[0]) is None:
            r = samba_tokens(f[0], SAMBA_TYPE_TABLE)
            if r and r[0] != f[0]:
                f[0], changed = r[0], True
        if w_tokens(f[1].lstrip(WS), ACE_FLAGS) is None:
            r = samba_tokens(f[1], SAMBA_FLAG_TABLE)
            if r and r[0] != f[1]:
                f[1], changed = r[0], True
        if w_rights(f[2]) is None:
            r = samba_rights(f[2])
            if r and r[0] != f[2]:
                f[2], changed = r[0], True
        if not w_sid_field(f[5]):
            p = samba_sid_prefix(f[5])
            if p != f[5] and w_sid_field(p):
                f[5], changed = p, True
    return changed


def q_sid_revision(doc, ctx):
    """Samba reads S-<any decimal>-... and writes that revision byte."""
    changed = False
    for get, put in _sid_fields(doc):
        t = get()
        if not t.startswith("S-"):
            continue
        p = samba_sid_prefix(t)
        m = re.fullmatch(r"S-([0-9]+)(-.*)", p)
        if m and int(m.group(1)) != 1 and w_sid("S-1" + m.group(2)) is not None:
            put("S-1" + m.group(2) + t[len(p):])
            ctx.sid_rev = True
            changed = True
    return changed


def _sid_offset(t, body):
    if t in OBJECT_TYPES:
        f = struct.unpack_from("<I", body, 4)[0] if len(body) >= 8 else 0
        return 8 + 16 * bin(f & 3).count("1")
    return 4


def set_sid_revisions(sd):
    """Every SID of a parsed descriptor with revision byte 1."""
    for i in (3, 4):
        if sd[i] is not None:
            sd[i] = b"\x01" + sd[i][1:]
    for i in (5, 6):
        if isinstance(sd[i], list):
            for ace in sd[i][1]:
                o = _sid_offset(ace[0], ace[2])
                if o < len(ace[2]):
                    ace[2] = ace[2][:o] + b"\x01" + ace[2][o + 1:]


def samba_octal_sid(field):
    """What Samba 4.17 reads for a SID whose authority has a leading 0: the
    authority as octal (strtoull base 0); if a non-octal digit follows, the
    SID ends there.  None if the field is not of that form."""
    m = re.match(r"S-([0-9]+)-(0[0-9]+)((?:-[0-9]+)*)", samba_sid_prefix(field))
    if not m:
        return None
    rev, auth, subs = m.groups()
    digits = re.match(r"[0-7]*", auth).group(0)
    val = int(digits, 8)
    return "S-%s-%d%s" % (rev, val, subs if digits == auth else "")


def q_sid_octal_junk(doc, ctx):
    changed = False
    for get, put in _sid_fields(doc):
        t = get()
        if w_sid_field(t):
            continue
        r = samba_octal_sid(t)
        if r is not None and w_sid(r) is not None and r != t:
            put(r)
            changed = True
    return changed


def q_extra_field(doc, ctx):
    changed = False
    for part, idx, ace in each_ace(doc):
        if len(ace[0]) > 6:
            ace[0][5:] = [ace[0][5]]
            changed = True
    return changed


def q_type_or(doc, ctx):
    """Samba ORs the type tokens it finds: "" is A (0), "AD" is D (0|1).
    An OR that names no type (DOL = 1|8 = 9) is packed like a plain ACE,
    GUIDs dropped: the repair writes A (DACL) or AU (SACL) and Samba's
    original reading gets that type byte."""
    changed = False
    for part, idx, ace in each_ace(doc):
        f = ace[0]
        if len(f) >= 6 and w_type(f[0]) is None:
            r = samba_tokens(f[0], SAMBA_TYPE_TABLE)
            if r and r[0] == f[0]:
                if r[1] in TYPE_NAME:
                    f[0] = TYPE_NAME[r[1]]
                else:
                    f[0] = "A" if part[0] == "D" else "AU"
                    ctx.samba_retype.append((part[0], idx, ACE_TYPES[f[0]]))
                changed = True
    return changed


def q_type_misread_misplaced(doc, ctx):
    """A type of the other ACL written in lower case or after a blank (ou or
    " OU" in a DACL): Windows fails; Samba reads no type token, so A (the
    lower-case and whitespace quirks); the repair writes what Samba read."""
    changed = False
    for part, idx, ace in each_ace(doc):
        f = ace[0]
        name = TYPE_NAME.get(w_type(f[0])) if f else None
        allowed = DACL_TYPES if part[0] == "D" else SACL_TYPES
        if len(f) == 6 and name and name not in allowed:
            r = samba_tokens(f[0], SAMBA_TYPE_TABLE)
            if r and r[0] == "":
                f[0], changed = "A", True
    return changed


# The type of the other ACL with the same binary layout.
OTHER_ACL_TYPE = dict(AU="A", AL="D", OU="OA", OL="OD", A="AU", D="AL", OA="OU", OD="OL")


def q_wrong_acl(doc, ctx):
    """An ACE of the other ACL's kind becomes its counterpart of the same
    layout (AU <-> A, AL <-> D, OU <-> OA, OL <-> OD); Samba's original
    reading gets the same type byte, so the rest is still compared."""
    changed = False
    for part, idx, ace in each_ace(doc):
        name = TYPE_NAME.get(w_type(ace[0][0])) if ace[0] else None
        allowed = DACL_TYPES if part[0] == "D" else SACL_TYPES
        if name in OTHER_ACL_TYPE and name not in allowed and len(ace[0]) == 6:
            new = OTHER_ACL_TYPE[name]
            ace[0][0] = new
            ctx.samba_retype.append((part[0], idx, ACE_TYPES[new]))
            changed = True
    return changed


def q_guid_nonobject(doc, ctx):
    changed = False
    for part, idx, ace in each_ace(doc):
        f = ace[0]
        t = w_type(f[0]) if f else None
        if len(f) == 6 and t is not None and t not in OBJECT_TYPES:
            for i in (3, 4):
                if f[i].strip(WS):
                    f[i], changed = "", True
    return changed


def q_guid_format(doc, ctx):
    changed = False
    for part, idx, ace in each_ace(doc):
        f = ace[0]
        if len(f) != 6 or w_type(f[0]) not in OBJECT_TYPES:
            continue
        for i in (3, 4):
            g = f[i]
            if w_guid(g) is not None:
                continue
            new = None
            if len(g) == 38 and g[0] == "{" and g[-1] == "}" and GUID_RE.fullmatch(g[1:-1]):
                new = g[1:-1]
            elif re.fullmatch(r"[0-9a-fA-F]{32}", g):
                new = str(uuid.UUID(bytes_le=bytes.fromhex(g)))
            if new:
                f[i], changed = new, True
    return changed


Quirk("acl-revision", "output", "4.17 list",
      "every ACL gets revision 4 (Windows: 2 unless it holds an object ACE)")
Quirk("oa-no-guid", "output", "4.17 list", "OA without GUIDs stays OA (Windows: A)")
Quirk("whitespace", "valid", "added",
      "blanks Windows allows (before a part's value, ACE fields, a SID's revision, after "
      "P, between ACEs, ...) are refused or misread", q_whitespace)
Quirk("lower-case", "valid", "added",
      "tokens are case-sensitive: lower-case ACE types, flags and rights read as nothing "
      "(so (d;;...) is an allow ACE), lower-case aliases, s-1-..., ACL flags fail", q_case)
Quirk("sid-hex", "valid", "added",
      "hex in a numeric SID (S-1-0x20-..., S-0x1-...): reads up to the x and ignores the "
      "rest of the SID, or fails", q_sid_hex)
Quirk("sid-authority-octal", "valid", "added",
      "an identifier authority with a leading 0 is read as octal up to the first 8 or 9, "
      "and the rest of the SID is ignored (S-1-0010-2 is S-1-8-2, S-1-0299-5 is S-1-2; "
      "MS-DTYP 2.4.2.1: decimal)", q_sid_octal)
Quirk("sid-over-32-bits", "valid", "added",
      "a sub-authority over 32 bits fails (Windows: 4294967295)", q_sid_big)
Quirk("mask-decimal-octal", "valid", "4.17 list", "decimal and octal masks read as 0",
      lambda d, c: _q_rights(d, lambda t: re.fullmatch(r"[0-9]+", t) is not None))
Quirk("mask-0X", "valid", "added", "hex masks written 0X... read as 0",
      lambda d, c: _q_rights(d, lambda t: t[:2] == "0X"))
Quirk("mask-signed", "valid", "added", "masks with a sign (-99, +0x10) read as 0",
      lambda d, c: _q_rights(d, lambda t: t[0] in "+-"))
Quirk("mask-over-32-bits", "valid", "added",
      "hex masks over 32 bits are cut to their low 32 bits (Windows: 0xffffffff)",
      lambda d, c: _q_rights(d, lambda t: t[:2] == "0x" and w_number(t) == U32
                             and int(t[2:], 16) > U32))
Quirk("rights-FA", "valid", "4.17 list", "FA means 0x1ff (Windows: 0x1f01ff)",
      lambda d, c: _q_rights(d, lambda t: "FA" in _letters(t)))
Quirk("rights-KA", "valid", "4.17 list", "KA fails",
      lambda d, c: _q_rights(d, lambda t: "KA" in _letters(t)))
Quirk("rights-KR-KW-KX", "valid", "added", "KR, KW and KX fail like KA",
      lambda d, c: _q_rights(d, lambda t: {"KR", "KW", "KX"} & set(_letters(t))))
Quirk("rights-NW-NR-NX", "valid", "added", "the label rights NW, NR, NX fail",
      lambda d, c: _q_rights(d, lambda t: {"NW", "NR", "NX"} & set(_letters(t))))
Quirk("ace-ML", "valid", "4.17 list", "ML (mandatory label) ACEs fail", q_ml)
Quirk("no-access-control", "valid", "added", "NO_ACCESS_CONTROL (a NULL ACL) fails", q_null_acl)
Quirk("flags-then-part", "valid", "4.17 list",
      "ACL flags directly before another part (D:PS:) fail", q_flags_then_part)
Quirk("unknown-part", "invalid", "added",
      "any other character followed by a colon (x:, d:, ::) is skipped as an empty part "
      "(Windows: fails; ':' is valid only after O, G, D, S)",
      text_apply=lambda t: samba_drop_unknown_parts(t))
Quirk("sid-revision", "invalid", "added",
      "a numeric SID with a revision other than 1 (S-10-5-...) is accepted and that "
      "revision written to the binary (MS-DTYP 2.4.2: must be 1; Windows: fails)", q_sid_revision)
Quirk("sid-octal-junk", "invalid", "added",
      "the octal-authority quirk where Windows fails anyway (S-1-00281474976710656-...: "
      "over 48 bits): Samba reads S-1-2 and ignores the rest", q_sid_octal_junk)
Quirk("extra-field", "invalid", "added",
      "text after the sixth ACE field (;x) is ignored (Windows: fails)", q_extra_field)
Quirk("trailing-junk", "invalid", "added",
      "text after what Samba can read in an ACE type, flags, rights or SID field is ignored "
      "(GA , CCx, 0x10zz, WDx, Antlers; Windows: fails)", q_trailing)
Quirk("type-or", "invalid", "added",
      "an ACE type field is the OR of the type tokens in it: empty is A, AD is D "
      "(Windows: fails)", q_type_or)
Quirk("misplaced-type-read-as-A", "invalid", "added",
      "the lower-case and whitespace quirks where Windows fails anyway: (ou;...) or "
      "( OU;...) in a DACL is read as an A ACE (its GUIDs dropped)", q_type_misread_misplaced)
Quirk("type-in-wrong-acl", "invalid", "added",
      "audit/alarm ACEs in a DACL and access ACEs in a SACL are accepted (Windows: fails)",
      q_wrong_acl)
Quirk("guid-format", "invalid", "added",
      "GUIDs in braces or as 32 bare hex digits (in another byte order) are accepted "
      "(Windows: fails)", q_guid_format)
Quirk("guid-non-object", "invalid", "added",
      "a GUID on a non-object ACE type is accepted and dropped (cadcom: rejected, its "
      "choice)", q_guid_nonobject)

QUIRK = {q.key: q for q in QUIRKS}
VALID_QUIRKS = [q for q in QUIRKS if q.kind == "valid"]
INVALID_QUIRKS = [q for q in QUIRKS if q.kind == "invalid"]


# ---- classification ---------------------------------------------------------

class Classifier:
    def __init__(self, eng):
        self.eng = eng

    def samba_eval(self, doc, ctx):
        """Samba's reading of a rewritten input: the whole text, or part by
        part when ctx.split; then the type patches."""
        eng = self.eng
        if not ctx.split:
            r = eng.samba_raw(to_text(doc))
            if not r.ok:
                return None
            sd = copy.deepcopy(r.sd)
        else:
            sd = [1, 0, SE_SELF_RELATIVE, None, None, None, None]
            for k, part in enumerate(doc[1]):
                letter = part[0]
                p = copy.deepcopy(part)
                if letter in ctx.null:
                    p[2][0] = re.sub(NULL_ACL, "", p[2][0], flags=re.I)
                # blanks before the first part go with it
                r = eng.samba_raw((doc[0] if k == 0 else "") + part_text(p))
                if not r.ok:
                    return None
                if letter == "O":
                    sd[3] = r.sd[3]
                elif letter == "G":
                    sd[4] = r.sd[4]
                else:
                    slot = 6 if letter == "D" else 5
                    sd[2] |= r.sd[2] & sum(ACL_CONTROL[letter])
                    sd[slot] = NULL if letter in ctx.null else copy.deepcopy(r.sd[slot])
        for letter, idx, t in ctx.type_patch:
            acl = sd[6 if letter == "D" else 5]
            if not isinstance(acl, list) or idx >= len(acl[1]):
                return None
            acl[1][idx][0] = t
        return sd

    def explain_valid(self, text, cad):
        """cadcom accepted text: the minimal set of valid-kind quirks (plus
        output quirks) that makes Samba's reading equal cadcom's, or None."""
        doc0 = tokenize(text)
        if doc0 is None:
            return None

        def attempt(keys):
            doc, ctx = copy.deepcopy(doc0), Ctx()
            applied = []
            for q in VALID_QUIRKS:
                if q.key in keys and q.apply(doc, ctx):
                    applied.append(q.key)
            sd = self.samba_eval(doc, ctx)
            if sd is None:
                return None
            out = normalise_samba(sd)
            if canon_bytes(sd) != cad.canon:
                return None
            return applied, out, doc, ctx

        keys = [q.key for q in VALID_QUIRKS]
        got = attempt(keys)
        if got is None:
            return None
        keys = got[0]
        for k in list(keys):
            trial = [x for x in keys if x != k]
            g = attempt(trial)
            if g is not None:
                keys, got = g[0], g
        applied, out, doc, ctx = got
        # The plain-text rewrites must not change cadcom's own reading.
        plain = copy.deepcopy(doc0)
        pctx = Ctx()
        for q in VALID_QUIRKS:
            if q.key in applied and q.key not in ("ace-ML", "no-access-control", "flags-then-part"):
                q.apply(plain, pctx)
        c2 = self.eng.cad(to_text(plain))
        if not c2.ok or c2.canon != cad.canon:
            return None
        return out + applied

    def explain_invalid(self, text, sam):
        """cadcom rejected text, Samba accepted it."""
        def attempt(keys):
            t1, applied = text, []
            for q in INVALID_QUIRKS:
                if q.key in keys and q.text_apply and q.text_apply(t1) != t1:
                    t1 = q.text_apply(t1)
                    applied.append(q.key)
            doc, ctx = tokenize(t1), Ctx()
            if doc is None:
                return None
            for q in INVALID_QUIRKS:
                if q.key in keys and q.apply and q.apply(doc, ctx):
                    applied.append(q.key)
            if not applied:
                return None
            t2 = to_text(doc)
            c2 = self.eng.cad(t2)
            if not c2.ok:
                return None
            # Samba must read the repair exactly as it read the original
            s_orig = copy.deepcopy(sam.sd)
            if ctx.sid_rev:
                set_sid_revisions(s_orig)
            for letter, idx, t in ctx.samba_retype:
                acl = s_orig[6 if letter == "D" else 5]
                if not isinstance(acl, list) or idx >= len(acl[1]):
                    return None
                acl[1][idx][0] = t
            s2 = self.eng.samba_raw(t2)
            if not s2.ok:
                return None
            if canon_bytes(s_orig) != s2.canon:
                return None
            if s2.canon == c2.canon:
                return applied, []
            rest = self.explain_valid(t2, c2)
            if rest is None:
                return None
            return applied, rest

        keys = [q.key for q in INVALID_QUIRKS]
        got = attempt(keys)
        if got is None:
            return None
        keys = got[0]
        for k in list(keys):
            g = attempt([x for x in keys if x != k])
            if g is not None:
                keys, got = g[0], g
        return got[0] + [k for k in got[1] if k not in got[0]]

    def classify(self, text):
        """('agree-accept'|'agree-reject'|'quirks'|'UNDOCUMENTED', keys, cad, sam)"""
        cad = self.eng.cad(text)
        sam = self.eng.samba_raw(text)
        if cad.err and cad.err.startswith("UNEXPECTED"):
            return "UNDOCUMENTED", [], cad, sam
        if cad.ok and sam.ok and cad.canon == sam.canon:
            return "agree-accept", [], cad, sam
        if not cad.ok and not sam.ok:
            return "agree-reject", [], cad, sam
        keys = None
        if cad.ok:
            keys = self.explain_valid(text, cad)
        elif sam.ok:
            keys = self.explain_invalid(text, sam)
        if keys:
            return "quirks", keys, cad, sam
        return "UNDOCUMENTED", [], cad, sam


# ---- the generator ----------------------------------------------------------

class Gen:
    def __init__(self, rng):
        self.r = rng

    noise = True    # False: stay inside what Samba 4.17 reads like Windows

    def chance(self, p):
        return self.r.random() < p

    def odd(self, p):
        """True with probability p for constructs outside Samba's safe subset."""
        return self.noise and self.r.random() < p

    def ws(self, p=0.04):
        """Blanks, sometimes, where Windows allows them."""
        if not self.odd(p):
            return ""
        return "".join(self.r.choice("    \t\n\r") for _ in range(self.r.randint(1, 2)))

    def case(self, s, p=0.04):
        if not self.odd(p):
            return s
        mode = self.r.random()
        if mode < 0.5:
            return s.lower()
        return "".join(c.lower() if self.chance(0.5) else c for c in s)

    def u32(self):
        r = self.r
        return r.choice([0, 1, U32, r.getrandbits(32), r.getrandbits(r.randint(1, 32)),
                         r.randint(0, 1000)])

    def sid(self):
        r = self.r
        x = r.random()
        if x < 0.55:
            return self.case(r.choice(SID_ALIASES), 0.05) + ("" if not self.chance(0.04) else self.ws(1))
        auth = r.choice([0, 1, 2, 3, 5, 5, 5, 15, 16, 18, r.getrandbits(32),
                         r.choice([1 << 32, 5000000000, (1 << 48) - 1, 1 << 48])])
        if x < 0.7:
            subs = [21, self.u32(), self.u32(), self.u32(), r.choice([500, 512, 513, 1104, self.u32()])]
        else:
            subs = [self.u32() for _ in range(r.randint(0, 15 if self.chance(0.9) else 16))]
        if self.odd(0.04):
            if subs:
                subs[r.randrange(len(subs))] = r.choice([1 << 32, 99999999999, 1 << 40])
        style = r.random() if self.noise else 0
        if style < 0.8:
            parts = ["1", str(auth)] + [str(s) for s in subs]
            if self.odd(0.03):
                # leading zeros: still decimal (MS-DTYP 2.4.2.1)
                k = r.randrange(len(parts))
                parts[k] = "0" * r.randint(1, 2) + parts[k]
        elif style < 0.93:
            # some parts in 0x hex (any case of digits)
            parts = ["1", str(auth)] + [str(s) for s in subs]
            for i in range(1, len(parts)):
                if self.chance(0.4):
                    h = "%x" % int(parts[i])
                    parts[i] = "0x" + (h.upper() if self.chance(0.3) else h)
        else:
            # revision written 0x1: every later part is hex
            parts = ["0x1"] + ["%x" % auth] + ["%x" % s for s in subs]
        text = "S-" + "-".join(parts)
        if self.odd(0.03):
            text = text.replace("S-", "S- ", 1)
            if "-" in text[3:]:
                i = text.index("-", 3)
                text = text[:i + 1] + " " + text[i + 1:]
        if self.odd(0.03):
            text = "s" + text[1:]
        return text

    def rights(self, atype):
        r = self.r
        x = r.random()
        if x < 0.08:
            return ""
        if x < 0.28 or (not self.noise and x < 0.43):
            v = self.u32()
            h = "%x" % v
            if self.chance(0.2):
                h = h.upper()
            if self.chance(0.1):
                h = h.zfill(8)
            return ("0X" if self.odd(0.05) else "0x") + h
        if x < 0.34:
            return str(self.u32())
        if x < 0.38:
            return "0" + "%o" % self.u32()
        if x < 0.41:
            return r.choice(["-", "+"]) + r.choice([str(self.u32()), "0x%x" % self.u32()])
        if x < 0.43:
            return r.choice(["0x123456789", "0x%x" % r.getrandbits(40), "99999999999",
                             "0x" + "0" * r.randint(9, 12) + "1f", "0", "00"])
        if atype == "ML" and self.chance(0.7):
            names = list(LABEL_RIGHTS)
        elif not self.noise:
            names = list(RIGHT_BITS) + ["FR", "FW", "FX"] * (1 if self.chance(0.3) else 0)
        else:
            names = list(RIGHT_BITS) + list(RIGHT_ALIASES) * (1 if self.chance(0.3) else 0)
            if self.chance(0.02):
                names += list(LABEL_RIGHTS)
        toks = [r.choice(names) for _ in range(r.randint(1, 6))]
        return self.case("".join(toks), 0.03)

    def guid(self):
        g = str(uuid.UUID(int=self.r.getrandbits(128)))
        return g.upper() if self.chance(0.3) else g

    def ace(self, letter):
        r = self.r
        if self.odd(0.01):
            t = r.choice(CALLBACK_TYPES)
            cond = r.choice(['(@User.Title == "PM")', '("x",TI,0,1)', "(x)", ""])
            return "(%s;;%s;;;%s%s)" % (t, self.rights("A"), self.sid(),
                                        ";" + cond if cond else "")
        types = DACL_TYPES if letter == "D" else SACL_TYPES
        if not self.noise:
            types = tuple(t for t in types if t != "ML")
        if self.odd(0.01):
            types = SACL_TYPES if letter == "D" else DACL_TYPES
        t = r.choice(types)
        flagset = list(INHERIT_FLAGS) + (list(AUDIT_FLAGS) if t in SACL_TYPES else [])
        flags = "".join(r.sample(flagset, r.randint(0, min(4, len(flagset)))))
        if self.chance(0.02):
            flags += r.choice(flagset)          # repeated flag
        obj = inh = ""
        if ACE_TYPES[t] in OBJECT_TYPES:
            which = r.random()
            if which < 0.35:
                obj = self.guid()
            elif which < 0.6:
                inh = self.guid()
            elif which < 0.85:
                obj, inh = self.guid(), self.guid()
            if self.odd(0.05):
                obj = " " * r.randint(1, 2) if not obj else obj   # blank GUID field
        elif self.odd(0.005):
            obj = self.guid()
        fields = [self.case(t, 0.04), self.case(flags, 0.04), self.rights(t), obj, inh, self.sid()]
        fields = [(self.ws(0.02) if i not in (3, 4) else "") + f for i, f in enumerate(fields)]
        return "(" + ";".join(fields) + ")"

    def acl(self, letter, last):
        r = self.r
        flags = []
        if self.chance(0.5):
            flags = [r.choice(ACL_FLAGS) for _ in range(r.randint(1, 3))]
        ftext = ""
        for f in flags:
            ftext += self.case(f, 0.03)
            if f == "P":
                ftext += self.ws(0.05)
        if self.odd(0.04):
            nac = self.case(NULL_ACL, 0.1)
            ftext = ftext + nac if self.chance(0.7) else nac + ftext
            return letter + ":" + self.ws() + ftext
        n = r.choice([0, 0, 1, 1, 2, 3, 4, 6, 9])
        if n == 0 and not last and not self.noise:
            ftext = ""      # Samba 4.17 fails on D:PS:
        aces = "".join(self.ace(letter) + self.ws(0.03) for _ in range(n))
        return letter + ":" + self.ws() + ftext + aces

    def sd(self):
        r = self.r
        self.noise = self.chance(0.7)
        parts = []
        if self.chance(0.7):
            parts.append("O:" + self.ws(0.03) + self.sid())
        if self.chance(0.6):
            parts.append("G:" + self.ws(0.03) + self.sid())
        has_s = self.chance(0.45)
        if self.chance(0.85):
            parts.append(self.acl("D", not has_s))
        if has_s:
            parts.append(self.acl("S", True))
        if self.odd(0.15):
            r.shuffle(parts)
        out = self.ws(0.03)
        for p in parts:
            # an O:/G: value ending in a blank is fine before another part
            out += p + self.ws(0.03)
        return out

    MUT_CHARS = "();:-xX0123456789abcdefABCDEF GSDOPIRNW_{}\t,Āz"
    TOKENS = ["(A;;GA;;;WD)", ";", "(", ")", "D:", "S:", "O:", "G:", "0x", "S-1-", "P", "AI",
              "NO_ACCESS_CONTROL", "ML", "OA", "FA", "KA", " ", "--", "00299570-246d-11d0-a768-00aa006e0529"]

    def mutate(self, s):
        r = self.r
        for _ in range(r.randint(1, 3)):
            if not s:
                s = self.sd()
            op = r.random()
            i = r.randrange(len(s) + 1)
            if op < 0.2 and len(s) > 0:
                i = min(i, len(s) - 1)
                s = s[:i] + s[i + 1:]
            elif op < 0.4:
                s = s[:i] + r.choice(self.MUT_CHARS) + s[i:]
            elif op < 0.5:
                s = s[:i] + r.choice(self.TOKENS) + s[i:]
            elif op < 0.6 and len(s) > 1:
                i = min(i, len(s) - 2)
                s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            elif op < 0.7 and len(s) > 0:
                i = min(i, len(s) - 1)
                c = s[i]
                s = s[:i] + (c.lower() if c.isupper() else c.upper()) + s[i + 1:]
            elif op < 0.8 and len(s) > 2:
                j = r.randrange(len(s))
                a, b = sorted((i, j))
                s = s[:b] + s[a:b] + s[b:]
            elif op < 0.88:
                s = s[:i]
            else:
                # replace one ACE field with a field from elsewhere
                fields = re.split(r"([;()])", s)
                k = r.randrange(len(fields))
                if fields[k] not in (";", "(", ")"):
                    fields[k] = r.choice(["", " ", "GA", "0x10", "WD", "OICI", "A", "AU", "D",
                                          "{00299570-246d-11d0-a768-00aa006e0529}",
                                          "00299570246d11d0a76800aa006e0529", "S-1-5-0x20",
                                          "S-1-5-32-544 ", "wd", "AS", "zz", "-1", "0x"])
                s = "".join(fields)
        return s


# ---- reporting --------------------------------------------------------------

def describe(res):
    if res.ok:
        return "accept %s" % res.canon.hex()
    return "reject (%s)" % res.err


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def undocumented_signature(cad, sam):
    """Groups undocumented disagreements for the report (not a verdict)."""
    if cad.ok and sam.ok:
        d = first_diff(cad.canon, sam.canon)
        return "both accept, bytes differ (first at canonical offset %d)" % d
    if cad.ok:
        return "cadcom accepts, Samba rejects"
    msg = re.sub(r'"[^"]*"', '"…"', cad.err or "")
    msg = re.sub(r"offset \d+", "offset N", msg)
    return "cadcom rejects (%s), Samba accepts" % msg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--domain-sid", default=DEFAULT_DOMAIN)
    ap.add_argument("--show", type=int, default=3, help="examples printed per class")
    ap.add_argument("--mutate-ratio", type=float, default=0.35)
    args = ap.parse_args()

    cadcom, security, ndr_pack = import_libraries()
    eng = Engines(cadcom, security, ndr_pack, args.domain_sid)
    clf = Classifier(eng)
    rng = random.Random(args.seed)
    gen = Gen(rng)

    try:
        import samba
        sver = samba.version
    except Exception:
        sver = "?"
    print("sddl_differential: seed %d, %d inputs, domain %s" % (args.seed, args.count, args.domain_sid))
    print("  cadcom from %s; Samba %s" % (cadcom.__file__, sver))

    counts = collections.Counter()
    quirk_counts = collections.Counter()
    examples = collections.defaultdict(list)
    undoc_groups = collections.Counter()
    raw_identical = 0
    for n in range(args.count):
        s = gen.sd()
        if rng.random() < args.mutate_ratio:
            s = gen.mutate(s)
        cls, keys, cad, sam = clf.classify(s)
        counts[cls] += 1
        if cls == "agree-accept" and cad.raw == sam.raw:
            raw_identical += 1
        if cls == "quirks":
            counts["classified"] += 1
            for k in keys:
                quirk_counts[k] += 1
                if len(examples[k]) < args.show:
                    examples[k].append((s, cad, sam, keys))
        elif cls == "UNDOCUMENTED":
            sig = undocumented_signature(cad, sam)
            undoc_groups[sig] += 1
            if len(examples["UNDOCUMENTED:" + sig]) < max(args.show, 1):
                examples["UNDOCUMENTED:" + sig].append((s, cad, sam, []))

    # ---- summary
    print()
    print("%-44s %8s" % ("class", "inputs"))
    print("-" * 53)
    print("%-44s %8d" % ("total", args.count))
    print("%-44s %8d" % ("agree-accept (same bytes, layout aside)", counts["agree-accept"]))
    print("%-44s %8d" % ("  of which byte-identical as packed", raw_identical))
    print("%-44s %8d" % ("agree-reject", counts["agree-reject"]))
    print("%-44s %8d" % ("disagree, explained by known quirks", counts["classified"]))
    for q in QUIRKS:
        print("  %-42s %8d   [%s, %s]" % (q.key, quirk_counts[q.key], q.kind, q.source))
    print("%-44s %8d" % ("UNDOCUMENTED", counts["UNDOCUMENTED"]))
    for sig, c in undoc_groups.most_common():
        print("  %-6d %s" % (c, sig))

    if args.show:
        print()
        print("Quirks (doc/SDDL.md, 'Where Samba 4.17 differs'):")
        for q in QUIRKS:
            print("  %-20s %s" % (q.key, q.text))
        for key in [q.key for q in QUIRKS] + sorted(k for k in examples if k.startswith("UNDOC")):
            if not examples.get(key):
                continue
            print()
            print("== %s" % key)
            for s, cad, sam, keys in examples[key]:
                print("  input   %r" % s)
                if keys:
                    print("  quirks  %s" % " ".join(keys))
                print("  cadcom  %s" % describe(cad))
                print("  samba   %s" % describe(sam))
                if key.startswith("UNDOC"):
                    print("  cadcom reads %s" % eng.cad_sddl(s))
                    print("  samba reads  %s" % eng.samba_sddl(s))
                    if cad.ok and sam.ok:
                        print("  first difference at byte %d of the canonical layout"
                              % first_diff(cad.canon, sam.canon))
    sys.exit(1 if counts["UNDOCUMENTED"] else 0)


if __name__ == "__main__":
    main()
