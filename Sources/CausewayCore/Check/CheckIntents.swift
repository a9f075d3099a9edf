/// `expect:` intents: each endpoint must name something the simulator can trace from or to.
public struct IntentChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let namesNothing = Rule("intent-names-nothing", .error, "An `expect:` intent whose source, destination or failure names nothing in the topology (an unknown host, user, pod or connection, or an address outside every subnet and site): causeway cannot test it.", reference: "causeway topology format, `expect:` (docs/topology.md); endpoints as `trace --from/--to` take them, failures as `failover --fail` does")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for i in t.intents {
            switch i.kind {
            case .reachable(let flow), .blocked(let flow), .survives(let flow, _):
                source(flow.from, at: "\(i.path).from", t, &f)
                if let why = problem(flow.to, t) { f.add(Self.rule.namesNothing, "`to: \(flow.to)`: \(why)", at: "\(i.path).to") }
            case .resolves(_, let from, _, _):
                source(from, at: "\(i.path).from", t, &f)
            }
        }
    }

    func source(_ s: TraceSource, at path: String, _ t: Topology, _ f: inout Findings) {
        let why: String?
        switch s {
        case .address(let a): why = t.clientVPNEndpoints.contains { $0.clientCIDR.contains(a) } ? nil : problem(.address(a), t)
        case .named(let n): why = problem(.named(n), t)
        case .user(let u, let e): why = Self.message { try t.remoteUser(u, endpoint: e) }
        case .pod(let c, let g, let s): why = Self.message { try t.podAddress(cluster: c, nodeGroup: g, subnet: s) }
        }
        if let why { f.add(Self.rule.namesNothing, "`from: \(s)`: \(why)", at: path) }
    }

    /// Why a destination (or an address or host source) names nothing; nil when it is traceable.
    func problem(_ d: TraceDestination, _ t: Topology) -> String? {
        switch d {
        case .named(let n): return Self.message { try t.address(named: n) }
        case .address(let a):
            if let v = t.vpcs.first(where: { $0.contains(a) }) {
                return v.subnet(containing: a) == nil ? "\(a) is inside VPC `\(v.name)` but in none of its subnets" : nil
            }
            return t.sites.contains { $0.cidrs.contains { $0.contains(a) } } ? nil : "\(a) is not inside any subnet or site CIDR of the topology"
        }
    }

    static func message<T>(_ body: () throws -> T) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }
}
