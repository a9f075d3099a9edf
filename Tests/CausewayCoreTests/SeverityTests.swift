import Foundation
import Testing
@testable import CausewayCore

/// Severity follows AWS (docs/rules.md, "Error or warning"): an error is what AWS's API rejects
/// or causeway cannot model; what AWS accepts but will not route is a warning, so the file still
/// simulates. Each case trips one rule in one of its forms and says which severity it must carry;
/// the near miss of every rule (no trip) is in `RuleTests`.
@Suite struct SeverityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rule: String
        let severity: Severity
        let text: @Sendable () throws -> String
        var testDescription: String { "\(rule) \(severity.rawValue): \(name)" }
    }

    static let b = Fixtures.base, t = Fixtures.baseTGW
    static let unattachedVGW: @Sendable () throws -> String = {
        try b.replacing1("  vgw: {vpc: app}", "  vgw: {asn: 64512}").replacing1("        propagations: [vgw]\n", "")
    }

    static let cases: [Case] = [
        // Were errors; AWS accepts them and the simulator shows the drop.
        Case(name: "route table with neither a route nor propagation", rule: "propagation-missing", severity: .warning) {
            try b.replacing1("        propagations: [vgw]\n", "")
        },
        Case(name: "TGW table without a route to the VPN attachment", rule: "tgw-route-missing", severity: .warning) { Fixtures.broken("tgw-route-missing") },
        Case(name: "attachment with no association", rule: "tgw-attachment-unassociated", severity: .warning) { Fixtures.broken("tgw-attachment-unassociated") },
        Case(name: "static connection without static routes", rule: "static-routes-incomplete", severity: .warning) { Fixtures.broken("static-routes-incomplete") },
        Case(name: "device key differs", rule: "psk-mismatch", severity: .warning) {
            try RuleTests.psk("Tunnel_key_1", try RuleTests.device("      tunnels:\n        - {connection: vpn, tunnel: 1, psk: Other_key_2}\n"))
        },
        Case(name: "device inside CIDR differs", rule: "inside-cidr-mismatch", severity: .warning) { Fixtures.broken("inside-cidr-mismatch") },
        Case(name: "device ASN differs from its customer gateway", rule: "bgp-asn-mismatch", severity: .warning) { Fixtures.broken("bgp-asn-mismatch") },
        Case(name: "forwarding instance with the check on", rule: "source-dest-check", severity: .warning) { Fixtures.broken("source-dest-check") },
        Case(name: "tunnel MTU above 1446", rule: "mtu-mss", severity: .warning) { Fixtures.broken("mtu-mss") },
        Case(name: "site overlaps the VPC it reaches", rule: "cidr-overlap", severity: .warning) { Fixtures.broken("cidr-overlap") },
        Case(name: "device routing differs from the connection's", rule: "routing-mode-mismatch", severity: .warning) { Fixtures.broken("routing-mode-mismatch") },
        Case(name: "only a VPN connection on an unattached VGW", rule: "vgw-not-attached", severity: .warning, text: unattachedVGW),
        Case(name: "device proposal shares nothing with the tunnel's", rule: "proposal-unsupported", severity: .warning) {
            try RuleTests.opts("      phase1: {encryption: [AES256], integrity: [SHA2-256], dh_groups: [14]}\n",
                               try RuleTests.device("      tunnels:\n        - {connection: vpn, tunnel: 1, phase1: aes128-sha1-modp2048}\n"))
        },
        Case(name: "device speaks a version the tunnel does not allow", rule: "ike-version-unsupported", severity: .warning) {
            try RuleTests.opts("      ike_versions: [ikev2]\n", try RuleTests.device("      tunnels:\n        - {connection: vpn, tunnel: 1, ike_version: ikev1}\n"))
        },
        Case(name: "AWS starts, the device speaks only IKEv1", rule: "startup-action-needs-ikev2", severity: .warning) {
            try RuleTests.opts("      startup_action: start\n", try RuleTests.device("      tunnels:\n        - {connection: vpn, tunnel: 1, ike_version: ikev1}\n"))
        },
        Case(name: "two VPCs overlap on one TGW that routes between them", rule: "cidr-overlap", severity: .warning) {
            try t.replacing1("      app-att: {vpc: app, subnets: [a]}\n", "      app-att: {vpc: app, subnets: [a]}\n      db-att: {vpc: db, subnets: [d]}\n")
                .replacing1("transit_gateways:", "  db:\n    cidr: 10.0.0.0/16\n    subnets: {d: 10.0.1.0/24}\ntransit_gateways:")
        },
        // Stay errors: AWS's API rejects them.
        Case(name: "propagation from a VGW attached to another VPC", rule: "vgw-not-attached", severity: .error) {
            try b.replacing1("  vgw: {vpc: app}", "  vgw: {vpc: other}").replacing1("vpn_gateways:", "  other:\n    cidr: 10.1.0.0/16\nvpn_gateways:")
        },
        Case(name: "peering between overlapping VPCs", rule: "cidr-overlap", severity: .error) {
            try b.replacing1("        propagations: [vgw]\n", "        propagations: [vgw]\n        routes:\n          - {destination: 10.9.0.0/16, target: pcx:peer}\n")
                .replacing1("vpn_gateways:", "  peer:\n    cidr: 10.0.0.0/16\nvpn_gateways:")
        },
        Case(name: "static routes on a BGP connection", rule: "routing-mode-mismatch", severity: .error) {
            try b.replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n    static_routes: [192.168.0.0/16]\n    tunnels:")
        },
        Case(name: "an algorithm AWS does not offer", rule: "proposal-unsupported", severity: .error) { Fixtures.broken("proposal-unsupported") },
        Case(name: "AWS starts on a tunnel without IKEv2", rule: "startup-action-needs-ikev2", severity: .error) { Fixtures.broken("startup-action-needs-ikev2") },
    ]

    @Test(arguments: cases)
    func severityMatchesAWS(_ c: Case) throws {
        let r = Fixtures.check(try c.text())
        let hits = r.diagnostics.filter { $0.rule == c.rule && $0.severity == c.severity }
        #expect(!hits.isEmpty, "\(c.rule) not reported as \(c.severity.rawValue): \(r.diagnostics.map(\.formatted))")
        if c.severity == .warning {
            // Nothing else stops the simulator: the file is usable with only warnings.
            #expect(r.errorRules.isEmpty, "errors: \(r.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
        }
    }

    /// The catalog states the default severity of each rule whose severity changed.
    @Test func catalogSeverities() {
        let expected: [String: Severity] = [
            "propagation-missing": .warning, "tgw-route-missing": .warning, "tgw-attachment-unassociated": .warning,
            "static-routes-incomplete": .warning, "psk-mismatch": .warning, "inside-cidr-mismatch": .warning,
            "bgp-asn-mismatch": .warning, "source-dest-check": .warning, "mtu-mss": .warning, "cidr-overlap": .warning,
            "vgw-not-attached": .error, "routing-mode-mismatch": .error, "proposal-unsupported": .error,
            "ike-version-unsupported": .error, "startup-action-needs-ikev2": .error,
        ]
        let catalog = Dictionary(uniqueKeysWithValues: Checker.catalog.map { ($0.id, $0.severity) })
        for (rule, s) in expected { #expect(catalog[rule] == s, "\(rule)") }
    }
}
