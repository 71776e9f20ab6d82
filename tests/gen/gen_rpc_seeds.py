#!/usr/bin/python3
"""Seeds for fuzz_svcctl and fuzz_sam: the recorded sessions
(tests/data/rpc/*.in) with answers made to lie, or answers added where a
server may send more (pending states, pages, the LookupNames2 fallback).
Call ids are renumbered, so a seed replays call for call.

    python3 tests/gen/gen_rpc_seeds.py SRCDIR OUTDIR   (e.g. . fuzz/corpus)

writes OUTDIR/sam/* and OUTDIR/svcctl/* (the directories must exist)."""
import os, struct, sys

SRC = sys.argv[1]
OUT = sys.argv[2]


def pdus(name):
    d = open(os.path.join(SRC, 'tests/data/rpc', name + '.in'), 'rb').read()
    out, off = [], 0
    while off < len(d):
        n = struct.unpack_from('<H', d, off + 8)[0]
        out.append(d[off:off + n])
        off += n
    assert off == len(d)
    return out


def u16(v): return struct.pack('<H', v)
def u32(v): return struct.pack('<I', v & 0xffffffff)


def stub(p): return p[24:]


def with_stub(p, s):
    """p's response header (or fault) carrying stub s."""
    h = bytearray(p[:24])
    struct.pack_into('<H', h, 8, 24 + len(s))
    struct.pack_into('<I', h, 16, len(s))
    return bytes(h) + s


def patch(p, *fields):
    """(offset from the PDU's start, value, size) fields."""
    b = bytearray(p)
    for off, v, n in fields:
        b[off:off + n] = (v & ((1 << (8 * n)) - 1)).to_bytes(n, 'little')
    return bytes(b)


def cut(p, stub_len): return with_stub(p, stub(p)[:stub_len])


def status(p, st):
    """The stub's last four bytes (the status) set to st."""
    return with_stub(p, stub(p)[:-4] + u32(st))


def session(answers):
    """answers: per step, one answer or a list of answers to as many calls
    (an answer: a PDU, or a tuple of the fragments of one); call ids from 1."""
    calls = []
    for a in answers:
        calls += a if isinstance(a, list) else [a]
    out = b''
    for i, a in enumerate(calls):
        for p in (a if isinstance(a, tuple) else (a,)):
            out += patch(p, (12, i + 1, 4))
    return out


def write(dir, name, data):
    os.makedirs(os.path.join(OUT, dir), exist_ok=True)
    with open(os.path.join(OUT, dir, name), 'wb') as f:
        f.write(data)


def utf16(text): return text.encode('utf-16-le')


def ustr_hdr(text):
    n = len(utf16(text))
    return u16(n) + u16(n) + u32(0x20000)


def ustr_body(text):
    b = utf16(text)
    units = len(b) // 2
    b = u32(units) + u32(0) + u32(units) + b
    return b + b'\0' * (-len(b) % 4)


# ---- svcctl ---------------------------------------------------------------
(S_BIND, S_OPEN_SCM, S_OPEN_SPOOLER, S_QUERY_RUNNING, S_STOP, S_WAIT_STOPPED,
 S_STOP_AGAIN, S_START, S_WAIT_RUNNING, S_START_AGAIN, S_OPEN_CERTSVC, S_FAULT,
 S_CLOSE_SPOOLER, S_CLOSE_SCM) = range(14)
STOPPED, START_PENDING, STOP_PENDING, RUNNING, CONT_PENDING, PAUSE_PENDING, PAUSED = range(1, 8)

svc = pdus('svcctl')
Q = svc[S_QUERY_RUNNING]  # QueryServiceStatus: SERVICE_STATUS at 24, status 52


def q(state, cp=0, hint=0, werr=0, exit=0):
    return patch(Q, (28, state, 4), (36, exit, 4), (44, cp, 4), (48, hint, 4), (52, werr, 4))


def svc_seed(name, **steps):
    a = list(svc)
    for k, v in steps.items():
        a[globals()[k]] = v
    write('svcctl', name, session(a))


# Through the pending states, progress each time (Windows' usual stop and start).
svc_seed('wait-pending',
         S_WAIT_STOPPED=[q(STOP_PENDING, 1, 30000), q(STOP_PENDING, 2, 30000), q(STOPPED)],
         S_WAIT_RUNNING=[q(START_PENDING, 1, 2000), q(START_PENDING, 2, 2000),
                         q(START_PENDING, 3, 2000), q(RUNNING)])
# Stopped into PAUSED (another stable state); a start whose check point
# does not move past its wait hint.  ControlService refusals that still
# describe the service.
svc_seed('wait-stuck',
         S_STOP=q(RUNNING, werr=1061), S_WAIT_STOPPED=[q(PAUSED, exit=1067)],
         S_STOP_AGAIN=q(PAUSED, werr=1052),
         S_WAIT_RUNNING=[q(START_PENDING, 3, 2000)] * 4)
# A stop that moves, slowly, until our 30 s are up (the last sleep shorter);
# a start answered with a state that does not exist, then one with 0.
svc_seed('wait-timeout',
         S_WAIT_STOPPED=[q(STOP_PENDING, i, 70000) for i in range(1, 7)],
         S_STOP_AGAIN=q(STOP_PENDING, 6, 70000, werr=1062),
         S_WAIT_RUNNING=[q(9)], S_START_AGAIN=status(svc[S_START_AGAIN], 0),
         S_OPEN_CERTSVC=status(svc[S_OPEN_CERTSVC], 0))
svc_seed('wait-continue-pause',
         S_WAIT_STOPPED=[q(CONT_PENDING, 1, 20000), q(PAUSE_PENDING, 1, 200000), q(0)],
         S_WAIT_RUNNING=[q(STOPPED, exit=1067)])
# Statuses and replies of the wrong size.
svc_seed('statuses',
         S_QUERY_RUNNING=cut(Q, 20),                        # SERVICE_STATUS cut short
         S_STOP=q(RUNNING, werr=1051),                      # dependent services running
         S_WAIT_STOPPED=[with_stub(Q, stub(Q) + u32(0))],   # bytes after the status
         S_STOP_AGAIN=cut(Q, 28),                           # no status
         S_START=status(svc[S_START], 1053),                # the service did not answer
         S_START_AGAIN=status(svc[S_START_AGAIN], 1058),    # disabled
         S_OPEN_CERTSVC=status(svc[S_OPEN_CERTSVC], 5),     # access denied
         S_FAULT=patch(svc[S_FAULT], (24, 5, 4)))           # access denied, as a fault

# ---- samr -----------------------------------------------------------------
(R_BIND, R_CONNECT, R_ENUM, R_LOOKUP_DOMAIN, R_LOOKUP_BUILTIN, R_LOOKUP_NO_DOMAIN,
 R_OPEN_DOMAIN, R_LEFTOVER, R_CREATE, R_CREATE_AGAIN, R_LOOKUP_NAME, R_LOOKUP_NAME_MISSING,
 R_LOOKUP_RID, R_LOOKUP_RID_GROUP, R_LOOKUP_RID_MISSING, R_CLOSE_CREATED, R_OPEN_ALIAS,
 R_ADD_DU, R_ADD_EVERYONE, R_ADD_DU_AGAIN, R_MEMBERS, R_REMOVE_DU, R_REMOVE_DU_AGAIN,
 R_MEMBERS_EMPTY, R_DELETE, R_OPEN_DELETED, R_OPEN_GROUP, R_OPEN_BUILTIN, R_OPEN_CDA,
 R_MEMBERS_CDA, R_CLOSE_CDA, R_FAULT, R_CLOSE_BUILTIN, R_CLOSE_DOMAIN, R_CLOSE_SERVER) = range(35)

samr = pdus('samr')
ACCESS_DENIED = 0xC0000022


def samr_seed(name, step, answer):
    a = list(samr)
    a[step] = answer
    write('sam', 'samr-' + name, b'\0' + session(a))


def enum_stub(names, resume, st, returned=None):
    s = u32(resume) + u32(0x20000) + u32(len(names)) + u32(0x20004) + u32(len(names))
    for i, n in enumerate(names):
        s += u32(i) + ustr_hdr(n)
    for n in names:
        s += ustr_body(n)
    return s + u32(len(names) if returned is None else returned) + u32(st)


E = samr[R_ENUM]
C = samr[R_CONNECT]
for name, answer in [
        ('connect-cut-version', cut(C, 4)),
        ('connect-version-2', patch(C, (24, 2, 4))),
        ('connect-cut-handle', cut(C, 20)),
        ('connect-denied', status(C, ACCESS_DENIED))]:
    samr_seed(name, R_CONNECT, answer)

for name, answer in [
        # Two pages, as a SAM with more domains than a page sends them.
        ('enum-pages', [with_stub(E, enum_stub(['CONTOSO'], 1, 0x105)),
                        with_stub(E, enum_stub(['Builtin'], 2, 0))]),
        ('enum-pages-second-bad', [with_stub(E, enum_stub(['CONTOSO'], 1, 0x105)),
                                   with_stub(E, enum_stub(['Builtin'], 2, 0, returned=2))]),
        ('enum-more-none', with_stub(E, u32(0) + u32(0) + u32(0) + u32(0x105))),
        ('enum-null-buffer', with_stub(E, u32(0) + u32(0) + u32(0) + u32(0))),
        ('enum-cut', cut(E, 8)),
        ('enum-cut-returned', cut(E, 100)),
        ('enum-no-array', patch(E, (36, 0, 4))),
        ('enum-count-lie', patch(E, (32, 0x7fffffff, 4))),
        ('enum-count-past-end', patch(E, (32, 0x7fffffff, 4), (40, 0x7fffffff, 4))),
        ('enum-name-past-end', patch(E, (48, 0x04000400, 4), (68, 0x200, 4), (76, 0x200, 4))),
        ('enum-first-no-name', patch(E, (52, 0, 4))),
        ('enum-second-no-name', patch(E, (64, 0, 4))),
        ('enum-returned-3', patch(E, (124, 3, 4))),
        ('enum-denied', status(E, ACCESS_DENIED))]:
    samr_seed(name, R_ENUM, answer)

D = samr[R_LOOKUP_DOMAIN]
for name, answer in [
        ('domain-sid-conformance', patch(D, (28, 16, 4))),
        ('domain-sid-16-subauth', patch(D, (33, 16, 1))),
        ('domain-no-sid', with_stub(D, u32(0) + u32(0)))]:
    samr_seed(name, R_LOOKUP_DOMAIN, answer)

A = samr[R_CREATE]
samr_seed('create-cut', R_CREATE, cut(A, 20))
samr_seed('create-group-exists', R_CREATE, status(A, 0xC0000065))

N = samr[R_LOOKUP_NAME]  # {Count 24, ptr, max, RID 36}, {Count 40, ptr, max, Use 52}, status 56
for name, answer in [
        ('name-cut', cut(N, 2)),
        ('name-cut-types', cut(N, 16)),
        ('name-2-answers', patch(N, (24, 2, 4))),
        ('name-no-array', patch(N, (28, 0, 4))),
        ('name-conformance', patch(N, (32, 2, 4))),
        ('name-1-rid-0-types', patch(N, (40, 0, 4), (48, 0, 4), (52, 0, 4))),
        ('name-none', with_stub(N, u32(0) + u32(0) + u32(0) + u32(0) + u32(0))),
        ('name-unknown-type', patch(N, (52, 8, 4))),
        ('name-some-not-mapped', patch(N, (56, 0x107, 4)))]:
    samr_seed(name, R_LOOKUP_NAME, answer)

I = samr[R_LOOKUP_RID]  # Count 24, ptr, max, name header 36, body 44 (actual 52), types 84, status 100
for name, answer in [
        ('rid-cut', cut(I, 2)),
        ('rid-cut-header', cut(I, 12)),
        ('rid-cut-types', cut(I, 60)),
        ('rid-2-names', patch(I, (24, 2, 4))),
        ('rid-no-array', patch(I, (28, 0, 4))),
        ('rid-conformance', patch(I, (32, 2, 4))),
        ('rid-name-past-end', patch(I, (36, 0x7ffe7ffe, 4), (44, 0x3fff, 4), (52, 0x3fff, 4))),
        ('rid-1-name-0-types', patch(I, (84, 0, 4), (92, 0, 4), (96, 0, 4))),
        ('rid-null-name', with_stub(I, u32(1) + u32(0x20000) + u32(1) + u32(0) + u32(0) +
                                    stub(I)[60:])),
        ('rid-nothing', with_stub(I, u32(0) + u32(0x20000) + u32(0) + u32(0) + u32(0x20004) +
                                  u32(0) + u32(0))),
        ('rid-invalid-type', patch(I, (96, 7, 4)))]:
    samr_seed(name, R_LOOKUP_RID, answer)

M = samr[R_MEMBERS]  # Count 24, ptr 28, max 32, SID ptr 36, conformance 40, SID 44, status 72
for name, answer in [
        ('members-cut', cut(M, 2)),
        ('members-conformance', patch(M, (24, 0x7fffffff, 4))),
        ('members-past-end', patch(M, (24, 0x7fffffff, 4), (32, 0x7fffffff, 4))),
        ('members-null-sid', patch(M, (36, 0, 4))),
        ('members-sid-conformance', patch(M, (40, 16, 4))),
        ('members-sid-cut', patch(M, (45, 7, 1), (40, 7, 4))),
        ('members-no-array', patch(M, (28, 0, 4))),
        ('members-empty-array', with_stub(M, u32(0) + u32(0x20000) + u32(0) + u32(0))),
        ('members-denied', status(M, ACCESS_DENIED))]:
    samr_seed(name, R_MEMBERS, answer)

samr_seed('add-member-in-alias', R_ADD_DU, status(samr[R_ADD_DU], 0xC0000153))
samr_seed('remove-not-in-alias', R_REMOVE_DU, status(samr[R_REMOVE_DU], 0xC0000152))

# ---- lsarpc ---------------------------------------------------------------
(L_BIND, L_OPEN, L_NAME_DU, L_NAME_EVERYONE, L_NAME_CDA, L_NAME_MISSING, L_SID_CDA,
 L_SID_DU, L_SID_COMPUTERS, L_SID_CONTROLLERS, L_SID_EVERYONE, L_SID_MISSING, L_NAMES2_RAW,
 L_FAULT, L_CLOSE) = range(15)

lsa = pdus('lsarpc')


def lsa_seed(name, step, answer):
    a = list(lsa)
    a[step] = answer
    write('sam', 'lsarpc-' + name, b'\1' + session(a))


# LookupNames3 of CONTOSO\Domain Users: the domain list (ptr 24, Entries 28,
# ptr 32, MaxEntries 36, max 40, {name header 44, SID ptr 52}, name 56,
# SID 84), the translations (Entries 112, ptr 116, max 120, {Use 124, SID
# ptr 128, DomainIndex 132, Flags 136}, SID 140), MappedCount 172, status 176.
L = lsa[L_NAME_DU]
ls = stub(L)
for name, answer in [
        ('names3-cut', cut(L, 2)),
        ('names3-cut-domains', cut(L, 8)),
        ('names3-domains-no-array', patch(L, (32, 0, 4))),
        ('names3-domains-conformance', patch(L, (28, 2, 4))),
        ('names3-domains-past-end', patch(L, (28, 0x7fffffff, 4), (40, 0x7fffffff, 4))),
        ('names3-domain-name-past-end', patch(L, (44, 0x7ffe7ffe, 4), (56, 0x3fff, 4),
                                              (64, 0x3fff, 4))),
        ('names3-domain-sid-conformance', patch(L, (84, 16, 4))),
        ('names3-domain-no-sid', with_stub(L, ls[:28] + u32(0) + ls[32:60] + ls[88:])),
        ('names3-no-domains', with_stub(L, ls[:4] + u32(0) + ls[8:16] + u32(0) +
                                        ls[88:108] + u32(0xffffffff) + ls[112:])),
        ('names3-no-domain-list', with_stub(L, u32(0) + ls[88:108] + u32(0xffffffff) + ls[112:])),
        ('names3-cut-translations', cut(L, 92)),
        ('names3-cut-use', cut(L, 100)),
        ('names3-cut-index', cut(L, 106)),
        ('names3-cut-mapped', cut(L, 148)),
        ('names3-2-translations', patch(L, (112, 2, 4))),
        ('names3-translations-no-array', patch(L, (116, 0, 4))),
        ('names3-translations-conformance', patch(L, (120, 2, 4))),
        ('names3-no-translation', with_stub(L, ls[:88] + u32(0) + u32(0) + u32(0) + u32(0))),
        ('names3-sid-16-subauth', patch(L, (145, 16, 1))),
        ('names3-unknown-type', patch(L, (124, 8, 2))),
        ('names3-domain-index-5', patch(L, (132, 5, 4))),
        ('names3-no-domain', patch(L, (132, 0xffffffff, 4))),
        ('names3-no-sid', with_stub(L, ls[:104] + u32(0) + ls[108:116] + ls[148:])),
        ('names3-none-mapped', status(L, 0xC0000073)),
        ('names3-some-not-mapped', status(L, 0x107)),
        ('names3-status-then-more', with_stub(L, ls + u32(0)))]:
    lsa_seed(name, L_NAME_DU, answer)

# LookupSids2 of S-1-5-32-574: the list ends at 100, then Entries, ptr, max,
# {Use 112, name header 116, its ptr 120, DomainIndex 124, Flags 128}, the
# name 132 (actual 140), status 212.
S = lsa[L_SID_CDA]
ss = stub(S)
for name, answer in [
        ('sids2-name-past-end', patch(S, (116, 0x7ffe7ffe, 4), (132, 0x3fff, 4), (140, 0x3fff, 4))),
        ('sids2-no-name', with_stub(S, ss[:96] + u32(0) + ss[100:108] + ss[184:])),
        ('sids2-invalid-type', patch(S, (112, 7, 2))),
        ('sids2-cut-name', cut(S, 100)),
        ('sids2-error', status(S, 0xC000018C))]:
    lsa_seed(name, L_SID_CDA, answer)

# LookupNames3 missing: LookupNames2 instead (a server before Windows XP),
# whose answer the recording holds (translations: Use 124, RID 128,
# DomainIndex 132, Flags 136, MappedCount 140, status 144).
F = lsa[L_FAULT]
N2 = lsa[L_NAMES2_RAW]
n2 = stub(N2)


def fallback(name, answer, fault=0x1c010002):
    a = list(lsa)
    a[L_NAME_DU] = [patch(F, (24, fault, 4)), answer]
    write('sam', 'lsarpc-' + name, b'\1' + session(a))


fallback('names2-fallback', N2)
fallback('names2-no-domain', patch(N2, (132, 0xffffffff, 4)))
fallback('names2-domain-itself', patch(N2, (124, 3, 2)))
fallback('names2-domain-no-sid', with_stub(N2, n2[:28] + u32(0) + n2[32:60] + n2[88:]))
fallback('names2-domain-15-subauth', with_stub(N2, n2[:60] + u32(15) + n2[64:65] + bytes([15]) +
                                               n2[66:72] + n2[72:88] + bytes(4 * 11) + n2[88:]))
fallback('names2-cut-rid', cut(N2, 104))
# Another fault: no second try (the lookup fails; the stream goes on).
a = list(lsa)
a[L_NAME_DU] = patch(F, (24, 0x6f7, 4))
write('sam', 'lsarpc-names3-fault', b'\1' + session(a))
lsa_seed('open-denied', L_OPEN, status(lsa[L_OPEN], ACCESS_DENIED))
