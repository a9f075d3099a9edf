import Foundation
import Testing

/// `causeway resolve`: issue 15's acceptance on S3 (web1.awsanycompany.corp from the on-premises
/// WEB server, 192.168.2.20).
@Suite struct ResolveCommandTests {
    static let s3 = "examples/s3-tgw-bgp-strongswan.yaml"

    @Test func answersThroughTheInboundEndpoint() throws {
        let r = try SimCLI.run(["resolve", Self.s3, "web1.awsanycompany.corp", "--from", "192.168.2.20"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("inbound-endpoint"))
        #expect(r.stdout.contains("private-hosted-zone"))
        #expect(r.stdout.contains("answer: 10.0.10.10"))
    }

    /// S2's failover name (Route 53 developer guide, "Active-active and active-passive
    /// failover"): the public hosted zone answers with the primary (Seoul) while its health check
    /// passes, and with the secondary (Tokyo) when it fails.
    @Test func failoverNameMovesWithTheHealthCheck() throws {
        let s2 = "examples/s2-openstack.yaml"
        let r = try SimCLI.run(["resolve", s2, "gslb.skk2022.shop", "--from", "10.0.2.10"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("public-hosted-zone") && r.stdout.contains("failover PRIMARY `seoul`"), "\(r.stdout)")
        #expect(r.stdout.contains("answer: 203.0.113.80"))
        let f = try SimCLI.run(["resolve", s2, "gslb.skk2022.shop", "--from", "10.0.2.10", "--fail", "health:seoul"])
        #expect(f.status == 0, "\(f.stdout)\(f.stderr)")
        #expect(f.stdout.contains("failover SECONDARY `tokyo` (primary-unhealthy)") && f.stdout.contains("answer: 203.0.113.90"), "\(f.stdout)")
    }

    @Test func bothTunnelsDownExitsOneNamingThePath() throws {
        let r = try SimCLI.run(["resolve", Self.s3, "web1.awsanycompany.corp", "--from", "192.168.2.20", "--fail", "vpn/1", "--fail", "vpn/2"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("no answer: unreachable"))
        #expect(r.stdout.contains("192.168.2.250 to inbound endpoint `inbound` 10.0.2.250"))
    }

    @Test func jsonCarriesHopsAndAnswers() throws {
        let r = try SimCLI.run(["resolve", Self.s3, "websrv.anycompany.corp", "--from", "10.0.10.10", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["outcome"] as? String == "answered")
        #expect(json["answers"] as? [String] == ["192.168.2.20"])
        #expect((json["hops"] as? [[String: Any]])?.contains { $0["step"] as? String == "outbound-endpoint" } == true)
    }

    @Test func badInputExitsTwo() throws {
        let r = try SimCLI.run(["resolve", Self.s3, "web1.awsanycompany.corp", "--from", "8.8.4.4"])
        #expect(r.status == 2)
        let n = try SimCLI.run(["resolve", Self.s3, "nxname.awsanycompany.corp", "--from", "10.0.10.10"])
        #expect(n.status == 1)
        #expect(n.stdout.contains("nxdomain"))
    }

    /// `matrix` gains name-to-address rows for the topology's DNS clients: text and JSON, and a
    /// cut VPN breaks the names resolved across it.
    @Test func matrixNameRows() throws {
        let text = try SimCLI.run(["matrix", Self.s3])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("site:idc 192.168.2.20  web1.awsanycompany.corp A  ✓ 10.0.10.10"), "\(text.stdout)")
        #expect(text.stdout.contains("6 of 6 names answered"))
        let cut = try SimCLI.run(["matrix", Self.s3, "--fail", "vpn/1", "--fail", "vpn/2", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as? [String: Any])
        #expect((json["entries"] as? [Any])?.isEmpty == false)
        let names = try #require(json["names"] as? [[String: Any]])
        #expect(names.count == 6)
        #expect(names.filter { $0["outcome"] as? String == "unreachable" }.count == 3)
        let s4 = try SimCLI.run(["matrix", "examples/s4-tgw-segmentation.yaml"])
        #expect(!s4.stdout.contains("names"))
    }
}
