#!/usr/bin/python3
"""Time python3-samba's security.access_check on bench_access's descriptor
and token, run bench_access, and print both with their ratio.

    /usr/bin/python3 bench/compare_access.py bench/bench_access

Samba's figure includes the Python call overhead: it is the speed a Python
tool built on Samba gets, which is what libcadcom's users compare with.
"""
import subprocess
import sys
import time


def samba_rate(sddl, token_text):
    from samba import security as samba_security
    from samba.dcerpc import security

    sd = security.descriptor.from_sddl(sddl, security.dom_sid("S-1-5-21-1-2-3"))
    t = security.token()
    sids = [security.dom_sid(s) for s in token_text.split(",")]
    t.sids = sids
    t.num_sids = len(sids)  # after assigning: the getter reads num_sids
    if samba_security.access_check(sd, t, 0x5) != 0x5:
        raise SystemExit("samba did not grant the benchmark's request")
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            samba_security.access_check(sd, t, 0x5)
        elapsed = time.perf_counter() - start
        if elapsed >= 1.0:
            return n / elapsed
        n *= 2


def main():
    bench = sys.argv[1]
    sddl, token_text = subprocess.run([bench, "--print"], check=True, capture_output=True,
                                      text=True).stdout.splitlines()
    ours = subprocess.run([bench], check=True, capture_output=True, text=True).stdout
    sys.stdout.write(ours)
    fast = float(ours.splitlines()[0].split()[-2])
    try:
        peer = samba_rate(sddl, token_text)
    except ImportError:
        print("python3-samba is not installed: no comparison")
        return
    print("python3-samba access_check (same SD, token, mask)     %.0f ops/s" % peer)
    print("ratio libcadcom mask / python3-samba: %.1fx" % (fast / peer))


if __name__ == "__main__":
    main()
