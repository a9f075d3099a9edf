import ArgumentParser
import CausewayCore
import CausewaySim

struct Failover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "For each single tunnel, virtual interface and customer-gateway failure, list the flows that move and the flows that break.",
        discussion: """
        Flows are the ordered pairs of the reachability matrix. A flow moves when it
        still works over other tunnels; it breaks when it no longer works (with the
        reason). Each case predicts how long the moved flows lose traffic, from
        both ends' DPD and BGP timers (docs/failover.md): the seconds, the
        tolerance and why, and each timer's part; broken flows stay broken until
        the failure is repaired. `--fail` sets a starting state that every case adds one failure to.
        Client VPN remote users are flows too, each to every network, their
        connections judged by the connect handler at --at (default now).

        Examples:
          causeway failover examples/s4-tgw-segmentation.yaml
          causeway failover examples/s0-eks-onprem-db.yaml --format json
        """)

    @OptionGroup var options: SimulationOptions
    @OptionGroup var flows: FlowOptions
    @Flag(help: "Add the pods of each EKS node group (pod:CLUSTER/NODEGROUP) as networks.") var pods = false

    func run() throws {
        let sim = try options.simulation()
        let at = sim.topology.clientVPNEndpoints.isEmpty ? nil : try flows.connect.date()
        let report = sim.failoverReport(threads: flows.threadCount, remoteUsersAt: at, pods: pods)
        try options.report(report, failed: false) {
            func path(_ t: [TunnelRef], _ dx: [String] = []) -> String {
                let links = t.map(\.description) + dx
                return links.isEmpty ? "no tunnel" : links.joined(separator: ",")
            }
            var out = ["\(report.reachableFlows) of \(report.flows) flows reachable\(sim.failureSuffix)"]
            for c in report.cases {
                out.append("")
                out.append("fail \(c.failure): \(c.moved.count) move, \(c.broken.count) break, \(c.unaffected) unaffected\(c.restored.isEmpty ? "" : ", \(c.restored.count) restored")")
                var rows: [[String]] = []
                for f in c.moved { rows.append(["moves", "\(f.from) → \(f.to)", "\(path(f.before, f.beforeVirtualInterfaces)) ⇒ \(path(f.after, f.afterVirtualInterfaces))"]) }
                for f in c.broken { rows.append(["breaks", "\(f.from) → \(f.to)", "\(f.reason?.rawValue ?? ""): \(f.detail ?? "") (until repaired)"]) }
                for f in c.restored { rows.append(["restored", "\(f.from) → \(f.to)", path(f.after, f.afterVirtualInterfaces)]) }
                if let o = c.outageSeconds { out += outageLines(o) }
                if !rows.isEmpty { out.append(columns(rows)) }
            }
            return out.joined(separator: "\n")
        }
    }
}

/// `failover`'s outage lines: the predicted seconds with the tolerance, then each contribution.
func outageLines(_ o: OutagePrediction) -> [String] {
    var out = ["  outage: \(formatSeconds(o.predicted)) (+\(formatSeconds(o.later))/−\(formatSeconds(o.earlier)): \(o.tolerance))"]
    for r in o.reasons { out.append("    \(r.name): \(r.detail)") }
    for w in o.wayBack { out.append("    way back: \(w)") }
    return out
}
