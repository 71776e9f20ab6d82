#!/bin/sh
# cadcom(1) as users meet it: the sddl line protocol, exit codes, --help.
# Prints TAP-like lines and a closing "N passed, N failed" line.
set -u
: "${CADCOM:?set CADCOM to the cadcom binary}"
pass=0 fail=0
check() { # name, expected, actual
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); echo "ok - $1"
	else fail=$((fail + 1)); printf 'not ok - %s\n  want: %s\n  got:  %s\n' "$1" "$2" "$3"; fi
}

out=$(printf 'D:(A;;RPWPCC;;;WD)\nD:(Antlers;;GA;;;SY)\n\nO:BAG:SY\n' | "$CADCOM" sddl canon); rc=$?
check "canon: one output line per input line" "D:(A;;CCRPWP;;;WD)
error: SDDL: unknown ACE type \"Antlers\" at offset 3

O:BAG:SY" "$out"
check "canon: exit 1 when a line is rejected" 1 "$rc"

out=$(printf 'D:(A;;GA;;;WD)\r\n' | "$CADCOM" sddl canon); rc=$?
check "canon: CRLF input" "D:(A;;GA;;;WD)" "$out"
check "canon: exit 0 when all lines pass" 0 "$rc"

out=$(echo 'D:(A;;GA;;;S-1-5-21-1-2-3-513)' | "$CADCOM" sddl canon --domain-sid S-1-5-21-1-2-3)
check "canon: --domain-sid prints domain aliases" "D:(A;;GA;;;DU)" "$out"
out=$(echo 'D:(A;;GA;;;DU)' | "$CADCOM" sddl canon)
check "canon: domain alias without --domain-sid" "error: SDDL: SID alias DU (Domain Users) is relative to a domain and no domain SID was given, at offset 11" "$out"
out=$(echo 'D:(A;;CCDCLC;;;CD)' | "$CADCOM" sddl canon --windows 2008)
check "canon: --windows 2008 writes CD numerically" "D:(A;;CCDCLC;;;S-1-5-32-574)" "$out"
out=$(echo 'D:(A;;CCDCLC;;;CD)' | "$CADCOM" sddl canon --windows 2008r2)
check "canon: --windows 2008r2 knows CD" "D:(A;;CCDCLC;;;CD)" "$out"

"$CADCOM" sddl canon --windows 1999 </dev/null 2>/dev/null; check "bad --windows: exit 2" 2 $?
"$CADCOM" sddl canon --domain-sid nope </dev/null 2>/dev/null; check "bad --domain-sid: exit 2" 2 $?
"$CADCOM" sddl frobnicate </dev/null 2>/dev/null; check "unknown subcommand: exit 2" 2 $?
"$CADCOM" nonsense 2>/dev/null; check "unknown command: exit 2" 2 $?
"$CADCOM" 2>/dev/null; check "no command: exit 2" 2 $?
"$CADCOM" sddl canon extra </dev/null 2>/dev/null; check "extra argument: exit 2" 2 $?
"$CADCOM" --help | grep -q 'sddl canon'; check "--help lists sddl canon" 0 $?
"$CADCOM" sddl --help | grep -q -- '--domain-sid'; check "sddl --help" 0 $?
"$CADCOM" sddl canon --help | grep -q -- '--windows'; check "sddl canon --help" 0 $?
"$CADCOM" --version | grep -q '^cadcom '; check "--version" 0 $?

# A NUL byte inside a line is reported, not truncated silently.
out=$(printf 'D:\000(A;;GA;;;WD)\n' | "$CADCOM" sddl canon); rc=$?
check "NUL byte in a line" "error: input line contains a NUL byte at offset 2" "$out"
check "NUL byte: exit 1" 1 "$rc"

# Every line of 5000 random bytes produces exactly one output line.
lines=$(head -c 200000 /dev/urandom | tr -d '\000' | head -n 5000)
n_in=$(printf '%s\n' "$lines" | wc -l)
n_out=$(printf '%s\n' "$lines" | "$CADCOM" sddl canon | wc -l)
check "random bytes: one output line per input line" "$n_in" "$n_out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
