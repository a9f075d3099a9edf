#!/bin/bash
# Checks a Libreswan conn file with Libreswan's own parser, run from an unpacked package
# (Libreswan conflicts with strongSwan's packages). Usage: check-libreswan.sh ROOT FILE
# ROOT is the folder the .deb was unpacked into (fetch-libreswan.sh). Runs
# `ipsec addconn --checkconfig` (IPSEC_EXECDIR points the wrapper at ROOT; pluto is not
# started, so no bind mount of /usr/libexec/ipsec is needed), then `algparse` on every ike=
# and phase2alg= line. Prints "== addconn rc=N" with its output, then "== algparse" lines
# "OK <alg>" or "BAD <alg>: <message>".
set -u
ROOT=$(readlink -f "$1"); F=$(readlink -f "$2")
X="$ROOT/usr/libexec/ipsec"
OUT=$(IPSEC_EXECDIR="$X" "$ROOT/usr/sbin/ipsec" addconn --checkconfig --config "$F" 2>&1)
echo "== addconn rc=$?"
[ -n "$OUT" ] && echo "$OUT"
echo "== algparse"
grep -E '^\s*ikev2=' "$F" | head -1 | grep -q 'no' && V=-v1 || V=-v2
for kind in ike phase2alg; do
    sed -n "s/^[[:space:]]*$kind=//p" "$F" | sort -u | while read -r alg; do
        [ "$kind" = ike ] && spec="ike=$alg" || spec="esp=$alg"
        R=$("$X/algparse" $V -pfs "$spec" 2>&1)
        if echo "$R" | grep -q "ERROR"; then echo "BAD $spec: $(echo "$R" | grep ERROR)"; else echo "OK $spec"; fi
    done
done
