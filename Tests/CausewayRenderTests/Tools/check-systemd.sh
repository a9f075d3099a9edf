#!/bin/bash
# Verifies rendered systemd units with `systemd-analyze verify`, installed as they would be:
# inside a private mount namespace, /etc/systemd/system is a scratch folder holding the units and
# drop-ins, and /usr/local/sbin holds the rendered updown script (ExecStart must exist). Units
# the drop-ins extend but this machine lacks (ipsec.service, …) get a minimal stub, and so does
# /etc/causeway for the firewall unit. Run as root. Usage: check-systemd.sh SYSTEMD_DIR [UPDOWN]
# Prints systemd-analyze's output and "rc=N".
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --mount --fork --kill-child "$0" "$@"
fi
SRC=$(readlink -f "$1")
UPDOWN=${2:-}
D=$(mktemp -d /tmp/causeway-systemd.XXXXXX)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/etc" "$D/sbin"
cp -r "$SRC/." "$D/etc/"
mount --bind "$D/etc" /etc/systemd/system
if [ -n "$UPDOWN" ]; then
    cp "$UPDOWN" "$D/sbin/causeway-updown"; chmod 0755 "$D/sbin/causeway-updown"
    mount --bind "$D/sbin" /usr/local/sbin
fi
UNITS=""
for u in "$D"/etc/*.service; do [ -e "$u" ] && UNITS="$UNITS /etc/systemd/system/$(basename "$u")"; done
for dropin in "$D"/etc/*.service.d; do
    [ -d "$dropin" ] || continue
    base=$(basename "$dropin" .d)
    if ! systemctl cat "$base" >/dev/null 2>&1 && [ ! -e "/lib/systemd/system/$base" ] && [ ! -e "/usr/lib/systemd/system/$base" ]; then
        printf '[Unit]\nDescription=stub for %s\n[Service]\nExecStart=/bin/true\n' "$base" > "$D/etc/$base"
    fi
    UNITS="$UNITS $base"
done
cd /
# shellcheck disable=SC2086
systemd-analyze verify --man=no $UNITS 2>&1
echo "rc=$?"
