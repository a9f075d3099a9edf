#!/bin/bash
# Checks firewall files with the real tools in a throw-away network namespace (run as root):
#   check-netfilter.sh nft FILE        -> nft -c -f FILE (parse and check, nothing applied)
#   check-netfilter.sh iptables FILE   -> iptables-restore --test --noflush < FILE
# Prints the tool's output and "rc=N".
set -u
if [ "${CAUSEWAY_IN_NS:-}" != 1 ]; then
    exec env CAUSEWAY_IN_NS=1 unshare --net --fork --kill-child "$0" "$@"
fi
case "$1" in
nft) nft -c -f "$2" 2>&1; echo "rc=$?" ;;
iptables) iptables-restore --test --noflush < "$2" 2>&1; echo "rc=$?" ;;
*) echo "unknown checker $1"; echo "rc=64" ;;
esac
