import ArgumentParser
import CausewayAWS
import CausewayCore
import CausewayDoctor

struct StatusVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the AWS state of every resource of a topology and of every VPN tunnel.",
        discussion: """
        One line per resource the topology asks for (AWS id and state, or `missing`),
        then one line per tunnel with its outside address and AWS's telemetry
        (UP/DOWN, message, accepted routes, last change) when the endpoint gives it.
        Tagged resources the topology no longer has are listed as strays.

        Exit status: 0 shown, 1 the endpoint failed, 2 the topology or the credentials
        cannot be used.

        Examples:
          causeway status examples/s4-tgw-segmentation.yaml
          causeway status examples/s0-eks-onprem-db.yaml --format json
          sudo causeway status topology.yaml --gateway onprem   # + drift: topology vs AWS vs this host (doctor's probes)
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var aws: AWSOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(help: "Also run doctor's probes on this host as site SITE's gateway and name each difference between the topology, AWS and the gateway (drift).")
    var gateway: String?

    func run() async throws {
        let topology = try TopologyInput.loadOrExit(file)
        let workflow = try aws.workflow(for: topology)
        let resources = AWSResources(topology)
        let report = StatusReport(resources: resources, observed: try await readObserved(resources, workflow))
        let drift = try gateway.map { try GatewayDrift.items(file: file, site: $0, tunnels: report.tunnels) }
        if format == .json {
            print(try drift.map { try jsonString(GatewayDrift.Report(status: report, drift: $0)) } ?? jsonString(report))
            return
        }
        var out = ["\(report.topology) in \(workflow.client.region): \(report.resources.count - report.missing) of \(report.resources.count) resources exist"]
        out.append(columns(report.resources.map { [$0.key, $0.id ?? "-", $0.state + ($0.adopted ? " (adopted)" : ""), $0.detail] }))
        if !report.tunnels.isEmpty {
            out.append("")
            out.append("tunnels")
            out.append(columns(report.tunnels.map {
                ["\($0.connection)/\($0.tunnel)", $0.outsideIP ?? "-", $0.status ?? "no telemetry",
                 $0.acceptedRoutes.map { "\($0) routes accepted" } ?? "", $0.lastChange ?? "", $0.message ?? ""]
            }))
        }
        if !report.strays.isEmpty {
            out.append("")
            out.append("strays (tagged for \(report.topology), not in the topology; `apply` deletes them)")
            out.append(columns(report.strays.map { [$0.kind.rawValue, $0.key, $0.id, $0.reason] }))
        }
        if let drift { out += GatewayDrift.lines(drift) }
        print(out.joined(separator: "\n"))
    }
}
