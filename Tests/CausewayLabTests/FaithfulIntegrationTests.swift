import CausewayCore
import CausewaySim
import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayLab

/// The faithful lab on this machine: gateway VMs running the production files. Root only (a
/// message and nothing else without it); a scenario CAUSEWAY_FAITHFUL names fails without QEMU
/// or its images, so CI cannot pass one by skipping it. Each test has its own lab name (namespaces cw-NAME-*), distinct from the
/// namespace lab's tests that may run beside them.
@Suite(.serialized) struct FaithfulIntegrationTests {
    static var isRoot: Bool { geteuid() == 0 }

    /// Which scenarios boot VMs: CAUSEWAY_FAITHFUL lists them (`s2 s4`, or `1`/`all` for every
    /// one); unset, none do (each takes minutes under software emulation). `.ci/run` sets the
    /// ones that pass reliably.
    static func enabled(_ scenario: String) -> Bool {
        let v = ProcessInfo.processInfo.environment["CAUSEWAY_FAITHFUL"] ?? ""
        let words = v.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if words.contains("1") || words.contains("all") || words.contains(scenario) { return true }
        print("FaithfulIntegrationTests: \(scenario) skipped (CAUSEWAY_FAITHFUL does not name it)")
        return false
    }

    static func ready(_ scenario: String) -> Bool {
        guard enabled(scenario) else { return false }
        guard isRoot else {
            print("FaithfulIntegrationTests: skipped, not root (the faithful lab creates namespaces and VMs)")
            return false
        }
        if let why = LabRunner.preflight() { Issue.record("the faithful lab cannot run: \(why)"); return false }
        if let why = GatewayHypervisors.system().unavailable() { Issue.record("the faithful lab cannot run: \(why)"); return false }
        return true
    }

    static func plan(_ example: String, _ name: String, fault: ReintroducedFault? = nil) throws -> FaithfulLabPlan {
        let t = try Repo.topology(example)
        return try FaithfulLabPlan(topology: t, secrets: Repo.secrets(t), name: name, fault: fault)
    }

    static func runner(_ hv: any GatewayHypervisor = GatewayHypervisors.system()) -> FaithfulLabRunner {
        FaithfulLabRunner(lab: LabRunner(progress: { print("faithful: \($0)") }), hypervisor: hv)
    }

    /// Brings `plan` up, runs `body`, and always takes it down; nothing may be left.
    static func withLab(_ plan: FaithfulLabPlan, _ body: @escaping @Sendable (FaithfulLabRunner, FaithfulLabRunner.Running) throws -> Void) async throws {
        let r = runner()
        try await LabMachine.withCleanup(plan.name) {
            try await offThePool {
                let running = try r.up(plan, topologyFile: "examples")
                defer { r.stop(running) }
                try body(r, running)
            }
        }
    }

    /// A hypervisor whose boot fails: `up` must remove everything it made (namespaces, charons,
    /// FRR of the edges and LAN routers), as after Ctrl-C or any failed step.
    struct FailingHypervisor: GatewayHypervisor {
        func prepare(_ flavour: GatewayFlavour) throws -> Bool { true }
        func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine {
            usleep(1_500_000)
            throw LabPlanError("boot refused on purpose")
        }
        func unavailable() -> String? { nil }
    }

    @Test(arguments: [("s0-eks-onprem-db", "fx0"), ("s2-openstack", "fx2"), ("s4-tgw-segmentation", "fx4")])
    func failedUpLeavesNothing(_ example: String, _ name: String) async throws {
        guard Self.isRoot else { print("failedUpLeavesNothing: skipped, not root"); return }
        guard LabMachine.ready else { return }
        let plan = try Self.plan(example, name)
        let r = Self.runner(FailingHypervisor())
        try await LabMachine.withCleanup(plan.name) {
            await #expect(throws: LabPlanError.self) { try await offThePool { _ = try r.up(plan, topologyFile: "examples") } }
        }
        #expect(!FileManager.default.fileExists(atPath: plan.directory))
    }

    /// S2 (Libreswan, static): the README as written brings both tunnels up; the matrix holds;
    /// cutting tunnel 1 moves every flow to tunnel 2 within the DPD timeout plus a margin (issue
    /// #11 item 2; Libreswan keeps a VTI up when its SA dies, see
    /// https://libreswan.org/man/ipsec.conf.5.html `leftupdown=`, so only the rendered updown
    /// and the distances make this true); a reboot brings everything back with no hand step.
    @Test func s2FailoverAndReboot() async throws {
        guard Self.ready("s2") else { return }
        let plan = try Self.plan("s2-openstack", "fs2")
        try await Self.withLab(plan) { r, running in
            let t = FaithfulTester(runner: r, running: running)
            let m = try t.matrix()
            #expect(!m.checks.isEmpty && m.checks.allSatisfy(\.agree), "\(m.checks.filter { !$0.agree })")
            let f = try t.failover(TunnelRef("vpn", 1))
            #expect(f.passed, "\(f)")
            let b = try t.reboot(site: "openstack")
            #expect(b.passed, "\(b.summary)")
        }
    }

    /// The old render (no `leftupdown=`, both static routes at distance 100) must fail the
    /// failover: about half the flows stay on the dead tunnel's VTI.
    @Test func s2OldLibreswanStaticFailoverFaultIsCaught() async throws {
        guard Self.ready("s2") else { return }
        let plan = try Self.plan("s2-openstack", "fs2old", fault: .libreswanStaticFailover)
        try await Self.withLab(plan) { r, running in
            let f = try FaithfulTester(runner: r, running: running).failover(TunnelRef("vpn", 1))
            #expect(!f.passed, "the reintroduced fault went unnoticed: \(f)")
            #expect(f.flowingAtEnd < f.flows)
        }
    }

    /// S4 (strongSwan legacy, static, TGW, EC2 behind a 1:1 NAT): matrix and reboot.
    @Test func s4MatrixAndReboot() async throws {
        guard Self.ready("s4") else { return }
        let plan = try Self.plan("s4-tgw-segmentation", "fs4")
        try await Self.withLab(plan) { r, running in
            let t = FaithfulTester(runner: r, running: running)
            let m = try t.matrix()
            #expect(!m.checks.isEmpty && m.checks.allSatisfy(\.agree), "\(m.checks.filter { !$0.agree })")
            let b = try t.reboot(site: "onprem-c")
            #expect(b.passed, "\(b.summary)")
        }
    }

    /// S0 (Libreswan, BGP, OSPF toward the LAN's core router): the core learns the VPC over OSPF.
    @Test func s0BGPAndOSPFLAN() async throws {
        guard Self.ready("s0") else { return }
        let plan = try Self.plan("s0-eks-onprem-db", "fs0")
        try await Self.withLab(plan) { r, running in
            let m = try FaithfulTester(runner: r, running: running).matrix()
            #expect(!m.checks.isEmpty && m.checks.allSatisfy(\.agree), "\(m.checks.filter { !$0.agree })")
            let core = try #require(plan.frr.first { $0.node.hasSuffix("/core") })
            let routes = try r.lab.runner.run(["ip", "-n", core.namespace, "route", "show", "proto", "ospf"]).stdout
            #expect(routes.contains("172.20.0.0/16"), "the core router learned no VPC route over OSPF: \(routes)")
        }
    }
}
