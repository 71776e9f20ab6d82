#!/usr/bin/env python3
"""Write the fix for a CA as .reg files a Windows administrator can review
and import: fix.reg makes the registry changes of the plan, undo.reg puts
every value back as it was (deleting those that did not exist).

    fix_reg.py [--out-dir DIR] [--no-reset-flag] [EXAMPLES | FOREST_DIR]

The plan is made for the example's topology.json and before.json (as in
audit_ca.py); it includes clearing SetupStatus's DCOM_SECURITY_UPDATED flag
(KB 903220: CertSvc then re-applies its DCOM defaults when restarted)
unless --no-reset-flag.  Group changes have no .reg form: they are listed,
to be made with `cadcom group add-member` or Active Directory tools.
"""
import argparse
import os
import sys

import cadcom


def forest_dir(where):
    where = where or os.environ.get(
        "EXAMPLES", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    forest = os.path.join(where, "forest")
    return forest if os.path.isdir(forest) else where


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv):
    parser = argparse.ArgumentParser(description="Write fix.reg and undo.reg for a CA.")
    parser.add_argument("examples", nargs="?", help="examples or forest directory")
    parser.add_argument("--out-dir", default=".", help="where fix.reg and undo.reg go")
    parser.add_argument("--no-reset-flag", action="store_true",
                        help="leave SetupStatus alone")
    args = parser.parse_args(argv)
    where = forest_dir(args.examples)
    try:
        topo = cadcom.Topology.from_json(read(os.path.join(where, "topology.json")),
                                         "topology.json")
        with cadcom.Target.open_snapshot(read(os.path.join(where, "before.json")),
                                         "before.json") as target:
            plan = cadcom.Plan.compute(topo, target)
            if not args.no_reset_flag:
                cadcom.plan_reset_setup_flag(plan, topo, target)
        forward, revert = plan.regfiles()
        os.makedirs(args.out_dir, exist_ok=True)
        for name, regfile in (("fix.reg", forward), ("undo.reg", revert)):
            path = os.path.join(args.out_dir, name)
            with open(path, "wb") as f:
                f.write(bytes(regfile))   # UTF-16LE with a BOM, as regedit writes
            print("wrote %s (%d operations)" % (path, len(regfile)))
    except (OSError, cadcom.Error) as e:
        print("fix_reg: %s" % e, file=sys.stderr)
        return 2

    for entry in forward:
        if entry.op == cadcom.REGFILE_SET_VALUE:
            print("  set %s\\%s" % (entry.key, entry.name))
    groups = [a for a in plan.actions if a.kind != cadcom.ACTION_SET_VALUE]
    if groups:
        print("%d group changes are not in a .reg file:" % len(groups))
        for a in groups:
            print("  - " + a.text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
