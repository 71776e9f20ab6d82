#!/bin/bash
# cadcom reg get|set|export against the lab DC, with each way to
# authenticate, and the errors a user meets first.  Run by tests/lab/run.sh
# (inside the lab's namespace, with its environment and $CADCOM).
set -uo pipefail
. "$(dirname "$0")/cli.sh"
key='HKLM\SOFTWARE\cadcom-cli-test'

admin=("-U" "$CADCOM_LAB_DOMAIN\\$CADCOM_LAB_ADMIN")
export CADCOM_PASSWORD=$CADCOM_LAB_ADMIN_PASSWORD
sddl='O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLCSWRP;;;BA)'

# NTLM with the password from CADCOM_PASSWORD: set, read back, get.
check "set SDDL" 0 "$CADCOM" reg set "$CADCOM_LAB_HOST" "$key" AccessPermission SDDL "$sddl" "${admin[@]}" &&
	contains "set SDDL" "$tmp/out" "read back identical"
check "get --json" 0 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" AccessPermission --json "${admin[@]}" &&
	contains "get --json" "$tmp/out" "\"sddl\": \"$sddl\""
check "set DWORD" 0 "$CADCOM" reg set "$CADCOM_LAB_HOST" "$key" SetupStatus REG_DWORD 0x2001 "${admin[@]}"
check "get DWORD" 0 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" SetupStatus "${admin[@]}" &&
	contains "get DWORD" "$tmp/out" "8193 (0x2001)"
check "set hex" 0 "$CADCOM" reg set "$CADCOM_LAB_HOST" "$key" Raw REG_BINARY 'hex:01,02,ff' "${admin[@]}"

# The same through net (an independent client) and our export.
check "net getvalue" 0 net rpc registry getvalue "$key" Raw -S "$CADCOM_LAB_HOST" \
	-U "$CADCOM_LAB_ADMIN%$CADCOM_LAB_ADMIN_PASSWORD"
check "export" 0 "$CADCOM" reg export "$CADCOM_LAB_HOST" "$key" "${admin[@]}" &&
	contains "export" "$tmp/out" '"Raw"=hex:01,02,ff' &&
	contains "export" "$tmp/out" '"SetupStatus"=dword:00002001'
check "export -o" 0 "$CADCOM" reg export "$CADCOM_LAB_HOST" "$key" -o "$tmp/x.reg" "${admin[@]}"
check "net import of our export" 0 net rpc registry import "$tmp/x.reg" -S "$CADCOM_LAB_HOST" \
	-U "$CADCOM_LAB_ADMIN%$CADCOM_LAB_ADMIN_PASSWORD"

# -A: Samba's authentication file.
printf 'username = %s\npassword = %s\ndomain = %s\n' "$CADCOM_LAB_ADMIN" "$CADCOM_LAB_ADMIN_PASSWORD" \
	"$CADCOM_LAB_DOMAIN" >"$tmp/auth"
chmod 600 "$tmp/auth"
check "-A" 0 env -u CADCOM_PASSWORD "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw -A "$tmp/auth"

# Kerberos: the ccache kinit made, a keytab, and a password.
export KRB5CCNAME="FILE:$tmp/ccache"
kinit -k -t "$CADCOM_LAB_KEYTAB" "$CADCOM_LAB_ADMIN@$CADCOM_LAB_REALM" >/dev/null ||
	{ echo "FAIL: kinit"; fails=$((fails + 1)); }
check "-k ccache" 0 env -u CADCOM_PASSWORD "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw -k
check "-k --keytab" 0 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw -k \
	-U "$CADCOM_LAB_ADMIN@$CADCOM_LAB_REALM" --keytab "$CADCOM_LAB_KEYTAB"
check "-k password" 0 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw -k \
	-U "$CADCOM_LAB_ADMIN@$CADCOM_LAB_REALM"
check "-k to an address" 2 "$CADCOM" reg get "$CADCOM_LAB_IP" "$key" Raw -k &&
	contains "-k to an address" "$tmp/err" "not an address"
check "--encrypt require" 0 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw --encrypt require "${admin[@]}"

# What goes wrong first.
check "wrong password" 2 env CADCOM_PASSWORD=wrong "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw "${admin[@]}" &&
	contains "wrong password" "$tmp/err" "refused"
check "no such value" 2 "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Nothing "${admin[@]}" &&
	contains "no such value" "$tmp/err" "QueryValue"
check "unreachable" 2 "$CADCOM" reg get 127.0.0.12 "$key" Raw "${admin[@]}" &&
	contains "unreachable" "$tmp/err" "127.0.0.12"
check "user may not write" 2 env CADCOM_PASSWORD="$CADCOM_LAB_USER_PASSWORD" "$CADCOM" reg set \
	"$CADCOM_LAB_HOST" "$key" Raw REG_DWORD 1 -U "$CADCOM_LAB_USER" &&
	contains "user may not write" "$tmp/err" "ACCESS_DENIED"
check "no credentials" 2 env -u CADCOM_PASSWORD "$CADCOM" reg get "$CADCOM_LAB_HOST" "$key" Raw
check "set to a file" 2 "$CADCOM" reg set reg:/dev/null "$key" Raw REG_DWORD 1
check "bad type" 2 "$CADCOM" reg set "$CADCOM_LAB_HOST" "$key" Raw REG_FOO 1 "${admin[@]}"

net rpc registry deletekey "$key" -S "$CADCOM_LAB_HOST" -U "$CADCOM_LAB_ADMIN%$CADCOM_LAB_ADMIN_PASSWORD" >/dev/null 2>&1
echo "reg CLI: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
