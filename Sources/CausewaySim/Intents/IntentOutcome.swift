import CausewayCore
import Foundation

/// Whether one intent holds on the simulated network, with the trace or the resolution that
/// decided it.
public struct IntentOutcome: Sendable, Encodable {
    public var intent: Intent
    /// Where the intent is written (`file:line:col`).
    public var location: SourceLocation
    public var holds: Bool
    /// One line: `reachable via vpn/1`, `dropped: no-route at tgw:tgw/tgw-rt-a — …`, `answer 10.0.10.10`.
    public var outcome: String
    /// The flow's trace (under the failure, for `survives`).
    public var trace: TraceResult?
    public var resolution: ResolutionResult?
    /// The simulator could not run the intent (an endpoint it cannot place): the input is unusable.
    public var error: String?

    enum CodingKeys: String, CodingKey { case intent, location, holds, outcome, trace, resolution, error }
}

/// Every intent's outcome, in file order.
public struct IntentReport: Sendable, Encodable {
    public var outcomes: [IntentOutcome]
    public var allHold: Bool { outcomes.allSatisfy(\.holds) }
    /// Some intent could not be run at all.
    public var hasErrors: Bool { outcomes.contains { $0.error != nil } }

    enum CodingKeys: String, CodingKey { case outcomes, allHold, passed, failed }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(allHold, forKey: .allHold)
        try c.encode(outcomes.filter(\.holds).count, forKey: .passed)
        try c.encode(outcomes.filter { !$0.holds }.count, forKey: .failed)
    }
}

extension TraceResult {
    /// `reachable via vpn/1, reply via vpn/1`, or `dropped: REASON at NODE — detail`.
    public var verdictLine: String {
        if reachable {
            let there = tunnels.map(\.description) + virtualInterfaces, home = returnTunnels.map(\.description) + returnVirtualInterfaces
            return "reachable" + (there.isEmpty ? "" : " via \(there.joined(separator: ", "))") + (home.isEmpty ? "" : ", reply via \(home.joined(separator: ", "))")
        }
        let drop = (returnHops + hops).last { $0.action == .drop }
        return "dropped: \(reason?.rawValue ?? "dropped")\(drop.map { " at \($0.node)" } ?? "") — \(detail ?? "")"
    }
}

extension Simulation {
    /// Runs every intent of the topology; Client VPN users connect at their intent's `at`, else `now`.
    public func evaluateIntents(now: Date = Date()) -> IntentReport {
        IntentReport(outcomes: topology.intents.map { evaluate($0, now: now) })
    }

    /// Runs one intent: traces its flow (with its failure added, for `survives`) or resolves its name.
    public func evaluate(_ intent: Intent, now: Date = Date()) -> IntentOutcome {
        var o = IntentOutcome(intent: intent, location: topology.locate(intent.path), holds: false, outcome: "")
        do throws(TraceError) {
            switch intent.kind {
            case .reachable(let f):
                let r = try trace(f, now: now)
                (o.trace, o.holds, o.outcome) = (r, r.reachable, r.verdictLine)
            case .blocked(let f):
                let r = try trace(f, now: now)
                (o.trace, o.holds, o.outcome) = (r, !r.reachable, r.reachable ? "not blocked: \(r.verdictLine)" : r.verdictLine)
            case .survives(let f, let x):
                let r = try Simulation(resolved: resolved, failures: failures.union([x])).trace(f, now: now)
                (o.trace, o.holds, o.outcome) = (r, r.reachable, "without \(x): \(r.verdictLine)")
            case .resolves(let name, let from, let expected, let x):
                let sim = x.map { Simulation(resolved: resolved, failures: failures.union([$0])) } ?? self
                let r = try sim.resolve(name, from: try address(of: from))
                o.resolution = r
                let got = r.answers.map(\.description)
                let wanted = expected.map { $0.map(\.description) }
                o.holds = r.answered && (wanted.map { Set($0) == Set(got) } ?? true)
                o.outcome = r.answered ? "answer \(got.joined(separator: ", "))\(o.holds ? "" : "; expected \(wanted?.joined(separator: ", ") ?? "")")"
                                       : "no answer: \(r.outcome.rawValue) — \(r.reason ?? "")"
            }
        } catch {
            o.error = error.description
            o.outcome = "cannot run: \(error.description)"
        }
        return o
    }

    func trace(_ f: IntentFlow, now: Date) throws(TraceError) -> TraceResult {
        try trace(from: f.from, to: f.to, protocol: f.protocol, port: f.port, at: f.at ?? now)
    }

    func resolve(_ name: DNSName, from: IPv4Address) throws(TraceError) -> ResolutionResult {
        do { return try resolve(name, type: .a, from: from) } catch { throw TraceError(error.description) }
    }
}
