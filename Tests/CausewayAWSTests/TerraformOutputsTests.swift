import Foundation
import Testing
import CausewayCore
@testable import CausewayAWS

/// `import terraform-outputs` reads the two documents Terraform keeps outputs in: what
/// `terraform output -json` prints (one member per output with `sensitive`, `type`, `value`;
/// Terraform CLI, "terraform output command", -json) and a state file of format version 4 (its
/// `outputs`, each with `value`, `type`, and `sensitive` when set). The tunnel values are
/// `aws_vpn_connection`'s attributes: outside address, both inside addresses, the inside CIDR, a
/// /30 of 169.254.0.0/16 holding both inside addresses (EC2 API reference,
/// VpnTunnelOptionsSpecification, TunnelInsideCidr), and the pre-shared key.
@Suite struct TerraformOutputsTests {
    static func s0Names(_ i: Int, _ v: TerraformTunnelOutput) -> [String] { ["vpn_tunnel\(i)_\(v.rawValue)", "tunnel\(i)_\(v.rawValue)"] }
    static let keys = ["tfTunnelOne.key_7Qm2", "tfTunnelTwo.key_9Xr4"]

    static func s0() throws -> Topology {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/s0-eks-onprem-db.yaml")
        let r = loadAndCheck(data: Array(try Data(contentsOf: url)), file: "s0.yaml")
        return try #require(r.topology)
    }

    static func facts(_ document: String) throws -> (facts: ConnectionFacts, keys: [String: PreSharedKey]) {
        let t = try s0()
        return try TerraformOutputs(document: document).facts(connection: try #require(t.vpnConnection("vpn")), in: t,
                                                              idNames: ["vpn_id"], names: s0Names)
    }

    static func error(_ document: String) throws -> TerraformOutputsError {
        do {
            _ = try facts(document)
        } catch let e as TerraformOutputsError {
            return e
        }
        Issue.record("the document was accepted")
        return .notJSON
    }

    @Test func s0sOutputJSONBecomesFactsAndKeys() throws {
        let doc = try TestPaths.fixture("s0-output.json")
        let outputs = try TerraformOutputs(document: doc)
        #expect(outputs.format == .outputJSON)
        if case .secret = outputs.values["tunnel1_preshared_key"] {} else { Issue.record("a sensitive output is not kept secret") }
        let (facts, keys) = try Self.facts(doc)
        #expect(facts.connection == "vpn" && facts.vpnConnectionId == nil)
        #expect(facts.tunnels.map(\.awsOutsideIP) == ["3.38.10.11", "3.38.10.12"])
        #expect(facts.tunnels.map(\.insideCIDR) == ["169.254.44.0/30", "169.254.44.4/30"])
        #expect(facts.tunnels.map(\.awsInsideAddress) == ["169.254.44.1", "169.254.44.5"])
        #expect(facts.tunnels.map(\.customerInsideAddress) == ["169.254.44.2", "169.254.44.6"])
        #expect(facts.tunnels.map(\.customerOutsideIP) == ["198.51.100.20", "198.51.100.20"], "the topology's customer gateway")
        #expect(facts.tunnels.allSatisfy { $0.ikeEncryption == nil }, "outputs carry no proposals")
        #expect(keys.mapValues(\.revealed) == ["vpn/1": Self.keys[0], "vpn/2": Self.keys[1]])
        let t = try Self.s0()
        #expect(facts.checkedValues(keys: keys, try #require(t.vpnConnection("vpn")), t).isEmpty)
    }

    @Test func causewaysOwnOutputsInAVersion4StateBecomeFacts() throws {
        let doc = try TestPaths.fixture("s0-causeway.tfstate")
        let outputs = try TerraformOutputs(document: doc)
        #expect(outputs.format == .stateV4)
        let (facts, keys) = try Self.facts(doc)
        #expect(facts.vpnConnectionId == "vpn-0c1d2e3f40a5b6c7d")
        #expect(facts.tunnels.map(\.awsOutsideIP) == ["3.38.20.21", "3.38.20.22"])
        // No inside_cidr output in causeway's render: the /30 of the two inside addresses.
        #expect(facts.tunnels.map(\.insideCIDR) == ["169.254.10.0/30", "169.254.10.4/30"])
        #expect(keys.isEmpty, "the topology gives its keys: no preshared_key output")
    }

    @Test func aMissingOutputIsNamedWithTheNamesTried() throws {
        let doc = try TestPaths.fixture("s0-output.json").replacingOccurrences(of: "\"tunnel2_address\"", with: "\"tunnel2_addr\"")
        let e = try Self.error(doc)
        #expect(e == .missing(names: ["vpn_tunnel2_address", "tunnel2_address"], tunnel: "vpn/2"))
        #expect(e.description.contains("`tunnel2_address`"))
    }

    @Test func aBadValueIsPlacedByJSONPathAndLineAndNeverEchoedWhenSensitive() throws {
        let doc = try TestPaths.fixture("s0-output.json")
        let bad = try Self.error(doc.replacingOccurrences(of: "\"3.38.10.12\"", with: "\"3.38.10\""))
        #expect(bad.description.contains("tunnel2_address.value at 27:3"), "\(bad)")
        #expect(bad.description.contains("'3.38.10'"))

        let state = try TestPaths.fixture("s0-causeway.tfstate").replacingOccurrences(of: "\"169.254.10.5\"", with: "\"169.254.10.9\"")
        let outside = try Self.error(state)
        #expect(outside.description.contains("outputs.vpn_tunnel2_vgw_inside_address.value"), "\(outside)")
        #expect(outside.description.contains("169.254.10.4/30"))

        // A sensitive output's value is never quoted, not even a wrong one.
        let secretAddress = doc
            .replacingOccurrences(of: "\"tunnel2_cgw_inside_address\": {\n    \"sensitive\": false", with: "\"tunnel2_cgw_inside_address\": {\n    \"sensitive\": true")
            .replacingOccurrences(of: "\"169.254.44.6\"", with: "\"not-an-address-secret\"")
        let hidden = try Self.error(secretAddress)
        #expect(hidden.description.contains("tunnel2_cgw_inside_address") && !hidden.description.contains("not-an-address-secret"), "\(hidden)")
    }

    @Test func documentsTerraformDoesNotWriteAreRefused() throws {
        #expect(throws: TerraformOutputsError.notJSON) { try TerraformOutputs(document: "tunnel1_address = \"1.2.3.4\"") }
        #expect(throws: TerraformOutputsError.stateVersion("3")) {
            try TerraformOutputs(document: #"{"version": 3, "terraform_version": "0.11.14", "modules": []}"#)
        }
        let noValue = #"{"tunnel1_address": {"sensitive": false, "type": "string"}}"#
        #expect(throws: TerraformOutputsError.wrongShape(path: "tunnel1_address", expected: "an object with `value` (and `type`, `sensitive`)")) {
            try TerraformOutputs(document: noValue)
        }
    }

    @Test func aKeyAWSWouldRefuseDoesNotFit() throws {
        // AWS's rule: 8–64 letters, digits, `.` and `_`, not starting with 0 (EC2 API reference,
        // VpnTunnelOptionsSpecification, PreSharedKey).
        let doc = try TestPaths.fixture("s0-output.json").replacingOccurrences(of: Self.keys[1], with: "0short")
        let (facts, keys) = try Self.facts(doc)
        let t = try Self.s0()
        let found = facts.checkedValues(keys: keys, try #require(t.vpnConnection("vpn")), t)
        #expect(found.contains { $0.rule.hasPrefix("psk-") && $0.tunnel == 2 }, "\(found)")
        for m in found { #expect(!m.description.contains("0short")) }
    }

    /// `tunnelN_bgp_asn` and `tunnelN_bgp_holdtime` are the Amazon side's ASN and hold time from
    /// AWS's configuration document (`vpn_gateway/bgp/asn`, `hold_time`): S0's VGW is 64512.
    static func withBGP(_ asn: String, holdTime: String = "30") throws -> String {
        let doc = try TestPaths.fixture("s0-output.json")
        let extra = (1...2).map { i in
            "  \"tunnel\(i)_bgp_asn\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"\(asn)\"},\n"
                + "  \"tunnel\(i)_bgp_holdtime\": {\"sensitive\": false, \"type\": \"number\", \"value\": \(holdTime)},\n"
        }.joined()
        return "{\n" + extra + doc.drop { $0 != "\n" }.dropFirst()
    }

    @Test func theAmazonSideASNMustBeTheTopologysGateways() throws {
        let t = try Self.s0()
        let c = try #require(t.vpnConnection("vpn"))
        let (facts, _) = try Self.facts(try Self.withBGP("64512"))
        #expect(facts.tunnels.map(\.awsASN) == [64512, 64512] && facts.tunnels.map(\.holdTimeSeconds) == [30, 30])
        #expect(facts.asnMismatches(c, t).isEmpty)

        let (other, _) = try Self.facts(try Self.withBGP("64600"))
        let m = other.asnMismatches(c, t)
        #expect(m.map(\.rule) == ["import-asn", "import-asn"] && m.map(\.tunnel) == [1, 2], "\(m)")
        #expect(m.first?.description.contains("Amazon-side ASN: the document has 64600, the topology 64512") == true, "\(m)")

        // A static connection's outputs: an empty ASN and hold time 0, read as none.
        let (none, _) = try Self.facts(try Self.withBGP("", holdTime: "0"))
        #expect(none.tunnels.allSatisfy { $0.awsASN == nil && $0.holdTimeSeconds == nil })

        let bad = try Self.error(try Self.withBGP("sixty-four"))
        #expect(bad.description.contains("tunnel1_bgp_asn.value at 2:3") && bad.description.contains("'sixty-four'"), "\(bad)")
    }

    @Test func anASNOnAStaticConnectionSaysTheOutputsAreABGPConnections() throws {
        var t = try Self.s0()
        let i = try #require(t.vpnConnections.firstIndex { $0.name == "vpn" })
        t.vpnConnections[i].routing = .static
        let (facts, _) = try Self.facts(try Self.withBGP("64512"))
        let m = facts.asnMismatches(t.vpnConnections[i], t)
        #expect(m.map(\.rule) == ["import-routing"], "\(m)")
    }
}
