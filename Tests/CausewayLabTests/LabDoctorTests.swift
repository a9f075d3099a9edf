import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// `causeway doctor` inside a lab gateway node (issue 17's acceptance): healthy, then broken
/// three ways in turn, each fault named by its finding. Lab `td`, S3's strongSwan site `idc`.
@Suite(.serialized) struct LabDoctorTests {
    struct Report: Decodable { var diagnostics: [Diagnostic] }

    @Test func doctorNamesABrokenGatewaysFaults() async throws {
        guard LabMachine.ready else { return }
        let lab = "td", file = "examples/s3-tgw-bgp-strongswan.yaml"
        try await LabMachine.withCleanup(lab) {
            let up = try await CLI.run(["lab", "up", file, "--name", lab])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            let state = try #require(try LabState.load(root: LabPlan.defaultRoot, name: lab))
            let ns = try #require(state.nodes.first { $0.name == "site:idc" }?.namespace)
            let frr = try #require(state.frr.first { $0.namespace == ns }?.vtyDirectory)
            let vici = state.tunnels.compactMap(\.customerVici)
            let exe = try #require(CLI.binary)
            func doctor() async throws -> (status: Int32, findings: [Diagnostic]) {
                let argv = ["ip", "netns", "exec", ns, exe, "doctor", Repo.root.appendingPathComponent(file).path, "--site", "idc",
                            "--frr-socket-dir", frr, "--format", "json"] + vici.flatMap { ["--vici-socket", $0] }
                let r = try await offThePool { try ProcessRunner().run(argv) }
                let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
                return (r.status, report.diagnostics)
            }
            func run(_ argv: [String]) async throws {
                let r = try await offThePool { try ProcessRunner().run(argv) }
                try #require(r.succeeded, "\(argv): \(r.stdout)\(r.stderr)")
            }
            // Healthy once both BGP sessions carry prefixes (they follow the SAs within seconds).
            var healthy = try await doctor()
            for _ in 0..<20 where healthy.findings.hasErrors {
                try await Task.sleep(for: .milliseconds(500))
                healthy = try await doctor()
            }
            #expect(healthy.status == 0 && !healthy.findings.hasErrors, "\(healthy.findings.map(\.formatted))")

            // 1. Strict reverse-path filtering on a VTI.
            try await run(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.vti1.rp_filter=1"])
            let rp = try await doctor()
            #expect(rp.status == 1 && rp.findings.contains { $0.rule == "doctor-rp-filter-strict" && $0.message.contains("vti1") },
                    "\(rp.findings.map(\.formatted))")
            try await run(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.vti1.rp_filter=0"])

            // 2. A down SA: tunnel 1's CHILD_SA terminated on the customer's charon.
            let t1 = try #require(state.tunnels.first { $0.index == 1 })
            try await run(["swanctl", "--terminate", "--child", try #require(t1.customerName), "--uri", "unix://\(try #require(t1.customerVici))"])
            let sa = try await doctor()
            #expect(sa.status == 1 && sa.findings.contains { $0.rule == "doctor-child-sa-down" && $0.message.contains("vpn/1") },
                    "\(sa.findings.map(\.formatted))")

            // 3. A BGP session without policy: tunnel 2's neighbor loses its route-maps under ebgp-requires-policy.
            try await run(["ip", "netns", "exec", ns, "vtysh", "--vty_socket", frr, "-c", "conf t", "-c", "router bgp 65016",
                           "-c", "bgp ebgp-requires-policy", "-c", "address-family ipv4 unicast",
                           "-c", "no neighbor 169.254.12.1 route-map causeway-from-vpn-tunnel2 in",
                           "-c", "no neighbor 169.254.12.1 route-map causeway-to-vpn-tunnel2 out", "-c", "end", "-c", "clear bgp 169.254.12.1"])
            var policy = try await doctor()
            for _ in 0..<30 where !policy.findings.contains(where: { $0.rule == "doctor-bgp-no-policy" }) {
                try await Task.sleep(for: .milliseconds(500))
                policy = try await doctor()
            }
            #expect(policy.findings.contains { $0.rule == "doctor-bgp-no-policy" && $0.message.contains("169.254.12.1") },
                    "\(policy.findings.map(\.formatted))")

            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
