import ArgumentParser
import CausewayCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a topology against AWS Site-to-Site VPN rules.",
        discussion: """
        Prints one line per finding, `file:line:col: severity: message [rule-id]`.
        Exit status: 0 no errors (warnings allowed), 1 errors, 2 the file cannot be
        read or parsed. An error is what AWS's API would reject or causeway cannot
        model; a warning is what AWS accepts but will not route as meant, and
        `routes`, `trace`, `matrix` and `failover` still run on it (docs/rules.md).

        Examples:
          causeway check examples/s4-tgw-segmentation.yaml
          causeway check topology.yaml --format json
          causeway check --list-rules
        """)

    @Argument(help: "The topology file (YAML).") var file: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "List every rule id with its summary and AWS reference, then exit.") var listRules = false

    struct Report: Encodable { let diagnostics: [Diagnostic] }
    struct RuleDoc: Encodable { let rule, severity, summary, reference: String }

    func run() throws {
        if listRules {
            let rules = Checker.catalog
            if format == .json {
                print(try jsonString(["rules": rules.map { RuleDoc(rule: $0.id, severity: $0.severity.rawValue, summary: $0.summary, reference: $0.reference) }]))
            } else {
                let width = rules.map(\.id.count).max() ?? 0
                for r in rules { print("\(r.id.padding(toLength: width, withPad: " ", startingAt: 0)) \(r.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.summary)") }
            }
            return
        }
        guard let file else { throw ValidationError("give a topology file, or --list-rules") }
        let r = TopologyInput.read(file)
        if format == .json {
            print(try jsonString(Report(diagnostics: r.diagnostics)))
        } else {
            for d in r.diagnostics { print(d.formatted) }
            let e = r.diagnostics.filter { $0.severity == .error }.count
            let w = r.diagnostics.filter { $0.severity == .warning }.count
            printErr("\(file): \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")")
        }
        if r.isFatal { throw Exit.unusable }
        if r.diagnostics.hasErrors { throw Exit.findings }
    }
}
