import CausewayCore
@testable import CausewaySim
import Testing
import Foundation

@Suite struct TunnelStatusTests {
    @Test func ikeVersionMismatchTakesTheTunnelDown() throws {
        var t = try example("s3-")
        t.sites[0].gateway!.tunnels[0].ikeVersion = .ikev2
        let sim = Simulation(topology: t)
        let s = try #require(sim.network.tunnelStatus(TunnelRef("vpn", 1)))
        #expect(!s.up && s.problem == .ikeVersionMismatch)
        #expect(sim.network.tunnelStatus(TunnelRef("vpn", 2))?.up == true)
        let r = try sim.trace("192.168.2.250", "10.0.10.10")
        #expect(r.reachable && r.tunnels == [TunnelRef("vpn", 2)], "\(dump(r))")
    }

    @Test func proposalsPSKAndInsideAddressesMustMatch() throws {
        var t = try example("s3-")
        t.sites[0].gateway!.tunnels[0].phase1 = Proposal(strongSwan: "aes256-sha256-modp2048")
        t.sites[0].gateway!.tunnels[1].psk = .env("SOMETHING_ELSE")
        let sim = Simulation(topology: t)
        #expect(sim.network.tunnelStatus(TunnelRef("vpn", 1))?.problem == .phase1Mismatch)
        #expect(sim.network.tunnelStatus(TunnelRef("vpn", 2))?.problem == .pskMismatch)
        let r = try sim.trace("10.0.10.10", "192.168.2.250")
        #expect(r.reason == .tunnelDown, "\(dump(r))")

        var u = try example("s3-")
        u.sites[0].gateway!.tunnels[0].insideCIDR = pfx("169.254.99.0/30")
        u.sites[0].gateway!.tunnels[1].phase2 = Proposal(strongSwan: "aes256gcm16-modp2048")
        let sim2 = Simulation(topology: u)
        #expect(sim2.network.tunnelStatus(TunnelRef("vpn", 1))?.problem == .insideCIDRMismatch)
        #expect(sim2.network.tunnelStatus(TunnelRef("vpn", 2))?.problem == .phase2Mismatch)
    }

    @Test func disabledOnTheDeviceAndMissingInsideCIDR() throws {
        var t = try example("s1-")
        let sim = Simulation(topology: t)
        #expect(sim.network.tunnelStatus(TunnelRef("vpn", 2))?.problem == .disabled)
        t.vpnConnections[0].tunnels[0].insideCIDR = nil
        let s = try #require(Simulation(topology: t).network.tunnelStatus(TunnelRef("vpn", 1)))
        #expect(s.up && s.notes.contains { $0.contains("AWS picks") })
    }

    @Test func bgpSessionNeedsMatchingASNs() throws {
        var t = try example("s3-")
        for i in 0..<2 { t.sites[0].gateway!.tunnels[i].peerASN = ASN(65999) }
        let sim = Simulation(topology: t)
        #expect(sim.network.tunnels.allSatisfy { $0.up })
        #expect(sim.network.bgpSessions.allSatisfy { !$0.up && $0.reason == .bgpDown })
        let r = try sim.trace("10.0.10.10", "192.168.2.250")
        #expect(r.reason == .bgpDown, "\(dump(r))")
        let back = try sim.trace("192.168.2.250", "10.0.10.10")
        #expect(back.reason == .bgpDown, "\(dump(back))")
    }
}

@Suite struct DropReasonTests {
    @Test func securityGroupsAreCheckedOnTheWayInOnly() throws {
        let sim = Simulation(topology: try example("s1-"))
        #expect(try sim.trace("10.60.1.10", "10.0.0.100", .tcp, port: 22).reachable)
        let r = try sim.trace("10.60.1.10", "10.0.0.100", .tcp, port: 80)
        #expect(r.reason == .sgDenied && !r.delivered, "\(dump(r))")
        #expect(r.detail?.contains("web") == true)
    }

    @Test func sourceDestCheckOnARoutingInstance() throws {
        var t = try example("s1-")
        t.sites[0].gateway!.sourceDestCheck = true
        let r = try Simulation(topology: t).trace("10.60.1.10", "10.0.0.100")
        #expect(r.reason == .sourceDestCheck, "\(dump(r))")
        // Traffic to and from the device itself is fine.
        #expect(try Simulation(topology: t).trace("10.60.1.100", "10.0.0.100").reachable)
    }

    @Test func noReturnRoute() throws {
        var t = try example("s2-")
        t.sites[0].routers[0].routes = []
        let r = try Simulation(topology: t).trace("10.0.2.10", "192.168.0.50")
        #expect(r.delivered && !r.reachable)
        #expect(r.reason == .noReturnRoute, "\(dump(r))")
    }

    @Test func forwardingLoopIsTTLExceeded() throws {
        let t = try topology(tgwTopology(tables: """
        route_tables:
              default:
                default: true
                routes:
                  - {destination: 192.168.0.0/16, attachment: att-two}
        """))
        let r = try Simulation(topology: t).trace("10.1.1.10", "192.168.1.10")
        #expect(r.reason == .ttlExceeded, "\(dump(r))")
    }

    @Test func unknownAddressesAreErrors() throws {
        let sim = Simulation(topology: try example("s4-"))
        #expect(throws: TraceError.self) { try sim.trace("8.8.8.8", "10.30.12.85") }
        #expect(throws: TraceError.self) { try sim.trace("10.10.141.106", "10.10.250.1") }
    }

    @Test func traceResultEncodesTheDocumentedKeys() throws {
        let r = try Simulation(topology: try example("s4-")).trace("10.10.141.106", "10.20.130.20")
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        let obj = try JSONSerialization.jsonObject(with: try enc.encode(r)) as! [String: Any]
        #expect(obj["reachable"] as? Bool == false)
        #expect(obj["reason"] as? String == "no-route")
        #expect(obj["hops"] is [Any] && obj["return_hops"] is [Any])
    }
}

@Suite struct FailureParsing {
    @Test func references() throws {
        let t = try example("s0-")
        #expect(try Failure.parse("vpn/1", in: t) == .tunnel(TunnelRef("vpn", 1)))
        #expect(try Failure.parse("vpn", in: t) == .connection("vpn"))
        #expect(try Failure.parse("site:onprem", in: t) == .site("onprem"))
        #expect(try Failure.parse("vgw:vgw", in: t) == .vpnGatewayDetached("vgw"))
        for bad in ["vpn/3", "nope", "nope/1", "site:mars", "vgw:x", ""] {
            #expect(throws: FailureError.self) { try Failure.parse(bad, in: t) }
        }
        do {
            _ = try Failure.parse("vpm/1", in: t)
        } catch {
            #expect(error.message.contains("connections: vpn"))
        }
    }
}

@Suite struct MatrixAndFailover {
    @Test func s4Segmentation() throws {
        let m = Simulation(topology: try example("s4-")).matrix()
        func entry(_ a: String, _ b: String) -> MatrixEntry? { m.entries.first { $0.from == a && $0.to == b } }
        for (a, b) in [("vpc:vpc-a", "site:onprem-c"), ("site:onprem-c", "vpc:vpc-a"), ("vpc:vpc-b", "site:onprem-c"), ("site:onprem-c", "vpc:vpc-b")] {
            #expect(entry(a, b)?.reachable == true, "\(a) → \(b)")
        }
        let ab = try #require(entry("vpc:vpc-a", "vpc:vpc-b"))
        #expect(!ab.reachable && ab.reason == .noRoute)
        #expect(ab.detail?.contains("tgw:tgw/tgw-rt-a") == true, "\(ab.detail ?? "")")
        let ba = try #require(entry("vpc:vpc-b", "vpc:vpc-a"))
        #expect(!ba.reachable && ba.detail?.contains("tgw-rt-b") == true)
        #expect(entry("vpc:vpc-a", "subnet:vpc-a/a-private-1") == nil, "a VPC is not paired with its own subnet")
        #expect(m.threadedEquals(Simulation(topology: try example("s4-")).matrix(threads: 2)))
    }

    @Test func s4FailoverMovesToTunnelTwoAndBreaksOnGatewayFailure() throws {
        let report = Simulation(topology: try example("s4-")).failoverReport()
        let t1 = try #require(report.cases.first { $0.failure == .tunnel(TunnelRef("vpn", 1)) })
        #expect(!t1.moved.isEmpty && t1.broken.isEmpty)
        #expect(t1.moved.allSatisfy { $0.after.allSatisfy { $0.index == 2 } })
        let t2 = try #require(report.cases.first { $0.failure == .tunnel(TunnelRef("vpn", 2)) })
        #expect(t2.moved.isEmpty && t2.broken.isEmpty, "tunnel 2 stands by")
        let site = try #require(report.cases.first { $0.failure == .site("onprem-c") })
        #expect(site.broken.count == t1.moved.count && site.moved.isEmpty)
    }
}

extension ReachabilityMatrix {
    func threadedEquals(_ other: ReachabilityMatrix) -> Bool { entries == other.entries }
}
