#!/usr/bin/env python3
"""Why is an enrollee denied?  Every layer it crosses to enrol — machine
launch restriction, CertSrv Request launch permission, machine access
restriction, access permission, the CA's own Security, the certificate
template — granted or denied, with the deciding ACE and the fix
(doc/WHY.md; the library side of `cadcom why`).

    explain_denial.py [--enrollee NAME|SID] [--local] [EXAMPLES | FOREST_DIR]

The enrollee (default CONTOSO\\DC2$) is looked up in the example state's
directory: its token holds its groups, transitively, and the SIDs of a
network logon.  --local: enrolling on the CA itself.  Exit status as
`cadcom why`: 0 allowed, 1 denied, 2 input error.
"""
import argparse
import os
import sys

import cadcom

RESULT = {cadcom.VERDICT_DENIED: "DENIED", cadcom.VERDICT_GRANTED: "granted",
          cadcom.VERDICT_NOT_EVALUATED: "not evaluated"}


def forest_dir(where):
    where = where or os.environ.get(
        "EXAMPLES", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    forest = os.path.join(where, "forest")
    return forest if os.path.isdir(forest) else where


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def token_for(directory, who):
    """The enrollee's token as the directory knows it."""
    try:
        sid = directory.lookup_name(who)
    except cadcom.NotFoundError:
        try:
            sid = cadcom.Sid(who)
        except cadcom.ParseError:
            raise LookupError("%s: no such name in the directory, nor a SID" % who) from None
    return cadcom.token_from_directory(directory, sid, cadcom.LOGON_NETWORK)


def main(argv):
    parser = argparse.ArgumentParser(description="Explain why an enrollee is denied.")
    parser.add_argument("examples", nargs="?", help="examples or forest directory")
    parser.add_argument("--enrollee", default="CONTOSO\\DC2$")
    parser.add_argument("--local", action="store_true", help="enrolling on the CA itself")
    args = parser.parse_args(argv)
    where = forest_dir(args.examples)
    try:
        topo = cadcom.Topology.from_json(read(os.path.join(where, "topology.json")),
                                         "topology.json")
        with cadcom.Target.open_snapshot(read(os.path.join(where, "before.json")),
                                         "before.json") as target:
            token = token_for(target.directory, args.enrollee)
            verdict = cadcom.Verdict.compute(topo, target, token, remote=not args.local)
    except (OSError, LookupError, cadcom.Error) as e:
        print("explain_denial: %s" % e, file=sys.stderr)
        return 2

    print("%s: %s" % (verdict.enrollee, "allowed" if verdict.allowed else "denied"))
    for layer in verdict.layers:
        print("  %-14s %s" % (RESULT[layer.result], layer.text))
        if layer.fix:
            print("                 fix: " + layer.fix)
    for note in verdict.notes:
        print("  note: " + note)
    return 0 if verdict.allowed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
