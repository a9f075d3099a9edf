import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// S5 with the real daemons, as root: Direct Connect primary (a transit virtual interface stood
/// in by a plain link with BGP) and a BGP VPN backup on one transit gateway. `lab test` measures
/// the simulator's matrix, each tunnel's failure and the interface's; then the interface is cut
/// by hand and the traffic must move to the VPN and come back. Lab name `t5` (fixed, like
/// LabIntegrationTests'): run it alone, on the lab machine.
@Suite struct LabDirectConnectIntegrationTests {
    @Test func s5UpTestCutDown() async throws {
        guard LabMachine.ready else { return }
        let file = "examples/s5-dx-vpn-backup.yaml", lab = "t5"
        try await LabMachine.withCleanup(lab) {
            // Sessions: two per tunnel (both ends) and two over the virtual interface.
            try await LabMachine.upWithSessions(file, lab, sessions: 6, tunnels: 2)

            let result = try await LabMachine.test(file, lab, cases: ["baseline", "intents", "vpn/1 down", "vpn/2 down", "dx:dc-transit-vif down"])
            let dxCase = result.cases.first { $0.name == "dx:dc-transit-vif down" }
            #expect(dxCase?.probe != nil && dxCase?.disruptionSeconds != nil && dxCase?.recoverySeconds != nil, "\(String(describing: dxCase))")

            // The cut by hand: the site's router and the transit gateway move to the VPN.
            let t = try Repo.topology("s5-dx-vpn-backup")
            let plan = try LabPlan(topology: t, secrets: Repo.secrets(t), name: lab)
            let v = try #require(plan.virtualInterface("dc-transit-vif"))
            let g = try #require(plan.nodes.first { $0.role == .transitGateway }).namespace
            let erp = try #require(plan.endpoint(IPv4Address(172, 16, 10, 20))), api = try #require(plan.endpoint(IPv4Address(10, 50, 1, 10)))
            let runner = LabRunner()
            func sh(_ argv: [String]) async throws -> String { try await offThePool { try ProcessRunner().run(argv).stdout } }
            func siteRoute() async throws -> String { try await sh(["ip", "-n", v.customerNamespace, "route", "get", "10.50.1.10"]) }
            func awsRoute() async throws -> String { try await sh(["ip", "-n", g, "route", "show", "table", "100", "172.16.0.0/16"]) }
            func waitFor(_ what: String, _ ok: () async throws -> Bool) async throws {
                let d = Date().addingTimeInterval(60)
                while Date() < d { if try await ok() { return }; try await Task.sleep(for: .milliseconds(300)) }
                Issue.record("timed out waiting for \(what)")
            }
            // Direct Connect first (`lab test` returns once the interface's session is up again; its
            // routes follow within a second or two).
            try await waitFor("Direct Connect first on the site's router") { let r = try await siteRoute(); return r.contains("dev dx1.210") }
            try await waitFor("Direct Connect first on the transit gateway") { let r = try await awsRoute(); return !r.contains("linkdown") }
            #expect(try await offThePool { runner.ping(erp, api, wait: 2) })
            for cmd in plan.outage(v) { _ = try await offThePool { try ProcessRunner().run(cmd) } }
            try await waitFor("the site's router to route over the VPN") { let r = try await siteRoute(); return !r.contains("dx1.210") }
            try await waitFor("the transit gateway to skip the Direct Connect route") { let r = try await awsRoute(); return r.contains("linkdown") }
            try await waitFor("erp → api over the VPN") { try await offThePool { runner.ping(erp, api, wait: 2) && runner.ping(api, erp, wait: 2) } }
            let viaVPN = try await siteRoute()
            #expect(viaVPN.contains("dev vti"), "over a tunnel: \(viaVPN)")
            for cmd in plan.restore(v) { _ = try await offThePool { try ProcessRunner().run(cmd) } }
            try await waitFor("Direct Connect back on the site's router") { let r = try await siteRoute(); return r.contains("dev dx1.210") }
            try await waitFor("Direct Connect back on the transit gateway") { let r = try await awsRoute(); return !r.contains("linkdown") }
            #expect(try await offThePool { runner.ping(erp, api, wait: 2) })

            let down = try await CLI.run(["lab", "down", "--name", lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }
}
