#!/bin/bash
# cadcom audit | apply | rollback against the lab DC: the seed's broken
# state made with cadcom reg and cadcom group, audited, applied from a
# reviewed plan, audited clean, rolled back to the very same values; and
# the errors a user meets: a plan the target no longer matches, a backup
# directory that cannot be written, a corrupt journal, a host that is not a
# CA.  Run by tests/lab/run.sh (inside the lab's namespace, with $CADCOM).
set -uo pipefail
. "$(dirname "$0")/cli.sh"

h=$CADCOM_LAB_HOST
admin=(-U "$CADCOM_LAB_DOMAIN\\$CADCOM_LAB_ADMIN")
export CADCOM_PASSWORD=$CADCOM_LAB_ADMIN_PASSWORD
ole='HKLM\SOFTWARE\Microsoft\Ole'
appid='HKLM\SOFTWARE\Classes\AppID\{D99E6E74-FC88-11D0-B498-00A0C90312F3}'
config='HKLM\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration'
ca='Contoso Lab CA'
dsid=$(ldbsearch -H "$CADCOM_LAB_DIR/dc/private/sam.ldb" -s base \
	-b "$(ldbsearch -H "$CADCOM_LAB_DIR/dc/private/sam.ldb" -s base -b '' defaultNamingContext 2>/dev/null |
		sed -n 's/^defaultNamingContext: //p')" objectSid 2>/dev/null | sed -n 's/^objectSid: //p')
# One domain: the lab DC cannot resolve another domain's SIDs (no trust);
# tests/lab/test_apply.c covers those, described to the library.
topo=(--role dc --generation 2008 --domain "CONTOSO=$dsid" --dcs-enroll --ca-name "$ca")

seed() {
	"$CADCOM" reg set "$h" "$ole" MachineLaunchRestriction SDDL \
		'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)' "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$ole" MachineAccessRestriction SDDL \
		'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;S-1-5-32-574)' "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$appid" LaunchPermission SDDL \
		'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)' "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$appid" AccessPermission SDDL \
		'O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)' "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$config" Active REG_SZ "$ca" "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$config" SetupStatus REG_DWORD 0x2063 "${admin[@]}" &&
	"$CADCOM" reg set "$h" "$config\\$ca" SetupStatus REG_DWORD 0x2063 "${admin[@]}" &&
	"$CADCOM" group add-member "$h" S-1-5-32-574 "$dsid-513" "${admin[@]}" &&
	"$CADCOM" group add-member "$h" S-1-5-32-574 "$dsid-515" "${admin[@]}" &&
	"$CADCOM" group remove-member "$h" S-1-5-32-574 "$dsid-516" "${admin[@]}" &&
	"$CADCOM" group remove-member "$h" S-1-5-32-574 S-1-5-21-4-5-6-513 "${admin[@]}" &&
	"$CADCOM" group remove-member "$h" S-1-5-32-574 S-1-5-21-4-5-6-515 "${admin[@]}"
}
# What the fix touches, as an independent client (Samba's net) reads it.
state() {
	for k in "$ole" "$appid" "$config" "$config\\$ca"; do
		net rpc registry enumerate "$k" -S "$h" -U "$CADCOM_LAB_ADMIN%$CADCOM_LAB_ADMIN_PASSWORD" 2>/dev/null
	done
	"$CADCOM" group list "$h" S-1-5-32-574 --json "${admin[@]}" | grep -o 'S-1-5-[0-9-]*' | sort
}

check "seed" 0 seed
state >"$tmp/broken"
check "broken state read" 0 grep -q 'MachineLaunchRestriction' "$tmp/broken"

# The audit lists exactly the seeded trouble.
check "audit" 1 "$CADCOM" audit "${topo[@]}" --target "$h" "${admin[@]}" &&
	contains "audit" "$tmp/out" "machine launch restriction" &&
	contains "audit" "$tmp/out" "CertSrv Request launch permission" &&
	contains "audit" "$tmp/out" "lacks CONTOSO\\Domain Controllers" &&
	contains "audit" "$tmp/out" "has DCOM_SECURITY_UPDATED"
check "audit errors" 0 test "$(grep -c '^  error' "$tmp/out")" -eq 3

# A reviewed plan, applied; a progress line per step is for terminals only.
check "plan --json" 1 "$CADCOM" plan "${topo[@]}" --target "$h" --reset-flag --json "${admin[@]}"
cp "$tmp/out" "$tmp/plan.json"
check "dry run" 1 "$CADCOM" apply --plan "$tmp/plan.json" --target "$h" --dry-run "${admin[@]}" &&
	contains "dry run" "$tmp/out" "Outcome: dry run"
# On a terminal (script(1) makes one), a progress line per step.
check "apply" 0 script -qec "$(printf '%q ' "$CADCOM" apply --plan "$tmp/plan.json" --target "$h" \
	--backup "$tmp/b1" "${admin[@]}")" /dev/null &&
	contains "apply" "$tmp/out" "Outcome: applied" &&
	contains "apply" "$tmp/out" "[1/5] done" &&
	contains "apply" "$tmp/out" "[5/5] done" &&
	contains "apply" "$tmp/out" "restart" &&
	contains "apply" "$tmp/out" "backup and journal in $tmp/b1"
check "backup files" 0 test -s "$tmp/b1/journal" -a -s "$tmp/b1/revert.reg" -a -s "$tmp/b1/members.json"
check "audit clean" 0 "$CADCOM" audit "${topo[@]}" --target "$h" "${admin[@]}"
check "apply again" 0 "$CADCOM" apply "${topo[@]}" --reset-flag --target "$h" --backup "$tmp/b2" "${admin[@]}" &&
	contains "apply again" "$tmp/out" "Outcome: nothing to do"
check "rollback" 0 "$CADCOM" rollback --target "$h" "$tmp/b1" "${admin[@]}" &&
	contains "rollback" "$tmp/out" "Outcome: rolled back"
check "no progress lines off a terminal" 1 grep -q '^\[' "$tmp/err"
state >"$tmp/after"
check "rollback restores" 0 cmp "$tmp/broken" "$tmp/after"
check "rollback again" 0 "$CADCOM" rollback --target "$h" "$tmp/b1" --json "${admin[@]}" &&
	contains "rollback again" "$tmp/out" '"outcome": "rolled back"'

# The reviewed plan no longer matches once someone changed a value.
check "someone changes" 0 "$CADCOM" reg set "$h" "$ole" MachineLaunchRestriction SDDL \
	'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)' "${admin[@]}"
check "stale plan" 2 "$CADCOM" apply --plan "$tmp/plan.json" --target "$h" --backup "$tmp/b3" "${admin[@]}" &&
	contains "stale plan" "$tmp/out" "Outcome: refused" &&
	contains "stale plan" "$tmp/out" "changed since the plan was made"
check "their value kept" 0 "$CADCOM" reg get "$h" "$ole" MachineLaunchRestriction "${admin[@]}" &&
	contains "their value kept" "$tmp/out" 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)'
check "no backup when refused" 1 test -e "$tmp/b3/journal"
check "seed again" 0 seed

# Bad input: nothing is written.
check "unwritable backup" 2 "$CADCOM" apply --plan "$tmp/plan.json" --target "$h" --backup /dev/null/b "${admin[@]}" &&
	contains "unwritable backup" "$tmp/err" "cannot create the backup directory"
printf 'not a journal\n' >"$tmp/bad-journal" && mkdir -p "$tmp/b4" && mv "$tmp/bad-journal" "$tmp/b4/journal"
check "corrupt journal" 2 "$CADCOM" rollback --target "$h" "$tmp/b4" "${admin[@]}" &&
	contains "corrupt journal" "$tmp/err" "journal:1: not JSON"
printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\n' >"$tmp/notca.reg"
check "not a CA" 2 "$CADCOM" apply "${topo[@]}" --target "reg:$tmp/notca.reg" --backup "$tmp/b5" &&
	contains "not a CA" "$tmp/err" "not a CA" &&
	contains "not a CA" "$tmp/err" 'CertSvc\Configuration'
check "not a CA: no backup" 1 test -e "$tmp/b5"
printf '\xfe\xff\0W\0i\0n' >"$tmp/be.reg"
check "UTF-16BE .reg" 2 "$CADCOM" apply "${topo[@]}" --target "reg:$tmp/be.reg" --backup "$tmp/b6" &&
	contains "UTF-16BE .reg" "$tmp/err" "UTF-16 big-endian is not supported"
printf 'regf but not really' >"$tmp/not.hive"
check "not a hive" 2 "$CADCOM" apply "${topo[@]}" --target "hive:$tmp/not.hive" --backup "$tmp/b7" &&
	contains "not a hive" "$tmp/err" "not.hive"
check "bad input: no backups" 1 test -e "$tmp/b6" -o -e "$tmp/b7"
check "plan and topology" 2 "$CADCOM" apply --plan "$tmp/plan.json" "${topo[@]}" --target "$h"
check "rollback usage" 2 "$CADCOM" rollback --target "$h"
state >"$tmp/after"
check "nothing written" 0 cmp "$tmp/broken" "$tmp/after"

# Put the group back as the other tests expect it.
for m in "$dsid-513" "$dsid-515"; do
	"$CADCOM" group remove-member "$h" S-1-5-32-574 "$m" "${admin[@]}" >/dev/null
done

echo "test_apply_cli: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
