import CausewayCore
import CausewaySim
import Foundation

/// One name resolved in the lab: what the simulator's `resolve` predicts, what `dig` got.
public struct LabDNSCheck: Sendable, Codable, Equatable {
    public var client: String
    public var from: IPv4Address
    public var server: IPv4Address
    public var name: String
    /// The predicted addresses; empty when `resolve` predicts no answer (`reason` says why).
    public var predicted: [IPv4Address]
    public var reason: String?
    /// The addresses `dig +short` printed (none on a timeout, SERVFAIL or NXDOMAIN).
    public var measured: [IPv4Address]
    public var agree: Bool { Set(predicted) == Set(measured) }
}

extension LabTester {
    /// Resolves every planned query (`LabDNSPlan.queries`) with `dig`, all at once; one
    /// predicted to answer gets `patience` seconds to answer as predicted (the servers start,
    /// tunnels converge), one predicted to fail is judged on one attempt. nil without queries.
    func dnsChecks(_ sim: Simulation, patience: Double) throws -> [LabDNSCheck]? {
        let qs = plan.dns.queries
        guard !qs.isEmpty else { return nil }
        runner.progress("DNS: resolving \(qs.count) names with dig")
        let predicted = qs.map { q -> (addresses: [IPv4Address], reason: String?) in
            guard let r = try? sim.resolve(q.name, from: q.from) else { return ([], "resolve rejected the query") }
            return (r.answers.compactMap { if case .ipv4(let a) = $0 { return a } else { return nil } }, r.reason)
        }
        var measured = [[IPv4Address]](repeating: [], count: qs.count)
        var pending = Array(qs.indices)
        let deadline = Date().addingTimeInterval(patience)
        while !pending.isEmpty {
            if interruption.requested { throw LabInterrupted() }
            let results = try runner.runner.runConcurrently(pending.map { qs[$0].dig() }, limit: 16)
            for (i, r) in zip(pending, results) {
                measured[i] = r.stdout.split(separator: "\n").compactMap { IPv4Address(String($0).trimmingCharacters(in: .whitespaces)) }
            }
            pending = pending.filter { !predicted[$0].addresses.isEmpty && Set(measured[$0]) != Set(predicted[$0].addresses) }
            if Date() > deadline { break }
            if !pending.isEmpty { usleep(500_000) }
        }
        return qs.indices.map { i in
            LabDNSCheck(client: qs[i].client, from: qs[i].from, server: qs[i].server, name: qs[i].name.text,
                        predicted: predicted[i].addresses, reason: predicted[i].reason, measured: measured[i])
        }
    }

    /// Every tunnel of the VPN connections the baseline resolutions cross, cut at once (as
    /// `resolve --fail vpn/1 --fail vpn/2` predicts, the names fail), the names resolved again,
    /// then the tunnels restored. nil when no resolution crosses a tunnel.
    func dnsOutageCase() throws -> LabTestCase? {
        let sim = plan.simulation
        let crossed = Set(plan.dns.queries.flatMap { q in
            ((try? sim.resolve(q.name, from: q.from))?.hops ?? []).flatMap { $0.tunnels ?? [] }
        })
        let connections = Set(plan.tunnels.filter { crossed.contains($0.ref) }.map(\.connection))
        let cut = plan.tunnels.filter { connections.contains($0.connection) }
        guard !cut.isEmpty else { return nil }
        let refs = cut.map(\.ref)
        var c = LabTestCase(name: "\(refs.joined(separator: " + ")) down (DNS)", checks: [])
        let before = try runner.baseline(plan)
        runner.progress("\(c.name): cutting their outside paths")
        for cmd in cut.flatMap({ plan.outage($0) }) { try runner.runner.run(cmd).orThrow(cmd) }
        defer { _ = try? plan.restore.map { try runner.runner.run($0) } }
        let after = Simulation(topology: plan.topology, failures: Set(cut.map { Failure.tunnel(TunnelRef($0.connection, $0.index)) }))
        // The cut takes effect at once: nothing caches (LabNamed), a query needs the path now.
        c.dns = try dnsChecks(after, patience: 20)
        for cmd in plan.restore { try runner.runner.run(cmd).orThrow(cmd) }
        let r0 = Date()
        runner.progress("\(c.name): paths restored; waiting for the tunnels to come back")
        do {
            try runner.waitReady(plan, interruption, seconds: 150, only: Set(refs), asBefore: before)
            c.recoverySeconds = Date().timeIntervalSince(r0)
        } catch let e as LabPlanError {
            c.notes.append("the tunnels did not come back: \(e)")
        }
        return c
    }
}
