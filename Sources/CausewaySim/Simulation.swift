import CausewayCore

/// The simulator's entry point: converges the topology's control plane once (with the given
/// failures), then answers traces, the reachability matrix and the failover report.
///
///     let sim = Simulation(topology: t, failures: [try Failure.parse("vpn/1", in: t)])
///     let r = try sim.trace(from: a, to: b)
public struct Simulation: Sendable {
    public let topology: Topology
    /// The resolve stage's decisions the simulation read (and every later stage can read).
    public let resolved: ResolvedNetwork
    public let failures: Set<Failure>
    public let network: ConvergedNetwork

    public init(topology: Topology, failures: Set<Failure> = []) {
        self.init(resolved: ResolvedNetwork(topology), failures: failures)
    }

    /// Converges a resolved network: the simulator reads its decisions (ASNs, route targets)
    /// and makes none of its own.
    public init(resolved: ResolvedNetwork, failures: Set<Failure> = []) {
        topology = resolved.topology
        self.resolved = resolved
        self.failures = failures
        var c = Converger(resolved: resolved, failures: failures)
        network = ConvergedNetwork(fabric: c.run())
    }

    var fabric: Fabric { network.fabric }

    /// Traces a packet from `from` to `to` and its reply back. Both addresses must lie in a
    /// modelled subnet or site.
    public func trace(from: IPv4Address, to: IPv4Address, protocol proto: IPProtocol = .icmp, port: Int? = nil) throws(TraceError) -> TraceResult {
        let f = fabric
        guard let src = f.resolve(from) else { throw TraceError(unresolved(from)) }
        guard let dst = f.resolve(to) else { throw TraceError(unresolved(to)) }
        var fwd = HopList()
        let p = Packet(src: from, dst: to, proto: proto, port: port, reply: false)
        let w = f.walk(p, from: src, sink: &fwd)
        var result = TraceResult(from: from, to: to, protocol: proto, port: port, reachable: false, delivered: w.delivered,
                                 reason: w.reason, detail: w.detail, hops: fwd.hops, returnHops: [],
                                 tunnels: f.tunnelRefs(w.tunnels), returnTunnels: [], asymmetric: false,
                                 notes: [], failures: failures.sorted())
        result.virtualInterfaces = f.interfaceNames(w.tunnels)
        if case .vpc(_, _, nil) = dst { result.notes.append("\(to) is not an instance: traced as a test host with no security group") }
        if case .vpc(_, _, nil) = src { result.notes.append("\(from) is not an instance: traced as a test host with no security group") }
        guard w.delivered else { return result }
        var back = HopList()
        let reply = Packet(src: to, dst: from, proto: proto, port: port, reply: true)
        let r = f.walk(reply, from: dst, sink: &back)
        result.returnHops = back.hops
        result.returnTunnels = f.tunnelRefs(r.tunnels)
        result.returnVirtualInterfaces = f.interfaceNames(r.tunnels)
        if r.delivered {
            result.reachable = true
        } else {
            result.reason = r.reason == .noRoute ? .noReturnRoute : r.reason
            result.detail = "the reply is lost: \(r.detail ?? "")"
        }
        for t in Set(result.tunnels + result.returnTunnels).sorted() {
            for n in network.tunnelStatus(t)?.notes ?? [] { result.notes.append("\(t): \(n)") }
        }
        if !result.tunnels.isEmpty && !result.returnTunnels.isEmpty && Set(result.tunnels) != Set(result.returnTunnels) {
            result.asymmetric = true
            result.notes.append("asymmetric: the request crosses \(result.tunnels.map(\.description).joined(separator: ", ")) and the reply \(result.returnTunnels.map(\.description).joined(separator: ", ")); a strict rp_filter (1) on the customer gateway drops it, use 0 or 2 (loose) on the tunnel interfaces")
            let there = devices(result.tunnels), back = devices(result.returnTunnels)
            if !there.isEmpty && !back.isEmpty && there != back {
                result.notes.append("the reply leaves by another customer gateway device (\(back.sorted().joined(separator: ", "))) than the request came in by (\(there.sorted().joined(separator: ", "))): several gateways of one network; a firewall that tracks connections on either device must let it through")
            }
        }
        return result
    }

    /// The sites whose devices the tunnels end on.
    func devices(_ tunnels: [TunnelRef]) -> Set<String> {
        Set(tunnels.compactMap { topology.vpnConnection($0.connection).flatMap { topology.site(of: $0)?.name } })
    }

    func unresolved(_ a: IPv4Address) -> String {
        if let v = fabric.vpc(containing: a) {
            return "\(a) is inside VPC \(fabric.vpcs[v].name) but in none of its subnets"
        }
        return "\(a) is not inside any modelled subnet or site CIDR"
    }

    /// The fast verdict used by the matrix and the failover report: no hop list.
    func verdict(_ from: IPv4Address, _ src: Endpoint, _ to: IPv4Address, _ dst: Endpoint, _ proto: IPProtocol = .icmp) -> Verdict {
        let f = fabric
        var sink = NoHops()
        let w = f.walk(Packet(src: from, dst: to, proto: proto, port: nil, reply: false), from: src, sink: &sink)
        guard w.delivered else { return Verdict(reachable: false, reason: w.reason, detail: w.detail, tunnels: w.tunnels, returnTunnels: TunnelTrail()) }
        let r = f.walk(Packet(src: to, dst: from, proto: proto, port: nil, reply: true), from: dst, sink: &sink)
        if r.delivered { return Verdict(reachable: true, reason: nil, detail: nil, tunnels: w.tunnels, returnTunnels: r.tunnels) }
        return Verdict(reachable: false, reason: r.reason == .noRoute ? .noReturnRoute : r.reason,
                       detail: "the reply is lost: \(r.detail ?? "")", tunnels: w.tunnels, returnTunnels: r.tunnels)
    }
}

/// A trace's outcome without its hops.
struct Verdict: Sendable, Hashable {
    var reachable: Bool
    var reason: DropReason?
    var detail: String?
    var tunnels: TunnelTrail
    var returnTunnels: TunnelTrail
}
