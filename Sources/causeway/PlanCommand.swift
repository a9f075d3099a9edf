import ArgumentParser
import CausewayAWS
import CausewayCore

struct PlanVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes `apply` would make in AWS to match a topology.",
        discussion: """
        Describes what exists (resources tagged causeway:topology=NAME, and those the
        topology adopts with `id:`) and lists, in apply's order, every create, attach,
        association, route and deletion needed. Conflicts (an immutable property that
        differs, such as a customer gateway's IP) are listed apart: apply refuses to
        start while there are any. Nothing is changed. Pre-shared keys are never
        printed.

        Exit status: 0 the plan was made (changes or not), 1 conflicts or the endpoint
        failed, 2 the topology or the credentials cannot be used. With
        --detailed-exitcode, 3 when there are changes to make (0 then means "no
        changes").

        Examples:
          causeway plan examples/s4-tgw-segmentation.yaml
          causeway plan examples/s1-cloudformation-static.yaml --endpoint http://127.0.0.1:5000 --format json
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var aws: AWSOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "Exit 3 when there are changes to make, 0 when there are none.") var detailedExitcode = false

    func run() async throws {
        let plan = try await planChanges(file: file, aws: aws).plan
        if format == .json {
            print(try jsonString(plan))
        } else {
            print(render(plan))
        }
        if !plan.conflicts.isEmpty { throw Exit.findings }
        if detailedExitcode && plan.hasChanges { throw ExitCode(3) }
    }

    func render(_ plan: Plan) -> String {
        var out = ["plan for \(plan.topology) in \(aws.region ?? plan.region): \(plan.existing.count) resources exist"]
        for s in plan.steps { out.append("  \(s.summary)") }
        for d in plan.conflicts + plan.notes { out.append(d.formatted) }
        out.append(plan.hasChanges ? "\(plan.steps.count) change\(plan.steps.count == 1 ? "" : "s") to make." : "No changes: AWS matches the topology.")
        return out.joined(separator: "\n")
    }
}
