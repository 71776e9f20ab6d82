#!/usr/bin/python3
"""Security descriptors from Python, per second, through three libraries.

    PYTHONPATH=_build/default/bindings/python /usr/bin/python3 bench/bench_python.py \
        tests/data/random-sds.txt

One round trip is SDDL parse + self-relative binary pack + SDDL format:
- cadcom:   sd_from_sddl, sd_to_bytes, sd_to_sddl (the SWIG binding);
- samba:    security.descriptor.from_sddl, ndr_pack, as_sddl (python3-samba);
- impacket: has no SDDL; SR_SECURITY_DESCRIPTOR parses the binary form and
            getData() packs it again (python3-impacket), timed on the bytes
            Samba packed, so it does less work than the other two.
Each is timed over the same descriptors, best of three passes: the DCOM
defaults and those of the 600 random ones tests/data/random-sds.txt checks
against Samba that impacket can read too (it knows fewer ACE types; when it
is missing, all of them).  A library that is not installed is reported and
skipped.  Prints figures and ratios; asserts nothing.
"""
import sys
import time

DOMAIN = "S-1-5-21-2447931902-1787058256-3961074038"
DCOM = [
    "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
    "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)",
    "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)",
]


def inputs(path):
    out = list(DCOM)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("sddl "):
                out.append(line[5:].rstrip("\n"))
    return out


def best_rate(fn, items, seconds=1.0):
    """Round trips per second: the best of three passes of about `seconds`."""
    best = 0.0
    for _ in range(3):
        n, start = 0, time.perf_counter()
        while True:
            for s in items:
                fn(s)
            n += len(items)
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, n / elapsed)
    return best


def cadcom_case(items):
    import cadcom

    dom = cadcom.sid_from_string(DOMAIN, None)

    def once(s):
        sd = cadcom.sd_from_sddl(s, dom)
        cadcom.sd_to_bytes(sd)
        cadcom.sd_to_sddl(sd, dom, 0)

    return once, items


def samba_case(items):
    from samba.dcerpc import security
    from samba.ndr import ndr_pack

    dom = security.dom_sid(DOMAIN)

    def once(s):
        sd = security.descriptor.from_sddl(s, dom)
        ndr_pack(sd)
        sd.as_sddl(dom)

    return once, items


def impacket_case(items):
    from impacket.ldap.ldaptypes import SR_SECURITY_DESCRIPTOR
    from samba.dcerpc import security
    from samba.ndr import ndr_pack

    dom = security.dom_sid(DOMAIN)
    blobs = [ndr_pack(security.descriptor.from_sddl(s, dom)) for s in items]

    def once(b):
        SR_SECURITY_DESCRIPTOR(data=b).getData()

    return once, blobs


def readable_by_impacket(items):
    """The descriptors impacket parses, so that every library gets the same."""
    try:
        from impacket.ldap.ldaptypes import SR_SECURITY_DESCRIPTOR
        from samba.dcerpc import security
        from samba.ndr import ndr_pack
    except ImportError:
        return items
    dom, keep = security.dom_sid(DOMAIN), []
    for s in items:
        try:
            SR_SECURITY_DESCRIPTOR(data=ndr_pack(security.descriptor.from_sddl(s, dom))).getData()
            keep.append(s)
        except Exception:  # impacket raises whatever its parser meets
            pass
    return keep


def main():
    every = inputs(sys.argv[1] if len(sys.argv) > 1 else "tests/data/random-sds.txt")
    items = readable_by_impacket(every)
    print(f"bench_python: {len(items)} of {len(every)} descriptors (those every library reads), "
          f"Python {sys.version.split()[0]}")
    rates = {}
    for name, case in (("cadcom", cadcom_case), ("samba", samba_case),
                       ("impacket", impacket_case)):
        try:
            once, data = case(items)
        except ImportError as e:
            print(f"  {name:9} not installed ({e}); skipped")
            continue
        rates[name] = best_rate(once, data)
        print(f"  {name:9} {rates[name]:10.0f} round trips/s")
    if "cadcom" in rates:
        for peer in ("samba", "impacket"):
            if peer in rates:
                print(f"  cadcom / {peer}: {rates['cadcom'] / rates[peer]:.2f}x")


if __name__ == "__main__":
    main()
