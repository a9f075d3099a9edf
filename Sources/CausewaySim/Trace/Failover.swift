import CausewayCore

/// A flow whose path or fate changes under a failure.
public struct FlowChange: Sendable, Encodable, Hashable {
    public var from: String
    public var to: String
    /// Tunnels the request and the reply crossed before the failure, then after.
    public var before: [TunnelRef]
    public var after: [TunnelRef]
    /// For a broken flow: why it now fails.
    public var reason: DropReason?
    public var detail: String?
}

/// What one failure does to the flows that worked.
public struct FailoverCase: Sendable, Encodable {
    public var failure: Failure
    /// Still reachable, over other tunnels.
    public var moved: [FlowChange]
    /// No longer reachable.
    public var broken: [FlowChange]
    /// Reachable only under the failure (rare: a failure that removes a bad path).
    public var restored: [FlowChange]
    /// Flows that worked before and take the same tunnels after.
    public var unaffected: Int
}

/// For each single tunnel failure and each customer-gateway failure: which flows move and
/// which break.
public struct FailoverReport: Sendable, Encodable {
    /// Flows (ordered pairs of named networks) reachable with nothing failed.
    public var reachableFlows: Int
    public var flows: Int
    public var cases: [FailoverCase]
}

extension Simulation {
    /// The single failures the report tries: every tunnel, then every site's gateway device.
    public func singleFailures() -> [Failure] {
        var out: [Failure] = []
        for c in topology.vpnConnections {
            for t in c.tunnels.map(\.index).sorted() { out.append(.tunnel(TunnelRef(c.name, t))) }
        }
        for s in topology.sites where s.gateway != nil { out.append(.site(s.name)) }
        return out.filter { !failures.contains($0) }
    }

    /// Re-simulates each single failure (`failures`, else `singleFailures()`, on top of this
    /// simulation's failures) and compares every flow of the matrix with this simulation's.
    public func failoverReport(threads: Int = 1, failures tried: [Failure]? = nil) -> FailoverReport {
        let networks = namedNetworks()
        let base = matrix(networks, threads: threads)
        var flows = 0, reachable = 0
        for i in networks.indices {
            for j in networks.indices {
                guard let c = base.cell(i, j) else { continue }
                flows += 1
                if base.verdicts[Int(c)].reachable { reachable += 1 }
            }
        }
        var cases: [FailoverCase] = []
        for failure in tried ?? singleFailures() {
            let sim = Simulation(topology: topology, failures: failures.union([failure]))
            let m = sim.matrix(networks, threads: threads)
            var fc = FailoverCase(failure: failure, moved: [], broken: [], restored: [], unaffected: 0)
            for i in networks.indices {
                for j in networks.indices {
                    guard let bc = base.cell(i, j), let ac = m.cell(i, j) else { continue }
                    let b = base.verdicts[Int(bc)], a = m.verdicts[Int(ac)]
                    let before = fabric.tunnelRefs(b.tunnels) + fabric.tunnelRefs(b.returnTunnels)
                    let after = sim.fabric.tunnelRefs(a.tunnels) + sim.fabric.tunnelRefs(a.returnTunnels)
                    let change = FlowChange(from: networks[i].name, to: networks[j].name, before: before, after: after,
                                            reason: a.reachable ? nil : a.reason, detail: a.reachable ? nil : a.detail)
                    switch (b.reachable, a.reachable) {
                    case (true, true):
                        if before == after { fc.unaffected += 1 } else { fc.moved.append(change) }
                    case (true, false): fc.broken.append(change)
                    case (false, true): fc.restored.append(change)
                    case (false, false): break
                    }
                }
            }
            cases.append(fc)
        }
        return FailoverReport(reachableFlows: reachable, flows: flows, cases: cases)
    }
}
