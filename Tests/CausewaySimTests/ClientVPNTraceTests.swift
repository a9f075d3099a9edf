import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// Remote users of S3's Client VPN endpoint `remote-access` traced through the endpoint, the TGW
/// and the Site-to-Site VPN to the IDC.
@Suite struct ClientVPNTraceTests {
    static func s3(fail: [String] = []) throws -> Simulation { try Simulation(try example("s3-tgw-bgp-strongswan"), fail: fail) }
    static func at(_ text: String) throws -> Date { try #require(ISO8601Moment.parse(text)) }
    static let monday = "2026-12-07T10:00+09:00", saturday = "2026-12-05T10:00+09:00"
    static let websrv = ip("192.168.2.20")

    /// "How AWS Client VPN works" (the connection lands on the endpoint's interface in an associated
    /// subnet, and the VPC reaches on) and "Rules and best practices" (the source address is
    /// translated to the endpoint's interface address): the admitted user reaches websrv through
    /// private-a's interface, the TGW and a tunnel, and the reply comes back the same way.
    @Test func admittedUserReachesOnPremThroughTheEndpoint() throws {
        let sim = try Self.s3()
        let c = try sim.remoteClient(user: "client1.domain.tld")
        #expect(c.endpoint == "remote-access" && c.address == ip("172.16.0.2") && c.publicIP == ip("72.21.10.20"))
        let r = try sim.trace(from: c, to: Self.websrv, at: try Self.at(Self.monday))
        #expect(r.reachable, "\(dump(r))")
        #expect(r.from == ip("172.16.0.2"))
        let kinds = r.hops.map(\.kind)
        #expect(Array(kinds.prefix(5)) == [.remoteUser, .connectHandler, .clientVPNEndpoint, .clientVPNEndpoint, .clientVPNEndpoint], "\(dump(r))")
        #expect(r.hops.contains { $0.detail?.contains("source NAT 172.16.0.2 → 10.0.1.254") == true }, "\(dump(r))")
        #expect(kinds.contains(.transitGateway) && kinds.contains(.tunnel), "\(dump(r))")
        #expect(!r.tunnels.isEmpty)
        #expect(r.returnHops.last?.kind == .remoteUser && r.returnHops.last?.action == .deliver)
        #expect(r.returnHops.dropLast().last?.detail?.contains("reverse NAT 10.0.1.254 → 172.16.0.2") == true)
    }

    /// "Client connect handler": the handler sees the client's public address; 203.0.113.77 is
    /// outside 72.21.0.0/16, so the connection is refused before any packet flows.
    @Test func handlerRefusesAnAddressOutsideThePool() throws {
        let sim = try Self.s3()
        let r = try sim.trace(from: try sim.remoteClient(user: "home-user"), to: Self.websrv, at: try Self.at(Self.monday))
        #expect(!r.reachable && r.reason == .connectionRefused, "\(dump(r))")
        #expect(r.hops.last?.kind == .connectHandler && r.hops.last?.action == .drop)
        #expect(r.detail?.contains("203.0.113.77 is in none of 72.21.0.0/16") == true)
    }

    /// The same handler refuses client1 on a Saturday in Asia/Seoul.
    @Test func handlerRefusesTheWeekend() throws {
        let sim = try Self.s3()
        let r = try sim.trace(from: try sim.remoteClient(user: "client1.domain.tld"), to: Self.websrv, at: try Self.at(Self.saturday))
        #expect(r.reason == .connectionRefused && r.detail?.contains("sat") == true, "\(dump(r))")
    }

    /// "Authorization rules": access is denied unless a rule grants it. S3 authorizes only the IDC,
    /// so the VPC's own instances (routed by AWS's association route) are not reachable.
    @Test func unauthorizedDestinationIsDropped() throws {
        let sim = try Self.s3()
        let r = try sim.trace(from: try sim.remoteClient(user: "client1.domain.tld"), to: ip("10.0.10.10"), at: try Self.at(Self.monday))
        #expect(r.reason == .notAuthorized, "\(dump(r))")
        #expect(r.hops.contains { $0.route?.contains("added by AWS") == true }, "the VPC's route comes with the association: \(dump(r))")
    }

    /// "Split-tunnel on Client VPN endpoints": only the endpoint's routes are pushed to the client,
    /// so a destination outside them never enters the VPN; with split tunnel off everything enters
    /// and the endpoint's route table has no route ("AWS Client VPN routes").
    @Test func withoutARouteTheIDCIsUnreachable() throws {
        let text = try String(contentsOf: exampleURL("s3-tgw-bgp-strongswan"), encoding: .utf8)
        let routes = "      - {destination: 192.168.0.0/16, target_subnet: private-a, description: IDC}\n      - {destination: 192.168.0.0/16, target_subnet: private-c, description: IDC}\n"
        #expect(text.contains(routes))
        let unrouted = text.replacingOccurrences(of: routes, with: "      - {destination: 172.31.0.0/16, target_subnet: private-a}\n")
        for split in [true, false] {
            let t = try topology(split ? unrouted : unrouted.replacingOccurrences(of: "    split_tunnel: true\n", with: "    split_tunnel: false\n"))
            let sim = Simulation(topology: t)
            let r = try sim.trace(from: try sim.remoteClient(user: "client1.domain.tld"), to: Self.websrv, at: try Self.at(Self.monday))
            #expect(r.reason == .noRoute, "\(dump(r))")
            #expect((r.detail ?? "").contains("split tunnel") == split, "\(dump(r))")
        }
    }

    func exampleURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/\(name).yaml")
    }

    /// Both tunnels down: the user's path to on-prem breaks as any source's does.
    @Test func failedTunnelsBreakTheUsersPath() throws {
        let sim = try Self.s3(fail: ["vpn/1", "vpn/2"])
        let r = try sim.trace(from: try sim.remoteClient(user: "client1.domain.tld"), to: Self.websrv, at: try Self.at(Self.monday))
        #expect(!r.reachable && r.reason != .connectionRefused && r.reason != .notAuthorized, "\(dump(r))")
    }

    /// An address of the client CIDR is an anonymous client: no handler verdict, groups none.
    @Test func anonymousClientSkipsTheHandler() throws {
        let sim = try Self.s3()
        let c = try #require(sim.remoteClient(address: ip("172.16.0.10")))
        #expect(c.user == nil && c.publicIP == nil)
        let r = try sim.trace(from: c, to: Self.websrv, at: try Self.at(Self.saturday))
        #expect(r.reachable, "\(dump(r))")
        #expect(!r.hops.contains { $0.kind == .connectHandler })
        #expect(sim.remoteClient(address: ip("10.0.1.10")) == nil)
    }

    /// The matrix's remote-user rows: client1 reaches the IDC on Monday, home-user nothing.
    @Test func matrixHasRemoteUsers() throws {
        let sim = try Self.s3()
        let rows = sim.remoteUserMatrix(at: try Self.at(Self.monday))
        #expect(rows.contains { $0.from == "user:client1.domain.tld" && $0.to == "site:idc" && $0.reachable })
        #expect(rows.filter { $0.from == "user:home-user" }.allSatisfy { !$0.reachable && $0.reason == .connectionRefused })
        #expect(rows.contains { $0.from == "user:client1.domain.tld" && $0.to == "vpc:seoul" && $0.reason == .notAuthorized })
    }

    /// "AWS Client VPN routes": associating a subnet adds the VPC's route through it; S3 writes
    /// the IDC through both subnets and authorizes only the IDC ("Authorization rules").
    @Test func routeTableShowsWrittenAndAddedRoutes() throws {
        let t = try #require(try Self.s3().clientVPNRouteTables().first)
        #expect(t.id == "cvpn:remote-access" && t.splitTunnel)
        #expect(t.routes.map { "\($0.destination) \($0.targetSubnet) \($0.origin.rawValue) \($0.selected)" } == [
            "192.168.0.0/16 private-a static true", "192.168.0.0/16 private-c static false",
            "10.0.0.0/16 private-a association true", "10.0.0.0/16 private-c association false",
        ])
        #expect(t.routes[0].authorizedFor == ["all users"] && t.routes[2].authorizedFor.isEmpty && t.routes[2].note != nil)
    }

    /// Authorizing the VPC lets client1 reach web1 only where web1's group admits the endpoint's
    /// traffic: by its interfaces' addresses, or by naming the endpoint's security group (the
    /// source is the endpoint's interface after NAT, "How AWS Client VPN works").
    @Test func destinationGroupsSeeTheEndpointsInterface() throws {
        let text = try String(contentsOf: exampleURL("s3-tgw-bgp-strongswan"), encoding: .utf8)
            .replacingOccurrences(of: "      - {destination: 192.168.0.0/16, all_users: true, description: IDC}\n",
                                  with: "      - {destination: 192.168.0.0/16, all_users: true, description: IDC}\n      - {destination: 10.0.0.0/16, all_users: true}\n")
        let monday = try Self.at(Self.monday)
        func trace(_ t: String) throws -> TraceResult {
            let sim = Simulation(topology: try topology(t))
            return try sim.trace(from: try sim.remoteClient(user: "client1.domain.tld"), to: ip("10.0.10.10"), at: monday)
        }
        let denied = try trace(text)
        #expect(denied.reason == .sgDenied, "\(dump(denied))")
        let byGroup = try trace(text.replacingOccurrences(of: "          - {protocol: all, source: 192.168.0.0/16}\n", with: "          - {protocol: all, source: 192.168.0.0/16}\n          - {protocol: all, source: sg:client-vpn}\n"))
        #expect(byGroup.reachable, "\(dump(byGroup))")
    }

    /// failover: the user's flow to the IDC moves off a failed tunnel and breaks with the
    /// device, as any source's does; without a moment remote users are not flows.
    @Test func failoverIncludesRemoteUsers() throws {
        let sim = try Self.s3()
        let plain = sim.failoverReport(failures: [.tunnel(TunnelRef("vpn", 1)), .site("idc")])
        let r = sim.failoverReport(failures: [.tunnel(TunnelRef("vpn", 1)), .site("idc")], remoteUsersAt: try Self.at(Self.monday))
        #expect(r.flows == plain.flows + 2 * sim.namedNetworks().count)
        #expect(r.reachableFlows == plain.reachableFlows + 1)
        let user = "user:client1.domain.tld"
        #expect(r.cases[0].moved.contains { $0.from == user && $0.to == "site:idc" && $0.after == [TunnelRef("vpn", 2), TunnelRef("vpn", 2)] }, "\(r.cases[0].moved)")
        #expect(r.cases[1].broken.contains { $0.from == user && $0.to == "site:idc" })
    }

    @Test func namesResolve() throws {
        let sim = try Self.s3()
        #expect(try sim.address(named: "websrv") == Self.websrv)
        #expect(try sim.address(named: "web1") == ip("10.0.10.10"))
        #expect(throws: TraceError.self) { try sim.address(named: "nobody") }
        #expect(throws: TraceError.self) { try sim.remoteClient(user: "nobody") }
        #expect(throws: TraceError.self) { try sim.remoteClient(user: "client1.domain.tld", endpoint: "other") }
    }
}
