import ArgumentParser
import CausewayLab

struct LabDown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop every process a lab started (by PID) and delete its namespaces and files.",
        discussion: """
        Works from the lab's state file, and also after a crash or an interrupted `lab
        up` (namespaces are found by the lab's prefix cw-NAME-). Without --name or
        FILE it removes every lab that is up.

        Examples:
          sudo causeway lab down
          sudo causeway lab down --name s4
          sudo causeway lab down examples/s4-tgw-segmentation.yaml
        """)

    @Argument(help: "The topology file the lab was started from (optional).") var file: String?
    @OptionGroup var lab: LabOptions

    func run() throws {
        try lab.requireMachine()
        var names: [String]
        if lab.name != nil || file != nil {
            names = [try lab.resolveName(file: file)]
        } else {
            names = LabState.names(root: lab.root)
            if names.isEmpty { print("no lab is up"); return }
        }
        for n in names {
            let r = try lab.runner.down(name: n)
            print("lab \(n) is down: stopped \(r.processes) processes, deleted \(r.namespaces.count) namespaces")
        }
    }
}
