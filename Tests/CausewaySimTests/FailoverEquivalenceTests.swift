import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// The failover report re-traces, per tunnel failure, only the flows that crossed the tunnel;
/// it must equal re-tracing every flow on the re-converged network.
@Suite struct FailoverEquivalenceTests {
    func json(_ r: FailoverReport) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(r), as: UTF8.self)
    }

    func expectEqualReports(_ sim: Simulation, _ label: String) throws {
        let fast = sim.failoverReport(threads: 1, failures: nil, retraceAll: false)
        let full = sim.failoverReport(threads: 1, failures: nil, retraceAll: true)
        #expect(!fast.cases.isEmpty, "\(label): no failures tried")
        #expect(try json(fast) == json(full), "\(label): the incremental report differs from the full one")
    }

    @Test(arguments: ["s0-", "s1-", "s2-", "s3-", "s4-"])
    func examples(_ prefix: String) throws {
        try expectEqualReports(Simulation(topology: try example(prefix)), prefix)
    }

    @Test func examplesWithATunnelAlreadyDown() throws {
        for prefix in ["s0-", "s3-", "s4-"] {
            let t = try example(prefix)
            let first = try #require(t.vpnConnections.first)
            try expectEqualReports(Simulation(topology: t, failures: [.tunnel(TunnelRef(first.name, 1))]), "\(prefix) with \(first.name)/1 down")
        }
    }

    @Test func syntheticTopology() throws {
        let sim = Simulation(topology: SyntheticTopology.make(scale: 1))
        let tunnels = sim.singleFailures().filter(\.isTunnel)
        let fast = sim.failoverReport(threads: 1, failures: tunnels, retraceAll: false)
        let full = sim.failoverReport(threads: 1, failures: tunnels, retraceAll: true)
        #expect(try json(fast) == json(full))
        #expect(fast.cases.contains { !$0.moved.isEmpty }, "no flow moved: the comparison proves little")
    }
}
