@testable import CausewayAWS
import CausewayCore
import CausewayDoctor
@testable import CausewayLab
import Foundation
import Testing

/// Recorded outputs of the lab's gateway node (Fixtures/README.md) played back through the
/// probes: each broken state is named by its finding, the healthy one has no error.
@Suite struct DoctorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func fixture(_ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent("Fixtures/\(path)"), encoding: .utf8)) ?? ""
    }

    /// A CommandRunner that answers each probe's command with a recorded output.
    struct Recorded: CommandRunner {
        var outputs: [String: String]
        var failures: [String: CommandResult] = [:]
        func run(_ argv: [String]) throws -> CommandResult { try runConcurrently([argv], limit: 1)[0] }
        func runConcurrently(_ commands: [[String]], limit: Int) throws -> [CommandResult] {
            commands.map { argv in
                let line = argv.joined(separator: " ")
                if let f = failures.first(where: { line.contains($0.key) }) { return f.value }
                let out = outputs.first { line.contains($0.key) }?.value
                return CommandResult(status: out == nil ? 127 : 0, stdout: out ?? "", stderr: "")
            }
        }
        func spawn(_ argv: [String], log: String) throws -> Int32 { 0 }
    }

    static func healthy() -> [String: String] {
        [
            "c1/run/charon.vici": fixture("healthy/swanctl-list-sas-c1.txt"),
            "c2/run/charon.vici": fixture("healthy/swanctl-list-sas-c2.txt"),
            "show bgp summary json": fixture("healthy/bgp-summary.json"),
            "show ip route json": fixture("healthy/ip-route.json"),
            "sysctl -a": fixture("healthy/sysctl.txt"),
            "ip -j addr": fixture("healthy/ip-addr.json"),
            "nft -j list ruleset": fixture("healthy/nft.json"),
        ]
    }

    static func expectation() throws -> GatewayExpectation {
        let file = root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/s3-tgw-bgp-strongswan.yaml")
        let t = try #require(Loader.load(text: try String(contentsOf: file, encoding: .utf8), file: "examples/s3-tgw-bgp-strongswan.yaml").topology)
        return try GatewayExpectation(site: try #require(t.site("idc")), in: t)
    }

    static func findings(_ outputs: [String: String]) throws -> [Diagnostic] {
        let settings = ProbeSettings(viciSockets: ["/run/causeway-lab/td/c1/run/charon.vici", "/run/causeway-lab/td/c2/run/charon.vici"],
                                     frrSocketDirectory: "/run/causeway-lab/td/s1/frr")
        let expected = try expectation()
        return Doctor(expected: expected, observed: GatewayProbe(runner: Recorded(outputs: outputs), settings: settings).observe(expected)).findings()
    }

    @Test func aHealthyLabGatewayHasNoErrorFinding() throws {
        let f = try Self.findings(Self.healthy())
        #expect(!f.hasErrors, "\(f.map(\.formatted))")
        // The lab's stand-ins differ from a production host in known ways: no uplink in the
        // node, veths for VTIs (MTU 1500, policy checks on), no chrony.
        #expect(Set(f.map(\.rule)) == ["doctor-uplink-missing", "doctor-mtu", "doctor-xfrm-policy", "doctor-clock-unknown"], "\(f.map(\.formatted))")
        #expect(f.first { $0.rule == "doctor-clock-unknown" }?.message.contains("chronyc") == true)
    }

    /// ip-sysctl: rp_filter takes the larger of conf/all and the interface's value; 1 is strict.
    @Test func strictReversePathFilterOnATunnelIsNamed() throws {
        var o = Self.healthy()
        o["sysctl -a"] = Self.fixture("rpfilter/sysctl.txt")
        let f = try Self.findings(o).filter { $0.rule == "doctor-rp-filter-strict" }
        #expect(f.count == 1 && f[0].severity == .error && f[0].message.contains("vti1") && f[0].message.contains("rp_filter=2"), "\(f.map(\.formatted))")
        // `all` = 1 makes every routed interface strict.
        o["sysctl -a"] = Self.fixture("healthy/sysctl.txt").replacingOccurrences(of: "net.ipv4.conf.all.rp_filter = 0", with: "net.ipv4.conf.all.rp_filter = 1")
        #expect(try Self.findings(o).filter { $0.rule == "doctor-rp-filter-strict" }.count == 2)
    }

    /// swanctl --list-sas after `--terminate --child`: the IKE SA stays, no CHILD_SA; BGP over it drops.
    @Test func aDownChildSAIsNamed() throws {
        var o = Self.healthy()
        o["c1/run/charon.vici"] = Self.fixture("downsa/swanctl-list-sas-c1.txt")
        o["show bgp summary json"] = Self.fixture("downsa/bgp-summary.json")
        let f = try Self.findings(o)
        let child = f.filter { $0.rule == "doctor-child-sa-down" }
        #expect(child.count == 1 && child[0].message.contains("vpn/1") && child[0].message.contains("ipsec up vpn-tunnel1"), "\(f.map(\.formatted))")
        #expect(f.contains { $0.rule == "doctor-bgp-down" && $0.message.contains("169.254.11.1") })
        #expect(!f.contains { $0.rule == "doctor-ike-down" })
    }

    /// FRR: with ebgp-requires-policy and no route-map, the session is Established and `peerState` is Policy.
    @Test func aBGPSessionWithoutPolicyIsNamed() throws {
        var o = Self.healthy()
        o["show bgp summary json"] = Self.fixture("policy/bgp-summary.json")
        let f = try Self.findings(o).filter { $0.rule == "doctor-bgp-no-policy" }
        #expect(f.count == 1 && f[0].message.contains("169.254.12.1") && f[0].message.contains("vpn/2"), "\(f.map(\.formatted))")
    }

    /// nftables: a drop in any input base chain drops, whatever causeway's own table accepts.
    @Test func aDroppingInputChainWithoutTheOpeningsIsNamed() throws {
        var o = Self.healthy()
        o["nft -j list ruleset"] = Self.fixture("nft/nft-s3-debian.json")
        #expect(try !Self.findings(o).contains { $0.rule == "doctor-firewall-blocks" })
        let chains = try #require(ObservationParsers.nftInputChains(Self.fixture("nft/nft-s3-debian.json")))
        #expect(chains.first?.opens == Set(Opening.allCases), "\(chains)")
        o["nft -j list ruleset"] = Self.fixture("nft/nft-s3-debian-plus-drop.json")
        let blocked = try Self.findings(o).filter { $0.rule == "doctor-firewall-blocks" }
        #expect(blocked.count == 1 && blocked[0].message.contains("inet host input"), "\(blocked.map(\.formatted))")
        o["nft -j list ruleset"] = Self.fixture("nft/nft-drop-only-500.json")
        let partly = try Self.findings(o).filter { $0.rule == "doctor-firewall-blocks" }
        #expect(partly.count == 1 && !partly[0].message.contains("IKE (500/udp)") && partly[0].message.contains("BGP (179/tcp)"))
    }

    @Test func aProbeThatCannotRunIsAFindingNotACrash() throws {
        var o = Self.healthy()
        o["show bgp summary json"] = nil
        let f = try Self.findings(o)
        #expect(f.contains { $0.rule == "doctor-probe-failed" && $0.message.contains("bgp probe") && $0.severity == .warning })
    }

    /// Drift: AWS's VgwTelemetry (UP/DOWN, accepted routes) against the gateway's SAs and BGP,
    /// AWS's outside address against the topology's
    /// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VgwTelemetry.html).
    @Test func driftNamesWhichOfTheThreeDisagree() throws {
        var o = Self.healthy()
        o["c1/run/charon.vici"] = Self.fixture("downsa/swanctl-list-sas-c1.txt")
        let settings = ProbeSettings(viciSockets: ["/run/causeway-lab/td/c1/run/charon.vici", "/run/causeway-lab/td/c2/run/charon.vici"])
        let expected = try Self.expectation()
        let observed = GatewayProbe(runner: Recorded(outputs: o), settings: settings).observe(expected)
        let rows = [
            StatusReport.TunnelRow(connection: "vpn", tunnel: 1, outsideIP: "203.0.113.31", status: "UP", message: nil, acceptedRoutes: 1, lastChange: nil),
            StatusReport.TunnelRow(connection: "vpn", tunnel: 2, outsideIP: "52.95.0.2", status: "UP", message: nil, acceptedRoutes: 0, lastChange: nil),
        ]
        let items = Drift.items(expected: expected, aws: rows, gateway: observed)
        #expect(items.contains { $0.subject == "vpn/1" && $0.what == "tunnel state" && $0.disagreement == "AWS ≠ gateway" && $0.gateway == "no SA" }, "\(items)")
        #expect(items.contains { $0.subject == "vpn/2" && $0.what == "outside address" && $0.aws == "52.95.0.2" && $0.disagreement == "topology ≠ AWS" }, "\(items)")
        // Tunnel 2's session sends a prefix AWS does not count.
        #expect(items.contains { $0.subject == "vpn/2" && $0.what == "routes from the gateway" && $0.gateway == "1 sent" }, "\(items)")
        #expect(items.count == 3, "\(items)")
        let findings = Doctor(expected: expected, observed: observed).awsFindings(rows)
        #expect(findings.count == 3 && findings.allSatisfy { $0.rule == "doctor-aws-disagrees" && $0.severity == .error })
        // Everything agreeing: no drift.
        let healthy = GatewayProbe(runner: Recorded(outputs: Self.healthy()), settings: settings).observe(expected)
        let agreeing = [rows[0], StatusReport.TunnelRow(connection: "vpn", tunnel: 2, outsideIP: "203.0.113.32", status: "UP", message: nil, acceptedRoutes: 1, lastChange: nil)]
        #expect(Drift.items(expected: expected, aws: agreeing, gateway: healthy).isEmpty)
    }
}
