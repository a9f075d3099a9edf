#!/bin/bash
# Loads an ipsec.conf and its ipsec.secrets through strongSwan's own parser (starter) and the
# stroke interface into a scratch charon, in a throw-away network + mount namespace (private
# /run: charon's pid file and stroke socket are hard-wired there). Run as root.
# Usage: check-stroke.sh IPSEC.CONF IPSEC.SECRETS
# Prints "== starter" (starter's messages, parse errors included), "== status" (stroke
# statusall) and "== charon" (charon's configuration and error lines).
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --net --mount --fork --kill-child "$0" "$@"
fi
CONF=$(readlink -f "$1"); SECRETS=$(readlink -f "$2")
D=$(mktemp -d /tmp/causeway-stroke.XXXXXX)
trap 'rm -rf "$D"' EXIT
cp "$CONF" "$D/ipsec.conf"; cp "$SECRETS" "$D/ipsec.secrets"
cat > "$D/strongswan.conf" <<EOC
charon {
    plugins {
        stroke {
            secrets_file = $D/ipsec.secrets
        }
        bypass-lan {
            load = no
        }
        vici {
            load = no
        }
    }
    install_routes = no
    filelog {
        scratch {
            path = $D/charon.log
            default = 1
        }
    }
}
EOC
ip link set lo up
mount -t tmpfs tmpfs /run
export STRONGSWAN_CONF="$D/strongswan.conf"
/usr/lib/ipsec/starter --nofork --conf "$D/ipsec.conf" > "$D/starter.out" 2>&1 &
PID=$!
for i in $(seq 1 200); do [ -S /run/charon.ctl ] && break; sleep 0.025; done
# starter hands the connections to charon right after the socket appears.
for i in $(seq 1 40); do grep -q "added configuration\|skipped invalid\|parsing error" "$D/charon.log" "$D/starter.out" 2>/dev/null && break; sleep 0.05; done
sleep 0.2
/usr/lib/ipsec/stroke statusall > "$D/status" 2>&1
kill "$PID"; wait "$PID"
echo "== starter"; cat "$D/starter.out"
echo "== status"; cat "$D/status"
echo "== charon"; grep -E "added configuration|loaded IKE secret|invalid|error|failed|not supported|unknown|skipped" "$D/charon.log" | grep -v "plugin '.*': failed to load\|error writing to socket"
exit 0
