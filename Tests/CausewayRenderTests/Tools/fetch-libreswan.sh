#!/bin/bash
# Unpacks Debian's libreswan package into DEST without installing it (it conflicts with
# strongSwan's packages). Usage: fetch-libreswan.sh DEST
set -eu
DEST=$1
[ -x "$DEST/usr/libexec/ipsec/addconn" ] && exit 0
TMP=$(mktemp -d /tmp/causeway-libreswan.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
apt-get download libreswan >/dev/null 2>&1 || { apt-get update -qq && apt-get download libreswan; }
mkdir -p "$DEST"
dpkg-deb -x libreswan_*.deb "$DEST"
test -x "$DEST/usr/libexec/ipsec/addconn"
