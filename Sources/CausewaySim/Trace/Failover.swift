import CausewayCore
import Foundation

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
    /// Direct Connect virtual interfaces (`dx:NAME`) the request and the reply crossed before
    /// the failure, then after; each list appears in JSON only when not empty.
    @OmittedWhenEmpty public var beforeVirtualInterfaces: [String] = []
    @OmittedWhenEmpty public var afterVirtualInterfaces: [String] = []
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
    /// How long the moved flows lose traffic (nil when none moves); broken flows stay broken
    /// until the failure is repaired.
    public var outageSeconds: OutagePrediction?
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
    /// The single failures the report tries: every tunnel, then every virtual interface, then
    /// every site's gateway device.
    public func singleFailures() -> [Failure] {
        var out: [Failure] = []
        for c in topology.vpnConnections {
            for t in c.tunnels.map(\.index).sorted() { out.append(.tunnel(TunnelRef(c.name, t))) }
        }
        for v in topology.virtualInterfaces { out.append(.virtualInterface(v.name)) }
        for s in topology.sites where s.gateway != nil { out.append(.site(s.name)) }
        return out.filter { !failures.contains($0) }
    }

    /// Re-simulates each single failure (`failures`, else `singleFailures()`, on top of this
    /// simulation's failures) and compares every flow of the matrix with this simulation's.
    ///
    /// A tunnel failure re-traces only the flows whose request or reply crossed that tunnel:
    /// every other flow looked up only routes that did not lead over it, so its path and fate
    /// stay (`FailoverEquivalenceTests` compares this with re-tracing everything). Other failures
    /// re-trace every flow.
    /// With `remoteUsersAt`, each Client VPN remote user to each network is a flow too, its
    /// connection judged by the connect handler at that moment. With `pods`, each EKS node
    /// group's pods are flows' ends too (as `matrix(pods:)`).
    public func failoverReport(threads: Int = 1, failures tried: [Failure]? = nil, remoteUsersAt: Date? = nil, pods: Bool = false) -> FailoverReport {
        failoverReport(threads: threads, failures: tried, retraceAll: false, remoteUsersAt: remoteUsersAt, pods: pods)
    }

    func failoverReport(threads: Int, failures tried: [Failure]?, retraceAll: Bool, remoteUsersAt: Date? = nil, pods: Bool = false) -> FailoverReport {
        let networks = namedNetworks() + (pods ? podNetworks() : [])
        let base = matrix(networks, threads: threads)
        // Remote users' flows (always re-traced: they are few).
        let clients = remoteUsersAt == nil ? [] : remoteClients
        var userFlows: [(c: Int, j: Int, before: Verdict)] = []
        if let at = remoteUsersAt {
            for (c, client) in clients.enumerated() {
                for (j, n) in networks.enumerated() {
                    guard let dst = fabric.resolve(n.representative) else { continue }
                    userFlows.append((c, j, verdict(client, to: n.representative, dst, at: at)))
                }
            }
        }
        // Every traced flow, grouped by the verdict of its cell.
        var flowsOf = [[(i: Int32, j: Int32)]](repeating: [], count: base.verdicts.count)
        var flows = 0, reachable = 0
        for i in networks.indices {
            for j in networks.indices {
                guard let c = base.cell(i, j) else { continue }
                flows += 1
                if base.verdicts[Int(c)].reachable { reachable += 1 }
                flowsOf[Int(c)].append((Int32(i), Int32(j)))
            }
        }
        let crossed = base.verdicts.map { v -> (refs: [TunnelRef], complete: Bool) in
            (fabric.tunnelRefs(v.tunnels) + fabric.tunnelRefs(v.returnTunnels), v.tunnels.count < 4 && v.returnTunnels.count < 4)
        }
        flows += userFlows.count
        reachable += userFlows.filter(\.before.reachable).count
        var cases: [FailoverCase] = []
        for failure in tried ?? singleFailures() {
            let sim = Simulation(resolved: resolved, failures: failures.union([failure]))
            var endpoints: [IPv4Address: Endpoint?] = [:]
            func endpoint(_ a: IPv4Address) -> Endpoint? {
                if let e = endpoints[a] { return e }
                let e = sim.fabric.resolve(a)
                endpoints[a] = e
                return e
            }
            var changes: [(i: Int32, j: Int32, kind: Int, change: FlowChange)] = []
            var changedReachable = 0
            /// Files the flow `from` → `to` (matrix indices `i`, `j`) under moved, broken or restored.
            func compare(_ b: Verdict, _ a: Verdict, _ i: Int32, _ j: Int32, from: String, to: String) {
                let before = fabric.tunnelRefs(b.tunnels) + fabric.tunnelRefs(b.returnTunnels), after = sim.fabric.tunnelRefs(a.tunnels) + sim.fabric.tunnelRefs(a.returnTunnels)
                var change = FlowChange(from: from, to: to, before: before, after: after,
                                        reason: a.reachable ? nil : a.reason, detail: a.reachable ? nil : a.detail)
                change.beforeVirtualInterfaces = fabric.interfaceNames(b.tunnels) + fabric.interfaceNames(b.returnTunnels)
                change.afterVirtualInterfaces = sim.fabric.interfaceNames(a.tunnels) + sim.fabric.interfaceNames(a.returnTunnels)
                switch (b.reachable, a.reachable) {
                case (true, true):
                    if before != after || change.beforeVirtualInterfaces != change.afterVirtualInterfaces { changes.append((i, j, 0, change)); changedReachable += 1 }
                case (true, false): changes.append((i, j, 1, change)); changedReachable += 1
                case (false, true): changes.append((i, j, 2, change))
                case (false, false): break
                }
            }
            for (v, b) in base.verdicts.enumerated() where !flowsOf[v].isEmpty {
                if !retraceAll, case .tunnel(let t) = failure, crossed[v].complete, !crossed[v].refs.contains(t) { continue }
                var verdicts: [Int32: Verdict] = [:]
                for (i, j) in flowsOf[v] {
                    let from = networks[Int(i)].representative, to = networks[Int(j)].representative
                    let key = Int32(base.endpointOf[Int(i)]) * Int32(base.endpointCount) + Int32(base.endpointOf[Int(j)])
                    let a: Verdict
                    if let known = verdicts[key] { a = known } else {
                        guard let src = endpoint(from), let dst = endpoint(to) else { continue }
                        a = sim.verdict(from, src, to, dst)
                        verdicts[key] = a
                    }
                    compare(b, a, i, j, from: networks[Int(i)].name, to: networks[Int(j)].name)
                }
            }
            if let at = remoteUsersAt {
                for f in userFlows {
                    let to = networks[f.j].representative
                    guard let dst = endpoint(to) else { continue }
                    compare(f.before, sim.verdict(clients[f.c], to: to, dst, at: at), Int32(networks.count + f.c), Int32(f.j), from: clients[f.c].name, to: networks[f.j].name)
                }
            }
            changes.sort { ($0.i, $0.j) < ($1.i, $1.j) }
            var fc = FailoverCase(failure: failure, moved: [], broken: [], restored: [], unaffected: reachable - changedReachable)
            for c in changes {
                switch c.kind {
                case 0: fc.moved.append(c.change)
                case 1: fc.broken.append(c.change)
                default: fc.restored.append(c.change)
                }
            }
            if !fc.moved.isEmpty { fc.outageSeconds = outage(failure) }
            cases.append(fc)
        }
        return FailoverReport(reachableFlows: reachable, flows: flows, cases: cases)
    }
}
