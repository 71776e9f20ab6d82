#!/usr/bin/env python3
"""Write a minimal, empty registry hive (regf) file: the reproducible start of
every test hive (hivex edits hives but cannot create one from nothing,
notes/facts.md §10).

    tests/gen/minimal_hive.py OUT [ROOT-NAME]

The file is 8 KiB: the base block (4 KiB: "regf", sequence numbers 1/1,
version 1.3, primary file, root cell, one bin, checksum at 0x1FC = XOR of
the first 127 dwords) and one hive bin (4 KiB) holding the root key node
(nk: hive entry, no delete, ASCII name), one security cell (sk: a
descriptor "O:BAG:SYD:(A;;KA;;;BA)(A;;KA;;;SY)(A;;KR;;;WD)", referenced once,
linked to itself, as hivex requires for new keys to inherit) and one free
cell for the rest.  Timestamps are 0 so that the bytes never change.
Layout: Windows Internals 7th ed. ch. 10, "Hive structure"; the fields as
hivex's lib/hivex-internal.h names them.
"""
import struct
import sys

BLOCK = 0x1000


def sid(auth, *subs):
    return struct.pack("<BB6s", 1, len(subs), auth.to_bytes(6, "big")) + b"".join(
        struct.pack("<I", s) for s in subs)


def ace(mask, s):
    return struct.pack("<BBHI", 0, 0, 8 + len(s), mask) + s


def descriptor():
    """SYSTEM and Administrators KEY_ALL_ACCESS, Everyone KEY_READ, self-relative."""
    ba, sy, wd = sid(5, 32, 544), sid(5, 18), sid(1, 0)
    aces = ace(0xF003F, ba) + ace(0xF003F, sy) + ace(0x20019, wd)
    dacl = struct.pack("<BBHHH", 2, 0, 8 + len(aces), 3, 0) + aces
    owner_off = 20
    group_off = owner_off + len(ba)
    dacl_off = group_off + len(sy)
    head = struct.pack("<BBHIIII", 1, 0, 0x8004, owner_off, group_off, 0, dacl_off)
    return head + ba + sy + dacl


def cell(payload):
    size = (4 + len(payload) + 7) & ~7
    return struct.pack("<i", -size) + payload + b"\0" * (size - 4 - len(payload))


def main():
    out = sys.argv[1]
    name = (sys.argv[2] if len(sys.argv) > 2 else "ROOT").encode("ascii")
    nk_off = 0x20
    nk_len = (4 + 76 + len(name) + 7) & ~7
    sk_off = nk_off + nk_len
    sd = descriptor()
    nk = struct.pack("<2sHQIIIIIIIIIIIIIIIHH", b"nk", 0x2C, 0, 0, 0xFFFFFFFF, 0, 0,
                     0xFFFFFFFF, 0xFFFFFFFF, 0, 0xFFFFFFFF, sk_off, 0xFFFFFFFF,
                     0, 0, 0, 0, 0, len(name), 0) + name
    sk = struct.pack("<2sHIIII", b"sk", 0, sk_off, sk_off, 1, len(sd)) + sd
    cells = cell(nk) + cell(sk)
    free = BLOCK - 0x20 - len(cells)
    hbin = struct.pack("<4sIIQQI", b"hbin", 0, BLOCK, 0, 0, 0) + cells + struct.pack("<i", free)
    hbin += b"\0" * (BLOCK - len(hbin))
    base = bytearray(BLOCK)
    struct.pack_into("<4sIIQIIIIIII", base, 0, b"regf", 1, 1, 0, 1, 3, 0, 1, nk_off, BLOCK, 1)
    check = 0
    for i in range(0, 0x1FC, 4):
        check ^= struct.unpack_from("<I", base, i)[0]
    check = {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(check, check)
    struct.pack_into("<I", base, 0x1FC, check)
    with open(out, "wb") as f:
        f.write(bytes(base) + hbin)


if __name__ == "__main__":
    main()
