import CausewayLab

/// `lab test`'s Route 53 failover lines: per `dig`, the answer predicted (and why), the answer
/// measured, and for a change of answer the time measured beside Route 53's.
func failoverTable(_ checks: [LabFailoverCheck]) -> String {
    columns([["dig", "after", "predicted", "measured", "time (Route 53: interval × threshold; accepted)", ""]] + checks.map { c in
        var time = ""
        if let p = c.predictedSeconds, let lo = c.earliestSeconds, let hi = c.latestSeconds {
            time = "\(c.measuredSeconds.map(formatSeconds) ?? "never") (\(formatSeconds(p)); \(formatSeconds(lo))–\(formatSeconds(hi)))"
                + (c.checkerSeconds.map { "; checker \(formatSeconds($0))" } ?? "")
        }
        return ["\(c.name) @\(c.server)", c.step, "\(c.predicted.joined(separator: " ")) (\(c.reason))",
                c.measured.isEmpty ? "no answer" : c.measured.joined(separator: " "), time, c.agree ? "ok" : "DISAGREE"]
    })
}
