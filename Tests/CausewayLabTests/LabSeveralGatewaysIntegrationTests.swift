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
            // Sessions: four at the VGW's edge, two on each device; each learns at least a prefix.
            try await LabMachine.upWithSessions(file, lab, sessions: 8, tunnels: 4)

            let result = try await LabMachine.test(file, lab, cases: ["baseline", "intents", "vpn-dc1/1 down", "vpn-dc1/2 down", "vpn-dc2/1 down", "vpn-dc2/2 down"])
            // The host behind dc2 is reached from the VPC (through dc1, AWS's choice) and answers.
            let toDC2 = result.cases.first?.checks.filter { $0.from.hasPrefix("vpc:shop") && $0.to == "site:dc2" } ?? []
            #expect(!toDC2.isEmpty && toDC2.allSatisfy(\.measured), "\(toDC2)")
            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
