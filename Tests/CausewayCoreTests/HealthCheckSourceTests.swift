import Foundation
import Testing
@testable import CausewayCore

/// The failover base with its check made PRIVATE: a health check source in three subnets of
/// three Availability Zones, its group open outbound on TCP 80 to the VPC, probing the private
/// instance `db`, whose group lets TCP 80 in from the VPC.
enum HealthCheckSourceFixtures {
    static let privateCheck: String = {
        var s = FailoverFixtures.base
        let edits: [(String, String)] = [
            ("      c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n", "      c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n      d: {cidr: 10.0.4.0/24, az: ap-northeast-2b}\n"),
            ("    security_groups:\n      efs:\n", "    security_groups:\n      hc:\n        egress:\n          - {protocol: tcp, ports: 80, destination: 10.0.0.0/16}\n      web:\n        ingress:\n          - {protocol: tcp, ports: 80, source: 10.0.0.0/16}\n      efs:\n"),
            ("      db: {subnet: c, address: 10.0.2.10}\n", "      db: {subnet: c, address: 10.0.2.10, security_groups: [web]}\n"),
            ("    ip_address: 203.0.113.10\n", "    ip_address: 10.0.2.10\n"),
            ("    instance: web\n", "    instance: db\n    endpoint_type: PRIVATE\n    health_check_source: hcs\n\nhealth_check_sources:\n  hcs:\n    vpc: app\n    subnets:\n      a: {security_groups: [hc]}\n      c: {security_groups: [hc]}\n      d: {security_groups: [hc]}\n"),
        ]
        for (old, new) in edits {
            guard let r = s.range(of: old) else { preconditionFailure("fixture edit: \(old)") }
            s.replaceSubrange(r, with: new)
        }
        return s
    }()
}

extension HealthCheckSourceFixtures {
    /// The private check's topology with `count` sources in all (the extra ones serve no check).
    static func withSources(_ count: Int) throws -> String {
        let extra = (1..<count).map { "  hcs\($0):\n    vpc: app\n    subnets:\n      a: {security_groups: [hc]}\n      c: {security_groups: [hc]}\n      d: {security_groups: [hc]}\n" }.joined()
        return try privateCheck.replacing1("health_check_sources:\n", "health_check_sources:\n" + extra)
    }
}

/// Private endpoint health checks (Route 53 developer guide, "Private endpoint health checks",
/// "Health check sources"; API reference, HealthCheckSourceConfig and HealthCheckConfig).
@Suite struct HealthCheckSourceTests {
    /// A PRIVATE check of a private address in a subnet without an internet route is what a health
    /// check source is for: neither `health-check-private-ip` nor `health-check-unreachable`.
    @Test func privateCheckIsClean() {
        let r = Fixtures.check(HealthCheckSourceFixtures.privateCheck)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
    }

    @Test func sourceAndEndpointTypeAreRead() throws {
        let t = try #require(Loader.load(data: Array(HealthCheckSourceFixtures.privateCheck.utf8), file: "f.yaml").topology)
        let h = try #require(t.healthCheck("web"))
        #expect(h.endpointType == .private && h.healthCheckSource == "hcs")
        let src = try #require(t.healthCheckSource("hcs"))
        #expect(src.vpc == "app" && src.subnets.map(\.subnet) == ["a", "c", "d"] && src.subnets[0].securityGroups == ["hc"])
        let pub = try #require(Loader.load(data: Array(FailoverFixtures.base.utf8), file: "f.yaml").topology?.healthCheck("web"))
        #expect(pub.endpointType == .public && pub.healthCheckSource == nil)
    }

    /// "Health check sources": three subnets in three zones (two in US West (N. California)),
    /// one or more security groups (up to 10) per subnet, all of the source's VPC.
    @Test func sourceShapesAreDiagnosed() throws {
        let p = HealthCheckSourceFixtures.privateCheck
        let cases: [(String, String, String)] = [
            ("      d: {security_groups: [hc]}\n", "", "health-check-source-subnets"),
            ("      d: {security_groups: [hc]}\n", "      d: {security_groups: [hc]}\n      b: {security_groups: [hc]}\n", "health-check-source-subnets"),
            ("      c: {security_groups: [hc]}\n", "      b: {security_groups: [hc]}\n", "health-check-source-subnets"),
            ("      d: {security_groups: [hc]}\n", "      d: {security_groups: []}\n", "health-check-source-subnets"),
            ("      d: {security_groups: [hc]}\n", "      e: {security_groups: [hc]}\n", "health-check-source-vpc"),
            ("      d: {security_groups: [hc]}\n", "      d: {security_groups: [nope]}\n", "health-check-source-vpc"),
            ("    vpc: app\n    subnets:", "    vpc: nope\n    subnets:", "dangling-reference"),
            ("    endpoint_type: PRIVATE\n", "    endpoint_type: INTERNAL\n", "invalid-value"),
        ]
        for (old, new, rule) in cases {
            let r = Fixtures.check(try p.replacing1(old, new))
            #expect(r.diagnostics.contains { $0.rule == rule }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
        // Two subnets in two zones are what a two-zone Region takes.
        let west = try p.replacing1("region: ap-northeast-2", "region: us-west-1").replacing1("      d: {security_groups: [hc]}\n", "")
        #expect(!Fixtures.check(west).diagnostics.contains { $0.rule == "health-check-source-subnets" })
    }

    /// "Health check sources": up to 5 sources per account, 200 checks per source.
    @Test func quotasAreRoute53s() throws {
        #expect(!Fixtures.check(try HealthCheckSourceFixtures.withSources(5)).diagnostics.contains { $0.rule == "health-check-source-quota" })
        let six = Fixtures.check(try HealthCheckSourceFixtures.withSources(6)).diagnostics.filter { $0.rule == "health-check-source-quota" }
        #expect(six.count == 1 && six.allSatisfy { $0.severity == .error }, "\(six.map(\.formatted))")
        let checks = (0...AWSNumbers.HealthCheckSources.checksPerSource).map { "  c\($0):\n    type: TCP\n    ip_address: 10.0.2.10\n    port: 80\n    endpoint_type: PRIVATE\n    health_check_source: hcs\n" }.joined()
        let many = try HealthCheckSourceFixtures.privateCheck.replacing1("health_checks:\n", "health_checks:\n" + checks)
        #expect(Fixtures.check(many).diagnostics.filter { $0.rule == "health-check-source-quota" }.count == 1)
    }

    /// "Private endpoint health checks": a private check runs from a source; a public one does not.
    @Test func endpointTypeNeedsItsSource() throws {
        let p = HealthCheckSourceFixtures.privateCheck
        let cases: [(String, String, String)] = [
            ("    health_check_source: hcs\n", "", "health-check-endpoint-type"),
            ("    endpoint_type: PRIVATE\n", "    endpoint_type: PUBLIC\n", "health-check-endpoint-type"),
            ("    endpoint_type: PRIVATE\n", "", "health-check-endpoint-type"),
            ("    health_check_source: hcs\n", "    health_check_source: nope\n", "dangling-reference"),
        ]
        for (old, new, rule) in cases {
            let r = Fixtures.check(try p.replacing1(old, new))
            #expect(r.diagnostics.contains { $0.rule == rule }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
        // Made PUBLIC again, the private address is refused as before.
        let pub = try p.replacing1("    endpoint_type: PRIVATE\n    health_check_source: hcs\n", "")
        #expect(Fixtures.check(pub).diagnostics.contains { $0.rule == "health-check-private-ip" })
    }

    /// "Health check sources": the source's groups allow outbound traffic to the endpoint, and
    /// the endpoint's groups allow inbound traffic from the source's subnets.
    @Test func securityGroupsMustPassTheProbe() throws {
        let p = HealthCheckSourceFixtures.privateCheck
        for (old, new) in [("destination: 10.0.0.0/16}", "destination: 10.0.1.0/24}"), ("{protocol: tcp, ports: 80, source: 10.0.0.0/16}", "{protocol: tcp, ports: 443, source: 10.0.0.0/16}"),
                           ("{protocol: tcp, ports: 80, source: 10.0.0.0/16}", "{protocol: tcp, ports: 80, source: 10.0.2.0/24}")] {
            let r = Fixtures.check(try p.replacing1(old, new))
            let hits = r.diagnostics.filter { $0.rule == "health-check-source-unreachable" }
            #expect(!hits.isEmpty && hits.allSatisfy { $0.severity == .warning }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
        // A group reference to the source's group is as good as the subnets' CIDRs.
        let byGroup = try p.replacing1("{protocol: tcp, ports: 80, source: 10.0.0.0/16}", "{protocol: tcp, ports: 80, source: \"sg:hc\"}")
        #expect(!Fixtures.check(byGroup).diagnostics.contains { $0.rule == "health-check-source-unreachable" }, "\(Fixtures.check(byGroup).diagnostics.map(\.formatted))")
    }
}
