import Foundation
import Testing
@testable import CausewayCore

/// A clean topology with a Route 53 health check on a public instance and an EFS file system
/// with a mount target in each of two Availability Zones, its group open to the site on NFS.
enum FailoverFixtures {
    /// The base with a public zone whose www A record fails over from `web` to a second address.
    static let withRecords = base + "\n" + zone
    static let zone = """
    dns:
      hosted_zones:
        example.com:
          records:
            - {name: www, type: A, values: [203.0.113.10], set_identifier: one, failover: PRIMARY, health_check: web}
            - {name: www, type: A, values: [203.0.113.20], set_identifier: two, failover: SECONDARY}

    """
    static let base = """
    name: failover-base
    region: ap-northeast-2

    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65000
          routing: bgp

    vpcs:
      app:
        cidr: 10.0.0.0/16
        internet_gateway: true
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
          b: {cidr: 10.0.3.0/24, az: ap-northeast-2a}
          c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
        route_tables:
          main:
            main: true
            propagations: [vgw]
            routes:
              - {destination: 0.0.0.0/0, target: igw}
          private:
            subnets: [c]
            propagations: [vgw]
        security_groups:
          efs:
            ingress:
              - {protocol: tcp, ports: 2049, source: 192.168.0.0/16}
        instances:
          web: {subnet: a, address: 10.0.1.10}
          db: {subnet: c, address: 10.0.2.10}

    vpn_gateways:
      vgw: {vpc: app}

    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    health_checks:
      web:
        type: HTTP
        ip_address: 203.0.113.10
        port: 80
        resource_path: /
        request_interval: 30
        failure_threshold: 3
        vpc: app
        instance: web

    file_systems:
      shared:
        vpc: app
        clients: [192.168.0.0/16]
        mount_targets:
          a: {address: 10.0.1.100, security_groups: [efs]}
          c: {address: 10.0.2.100, security_groups: [efs]}

    """
}

/// Health checks and EFS file systems: read in AWS's words, checked against AWS's rules.
@Suite struct FailoverCheckTests {
    @Test func baseIsClean() {
        #expect(Fixtures.check(FailoverFixtures.base).diagnostics.isEmpty, "\(Fixtures.check(FailoverFixtures.base).diagnostics.map(\.formatted))")
    }

    @Test func healthCheckAndFileSystemAreRead() throws {
        let t = try #require(Loader.load(data: Array(FailoverFixtures.base.utf8), file: "f.yaml").topology)
        let h = try #require(t.healthCheck("web"))
        #expect(h.type == .http && h.port == 80 && h.resourcePath == "/" && h.ipAddress == IPv4Address("203.0.113.10"))
        #expect(h.target == .instance(vpc: "app", name: "web"))
        let fs = try #require(t.fileSystem("shared"))
        #expect(fs.vpc == "app" && fs.clients == [IPv4Prefix("192.168.0.0/16")!])
        #expect(fs.mountTargets.map(\.subnet) == ["a", "c"] && fs.mountTargets[0].securityGroups == ["efs"])
    }

    /// Route 53 API reference, HealthCheckConfig: RequestInterval defaults to 30 s and
    /// FailureThreshold to 3; an HTTPS check without a port probes 443. "How Amazon Route 53
    /// determines whether a health check is healthy": unhealthy after threshold failed probes.
    @Test func defaultsAreRoute53s() throws {
        let text = try FailoverFixtures.base.replacing1("    type: HTTP\n", "    type: https\n").replacing1("    port: 80\n", "")
            .replacing1("    request_interval: 30\n", "").replacing1("    failure_threshold: 3\n", "")
        let t = try #require(Loader.load(data: Array(text.utf8), file: "f.yaml").topology)
        let h = try #require(t.healthCheck("web"))
        #expect(h.type == .https && h.port == AWSNumbers.HealthCheck.httpsPortDefault)
        #expect(h.requestInterval == AWSNumbers.HealthCheck.requestIntervalDefault && h.failureThreshold == AWSNumbers.HealthCheck.failureThresholdDefault)
        #expect(h.secondsToUnhealthy == 90)
    }

    @Test func badShapesAreInvalidValuesNotCrashes() throws {
        for (old, new) in [("    type: HTTP\n", "    type: PING\n"), ("    type: HTTP\n    ip_address: 203.0.113.10\n    port: 80\n    resource_path: /\n", "    type: TCP\n    ip_address: 203.0.113.10\n"),
                           ("    ip_address: 203.0.113.10\n", ""), ("    instance: web\n", ""), ("    type: HTTP\n", "    type: HTTP_STR_MATCH\n")] {
            let r = Fixtures.check(try FailoverFixtures.base.replacing1(old, new))
            #expect(r.diagnostics.contains { $0.rule == "invalid-value" }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
    }

    @Test func danglingNamesAreReported() throws {
        for (old, new) in [("    instance: web\n", "    instance: nope\n"), ("      c: {address: 10.0.2.100, security_groups: [efs]}\n", "      c: {address: 10.0.2.100, security_groups: [nfs]}\n"),
                           ("      c: {address", "      z: {address")] {
            let r = Fixtures.check(try FailoverFixtures.base.replacing1(old, new))
            #expect(r.diagnostics.contains { $0.rule == "dangling-reference" }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
    }

    /// Amazon EFS user guide, "Managing mount targets": the first four and the last address of a
    /// subnet are AWS's, a mount target takes another one of its subnet.
    @Test func mountTargetAddressIsInItsSubnet() throws {
        for bad in ["10.0.9.100", "10.0.2.3", "10.0.2.255"] {
            let r = Fixtures.check(try FailoverFixtures.base.replacing1("10.0.2.100", bad))
            #expect(r.diagnostics.contains { $0.rule == "address-outside-subnet" }, "\(bad)")
        }
    }

    @Test func failoverRecordsAreReadAndClean() throws {
        let r = Fixtures.check(FailoverFixtures.withRecords)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
        let t = try #require(r.topology)
        let recs = try #require(t.dns.hostedZones.first).records
        #expect(recs.compactMap(\.failover) == [FailoverRouting(setIdentifier: "one", role: .primary, healthCheck: "web"), FailoverRouting(setIdentifier: "two", role: .secondary)])
    }

    /// Route 53 developer guide, "Active-active and active-passive failover": a primary and a
    /// secondary of one name and type; anything else is refused or cannot fail over.
    @Test func failoverShapesAreDiagnosed() throws {
        let z = FailoverFixtures.withRecords
        let cases: [(String, String, String)] = [
            ("set_identifier: two, failover: SECONDARY}", "set_identifier: one, failover: SECONDARY}", "failover-record-pair"),
            ("        - {name: www, type: A, values: [203.0.113.20], set_identifier: two, failover: SECONDARY}\n", "", "failover-record-pair"),
            ("        - {name: www, type: A, values: [203.0.113.20], set_identifier: two, failover: SECONDARY}\n", "        - {name: www, type: A, values: [203.0.113.20]}\n", "failover-record-pair"),
            ("health_check: web}", "health_check: nope}", "dangling-reference"),
            ("failover: SECONDARY}", "failover: TERTIARY}", "invalid-value"),
            ("set_identifier: two, failover: SECONDARY}", "failover: SECONDARY}", "invalid-value"),
            ("set_identifier: two, failover: SECONDARY}", "set_identifier: two}", "invalid-value"),
        ]
        for (old, new, rule) in cases {
            let r = Fixtures.check(try z.replacing1(old, new))
            #expect(r.diagnostics.contains { $0.rule == rule }, "\(new): \(r.diagnostics.map(\.formatted))")
        }
    }
}
