import CausewayCore
import Foundation
import Testing

/// `causeway explain` (issue 17): per tunnel, a verdict per step, AWS's side against the
/// customer gateway's (rendered, or a folder with --customer). docs/explain.md names each
/// step's AWS page; the pages these tests follow are cited where a step compares AWS's values.
@Suite struct ExplainCommandTests {
    /// Every `{env: NAME}` key the examples and broken files name, set to keys AWS accepts.
    static let keys: [String: String] = {
        var env: [String: String] = [:]
        for n in ["S0_TUNNEL", "S2_TUNNEL", "S5_TUNNEL", "S6_DC1_TUNNEL", "S6_DC2_TUNNEL"] {
            for i in 1...2 { env["\(n)\(i)_PSK"] = "\(n.lowercased()).key\(i)" }
        }
        for n in ["VPN_T", "DC1_T", "DC2_T"] { for i in 1...2 { env["\(n)\(i)_PSK"] = "test.key_\(n.lowercased())\(i)" } }
        return env
    }()

    struct Report: Decodable {
        struct Tunnel: Decodable {
            struct Step: Decodable {
                let step, verdict, reason: String
                let fix: String?
                let diagnostics: [Diagnostic]
            }
            let tunnel, state: String
            let wouldComeUp: Bool
            let steps: [Step]
        }
        let tunnels: [Tunnel]
        let customerDiagnostics: [Diagnostic]
        var failingSteps: Set<String> { Set(tunnels.flatMap { $0.steps.filter { $0.verdict == "fails" }.map(\.step) }) }
    }

    static func explain(_ args: [String], env: [String: String] = keys) throws -> (CLI.Run, Report?) {
        let r = try CLI.run(["explain"] + args + ["--format", "json"], environment: env)
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return (r, try? d.decode(Report.self, from: Data(r.stdout.utf8)))
    }

    @Test(arguments: ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan",
                      "s4-tgw-segmentation", "s5-dx-vpn-backup", "s6-two-cgw-one-network"])
    func everyExampleTunnelWouldComeUp(_ name: String) throws {
        let (r, report) = try Self.explain(["examples/\(name).yaml"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let rep = try #require(report)
        #expect(!rep.tunnels.isEmpty)
        for t in rep.tunnels {
            // S1's script configures tunnel 1 only: its device disables tunnel 2 on purpose.
            #expect(t.state == (name.hasPrefix("s1") && t.tunnel == "vpn/2" ? "disabled" : "up"), "\(t.tunnel): \(t.steps.filter { $0.verdict == "fails" })")
        }
    }

    /// Each broken file about a tunnel (named after its rule) fails exactly in the step that
    /// rule belongs to, with check's finding listed there (explain re-derives no rule).
    static let brokenSteps: [String: String] = [
        "ike-version-unsupported": "ike_version", "proposal-unsupported": "phase1", "lifetime-range": "phase1",
        "lifetime-order": "phase2", "rekey-margin-range": "phase2", "rekey-fuzz-range": "phase2", "replay-window-range": "phase2",
        "psk-length": "pre_shared_key", "psk-charset": "pre_shared_key", "psk-leading-zero": "pre_shared_key", "psk-mismatch": "pre_shared_key",
        "inside-cidr-duplicate": "inside_addresses", "inside-cidr-mismatch": "inside_addresses", "inside-cidr-range": "inside_addresses",
        "inside-cidr-reserved": "inside_addresses", "inside-cidr-size": "inside_addresses",
        "dpd-timeout-too-low": "dpd_startup", "startup-action-needs-ikev2": "dpd_startup",
        "cgw-ip-missing": "nat_traversal", "cgw-ip-duplicate": "nat_traversal", "outside-ip-family": "nat_traversal",
        "outside-ipv6-cgw-ipv4": "nat_traversal", "outside-ipv6-needs-tgw": "nat_traversal",
        "cgw-ipv6-not-routable": "nat_traversal", "cgw-ipv6-outside-ipv4": "nat_traversal",
        "asn-range": "bgp_session", "asn-reserved": "bgp_session", "asn-same-as-amazon": "bgp_session",
        "bgp-asn-mismatch": "bgp_session", "bgp-prefix-limit": "bgp_session", "routing-mode-mismatch": "routing_mode",
        "acceleration-needs-tgw": "connection", "large-tunnels-need-tgw": "connection", "large-tunnels-accelerated": "connection",
        "tunnel-log-group-missing": "connection", "tunnel-mark-duplicate": "connection",
    ]

    @Test(arguments: brokenSteps.keys.sorted())
    func brokenTunnelFileNamesItsStep(_ rule: String) throws {
        let (r, report) = try Self.explain(["examples/broken/\(rule).yaml"])
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let rep = try #require(report, "\(r.stdout)\n\(r.stderr)")
        let step = try #require(Self.brokenSteps[rule])
        #expect(rep.failingSteps.contains(step), "\(rule): failing \(rep.failingSteps)")
        let filed = rep.tunnels.flatMap { $0.steps.filter { $0.step == step }.flatMap(\.diagnostics) }
        #expect(filed.contains { $0.rule == rule }, "\(rule) is not filed under \(step)")
    }

    @Test func textIsOneBlockPerTunnelWithTheFixUnderAFailingStep() throws {
        let r = try CLI.run(["explain", "examples/broken/dpd-timeout-too-low.yaml", "vpn/1"], environment: Self.keys)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("tunnel vpn/1"), "\(r.stdout)")
        #expect(!r.stdout.contains("tunnel vpn/2"))
        #expect(r.stdout.contains("✘ DPD and startup action:"), "\(r.stdout)")
        #expect(r.stdout.contains("✔ IKE version:"))
        #expect(r.stdout.contains("\n      fix: "))
    }

    @Test func badInputExitsTwo() throws {
        #expect(try Self.explain(["examples/broken/yaml-syntax.yaml"]).0.status == 2)
        #expect(try Self.explain(["examples/no-such-file.yaml"]).0.status == 2)
        #expect(try Self.explain(["examples/s0-eks-onprem-db.yaml", "vpn/3"]).0.status == 2)
        #expect(try Self.explain(["examples/s0-eks-onprem-db.yaml", "--customer", "/nonexistent/causeway"]).0.status == 2)
    }

    /// An environment variable that is not set: the key step fails and says which one.
    @Test func unsetKeyFailsThePreSharedKeyStep() throws {
        let (r, report) = try Self.explain(["examples/s0-eks-onprem-db.yaml"], env: ["S0_TUNNEL1_PSK": "s0Tunnel1.test_key"])
        #expect(r.status == 1)
        let rep = try #require(report)
        #expect(rep.tunnels.first { $0.tunnel == "vpn/1" }?.wouldComeUp == true)
        let t2 = try #require(rep.tunnels.first { $0.tunnel == "vpn/2" })
        #expect(t2.steps.first { $0.step == "pre_shared_key" }?.reason.contains("S0_TUNNEL2_PSK is not set") == true)
    }

    /// AWS's PSK rules (EC2 API reference, VpnTunnelOptionsSpecification, PreSharedKey: 8–64
    /// characters, letters, digits, periods and underscores, not starting with zero) applied to
    /// a key from the environment, which `check` cannot see; the key is never printed.
    @Test func keyFromTheEnvironmentMustFitAWSRules() throws {
        var env = Self.keys
        env["S0_TUNNEL1_PSK"] = "0short"
        let (r, report) = try Self.explain(["examples/s0-eks-onprem-db.yaml", "vpn/1"], env: env)
        #expect(r.status == 1)
        let step = try #require(report?.tunnels.first?.steps.first { $0.step == "pre_shared_key" })
        #expect(step.verdict == "fails")
        #expect(step.reason.contains("[psk-length]") && step.reason.contains("[psk-leading-zero]"), "\(step.reason)")
        #expect(!r.stdout.contains("0short"))
    }
}
