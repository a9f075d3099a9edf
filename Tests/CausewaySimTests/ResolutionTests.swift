import CausewayCore
@testable import CausewaySim
import Testing

/// `resolve`: S3's hybrid DNS, hop by hop over the simulated network.
@Suite struct ResolutionTests {
    func resolve(_ name: String, from: String, fail: [String] = [], type: DNSRecordType = .a) throws -> ResolutionResult {
        let t = try example("s3-")
        let failures = Set(try fail.map { try Failure.parse($0, in: t) })
        return try Simulation(topology: t, failures: failures).resolve(try #require(DNSName(name)), type: type, from: ip(from))
    }

    /// Route 53 developer guide, "Forwarding inbound DNS queries to your VPCs": on-premises
    /// resolvers forward a domain to the inbound endpoint's IPs, and the VPC's Resolver answers
    /// from the private hosted zones associated with the VPC.
    @Test func onPremisesHostGetsThePrivateZonesAnswerThroughTheInboundEndpoint() throws {
        let r = try resolve("web1.awsanycompany.corp", from: "192.168.2.20")
        #expect(r.outcome == .answered, "\(r.hops)")
        #expect(r.answers == [.ipv4(ip("10.0.10.10"))])
        let steps = r.hops.map(\.step)
        #expect(steps == [.stub, .network, .forwardZone, .network, .inboundEndpoint, .privateHostedZone, .answer])
        #expect(r.hops.contains { $0.step == .inboundEndpoint && $0.node.contains("10.0.1.250") })
        #expect(r.hops.contains { $0.step == .network && ($0.tunnels ?? []).contains { $0.hasPrefix("vpn/") } })
    }

    /// Route 53 developer guide, "Forwarding outbound DNS queries to your network": the VPC's
    /// Resolver applies the forward rule associated with the VPC and sends the query through
    /// the outbound endpoint to the rule's target IPs.
    @Test func vpcInstanceReachesTheOnPremisesZoneThroughTheOutboundEndpoint() throws {
        let r = try resolve("websrv.anycompany.corp", from: "10.0.10.10")
        #expect(r.outcome == .answered, "\(r.hops)")
        #expect(r.answers == [.ipv4(ip("192.168.2.20"))])
        #expect(r.hops.map(\.step) == [.stub, .rule, .outboundEndpoint, .network, .server, .answer])
    }

    /// A VPN outage breaks DNS as it breaks the path: with both tunnels down the forwarders are unreachable.
    @Test func bothTunnelsDownBreakResolution() throws {
        let r = try resolve("web1.awsanycompany.corp", from: "192.168.2.20", fail: ["vpn/1", "vpn/2"])
        #expect(r.outcome == .unreachable)
        #expect(r.reason?.contains("inbound endpoint") == true)
        #expect(r.hops.filter { $0.step == .network && $0.reachable == false }.count == 2)   // both forwarders tried
        let one = try resolve("web1.awsanycompany.corp", from: "192.168.2.20", fail: ["vpn/1"])
        #expect(one.outcome == .answered)
    }

    @Test func privateZoneWithoutTheNameIsNXDOMAIN() throws {
        let r = try resolve("web9.awsanycompany.corp", from: "10.0.20.10")
        #expect(r.outcome == .nxdomain)
        #expect(r.hops.map(\.step) == [.stub, .privateHostedZone, .fail])
    }

    /// Route 53 developer guide, "Avoid loop configurations with Resolver endpoints": a rule that
    /// forwards to an inbound endpoint of a VPC it is associated with sends the query around.
    @Test func ruleTargetingItsOwnInboundEndpointLoops() throws {
        var t = try example("s3-")
        let i = try #require(t.dns.resolverRules.firstIndex { $0.name == "anycompany-corp" })
        t.dns.resolverRules[i].targetIPs = [ResolverTargetAddress(path: "", ip: ip("10.0.1.250"))]
        let r = try Simulation(topology: t).resolve(try #require(DNSName("websrv.anycompany.corp")), from: ip("10.0.10.10"))
        #expect(r.outcome == .loop)
    }

    @Test func addressOutsideTheTopologyIsBadInput() throws {
        #expect(throws: ResolutionError.self) { try resolve("web1.awsanycompany.corp", from: "8.8.4.4") }
    }
}
