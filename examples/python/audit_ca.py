#!/usr/bin/env python3
"""Audit a CA: what is wrong with the DCOM permissions and the group that
enrolment needs (KB 903220), and what the plan would change.

    audit_ca.py [EXAMPLES | FOREST_DIR | TOPOLOGY.json STATE.json]

With a directory: its topology.json and before.json (the examples
directory or its forest/ subdirectory; default $EXAMPLES or the examples
beside this script).  The state is a snapshot (doc/SNAPSHOT.md); for a live
CA use cadcom.Target.open_remote(host, cadcom.Credentials.password(...)).
Exit status: 0 nothing to fix, 1 warnings or errors found, 2 input error.
"""
import os
import sys

import cadcom

SEVERITY = {cadcom.SEVERITY_INFO: "info", cadcom.SEVERITY_WARNING: "warning",
            cadcom.SEVERITY_ERROR: "error"}
LAYER = {cadcom.LAYER_MACHINE_LAUNCH: "machine launch", cadcom.LAYER_MACHINE_ACCESS: "machine access",
         cadcom.LAYER_APP_LAUNCH: "launch", cadcom.LAYER_APP_ACCESS: "access",
         cadcom.LAYER_GROUP: "group", cadcom.LAYER_MEMBERS: "members", cadcom.LAYER_CA: "CA",
         cadcom.LAYER_CA_SECURITY: "CA security", cadcom.LAYER_TEMPLATE: "template"}


def inputs(argv):
    """(topology path, state path) from the arguments or $EXAMPLES."""
    if len(argv) == 2:
        return argv
    where = argv[0] if argv else os.environ.get(
        "EXAMPLES", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if os.path.isdir(os.path.join(where, "forest")):
        where = os.path.join(where, "forest")
    return os.path.join(where, "topology.json"), os.path.join(where, "before.json")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv):
    if len(argv) > 2 or any(a.startswith("-") for a in argv):
        sys.stderr.write(__doc__)
        return 2
    topo_path, state_path = inputs(argv)
    try:
        topo = cadcom.Topology.from_json(read(topo_path), topo_path)
        with cadcom.Target.open_snapshot(read(state_path), state_path) as target:
            plan = cadcom.Plan.compute(topo, target)
    except (OSError, cadcom.Error) as e:   # cadcom errors name the file and line
        print("audit_ca: %s" % e, file=sys.stderr)
        return 2

    print("%s (%s), CA %s" % (topo.host, "DC" if topo.role == cadcom.ROLE_DC else "member",
                              topo.ca_name or "?"))
    for text in plan.assumptions:
        print("assumed: " + text)
    findings = sorted(plan.findings, key=lambda f: (-f.severity, f.layer))
    print("Findings (%d):" % len(findings))
    for f in findings:
        print("  %-7s [%s] %s" % (SEVERITY[f.severity], LAYER.get(f.layer, f.layer), f.text))
        if f.evidence:
            print("          evidence: " + f.evidence)
        if f.fix:
            print("          fix: " + f.fix)
    print("Plan (%d actions):" % len(plan.actions))
    for a in plan.actions:
        print("  - " + a.text)
    return 1 if plan.worst >= cadcom.SEVERITY_WARNING else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
