import ArgumentParser
import CausewayCore
import CausewayLab
import Foundation

struct LabUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Create the lab's namespaces, start its daemons and wait until every tunnel (and BGP session) is up.",
        discussion: """
        Prints the outside-address mapping and progress per step. On an error, or on
        Ctrl-C / SIGTERM, everything started so far is removed again. State is kept in
        /run/causeway-lab/NAME/state.json (written before each step) so `causeway lab
        down` cleans up even after a crash. Pre-shared keys that do not resolve (an
        unset env variable, an AWS-generated key) are generated for the lab; keys are
        never printed and only written to 0600 files.

        Examples:
          sudo causeway lab up examples/s0-eks-onprem-db.yaml
          sudo causeway lab up examples/s4-tgw-segmentation.yaml --name seg
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var lab: LabOptions
    @Flag(help: ArgumentHelp("Leave a failed lab as it is, for debugging (remove it with `lab down`).", visibility: .hidden))
    var keepOnFailure = false

    func run() throws {
        try lab.requireMachine()
        let plan = try lab.plan(file: file)
        print("lab \(plan.name): outside addresses (nothing is configured with the topology's own public addresses)")
        print(columns(plan.mapping.map { [$0.role, $0.original.map(\.description) ?? "(chosen by AWS)", "→", $0.lab.description] }))
        SignalTrap.install()
        let state: LabState
        do {
            state = try lab.runner.up(plan, topologyFile: file, keepOnFailure: keepOnFailure)
        } catch is LabInterrupted {
            printErr("causeway: interrupted; the lab was removed")
            throw ExitCode(130)
        } catch {
            printErr("causeway: lab up failed: \(error)")
            throw Exit.findings
        }
        print("lab \(plan.name) is up: \(plan.nodes.count) namespaces, \(state.processes.count) processes, \(plan.tunnels.count) tunnels")
        if let s = state.coldStartSeconds { print("cold start to first ping: \(formatSeconds(s))") }
        print("next: causeway lab status --name \(plan.name) · causeway lab test \(file) · causeway lab down --name \(plan.name)")
    }
}
