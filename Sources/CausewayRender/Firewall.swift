import CausewayCore

/// Firewall rules for the gateway host, in the format of its OS family: an nftables ruleset
/// (Debian, Ubuntu), firewalld commands (dnf-based hosts, as S0 used), and always an
/// iptables-restore file as the fallback. They let in every protocol the rendered daemons speak,
/// where they speak it: IKE (500/udp), NAT-T (4500/udp) and ESP from AWS's tunnel endpoints, BGP
/// (179/tcp) from AWS's inside addresses on the tunnels, OSPF (IP protocol 89) from the LAN where
/// FRR runs OSPF, ICMP echo on the tunnels; and they lower (never raise) the TCP MSS of traffic
/// through the tunnels to the device's value.
public struct Firewall: SiteRenderer {
    public let target = "firewall"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        try plan.require(plan.routing == .bgp ? [.outsideAddress, .insideCIDR] : [.outsideAddress], target: target)
        let dir = "sites/\(site.name)/firewall"
        var files: [RenderedFile] = []
        if plan.device.os.usesFirewalld {
            files.append(RenderedFile(path: "\(dir)/firewalld.sh", contents: Firewalld.script(plan), mode: 0o755))
        } else {
            files.append(RenderedFile(path: "\(dir)/causeway.nft", contents: Nftables.ruleset(plan)))
        }
        files.append(RenderedFile(path: "\(dir)/iptables.rules", contents: IptablesRestore.rules(plan)))
        return files
    }
}

extension GatewayPlan {
    var awsEndpoints: [OuterAddress] { tunnels.compactMap(\.outsideIP).uniqued() }
    /// nftables' words for the endpoints' family: set type and match prefix (`ip6 saddr`).
    var endpointFamily: (setType: String, match: String, firewalld: String) {
        outerIPv6 ? ("ipv6_addr", "ip6", "ipv6") : ("ipv4_addr", "ip", "ipv4")
    }
    var bgpPeers: [IPv4Address] { routing == .bgp ? tunnels.compactMap(\.awsInsideAddress).uniqued() : [] }
    /// The first MSS value the clamp rewrites: only larger ones are lowered.
    var mssAbove: Int { device.tcpMSS + 1 }
}

/// nftables: one table of its own, replaced as a whole on every load.
enum Nftables {
    static func ruleset(_ plan: GatewayPlan) -> String {
        var s = Lines("#", banner: "nftables rules for the customer gateway of site `\(plan.site.name)`.", topology: plan.topologyName,
                                   install: "Install as \(InstallPaths.nftables); causeway-firewall.service loads it at boot (`nft -f`).\nAn accept here does not override a drop in another table: if your own ruleset drops by\ndefault, allow the same traffic there.", first: ["#!/usr/sbin/nft -f"])
        let vtis = set(plan.interfaces.uniqued().map { "\"\($0)\"" })
        s.add([
            "table inet causeway",
            "delete table inet causeway",
            "",
            "table inet causeway {",
            "    set aws_tunnel_endpoints {",
            "        type \(plan.endpointFamily.setType)",
            "        elements = { \(plan.awsEndpoints.map(\.description).joined(separator: ", ")) }",
            "    }",
            "",
            "    chain input {",
            "        type filter hook input priority filter; policy accept;",
            "        # IKE and NAT-T from AWS's tunnel endpoints",
            "        \(plan.endpointFamily.match) saddr @aws_tunnel_endpoints udp dport { 500, 4500 } accept",
            "        # ESP (IP protocol 50) when no NAT is in the path",
            "        \(plan.endpointFamily.match) saddr @aws_tunnel_endpoints meta l4proto esp accept",
        ])
        if !plan.bgpPeers.isEmpty {
            s.add("        # BGP with AWS's inside addresses, on the tunnels only")
            s.add("        iifname \(vtis) ip saddr \(set(plan.bgpPeers.map(\.description))) tcp dport 179 accept")
        }
        if let ospf = plan.ospfNetworks {
            s.add("        # OSPF (IP protocol 89) with the LAN routers")
            let iif = plan.device.lanInterface.map { "iifname \"\($0)\" " } ?? ""
            s.add("        \(iif)ip saddr \(set(ospf.map(\.description))) meta l4proto 89 accept")
        }
        s.add([
            "        iifname \(vtis) icmp type echo-request accept",
            "    }",
            "",
            "    chain forward {",
            "        type filter hook forward priority mangle; policy accept;",
            "        # TCP MSS clamp for traffic through the tunnels (tunnel MTU \(plan.device.tunnelMTU)): lowers, never raises",
            "        oifname \(vtis) tcp flags & (syn | rst) == syn tcp option maxseg size > \(plan.device.tcpMSS) tcp option maxseg size set \(plan.device.tcpMSS)",
            "        iifname \(vtis) tcp flags & (syn | rst) == syn tcp option maxseg size > \(plan.device.tcpMSS) tcp option maxseg size set \(plan.device.tcpMSS)",
            "    }",
            "}",
        ])
        return s.text
    }

    static func set(_ items: [String]) -> String { items.count == 1 ? items[0] : "{ \(items.joined(separator: ", ")) }" }
}

/// firewalld: permanent settings (they survive reboots), then a reload. S0 opened the ipsec and
/// bgp services and put the VTIs in the public zone; here the services are opened to AWS's
/// addresses only.
enum Firewalld {
    static func script(_ plan: GatewayPlan) -> String {
        var s = Lines("#", banner: "firewalld settings for the customer gateway of site `\(plan.site.name)`.", topology: plan.topologyName,
                                   install: "Run once as root: `sh firewalld.sh`. The settings are permanent.", first: ["#!/bin/sh"])
        s.add([
            "set -e",
            "# firewall-cmd needs a running firewalld: install, enable and start it first.",
            "if ! command -v firewall-cmd >/dev/null 2>&1; then",
            "    dnf install -y firewalld || { echo \"firewalld.sh: firewalld is not installed and dnf could not install it\" >&2; exit 1; }",
            "fi",
            "systemctl enable --now firewalld",
            "if ! firewall-cmd --state >/dev/null 2>&1; then",
            "    echo \"firewalld.sh: firewalld is not running (see systemctl status firewalld); nothing was changed\" >&2",
            "    exit 1",
            "fi",
        ])
        // Intra-zone forwarding in the default zone reaches only interfaces added to it by name,
        // never the catch-all (https://firewalld.org/2020/04/intra-zone-forwarding): traffic
        // from AWS into the LAN needs the LAN's interface in the VTIs' zone by name. A LAN
        // interface in another zone would need a policy between the two: stop before changing
        // anything rather than leave the LAN unreachable from AWS.
        let lan = plan.device.lanInterface ?? plan.device.uplink
        s.add([
            "# The LAN's interface (\(lan)) joins the VTIs' zone by name: forwarding inside the default zone",
            "# covers only interfaces added to it explicitly",
            "LAN_IF_ZONE=$(firewall-cmd --permanent --get-zone-of-interface=\(lan) 2>/dev/null || true)",
            "if [ -n \"$LAN_IF_ZONE\" ] && [ \"$LAN_IF_ZONE\" != public ]; then",
            "    echo \"firewalld.sh: \(lan) is in zone $LAN_IF_ZONE; the tunnels forward to the LAN only inside zone public (move it, or add a policy from public to $LAN_IF_ZONE); nothing was changed\" >&2",
            "    exit 1",
            "fi",
        ])
        s.add("# IKE 500/udp, NAT-T 4500/udp, ESP and AH from AWS's tunnel endpoints")
        for a in plan.awsEndpoints {
            s.add("firewall-cmd --permanent --zone=public --add-rich-rule='rule family=\"\(plan.endpointFamily.firewalld)\" source address=\"\(a)\" service name=\"ipsec\" accept'")
        }
        if !plan.bgpPeers.isEmpty {
            s.add("# BGP 179/tcp from AWS's inside addresses")
            for a in plan.bgpPeers {
                s.add("firewall-cmd --permanent --zone=public --add-rich-rule='rule family=\"ipv4\" source address=\"\(a)\" service name=\"bgp\" accept'")
            }
        }
        if let ospf = plan.ospfNetworks {
            s.add("# OSPF (IP protocol 89) from the LAN routers, in the zone of the LAN interface")
            if let lan = plan.device.lanInterface {
                s.add("LAN_ZONE=$(firewall-cmd --get-zone-of-interface=\(lan) 2>/dev/null || firewall-cmd --get-default-zone)")
            } else {
                s.add("LAN_ZONE=$(firewall-cmd --get-default-zone)")
            }
            for n in ospf {
                s.add("firewall-cmd --permanent --zone=\"$LAN_ZONE\" --add-rich-rule='rule family=\"ipv4\" source address=\"\(n)\" protocol value=\"89\" accept'")
            }
        }
        s.add("firewall-cmd --permanent --zone=public --add-protocol=icmp")
        s.add("# The VTIs join the public zone; forwarding between them and the LAN stays inside the zone")
        for i in plan.interfaces.uniqued() {
            s.add("firewall-cmd --permanent --zone=public --add-interface=\(i)")
        }
        s.add("[ \"$LAN_IF_ZONE\" = public ] || firewall-cmd --permanent --zone=public --add-interface=\(lan)")
        s.add("firewall-cmd --permanent --zone=public --add-forward")
        s.add("# TCP MSS clamp for traffic through the tunnels (tunnel MTU \(plan.device.tunnelMTU)): lowers, never raises")
        for i in plan.interfaces.uniqued() {
            for dir in ["-o", "-i"] {
                s.add("firewall-cmd --permanent --direct --add-rule ipv4 mangle FORWARD 0 \(dir) \(i) -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss \(plan.mssAbove):65535 -j TCPMSS --set-mss \(plan.device.tcpMSS)")
            }
        }
        s.add("firewall-cmd --reload")
        return s.text
    }
}

/// iptables-restore, the fallback: chains of its own, loaded with `--noflush` so the host's
/// other rules stay; the jumps into them are inserted by the same load.
enum IptablesRestore {
    static func rules(_ plan: GatewayPlan) -> String {
        var s = Lines("#", banner: "iptables rules for the customer gateway of site `\(plan.site.name)` (fallback when neither nftables\nnor firewalld is used).", topology: plan.topologyName,
                                   install: "Load once per boot: `iptables-restore --noflush < iptables.rules`.")
        s.add(["*filter", ":CAUSEWAY-INPUT - [0:0]"])
        for a in plan.awsEndpoints {
            // iptables-restore takes IPv4 only: IPv6 endpoints' rules are ip6tables commands to run.
            let p = a.isIPv6 ? "# ip6tables " : ""
            s.add("\(p)-A CAUSEWAY-INPUT -s \(a)/\(a.hostPrefixLength) -p udp -m multiport --dports 500,4500 -j ACCEPT")
            s.add("\(p)-A CAUSEWAY-INPUT -s \(a)/\(a.hostPrefixLength) -p esp -j ACCEPT")
        }
        for t in plan.tunnels {
            if plan.routing == .bgp, let p = t.awsInsideAddress {
                s.add("-A CAUSEWAY-INPUT -i \(t.device.interface) -s \(p)/32 -p tcp --dport 179 -j ACCEPT")
            }
            s.add("-A CAUSEWAY-INPUT -i \(t.device.interface) -p icmp --icmp-type echo-request -j ACCEPT")
        }
        if let ospf = plan.ospfNetworks {
            let iif = plan.device.lanInterface.map { "-i \($0) " } ?? ""
            for n in ospf { s.add("-A CAUSEWAY-INPUT \(iif)-s \(n) -p 89 -j ACCEPT") }
        }
        s.add(["-I INPUT -j CAUSEWAY-INPUT", "COMMIT", "*mangle", ":CAUSEWAY-FORWARD - [0:0]"])
        for i in plan.interfaces.uniqued() {
            for dir in ["-o", "-i"] {
                s.add("-A CAUSEWAY-FORWARD \(dir) \(i) -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss \(plan.mssAbove):65535 -j TCPMSS --set-mss \(plan.device.tcpMSS)")
            }
        }
        s.add(["-I FORWARD -j CAUSEWAY-FORWARD", "COMMIT"])
        return s.text
    }
}
