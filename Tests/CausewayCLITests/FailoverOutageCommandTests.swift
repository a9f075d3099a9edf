import Foundation
import Testing

/// `causeway failover` prints each case's predicted outage (docs/failover.md) in text and JSON.
@Suite struct FailoverOutageCommandTests {
    /// S4 (static, DPD timeout 30 s): tunnel 1's moved flows are back 20–30 s after the cut;
    /// losing the gateway breaks flows until repaired.
    @Test func failoverPrintsOutageSeconds() throws {
        let s4 = "examples/s4-tgw-segmentation.yaml"
        let text = try SimCLI.run(["failover", s4])
        #expect(text.status == 0)
        #expect(text.stdout.contains("  outage: 30.0 s (+3.0 s/−10.0 s"), "\(text.stdout)")
        #expect(text.stdout.contains("customer-dpd: the customer gateway declares the peer dead 20–30 s after the failure"))
        #expect(text.stdout.contains("(until repaired)"))
        let json = try SimCLI.json(try SimCLI.run(["failover", s4, "--format", "json"]))
        let cases = try #require(json["cases"] as? [[String: Any]])
        let t1 = try #require(cases.first { $0["failure"] as? String == "vpn/1" })
        let o = try #require(t1["outage_seconds"] as? [String: Any])
        #expect(o["predicted"] as? Double == 30 && o["earlier"] as? Double == 10 && o["later"] as? Double == 3)
        #expect((o["reasons"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["customer-dpd", "static-route-move", "aws-dpd", "aws-route-move"])
    }
}
