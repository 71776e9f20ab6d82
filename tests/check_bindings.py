#!/usr/bin/python3
"""Every exported cadcom_* function is reachable from each binding, or is
listed in tests/binding_exclusions.txt with the reason it is not.

    check_bindings.py LIBCADCOM.so EXCLUSIONS [--python DIR] [--perl DIR]

The exports come from the shared library's dynamic symbol table (nm -D), not
the headers: what a program can call is what a binding must offer.  Python:
the module in DIR (cadcom.py and _cadcom), names without the cadcom_
prefix.  Perl: the module Cadcom in DIR, the same names in package Cadcom.
Fails on a missing function and on a stale exclusion (a function that is
reachable after all, or no longer exported), so the list stays true.
"""
import os
import re
import subprocess
import sys


def exports(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        m = re.search(r" T (cadcom_[a-z0-9_]+)@@", line)
        if m:
            names.add(m.group(1))
    return names


def python_names(path):
    code = "import cadcom, sys; sys.stdout.write('\\n'.join(dir(cadcom)))"
    env = dict(os.environ, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=env).stdout
    return set(out.split())


def perl_names(path):
    code = 'no strict "refs"; for my $n (keys %Cadcom::) { print "$n\\n" if defined &{"Cadcom::$n"} }'
    out = subprocess.run(["perl", "-I" + path, "-MCadcom", "-e", code], check=True,
                         capture_output=True, text=True).stdout
    return set(out.split())


def read_exclusions(path):
    """{language: {function: reason}} from lines `LANGUAGE FUNCTION REASON`
    (LANGUAGE python, perl or both); # starts a comment."""
    table = {"python": {}, "perl": {}}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[0] not in ("python", "perl", "both"):
                sys.exit(f"{path}:{n}: expected LANGUAGE FUNCTION REASON")
            for lang in (("python", "perl") if parts[0] == "both" else (parts[0],)):
                table[lang][parts[1]] = parts[2]
    return table


def check(lang, exported, reachable, excluded):
    problems = []
    for fn in sorted(exported):
        short = fn[len("cadcom_"):]
        if fn in excluded:
            if short in reachable:
                problems.append(f"{lang}: {fn} is excluded but reachable: drop the exclusion")
        elif short not in reachable:
            problems.append(f"{lang}: {fn} is exported but not reachable")
    for fn in sorted(set(excluded) - exported):
        problems.append(f"{lang}: {fn} is excluded but not exported any more")
    covered = sum(fn[len("cadcom_"):] in reachable for fn in exported)
    print(f"{lang}: {covered} of {len(exported)} exported functions reachable, "
          f"{len(set(excluded) & exported)} excluded with a reason")
    return problems


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    lib, excl_path, rest = args[0], args[1], args[2:]
    exported = exports(lib)
    excluded = read_exclusions(excl_path)
    problems = []
    while rest:
        opt, path = rest[0], rest[1]
        rest = rest[2:]
        if opt == "--python":
            problems += check("python", exported, python_names(path), excluded["python"])
        elif opt == "--perl":
            problems += check("perl", exported, perl_names(path), excluded["perl"])
        else:
            sys.exit(f"unknown option {opt}")
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
