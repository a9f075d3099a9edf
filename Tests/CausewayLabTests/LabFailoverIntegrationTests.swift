import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// S2's Route 53 failover with real daemons, as root: `named` authoritative for skk2022.shop, a
/// web endpoint (busybox httpd) on each health-checked address, and the health checker probing
/// them every 30 s with threshold 3. `lab test` digs gslb.skk2022.shop (Seoul, as `resolve`
/// predicts), stops Seoul's web server and times the move to Tokyo against 30 s × 3, starts it
/// again and times the way back. Lab name `tfo2` (fixed): run it alone, on the lab machine.
/// About five minutes (two failovers at Route 53's standard interval, plus the tunnel cases).
@Suite struct LabFailoverIntegrationTests {
    @Test func s2FailoverMovesTheAnswerToTokyoAndBack() async throws {
        guard LabMachine.ready else { return }
        let file = "examples/s2-openstack.yaml", lab = "tfo2"
        // What the simulator answers: Seoul, and Tokyo with Seoul's health check failed.
        let seoul = try await CLI.run(["resolve", file, "gslb.skk2022.shop", "--from", "10.0.2.10"])
        #expect(seoul.status == 0 && seoul.stdout.contains("203.0.113.80"), "\(seoul.stdout)\(seoul.stderr)")
        let tokyo = try await CLI.run(["resolve", file, "gslb.skk2022.shop", "--from", "10.0.2.10", "--fail", "health:seoul"])
        #expect(tokyo.status == 0 && tokyo.stdout.contains("203.0.113.90"), "\(tokyo.stdout)\(tokyo.stderr)")

        try await LabMachine.withCleanup(lab) {
            let up = try await CLI.run(["lab", "up", file, "--name", lab])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            let test = try await CLI.run(["lab", "test", file, "--name", lab, "--format", "json"])
            let checker = (try? String(contentsOfFile: "\(LabPlan.defaultRoot)/\(lab)/r53/health-checker.out", encoding: .utf8)) ?? ""
            let report = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(test.stdout.utf8))
            #expect(test.status == 0, "lab test disagrees:\n\(test.stdout)\n\(test.stderr)")
            #expect(report.cases.map(\.name) == ["baseline", "health:seoul down", "vpn/1 down", "vpn/2 down"])
            let baseline = try #require(report.cases.first?.failover)
            #expect(baseline.map(\.measured) == [["203.0.113.80"]], "\(baseline)")
            let failover = try #require(report.cases.first { $0.name == "health:seoul down" }?.failover)
            #expect(failover.map(\.step) == ["seoul stopped", "seoul started again"])
            #expect(failover.map(\.measured) == [["203.0.113.90"], ["203.0.113.80"]], "\(failover)")
            for c in failover {
                #expect(c.agree && c.predictedSeconds == 90, "\(c)\nchecker log:\n\(checker)\nnotes: \(report.cases.flatMap(\.notes))")
                // Route 53's window: after the second of three missed probes, by the third plus the margin.
                if let t = c.measuredSeconds { #expect((59...100).contains(t), "\(c.step): \(t) s") }
            }
            for c in report.cases {
                #expect(c.checks.allSatisfy { $0.agree }, "\(c.name): \(c.checks.filter { !$0.agree })")
            }
            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
