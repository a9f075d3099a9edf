import CausewayCore
import CausewaySim
import Foundation

/// One pair checked in the lab: the simulator's verdict and the real ping's.
public struct LabCheck: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
    public var fromAddress: IPv4Address
    public var toAddress: IPv4Address
    public var predicted: Bool
    public var reason: String?
    public var measured: Bool
    public var agree: Bool { predicted == measured }
}

/// The matrix with nothing failed, or with one tunnel's outside path cut.
public struct LabTestCase: Sendable, Codable {
    /// `baseline` or `vpn/1 down`.
    public var name: String
    public var checks: [LabCheck]
    /// The flow timed during the failure (a pair that crossed the tunnel and should survive).
    public var probe: String?
    /// Seconds from cutting the path until the probe's first answered ping was sent.
    public var disruptionSeconds: Double?
    /// Seconds from restoring the path until the tunnel (and its BGP sessions) were up again.
    public var recoverySeconds: Double?
    /// `failover`'s predicted outage for a tunnel cut, and whether `disruptionSeconds` fell in it.
    public var outage: LabOutageCheck?
    public var notes: [String] = []
    /// Names resolved with `dig` (LabDNSTest); nil where the case resolves none.
    public var dns: [LabDNSCheck]?
    /// Route 53 failover: `dig` at the lab's authoritative server (`LabFailover`).
    public var failover: [LabFailoverCheck]?
    /// Remote users connecting through the Client VPN stand-ins (`LabClientVPNTest`).
    public var remoteUsers: [LabClientVPNCheck]?
    /// The topology's `expect:` intents, predicted and measured (`LabIntentCheck`).
    public var intents: [LabIntentCheck]?

    /// Each check's agreement with the prediction, of every kind the case holds.
    var verdicts: [Bool] {
        checks.map(\.agree) + (dns ?? []).map(\.agree) + (failover ?? []).map(\.agree) + (remoteUsers ?? []).map(\.agree)
            + (intents ?? []).map(\.agree) + (outage.map { [$0.agree] } ?? [])
    }

    /// Whether every check of the case agrees with the prediction.
    public var agrees: Bool { verdicts.allSatisfy { $0 } }
}

/// A tunnel cut's measured outage beside `failover`'s prediction.
public struct LabOutageCheck: Sendable, Codable, Equatable {
    public var predicted: Double
    public var earliest: Double
    public var latest: Double
    public var measured: Double?
    /// The probe lost only the ping in flight at the cut and the next one went through: the lab's
    /// flow did not wait for the tunnel's dead peer detection (it had moved off, or never used, the
    /// tunnel in that direction).
    public var lostOneProbe: Bool
    /// Measured within [earliest, latest]; a probe that never lost traffic, or lost only the ping
    /// at the cut (it did not depend on the tunnel in the lab), is not held against the prediction.
    public var agree: Bool { lostOneProbe || (measured.map { $0 == 0 || (earliest...latest).contains($0) } ?? false) }

    init(_ p: OutagePrediction, measured: Double?, lostOneProbe: Bool) {
        self.lostOneProbe = lostOneProbe
        predicted = p.predicted
        earliest = p.window.lowerBound
        latest = p.window.upperBound
        self.measured = measured
    }
}

/// What `lab test` found.
public struct LabTestReport: Sendable, Codable {
    public var lab: String
    public var cases: [LabTestCase]
    public var checks: Int { cases.reduce(0) { $0 + $1.verdicts.count } }
    public var disagreements: Int { cases.reduce(0) { $0 + $1.verdicts.filter { !$0 }.count } }

    enum CodingKeys: String, CodingKey { case lab, cases, checks, disagreements }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lab, forKey: .lab)
        try c.encode(cases, forKey: .cases)
        try c.encode(checks, forKey: .checks)
        try c.encode(disagreements, forKey: .disagreements)
    }
    public init(lab: String, cases: [LabTestCase]) {
        self.lab = lab
        self.cases = cases
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lab = try c.decode(String.self, forKey: .lab)
        cases = try c.decode([LabTestCase].self, forKey: .cases)
    }
}

/// Runs the simulator's predictions as real pings in a running lab.
public struct LabTester: Sendable {
    public let runner: LabRunner
    public let plan: LabPlan
    public let interruption: Interruption

    public init(runner: LabRunner, plan: LabPlan, interruption: Interruption = .shared) {
        self.runner = runner
        self.plan = plan
        self.interruption = interruption
    }

    struct Pair {
        var from: NamedNetwork
        var to: NamedNetwork
        var predicted: Bool
        var reason: String?
    }

    func pairs(_ sim: Simulation) -> [Pair] {
        let m = sim.matrix()
        var out: [Pair] = []
        for i in m.networks.indices {
            for j in m.networks.indices {
                guard let o = m.outcome(from: i, to: j) else { continue }
                out.append(Pair(from: m.networks[i], to: m.networks[j], predicted: o.reachable, reason: o.reason?.rawValue))
            }
        }
        return out
    }

    /// Pings every pair (each address pair once, all at the same time); a pair predicted
    /// reachable gets `patience` seconds to start working (convergence), one predicted blocked
    /// is judged on one 2-second ping.
    func measure(_ ps: [Pair], patience: Double) throws -> (checks: [LabCheck], notes: [String]) {
        var notes: [String] = []
        var key: [String: Int] = [:]
        var probes: [(LabEndpoint, LabEndpoint, Bool)] = []
        var index: [Int?] = []
        for p in ps {
            guard let a = plan.endpoint(p.from.representative), let b = plan.endpoint(p.to.representative) else {
                notes.append("\(p.from.name) → \(p.to.name): an address is not in the lab; not checked")
                index.append(nil)
                continue
            }
            let k = "\(a.address)>\(b.address)"
            if let i = key[k] {
                index.append(i)
                probes[i].2 = probes[i].2 || p.predicted
            } else {
                key[k] = probes.count
                index.append(probes.count)
                probes.append((a, b, p.predicted))
            }
        }
        var ok = [Bool](repeating: false, count: probes.count)
        var pending = Array(probes.indices)
        let deadline = Date().addingTimeInterval(patience)
        while !pending.isEmpty {
            if interruption.requested { throw LabInterrupted() }
            let cmds = pending.map { runner.pingCommand(probes[$0].0, probes[$0].1, wait: 2) }
            let results = try runner.runner.runConcurrently(cmds, limit: 48)
            for (i, r) in zip(pending, results) where r.succeeded { ok[i] = true }
            // Only pairs expected to work are retried; a blocked one had its chance.
            pending = pending.filter { !ok[$0] && probes[$0].2 }
            if Date() > deadline { break }
            if !pending.isEmpty { usleep(500_000) }
        }
        var checks: [LabCheck] = []
        for (p, i) in zip(ps, index) {
            guard let i else { continue }
            checks.append(LabCheck(from: p.from.name, to: p.to.name, fromAddress: p.from.representative, toAddress: p.to.representative,
                                   predicted: p.predicted, reason: p.reason, measured: ok[i]))
        }
        return (checks, notes)
    }

    /// The baseline matrix, then (with `failures`) each tunnel's failure in turn.
    public func run(failures: Bool) throws -> LabTestReport {
        let sim = plan.simulation
        runner.progress("baseline: pinging \(pairs(sim).count) pairs")
        let base = try measure(pairs(sim), patience: 30)
        var cases = [LabTestCase(name: "baseline", checks: base.checks, notes: base.notes, dns: try dnsChecks(sim, patience: 30))]
        try failover(&cases, stopping: failures)
        if let c = try clientVPNCase() { cases.append(c) }
        if let c = try intentCase(cutting: failures) { cases.append(c) }
        guard failures else { return LabTestReport(lab: plan.name, cases: cases) }
        for f in sim.singleFailures() {
            switch f {
            case .tunnel(let ref):
                if let t = plan.tunnel(ref) { cases.append(try failureCase(ref, t)) }
            case .virtualInterface(let name):
                if let v = plan.virtualInterface(name) { cases.append(try failureCase(v)) }
            default:
                continue
            }
        }
        if let c = try dnsOutageCase() { cases.append(c) }
        return LabTestReport(lab: plan.name, cases: cases)
    }

    /// The flow to time: predicted to cross `ref`'s VPN connection now and to survive its
    /// failure, site first. Which of the connection's tunnels a flow takes is AWS's choice one
    /// way and the customer side's the other (ECMP, or BGP's oldest path after an earlier cut),
    /// so a flow over either tunnel counts as crossing; one predicted off the connection (S5's
    /// over Direct Connect) has no outage to compare. Without a crossing flow the first
    /// surviving site flow is timed anyway.
    func probe(_ ref: TunnelRef, after: Simulation) -> (LabEndpoint, LabEndpoint, String, crosses: Bool)? {
        probe(after: after) { ($0.tunnels + $0.returnTunnels).contains { $0.connection == ref.connection } }
    }

    func probe(after: Simulation, crosses: (TraceResult) -> Bool) -> (LabEndpoint, LabEndpoint, String, crosses: Bool)? {
        let sim = plan.simulation
        let candidates = pairs(sim).filter(\.predicted).sorted { ($0.from.kind == .site ? 0 : 1) < ($1.from.kind == .site ? 0 : 1) }
        var fallback: (LabEndpoint, LabEndpoint, String, crosses: Bool)?
        for p in candidates {
            guard let a = plan.endpoint(p.from.representative), let b = plan.endpoint(p.to.representative),
                  let before = try? sim.trace(from: a.address, to: b.address),
                  (try? after.trace(from: a.address, to: b.address))?.reachable == true else { continue }
            if crosses(before) { return (a, b, "\(p.from.name) → \(p.to.name)", true) }
            if fallback == nil { fallback = (a, b, "\(p.from.name) → \(p.to.name)", false) }
        }
        return fallback
    }

    func failureCase(_ ref: TunnelRef, _ t: LabTunnel) throws -> LabTestCase {
        let after = Simulation(topology: plan.topology, failures: [.tunnel(ref)])
        return try cutCase(ref.description, after: after, probe: probe(ref, after: after),
                           cut: ("cutting its outside path (nftables drop in the internet namespace)", plan.outage(t)),
                           restore: ("path restored; waiting for the tunnel to come back", plan.restore),
                           predicted: plan.simulation.outage(.tunnel(ref)))
    }

    /// A Direct Connect virtual interface's failure: its link cut at the site's end.
    func failureCase(_ v: LabVirtualInterface) throws -> LabTestCase {
        let after = Simulation(topology: plan.topology, failures: [.virtualInterface(v.name)])
        return try cutCase(v.ref, after: after, probe: probe(after: after) { ($0.virtualInterfaces + $0.returnVirtualInterfaces).contains(v.ref) },
                           cut: ("cutting its link (the site's end down)", plan.outage(v)),
                           restore: ("link restored; waiting for its BGP session to come back", plan.restore(v)))
    }

    /// Cuts `ref` with `cut`, times `probe` (against `predicted`, `failover`'s outage, when given),
    /// measures the matrix `after` predicts, restores and waits for `ref` (a tunnel, or `dx:NAME`)
    /// to be ready again.
    func cutCase(_ ref: String, after: Simulation, probe: (LabEndpoint, LabEndpoint, String, crosses: Bool)?,
                 cut: (String, [[String]]), restore: (String, [[String]]), predicted: OutagePrediction? = nil) throws -> LabTestCase {
        var c = LabTestCase(name: "\(ref) down", checks: [])
        let before = try runner.baseline(plan)
        runner.progress("\(ref): \(cut.0)")
        for cmd in cut.1 { try runner.runner.run(cmd).orThrow(cmd) }
        let t0 = Date()
        defer { _ = try? restore.1.map { try runner.runner.run($0) } }
        if let (a, b, name, crosses) = probe {
            c.probe = name
            var broke = false, lostOneProbe = false
            while Date().timeIntervalSince(t0) < 6 {
                if interruption.requested { throw LabInterrupted() }
                if !runner.ping(a, b) { broke = true; break }
                usleep(300_000)
            }
            if !broke {
                if crosses { c.notes.append("\(name) kept working through the cut: in the lab it did not use \(ref)") }
                c.disruptionSeconds = 0
            } else {
                var retries = 0
                while Date().timeIntervalSince(t0) < 150 {
                    if interruption.requested { throw LabInterrupted() }
                    retries += 1
                    // When the answered ping was sent: the path worked then (its answer and the
                    // process start, seconds on a busy machine, are no part of the outage).
                    let sent = Date()
                    if runner.ping(a, b) { c.disruptionSeconds = sent.timeIntervalSince(t0); break }
                }
                lostOneProbe = retries == 1 && c.disruptionSeconds != nil
                if lostOneProbe { c.notes.append("\(name) lost only the ping at the cut and flowed with the next: in the lab it did not wait for \(ref)'s dead peer detection") }
                if c.disruptionSeconds == nil { c.notes.append("\(name) did not recover within 150 s") }
            }
            // `failover`'s outage is a crossing flow's: a flow predicted off the path (failover
            // lists it unaffected) has none to compare; a loss is noted.
            if let predicted, crosses {
                c.outage = LabOutageCheck(predicted, measured: c.disruptionSeconds, lostOneProbe: lostOneProbe)
            } else if !crosses, let d = c.disruptionSeconds, d > 0 {
                c.notes.append("\(name) is predicted not to cross \(ref)'s path but lost \(String(format: "%.1f", d)) s")
            }
            runner.progress("\(ref): \(name) flowed again after \(String(format: "%.1f", c.disruptionSeconds ?? -1)) s")
        }
        let m = try measure(pairs(after), patience: 60)
        c.checks = m.checks
        c.notes += m.notes
        for cmd in restore.1 { try runner.runner.run(cmd).orThrow(cmd) }
        let r0 = Date()
        runner.progress("\(ref): \(restore.0)")
        do {
            try runner.waitReady(plan, interruption, seconds: 150, only: [ref], asBefore: before)
            if let (a, b, _, _) = probe {
                let d = Date().addingTimeInterval(60)
                while !runner.ping(a, b) && Date() < d { usleep(300_000) }
            }
            c.recoverySeconds = Date().timeIntervalSince(r0)
        } catch let e as LabPlanError {
            c.notes.append("\(ref) did not come back: \(e)")
        }
        return c
    }
}

extension CommandResult {
    func orThrow(_ argv: [String]) throws {
        guard succeeded else { throw CommandError(argv, "exit \(status): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }
}
