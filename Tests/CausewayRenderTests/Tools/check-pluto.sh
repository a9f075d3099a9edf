#!/bin/bash
# Loads a Libreswan conn file and its secrets into a real pluto from the unpacked package, in a
# throw-away network + mount namespace: private /run, the unpacked /usr/libexec bind-mounted
# over /usr/libexec (pluto runs /usr/libexec/ipsec/addconn itself), a scratch NSS database.
# Run as root; needs certutil (libnss3-tools) and pluto's libraries (libldns3,
# libevent-pthreads-2.1-7). Usage: check-pluto.sh ROOT CONF SECRETS [MAIN]
# MAIN is a rendered /etc/ipsec.conf: its lines (without its includes) replace the default
# `config setup` section, and CONF is included after them, as on the gateway.
# Prints "== addconn rc=N" with addconn's output, then "== pluto" with pluto's log.
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --net --mount --fork --kill-child "$0" "$@"
fi
R=$(readlink -f "$1"); CONF=$(readlink -f "$2"); SECRETS=$(readlink -f "$3"); MAIN=${4:+$(readlink -f "$4")}
D=$(mktemp -d /tmp/causeway-pluto.XXXXXX)
trap 'rm -rf "$D"' EXIT
ip link set lo up
mount -t tmpfs tmpfs /run
mount --bind "$R/usr/libexec" /usr/libexec
mkdir -p "$D/nss" "$D/run"
certutil -N -d "sql:$D/nss" --empty-password
cp "$CONF" "$D/causeway.conf"; cp "$SECRETS" "$D/causeway.secrets"
if [ -n "$MAIN" ]; then
    { grep -v '^include ' "$MAIN"; printf 'include %s/causeway.conf\n' "$D"; } > "$D/ipsec.conf"
else
    printf 'config setup\n    plutodebug=none\ninclude %s/causeway.conf\n' "$D" > "$D/ipsec.conf"
fi
X=/usr/libexec/ipsec
"$X/pluto" --nofork --stderrlog --log-no-time --config "$D/ipsec.conf" --secretsfile "$D/causeway.secrets" \
    --nssdir "$D/nss" --rundir "$D/run" --ipsecdir "$D" --no-dnssec > "$D/pluto.log" 2>&1 &
PID=$!
for i in $(seq 1 200); do [ -S "$D/run/pluto.ctl" ] && break; sleep 0.05; done
# Add the connections only (auto=start would try to reach AWS).
CONNS=$(sed -n 's/^conn \(.*\)/\1/p' "$D/causeway.conf")
RC=0
OUT=""
for c in $CONNS; do
    O=$("$X/addconn" --config "$D/ipsec.conf" --ctlsocket "$D/run/pluto.ctl" "$c" 2>&1) || RC=$?
    OUT="$OUT$O"
done
"$X/whack" --ctlsocket "$D/run/pluto.ctl" --rereadsecrets >/dev/null 2>&1
"$X/whack" --ctlsocket "$D/run/pluto.ctl" --shutdown >/dev/null 2>&1
wait "$PID"
echo "== addconn rc=$RC"
[ -n "$OUT" ] && echo "$OUT"
echo "== pluto"
sed -E 's/^[A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+: //' "$D/pluto.log" | grep -E '^"|secret|ERROR|FATAL|rror|warning' | grep -v 'dumpdir failed'

exit 0
