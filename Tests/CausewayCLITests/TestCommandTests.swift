import CausewayCore
import Foundation
import Testing

/// `causeway test`: the examples' intents hold (exit 0), a wrong intent fails naming the drop
/// (exit 1), a file without intents or with an intent naming nothing is unusable (exit 2), as
/// `netlab validate` exits.
@Suite struct TestCommandTests {
    @Test(arguments: ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan",
                      "s4-tgw-segmentation", "s5-dx-vpn-backup", "s6-two-cgw-one-network"])
    func examplesPass(_ name: String) throws {
        let r = try CLI.run(["test", "examples/\(name).yaml"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(!r.stdout.contains("FAIL"))
    }

    /// S4's document keeps VPC A and VPC B apart; an intent that A reaches B is wrong.
    @Test func aWrongIntentFailsWithTheDrop() throws {
        let text = try String(contentsOf: CLI.root.appendingPathComponent("examples/s4-tgw-segmentation.yaml"), encoding: .utf8)
        let file = try Self.write(text + "  - reachable: {from: private-ec2-a, to: private-ec2-b}\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["test", file])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("FAIL") && r.stdout.contains("dropped: no-route at vpc-a/a-private"), "\(r.stdout)")
        #expect(r.stdout.contains("1 of 7 intents fail"))
        let j = try CLI.run(["test", file, "--format", "json"])
        #expect(j.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(report["all_hold"] as? Bool == false)
        #expect(report["failed"] as? Int == 1)
        let last = try #require((report["outcomes"] as? [[String: Any]])?.last)
        #expect((last["trace"] as? [String: Any])?["reason"] as? String == "no-route")
        #expect((last["intent"] as? [String: Any])?["intent"] as? String == "reachable")
    }

    @Test func noIntentsOrAnIntentNamingNothingIsUnusable() throws {
        let bad = try CLI.run(["test", "examples/broken/intent-names-nothing.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("[intent-names-nothing]"), "\(bad.stderr)")
        let text = try String(contentsOf: CLI.root.appendingPathComponent("examples/s4-tgw-segmentation.yaml"), encoding: .utf8)
        let file = try Self.write(text.components(separatedBy: "\nexpect:\n")[0])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let none = try CLI.run(["test", file])
        #expect(none.status == 2)
        #expect(none.stderr.contains("has no `expect:` intents"), "\(none.stderr)")
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-intents-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
