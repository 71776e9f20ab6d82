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

# to-hex / from-hex: Windows' DefaultLaunchPermission (facts.md §8), both ways.
DLP='01,00,04,80,5c,00,00,00,6c,00,00,00,00,00,00,00,14,00,00,00,02,00,48,00,03,00,00,00,00,00,18,00,1f,00,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,04,00,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,12,00,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00'
DLP_SDDL='O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)'
out=$(echo "\"DefaultLaunchPermission\"=hex:$DLP" | "$CADCOM" sddl from-hex)
check "from-hex: .reg form" "$DLP_SDDL" "$out"
out=$(echo "$DLP" | tr -d ',' | "$CADCOM" sddl from-hex)
check "from-hex: plain hex" "$DLP_SDDL" "$out"
out=$(echo "hex:01,00,04,80,5c,00,00,00,6c,00,00,00,\\  00,00,00,00,14,00,00,00,02,00,48,00,03,00,00,00,00,00,18,00,1f,00,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,04,00,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,12,00,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00" | "$CADCOM" sddl from-hex)
check "from-hex: joined continuation lines" "$DLP_SDDL" "$out"
out=$(echo "$DLP_SDDL" | "$CADCOM" sddl to-hex)
check "to-hex: the 124 bytes Windows writes" "$(echo "$DLP" | tr -d ',')" "$out"
out=$(printf '0100048\nhex:01,0x\n01000480zz\n0100\n' | "$CADCOM" sddl from-hex); rc=$?
check "from-hex: errors name the offset" "error: hex: odd number of hex digits at offset 6
error: hex: unexpected character at offset 8
error: hex: unexpected character at offset 8
error: binary SD: shorter than the 20-byte header at offset 2" "$out"
check "from-hex: exit 1 on a bad line" 1 "$rc"

# explain: DCOM rights by their dcomcnfg names, JSON with the same content.
out=$(echo 'O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)' | "$CADCOM" sddl explain)
check "explain: people" "owner: Administrators (S-1-5-32-544)
group: Administrators (S-1-5-32-544)
DACL: 2 ACEs, DCOM permissions
  [0] allow  Everyone (S-1-1-0)
       rights: execute, local launch, local activation (0xb)
       flags:  -
  [1] allow  Administrators (S-1-5-32-544)
       rights: execute, local launch, remote launch, local activation, remote activation (0x1f)
       flags:  -
SACL: absent" "$out"
out=$(echo 'D:(A;;CCDCLC;;;WD)' | "$CADCOM" sddl explain --com access | grep rights)
check "explain --com access" "       rights: execute, local access, remote access (0x7)" "$out"
out=$(echo 'D:(A;ID;CC;;;SY)(A;;CC;;;WD)' | "$CADCOM" sddl explain --json)
check "explain --json" '{"sddl":"D:(A;ID;CC;;;SY)(A;;CC;;;WD)","control":32772,"owner":null,"group":null,"dacl":{"state":"present","flags":[],"dcom":true,"canonical":false,"first_out_of_order":1,"aces":[{"type":"allow","sddl":"(A;ID;CC;;;SY)","trustee":{"sid":"S-1-5-18","alias":"SY","name":"Local System"},"mask":1,"rights":["execute (legacy form: local and remote)"],"flags":["inherited"]},{"type":"allow","sddl":"(A;;CC;;;WD)","trustee":{"sid":"S-1-1-0","alias":"WD","name":"Everyone"},"mask":1,"rights":["execute (legacy form: local and remote)"],"flags":[]}]},"sacl":{"state":"absent","flags":[],"dcom":false,"canonical":true,"aces":[]}}' "$out"
out=$(echo 'D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)' | "$CADCOM" sddl explain | grep -c 'object type: 0e10c968-78fb-11d2-90d4-00c04f79dc55')
check "explain: object ACE GUID" 1 "$out"
"$CADCOM" sddl canon --json </dev/null 2>/dev/null; check "--json only with explain: exit 2" 2 $?
"$CADCOM" sddl explain --com both </dev/null 2>/dev/null; check "bad --com: exit 2" 2 $?

# A NUL byte inside a line is reported, not truncated silently.
out=$(printf 'D:\000(A;;GA;;;WD)\n' | "$CADCOM" sddl canon); rc=$?
check "NUL byte in a line" "error: input line contains a NUL byte at offset 2" "$out"
check "NUL byte: exit 1" 1 "$rc"

# Every line of 5000 random bytes produces exactly one output line.
lines=$(head -c 200000 /dev/urandom | tr -d '\000' | head -n 5000)
n_in=$(printf '%s\n' "$lines" | wc -l)
n_out=$(printf '%s\n' "$lines" | "$CADCOM" sddl canon | wc -l)
check "random bytes: one output line per input line" "$n_in" "$n_out"

# ---- plan and audit (EXAMPLES: the source tree's examples/) ----
ex="${EXAMPLES:?set EXAMPLES to the examples directory}/forest"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

"$CADCOM" audit --topology "$ex/topology.json" --target "json:$ex/before.json" >"$tmp/audit.txt"
check "audit of the example: exit 1 (findings)" 1 $?
grep -q 'lacks CONTOSO\\Domain Controllers' "$tmp/audit.txt"; check "audit names the missing Domain Controllers" 0 $?
grep -q '^Actions' "$tmp/audit.txt"; check "audit lists no actions" 1 $?
"$CADCOM" plan --topology "$ex/topology.json" --target "json:$ex/before.json" --json >"$tmp/plan.json"
check "plan --json: exit 1" 1 $?
grep -q '"kind": "add-member"' "$tmp/plan.json"; check "plan --json has add-member actions" 0 $?
"$CADCOM" plan --topology "$ex/topology.json" --target "json:$ex/before.json" \
	--reg-out "$tmp/f.reg" --revert-out "$tmp/r.reg" >/dev/null
head -c 2 "$tmp/f.reg" | od -An -tx1 | tr -d ' \n' >"$tmp/bom"
check "forward .reg is UTF-16LE with a BOM" "fffe" "$(cat "$tmp/bom")"
"$CADCOM" audit --topology "$ex/topology.json" --target "reg:$tmp/f.reg" >/dev/null 2>&1
check "audit of a .reg target runs (no membership data: findings)" 1 $?

# Applied to the snapshot, nothing is left to do but the informational notes.
"$CADCOM" plan --role member --generation 2008 --domain contoso.test=S-1-5-21-1-2-3 --reg-out "$tmp/m.reg" >/dev/null
"$CADCOM" plan --role member --generation 2008 --domain contoso.test=S-1-5-21-1-2-3 \
	--target "reg:$tmp/m.reg" >"$tmp/after.txt"
check "a CA fixed with the plan's .reg: only the membership warning is left" 1 $?
grep -c '^  error' "$tmp/after.txt" >"$tmp/n"; check "no error findings after the fix" 0 "$(cat "$tmp/n")"

# Bad input: a message naming the file, the line and the field; exit 2; nothing written.
sed 's/"role": "dc"/"role": "king"/' "$ex/topology.json" >"$tmp/bad.json"
err=$("$CADCOM" plan --topology "$tmp/bad.json" --reg-out "$tmp/x.reg" 2>&1 >/dev/null); rc=$?
check "bad topology: exit 2" 2 "$rc"
case $err in *"bad.json:6: ca.role"*) ok=0 ;; *) ok=1 ;; esac
check "bad topology: file, line and field in the message" 0 "$ok"
[ -e "$tmp/x.reg" ]; check "bad topology: nothing written" 1 $?
sed 's/"REG_DWORD"/"REG_WORD"/' "$ex/before.json" >"$tmp/bad-state.json"
err=$("$CADCOM" plan --topology "$ex/topology.json" --target "json:$tmp/bad-state.json" --reg-out "$tmp/x.reg" 2>&1 >/dev/null); rc=$?
check "bad snapshot: exit 2" 2 "$rc"
case $err in *"bad-state.json:"*": registry[2].values[0].type: unknown type"*) ok=0 ;; *) ok=1 ;; esac
check "bad snapshot: file, line and field in the message" 0 "$ok"
[ -e "$tmp/x.reg" ]; check "bad snapshot: nothing written" 1 $?
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"a"=dword:xyz\r\n' >"$tmp/bad.reg"
err=$("$CADCOM" audit --topology "$ex/topology.json" --target "reg:$tmp/bad.reg" 2>&1 >/dev/null); rc=$?
check "bad .reg: exit 2" 2 "$rc"
case $err in *"bad.reg:4"*) ok=0 ;; *) ok=1 ;; esac
check "bad .reg: file and line in the message" 0 "$ok"
"$CADCOM" audit --topology "$ex/topology.json" 2>/dev/null; check "audit without --target: exit 2" 2 $?
"$CADCOM" plan --role dc 2>/dev/null; check "plan without --generation: exit 2" 2 $?
err=$("$CADCOM" plan --role dc --generation 2008 --domain C=S-1-5-21-1-2-3 --target ca01.invalid \
	2>&1 </dev/null); rc=$?
check "remote target without credentials: exit 2" 2 "$rc"
case $err in *"needs -U USER, -A AUTHFILE or -k"*) ok=0 ;; *) ok=1 ;; esac
check "remote target without credentials: says what to give" 0 "$ok"

# ---- apply and rollback on a snapshot file (the lab tests do hosts) ----
cp "$ex/before.json" "$tmp/ca.json"
"$CADCOM" audit --topology "$ex/topology.json" --target "json:$tmp/ca.json" --json >"$tmp/audit-before.json"
"$CADCOM" apply --topology "$ex/topology.json" --target "json:$tmp/ca.json" --dry-run >"$tmp/out" 2>&1
check "apply --dry-run: exit 1 (steps to do)" 1 $?
cmp -s "$ex/before.json" "$tmp/ca.json"; check "apply --dry-run: the file is untouched" 0 $?
"$CADCOM" apply --topology "$ex/topology.json" --target "json:$tmp/ca.json" --reset-flag \
	--backup "$tmp/backup" >"$tmp/out" 2>"$tmp/err"
check "apply to a snapshot: exit 0" 0 $?
grep -q '^Outcome: applied' "$tmp/out"; check "apply: the outcome" 0 $?
grep -q 'restart' "$tmp/out"; check "apply: domain controllers must restart" 0 $?
[ -s "$tmp/backup/journal" ] && [ -s "$tmp/backup/revert.reg" ] && [ -s "$tmp/backup/members.json" ]
check "apply: journal, revert.reg and members.json" 0 $?
"$CADCOM" audit --topology "$ex/topology.json" --target "json:$tmp/ca.json" >"$tmp/out"
grep -c '^  error' "$tmp/out" >"$tmp/n"; check "after apply: no error findings" 0 "$(cat "$tmp/n")"
"$CADCOM" apply --topology "$ex/topology.json" --target "json:$tmp/ca.json" --reset-flag \
	--backup "$tmp/backup2" >"$tmp/out" 2>&1
check "apply again: exit 0" 0 $?
grep -q '^Outcome: nothing to do' "$tmp/out"; check "apply again: nothing to do" 0 $?
"$CADCOM" rollback --target "json:$tmp/ca.json" "$tmp/backup" >"$tmp/out"
check "rollback: exit 0" 0 $?
"$CADCOM" audit --topology "$ex/topology.json" --target "json:$tmp/ca.json" --json >"$tmp/audit-after.json"
cmp -s "$tmp/audit-before.json" "$tmp/audit-after.json"; check "rollback: the audit is the one before" 0 $?
err=$("$CADCOM" apply --topology "$ex/topology.json" --target "json:$tmp/ca.json" --backup "$tmp/backup" \
	2>&1 >/dev/null); rc=$?
check "apply into a backup directory that has a journal: exit 2" 2 "$rc"
case $err in *"a journal is there already"*) ok=0 ;; *) ok=1 ;; esac
check "apply into a backup directory that has a journal: says so" 0 "$ok"
"$CADCOM" audit --topology "$ex/topology.json" --target "json:$tmp/ca.json" --json |
	cmp -s - "$tmp/audit-before.json"
check "apply refused: nothing written" 0 $?
mkdir -p "$tmp/backup2"
printf '{"format":"cadcom-journal-1","steps":[]}\n{"step":3,"event":"done"}\n' >"$tmp/backup2/journal"
err=$("$CADCOM" rollback --target "json:$tmp/ca.json" "$tmp/backup2" 2>&1 >/dev/null); rc=$?
check "rollback of a corrupt journal: exit 2" 2 "$rc"
case $err in *"journal:2: an event for a step that does not exist"*) ok=0 ;; *) ok=1 ;; esac
check "rollback of a corrupt journal: file and line" 0 "$ok"

# ---- why and diagnose ----
out=$("$CADCOM" why --topology "$ex/topology.json" --target "json:$ex/before.json" --enrollee 'CONTOSO\DC2$'); rc=$?
check "why: a DC of the example is denied (exit 1)" 1 "$rc"
case $out in *"is a domain controller; CONTOSO\Domain Controllers is not in CONTOSO\CERTSVC_DCOM_ACCESS"*) ok=0 ;; *) ok=1 ;; esac
check "why: the DC's fix" 0 "$ok"
"$CADCOM" why --topology "$ex/topology.json" --target "json:$ex/before.json" --enrollee 'CONTOSO\alice' >/dev/null
check "why: a contoso user is allowed (exit 0)" 0 $?
"$CADCOM" why --topology "$ex/topology.json" --enrollee S-1-5-21-1-2-3-1106 --groups S-1-5-21-1-2-3-513,S-1-5-21-1-2-3-1105 >/dev/null
check "why --groups without a target: defaults deny the group (exit 1)" 1 $?
"$CADCOM" why --topology "$ex/topology.json" --target "json:$ex/before.json" --enrollee 'CONTOSO\nobody' 2>/dev/null
check "why: unknown enrollee: exit 2" 2 $?
out=$("$CADCOM" diagnose "$ex/event13.txt" --topology "$ex/topology.json" --target "json:$ex/before.json"); rc=$?
check "diagnose the example's events: exit 1" 1 "$rc"
case $out in *"FABRIKAM\WS01\$ is a computer of fabrikam.test; FABRIKAM\Domain Computers is not in"*) ok=0 ;; *) ok=1 ;; esac
check "diagnose: the fabrikam workstation's fix" 0 "$ok"
printf 'Ereignis-ID: 13\n' >"$tmp/de.txt"
err=$("$CADCOM" diagnose "$tmp/de.txt" --topology "$ex/topology.json" 2>&1 >/dev/null); rc=$?
check "diagnose: German event text: exit 2" 2 "$rc"
case $err in *"not recognised"*) ok=0 ;; *) ok=1 ;; esac
check "diagnose: says it is not recognised" 0 "$ok"

# ---- offline hives (hive:SOFTWARE[,SYSTEM]) ----
cp "$TEST_DATA_DIR/hive/minimal.hiv" "$tmp/SOFTWARE"
"$CADCOM" audit --topology "$ex/topology.json" --target "hive:$tmp/SOFTWARE" >/dev/null
check "audit of an empty SOFTWARE hive: Windows' defaults, findings (exit 1)" 1 $?
err=$("$CADCOM" reg get "hive:$tmp/SOFTWARE" 'HKLM\SOFTWARE\Microsoft\Ole' EnableDCOM 2>&1); rc=$?
check "reg get from a hive: a missing key is exit 2" 2 "$rc"
case $err in *"no such key"*) ok=0 ;; *) ok=1 ;; esac
check "reg get from a hive: says which key" 0 "$ok"
err=$("$CADCOM" audit --topology "$ex/topology.json" --target "hive:$ex/topology.json" 2>&1 >/dev/null); rc=$?
check "a file that is not a hive: exit 2" 2 "$rc"
case $err in *"not a registry hive"*) ok=0 ;; *) ok=1 ;; esac
check "a file that is not a hive: says so" 0 "$ok"
err=$("$CADCOM" audit --topology "$ex/topology.json" --target "hive:,$tmp/SOFTWARE" 2>&1 >/dev/null); rc=$?
check "a SYSTEM hive without Select\\Current: exit 2" 2 "$rc"
case $err in *"Select\Current"*) ok=0 ;; *) ok=1 ;; esac
check "a SYSTEM hive without Select\\Current: says so" 0 "$ok"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
