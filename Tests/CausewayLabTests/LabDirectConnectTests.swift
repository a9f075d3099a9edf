import CausewayCore
import CausewayRender
import CausewaySim
import Foundation
import Testing
@testable import CausewayLab

/// S5 planned for the lab: the transit virtual interface stood in by a plain link with BGP to a
/// namespace for the Direct Connect gateway, linked to the transit gateway as its attachment.
@Suite struct LabDirectConnectTests {
    func plan() throws -> LabPlan {
        let t = try Repo.topology("s5-dx-vpn-backup")
        return try LabPlan(topology: t, secrets: Repo.secrets(t), name: "p")
    }

    func commands(_ p: LabPlan, in role: LabNode.Role) throws -> [String] {
        let n = try #require(p.nodes.first { $0.role == role }).namespace
        return p.setup.filter { $0.starts(with: ["ip", "-n", n]) || $0.starts(with: ["ip", "netns", "exec", n]) }.map { $0.joined(separator: " ") }
    }

    /// The link: a veth from the site's router to the Direct Connect gateway's namespace, each end
    /// named as the VLAN sub-interface (untagged) with the peer addresses the rendered FRR uses.
    @Test func theVirtualInterfaceIsALinkWithItsVLANAndPeerAddresses() throws {
        let p = try plan()
        let dx = try #require(p.nodes.first { $0.role == .directConnectGateway })
        #expect(dx.name == "dxgw:dxgw")
        let site = try #require(p.nodes.first { $0.name == "site:dc" }).namespace
        let cmds = p.setup.map { $0.joined(separator: " ") }
        #expect(cmds.contains("ip link add dx1.210 netns \(site) type veth peer name vif1.210 netns \(dx.namespace)"))
        for c in ["ip -n \(site) addr add 169.254.210.2/30 dev dx1.210", "ip -n \(dx.namespace) addr add 169.254.210.1/30 dev vif1.210"] {
            #expect(cmds.contains(c), "\(c)")
        }
        let v = try #require(p.virtualInterface("dc-transit-vif"))
        #expect(v == LabVirtualInterface(name: "dc-transit-vif", vlan: 210, customerNamespace: site, customerLink: "dx1.210", awsNamespace: dx.namespace,
                                         awsLink: "vif1.210", customerAddress: IPv4Address(169, 254, 210, 2), awsAddress: IPv4Address(169, 254, 210, 1)))
        #expect(p.outage(v) == [["ip", "-n", site, "link", "set", "dev", "dx1.210", "down"]])
        #expect(p.restore(v) == [["ip", "-n", site, "link", "set", "dev", "dx1.210", "up"]])
        // The site's rendered FRR peers with the Direct Connect gateway's address.
        let siteFRR = try #require(p.files.first { $0.path.hasSuffix("/s1/frr/frr.conf") }).contents
        #expect(siteFRR.contains(" neighbor 169.254.210.1 remote-as 64600\n"))
    }

    /// The Direct Connect gateway's FRR: its Amazon side ASN, the site's ASN, the allowed
    /// prefixes out (Direct Connect user guide, "Allowed prefixes interactions"), at most 100
    /// routes in (Direct Connect quotas).
    @Test func theGatewayAdvertisesTheAllowedPrefixesWithItsASN() throws {
        let conf = try #require(try plan().files.first { $0.path.hasSuffix("/x1/frr/frr.conf") }).contents
        for line in ["router bgp 64600", " neighbor 169.254.210.2 remote-as 65050", "  network 10.50.0.0/16", "  network 10.60.0.0/16",
                     "  neighbor 169.254.210.2 maximum-prefix 100", "ip prefix-list aws-advertises-1 seq 5 permit 10.50.0.0/16",
                     "ip prefix-list aws-advertises-1 seq 10 permit 10.60.0.0/16", "  neighbor 169.254.210.2 route-map aws-out-1 out"] {
            #expect(conf.contains(line + "\n"), "\(line)")
        }
        #expect(!conf.contains("172.16."), "never the site's own prefix")
    }

    /// FRR's own parser (`vtysh -C`) accepts the Direct Connect gateway's configuration.
    @Test func frrAcceptsTheGateway() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/vtysh") else { Issue.record("vtysh (frr) is not installed"); return }
        let conf = try #require(try plan().files.first { $0.path.hasSuffix("/x1/frr/frr.conf") }).contents
        let path = NSTemporaryDirectory() + "causeway-dx-\(UUID().uuidString).conf"
        try conf.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let res = try ProcessRunner().run(["vtysh", "-C", "-f", path])
        #expect(res.succeeded, "\(res.stdout) \(res.stderr)\n\(conf)")
    }

    /// A transit gateway prefers the Direct Connect gateway's route over the VPN's for the same
    /// prefix (Transit Gateway guide, "Route evaluation order"): the table sends the site's
    /// prefix to the Direct Connect gateway's link first, to the VPN edge behind it (metric 100,
    /// the simulator's choice with the interface down), and skips the first when that link has
    /// no carrier, as the gateway's routes are withdrawn.
    @Test func theTransitGatewayPrefersDirectConnectAndFallsBackToTheVPN() throws {
        let p = try plan()
        let g = try #require(p.nodes.first { $0.role == .transitGateway }).namespace
        let dx = try #require(p.nodes.first { $0.role == .directConnectGateway }).namespace
        let cmds = p.setup.map { $0.joined(separator: " ") }
        let link = try #require(cmds.first { $0.hasPrefix("ip link add att") && $0.hasSuffix("name tgw1 netns \(dx)") })
        let att = link.split(separator: " ")[3]
        let tgwAddr = try #require(cmds.first { $0.hasPrefix("ip -n \(g) addr add") && $0.hasSuffix("dev \(att)") }).split(separator: " ")[5]
        let dxAddr = try #require(IPv4Address(String(tgwAddr.split(separator: "/")[0]))).advanced(by: 1)
        #expect(cmds.contains("ip netns exec \(g) sysctl -qw net.ipv4.conf.\(att).ignore_routes_with_linkdown=1"))
        #expect(cmds.contains("ip -n \(g) rule add iif \(att) lookup 100 pref 1000"))
        #expect(cmds.contains("ip -n \(g) route add 172.16.0.0/16 via \(dxAddr) table 100"))
        let vpnLink = try #require(cmds.first { $0.hasPrefix("ip link add att") && $0.contains("peer name uplink") })
        let vpnAtt = vpnLink.split(separator: " ")[3]
        let vpnTGW = try #require(cmds.first { $0.hasPrefix("ip -n \(g) addr add") && $0.hasSuffix("dev \(vpnAtt)") }).split(separator: " ")[5]
        let edge = try #require(IPv4Address(String(vpnTGW.split(separator: "/")[0]))).advanced(by: 1)
        #expect(cmds.contains("ip -n \(g) route add 172.16.0.0/16 via \(edge) metric 100 table 100"), "\(cmds.filter { $0.contains("172.16") })")
        // The VPC routes stay single: only what goes over the interface gets a fallback.
        #expect(!cmds.contains { $0.contains("10.50.0.0/16") && $0.contains("metric 100") })
        // The gateway's watcher shows the withdrawal as the link's carrier and restores its routes.
        let watch = try #require(p.watchers.first { $0.name == "dx-watch" })
        #expect(watch.namespace == dx && watch.argv.last?.contains("ip link set dev tgw1 $n") == true)
        #expect(watch.argv.last?.contains("ip route replace 10.50.0.0/16 via \(tgwAddr.split(separator: "/")[0]) dev tgw1") == true)
    }

    /// Peer addresses AWS would assign are chosen by the lab, clear of the tunnels' inside CIDRs.
    @Test func missingPeerAddressesAreChosen() throws {
        var t = try Repo.topology("s5-dx-vpn-backup")
        t.virtualInterfaces[0].amazonAddress = nil
        t.virtualInterfaces[0].customerAddress = nil
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "p")
        let v = try #require(p.virtualInterface("dc-transit-vif"))
        #expect(v.awsAddress == IPv4Address(169, 254, 240, 1) && v.customerAddress == IPv4Address(169, 254, 240, 2))
        #expect(p.topology.virtualInterfaces[0].customerAddress == IPv4Interface(IPv4Address(169, 254, 240, 2), 30))
    }
}
