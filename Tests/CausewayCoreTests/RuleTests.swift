import Foundation
import Testing
@testable import CausewayCore

/// Every rule: the file in examples/broken trips it (and only it) at the marked line, and a
/// near miss — the closest valid topology — does not.
@Suite struct RuleTests {
    static let ruleIDs = Checker.catalog.map(\.id)

    @Test func everyRuleHasABrokenExampleAndEveryExampleARule() {
        #expect(Set(Fixtures.brokenFiles) == Set(Self.ruleIDs))
        #expect(Set(Self.ruleIDs) == Set(Self.nearMisses.keys))
        #expect(Self.ruleIDs.count == Set(Self.ruleIDs).count, "rule ids are unique")
    }

    @Test func catalogEntriesAreDocumented() {
        for r in Checker.catalog {
            #expect(r.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "kebab-case id: \(r.id)")
            #expect(!r.summary.isEmpty && r.summary.hasSuffix("."), "summary of \(r.id)")
            #expect(!r.reference.isEmpty, "reference of \(r.id)")
        }
    }

    @Test func docsListEveryRule() throws {
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        for r in Checker.catalog { #expect(doc.contains("| `\(r.id)` | \(r.severity.rawValue) |"), "docs/rules.md lacks \(r.id)") }
    }

    @Test(arguments: ruleIDs)
    func trips(_ rule: String) throws {
        let text = Fixtures.broken(rule)
        try #require(!text.isEmpty, "examples/broken/\(rule).yaml is missing")
        let lines = Fixtures.expectedLines(text, rule: rule)
        #expect(!lines.isEmpty, "examples/broken/\(rule).yaml marks no line with `# expect: \(rule)`")
        let r = Fixtures.check(text, file: "\(rule).yaml")
        let hits = r.diagnostics.filter { $0.rule == rule }
        #expect(!hits.isEmpty, "\(rule) did not fire: \(r.diagnostics.map(\.formatted))")
        for l in lines { #expect(hits.contains { $0.location.line == l }, "\(rule) not reported on line \(l): \(hits.map(\.formatted))") }
        // Its only error: other findings, if any, are warnings or notes.
        #expect(r.errorRules.subtracting([rule]).isEmpty, "other errors: \(r.diagnostics.filter { $0.severity == .error && $0.rule != rule }.map(\.formatted))")
        // Messages say how to fix and never show a key.
        for d in hits { #expect(d.message.count > 30) }
    }

    @Test(arguments: ruleIDs)
    func nearMissDoesNotTrip(_ rule: String) throws {
        let make = try #require(Self.nearMisses[rule], "no near miss for \(rule)")
        let r = Fixtures.check(try make())
        #expect(!r.rules.contains(rule), "\(rule) fired on its near miss: \(r.diagnostics.filter { $0.rule == rule }.map(\.formatted))")
        #expect(r.errorRules.isEmpty, "near miss for \(rule) has errors: \(r.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    }

    @Test func basesAreClean() {
        #expect(Fixtures.check(Fixtures.base).diagnostics.isEmpty)
        #expect(Fixtures.check(Fixtures.baseTGW).diagnostics.isEmpty)
    }

    static let b = Fixtures.base, t = Fixtures.baseTGW
    static func opts(_ lines: String, _ text: String = Fixtures.base) throws -> String {
        try text.replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n    tunnel_options:\n\(lines)    tunnels:")
    }
    static func device(_ lines: String, _ text: String = Fixtures.base) throws -> String {
        try text.replacing1("      routing: bgp\n", "      routing: bgp\n\(lines)")
    }
    static func psk(_ k: String, _ text: String = Fixtures.base) throws -> String {
        try text.replacing1("psk: {env: VPN_T1_PSK}", "psk: \(k)")
    }
    static func toStatic(_ text: String = Fixtures.base) throws -> String {
        try text.replacing1("      routing: bgp\n", "      routing: static\n")
            .replacing1("    routing: bgp\n", "    routing: static\n    static_routes: [192.168.0.0/16]\n")
    }

    /// The TGW base with a Direct Connect gateway (`dxgw`) and a transit virtual interface from `dc`.
    static func dx(_ gateway: String, prefixes: String = "10.0.0.0/16", extra: String = "", vif: String = "") throws -> String {
        t + "dx_gateways:\n  dxgw:\n\(gateway)    associations:\n      - {transit_gateway: tgw, allowed_prefixes: [\(prefixes)]}\n\(extra)"
            + "virtual_interfaces:\n  dc-dx:\n    type: transit\n    dx_gateway: dxgw\n    site: dc\n    vlan: 101\n\(vif)"
    }

    /// The closest valid topology for each rule.
    static let nearMisses = listedNearMisses.merging(ClientVPNFixtures.nearMisses) { listed, _ in listed }
    static let listedNearMisses: [String: @Sendable () throws -> String] = [
        "file-unreadable": { b },
        "yaml-syntax": { b },
        "unknown-key": { try device("      os: rocky\n      uplink: eth1\n") },
        "invalid-value": { try device("      os: rocky\n      redundancy: active-standby\n") },
        "dangling-reference": { try b.replacing1("        main: true\n", "        main: true\n        subnets: [a]\n        routes:\n          - {destination: 0.0.0.0/0, target: igw}\n").replacing1("    cidr: 10.0.0.0/16\n", "    cidr: 10.0.0.0/16\n    internet_gateway: true\n") },
        "route-target-unknown": { try b.replacing1("        main: true\n", "        main: true\n        routes:\n          - {destination: 172.16.0.0/12, target: vgw:vgw}\n") },
        "ike-version-unsupported": { try opts("      ike_versions: [ikev1, ikev2]\n", try device("      tunnels:\n        - {connection: vpn, tunnel: 1, ike_version: ikev2}\n")) },
        "secret-in-file": { b },
        "not-modelled": { b },
        "subnet-association-multiple": { try b.replacing1("      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n", "      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n      c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n").replacing1("        main: true\n        propagations: [vgw]\n", "        main: true\n        subnets: [a]\n        propagations: [vgw]\n      other:\n        subnets: [c]\n        propagations: [vgw]\n") },
        "main-route-table-multiple": { try b.replacing1("        propagations: [vgw]\n", "        propagations: [vgw]\n      second:\n        main: false\n        propagations: [vgw]\n") },
        "cidr-overlap": { try b.replacing1("cidrs: [192.168.0.0/16]", "cidrs: [10.1.0.0/16, 9.255.255.0/24]") },
        "subnet-outside-vpc": { try b.replacing1("a: {cidr: 10.0.1.0/24", "a: {cidr: 10.0.255.240/28") },
        "subnet-overlap": { try b.replacing1("      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n", "      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n      b: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n      c: {cidr: 10.0.0.0/24, az: ap-northeast-2c}\n") },
        "cidr-size": { try b.replacing1("a: {cidr: 10.0.1.0/24", "a: {cidr: 10.0.1.0/28") },
        "address-outside-subnet": { try b.replacing1("        propagations: [vgw]\n", "        propagations: [vgw]\n    instances:\n      first: {subnet: a, address: 10.0.1.4}\n      last: {subnet: a, address: 10.0.1.254}\n") },
        "inside-cidr-size": { try b.replacing1("169.254.10.0/30", "169.254.6.0/30") },
        "inside-cidr-range": { try b.replacing1("169.254.10.0/30", "169.254.255.252/30") },
        "inside-cidr-reserved": { try b.replacing1("169.254.10.0/30", "169.254.6.0/30").replacing1("169.254.10.4/30", "169.254.169.248/30") },
        "inside-cidr-duplicate": { b },
        "inside-cidr-mismatch": { try device("      tunnels:\n        - {connection: vpn, tunnel: 1, inside_cidr: 169.254.10.0/30}\n") },
        "psk-length": { try psk("A2345678", try b.replacing1("psk: {env: VPN_T2_PSK}", "psk: " + String(repeating: "x", count: 64))) },
        "psk-charset": { try psk("a.b_C9xyz") },
        "psk-leading-zero": { try psk("A0000000") },
        "psk-mismatch": { try psk("Same_key_1", try device("      tunnels:\n        - {connection: vpn, tunnel: 1, psk: Same_key_1}\n")) },
        "proposal-unsupported": { try opts("      phase1: aes256gcm16-sha512-ecp384\n      phase2: {encryption: [AES128], integrity: [SHA1], dh_groups: [5]}\n", try device("      tunnels:\n        - {connection: vpn, tunnel: 1, phase1: aes128-aes256gcm16-sha256-sha512-modp2048-ecp384}\n")) },
        "lifetime-range": { try opts("      phase1: {lifetime: 28800}\n      phase2: {lifetime: 900}\n") },
        "lifetime-order": { try opts("      phase1: {lifetime: 3601}\n      phase2: {lifetime: 3600}\n") },
        "rekey-margin-range": { try opts("      rekey_margin_time: 1800\n", try b.replacing1("psk: {env: VPN_T2_PSK}", "psk: {env: VPN_T2_PSK}, rekey_margin_time: 60")) },
        "rekey-fuzz-range": { try opts("      rekey_fuzz: 0\n", try b.replacing1("psk: {env: VPN_T2_PSK}", "psk: {env: VPN_T2_PSK}, rekey_fuzz: 100")) },
        "replay-window-range": { try opts("      replay_window: 64\n", try b.replacing1("psk: {env: VPN_T2_PSK}", "psk: {env: VPN_T2_PSK}, replay_window: 2048")) },
        "dpd-timeout-too-low": { try opts("      dpd_timeout: 30\n") },
        "startup-action-needs-ikev2": { try opts("      ike_versions: [ikev2]\n      startup_action: start\n") },
        "asn-range": { try b.replacing1("  vgw: {vpc: app}", "  vgw: {vpc: app, asn: 4200000000}") },
        "asn-reserved": { try b.replacing1("      asn: 65000", "      asn: 10124") },
        "asn-same-as-amazon": { try b.replacing1("  vgw: {vpc: app}", "  vgw: {vpc: app, asn: 65001}") },
        "bgp-asn-mismatch": { try b.replacing1("vpn_connections:", "customer_gateways:\n  dc-cgw: {site: dc, asn: 65000}\nvpn_connections:").replacing1("customer_gateway: dc\n", "customer_gateway: dc-cgw\n") },
        "vgw-not-attached": { b },
        "vgw-one-per-vpc": { try b.replacing1("  vgw: {vpc: app}\n", "  vgw: {vpc: app}\n  spare: {asn: 64513}\n") },
        "tgw-vpc-not-attached": { t },
        "propagation-missing": { try b.replacing1("        propagations: [vgw]\n", "        routes:\n          - {destination: 192.168.0.0/16, target: vgw}\n") },
        "tgw-route-missing": { try t.replacing1("      app-att: {vpc: app, subnets: [a]}\n", "      app-att: {vpc: app, subnets: [a]}\n      vpn-att: {vpn: vpn}\n    default_route_table_association: false\n    default_route_table_propagation: false\n    route_tables:\n      app-rt:\n        associations: [app-att]\n        routes:\n          - {destination: 192.168.0.0/16, attachment: vpn-att}\n      vpn-rt:\n        associations: [vpn-att]\n        propagations: [app-att]\n") },
        "routing-mode-mismatch": { try toStatic() },
        "bgp-prefix-limit": { try device("      advertise: [\((0..<100).map { "172.16.\($0).0/24" }.joined(separator: ", "))]\n") },
        "static-routes-incomplete": { try toStatic() },
        "tgw-az-not-attached": { try t.replacing1("      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n", "      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n      b: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n").replacing1("subnets: [a]}", "subnets: [a, b]}") },
        "vpc-route-duplicate": { try b.replacing1("        main: true\n", "        main: true\n        routes:\n          - {destination: 192.168.0.0/16, target: vgw}\n          - {destination: 192.168.0.0/17, target: vgw}\n") },
        "tgw-association-multiple": { t },
        "tgw-propagation-static-vpn": { try t.replacing1("      app-att: {vpc: app, subnets: [a]}\n", "      app-att: {vpc: app, subnets: [a]}\n      vpn-att: {vpn: vpn}\n    default_route_table_association: false\n    default_route_table_propagation: false\n    route_tables:\n      rt:\n        associations: [app-att, vpn-att]\n        propagations: [app-att, vpn-att]\n") },
        "tgw-attachment-unassociated": { try t.replacing1("      app-att: {vpc: app, subnets: [a]}\n", "      app-att: {vpc: app, subnets: [a]}\n    default_route_table_association: false\n    route_tables:\n      rt:\n        default: true\n        associations: [app-att, vpn]\n") },
        "tgw-attachment-duplicate": { try t.replacing1("      app-att: {vpc: app, subnets: [a]}\n", "      app-att: {vpc: app, subnets: [a]}\n      db-att: {vpc: db, subnets: [d]}\n").replacing1("transit_gateways:", "  db:\n    cidr: 10.1.0.0/16\n    subnets: {d: 10.1.0.0/24}\n    route_tables:\n      main: {main: true, routes: [{destination: 192.168.0.0/16, target: tgw}]}\ntransit_gateways:") },
        "tunnel-mark-duplicate": { try device("      tunnels:\n        - {connection: vpn, tunnel: 1, mark: 100, interface: vti1}\n        - {connection: vpn, tunnel: 2, mark: 101, interface: vti2}\n") },
        "source-dest-check": { try device("      source_dest_check: false\n") },
        "mtu-mss": { try device("      tunnel_mtu: 1446\n      tcp_mss: 1406\n") },
        "cgw-ip-missing": { b },
        // Libreswan is packaged on AL2023 (from 2023.3); a supported release is not end of life.
        "package-unavailable": { try device("      ipsec: libreswan\n      os: amazon-linux\n      os_version: \"2023\"\n") },
        "os-end-of-life": { try device("      os: centos\n      os_version: \"9\"\n") },
        // Two customer gateways for one network (issue 14): distinct IPs, a prepended backup, BGP on both.
        "cgw-ip-duplicate": { MultiCGWFixtures.twoDevices },
        "med-not-compared": { try MultiCGWFixtures.backupTunnels("{as_path_prepend: 2, med: 200}") },
        "static-over-bgp": { MultiCGWFixtures.twoDevices },
        // AWS's 2025–26 connection options: the same options where AWS accepts them.
        "outside-ipv6-needs-tgw": { try connection("    outside_ip_address_type: PublicIpv4\n") },
        // IPv6 outer tunnel addresses: one family on both ends, a global customer gateway address.
        "outside-ipv6-cgw-ipv4": { try IPv6OuterFixtures.valid() },
        "cgw-ipv6-outside-ipv4": { try IPv6OuterFixtures.valid() },
        "outside-ip-family": { try IPv6OuterFixtures.valid(tunnel1: ", outside_ip: 2600:1f18:1::33") },
        "cgw-ipv6-not-routable": { try IPv6OuterFixtures.valid() },
        "large-tunnels-need-tgw": { try connection("    tunnel_bandwidth: large\n", t) },
        "large-tunnels-accelerated": { try connection("    tunnel_bandwidth: standard\n    enable_acceleration: true\n", t) },
        "acceleration-needs-tgw": { try connection("    enable_acceleration: true\n", t) },
        // Direct Connect: a transit VIF to a DX gateway associated with the TGW, each rule's value where AWS accepts it.
        "dx-asn-range": { try dx("    amazon_side_asn: 65534\n") },
        "dx-asn-same-as-customer": { try dx("    amazon_side_asn: 64600\n", vif: "    bgp_asn: 64601\n") },
        "dx-allowed-prefix-limit": { try dx("", prefixes: (0..<200).map { "10.\($0 / 256).\($0 % 256).0/24" }.joined(separator: ", ")) },
        "dx-association-mixed": { try dx("") },
        "dx-vif-type-mismatch": { try dx("") },
        "dx-allowed-prefix-overlap": { try dx("", extra: "      - {transit_gateway: tgw2, allowed_prefixes: [10.1.0.0/16]}\n").replacing1("transit_gateways:\n", "transit_gateways:\n  tgw2:\n    asn: 64513\n") },
        "dx-prefix-limit": { try dx("", vif: "    advertise: [\((0..<100).map { "192.168.\($0).0/24" }.joined(separator: ", "))]\n") },
        "tunnel-log-group-missing": { try opts("      enable_tunnel_lifecycle_control: true\n      cloudwatch_log_options:\n        log_enabled: true\n        log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn\n        log_output_format: text\n        bgp_log_enabled: true\n        bgp_log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn-bgp:*\n") },
        // Prefix lists and peerings: the same resources within AWS's rules.
        "prefix-list-max-entries": { try Fixtures.peered(lists: "  db-nets: {max_entries: 2, entries: [10.1.0.0/24, 10.1.1.0/24]}\n") },
        "prefix-list-entry-duplicate": { try Fixtures.peered(lists: "  db-nets: {max_entries: 2, entries: [10.1.0.0/24, 10.1.1.0/24]}\n") },
        "route-table-quota": { try Fixtures.peered(lists: "  db-nets: {max_entries: 50, entries: [10.1.0.0/16]}\n") },
        "prefix-list-overlap": { try Fixtures.peered(lists: "  db-nets: {max_entries: 5, entries: [10.1.0.0/16]}\n  again: {max_entries: 5, entries: [10.1.0.0/16]}\n", extraRoutes: "          - {prefix_list: again, target: pcx:db}\n") },
        "vpc-peering-duplicate": { try Fixtures.peered() },
        "vpc-peering-transitive": { try Fixtures.peered() },
        "tgw-peering-propagation": { Fixtures.tgwPeered },
        "tgw-peering-route-missing": { Fixtures.tgwPeered },
        // Hybrid DNS: the clean S3-like setup every DNS rule is silent on.
        "resolver-endpoint-ip-count": { Fixtures.baseDNS },
        "resolver-endpoint-single-az": { Fixtures.baseDNS },
        "resolver-endpoint-ip-invalid": { Fixtures.baseDNS },
        "resolver-rule-no-target": { Fixtures.baseDNS },
        "resolver-rule-needs-outbound": { Fixtures.baseDNS },
        "resolver-rule-loop": { Fixtures.baseDNS },
        "dns-forwarder-not-inbound": { Fixtures.baseDNS },
        "resolver-endpoint-dns-blocked": { Fixtures.baseDNS },
        "private-zone-not-associated": { Fixtures.baseDNS },
        // Shared rules: a FORWARD rule shared with another account, an organization and an OU,
        // the topology's own account named apart.
        "resolver-rule-share-principal": { try Fixtures.sharedDNS() },
        "resolver-rule-share-not-forward": { try Fixtures.sharedDNS() },
        "resolver-rule-share-own-account": { try Fixtures.sharedDNS() },
        // Route 53 health checks and EFS (issue 15): the same resources within AWS's rules.
        "failover-record-pair": { FailoverFixtures.withRecords },
        "failover-no-health-check": { try FailoverFixtures.withRecords.replacing1("set_identifier: two, failover: SECONDARY}", "set_identifier: two, failover: SECONDARY, health_check: web}") },
        "health-check-interval": { try FailoverFixtures.base.replacing1("    request_interval: 30\n", "    request_interval: 10\n") },
        "health-check-threshold": { try FailoverFixtures.base.replacing1("    failure_threshold: 3\n", "    failure_threshold: 10\n") },
        "health-check-private-ip": { try FailoverFixtures.base.replacing1("ip_address: 203.0.113.10", "ip_address: 3.35.10.10") },
        "health-check-unreachable": { FailoverFixtures.base },
        // Private endpoint health checks: a source in three zones, groups open to the probe.
        "health-check-source-subnets": { HealthCheckSourceFixtures.privateCheck },
        "health-check-source-vpc": { HealthCheckSourceFixtures.privateCheck },
        "health-check-endpoint-type": { HealthCheckSourceFixtures.privateCheck },
        "health-check-source-quota": { try HealthCheckSourceFixtures.withSources(5) },
        "health-check-source-unreachable": { HealthCheckSourceFixtures.privateCheck },
        "efs-mount-target-az": { FailoverFixtures.base },
        "efs-mount-target-nfs": { try FailoverFixtures.base.replacing1("source: 192.168.0.0/16}", "source: 192.168.0.0/15}") },
        "eks-subnets-az": { EKSFixtures.base },
        "eks-subnet-elb-tag": { try EKSFixtures.base.replacing1(#"tags: {kubernetes.io/role/elb: "1"}"#, #"tags: {kubernetes.io/cluster/web: owned, kubernetes.io/role/elb: ""}"#) },
        "eks-version-unsupported": { try EKSFixtures.base.replacing1(#"version: "1.34""#, #"version: "1.32""#) },
        "eks-node-group-size": { try EKSFixtures.base.replacing1("{min_size: 1, max_size: 3, desired_size: 2}", "{min_size: 2, max_size: 2, desired_size: 2}") },
        "eks-addon-unknown": { try EKSFixtures.base.replacing1("      vpc-cni: {}\n", "      vpc-cni: {}\n      eks-pod-identity-agent: {version: v1.3.4-eksbuild.1}\n") },
        "eks-pod-egress-blocked": { try EKSFixtures.base.replacing1("ports: 5432, destination: 192.168.0.0/16", "ports: 5432, destination: 192.168.2.10/32") },
        "intent-names-nothing": { Fixtures.base + "expect:\n  - reachable: {from: 192.168.2.10, to: 10.0.1.10}\n  - survives: {from: 192.168.2.10, to: 10.0.1.10, failure: vpn/2}\n" },
    ]
    static func connection(_ lines: String, _ text: String = Fixtures.base) throws -> String {
        try text.replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n\(lines)    tunnels:")
    }
}

@Suite struct CheckerBehaviourTests {
    @Test func optionsSharedByBothTunnelsAreReportedOnce() throws {
        let r = Fixtures.check(try RuleTests.opts("      dpd_timeout: 10\n"))
        #expect(r.diagnostics.filter { $0.rule == "dpd-timeout-too-low" }.count == 1)
    }

    @Test func perTunnelOptionsPointAtTheTunnel() throws {
        let r = Fixtures.check(try Fixtures.base.replacing1("psk: {env: VPN_T2_PSK}", "psk: {env: VPN_T2_PSK}, dpd_timeout: 20"))
        let d = try #require(r.diagnostics.first { $0.rule == "dpd-timeout-too-low" })
        #expect(d.location.line == 28)
        #expect(d.message.hasPrefix("tunnel 2 of `vpn`"))
    }

    @Test func pskFindingsNeverShowTheKey() throws {
        for key in ["short", "has-a-hyphen!", "0leading_zero_key", String(repeating: "Z", count: 70)] {
            let r = Fixtures.check(try RuleTests.psk(key))
            #expect(!r.diagnostics.isEmpty)
            #expect(r.diagnostics.allSatisfy { !$0.message.contains(key) })
        }
    }

    @Test func insideCIDRDuplicateOnATransitGatewayIsAWarningAcrossDevices() throws {
        let text = try Fixtures.baseTGW
            .replacing1("sites:\n", "sites:\n  dc2:\n    cidrs: [172.16.0.0/16]\n    gateway: {public_ip: 198.51.100.11, asn: 65001}\n")
            .appending("  vpn2:\n    customer_gateway: dc2\n    transit_gateway: tgw\n    tunnels:\n      - {inside_cidr: 169.254.10.0/30}\n      - {inside_cidr: 169.254.20.4/30}\n")
        let r = Fixtures.check(text)
        let d = r.diagnostics.filter { $0.rule == "inside-cidr-duplicate" }
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
    }

    @Test func insideCIDRDuplicateAcrossConnectionsOfOneVGWIsAnError() throws {
        let text = try Fixtures.base
            .replacing1("sites:\n", "sites:\n  dc2:\n    cidrs: [172.16.0.0/16]\n    gateway: {public_ip: 198.51.100.11, asn: 65001}\n")
            .appending("  vpn2:\n    customer_gateway: dc2\n    vpn_gateway: vgw\n    tunnels:\n      - {inside_cidr: 169.254.20.0/30}\n      - {inside_cidr: 169.254.10.4/30}\n")
        let r = Fixtures.check(text)
        #expect(r.diagnostics.contains { $0.rule == "inside-cidr-duplicate" && $0.severity == .error && $0.message.contains("169.254.10.4/30") })
    }

    @Test func deviceRoutingFollowsItsConnectionUnlessWritten() throws {
        let text = try Fixtures.base.replacing1("      routing: bgp\n", "")
            .replacing1("    routing: bgp\n", "    routing: static\n    static_routes: [192.168.0.0/16]\n")
        let r = Fixtures.check(text)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
        #expect(r.topology?.site("dc")?.gateway?.routing == .static)
    }

    @Test func reservedASNIsRegional() throws {
        let tokyo = try Fixtures.base.replacing1("region: ap-northeast-2", "region: ap-northeast-1").replacing1("asn: 65000", "asn: 10124")
        #expect(Fixtures.check(tokyo).rules.contains("asn-reserved"))
        let anywhere = try Fixtures.base.replacing1("asn: 65000", "asn: 7224")
        #expect(Fixtures.check(anywhere).rules.contains("asn-reserved"))
    }

    @Test func extendedCustomerGatewayASNIsOnlyAWarning() throws {
        let r = Fixtures.check(try Fixtures.base.replacing1("asn: 65000", "asn: 4200000001"))
        #expect(r.diagnostics.filter { $0.rule == "asn-range" }.map(\.severity) == [.warning])
    }

    @Test func ambiguousShortTargetIsADanglingReference() throws {
        let text = try Fixtures.baseTGW
            .replacing1("vpn_connections:", "  tgw2:\n    attachments:\n      app2: {vpc: app, subnets: [a]}\nvpn_connections:")
        let r = Fixtures.check(text)
        #expect(r.diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("ambiguous") })
    }

    @Test func routeToAnInstanceNeedsSourceDestCheckOff() throws {
        let text = try Fixtures.base.replacing1("        propagations: [vgw]\n", "        propagations: [vgw]\n        routes:\n          - {destination: 172.16.0.0/12, target: instance:router}\n    instances:\n      router: {subnet: a, address: 10.0.1.10}\n")
        // A warning since AWS accepts it (the instance drops what it forwards; the simulator shows it).
        let r = Fixtures.check(text)
        #expect(r.errorRules.isEmpty && r.diagnostics.map(\.rule) == ["source-dest-check"])
        #expect(r.diagnostics.first?.severity == .warning)
        let off = try text.replacing1("address: 10.0.1.10}", "address: 10.0.1.10, source_dest_check: false}")
        #expect(Fixtures.check(off).diagnostics.isEmpty)
    }
}

@Suite struct DanglingReferenceTests {
    /// Each kind of name that refers to something, broken once, reported on its own line.
    @Test func everyKindOfReferenceIsResolved() throws {
        let text = """
        sites:
          dc: {cidrs: [192.168.0.0/16], gateway: {public_ip: 198.51.100.10, asn: 65000}}
        vpcs:
          app:
            cidr: 10.0.0.0/16
            subnets: {a: 10.0.1.0/24}
            route_tables:
              main:
                main: true
                subnets: [a, ghost-subnet]
                propagations: [ghost-vgw]
                routes:
                  - {destination: 192.168.0.0/16, target: tgw:ghost-tgw}
                  - {destination: 172.16.0.0/12, target: instance:ghost-instance}
                  - {destination: 172.31.0.0/16, target: nat:ghost-nat}
            security_groups:
              web: {ingress: [{source: sg:ghost-sg}]}
            instances:
              i1: {subnet: ghost-subnet2, address: 10.0.1.10, security_groups: [ghost-sg2]}
            nat_gateways:
              n1: {subnet: ghost-subnet3}
        vpn_gateways:
          vgw: {vpc: ghost-vpc}
        customer_gateways:
          cgw: {site: ghost-site, ip: 198.51.100.20}
        transit_gateways:
          tgw:
            attachments:
              a1: {vpc: ghost-vpc2, subnets: [x]}
              a2: {vpn: ghost-vpn}
            route_tables:
              rt:
                associations: [ghost-att]
                propagations: [ghost-att2]
                routes: [{destination: 10.9.0.0/16, attachment: ghost-att3}]
        vpn_connections:
          vpn1: {customer_gateway: ghost-cgw, vpn_gateway: ghost-vgw2}
          vpn2: {customer_gateway: dc, transit_gateway: ghost-tgw2}

        """
        let r = Fixtures.check(text)
        let dangling = r.diagnostics.filter { $0.rule == "dangling-reference" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where line.contains("ghost") {
            #expect(dangling.contains { $0.location.line == i + 1 }, "line \(i + 1) `\(line)` not reported: \(dangling.map(\.formatted))")
        }
        #expect(dangling.count >= lines.filter { $0.contains("ghost") }.count)
    }
}
