import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// S3's hybrid DNS with real `named` and `dig`, as root: the on-premises BIND and the Resolver
/// stand-in in the VPC's node answer each other over the lab's IPsec tunnels; `lab test`
/// resolves a private-hosted-zone name from an on-premises host and an on-premises name from a
/// VPC instance, and both fail with every tunnel cut, as `causeway resolve` predicts. Lab name
/// `dns3` (fixed): run it alone, on the lab machine. Cleans up by PID and namespace even when
/// it fails.
@Suite struct LabDNSIntegrationTests {
    @Test func s3ResolvesBothWaysAndFailsWithTheTunnelsCut() async throws {
        guard LabMachine.ready else { return }
        let file = "examples/s3-tgw-bgp-strongswan.yaml", lab = "dns3"
        try await LabMachine.withCleanup(lab) {
            let up = try await CLI.run(["lab", "up", file, "--name", lab])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            let state = try #require(try LabState.load(root: LabPlan.defaultRoot, name: lab))
            #expect(state.processes.filter { $0.name == "named" }.count == 2, "\(state.processes)")

            let test = try await CLI.run(["lab", "test", file, "--name", lab, "--format", "json"])
            #expect(test.status == 0, "lab test disagrees:\n\(test.stdout)\n\(test.stderr)")
            let result = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(test.stdout.utf8))
            #expect(result.cases.map(\.name) == ["baseline", "vpn/1 down", "vpn/2 down", "vpn/1 + vpn/2 down (DNS)"])
            let base = try #require(result.cases.first?.dns)
            #expect(base.map { "\($0.name) \($0.measured)" } == ["web1.awsanycompany.corp [10.0.10.10]", "websrv.anycompany.corp [192.168.2.20]"])
            let cut = try #require(result.cases.last?.dns)
            #expect(cut.count == 2 && cut.allSatisfy { $0.predicted.isEmpty && $0.measured.isEmpty }, "\(cut)")
            #expect(result.cases.last?.recoverySeconds != nil, "the tunnels came back")
            for c in result.cases {
                #expect(c.checks.allSatisfy(\.agree) && (c.dns ?? []).allSatisfy(\.agree), "\(c.name)")
            }

            // The text report names the DNS checks too.
            let text = try await CLI.run(["lab", "test", file, "--name", lab, "--no-failures"])
            #expect(text.status == 0 && text.stdout.contains("DNS: 2 of 2 names as predicted"), "\(text.stdout)\(text.stderr)")

            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
