import CausewayCore
import CausewaySim
import Foundation

/// One `expect:` intent run in the lab: the simulator's outcome next to what the lab measured.
public struct LabIntentCheck: Sendable, Codable, Equatable {
    /// The intent as one line (`survives 10.30.12.85 → private-ec2-a icmp without vpn/1`).
    public var intent: String
    /// Where it is written (`file:line:col`).
    public var location: String
    public var predicted: Bool
    /// The simulator's verdict or answer.
    public var prediction: String
    /// Whether it held in the lab; nil when the lab cannot measure it (`measurement` says why).
    public var measured: Bool?
    public var measurement: String
    public var agree: Bool { measured.map { $0 == predicted } ?? true }
}

extension LabTester {
    /// Every intent of the topology, run on the simulator and measured in the lab: flows by ping
    /// between the lab's endpoints (a `survives` intent with its tunnel or virtual interface cut
    /// as the failure cases cut them, unless `cutting` is off), names with `dig` from the
    /// client's namespace. nil without intents.
    func intentCase(cutting: Bool) throws -> LabTestCase? {
        let sim = plan.simulation
        guard !sim.topology.intents.isEmpty else { return nil }
        runner.progress("intents: running \(sim.topology.intents.count) from expect:")
        var c = LabTestCase(name: "intents", checks: [])
        c.intents = try sim.topology.intents.map { i in
            let o = sim.evaluate(i)
            let (held, how) = try measure(i, sim, cutting: cutting)
            return LabIntentCheck(intent: i.summary, location: o.location.description, predicted: o.holds, prediction: o.outcome,
                                  measured: held, measurement: how)
        }
        return c
    }

    func measure(_ i: Intent, _ sim: Simulation, cutting: Bool) throws -> (Bool?, String) {
        switch i.kind {
        case .reachable(let f):
            guard let (a, b) = try endpoints(f, sim) else { return (nil, notInLab(f)) }
            let ok = try answers(f, a, b, patience: 30)
            return (ok, "\(probe(f)) \(ok ? "answered" : "not answered")")
        case .blocked(let f):
            guard let (a, b) = try endpoints(f, sim) else { return (nil, notInLab(f)) }
            let ok = try answers(f, a, b, patience: 0)
            return (!ok, "\(probe(f)) \(ok ? "answered" : "not answered")")
        case .survives(let f, let x):
            guard let (a, b) = try endpoints(f, sim) else { return (nil, notInLab(f)) }
            guard cutting else { return (nil, "not measured: failures are not cut (--no-failures)") }
            guard let (cut, restore, refs) = cut(x) else { return (nil, "not measured: the lab cuts tunnels, connections and virtual interfaces, not \(x)") }
            let before = try runner.baseline(plan)
            for cmd in cut { try runner.runner.run(cmd).orThrow(cmd) }
            defer { _ = try? restore.map { try runner.runner.run($0) } }
            // The failure must be noticed first (DPD, BGP hold time): ping for as long as the
            // failure cases give a flow to recover.
            let ok = try answers(f, a, b, patience: 150, settle: 6)
            for cmd in restore { try runner.runner.run(cmd).orThrow(cmd) }
            try? runner.waitReady(plan, interruption, seconds: 150, only: refs, asBefore: before)
            return (ok, "\(probe(f)) \(ok ? "answered" : "not answered") with \(x) cut")
        case .resolves(let name, let from, let expected, let x):
            guard x == nil else { return (nil, "not measured: the lab does not fail \(x.map(\.description) ?? "") for DNS") }
            guard let address = try? sim.address(of: from),
                  let q = plan.dns.queries.first(where: { $0.from == address }) else { return (nil, "not measured: \(from) is no DNS client of the lab") }
            var query = q
            query.name = name
            let got = try runner.runner.run(query.dig(seconds: 2, tries: 3)).stdout.split(separator: "\n")
                .compactMap { IPv4Address(String($0).trimmingCharacters(in: .whitespaces)) }
            let ok = !got.isEmpty && (expected.map { Set($0) == Set(got) } ?? true)
            return (ok, got.isEmpty ? "dig: no answer" : "dig: \(got.map(\.description).joined(separator: ", "))")
        }
    }

    /// The lab probes ICMP with ping and TCP with a connection (`LabTCPProbe`); UDP has no
    /// answer to wait for without a service, so it is not measured.
    static func measurable(_ f: IntentFlow) -> Bool { f.protocol == .icmp || (f.protocol == .tcp && f.port != nil) }

    func endpoints(_ f: IntentFlow, _ sim: Simulation) throws -> (LabEndpoint, LabEndpoint)? {
        guard Self.measurable(f), let from = try? sim.address(of: f.from), let to = try? sim.address(of: f.to),
              let a = plan.endpoint(from), let b = plan.endpoint(to) else { return nil }
        return (a, b)
    }

    func notInLab(_ f: IntentFlow) -> String {
        Self.measurable(f) ? "not measured: \(f.from) or \(f.to) is no endpoint of the lab"
            : "not measured: the lab probes icmp with ping and tcp with a connection to its port, not \(f.protocol.rawValue)"
    }

    /// What answers the probe: `ping` or `tcp/PORT`.
    func probe(_ f: IntentFlow) -> String { f.protocol == .tcp ? "tcp/\(f.port ?? 0)" : "ping" }

    /// True once `f`'s probe from `a` to `b` is answered within `patience` seconds (one try when
    /// 0), after `settle` seconds.
    func answers(_ f: IntentFlow, _ a: LabEndpoint, _ b: LabEndpoint, patience: Double, settle: Double = 0) throws -> Bool {
        if settle > 0 { usleep(UInt32(settle * 1_000_000)) }
        let deadline = Date().addingTimeInterval(patience)
        repeat {
            if interruption.requested { throw LabInterrupted() }
            if let port = f.port, f.protocol == .tcp {
                if runner.tcpConnects(a, b, port: port, log: "\(plan.directory)/tcp-probe.out") { return true }
            } else if runner.ping(a, b, wait: 2) {
                return true
            }
        } while Date() < deadline
        return false
    }

    /// The commands that cut a failure and restore it, and what `waitReady` then waits for.
    func cut(_ x: Failure) -> ([[String]], [[String]], Set<String>)? {
        switch x {
        case .tunnel(let ref):
            return plan.tunnel(ref).map { (plan.outage($0), plan.restore, [ref.description]) }
        case .connection(let name):
            let ts = plan.tunnels.filter { $0.connection == name }
            return ts.isEmpty ? nil : (ts.flatMap { plan.outage($0) }, plan.restore, Set(ts.map(\.ref)))
        case .virtualInterface(let name):
            return plan.virtualInterface(name).map { (plan.outage($0), plan.restore($0), [$0.ref]) }
        case .site, .vpnGatewayDetached, .healthCheck:
            return nil
        }
    }
}
