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
        association, route and deletion needed. Each change says what it does to the
        VPN tunnels (AWS's "Tunnel endpoint replacements"): in place, one tunnel down
        (ModifyVpnTunnelOptions: the other tunnel carries traffic), both tunnels down
        (ModifyVpnConnection), or replacement (a customer gateway whose IP or ASN
        changed); the customer-side files such a change makes stale are named.
        Conflicts (an immutable property that differs, such as a VPC's CIDR) are
        listed apart: apply refuses to start while there are any. Nothing is changed.
        Pre-shared keys are never printed.

        Exit status: 0 the plan was made (changes or not), 1 conflicts or the endpoint
        failed, 2 the topology or the credentials cannot be used. With
        --detailed-exitcode, Terraform's convention: 0 no changes, 1 an error, 2
        changes to make.

        Examples:
          causeway plan examples/s4-tgw-segmentation.yaml
          causeway plan examples/s1-cloudformation-static.yaml --endpoint http://127.0.0.1:5000 --format json
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var aws: AWSOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(help: "Folder of the deployed facts (default: .causeway beside the topology); names the files a change makes stale.") var stateDir: String?
    @Flag(help: "Terraform's exit codes: 0 no changes, 1 an error, 2 changes to make.") var detailedExitcode = false

    func run() async throws {
        let topology: Topology, plan: Plan
        do {
            (topology, _, plan) = try await planChanges(file: file, aws: aws)
        } catch where detailedExitcode {
            // Terraform's convention: every error is 1, as 2 means changes.
            if !(error is ExitCode) { printErr("causeway: \(error)") }
            throw Exit.findings
        }
        if format == .json {
            print(try jsonString(plan))
        } else {
            print(render(plan, advice: ReRenderAdvice(plan, topology: topology, file: file, stateDir: stateDir)))
        }
        if !plan.conflicts.isEmpty { throw Exit.findings }
        if detailedExitcode && plan.hasChanges { throw ExitCode(2) }
    }

    func render(_ plan: Plan, advice: ReRenderAdvice) -> String {
        var out = ["plan for \(plan.topology) in \(aws.region ?? plan.region): \(plan.existing.count) resources exist"]
        for s in plan.steps { out.append("  \(s.summary)  [\(s.outage.label)]") }
        for d in plan.conflicts + plan.notes { out.append(d.formatted) }
        out += advice.lines
        out.append(plan.hasChanges ? "\(plan.steps.count) change\(plan.steps.count == 1 ? "" : "s") to make: \(plan.outageSummary)." : "No changes: AWS matches the topology.")
        return out.joined(separator: "\n")
    }
}
