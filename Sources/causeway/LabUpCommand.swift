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
          sudo causeway lab up examples/s2-openstack.yaml --faithful

        With --faithful each customer gateway runs in a Debian 12 VM (QEMU) from the
        production render of its site, installed by the README's own "Install order"
        lines (package installs become a check that the image has the packages; each
        substitution is printed); the AWS end stays the namespace lab's. The VMs run
        while this command runs: it waits until Ctrl-C, then removes the lab.
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var lab: LabOptions
    @Flag(help: ArgumentHelp("Leave a failed lab as it is, for debugging (remove it with `lab down`).", visibility: .hidden))
    var keepOnFailure = false
    @Flag(help: "Run each customer gateway in a VM from its production files (slower; see above).") var faithful = false

    func run() throws {
        try lab.requireMachine()
        if faithful { return try runFaithful() }
        let plan = try lab.plan(file: file)
        print("lab \(plan.name): outside addresses (nothing is configured with the topology's own public addresses)")
        print(columns(plan.mapping.map { [$0.role, $0.original.map(\.description) ?? "(chosen by AWS)", "→", $0.lab.description] }))
        SignalTrap.install()
        let state = try bringingUp("lab up") { try lab.runner.up(plan, topologyFile: file, keepOnFailure: keepOnFailure) }
        print("lab \(plan.name) is up: \(plan.nodes.count) namespaces, \(state.processes.count) processes, \(plan.tunnels.count) tunnels")
        if let s = state.coldStartSeconds { print("cold start to first ping: \(formatSeconds(s))") }
        print("next: causeway lab status --name \(plan.name) · causeway lab test \(file) · causeway lab down --name \(plan.name)")
    }

    func runFaithful() throws {
        let plan = try lab.faithfulPlan(file: file)
        print(describeFaithful(plan))
        let (runner, running) = try lab.bringFaithfulUp(plan, file: file)
        print("lab \(plan.name) is up: \(plan.gateways.count) gateway VMs, \(plan.allNodes.count) namespaces, \(plan.aws.tunnels.count) tunnels")
        if let s = running.state.coldStartSeconds { print("cold start to first ping: \(formatSeconds(s))") }
        print("the VMs live as long as this command: Ctrl-C removes the lab (or `causeway lab down --name \(plan.name)` from another shell)")
        while !Interruption.shared.requested && (try? LabState.load(root: lab.root, name: plan.name)) != nil { usleep(500_000) }
        runner.stop(running)
        let r = try? lab.runner.down(name: plan.name)
        print("lab \(plan.name) is down: stopped \(r?.processes ?? 0) processes, deleted \(r?.namespaces.count ?? 0) namespaces")
    }
}
