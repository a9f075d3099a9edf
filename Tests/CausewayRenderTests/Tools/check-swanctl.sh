#!/bin/bash
# Loads a swanctl.conf into a scratch charon in a throw-away network + mount namespace.
# Usage: check-swanctl.sh FILE   (run as root). Prints swanctl's stdout, then stderr lines
# prefixed "stderr: ", then "rc=N". Exit status = swanctl's.
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --net --mount --fork --kill-child "$0" "$@"
fi
F=$(readlink -f "$1")
D=$(mktemp -d /tmp/causeway-swanctl.XXXXXX)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/conf"
cp "$F" "$D/conf/swanctl.conf"
for s in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do mkdir -p "$D/conf/$s"; done
cat > "$D/strongswan.conf" <<EOC
charon {
    plugins {
        vici {
            socket = unix://$D/charon.vici
        }
        bypass-lan {
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
swanctl {
    socket = unix://$D/charon.vici
    load = pem pkcs1 pkcs8 x509 openssl random nonce
}
EOC
ip link set lo up
mount -t tmpfs tmpfs /run && mkdir -p /run/strongswan
STRONGSWAN_CONF="$D/strongswan.conf" /usr/lib/ipsec/charon >/dev/null 2>&1 &
PID=$!
for i in $(seq 1 200); do [ -S "$D/charon.vici" ] && break; sleep 0.025; done
STRONGSWAN_CONF="$D/strongswan.conf" swanctl --load-all --noprompt --file "$D/conf/swanctl.conf" --uri "unix://$D/charon.vici" > "$D/out" 2> "$D/err"
RC=$?
kill "$PID"; wait "$PID"
cat "$D/out"
sed 's/^/stderr: /' "$D/err"
echo "rc=$RC"
exit $RC
