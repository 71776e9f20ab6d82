#!/bin/bash
# cadcom ad, plan --discover and why --discover against the lab DC: a group
# of the test's own (cadcom-cli-dcom) made, filled with the seed's members,
# read, emptied and deleted; the refusals (scope rules, rights, a password
# on plain LDAP); discovery and the enrollee verdict from Active Directory.
# Run by tests/lab/run.sh (inside the lab's namespace, with $CADCOM).
set -uo pipefail
. "$(dirname "$0")/cli.sh"

h=$CADCOM_LAB_HOST
krb=(-k --keytab "$CADCOM_LAB_KEYTAB" -U "$CADCOM_LAB_ADMIN@$CADCOM_LAB_REALM")
tls=(--ldap-transport ldaps --ca-file "$CADCOM_LAB_CA")
g=cadcom-cli-dcom
d=$CADCOM_LAB_DOMAIN

# A leftover of an earlier failed run goes first.
"$CADCOM" ad group delete "$h" "$g" "${krb[@]}" >/dev/null 2>&1

check "create" 0 "$CADCOM" ad group create "$h" "$g" "${krb[@]}" &&
	contains "create" "$tmp/out" "created CN=$g,CN=Users,"
check "create again" 2 "$CADCOM" ad group create "$h" "$g" "${krb[@]}" &&
	contains "create again" "$tmp/err" "already exists"
for m in "Domain Users" "$d\\Domain Computers" "Domain Controllers"; do
	check "add $m" 0 "$CADCOM" ad group add-member "$h" "$g" "$m" "${krb[@]}" &&
		contains "add $m" "$tmp/out" "added to $d\\$g"
	check "add $m again" 0 "$CADCOM" ad group add-member "$h" "$g" "$m" "${krb[@]}" &&
		contains "add $m again" "$tmp/out" "was already in"
done
# Authenticated Users through its existing foreign security principal, by DN.
check "add FSP by DN" 0 "$CADCOM" ad group add-member "$h" "$g" \
	"CN=S-1-5-11,CN=ForeignSecurityPrincipals,$CADCOM_LAB_BASE_DN" "${krb[@]}" &&
	contains "add FSP by DN" "$tmp/out" "Authenticated Users (S-1-5-11) added to"
check "show" 0 "$CADCOM" ad group show "$h" "$g" "${krb[@]}" &&
	contains "show" "$tmp/out" "domain local group" &&
	contains "show members" "$tmp/out" "$d\\Domain Controllers (S-1-5-21-"
check "show --json over LDAPS" 0 env CADCOM_PASSWORD="$CADCOM_LAB_ADMIN_PASSWORD" "$CADCOM" ad \
	group show "$h" "$g" --json -U "$d\\$CADCOM_LAB_ADMIN" "${tls[@]}" &&
	contains "show --json" "$tmp/out" '"name": "CONTOSO\\Domain Computers"'
[ "$(grep -c '"sid"' "$tmp/out")" = 4 ] || { echo "FAIL: show --json: not 4 members"; fails=$((fails + 1)); }

# Refused by the library before anything is written.
check "untrusted domain" 2 "$CADCOM" ad group add-member "$h" "$g" S-1-5-21-9-9-9-1100 \
	--member-kind user "${krb[@]}" &&
	contains "untrusted domain" "$tmp/err" "refused before writing"
check "global takes no domain local" 2 "$CADCOM" ad group add-member "$h" "Domain Users" "$g" \
	"${krb[@]}" && contains "global takes no domain local" "$tmp/err" "cannot contain the domain local group"
check "not a group" 2 "$CADCOM" ad group add-member "$h" "$CADCOM_LAB_ADMIN" "Domain Users" \
	"${krb[@]}" && contains "not a group" "$tmp/err" "is not a group"
check "no such member" 2 "$CADCOM" ad group add-member "$h" "$g" "$d\\nosuchuser" "${krb[@]}" &&
	contains "no such member" "$tmp/err" "no principal"
check "password on plain LDAP" 2 env CADCOM_PASSWORD="$CADCOM_LAB_ADMIN_PASSWORD" "$CADCOM" ad \
	group show "$h" "$g" -U "$d\\$CADCOM_LAB_ADMIN" --ldap-transport plain &&
	contains "password on plain LDAP" "$tmp/err" "unencrypted"
check "wrong password" 2 env CADCOM_PASSWORD=wrong "$CADCOM" ad group show "$h" "$g" \
	-U "$d\\$CADCOM_LAB_ADMIN" "${tls[@]}" && contains "wrong password" "$tmp/err" "result 49"
check "user may not add" 2 env CADCOM_PASSWORD="$CADCOM_LAB_USER_PASSWORD" "$CADCOM" ad group \
	add-member "$h" "$g" "$CADCOM_LAB_USER" -U "$d\\$CADCOM_LAB_USER" "${tls[@]}" &&
	contains "user may not add" "$tmp/err" "result 50"
check "Windows' groups stay" 2 "$CADCOM" ad group delete "$h" "Domain Users" "${krb[@]}" &&
	contains "Windows' groups stay" "$tmp/err" "a group Windows made"

for m in "Domain Users" "Domain Computers" "Domain Controllers" S-1-5-11; do
	check "remove $m" 0 "$CADCOM" ad group remove-member "$h" "$g" "$m" "${krb[@]}" &&
		contains "remove $m" "$tmp/out" "removed from"
done
check "remove again" 0 "$CADCOM" ad group remove-member "$h" "$g" S-1-5-11 "${krb[@]}" &&
	contains "remove again" "$tmp/out" "was not in"
check "empty" 0 "$CADCOM" ad group show "$h" "$g" "${krb[@]}" &&
	contains "empty" "$tmp/out" "(no members)"
check "delete" 0 "$CADCOM" ad group delete "$h" "$g" "${krb[@]}"
check "deleted" 2 "$CADCOM" ad group show "$h" "$g" "${krb[@]}"

# Discovery and the verdict from Active Directory.
sid=$(ldbsearch -H "$CADCOM_LAB_DIR/dc/private/sam.ldb" -b "$CADCOM_LAB_BASE_DN" -s base objectSid \
	2>/dev/null | sed -n 's/^objectSid: //p')
check "discover" 0 "$CADCOM" ad discover "$h" "${h%%.*}" "${krb[@]}" &&
	contains "discover role" "$tmp/out" '"role": "dc"' &&
	contains "discover SID" "$tmp/out" "\"sid\": \"$sid\""
check "cas" 0 "$CADCOM" ad cas "$h" "${krb[@]}"
check "plan --discover" 1 "$CADCOM" plan --discover "$h" "${krb[@]}" &&
	contains "plan --discover" "$tmp/out" "lacks CONTOSO\\Domain Controllers"
check "why --discover" 1 "$CADCOM" why --discover "$h" --enrollee "$CADCOM_LAB_USER" "${krb[@]}" &&
	contains "why --discover" "$tmp/out" "DENIED"
check "why no template" 2 "$CADCOM" why --discover "$h" --enrollee "$CADCOM_LAB_USER" \
	--template nosuchtemplate "${krb[@]}" &&
	contains "why no template" "$tmp/err" 'no certificate template "nosuchtemplate"'
check "template needs AD" 2 "$CADCOM" why --role dc --generation 2008 --domain "contoso.test=$sid" \
	--enrollee S-1-5-21-1-2-3-4 --groups S-1-1-0 --template x

echo "ad CLI: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
