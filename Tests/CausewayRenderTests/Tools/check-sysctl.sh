#!/bin/bash
# Applies a rendered sysctl.d file with procps `sysctl -p` in a throw-away network namespace where
# only the host's existing interfaces exist (veth stand-ins with their names), as at install time
# before any VTI. Run as root. Usage: check-sysctl.sh FILE IFACE... Prints sysctl's output and "rc=N".
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --net --fork --kill-child "$0" "$@"
fi
FILE=$1; shift
n=0
for i in "$@"; do
    n=$((n + 1))
    ip link add "$i" type veth peer name "cwpeer$n" || { echo "cannot make $i"; echo "rc=70"; exit 0; }
done
sysctl -q -p "$FILE" 2>&1
echo "rc=$?"
