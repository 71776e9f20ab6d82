#!/usr/bin/python3
"""Resident size after many create/free cycles through the Python binding.

    PYTHONPATH=_build/default/bindings/python /usr/bin/python3 bench/leak.py [CYCLES] [EXAMPLES]

Each cycle makes and drops a descriptor (SDDL parse, binary pack, SDDL
format), a plan of the example forest, and an error (a parse failure raised
as an exception).  The resident size (/proc/self/statm) is read after a
warm-up and at the end; prints the growth for CYCLES (default 100,000),
and exits 1 when it reaches 1 MiB (the bound issue 11 sets).
bindings/python/test_cadcom.py runs a shorter version with the same bound
per cycle; bench/leak.pl is the Perl twin.
"""
import os
import sys

import cadcom

SDDL = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    examples = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("EXAMPLES", "examples")
    with open(os.path.join(examples, "forest", "topology.json"), "rb") as f:
        topo_text = f.read().decode()
    with open(os.path.join(examples, "forest", "before.json"), "rb") as f:
        state_text = f.read().decode()
    topo = cadcom.topology_from_json(topo_text, "topology.json")
    target = cadcom.target_open_snapshot(state_text, "before.json")

    def cycle():
        sd = cadcom.sd_from_sddl(SDDL, None)
        cadcom.sd_to_sddl(cadcom.sd_from_bytes(cadcom.sd_to_bytes(sd)), None, 0)
        cadcom.plan_to_json(cadcom.plan_compute(topo, target))
        try:
            cadcom.sd_from_sddl("D:(Antlers;;GA;;;SY)", None)
        except cadcom.Error:
            pass

    for _ in range(min(cycles, 2000)):  # warm-up: allocator pools, caches
        cycle()
    before = rss_bytes()
    for _ in range(cycles):
        cycle()
    grown = rss_bytes() - before
    print(f"leak.py: {cycles} cycles (descriptor, plan, error): resident size grew "
          f"{grown / 1024:.0f} KiB ({grown / cycles:.2f} bytes per cycle)")
    return 0 if grown < (1 << 20) else 1


if __name__ == "__main__":
    sys.exit(main())
