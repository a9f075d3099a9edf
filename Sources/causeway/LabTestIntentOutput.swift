import CausewayLab

/// `lab test`'s `expect:` lines: each intent, the simulator's outcome, what the lab measured.
func intentTable(_ checks: [LabIntentCheck]) -> String {
    func held(_ h: Bool?) -> String { h.map { $0 ? "holds" : "fails" } ?? "-" }
    return columns([["intent", "predicted", "measured", "", "simulator", "lab"]] + checks.map { c in
        [c.intent, held(c.predicted), held(c.measured), c.measured == nil ? "not measured" : c.agree ? "ok" : "DISAGREE", c.prediction, c.measurement]
    })
}
