import ArgumentParser
import CausewayLab

struct LabStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tunnels, BGP sessions, learned routes and processes of a running lab, per node.",
        discussion: """
        Reads the daemons themselves: `swanctl --list-sas` on both ends of each
        tunnel, FRR's `show bgp summary`, and the kernel's BGP and static routes in
        each router.

        Examples:
          sudo causeway lab status
          sudo causeway lab status --name s0 --format json
        """)

    @Argument(help: "The topology file the lab was started from (optional).") var file: String?
    @OptionGroup var lab: LabOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try lab.requireMachine()
        let state = try lab.state(try lab.resolveName(file: file))
        let r = try lab.runner.status(state)
        if format == .json {
            print(try jsonString(r))
            return
        }
        var out = ["lab \(r.name) (\(r.topologyFile)): \(r.phase)", "", "tunnels"]
        func end(_ e: TunnelEndState?) -> String {
            guard let e else { return "disabled on the device" }
            return "\(e.childInstalled ? "INSTALLED" : e.ikeEstablished ? "IKE only" : "down") in \(e.bytesIn) B / out \(e.bytesOut) B"
        }
        out.append(columns([["tunnel", "state", "customer end", "AWS end"]] + r.tunnels.map { [$0.tunnel, $0.up ? "up" : "down", end($0.customer), end($0.aws)] }))
        if !r.bgpSessions.isEmpty {
            out += ["", "BGP sessions"]
            out.append(columns([["node", "neighbor", "AS", "state", "received", "sent"]] + r.bgpSessions.map {
                [$0.node, $0.neighbor.description, $0.remoteASN.map(String.init) ?? "", $0.state, String($0.prefixesReceived), String($0.prefixesSent)]
            }))
        }
        if !r.routes.isEmpty {
            out += ["", "routes learned (BGP, static over tunnels)"]
            out.append(columns(r.routes.map { [$0.node, $0.route] }))
        }
        if let vms = state.vms, !vms.isEmpty {
            out += ["", "gateway VMs (faithful lab; the customer end of each tunnel runs inside: `ipsec status` there)"]
            out.append(columns(vms.map { [$0.name, "site \($0.site)", $0.pid.map { "pid \($0)" } ?? "not booted", $0.pid.map { Processes.isRunning($0) ? "running" : "NOT RUNNING" } ?? "", "taps \($0.taps.joined(separator: ", "))"] }))
        }
        out += ["", "processes"]
        out.append(columns(r.processes.map { [$0.name, $0.namespace, "pid \($0.pid)", $0.running ? "running" : "NOT RUNNING"] }))
        print(out.joined(separator: "\n"))
    }
}
