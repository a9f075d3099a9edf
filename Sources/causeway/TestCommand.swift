import ArgumentParser
import CausewayCore
import CausewaySim

struct TestVerb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the topology's `expect:` intents on the simulator.",
        discussion: """
        Each intent (reachable, blocked, survives, resolves; docs/topology.md) is traced
        or resolved on the simulated network: a flow as `trace --from/--to` would trace
        it, `survives` with its failure added as `--fail` would, `resolves` as `resolve`
        would. Prints each intent's pass or fail with the reason: the drop and where, or
        the answer.

        Exit status (as `netlab validate`): 0 every intent holds, 1 some intent fails,
        2 the file has no intents or cannot be used.

        Examples:
          causeway test examples/s4-tgw-segmentation.yaml
          causeway test examples/s0-eks-onprem-db.yaml --format json
        """)

    @OptionGroup var options: SimulationOptions
    @OptionGroup var connect: ConnectTimeOption

    func run() throws {
        let sim = try options.simulation()
        guard !sim.topology.intents.isEmpty else {
            printErr("causeway: \(options.file) has no `expect:` intents to test (docs/topology.md, expect)")
            throw Exit.unusable
        }
        let report = sim.evaluateIntents(now: try connect.date())
        if report.hasErrors {
            for o in report.outcomes where o.error != nil { printErr("\(o.location): error: \(o.outcome)") }
            throw Exit.unusable
        }
        try options.report(report, failed: !report.allHold) {
            var out = ["test \(options.file)\(sim.failureSuffix)"]
            out.append(columns(report.outcomes.map { o in [o.holds ? "pass" : "FAIL", "\(o.location.line):\(o.location.column)", o.intent.summary, o.outcome] }))
            let failed = report.outcomes.filter { !$0.holds }.count
            let n = report.outcomes.count
            out.append(failed == 0 ? (n == 1 ? "the intent holds" : "all \(n) intents hold") : "\(failed) of \(n) intents fail")
            return out.joined(separator: "\n")
        }
    }
}
