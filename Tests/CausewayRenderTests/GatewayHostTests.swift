import CausewayCore
import CausewayRender
import Foundation
import Testing

/// Issue #11, the routing and host part: what the customer gateway's firewall, kernel settings,
/// FRR and updown scripts must do on a real host, each property asserted on its own.
@Suite struct GatewayHostTests {
    func text(_ s: Scenario, _ path: String) throws -> String {
        try #require(try s.renderAll().file(path), "\(path) not rendered").contents
    }

    func variant(_ s: Scenario, _ edit: (String) -> String) throws -> Topology {
        let yaml = try String(contentsOf: Repo.root.appendingPathComponent(s.file), encoding: .utf8)
        let edited = edit(yaml)
        #expect(edited != yaml, "the edit changed nothing")
        let r = Loader.load(text: edited, file: s.file)
        return try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
    }

    func render(_ t: Topology, _ s: Scenario, _ targets: [RenderTarget]) throws -> [RenderedFile] {
        try RenderPlan(t, only: targets).run(t, context: try s.context())
    }

    // MARK: fault 1 — the firewall admits what the rendered routing speaks

    /// OSPF is IP protocol 89 (RFC 2328, appendix A.1); S0's adjacency with the LAN router needs
    /// it in, from the LAN, in every firewall flavour.
    @Test func ospfIsAdmittedFromTheLANInEveryFirewallFlavour() throws {
        let fwd = try text(.s0, "sites/onprem/firewall/firewalld.sh")
        #expect(fwd.contains("LAN_ZONE=$(firewall-cmd --get-zone-of-interface=eth0 2>/dev/null || firewall-cmd --get-default-zone)\n"))
        #expect(fwd.contains("--zone=\"$LAN_ZONE\" --add-rich-rule='rule family=\"ipv4\" source address=\"192.168.2.0/24\" protocol value=\"89\" accept'"))
        let ipt = try text(.s0, "sites/onprem/firewall/iptables.rules")
        #expect(ipt.contains("-A CAUSEWAY-INPUT -i eth0 -s 192.168.2.0/24 -p 89 -j ACCEPT\n"))

        let deb = try variant(.s0) { $0.replacingOccurrences(of: "os: rocky ", with: "os: debian") }
        let files = try render(deb, .s0, [.firewall])
        let nft = try #require(files.file("sites/onprem/firewall/causeway.nft")).contents
        #expect(nft.contains("        iifname \"eth0\" ip saddr 192.168.2.0/24 meta l4proto 89 accept\n"))
        #expect(nft.contains("ip saddr @aws_tunnel_endpoints udp dport { 500, 4500 } accept"))
        #expect(nft.contains("iifname { \"vti1\", \"vti2\" } ip saddr { 169.254.10.1, 169.254.10.5 } tcp dport 179 accept"))
        guard Tools.requireRoot("NFTABLES"), Tools.require("nft", skipName: "NFTABLES", install: "nftables") != nil else { return }
        let dir = try Scratch(files)
        let r = try Tools.script("check-netfilter.sh", ["nft", dir.path("sites/onprem/firewall/causeway.nft")])
        #expect(Verdict.netfilter(r), "\(r)")
    }

    /// Without OSPF nothing opens protocol 89.
    @Test func noOSPFRuleWithoutOSPF() throws {
        #expect(!(try text(.s2, "sites/openstack/firewall/firewalld.sh")).contains("\"89\""))
        #expect(!(try text(.s4, "sites/onprem-c/firewall/causeway.nft")).contains("l4proto 89"))
    }

    /// firewall-cmd talks to a running firewalld over D-Bus; on a host without it (AL2023, a
    /// minimal RHEL) every call fails. The script installs, enables and starts it first, or stops.
    @Test(arguments: [Scenario.s0, .s1, .s2])
    func firewalldIsRunningBeforeTheFirstFirewallCmd(_ s: Scenario) throws {
        let site = try #require(try s.topology().sites.first { $0.gateway != nil }).name
        let fwd = try text(s, "sites/\(site)/firewall/firewalld.sh")
        let start = try #require(fwd.range(of: "systemctl enable --now firewalld\n"))
        let state = try #require(fwd.range(of: "if ! firewall-cmd --state"))
        let first = try #require(fwd.range(of: "firewall-cmd --permanent"))
        #expect(start.upperBound <= state.lowerBound && state.upperBound <= first.lowerBound)
        #expect(fwd.contains("dnf install -y firewalld ||"))
    }

    /// firewalld's intra-zone forwarding in the default zone reaches only interfaces added to
    /// the zone by name (https://firewalld.org/2020/04/intra-zone-forwarding): with the LAN's
    /// interface left to the catch-all, AWS → LAN is rejected while LAN → AWS (whose replies
    /// are conntrack's) works. Found by the faithful lab (S2, VPC → site). The LAN interface
    /// joins the VTIs' zone by name, and a LAN interface in another zone stops the script first.
    @Test(arguments: [(Scenario.s0, "onprem", "eth0"), (.s2, "openstack", "eth0")])
    func lanInterfaceJoinsTheTunnelsZoneByName(_ s: Scenario, _ site: String, _ lan: String) throws {
        let fwd = try text(s, "sites/\(site)/firewall/firewalld.sh")
        let check = try #require(fwd.range(of: "LAN_IF_ZONE=$(firewall-cmd --permanent --get-zone-of-interface=\(lan) 2>/dev/null || true)\n"))
        let first = try #require(fwd.range(of: "firewall-cmd --permanent --zone"))
        #expect(check.upperBound <= first.lowerBound, "the zone check comes before any change")
        let join = try #require(fwd.range(of: "[ \"$LAN_IF_ZONE\" = public ] || firewall-cmd --permanent --zone=public --add-interface=\(lan)\n"))
        let reload = try #require(fwd.range(of: "firewall-cmd --reload"))
        #expect(join.upperBound <= reload.lowerBound)
    }

    // MARK: fault 13 — the MSS clamp only lowers

    /// nft(8) "TCP OPTIONS": match the option's size and set it only above the device's MSS;
    /// iptables-extensions(8) TCPMSS with `-m tcpmss --mss N+1:65535`.
    @Test func mssClampNeverRaises() throws {
        let nft = try text(.s4, "sites/onprem-c/firewall/causeway.nft")
        #expect(nft.contains("tcp option maxseg size > 1379 tcp option maxseg size set 1379\n"))
        #expect(!nft.contains("== syn tcp option maxseg size set"))
        for (s, path) in [(Scenario.s4, "sites/onprem-c/firewall/iptables.rules"), (.s0, "sites/onprem/firewall/iptables.rules"),
                          (.s0, "sites/onprem/firewall/firewalld.sh"), (.s4, "sites/onprem-c/strongswan/causeway-updown")] {
            let f = try text(s, path)
            let clamps = f.components(separatedBy: "\n").filter { $0.contains("TCPMSS --set-mss") }
            #expect(!clamps.isEmpty, "\(path)")
            for l in clamps { #expect(l.contains("-m tcpmss --mss 1380:65535 ") || l.contains("-m tcpmss --mss \"$((MSS + 1)):65535\" "), "\(path): \(l)") }
        }
    }

    // MARK: fault 2 — static failover on Libreswan

    /// S2 before: `ip route 10.0.0.0/16 vti1 100` and `… vti2 100`, equal distances = ECMP over both
    /// tunnels. Tunnel 1 is preferred by default; the topology's explicit metrics still win.
    @Test func staticTunnelsGetDistinctDistances() throws {
        let frr = try text(.s2, "sites/openstack/frr/frr.conf")
        #expect(frr.contains("ip route 10.0.0.0/16 vti1 100\nip route 10.0.0.0/16 vti2 200\n"))
        let same = try variant(.s2) {
            $0.replacingOccurrences(of: "      lan_address: 192.168.0.10     # the Libreswan host\n",
                                    with: "      lan_address: 192.168.0.10\n      tunnels:\n        - {connection: vpn, tunnel: 1, metric: 50}\n        - {connection: vpn, tunnel: 2, metric: 50}\n")
        }
        let f = try #require(try render(same, .s2, [.frr]).file("sites/openstack/frr/frr.conf")).contents
        #expect(f.contains("ip route 10.0.0.0/16 vti1 50\nip route 10.0.0.0/16 vti2 50\n"))
    }

    /// Libreswan's _updown.xfrm never downs or deletes a VTI (delvti: "we can't delete vti interface
    /// because we don't have proper reference counting", programs/_updown.xfrm/_updown.xfrm.in);
    /// zebra keeps a static route only over an operative interface (FRR zebra nexthop_active). So
    /// every conn runs causeway's updown, and the IPsec unit downs the VTIs when pluto stops or dies.
    @Test func libreswanConnsRunTheUpdownThatDownsTheVTI() throws {
        let conf = try text(.s2, "sites/openstack/libreswan/causeway.conf")
        #expect(conf.components(separatedBy: "    leftupdown=/usr/local/sbin/causeway-updown\n").count == 3)
        let files = try Scenario.s2.renderAll()
        #expect(files.file("sites/openstack/libreswan/causeway-updown")?.mode == 0o755)
        let unit = try #require(files.file("sites/openstack/systemd/ipsec.service.d/causeway.conf")).contents
        #expect(unit.contains("[Service]\nExecStopPost=-/usr/local/sbin/causeway-updown down\n"))
    }

    /// The updown's logic with stand-ins for `ipsec`, `ip` and `sysctl` that log their calls.
    struct FakeHost {
        let dir: Scratch
        let script: String
        init(_ contents: String) throws {
            dir = try Scratch()
            script = try dir.write("causeway-updown", contents)
            let log = dir.path("calls")
            let fake = """
            #!/bin/sh
            echo "$(basename "$0") $*" >> \(log)
            case "$(basename "$0") $*" in
            "ip -4 xfrm state list dst "*) [ -n "${FAKE_SA:-}" ] && echo "src x dst y proto esp" ;;
            "ipsec _updown"*) exit "${FAKE_UPDOWN_RC:-0}" ;;
            "iptables -C"*) exit 1 ;;
            esac
            exit 0
            """
            for tool in ["ip", "ipsec", "sysctl", "iptables"] {
                let p = try dir.write("bin/\(tool)", fake)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p)
            }
        }
        /// Runs the script; its status and the calls made, one line each.
        func run(_ env: [String: String], _ args: [String] = []) throws -> (Int32, [String]) {
            try? FileManager.default.removeItem(atPath: dir.path("calls"))
            let r = try Tools.run("/bin/sh", [script] + args, environment: ["PATH": "\(dir.path("bin")):/usr/bin:/bin"].merging(env) { $1 })
            let calls = (try? String(contentsOfFile: dir.path("calls"), encoding: .utf8)) ?? ""
            return (r.status, calls.split(separator: "\n").map(String.init))
        }
    }

    @Test func libreswanUpdownKeepsTheVTIWithItsSA() throws {
        let host = try FakeHost(try text(.s2, "sites/openstack/libreswan/causeway-updown"))
        let t1 = ["PLUTO_CONNECTION": "vpn-tunnel1"]

        // Routed at start, no SA yet: Libreswan's updown made vti1 up; it goes down.
        var (rc, calls) = try host.run(t1.merging(["PLUTO_VERB": "prepare-client"]) { $1 })
        #expect(rc == 0 && calls.first == "ipsec _updown")
        #expect(calls.contains("sysctl -qw net/ipv4/conf/vti1/disable_policy=1 net/ipv4/conf/vti1/rp_filter=2"))
        #expect(calls.contains("ip link set dev vti1 mtu 1436"))
        #expect(calls.last == "ip link set dev vti1 down")

        // Prepared with its SA installed (pluto prepares just before up-client): it stays up.
        (rc, calls) = try host.run(t1.merging(["PLUTO_VERB": "prepare-client", "FAKE_SA": "1"]) { $1 })
        #expect(calls.last == "ip link set dev vti1 up")

        (rc, calls) = try host.run(t1.merging(["PLUTO_VERB": "up-client"]) { $1 })
        #expect(rc == 0 && calls == ["ipsec _updown", "sysctl -qw net/ipv4/conf/vti1/disable_policy=1 net/ipv4/conf/vti1/rp_filter=2",
                                     "ip link set dev vti1 mtu 1436", "ip link set dev vti1 up"])

        // The SA died (DPD, delete): the VTI goes down and FRR withdraws its routes.
        (rc, calls) = try host.run(["PLUTO_CONNECTION": "vpn-tunnel2", "PLUTO_VERB": "down-client"])
        #expect(rc == 0 && calls == ["ipsec _updown", "ip link set dev vti2 down"])

        // Libreswan's own status is what pluto sees.
        (rc, _) = try host.run(t1.merging(["PLUTO_VERB": "up-client", "FAKE_UPDOWN_RC": "3"]) { $1 })
        #expect(rc == 3)

        // Another conn on the host: only Libreswan's updown.
        (rc, calls) = try host.run(["PLUTO_CONNECTION": "other", "PLUTO_VERB": "down-client"])
        #expect(rc == 0 && calls == ["ipsec _updown"])

        // ipsec.service stopped or pluto died: every VTI down, Libreswan's updown not involved.
        (rc, calls) = try host.run([:], ["down"])
        #expect(rc == 0 && calls == ["ip link set dev vti1 down", "ip link set dev vti2 down"])
    }

    @Test func strongSwanUpdownSharesTheVTIHandling() throws {
        let host = try FakeHost(try text(.s4, "sites/onprem-c/strongswan/causeway-updown"))
        var (rc, calls) = try host.run(["PLUTO_CONNECTION": "vpn-tunnel1", "PLUTO_VERB": "up-client"])
        #expect(rc == 0)
        #expect(calls.contains("sysctl -qw net/ipv4/conf/Tunnel1/disable_policy=1 net/ipv4/conf/Tunnel1/rp_filter=2"))
        #expect(calls.contains("ip link set dev Tunnel1 mtu 1419"))
        #expect(calls.contains("ip link set dev Tunnel1 up"))
        #expect(calls.contains { $0.hasPrefix("iptables -A FORWARD -t mangle -o Tunnel1 -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1380:65535 -j TCPMSS --set-mss 1379") })
        (rc, calls) = try host.run([:], ["down"])
        #expect(rc == 0 && calls == ["ip link set dev Tunnel1 down", "ip link set dev Tunnel2 down"])
    }

    // MARK: fault 7 — the Libreswan VTIs get the model's tunnel MTU

    @Test func libreswanVTIsGetTheTunnelMTU() throws {
        let up = try text(.s0, "sites/onprem/libreswan/causeway-updown")
        #expect(up.contains("MTU=1436\n") && up.contains("    ip link set dev \"$VTI\" mtu \"$MTU\"\n"))
        let t = try variant(.s2) { $0.replacingOccurrences(of: "      os: centos\n", with: "      os: centos\n      tunnel_mtu: 1419\n") }
        let f = try #require(try render(t, .s2, [.libreswan]).file("sites/openstack/libreswan/causeway-updown")).contents
        #expect(f.contains("MTU=1419\n"))
    }

    // MARK: fault 9 — FRR accepts from AWS only what AWS may send

    /// AWS sends at most 1,000 routes to a customer gateway (Site-to-Site VPN quotas, vpn-limits);
    /// only the AWS-side prefixes the model knows are accepted.
    @Test func frrFiltersWhatAWSSends() throws {
        let frr = try text(.s0, "sites/onprem/frr/frr.conf")
        #expect(frr.contains("ip prefix-list causeway-aws-vpn seq 5 permit 172.20.0.0/16\n"))
        #expect(!frr.contains("causeway-aws-vpn seq 10"))
        for (n, t) in [("169.254.10.1", "vpn-tunnel1"), ("169.254.10.5", "vpn-tunnel2")] {
            #expect(frr.contains("route-map causeway-from-\(t) permit 10\n match ip address prefix-list causeway-aws-vpn\nexit\n"))
            #expect(frr.contains("  neighbor \(n) maximum-prefix 1000\n  neighbor \(n) route-map causeway-from-\(t) in\n"))
        }
        #expect(!frr.contains("maximum-paths"), "a VGW uses one tunnel at a time")
    }

    /// A route covering AWS's tunnel endpoints (a default route above all) would replace the host's
    /// own route to them and send the tunnels' packets into the tunnels: never accepted.
    @Test func nothingCoveringTheTunnelEndpointsIsAccepted() throws {
        var t = try Scenario.s0.topology()
        t.vpcs[0].cidrs.append(IPv4Prefix("0.0.0.0/0")!)
        t.vpcs[0].cidrs.append(IPv4Prefix("203.0.113.0/24")!)
        let frr = try #require(try render(t, .s0, [.frr]).file("sites/onprem/frr/frr.conf")).contents
        #expect(frr.contains("ip prefix-list causeway-aws-vpn seq 5 permit 172.20.0.0/16\n"))
        #expect(!frr.contains("permit 0.0.0.0/0") && !frr.contains("permit 203.0.113.0/24"))
        #expect(frr.contains("! 0.0.0.0/0 covers an AWS tunnel endpoint: not accepted"))
        guard let vtysh = Tools.require("vtysh", skipName: "FRR", install: "frr") else { return }
        let dir = try Scratch()
        let r = try Tools.run(vtysh, ["-C", "-f", try dir.write("frr.conf", frr)])
        #expect(Verdict.vtysh(r), "\(r)")
    }

    /// Transit Gateway guide, "Equal Cost Multipath routing": with VPN ECMP support on, the TGW
    /// spreads over the tunnels; the gateway does the same (FRR `maximum-paths`), not with it off.
    @Test func maximumPathsFollowsTheTransitGatewaysVPNECMP() throws {
        let on = try text(.s3, "sites/idc/frr/frr.conf")
        #expect(on.contains(" address-family ipv4 unicast\n  network 192.168.0.0/16\n  maximum-paths 2\n"))
        let off = try variant(.s3) { $0.replacingOccurrences(of: "  tgw:\n    asn: 64512\n", with: "  tgw:\n    asn: 64512\n    vpn_ecmp: false\n") }
        let f = try #require(try render(off, .s3, [.frr]).file("sites/idc/frr/frr.conf")).contents
        #expect(!f.contains("maximum-paths"))
    }

    // MARK: fault 12 — sysctl applies at install and stops redirects on existing interfaces

    /// The kernel sends redirects when `all` OR the interface's send_redirects is on
    /// (Documentation/networking/ip-sysctl.rst: send_redirects); `default` covers only new ones.
    @Test func sendRedirectsIsOffOnExistingInterfaces() throws {
        let s0 = try text(.s0, "sites/onprem/sysctl/99-causeway.conf")
        #expect(s0.contains("net.ipv4.conf.eth0.send_redirects = 0\n"))
        let s4 = try text(.s4, "sites/onprem-c/sysctl/99-causeway.conf")
        #expect(s4.contains("net.ipv4.conf.enX0.send_redirects = 0\n"))
    }

    /// sysctl.conf(5): `sysctl -p` must apply the file at install, before any VTI exists (procps-ng
    /// 4.0.2 exits 1 on a missing key, even with the leading `-`): run it in a fresh namespace that
    /// has only the host's interfaces.
    @Test(arguments: Scenario.allCases)
    func sysctlFileAppliesBeforeTheVTIsExist(_ s: Scenario) throws {
        let files = try s.renderAll().files(endingWith: "/sysctl/99-causeway.conf")
        #expect(!files.isEmpty)
        let t = try s.topology()
        let vtis = t.sites.compactMap(\.gateway).flatMap { $0.tunnels.map(\.interface) }
        for f in files {
            let keys = f.contents.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(!keys.contains { k in vtis.contains { k.contains(".\($0).") || k.contains("/\($0)/") } }, "\(f.path)")
        }
        guard Tools.requireRoot("SYSCTL"), Tools.require("sysctl", skipName: "SYSCTL", install: "procps") != nil else { return }
        let dir = try Scratch(files)
        for site in t.sites {
            guard let d = site.gateway, let f = files.first(where: { $0.path.hasPrefix("sites/\(site.name)/") }) else { continue }
            let r = try Tools.script("check-sysctl.sh", [dir.path(f.path), d.uplink] + (d.lanInterface.map { [$0] } ?? []).filter { $0 != d.uplink })
            #expect(r.output == "rc=0\n", "\(f.path):\n\(r)")
        }
    }
}
