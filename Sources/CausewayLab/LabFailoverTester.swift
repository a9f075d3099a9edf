import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `dig` at the lab's authoritative server compared with Route 53's answer as `resolve`
/// predicts it; for a change of answer also the time it took against interval × threshold.
public struct LabFailoverCheck: Sendable, Codable, Equatable {
    /// `gslb.skk2022.shop A`.
    public var name: String
    public var server: IPv4Address
    /// What came before the query: `lab up`, `seoul stopped`, `seoul started again`.
    public var step: String
    public var predicted: [String]
    /// Why Route 53 answers so (`primary-healthy`, `primary-unhealthy`, ...).
    public var reason: String
    public var measured: [String]
    /// Route 53's time for the change (interval × threshold) and the window accepted around it:
    /// from (threshold − 1) × interval (the last passed probe may come just before the stop)
    /// to interval × threshold + `LabFailover.marginSeconds`.
    public var predictedSeconds: Double?
    public var earliestSeconds: Double?
    public var latestSeconds: Double?
    public var measuredSeconds: Double?
    /// When the lab's health checker called the change (the rest of `measuredSeconds` is the
    /// zone rewrite, named's reload and the polling).
    public var checkerSeconds: Double?
    public var agree: Bool

    /// With `timed`, a change of answer: `seconds` is when it came (nil: never).
    init(name: LabFailoverName, server: IPv4Address, step: String, predicted: [String], reason: String, measured: [String],
         timed: Bool = false, seconds: Double? = nil) {
        self.name = "\(name.name) \(name.type)"
        self.server = server
        self.step = step
        self.predicted = predicted
        self.reason = reason
        self.measured = measured
        var inWindow = true
        if timed {
            let earliest = Double(max(0, name.failureThreshold - 1) * name.requestInterval)
            let latest = Double(name.secondsToFailover + LabFailover.marginSeconds)
            predictedSeconds = Double(name.secondsToFailover)
            earliestSeconds = earliest
            latestSeconds = latest
            measuredSeconds = seconds
            // One second of slack below: dig is polled every half second.
            inWindow = seconds.map { $0 >= earliest - 1 && $0 <= latest } ?? false
        }
        agree = predicted == measured && inWindow
    }
}

extension LabTester {
    /// Route 53 failover in the lab: each failover name's answer with everything up (added to
    /// the baseline case); with `stopping`, per name a case that stops the primary's web
    /// endpoint, times the answer's move to the secondary, starts it again and times the way back.
    func failover(_ cases: inout [LabTestCase], stopping: Bool) throws {
        guard let f = plan.failover, !cases.isEmpty else { return }
        for n in f.names {
            runner.progress("failover: dig \(n.name) \(n.type) at \(f.server)")
            let answer = waitForAnswer(f, n, n.answer, seconds: 10).measured
            cases[0].failover = (cases[0].failover ?? []) + [LabFailoverCheck(name: n, server: f.server, step: "lab up", predicted: n.answer, reason: n.answerReason, measured: answer)]
            if !f.notes.isEmpty { cases[0].notes += f.notes }
            guard stopping, let web = f.endpoints.first(where: { $0.healthCheck == n.primaryCheck }) else { continue }
            var c = LabTestCase(name: "health:\(n.primaryCheck) down", checks: [])
            (c.failover, c.notes) = try stopAndStart(f, n, web)
            cases.append(c)
        }
    }

    func stopAndStart(_ f: LabFailover, _ n: LabFailoverName, _ web: LabWebEndpoint) throws -> ([LabFailoverCheck], [String]) {
        var notes: [String] = []
        let limit = Double(n.secondsToFailover + LabFailover.marginSeconds + 5)
        guard var state = try LabState.load(root: runner.root, name: plan.name) else { throw LabPlanError("lab \(plan.name) has no state") }
        let pids = state.processes.filter { $0.name == web.process.name && $0.namespace == web.namespace }.map(\.pid)
        runner.progress("failover: stopping \(web.node)'s web server (\(web.address):\(web.port)); Route 53 would answer \(n.failedAnswer.joined(separator: " ")) within \(n.secondsToFailover) s (\(n.requestInterval) s × \(n.failureThreshold))")
        Processes.stop(pids)
        let stopped = Date()
        if pids.isEmpty || pids.contains(where: Processes.isRunning) { notes.append("\(web.node)'s web server (pids \(pids)) did not stop") }
        let down = waitForAnswer(f, n, n.failedAnswer, seconds: limit)
        var checks = [LabFailoverCheck(name: n, server: f.server, step: "\(n.primaryCheck) stopped", predicted: n.failedAnswer, reason: n.failedReason,
                                  measured: down.measured, timed: true, seconds: down.seconds)]
        checks[0].checkerSeconds = checkerChange(f, n, since: stopped)
        if down.seconds == nil { notes.append("the answer did not move; the health checker's status: \(checkerStatus(f))") }
        runner.progress("failover: answer \(down.measured.joined(separator: " ")) after \(down.seconds.map { String(format: "%.1f s", $0) } ?? "never") (checker: \(checks[0].checkerSeconds.map { String(format: "%.1f s", $0) } ?? "no change")); starting \(web.node)'s web server again")
        let pid = try runner.runner.spawn(web.process.argv, log: web.process.log)
        let started = Date()
        state.processes.append(LabState.Process(pid: pid, name: web.process.name, namespace: web.namespace))
        try state.save(root: runner.root)
        let back = waitForAnswer(f, n, n.answer, seconds: limit)
        checks.append(LabFailoverCheck(name: n, server: f.server, step: "\(n.primaryCheck) started again", predicted: n.answer, reason: n.answerReason,
                                  measured: back.measured, timed: true, seconds: back.seconds))
        checks[1].checkerSeconds = checkerChange(f, n, since: started)
        if back.seconds == nil { notes.append("the answer did not come back; the health checker's status: \(checkerStatus(f))") }
        runner.progress("failover: answer \(back.measured.joined(separator: " ")) after \(back.seconds.map { String(format: "%.1f s", $0) } ?? "never") (checker: \(checks[1].checkerSeconds.map { String(format: "%.1f s", $0) } ?? "no change"))")
        return (checks, notes)
    }

    /// Seconds from `since` until the health checker last changed the primary's status (its
    /// status file), or nil when it has not since then.
    func checkerChange(_ f: LabFailover, _ n: LabFailoverName, since: Date) -> Double? {
        guard let data = FileManager.default.contents(atPath: f.statusPath),
              let s = try? JSONDecoder().decode(HealthCheckerStatus.self, from: data),
              let at = s.checks.first(where: { $0.name == n.primaryCheck })?.changedAt,
              at >= since.timeIntervalSince1970 else { return nil }
        return at - since.timeIntervalSince1970
    }

    /// The checker's status file as it is, for a note.
    func checkerStatus(_ f: LabFailover) -> String {
        (FileManager.default.contents(atPath: f.statusPath)).map { String(decoding: $0, as: UTF8.self) } ?? "none (is the checker running?)"
    }

    /// Polls `dig` every half second until it answers `wanted` or `seconds` pass: the last
    /// answer and when `wanted` came (nil: never).
    func waitForAnswer(_ f: LabFailover, _ n: LabFailoverName, _ wanted: [String], seconds: Double) -> (measured: [String], seconds: Double?) {
        let t0 = Date()
        var last: [String] = []
        while true {
            let r = try? runner.runner.run(f.dig(n, from: plan.internetNamespace))
            last = LabFailover.answers(r?.stdout ?? "")
            if last == wanted { return (last, Date().timeIntervalSince(t0)) }
            if interruption.requested || Date().timeIntervalSince(t0) > seconds { return (last, nil) }
            usleep(500_000)
        }
    }
}
