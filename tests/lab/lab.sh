#!/bin/bash
# libcadcom integration lab: a real Samba 4.17 AD DC (LDAP/LDAPS, Kerberos KDC,
# SMB2/3 with the winreg, svcctl, samr and lsarpc pipes) inside a private network
# namespace, on loopback only (127.0.0.11 = dc1.contoso.test).
#
#   tests/lab/lab.sh start           provision once (cached), start, wait until ready
#   tests/lab/lab.sh stop            stop what start started, delete the netns (idempotent)
#   tests/lab/lab.sh status          exit 0 if running and healthy, 1 otherwise
#   tests/lab/lab.sh env             print `export VAR=...` lines for tests
#   tests/lab/lab.sh exec CMD ARGS   run CMD in the lab's netns with the env exported
#
# Needs root (ip netns). See tests/lab/README.md.
#
# LAB-ONLY CREDENTIALS: the passwords below protect a throw-away domain that
# lives in a private network namespace on loopback. Never reuse them anywhere.
set -euo pipefail

LAB_DIR=${CADCOM_LAB_DIR:-/tmp/cadcom-lab}
NS=${CADCOM_LAB_NETNS:-cadcom-lab}
IP=127.0.0.11
HOST=dc1
FQDN=dc1.contoso.test
REALM=CONTOSO.TEST
DOMAIN=CONTOSO
BASE_DN=DC=contoso,DC=test
ADMIN=Administrator
ADMIN_PASS='Lab-Admin-2026!x'   # lab-only
LAB_USER=cadcomuser
USER_PASS='Lab-User-2026!y'     # lab-only
LAYOUT=1                        # bump to force a reprovision of old state dirs
READY_TIMEOUT=${CADCOM_LAB_TIMEOUT:-120}
# daemons that samba (and smbd) spawn; all of them are stopped by `stop`
DAEMON_RE='^(samba|smbd|winbindd|samba-dcerpcd|samba-bgqd|rpcd_[a-z_]+)$'

SELF=$(readlink -f "${BASH_SOURCE[0]}")
SRC_ROOT=$(cd "$(dirname "$SELF")/../.." && pwd -P)

die() { echo "lab: $*" >&2; exit 1; }
say() { echo "lab: $*" >&2; }

case $NS in (*[!A-Za-z0-9_.-]*|''|.|..) die "bad netns name '$NS'";; esac

# ---- state dir --------------------------------------------------------------
check_lab_dir() {
    case $LAB_DIR in
        /*) ;;
        *) die "CADCOM_LAB_DIR must be an absolute path (got '$LAB_DIR')";;
    esac
    local p
    p=$(readlink -m "$LAB_DIR")
    case $p in
        /|/tmp|/root|/home|/usr|/usr/*|/etc|/etc/*|/var|/bin|/sbin|/lib|/proc/*|/sys/*|/dev/*)
            die "refusing CADCOM_LAB_DIR=$p";;
    esac
    case $p/ in
        "$SRC_ROOT"/*) die "CADCOM_LAB_DIR=$p is inside the source tree ($SRC_ROOT); use a dir outside it";;
    esac
    LAB_DIR=$p
}
check_lab_dir

DC=$LAB_DIR/dc                      # samba-tool provision --targetdir
RUN=$LAB_DIR/run                    # this script's own pid/marker files
LOG=$LAB_DIR/log
DC_CONF=$DC/etc/smb.conf
KRB5_CONF=$LAB_DIR/krb5.conf
CLIENT_DIR=$LAB_DIR/client
CLIENT_CONF=$CLIENT_DIR/smb.conf
KEYTAB=$LAB_DIR/administrator.keytab
CA=$DC/private/tls/ca.pem
ADMIN_AUTH=$LAB_DIR/admin.auth      # smbclient/net -A files (mode 600)
USER_AUTH=$LAB_DIR/user.auth
CCACHE=$LAB_DIR/krb5cc_test
PROVISIONED=$LAB_DIR/.provisioned
ETC_NS=/etc/netns/$NS

# samba-tool is Python and must run on Debian's /usr/bin/python3 (the first
# python3 on PATH may be a pyenv build without the samba modules).
samba_tool() {
    env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV PATH="/usr/bin:/usr/sbin:/bin:/sbin:$PATH" \
        /usr/bin/python3 /usr/bin/samba-tool "$@"
}

in_ns() { ip netns exec "$NS" "$@"; }
netns_exists() { [ -e "/run/netns/$NS" ] && ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$NS"; }

# ---- processes --------------------------------------------------------------
# Is PID one of our daemons? Its program name must match DAEMON_RE, and its
# command line must mention our DC dir, or it must live in our netns (IN_NS),
# or its stdout must be our log.
# Only bash builtins: stop looks at ~70 processes several times a second.
declare -A IN_NS=()
is_ours() {
    local pid=$1 args=() prog
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    { mapfile -d '' args <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
    [ ${#args[@]} -gt 0 ] || return 1      # zombie or kernel thread
    prog=${args[0]%% *}                     # "samba: task[ldap] ..." -> "samba:"
    prog=${prog##*/}
    prog=${prog%:}
    [[ $prog =~ $DAEMON_RE ]] || return 1
    [ -n "${IN_NS[$pid]:-}" ] && return 0
    case "${args[*]}" in *"$DC/"*) return 0;; esac
    # samba's own processes retitle themselves ("samba: task[ldap] ..."); if the
    # netns is gone, their stdout (our log file) still tells they are ours
    local out
    out=$(readlink "/proc/$pid/fd/1" 2>/dev/null) || return 1
    case $out in "$LOG"/*) return 0;; esac
    return 1
}

# every pid of ours: pid files, daemons in our netns, and their descendants
our_pids() {
    local cand=() f p c line
    IN_NS=()
    for f in "$RUN"/*.pid "$DC"/run/*.pid; do
        [ -f "$f" ] || continue
        read -r p <"$f" 2>/dev/null || true
        [[ ${p:-} =~ ^[0-9]+$ ]] && cand+=("$p")
    done
    if netns_exists; then
        while read -r p; do IN_NS[$p]=1; cand+=("$p"); done < <(ip netns pids "$NS" 2>/dev/null || true)
    fi
    [ ${#cand[@]} -gt 0 ] || return 0
    # children map, then walk down (smbd children, rpcd_* workers of samba-dcerpcd, ...)
    local -A kids=() seen=()
    while read -r p c; do kids[$c]+=" $p"; done < <(ps -eo pid=,ppid= 2>/dev/null)
    local queue=("${cand[@]}") i=0
    while [ $i -lt ${#queue[@]} ]; do
        p=${queue[$i]}; i=$((i + 1))
        [ -n "${seen[$p]:-}" ] && continue
        seen[$p]=1
        for c in ${kids[$p]:-}; do queue+=("$c"); done
    done
    for p in "${!seen[@]}"; do
        if is_ours "$p"; then echo "$p"; fi
    done | sort -n
}

pgid_of() {   # process group of PID from /proc/PID/stat (field 5), or nothing
    local line f=()
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 0
    read -r -a f <<<"${line##*) }"          # "S ppid pgrp ..."
    echo "${f[2]:-}"
}

# TERM the process groups our daemons lead (and the daemons), wait, then KILL;
# finally wait (briefly) until the dead ones are reaped and gone from ps.
kill_ours() {
    local pids p pg sig all=""
    for sig in TERM KILL; do
        pids=$(our_pids)
        [ -n "$pids" ] || break
        all+=" $pids"
        for p in $pids; do
            pg=$(pgid_of "$p")
            # a whole group only when its leader is one of ours
            if [ -n "$pg" ] && [ "$pg" = "$p" ]; then
                kill -"$sig" -- -"$pg" 2>/dev/null || true
            else
                kill -"$sig" "$p" 2>/dev/null || true
            fi
        done
        for _ in $(seq 1 50); do       # up to 10 s
            sleep 0.2
            [ -n "$(our_pids)" ] || break 2
        done
        [ "$sig" = TERM ] && say "daemons still alive after TERM, sending KILL"
    done
    pids=$(our_pids)
    if [ -n "$pids" ]; then
        say "could not stop:"
        ps -o pid,pgid,stat,cmd -p "${pids//$'\n'/,}" >&2 || true
        return 1
    fi
    # daemonized samba-dcerpcd/rpcd_* are reparented to pid 1, which reaps them a bit later
    local left
    for _ in $(seq 1 25); do
        left=0
        for p in $all; do [ -e "/proc/$p" ] && { left=1; break; }; done
        [ $left = 0 ] && break
        sleep 0.2
    done
    return 0
}

# ---- netns ------------------------------------------------------------------
HOSTS_TAG="# created by libcadcom tests/lab/lab.sh for netns $NS"
PARENT_TAG="# lab.sh also created /etc/netns"

netns_up() {
    local f
    for f in hosts resolv.conf; do
        if [ -e "$ETC_NS/$f" ] && ! tagged "$ETC_NS/$f"; then
            die "$ETC_NS/$f exists and was not created by this script; remove it or set CADCOM_LAB_NETNS"
        fi
    done
    if ! netns_exists; then
        ip netns add "$NS"
    elif [ ! -f "$RUN/netns.created" ]; then
        # left over (state dir removed while running?): adopt it only if nothing uses it
        local users
        users=$(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ')
        [ -z "$users" ] || die "netns $NS exists and is in use by pids: $users (set CADCOM_LAB_NETNS?)"
    fi
    echo "$NS" >"$RUN/netns.created"
    in_ns ip link set lo up
    if ! in_ns ip -4 addr show dev lo | grep -q "inet $IP/"; then
        in_ns ip addr add "$IP/8" dev lo
    fi
    # /etc/netns/NS/{hosts,resolv.conf} are bind-mounted over /etc/ by ip netns exec
    if [ ! -d /etc/netns ]; then
        mkdir /etc/netns
        echo /etc/netns >"$RUN/etcnetns.created"
    fi
    if [ ! -d "$ETC_NS" ]; then
        mkdir "$ETC_NS"
        echo "$ETC_NS" >"$RUN/etcns.created"
    fi
    {
        echo "$HOSTS_TAG"
        # remembered here too, so a stop after the state dir was wiped still cleans up
        [ -f "$RUN/etcnetns.created" ] && echo "$PARENT_TAG"
        printf '127.0.0.1\tlocalhost\n%s\t%s %s\n' "$IP" "$FQDN" "$HOST"
    } >"$ETC_NS/hosts"
    printf '%s\nsearch contoso.test\nnameserver %s\n' "$HOSTS_TAG" "$IP" >"$ETC_NS/resolv.conf"
    touch "$RUN/etcns-files.created"
}

tagged() { [ -f "$1" ] && head -n1 "$1" 2>/dev/null | grep -qxF "$HOSTS_TAG"; }

# Undo netns_up. Ownership: our marker files in $RUN, or (if the state dir was
# wiped while the lab ran) the tagged /etc/netns/NS/hosts that only we write.
netns_down() {
    local f ours='' parent=''
    { [ -f "$RUN/netns.created" ] || tagged "$ETC_NS/hosts"; } && ours=1
    { [ -f "$RUN/etcnetns.created" ] ||
        { tagged "$ETC_NS/hosts" && grep -qxF "$PARENT_TAG" "$ETC_NS/hosts"; }; } && parent=1
    for f in hosts resolv.conf; do
        tagged "$ETC_NS/$f" && rm -f "$ETC_NS/$f"
    done
    rm -f "$RUN/etcns-files.created"
    if [ -d "$ETC_NS" ] && { [ -f "$RUN/etcns.created" ] || [ -n "$ours" ]; }; then
        rmdir "$ETC_NS" 2>/dev/null || say "$ETC_NS not empty, left in place"
    fi
    rm -f "$RUN/etcns.created"
    if [ -n "$parent" ]; then
        rmdir /etc/netns 2>/dev/null || true     # only if empty (others may use it)
    fi
    rm -f "$RUN/etcnetns.created"
    if [ -n "$ours" ] && netns_exists; then
        local left
        left=$(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ')
        [ -z "$left" ] || say "processes still in netns $NS (not lab daemons, left running): $left"
        ip netns delete "$NS"
    fi
    rm -f "$RUN/netns.created"
}

# ---- provisioning -----------------------------------------------------------
write_client_files() {
    mkdir -p "$CLIENT_DIR"/{cache,lock,state,private}
    cat >"$KRB5_CONF" <<EOF
# libcadcom lab (lab-only KDC inside netns $NS)
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    dns_canonicalize_hostname = false
    forwardable = true

[realms]
    $REALM = {
        kdc = $IP
        admin_server = $IP
        default_domain = contoso.test
    }

[domain_realm]
    .contoso.test = $REALM
    contoso.test = $REALM
EOF
    # client smb.conf for libsmbclient (smbc_setConfiguration), smbclient -s, net -s.
    # No 'winbindd socket directory' here (libwbclient only knows /run/samba/winbindd).
    cat >"$CLIENT_CONF" <<EOF
# libcadcom lab client configuration (lab-only)
[global]
    workgroup = $DOMAIN
    realm = $REALM
    name resolve order = host
    disable netbios = yes
    client min protocol = SMB2_02
    client signing = required
    client ipc signing = required
    cache directory = $CLIENT_DIR/cache
    lock directory = $CLIENT_DIR/lock
    state directory = $CLIENT_DIR/state
    private dir = $CLIENT_DIR/private
    log level = 0
EOF
    (
        umask 077
        printf 'username = %s\npassword = %s\ndomain = %s\n' "$ADMIN" "$ADMIN_PASS" "$DOMAIN" >"$ADMIN_AUTH"
        printf 'username = %s\npassword = %s\ndomain = %s\n' "$LAB_USER" "$USER_PASS" "$DOMAIN" >"$USER_AUTH"
    )
}

provision_ok() {
    [ -f "$PROVISIONED" ] && [ "$(cat "$PROVISIONED" 2>/dev/null)" = "layout=$LAYOUT" ] &&
        [ -s "$DC_CONF" ] && [ -s "$DC/private/sam.ldb" ] && [ -s "$KEYTAB" ] &&
        [ -s "$KRB5_CONF" ] && [ -s "$CLIENT_CONF" ] && [ -s "$ADMIN_AUTH" ] && [ -s "$USER_AUTH" ]
}

provision() {
    rm -f "$PROVISIONED"
    rm -rf -- "$DC" "$CLIENT_DIR" "$KEYTAB" "$KRB5_CONF" "$ADMIN_AUTH" "$USER_AUTH"
    mkdir -p "$DC/run" "$DC/log"
    # -s /dev/null: do not inherit the system smb.conf's globals and shares
    in_ns env -u PYTHONPATH -u PYTHONHOME PATH="/usr/bin:/usr/sbin:/bin:/sbin:$PATH" \
        /usr/bin/python3 /usr/bin/samba-tool domain provision -s /dev/null --use-rfc2307 \
        --server-role=dc --dns-backend=SAMBA_INTERNAL --realm="$REALM" --domain="$DOMAIN" \
        --host-name="$HOST" --host-ip="$IP" --adminpass="$ADMIN_PASS" --targetdir="$DC" \
        --option="interfaces=$IP" --option="bind interfaces only=yes" \
        --option="dns forwarder=127.0.0.1" --option="pid directory=$DC/run" \
        --option="log file=$DC/log/%m.log" --option="ncalrpc dir=$DC/run/ncalrpc" \
        --option="ntp signd socket directory=$DC/run/ntp_signd" \
        >"$LOG/provision.log" 2>&1 || { tail -n 30 "$LOG/provision.log" >&2; die "provision failed (log: $LOG/provision.log)"; }
    local H=(-H "$DC/private/sam.ldb" -s "$DC_CONF")
    {
        samba_tool user create "$LAB_USER" "$USER_PASS" --given-name=Cadcom --surname=User "${H[@]}"
        samba_tool user setexpiry "$ADMIN" --noexpiry "${H[@]}"
        samba_tool user setexpiry "$LAB_USER" --noexpiry "${H[@]}"
        samba_tool spn add "ldap/$IP" 'DC1$' "${H[@]}"
        samba_tool domain exportkeytab "$KEYTAB" --principal="$ADMIN@$REALM" -s "$DC_CONF"
    } >>"$LOG/provision.log" 2>&1 || { tail -n 30 "$LOG/provision.log" >&2; die "post-provision step failed (log: $LOG/provision.log)"; }
    chmod 600 "$KEYTAB"
    write_client_files
    echo "layout=$LAYOUT" >"$PROVISIONED"
}

# ---- health -----------------------------------------------------------------
samba_alive() {
    local p
    IN_NS=()
    if netns_exists; then
        while read -r p; do IN_NS[$p]=1; done < <(ip netns pids "$NS" 2>/dev/null || true)
    fi
    for p in $(cat "$RUN/samba.pid" "$DC/run/samba.pid" 2>/dev/null | tr -dc '0-9\n' | sort -u); do
        is_ours "$p" && return 0
    done
    return 1
}
check_ldap() {   # plain LDAP to the IP, and LDAPS to the name verified against the lab CA
    in_ns ldapsearch -x -LLL -o nettimeout=3 -H "ldap://$IP" -s base -b '' defaultNamingContext \
        2>/dev/null | grep -qi "^defaultNamingContext: $BASE_DN" &&
    [ -s "$CA" ] &&
    in_ns env LDAPTLS_CACERT="$CA" LDAPTLS_REQCERT=demand ldapsearch -x -LLL -o nettimeout=3 \
        -H "ldaps://$FQDN" -s base -b '' defaultNamingContext \
        2>/dev/null | grep -qi "^defaultNamingContext: $BASE_DN"
}
check_smb() {
    in_ns timeout 20 smbclient -s "$CLIENT_CONF" "//$FQDN/IPC\$" -A "$ADMIN_AUTH" -m SMB3 -c 'exit' >/dev/null 2>&1
}
check_kinit() {
    local cc=$RUN/health.ccache rc=0
    in_ns env KRB5_CONFIG="$KRB5_CONF" KRB5CCNAME="FILE:$cc" timeout 10 \
        kinit -k -t "$KEYTAB" "$ADMIN@$REALM" >/dev/null 2>&1 || rc=$?
    rm -f "$cc"
    return $rc
}
healthy() {   # prints what is wrong on stdout
    netns_exists || { echo "netns $NS missing"; return 1; }
    samba_alive || { echo "samba not running"; return 1; }
    check_ldap || { echo "LDAP (ldap://$IP, ldaps://$FQDN with the lab CA) not answering"; return 1; }
    check_smb || { echo "SMB session to //$FQDN/IPC\$ failed"; return 1; }
    check_kinit || { echo "kinit $ADMIN@$REALM failed"; return 1; }
}

# ---- commands ---------------------------------------------------------------
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (ip netns)"; }

# Debian packages the lab needs. samba-ad-provision is only a Recommends of
# samba-ad-dc: with --no-install-recommends it is missing and provision fails
# ("File [.../ad-schema/...ldf] not found").
LAB_PKGS="samba samba-ad-dc samba-ad-provision winbind smbclient samba-common-bin krb5-user ldap-utils ldb-tools iproute2"
check_prereqs() {
    local missing=() c
    [ -x /usr/libexec/samba/samba-dcerpcd ] || missing+=(samba-dcerpcd)
    for c in samba smbd winbindd smbclient net ldapsearch kinit ip setsid nohup timeout; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    [ -x /usr/bin/samba-tool ] && [ -x /usr/bin/python3 ] || missing+=(samba-tool)
    [ -d /usr/share/samba/setup/ad-schema ] || missing+=("/usr/share/samba/setup/ad-schema (samba-ad-provision)")
    [ ${#missing[@]} -eq 0 ] ||
        die "missing: ${missing[*]}; install: apt-get install --no-install-recommends $LAB_PKGS"
}

cmd_stop() {
    need_root
    local rc=0
    kill_ours || rc=1
    rm -f "$RUN"/*.pid "$RUN/health.ccache" 2>/dev/null || true
    [ -d "$DC/run" ] && rm -f "$DC"/run/*.pid
    netns_down
    [ $rc = 0 ] || die "some lab daemons could not be stopped"
    return 0
}

cmd_start() {
    need_root
    check_prereqs
    local t0=$SECONDS why
    mkdir -p "$LAB_DIR" "$RUN" "$LOG"
    if samba_alive && why=$(healthy); then
        echo "lab: already running and healthy ($FQDN=$IP in netns $NS, state $LAB_DIR)" >&2
        return 0
    fi
    # recover from a crashed or half-stopped run: stale pids, daemons, netns
    cmd_stop >/dev/null 2>&1 || cmd_stop
    # from here on, a failed start tears down what it set up
    trap 'rc=$?; if [ $rc != 0 ]; then cmd_stop >/dev/null 2>&1 || true; fi' EXIT
    mkdir -p "$RUN" "$LOG"
    netns_up
    local fresh=''
    provision_ok || { local tp=$SECONDS; provision; fresh="provisioned in $((SECONDS - tp))s"; }
    mkdir -p "$DC/run" "$DC/log"
    : >"$LOG/samba.out"
    # setsid: samba leads its own session and process group; ip netns exec execs samba,
    # so $! is samba's pid.
    setsid nohup ip netns exec "$NS" samba -s "$DC_CONF" -F --debug-stdout -d1 \
        --maximum-runtime="${CADCOM_LAB_MAX_RUNTIME:-14400}" </dev/null >>"$LOG/samba.out" 2>&1 &
    local spid=$!
    echo "$spid" >"$RUN/samba.pid"
    local deadline=$((SECONDS + READY_TIMEOUT)) stage=ldap
    while :; do
        # our own child: kill -0 also covers the instant before setsid/nohup/ip exec samba
        if ! kill -0 "$spid" 2>/dev/null; then
            tail -n 30 "$LOG/samba.out" >&2
            cmd_stop || true
            die "samba exited during start-up (log: $LOG/samba.out)"
        fi
        case $stage in
            ldap) check_ldap && stage=smb ;;
            smb) check_smb && stage=kinit ;;
            kinit) check_kinit && break ;;
        esac
        if [ $SECONDS -ge $deadline ]; then
            tail -n 30 "$LOG/samba.out" >&2
            cmd_stop || true
            die "not ready after ${READY_TIMEOUT}s (stuck at: $stage; log: $LOG/samba.out)"
        fi
        [ $stage = kinit ] || sleep 0.5
    done
    trap - EXIT
    echo "lab: ready in $((SECONDS - t0))s${fresh:+ ($fresh)}: $FQDN=$IP realm $REALM in netns $NS, state $LAB_DIR" >&2
}

cmd_status() {
    local why
    if [ "$(id -u)" != 0 ]; then echo "lab: not running (status needs root)"; return 1; fi
    if why=$(healthy); then
        echo "lab: running and healthy ($FQDN=$IP in netns $NS, state $LAB_DIR)"
        return 0
    fi
    echo "lab: not running or unhealthy: $why"
    return 1
}

lab_env() {   # fills LAB_ENV with NAME=VALUE pairs
    LAB_ENV=(
        "CADCOM_LAB_DIR=$LAB_DIR"
        "CADCOM_LAB_NETNS=$NS"
        "CADCOM_LAB_HOST=$FQDN"
        "CADCOM_LAB_IP=$IP"
        "CADCOM_LAB_REALM=$REALM"
        "CADCOM_LAB_DOMAIN=$DOMAIN"
        "CADCOM_LAB_BASE_DN=$BASE_DN"
        "CADCOM_LAB_ADMIN=$ADMIN"
        "CADCOM_LAB_ADMIN_PASSWORD=$ADMIN_PASS"
        "CADCOM_LAB_ADMIN_AUTHFILE=$ADMIN_AUTH"
        "CADCOM_LAB_USER=$LAB_USER"
        "CADCOM_LAB_USER_PASSWORD=$USER_PASS"
        "CADCOM_LAB_USER_AUTHFILE=$USER_AUTH"
        "CADCOM_LAB_KEYTAB=$KEYTAB"
        "CADCOM_LAB_CA=$CA"
        "CADCOM_LAB_SMBCONF=$CLIENT_CONF"
        "KRB5_CONFIG=$KRB5_CONF"
        "KRB5CCNAME=FILE:$CCACHE"
    )
}

cmd_env() {
    local v val
    lab_env
    for v in "${LAB_ENV[@]}"; do
        val=${v#*=}
        printf "export %s='%s'\n" "${v%%=*}" "${val//\'/\'\\\'\'}"
    done
}

cmd_exec() {
    need_root
    [ $# -gt 0 ] || die "usage: lab.sh exec CMD [ARGS...]"
    netns_exists || { echo "lab: netns $NS does not exist; run 'lab.sh start' first" >&2; exit 125; }
    lab_env
    exec ip netns exec "$NS" env "${LAB_ENV[@]}" "$@"
}

usage() {
    sed -n '6,10p' "$SELF" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
cmd=$1; shift
case $cmd in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    exec) cmd_exec "$@" ;;
    -h|--help|help) usage ;;
    *) usage ;;
esac
