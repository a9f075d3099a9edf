import Foundation
import Testing

/// A topology whose only findings are warnings (AWS accepts it, traffic does not flow as meant)
/// checks with exit 0, and the simulator's verbs run on it: they print the warnings on stderr in
/// the `file:line:col: warning: … [rule-id]` form and simulate the mistake.
@Suite struct WarningSimulationTests {
    /// A copy of `text` in a temporary folder, removed after `body`.
    static func withFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-warn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("topology.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try body(file.path)
    }

    /// S2 with the private subnet's route to on-premises removed: AWS accepts the table.
    static func s2WithoutPrivateRoute() throws -> String {
        let s2 = try String(contentsOf: CLI.root.appendingPathComponent("examples/s2-openstack.yaml"), encoding: .utf8)
        let old = "        subnets: [private]\n        routes:\n          - {destination: 192.168.0.0/20, target: vgw}\n"
        #expect(s2.contains(old), "examples/s2-openstack.yaml changed; update this fixture")
        return s2.replacingOccurrences(of: old, with: "        subnets: [private]\n")
    }

    @Test func s2WithoutTheVPCRouteChecksWithAWarning() throws {
        try Self.withFile(try Self.s2WithoutPrivateRoute()) { file in
            let r = try CLI.run(["check", file])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains(": warning: route table `private-rt`"))
            #expect(r.stdout.contains("[propagation-missing]"))
            #expect(!r.stdout.contains(": error:"))
            #expect(r.stderr.contains("0 errors"))
            let json = try CLI.run(["check", file, "--format", "json"])
            #expect(json.status == 0)
            #expect(try CLI.json(json).contains { $0.rule == "propagation-missing" && $0.severity.rawValue == "warning" })
        }
    }

    @Test func s2WithoutTheVPCRouteTracesTheDrop() throws {
        try Self.withFile(try Self.s2WithoutPrivateRoute()) { file in
            let r = try CLI.run(["trace", file, "--from", "10.0.2.10", "--to", "192.168.0.50"])
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            // The drop names the table and the fix: the VGW's route is there, not propagated.
            #expect(r.stdout.contains("unreachable: propagation-disabled") && r.stdout.contains("my-vpc/private-rt"), "\(r.stdout)")
            #expect(r.stderr.contains("\(file):"), "\(r.stderr)")
            #expect(r.stderr.contains(": warning: ") && r.stderr.contains("[propagation-missing]"), "\(r.stderr)")
            #expect(!r.stderr.contains("has errors"))
            // The other direction reaches the VPC, and the reply is what is lost.
            let back = try SimCLI.run(["trace", file, "--from", "192.168.0.50", "--to", "10.0.2.10", "--format", "json"])
            #expect(back.status == 1)
            #expect(try SimCLI.json(back)["reason"] as? String == "propagation-disabled", "\(back.stdout)")
            #expect(try SimCLI.json(back)["delivered"] as? Bool == true)
            // The public subnet still routes to the site.
            #expect(try CLI.run(["trace", file, "--from", "10.0.1.10", "--to", "192.168.0.50"]).status == 0)
        }
    }

    @Test func tgwTableWithoutPropagationTracesTheDrop() throws {
        let file = "examples/broken/tgw-route-missing.yaml"
        #expect(try CLI.run(["check", file]).status == 0)
        let r = try SimCLI.run(["trace", file, "--from", "10.0.1.10", "--to", "192.168.1.10", "--format", "json"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let j = try SimCLI.json(r)
        #expect(j["reason"] as? String == "no-route", "\(r.stdout)")
        #expect(r.stdout.contains("app-rt"), "\(r.stdout)")
        #expect(r.stderr.contains(": warning: ") && r.stderr.contains("[tgw-route-missing]"), "\(r.stderr)")
    }

    /// Every broken file without errors runs through every simulation verb without crashing.
    @Test(arguments: CheckCommandTests.routingWarnings.sorted())
    func simulationVerbsRunOnWarnings(_ rule: String) throws {
        let file = "examples/broken/\(rule).yaml"
        for verb in [["routes", file], ["matrix", file], ["failover", file]] {
            let r = try CLI.run(verb)
            #expect(!CLI.crashed(r), "\(verb.joined(separator: " ")): \(r.stderr)")
            #expect(r.status == 0 || r.status == 1, "\(verb.joined(separator: " ")) exit \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("[\(rule)]"), "\(verb.joined(separator: " ")) did not print the warning: \(r.stderr)")
        }
    }

    /// Errors still stop the simulator (exit 2) and are printed.
    @Test func errorsStillStopTheSimulator() throws {
        let r = try CLI.run(["routes", "examples/broken/inside-cidr-reserved.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(": error: ") && r.stderr.contains("has errors"))
    }
}
