#!/bin/sh
# firewalld settings for the customer gateway of site `openstack`.
# Rendered by causeway from topology `s2-openstack`; re-render instead of editing.
# Run once as root: `sh firewalld.sh`. The settings are permanent.
set -e
# firewall-cmd needs a running firewalld: install, enable and start it first.
if ! command -v firewall-cmd >/dev/null 2>&1; then
    dnf install -y firewalld || { echo "firewalld.sh: firewalld is not installed and dnf could not install it" >&2; exit 1; }
fi
systemctl enable --now firewalld
if ! firewall-cmd --state >/dev/null 2>&1; then
    echo "firewalld.sh: firewalld is not running (see systemctl status firewalld); nothing was changed" >&2
    exit 1
fi
# The LAN's interface (eth0) joins the VTIs' zone by name: forwarding inside the default zone
# covers only interfaces added to it explicitly
LAN_IF_ZONE=$(firewall-cmd --permanent --get-zone-of-interface=eth0 2>/dev/null || true)
if [ -n "$LAN_IF_ZONE" ] && [ "$LAN_IF_ZONE" != public ]; then
    echo "firewalld.sh: eth0 is in zone $LAN_IF_ZONE; the tunnels forward to the LAN only inside zone public (move it, or add a policy from public to $LAN_IF_ZONE); nothing was changed" >&2
    exit 1
fi
# IKE 500/udp, NAT-T 4500/udp, ESP and AH from AWS's tunnel endpoints
firewall-cmd --permanent --zone=public --add-rich-rule='rule family="ipv4" source address="203.0.113.21" service name="ipsec" accept'
firewall-cmd --permanent --zone=public --add-rich-rule='rule family="ipv4" source address="203.0.113.22" service name="ipsec" accept'
firewall-cmd --permanent --zone=public --add-protocol=icmp
# The VTIs join the public zone; forwarding between them and the LAN stays inside the zone
firewall-cmd --permanent --zone=public --add-interface=vti1
firewall-cmd --permanent --zone=public --add-interface=vti2
[ "$LAN_IF_ZONE" = public ] || firewall-cmd --permanent --zone=public --add-interface=eth0
firewall-cmd --permanent --zone=public --add-forward
# TCP MSS clamp for traffic through the tunnels (tunnel MTU 1436): lowers, never raises
firewall-cmd --permanent --direct --add-rule ipv4 mangle FORWARD 0 -o vti1 -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1380:65535 -j TCPMSS --set-mss 1379
firewall-cmd --permanent --direct --add-rule ipv4 mangle FORWARD 0 -i vti1 -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1380:65535 -j TCPMSS --set-mss 1379
firewall-cmd --permanent --direct --add-rule ipv4 mangle FORWARD 0 -o vti2 -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1380:65535 -j TCPMSS --set-mss 1379
firewall-cmd --permanent --direct --add-rule ipv4 mangle FORWARD 0 -i vti2 -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1380:65535 -j TCPMSS --set-mss 1379
firewall-cmd --reload
