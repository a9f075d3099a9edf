import Foundation
import Testing

/// S6 (two customer gateway devices for one network) through the simulator's verbs, as JSON:
/// the VGW's choice with its reason, the trace over the other device, the drop under a
/// failure, and the failover report moving flows to the backup.
@Suite struct MultiCGWCommandTests {
    let s6 = "examples/s6-two-cgw-one-network.yaml"

    @Test func routesShowAWSChoiceAndWhyNot() throws {
        let r = try SimCLI.run(["routes", s6, "--table", "vgw", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("not chosen: AS_PATH of 3 is longer than 1"), "\(r.stdout)")
        #expect(r.stdout.contains("AWS picks one of the equal paths"))
    }

    @Test func traceReachesTheOtherDevicesHost() throws {
        let r = try SimCLI.run(["trace", s6, "--from", "10.20.1.10", "--to", "10.60.2.10", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let j = try SimCLI.json(r)
        #expect(j["tunnels"] as? [String] == ["vpn-dc1/1"], "\(j)")
        #expect(j["return_tunnels"] as? [String] == ["vpn-dc2/1"], "\(j)")
        #expect(r.stdout.contains("another customer gateway device (dc2)"))
    }

    @Test func aFailedDeviceIsADrop() throws {
        let r = try SimCLI.run(["trace", s6, "--from", "10.60.1.10", "--to", "10.20.1.10", "--fail", "site:dc1", "--format", "json"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("tunnel-down") && r.stdout.contains("\"drop\""), "\(r.stdout)")
    }

    @Test func failoverMovesTrafficToTheBackup() throws {
        let r = try SimCLI.run(["failover", s6, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let cases = try #require(try SimCLI.json(r)["cases"] as? [[String: Any]])
        let dc1 = try #require(cases.first { $0["failure"] as? String == "site:dc1" })
        let moved = dc1["moved"] as? [[String: Any]] ?? []
        #expect(moved.contains { $0["from"] as? String == "vpc:shop" && ($0["after"] as? [String])?.allSatisfy { $0.hasPrefix("vpn-dc2/") } == true }, "\(moved)")
    }
}
