import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// Several customer gateway devices in front of one on-premises network (`network:`), on one
/// virtual private gateway: how AWS chooses among their paths, and how the devices are joined on
/// premises (issue 14). S6 is the example: dc1 (AS 65061) primary, dc2 (AS 65062) prepending.
@Suite struct MultiCGWTests {
    static func s6() throws -> Topology { try example("s6-") }

    /// S6 with dc2's tunnel settings replaced by `tunnels` (flow-mapping fields, both tunnels),
    /// and other edits applied to the text.
    static func variant(_ tunnels: String, _ edits: [(String, String)] = []) throws -> Topology {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/s6-two-cgw-one-network.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "{connection: vpn-dc2, tunnel: 1, as_path_prepend: 2}", with: "{connection: vpn-dc2, tunnel: 1\(tunnels)}")
            .replacingOccurrences(of: "{connection: vpn-dc2, tunnel: 2, as_path_prepend: 2}", with: "{connection: vpn-dc2, tunnel: 2\(tunnels)}")
        for (a, b) in edits {
            #expect(text.contains(a), "\(a) not in S6")
            text = text.replacingOccurrences(of: a, with: b)
        }
        return try topology(text)
    }

    static let onPrem = pfx("10.60.0.0/16")

    func vgwChoice(_ sim: Simulation) -> [SimRoute] {
        (sim.network.table(.vgw("vgw"))?.routes ?? []).filter { $0.destination == Self.onPrem && $0.selected }
    }

    /// Same prefix from two connections over BGP: the VGW takes the shorter AS_PATH (AWS
    /// Site-to-Site VPN user guide, "Route tables and Site-to-Site VPN route priority": when
    /// every connection for the prefix uses BGP, the shortest AS PATH is preferred). dc2
    /// prepends twice, so dc1 carries AWS → on-premises traffic.
    @Test func vgwPrefersTheShorterASPath() throws {
        let sim = Simulation(topology: try Self.s6())
        let chosen = vgwChoice(sim)
        #expect(chosen.count == 1)
        #expect(chosen.first?.tunnel?.connection == "vpn-dc1", "\(chosen.map(\.summary))")
        let dc2 = sim.network.table(.vgw("vgw"))?.routes.filter { $0.destination == Self.onPrem && $0.tunnel?.connection == "vpn-dc2" } ?? []
        #expect(dc2.allSatisfy { !$0.selected && $0.asPath == [ASN(65062), ASN(65062), ASN(65062)] }, "\(dc2.map(\.summary))")
    }

    /// Equal AS_PATH lengths from different first ASNs: MEDs are not compared, AWS picks one
    /// (vpn-route-priority: MEDs are compared only when the first ASN in the AS_SEQUENCE is the
    /// same). dc2's lower MED does not win; the choice is reported as AWS's own.
    @Test func medIsNotComparedAcrossASNs() throws {
        let sim = Simulation(topology: try Self.variant(", med: 50"))
        let chosen = vgwChoice(sim)
        #expect(chosen.count == 1)
        #expect(chosen.first?.note?.contains("AWS picks one") == true, "\(chosen.map { $0.note ?? "-" })")
    }

    /// The same ASN on both devices is allowed; then the first ASN is the same and MEDs are
    /// compared (vpn-route-priority): dc2's MED 100 wins over dc1's MED 200.
    @Test func medIsComparedWithTheSameASN() throws {
        let t = try Self.variant(", med: 100", [("asn: 65062", "asn: 65061"),
                                      ("lan_address: 10.60.0.1\n", "lan_address: 10.60.0.1\n      tunnels:\n        - {connection: vpn-dc1, tunnel: 1, med: 200}\n        - {connection: vpn-dc1, tunnel: 2, med: 200}\n")])
        let sim = Simulation(topology: t)
        let chosen = vgwChoice(sim)
        #expect(chosen.first?.tunnel?.connection == "vpn-dc2", "\(chosen.map(\.summary))")
    }

    /// A device's static connection beside another's BGP for the same prefix: the VGW prefers
    /// VPN static routes to BGP routes (vpn-route-priority: static routes before BGP propagated
    /// routes), whatever the AS_PATH.
    @Test func staticBeatsBGPOnTheVGW() throws {
        let t = try Self.variant("", [("      asn: 65062                # a different ASN: MEDs would not be compared, so prepend\n      ipsec: strongswan\n      routing: bgp\n",
                                       "      asn: 65062\n      ipsec: strongswan\n      routing: static\n"),
                                      ("    customer_gateway: dc2\n    vpn_gateway: vgw\n    routing: bgp\n",
                                       "    customer_gateway: dc2\n    vpn_gateway: vgw\n    routing: static\n    static_routes: [10.60.0.0/16]\n")])
        let sim = Simulation(topology: t)
        let chosen = vgwChoice(sim)
        #expect(chosen.first?.tunnel?.connection == "vpn-dc2", "\(chosen.map(\.summary))")
        #expect(chosen.first?.origin == .vpnStatic)
    }

    /// Traffic from AWS reaches every address of the network through whichever device AWS
    /// chose (the devices are joined on premises); the reply leaves by the device the host sits
    /// behind.
    @Test func joinedOnPremises() throws {
        let sim = Simulation(topology: try Self.s6())
        let toDC2Host = try sim.trace("10.20.1.10", "10.60.2.10")
        #expect(toDC2Host.reachable, "\(dump(toDC2Host))")
        #expect(toDC2Host.tunnels.map(\.connection) == ["vpn-dc1"], "\(dump(toDC2Host))")
        #expect(toDC2Host.returnTunnels.map(\.connection) == ["vpn-dc2"], "\(dump(toDC2Host))")
        #expect(toDC2Host.notes.contains { $0.contains("another customer gateway device (dc2)") }, "\(toDC2Host.notes)")
        let fromDC1Host = try sim.trace("10.60.1.10", "10.20.1.10")
        #expect(fromDC1Host.reachable && fromDC1Host.tunnels.map(\.connection) == ["vpn-dc1"], "\(dump(fromDC1Host))")
        let fromDC2Host = try sim.trace("10.60.2.10", "10.20.1.10")
        #expect(fromDC2Host.reachable && fromDC2Host.tunnels.map(\.connection) == ["vpn-dc2"], "\(dump(fromDC2Host))")
    }

    /// Losing the primary's connection moves AWS → on-premises traffic to the backup (its
    /// routes are withdrawn; AWS uses the remaining path: vpn-route-priority, tunnel endpoint
    /// health before route attributes).
    @Test func losingTheConnectionMovesTrafficToTheOtherDevice() throws {
        let sim = try Simulation(try Self.s6(), fail: ["vpn-dc1"])
        let chosen = vgwChoice(sim)
        #expect(chosen.first?.tunnel?.connection == "vpn-dc2", "\(chosen.map(\.summary))")
        let r = try sim.trace("10.20.1.10", "10.60.2.10")
        #expect(r.reachable && r.tunnels.map(\.connection) == ["vpn-dc2"], "\(dump(r))")
    }

    /// The failover report: with dc1's device down, the flows to dc2's host move to vpn-dc2;
    /// those of dc1's host break (it leaves by its own failed device) — a drop, with its reason.
    @Test func failoverOfADevice() throws {
        let report = Simulation(topology: try Self.s6()).failoverReport()
        let dc1 = try #require(report.cases.first { $0.failure == .site("dc1") })
        #expect(dc1.moved.contains { $0.from == "vpc:shop" && $0.to == "site:dc2" && $0.after.allSatisfy { $0.connection == "vpn-dc2" } }, "\(dc1.moved)")
        #expect(dc1.broken.contains { $0.to == "site:dc1" || $0.from == "site:dc1" }, "\(dc1.broken)")
        #expect(dc1.broken.allSatisfy { $0.reason != nil })
        let t1 = try #require(report.cases.first { $0.failure == .tunnel(TunnelRef("vpn-dc1", 1)) })
        #expect(t1.broken.isEmpty, "one tunnel of the primary: its other tunnel takes over, \(t1.broken)")
    }

    /// S6 on a transit gateway (VPN ECMP support on, the default): the shorter AS_PATH still
    /// wins, and the backup's equal-length paths from another AS are never spread over
    /// (Transit Gateway guide, "How transit gateways work", route evaluation order and Equal Cost
    /// Multipath routing: no ECMP across ASNs). The network stays joined behind the devices.
    @Test func onATransitGateway() throws {
        let t = try Self.variant(", as_path_prepend: 2", [
            ("    propagations: [vgw]\n", "    routes:\n          - {destination: 10.60.0.0/16, target: tgw}\n"),
            ("vpn_gateways:\n  vgw: {vpc: shop, asn: 64512}\n", "transit_gateways:\n  tgw:\n    asn: 64512\n    attachments:\n      shop-att: {vpc: shop, subnets: [app-a, app-b]}\n"),
            ("    vpn_gateway: vgw\n", "    transit_gateway: tgw\n"),
        ])
        let sim = Simulation(topology: t)
        let table = TableID.tgwTable(tgw: "tgw", table: "default")
        let chosen = (sim.network.table(table)?.routes ?? []).filter { $0.destination == Self.onPrem && $0.selected }
        #expect(!chosen.isEmpty && chosen.allSatisfy { $0.tunnel?.connection == "vpn-dc1" }, "\(chosen.map(\.summary))")
        let backup = (sim.network.table(table)?.routes ?? []).filter { $0.destination == Self.onPrem && $0.tunnel?.connection == "vpn-dc2" }
        #expect(backup.count == 2 && backup.allSatisfy { $0.note?.contains("not chosen: AS_PATH of 3 is longer than 1") == true }, "\(backup.map { $0.note ?? "-" })")
        let r = try sim.trace("10.20.1.10", "10.60.2.10")
        #expect(r.reachable, "\(dump(r))")
        let failed = try Simulation(t, fail: ["vpn-dc1"])
        let after = (failed.network.table(table)?.routes ?? []).filter { $0.destination == Self.onPrem && $0.selected }
        #expect(!after.isEmpty && after.allSatisfy { $0.tunnel?.connection == "vpn-dc2" }, "\(after.map(\.summary))")
    }

    /// Two different networks with one prefix are not joined: traffic arriving at dc2's device
    /// for dc1's host is not delivered on dc2's LAN.
    @Test func differentNetworksAreNotJoined() throws {
        let t = try Self.variant(", as_path_prepend: 2", [("    network: corp\n    cidrs: [10.60.0.0/16]\n    gateway:\n      public_ip: 198.51.100.62", "    network: other\n    cidrs: [10.60.0.0/16]\n    gateway:\n      public_ip: 198.51.100.62")])
        let sim = Simulation(topology: t)
        #expect(sim.fabric.sites.allSatisfy { $0.joined.isEmpty })
    }
}
