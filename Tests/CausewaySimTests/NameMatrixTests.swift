import CausewayCore
@testable import CausewaySim
import Testing

/// `matrix`'s name-to-address rows: every DNS client of the topology asking for every name it
/// serves, resolved as `resolve` does.
@Suite struct NameMatrixTests {
    func rows(_ prefix: String, fail: [String] = []) throws -> [NameMatrixEntry] {
        let t = try example(prefix)
        let failures = Set(try fail.map { try Failure.parse($0, in: t) })
        return Simulation(topology: t, failures: failures).nameMatrix()
    }

    /// S3: the on-premises hosts ask BIND (which forwards the private zone's domain to the
    /// inbound endpoint); the VPC's instances ask the VPC's Resolver (which forwards the on-prem
    /// domain through the outbound endpoint). Route 53 developer guide, "Resolving DNS queries
    /// between VPCs and your network".
    @Test func s3ClientsResolveEveryServedName() throws {
        let r = try rows("s3-")
        #expect(Set(r.map(\.from)) == ["site:idc", "vpc:seoul"])
        // The site is represented by a host that is not its DNS server.
        #expect(r.first { $0.from == "site:idc" }?.client == ip("192.168.2.20"))
        #expect(Set(r.map(\.name.text)) == ["websrv.anycompany.corp", "web1.awsanycompany.corp", "web2.awsanycompany.corp"])
        let unanswered = r.filter { !$0.answered }
        #expect(unanswered.isEmpty, "\(unanswered)")
        let crossing = try #require(r.first { $0.from == "site:idc" && $0.name.text == "web1.awsanycompany.corp" })
        #expect(crossing.answers == [.ipv4(ip("10.0.10.10"))])
        #expect(crossing.via.contains { $0.hasPrefix("vpn/") })
    }

    /// Both tunnels down: every name that needs the VPN fails, the names answered on the same
    /// side still answer.
    @Test func bothTunnelsDownBreakOnlyTheNamesAcrossTheVPN() throws {
        let r = try rows("s3-", fail: ["vpn/1", "vpn/2"])
        let unanswered = r.filter { !$0.answered }
        let failed = Set(unanswered.map { "\($0.from) \($0.name.text)" })
        #expect(failed == ["site:idc web1.awsanycompany.corp", "site:idc web2.awsanycompany.corp", "vpc:seoul websrv.anycompany.corp"])
        let unreachable = unanswered.allSatisfy { $0.outcome == .unreachable && $0.reason != nil }
        #expect(unreachable)
    }

    /// S2: a VPC instance asks for the failover name of the public hosted zone; the health
    /// checks choose the record (Route 53 developer guide, "Active-passive failover").
    @Test func s2FailoverNameFollowsTheHealthCheck() throws {
        let seoul = ip("203.0.113.80"), tokyo = ip("203.0.113.90")
        #expect(try rows("s2-").map(\.answers) == [[.ipv4(seoul)]])
        #expect(try rows("s2-", fail: ["health:seoul"]).map(\.answers) == [[.ipv4(tokyo)]])
    }

    /// A topology without DNS has no name rows.
    @Test func noDNSNoRows() throws {
        #expect(try rows("s4-").isEmpty)
    }
}
