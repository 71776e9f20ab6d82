#!/bin/bash
# cadcom service and cadcom group against the lab DC: restart a service,
# the service the lab does not have, and the membership of the builtin
# Certificate Service DCOM Access group (S-1-5-32-574) changed and changed
# back.  Run by tests/lab/run.sh (inside the lab's namespace, with $CADCOM).
set -uo pipefail
. "$(dirname "$0")/cli.sh"

h=$CADCOM_LAB_HOST
admin=(-U "$CADCOM_LAB_DOMAIN\\$CADCOM_LAB_ADMIN")
export CADCOM_PASSWORD=$CADCOM_LAB_ADMIN_PASSWORD
group='BUILTIN\Certificate Service DCOM Access'
du="$CADCOM_LAB_DOMAIN\\Domain Users"

# Services.  Stop and start go together in restart: Samba keeps Spooler's
# state per RPC worker process, so a second connection may see another.
check "service status" 0 "$CADCOM" service status "$h" Spooler "${admin[@]}" &&
	contains "service status" "$tmp/out" "Spooler on $h: running"
check "service restart" 0 "$CADCOM" service restart "$h" Spooler "${admin[@]}" &&
	contains "service restart" "$tmp/out" "running"
check "no CertSvc" 2 "$CADCOM" service status "$h" CertSvc "${admin[@]}" &&
	contains "no CertSvc" "$tmp/err" "ERROR_SERVICE_DOES_NOT_EXIST"
check "user may not stop" 2 env CADCOM_PASSWORD="$CADCOM_LAB_USER_PASSWORD" "$CADCOM" service stop \
	"$h" Spooler -U "$CADCOM_LAB_USER" &&
	contains "user may not stop" "$tmp/err" "ACCESS_DENIED"
check "service usage" 2 "$CADCOM" service bounce "$h" Spooler

# The builtin group: add Domain Users (by name), again, list, remove (by SID).
check "group add" 0 "$CADCOM" group add-member "$h" "$group" "$du" "${admin[@]}" &&
	contains "group add" "$tmp/out" "added to"
check "group add again" 0 "$CADCOM" group add-member "$h" S-1-5-32-574 "$du" "${admin[@]}" &&
	contains "group add again" "$tmp/out" "was already in"
check "group list" 0 "$CADCOM" group list "$h" S-1-5-32-574 "${admin[@]}" &&
	contains "group list" "$tmp/out" "$du (S-1-5-21-"
check "group list --json" 0 "$CADCOM" group list "$h" S-1-5-32-574 --json "${admin[@]}" &&
	contains "group list --json" "$tmp/out" '"name": "CONTOSO\\Domain Users"'
sid=$(grep -o 'S-1-5-21-[0-9-]*' "$tmp/out" | head -1)
check "group remove" 0 "$CADCOM" group remove-member "$h" "$group" "$sid" "${admin[@]}" &&
	contains "group remove" "$tmp/out" "removed from"
check "group remove again" 0 "$CADCOM" group remove-member "$h" "$group" "$sid" "${admin[@]}" &&
	contains "group remove again" "$tmp/out" "was not in"

# What goes wrong: a global group is not a local group, an unknown member,
# an unknown group, a user without the right.
check "global group" 2 "$CADCOM" group list "$h" "$du" "${admin[@]}" &&
	contains "global group" "$tmp/err" "global group, not a local group"
check "unknown member" 2 "$CADCOM" group add-member "$h" "$group" "$CADCOM_LAB_DOMAIN\\nosuchuser" "${admin[@]}" &&
	contains "unknown member" "$tmp/err" "nosuchuser"
check "unknown group" 2 "$CADCOM" group list "$h" "$CADCOM_LAB_DOMAIN\\nosuchgroup" "${admin[@]}"
check "user may not add" 2 env CADCOM_PASSWORD="$CADCOM_LAB_USER_PASSWORD" "$CADCOM" group add-member \
	"$h" "$group" "$du" -U "$CADCOM_LAB_USER" &&
	contains "user may not add" "$tmp/err" "ACCESS_DENIED"

echo "service/group CLI: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
