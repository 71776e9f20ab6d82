#!/usr/bin/python3
"""Write the seed corpus of fuzz/fuzz_ldap.c: fuzz/corpus/ldap/*.

    python3 tests/gen/gen_ldap_seeds.py [DIR]     (default: fuzz/corpus/ldap)

Each seed is a session with a domain controller as the lab's Samba 4.17 or
Windows answers it (doc/AD.md, doc/LDAP.md, tests/lab/): the domain
contoso.test and its DC dc1, the builtin group S-1-5-32-574, foreign security
principals, an external trust with fabrikam.test (S-1-5-21-1-2-3, as in
tests/lab/test_ad.c) — then lies, omissions and malformed answers.  The
script format is described at the top of fuzz/fuzz_ldap.c: `call` lines say
what the harness does, every other line belongs to the answers, one answer
per request, in the order the library sends them.
"""
import os
import sys

DOM = "S-1-5-21-2185843290-3573476430-2853171917"
FAB = "S-1-5-21-1-2-3"
CHILD = "S-1-5-21-3141592653-589793238-462643383"
BASE = "DC=contoso,DC=test"
CFG = "CN=Configuration," + BASE
PKS = "CN=Public Key Services,CN=Services," + CFG
BUILTIN_GROUP = "CN=Certificate Service DCOM Access,CN=Builtin," + BASE
CERTSVC = "CN=CERTSVC_DCOM_ACCESS,CN=Users," + BASE
USERS = "CN=Users," + BASE
FSPS = "CN=ForeignSecurityPrincipals," + BASE
ENROLL_OID = "0e10c968-78fb-11d2-90d4-00c04f79dc55"

_guids = {}


def guid(key):
    """A stable GUID per object."""
    n = _guids.setdefault(key, len(_guids) + 1)
    return "%08x-7d1c-4e2a-9b3f-%012x" % (0x5a17c0de + n, 0xc0de00 + n)


def ext(dn, sid=None):
    """The extended DN form (string GUID and SID, MS-ADTS 3.1.1.3.4.1.5)."""
    return "<GUID=%s>;%s%s" % (guid(dn), "<SID=%s>;" % sid if sid else "", dn)


class Seed:
    def __init__(self):
        self.lines = []

    def add(self, *lines):
        self.lines.extend(lines)
        return self

    def comment(self, text):
        return self.add("# " + text)

    def call(self, verb, arg=""):
        return self.add(("call %s %s" % (verb, arg)).rstrip())

    def entry(self, dn, *attrs):
        """attrs: (name, [values]); a value is text, or ("sid"|"hex"|"sd", x)."""
        self.add("entry " + dn)
        for name, values in attrs:
            self.add("attr " + name)
            for v in values:
                if isinstance(v, tuple):
                    self.add("%s %s" % v)
                else:
                    self.add("val " + v)
        return self

    def done(self, code=0, text=None, cookie=None):
        """cookie: None for no paged results control, "" for the last page."""
        if cookie is not None:
            self.add(("cookie " + cookie).rstrip())
        return self.add("done %d%s" % (code, " " + text if text else ""))

    def page(self, code=0, cookie=""):
        return self.done(code, cookie=cookie)

    def text(self):
        return "\n".join(self.lines) + "\n"


# ---- what a DC answers ----------------------------------------------------------

def rootdse(s, base=BASE, root=BASE, host="dc1.contoso.test", level="4"):
    cfg = "CN=Configuration," + root
    server = "CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + cfg
    s.comment("the rootDSE (Samba 4.17: functional level 2008 R2)")
    s.entry("",
            ("configurationNamingContext", [cfg]),
            ("currentTime", ["20250301120000.0Z"]),
            ("defaultNamingContext", [base]),
            ("dnsHostName", [host]),
            ("domainControllerFunctionality", [level]),
            ("domainFunctionality", [level]),
            ("dsServiceName", ["CN=NTDS Settings," + server]),
            ("forestFunctionality", [level]),
            ("isGlobalCatalogReady", ["TRUE"]),
            ("rootDomainNamingContext", [root]),
            ("schemaNamingContext", ["CN=Schema," + cfg]),
            ("serverName", [server]))
    return s.done()


def crossref(name, nc, dns, netbios, sid, cfg=CFG):
    dn = "CN=%s,CN=Partitions,%s" % (name, cfg)
    return (ext(dn), ("nCName", [ext(nc, sid)]), ("dnsRoot", [dns]), ("nETBIOSName", [netbios]))


def trust(partner, flat, sid, direction, attributes):
    dn = "CN=%s,CN=System,%s" % (partner, BASE)
    attrs = [("trustPartner", [partner])]
    if flat:
        attrs.append(("flatName", [flat]))
    if sid:
        attrs.append(("securityIdentifier", [("sid", sid)]))
    attrs += [("trustDirection", [str(direction)]), ("trustAttributes", [str(attributes)])]
    return (dn, *attrs)


FABRIKAM_TRUST = trust("fabrikam.test", "FABRIKAM", FAB, 3, 4)  # external, quarantined


def open_session(s, trusts=(FABRIKAM_TRUST,), partitions=None):
    rootdse(s)
    s.comment("the domain object")
    s.entry(BASE, ("objectSid", [("sid", DOM)])).done()
    s.comment("CN=Partitions: the forest's domains (extended DNs)")
    for p in partitions or [crossref("CONTOSO", BASE, "contoso.test", "CONTOSO", DOM)]:
        s.entry(*p)
    s.page()
    s.comment("the trusts")
    for t in trusts:
        s.entry(*t)
    return s.page()


def principal(dn, sid, classes, sam=None, group_type=None, critical=False, extended=True):
    attrs = [("objectClass", ["top"] + classes), ("objectSid", [("sid", sid)])]
    if sam:
        attrs.append(("sAMAccountName", [sam]))
    if group_type is not None:
        attrs.append(("groupType", [str(group_type)]))
    if critical:
        attrs.append(("isCriticalSystemObject", ["TRUE"]))
    return (ext(dn, sid) if extended else dn, *attrs)


GROUP = ["group"]
USER = ["person", "organizationalPerson", "user"]
COMPUTER = USER + ["computer"]
FSP = ["foreignSecurityPrincipal"]
BUILTIN_LOCAL = -2147483643  # security | builtin | domain local
DOMAIN_LOCAL = -2147483644
GLOBAL = -2147483646
UNIVERSAL = -2147483640

DCOM_GROUP = principal(BUILTIN_GROUP, "S-1-5-32-574", GROUP, "Certificate Service DCOM Access",
                       BUILTIN_LOCAL, critical=True)
CERTSVC_GROUP = principal(CERTSVC, DOM + "-1105", GROUP, "CERTSVC_DCOM_ACCESS", DOMAIN_LOCAL)
DOMAIN_USERS = principal("CN=Domain Users," + USERS, DOM + "-513", GROUP, "Domain Users", GLOBAL,
                         critical=True)
DOMAIN_COMPUTERS = principal("CN=Domain Computers," + USERS, DOM + "-515", GROUP,
                             "Domain Computers", GLOBAL, critical=True)
ALICE = principal("CN=alice,CN=Users," + BASE, DOM + "-1103", USER, "alice")
CA01 = principal("CN=CA01,CN=Computers," + BASE, DOM + "-1104", COMPUTER, "CA01$")
FAB_USERS_FSP = principal("CN=%s-513,%s" % (FAB, FSPS), FAB + "-513", FSP)
AUTH_USERS_FSP = principal("CN=S-1-5-11," + FSPS, "S-1-5-11", FSP)


def member_values(*items):
    """Member values as the extended DN control gives them."""
    return [ext(dn, sid) for dn, sid in items]


DCOM_MEMBERS = member_values(("CN=Domain Users," + USERS, DOM + "-513"),
                             ("CN=%s-1104,%s" % (FAB, FSPS), FAB + "-1104"),
                             ("CN=S-1-5-11," + FSPS, "S-1-5-11"),
                             ("CN=alice,CN=Users," + BASE, DOM + "-1103"))
CONTACT = ext("CN=Printer Vendor,CN=Users," + BASE)  # a contact: no SID


def members(s, dn, ranges):
    """Range retrieval answers: [(range option or None, values)]."""
    for opt, values in ranges:
        name = "member" + (";range=" + opt if opt else "")
        s.entry(ext(dn), (name, values)).done()
    return s


def sd_template(extra=""):
    return ("sd", "O:%s-519G:%s-519D:PAI(OA;;CR;%s;;%s-513)(OA;;CR;%s;;%s-512)"
            "(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;%s-512)(A;;LCRPLORC;;;S-1-5-11)%s"
            % (DOM, DOM, ENROLL_OID, DOM, ENROLL_OID, DOM, DOM, extra))


def ca(name, host, templates):
    dn = "CN=%s,CN=Enrollment Services,%s" % (name, PKS)
    attrs = [("cn", [name])]
    if host:
        attrs.append(("dNSHostName", [host]))
    if templates:
        attrs.append(("certificateTemplates", templates))
    return (ext(dn), *attrs)


def computer(name, host, uac, os_name):
    dn = "CN=%s,CN=Computers,%s" % (name, BASE)
    attrs = [("dNSHostName", [host]), ("userAccountControl", [str(uac)])]
    if os_name:
        attrs.append(("operatingSystem", [os_name]))
    return (dn, *attrs)


# ---- the seeds ---------------------------------------------------------------------

SEEDS = {}


def seed(fn):
    SEEDS[fn.__name__.replace("_", "-")] = fn
    return fn


@seed
def open_only():
    return open_session(Seed())


@seed
def open_forest_root():
    """The forest root: a child domain, a forest trust, a trust inside the
    forest (skipped), an MIT realm (no SID), a trust being made."""
    s = Seed()
    return open_session(s, partitions=[
        crossref("CONTOSO", BASE, "contoso.test", "CONTOSO", DOM),
        crossref("CHILD", "DC=child," + BASE, "child.contoso.test", "CHILD", CHILD),
        # not replicated here yet: no SID in nCName
        (ext("CN=NEW,CN=Partitions," + CFG), ("nCName", [ext("DC=new," + BASE)]),
         ("dnsRoot", ["new.contoso.test"]), ("nETBIOSName", ["NEW"])),
    ], trusts=[
        trust("fabrikam.test", "FABRIKAM", FAB, 3, 8),
        trust("child.contoso.test", "CHILD", CHILD, 3, 0x20),
        trust("EXAMPLE.ORG", None, None, 2, 1),
        trust("northwind.test", "NORTHWIND", "S-1-5-21-7-8-9", 1, 0),
    ])


@seed
def open_child_domain():
    """A child domain's DC: the forest root is another domain."""
    s = Seed()
    root = BASE
    base = "DC=child," + BASE
    rootdse(s, base=base, root=root, host="dc2.child.contoso.test", level="7")
    s.entry(base, ("objectSid", [("sid", CHILD)])).done()
    s.entry(*crossref("CONTOSO", BASE, "contoso.test", "CONTOSO", DOM))
    s.entry(*crossref("CHILD", base, "child.contoso.test", "CHILD", CHILD)).page()
    s.entry(*trust("contoso.test", "CONTOSO", DOM, 3, 0x20))
    s.entry(*trust("fabrikam.test", "FABRIKAM", FAB, 2, 4)).page()
    s.call("discover", "ca02")
    s.entry(*computer("CA02", "ca02.child.contoso.test", 4096, "Windows Server 2019 Standard")).page()
    s.entry(*ca("Child-CA", "ca02.child.contoso.test", ["User", "Machine"])).page()
    return s


@seed
def open_paged():
    """CN=Partitions in three pages, a continuation reference in the trusts."""
    s = Seed()
    rootdse(s)
    s.entry(BASE, ("objectSid", [("sid", DOM)])).done()
    s.entry(*crossref("CONTOSO", BASE, "contoso.test", "CONTOSO", DOM)).page(cookie="0a000000")
    s.page(cookie="0b000000ffee")
    s.entry(*crossref("CHILD", "DC=child," + BASE, "child.contoso.test", "CHILD", CHILD)).page()
    s.add("ref ldap://child.contoso.test/CN=System,DC=child,DC=contoso,DC=test")
    s.entry(*FABRIKAM_TRUST).page()
    return s


@seed
def resolve_names():
    s = open_session(Seed())
    s.call("resolve", "BUILTIN\\Certificate Service DCOM Access")
    s.entry(*DCOM_GROUP).page()
    s.call("sid", "CONTOSO\\Domain Users")
    s.entry(*DOMAIN_USERS).page()
    s.call("resolve", "contoso.test\\alice")
    s.entry(*ALICE).page()
    s.comment("user@domain: no userPrincipalName, then sAMAccountName")
    s.call("sid", "bob@contoso.test")
    s.page()
    s.entry(*principal("CN=bob,CN=Users," + BASE, DOM + "-1106", USER, "bob")).page()
    s.call("resolve", "CN=CA01,CN=Computers," + BASE)
    s.entry(*CA01).done()
    s.call("resolve", "<SID=%s-515>" % DOM)
    s.entry(*DOMAIN_COMPUTERS).done()
    s.comment("well-known names after no account matches")
    s.call("sid", "Everyone")
    s.page()
    s.call("sid", "Authenticated Users")
    s.page()
    s.call("sid", "FABRIKAM\\bob")
    s.call("sid", "S-1-5-21-1-2-3-1104")
    s.comment("a well-known SID: Samba has no object for <SID=S-1-5-11>, its FSP exists")
    s.call("resolve", "S-1-5-11")
    s.done(32, "0000208D: NameErr: DSID-03100213, problem 2001 (NO_OBJECT), data 0, best match of:\n\t''")
    s.entry(*AUTH_USERS_FSP).done()
    s.call("resolve", "S-1-1-0")
    s.done(32)
    s.done(32)
    s.comment("two accounts answer one name")
    s.call("sid", "dup")
    s.entry(*principal("CN=dup,CN=Users," + BASE, DOM + "-1110", USER, "dup"))
    s.entry(*principal("CN=dup,OU=x," + BASE, DOM + "-1111", USER, "dup")).page()
    s.call("name", DOM + "-1110")
    s.call("info", DOM + "-1111")
    s.call("lookup", "CONTOSO\\dup")
    s.page()
    s.call("sid", "nobody")
    s.page()
    return s


@seed
def members_ranged():
    """Members as AD gives them: ranges, extended DNs, a contact, then the
    first question about a member learns them all with one search."""
    s = open_session(Seed())
    s.call("describe", "%s-1104 1 0 FABRIKAM\\alice" % FAB)
    s.comment("what cannot be described: this domain's, a group without scope, no kind")
    s.call("describe", "%s-1200 1 0 CONTOSO\\x" % DOM)
    s.call("describe", "S-1-5-32-555 3 4")
    s.call("describe", "%s-1200 3 0 FABRIKAM\\g" % FAB)
    s.call("describe", "%s-1201 9 0" % FAB)
    s.call("members", "S-1-5-32-574")
    s.entry(*DCOM_GROUP).done()
    members(s, BUILTIN_GROUP, [("0-1", DCOM_MEMBERS[:2]),
                               ("2-3", DCOM_MEMBERS[2:] + [CONTACT]),
                               ("4-*", [])])
    s.comment("(memberOf=...) learns the members")
    s.entry(*DOMAIN_USERS)
    s.entry(*ALICE)
    s.entry(CONTACT, ("objectClass", ["top", "person", "organizationalPerson", "contact"]))
    s.page()
    s.comment("S-1-5-11: its FSP")
    s.entry(*AUTH_USERS_FSP).done()
    s.call("ismember", "S-1-5-32-574 %s-513" % DOM)
    s.call("ismember", "S-1-5-32-574 S-1-5-32-545")
    s.call("info", "S-1-5-32-574")
    s.call("name", DOM + "-513")
    s.call("dtoken", DOM + "-1103 2")
    s.entry(ext("CN=alice,CN=Users," + BASE, DOM + "-1103"),
            ("primaryGroupID", ["513"]), ("tokenGroups", [("sid", DOM + "-513")])).done()
    s.call("forget")
    s.call("members", "S-1-5-32-574")
    s.entry(*DCOM_GROUP).done()
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS)])
    return s


@seed
def members_samba():
    """Samba: every value at once, `member` without a range option."""
    s = open_session(Seed())
    s.call("members", DOM + "-1105")
    s.entry(*CERTSVC_GROUP).done()
    members(s, CERTSVC, [(None, DCOM_MEMBERS)])
    s.entry(*DOMAIN_USERS)
    s.entry(*ALICE)
    s.page()
    s.comment("fabrikam's user has an FSP here and has not been described")
    s.entry(*principal("CN=%s-1104,%s" % (FAB, FSPS), FAB + "-1104", FSP)).done()
    s.entry(*AUTH_USERS_FSP).done()
    s.call("ranged", "2 member " + CERTSVC)
    members(s, CERTSVC, [("0-1", DCOM_MEMBERS[:2]), ("2-3", DCOM_MEMBERS[2:]), ("4-*", [])])
    s.call("ranged", "0 member " + CERTSVC)
    members(s, CERTSVC, [("0-*", DCOM_MEMBERS)])
    s.call("ranged", "1000 member " + CERTSVC)
    s.entry(ext(CERTSVC)).done()
    return s


@seed
def add_remove_member():
    """The seed's fix: fabrikam's Domain Users into the builtin group through
    its existing FSP, alice by DN, then out again."""
    s = open_session(Seed())
    s.call("add", "S-1-5-32-574 %s-513" % FAB)
    s.entry(*DCOM_GROUP).done()
    s.comment("no object of the SID here; its FSP exists")
    s.done(32)
    s.entry(*FAB_USERS_FSP).done()
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS[:1])])
    s.comment("the modify")
    s.done(0)
    s.call("add", "S-1-5-32-574 %s-1103" % DOM)
    s.entry(*ALICE).done()
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS[:1] + member_values(("CN=%s-513,%s" % (FAB, FSPS), FAB + "-513")))])
    s.done(0)
    s.call("add", "S-1-5-32-574 S-1-1-0")
    s.comment("no FSP for Everyone yet: <SID=S-1-1-0> makes it")
    s.done(32)
    s.done(32)
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS[:1])])
    s.comment("still no FSP: the modify writes <SID=S-1-1-0>")
    s.done(32)
    s.done(0)
    s.call("remove", "S-1-5-32-574 %s-1103" % DOM)
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS)])
    s.done(0)
    s.call("remove", "S-1-5-32-574 %s-1103" % DOM)
    members(s, BUILTIN_GROUP, [("0-*", DCOM_MEMBERS[:1])])
    s.comment("refused by the scope rules before anything is sent")
    s.call("add", "%s-1105 S-1-5-32-574" % DOM)
    s.entry(*CERTSVC_GROUP).done()
    s.call("add", "%s-1105 %s-1105" % (DOM, DOM))
    s.call("add", "%s-1105 S-1-5-21-9-9-9-1100" % DOM)
    s.done(32)
    s.done(32)
    s.call("add", "%s-1103 %s-513" % (DOM, DOM))
    s.comment("the modify refused: 50, 68")
    s.call("add", "%s-513 %s-1103" % (DOM, DOM))
    s.entry(*DOMAIN_USERS).done()
    members(s, "CN=Domain Users," + USERS, [("0-*", [])])
    s.done(50, "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0")
    s.call("add", "%s-1105 %s-1103" % (DOM, DOM))
    members(s, CERTSVC, [("0-*", [])])
    s.done(68)
    s.comment("a security group without scope bits: no scope rule applies")
    s.call("add", "%s-1131 %s-1103" % (DOM, DOM))
    s.entry(*principal("CN=noscope,CN=Users," + BASE, DOM + "-1131", GROUP, "noscope",
                       -2147483648)).done()
    return s


@seed
def create_delete_group():
    s = open_session(Seed())
    s.call("create", "2 CERTSVC_DCOM_ACCESS")
    s.comment("the add, then the new group read back")
    s.done(0)
    s.entry(*CERTSVC_GROUP).done()
    s.call("create", "1 Taken")
    s.done(68, "00002071: UpdErr: DSID-0305038D, problem 6005 (ENTRY_EXISTS), data 0")
    s.call("create", "4 Builtin")
    s.call("create", "3 bad/name")
    s.call("delete", DOM + "-1105")
    s.done(0)
    s.call("delete", "S-1-5-32-574")  # refused before asking
    s.call("delete", DOM + "-513")
    s.entry(*DOMAIN_USERS).done()
    s.call("delete", DOM + "-1103")
    s.entry(*ALICE).done()
    s.call("create", "3 Universal Group")
    s.done(0)
    s.entry(*principal("CN=Universal Group,CN=Users," + BASE, DOM + "-1120", GROUP,
                       "Universal Group", UNIVERSAL)).done()
    s.call("delete", DOM + "-1120")
    s.done(53, "0000209A: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0")
    s.comment("a name that needs escaping in its RDN; another domain refused")
    s.call("create", "2 #hash ")
    s.done(0)
    s.entry(*principal("CN=\\#hash\\ ,CN=Users," + BASE, DOM + "-1121", GROUP, "#hash ",
                       DOMAIN_LOCAL)).done()
    s.call("createin", FAB + " 2 elsewhere")
    return s


@seed
def token_user():
    s = open_session(Seed())
    s.call("token", DOM + "-1103 2")
    s.entry(*ALICE).done()
    s.entry(ext("CN=alice,CN=Users," + BASE, DOM + "-1103"),
            ("primaryGroupID", ["513"]),
            ("tokenGroups", [("sid", DOM + "-513"), ("sid", "S-1-5-32-545"),
                             ("sid", DOM + "-1105"), ("sid", "S-1-5-32-574")])).done()
    s.call("token", DOM + "-1104 1")
    s.entry(*CA01).done()
    s.entry(ext("CN=CA01,CN=Computers," + BASE, DOM + "-1104"),
            ("primaryGroupID", ["515"]),
            ("tokenGroups", [("sid", "S-1-5-32-545")])).done()
    s.call("token", DOM + "-513 1")
    s.entry(*DOMAIN_USERS).done()
    s.call("token", FAB + "-513 1")
    s.done(32)
    s.done(32)
    s.call("token", DOM + "-1106 1")
    s.entry(*principal("CN=bob,CN=Users," + BASE, DOM + "-1106", USER, "bob")).done()
    s.comment("the user vanished")
    s.done(0)
    return s


@seed
def cas_and_discover():
    s = open_session(Seed())
    s.call("cas")
    s.entry(*ca("CONTOSO-CA", "ca01.contoso.test", ["User", "Machine", "WebServer"]))
    s.entry(*ca("Offline", None, None))
    s.entry(ext("CN=nameless,CN=Enrollment Services," + PKS), ("dNSHostName", ["x.contoso.test"]))
    s.page()
    s.call("discover", "ca01")
    s.entry(*computer("CA01", "ca01.contoso.test", 4096, "Windows Server 2008 R2 Enterprise")).page()
    s.entry(*ca("CONTOSO-CA", "ca01.contoso.test", ["User"])).page()
    s.comment("a 2003 CA on a DC: its CERTSVC_DCOM_ACCESS")
    s.call("discover", "dc1.contoso.test")
    s.entry(*computer("DC1", "dc1.contoso.test", 532480, "Windows Server 2003")).page()
    s.entry(*ca("CONTOSO-CA", "DC1.contoso.test", ["User"])).page()
    s.entry(*CERTSVC_GROUP).page()
    s.call("discover", "rodc")
    s.entry(*computer("RODC", "rodc.contoso.test", 83890176, "Windows Server 2003 R2")).page()
    s.comment("no CA was ever installed (CERTSVC_DCOM_ACCESS is known by now)")
    s.done(32)
    s.call("discover", "nowhere")
    s.page()
    s.call("discover", "twice")
    s.entry(*computer("TWICE", "twice.contoso.test", 4096, None))
    s.entry(*computer("TWICE2", "twice.contoso.test", 4096, None)).page()
    return s


@seed
def template_security():
    s = open_session(Seed())
    s.call("template", "User")
    s.entry(ext("CN=User,CN=Certificate Templates," + PKS),
            ("nTSecurityDescriptor", [sd_template()])).page()
    s.call("template", "Web Server")
    s.entry(ext("CN=WebServer,CN=Certificate Templates," + PKS),
            ("nTSecurityDescriptor", [sd_template("(A;;RPWPCR;;;S-1-5-21-1-2-3-513)")])).page()
    s.comment("without the right to read it; none; two")
    s.call("template", "Secret")
    s.entry(ext("CN=Secret,CN=Certificate Templates," + PKS)).page()
    s.call("template", "Nothing")
    s.page()
    s.call("template", "Twin")
    s.entry(ext("CN=Twin,CN=Certificate Templates," + PKS), ("nTSecurityDescriptor", [sd_template()]))
    s.entry(ext("CN=Twin2,CN=Certificate Templates," + PKS), ("nTSecurityDescriptor", [sd_template()])).page()
    s.call("template", "Broken")
    s.entry(ext("CN=Broken,CN=Certificate Templates," + PKS),
            ("nTSecurityDescriptor", [("hex", "010004801400000030000000000000004c000000")])).page()
    s.call("template", "Gone")
    s.done(32)
    return s


@seed
def server_errors():
    """Every result code the session names, and the server's diagnostics."""
    s = open_session(Seed())
    for code, text in [(50, "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0"),
                       (1, "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563"),
                       (3, None), (8, "BindSimple: Transport encryption required."),
                       (13, None), (49, None), (51, "busy"), (52, None), (53, None),
                       (80, None), (4, "size limit"), (10, None)]:
        s.call("sid", "user%d" % code)
        s.done(code, text)
    s.call("cas")
    s.done(50)
    s.call("template", "User")
    s.done(1)
    s.call("discover", "ca01")
    s.done(53)
    s.call("token", DOM + "-1103 1")
    s.done(50)
    return s


@seed
def malformed_answers():
    """Answers that break the rules: no paged results control, a bad one,
    a range that does not start where asked, malformed SIDs and extended
    DNs."""
    s = open_session(Seed())
    s.call("sid", "nopaging")
    s.entry(*ALICE).done()
    s.call("sid", "badcontrol")
    s.entry(*ALICE)
    s.add("ctl 1.2.840.113556.1.4.319 3003020100")
    s.done()
    s.call("sid", "badsid")
    s.entry(ext("CN=x,CN=Users," + BASE), ("objectClass", ["user"]),
            ("objectSid", [("hex", "0105000000000005150000")])).page(cookie="01000000")
    s.call("resolve", "S-1-5-21-1-2-3-1200")
    s.entry("<GUID=1;CN=broken", ("objectClass", ["group"])).done()
    s.call("members", "S-1-5-32-574")
    s.entry(*DCOM_GROUP).done()
    members(s, BUILTIN_GROUP, [("5-9", DCOM_MEMBERS)])
    s.call("members", "S-1-5-32-574")
    members(s, BUILTIN_GROUP, [("0-1", DCOM_MEMBERS[:2]), ("3-*", DCOM_MEMBERS[2:])])
    s.call("members", "S-1-5-32-574")
    members(s, BUILTIN_GROUP, [("0-*", ["<SID=S-1-5-21-1-2;CN=x"])])
    s.call("members", "S-1-5-32-574")
    members(s, BUILTIN_GROUP, [("x-*", DCOM_MEMBERS)])
    s.call("token", DOM + "-1103 1")
    s.entry(*ALICE).done()
    s.entry(ext("CN=alice,CN=Users," + BASE, DOM + "-1103"), ("primaryGroupID", ["-1"]),
            ("tokenGroups", [("hex", "0105")])).done()
    s.call("info", DOM + "-1130")
    s.comment("a distribution group, a group without scope bits, a printer")
    s.entry(*principal("CN=dist,CN=Users," + BASE, DOM + "-1130", GROUP, "dist", 2)).done()
    s.call("info", DOM + "-1131")
    s.entry(*principal("CN=noscope,CN=Users," + BASE, DOM + "-1131", GROUP, "noscope", -2147483648)).done()
    s.call("info", DOM + "-1132")
    s.entry(*principal("CN=printer,CN=Users," + BASE, DOM + "-1132", ["printQueue"], "printer")).done()
    s.call("info", DOM + "-1133")
    s.comment("no object of this domain's SID")
    s.done(0)
    return s


@seed
def protocol_damage():
    """Damage below the answers: a reference, a message for nobody, an
    unknown protocolOp, a Notice of Disconnection, bytes that are no BER."""
    s = open_session(Seed())
    s.call("sid", "ref")
    s.add("ref ldap://fabrikam.test/DC=fabrikam,DC=test")
    s.entry(*ALICE)
    s.add("stray")
    s.page()
    s.call("sid", "op")
    s.add("op 64 05 04 00 30 01")  # an entry whose attribute list is cut
    s.page()
    s.call("sid", "unknown")
    s.add("op 7f 00")
    s.page()
    s.call("sid", "truncated")
    s.entry(*ALICE)
    s.add("raw 30 82 01 00 02 01")
    s.call("sid", "after")
    s.call("sid", "after again")
    return s


@seed
def notice_of_disconnection():
    s = open_session(Seed())
    s.call("sid", "alice")
    s.add("notice")
    s.page()
    s.call("sid", "next")
    s.call("sid", "after")
    s.call("cas")
    s.call("add", "S-1-5-32-574 %s-513" % DOM)
    return s


@seed
def lost_then_change():
    """The connection drops (a Notice of Disconnection, then the end) while
    the group, its members and a member are cached: the changes that need
    no search must not reach a connection libldap would open itself."""
    s = open_session(Seed())
    s.call("create", "2 Doomed")
    s.done(0)
    s.entry(*principal("CN=Doomed,CN=Users," + BASE, DOM + "-1140", GROUP, "Doomed",
                       DOMAIN_LOCAL)).done()
    s.call("members", DOM + "-1140")
    members(s, "CN=Doomed,CN=Users," + BASE, [("0-*", member_values(("CN=alice,CN=Users," + BASE, DOM + "-1103")))])
    s.entry(*ALICE).page()
    s.call("sid", "x")
    s.add("notice")
    s.page()
    s.call("sid", "y")
    s.call("remove", "%s-1140 %s-1103" % (DOM, DOM))
    s.call("delete", DOM + "-1140")
    s.call("token", DOM + "-1103 1")
    return s


@seed
def hangup():
    """The DC closes the connection right after an answer."""
    s = open_session(Seed())
    s.call("resolve", "alice")
    s.entry(*ALICE).page()
    s.add("hangup")
    s.call("token", DOM + "-1103 1")
    s.call("sid", "bob")
    return s


@seed
def rootdse_lies():
    """A server that is not a DC: no naming contexts."""
    s = Seed()
    s.entry("", ("defaultNamingContext", ["dc=example,dc=org"]),
            ("domainFunctionality", ["x"])).done()
    return s


@seed
def open_failures():
    """The domain object without a SID; a crossRef without the NetBIOS name
    of this domain; a malformed nCName."""
    s = Seed()
    rootdse(s)
    s.entry(BASE, ("objectSid", [("sid", "S-1-5-32")])).done()
    return s


@seed
def open_no_netbios():
    s = Seed()
    rootdse(s)
    s.entry(BASE, ("objectSid", [("sid", DOM)])).done()
    s.entry(ext("CN=CONTOSO,CN=Partitions," + CFG), ("nCName", [ext(BASE, DOM)]),
            ("dnsRoot", ["contoso.test"])).page()
    return s


@seed
def open_bad_ncname():
    s = Seed()
    rootdse(s)
    s.entry(BASE, ("objectSid", [("sid", DOM)])).done()
    s.entry(ext("CN=CONTOSO,CN=Partitions," + CFG), ("nCName", ["<SID=S-1-5-21-x>;" + BASE]),
            ("dnsRoot", ["contoso.test"]), ("nETBIOSName", ["CONTOSO"])).page()
    return s


@seed
def open_bad_trust():
    s = open_session(Seed(), trusts=[trust("bad.test", "BAD", "S-1-5-32-544", 3, 4)])
    return s


@seed
def many_values():
    """A group of 300 members (one value repeated) and a long token; the
    library's limits (100000 each) are out of a fuzzer's time."""
    s = open_session(Seed())
    s.call("members", "S-1-5-32-574")
    s.entry(*DCOM_GROUP).done()
    s.entry(ext(BUILTIN_GROUP), ("member;range=0-*", [DCOM_MEMBERS[0]]))
    s.add("repeat 299")
    s.done()
    s.entry(*DOMAIN_USERS).page()
    s.call("token", DOM + "-1103 1")
    s.entry(*ALICE).done()
    s.entry(ext("CN=alice,CN=Users," + BASE, DOM + "-1103"),
            ("tokenGroups", [("sid", DOM + "-513"), ("sid", "S-1-5-32-545")]))
    s.add("repeat 200")
    s.done()
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz", "corpus", "ldap")
    os.makedirs(out, exist_ok=True)
    for name, fn in SEEDS.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(fn().text())


if __name__ == "__main__":
    main()
