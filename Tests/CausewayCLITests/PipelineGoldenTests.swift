import CausewayTestSupport
import Foundation
import Testing

/// What the simulator and the planner decide, pinned as JSON: `routes --format json` for every
/// bundled example, and `plan --format json` of each against an empty account (moto). Refactors
/// of the resolve stage, the simulator and the planner must leave these unchanged; an intended
/// change is regenerated on purpose with `CAUSEWAY_UPDATE_GOLDEN=1` and named in its commit.
@Suite(.serialized) struct PipelineGoldenTests {
    static let update = ProcessInfo.processInfo.environment["CAUSEWAY_UPDATE_GOLDEN"] == "1"
    static let golden = CLI.root.appendingPathComponent("Tests/CausewayCLITests/Golden")
    static let examples = ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan", "s4-tgw-segmentation",
                           "s5-dx-vpn-backup", "s6-two-cgw-one-network"]

    @Test(arguments: examples)
    func routes(_ example: String) throws {
        let r = try CLI.run(["routes", "examples/\(example).yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        try Self.compare(r.stdout, "routes/\(example).json")
    }

    @Test func planAgainstAnEmptyAccount() async throws {
        let moto = try await SharedMoto.golden.reset()
        for example in Self.examples {
            let r = try CLI.run(["plan", "examples/\(example).yaml", "--format", "json",
                                 "--endpoint", "http://127.0.0.1:\(moto.port)", "--region", "ap-northeast-2"],
                                environment: AWSCommandTests.environment)
            #expect(r.status == 0, "\(example): \(r.stderr)")
            try Self.compare(r.stdout, "plan/\(example).json")
        }
    }

    static func compare(_ produced: String, _ name: String) throws {
        let url = golden.appendingPathComponent(name)
        if update {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try produced.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let want = try #require(try? String(contentsOf: url, encoding: .utf8), "no golden file \(name); run with CAUSEWAY_UPDATE_GOLDEN=1")
        guard want != produced else { return }
        let a = want.components(separatedBy: "\n"), b = produced.components(separatedBy: "\n")
        let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("\(name) differs from its golden file at line \(i + 1):\n  golden:   \(i < a.count ? a[i] : "<end>")\n  produced: \(i < b.count ? b[i] : "<end>")")
    }
}
