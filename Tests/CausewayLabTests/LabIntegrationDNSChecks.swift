import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// What `LabIntegrationTests` checks beyond the matrix and the tunnel cases for the examples with
/// DNS: S2's Route 53 failover and S3's hybrid DNS, with real `named` and `dig`.
extension LabIntegrationTests {
    /// S2: `named` authoritative for skk2022.shop, a web endpoint (busybox httpd) on each
    /// health-checked address and the health checker probing them every 30 s with threshold 3.
    /// `lab test` digs gslb.skk2022.shop (Seoul, as `resolve` predicts), stops Seoul's web server
    /// and times the move to Tokyo against 30 s × 3, starts it again and times the way back.
    static func routeFailover(_ report: LabTestReport, lab: String) throws {
        let checker = (try? String(contentsOfFile: "\(LabPlan.defaultRoot)/\(lab)/r53/health-checker.out", encoding: .utf8)) ?? ""
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
    }

    /// S3: the on-premises BIND and the Resolver stand-in in the VPC's node answer each other
    /// over the lab's IPsec tunnels; a private-hosted-zone name from an on-premises host and an
    /// on-premises name from a VPC instance resolve, and both fail with every tunnel cut, as
    /// `causeway resolve` predicts.
    static func hybridDNS(_ report: LabTestReport, state: LabState, file: String, lab: String) async throws {
        #expect(state.processes.filter { $0.name == "named" }.count == 2, "\(state.processes)")
        let base = try #require(report.cases.first?.dns)
        #expect(base.map { "\($0.name) \($0.measured)" } == ["web1.awsanycompany.corp [10.0.10.10]", "websrv.anycompany.corp [192.168.2.20]"])
        let cut = try #require(report.cases.last?.dns)
        #expect(cut.count == 2 && cut.allSatisfy { $0.predicted.isEmpty && $0.measured.isEmpty }, "\(cut)")
        #expect(report.cases.last?.recoverySeconds != nil, "the tunnels came back")
        #expect(report.cases.allSatisfy { ($0.dns ?? []).allSatisfy(\.agree) })
        // The text report names the DNS checks too.
        let text = try await CLI.run(["lab", "test", file, "--name", lab, "--no-failures"])
        #expect(text.status == 0 && text.stdout.contains("DNS: 2 of 2 names as predicted"), "\(text.stdout)\(text.stderr)")
    }
}
