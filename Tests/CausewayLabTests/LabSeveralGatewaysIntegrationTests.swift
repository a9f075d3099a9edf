import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// S6 with the real daemons, as root: two customer gateway devices (two sites of one network,
/// one shared LAN) on one VGW whose edge holds both connections. `lab test` measures the
/// simulator's matrix and every single-tunnel failure. Lab name `t6` (fixed, like
/// LabIntegrationTests'): run it alone, on the lab machine.
@Suite struct LabSeveralGatewaysIntegrationTests {
    @Test func s6UpTestDown() async throws {
        guard LabMachine.ready else { return }
        let file = "examples/s6-two-cgw-one-network.yaml", lab = "t6"
        try await LabMachine.withCleanup(lab) {
            let up = try await CLI.run(["lab", "up", file, "--name", lab])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            // Sessions: four at the VGW's edge, two on each device; each learns at least a prefix.
            var report: LabStatusReport
            let deadline = Date().addingTimeInterval(30)
            repeat {
                let status = try await CLI.run(["lab", "status", "--name", lab, "--format", "json"])
                #expect(status.status == 0, "\(status.stderr)")
                report = try JSONDecoder.snake.decode(LabStatusReport.self, from: Data(status.stdout.utf8))
                if report.bgpSessions.count == 8 && report.bgpSessions.allSatisfy({ $0.state == "Established" && $0.prefixesReceived >= 1 }) { break }
                try await Task.sleep(for: .milliseconds(500))
            } while Date() < deadline
            #expect(report.bgpSessions.count == 8 && report.bgpSessions.allSatisfy { $0.state == "Established" && $0.prefixesReceived >= 1 },
                    "\(report.bgpSessions)")
            #expect(report.tunnels.count == 4 && report.tunnels.allSatisfy(\.up), "\(report.tunnels)")

            let test = try await CLI.run(["lab", "test", file, "--name", lab, "--format", "json"])
            let result = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(test.stdout.utf8))
            #expect(test.status == 0, "lab test disagrees:\n\(test.stdout)\n\(test.stderr)")
            #expect(result.cases.map(\.name) == ["baseline", "vpn-dc1/1 down", "vpn-dc1/2 down", "vpn-dc2/1 down", "vpn-dc2/2 down"])
            for c in result.cases {
                let bad = c.checks.filter { !$0.agree }
                #expect(bad.isEmpty, "\(c.name): \(bad)")
            }
            // The host behind dc2 is reached from the VPC (through dc1, AWS's choice) and answers.
            let toDC2 = result.cases.first?.checks.filter { $0.from.hasPrefix("vpc:shop") && $0.to == "site:dc2" } ?? []
            #expect(!toDC2.isEmpty && toDC2.allSatisfy(\.measured), "\(toDC2)")
            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
