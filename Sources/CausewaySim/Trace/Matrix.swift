import CausewayCore
import Dispatch

/// A network the matrix reports on: a site, a VPC, a subnet or the pods of an EKS node group,
/// represented by one address.
public struct NamedNetwork: Sendable, Encodable, Hashable {
    public enum Kind: String, Sendable, Encodable, Hashable { case site, vpc, subnet, pod }
    /// `site:NAME`, `vpc:NAME`, `subnet:VPC/NAME`, `pod:CLUSTER/NODEGROUP`.
    public var name: String
    public var kind: Kind
    public var cidrs: [IPv4Prefix]
    /// The address traced for this network.
    public var representative: IPv4Address
    /// Why this address (`instance app1`, `host db1`, `first assignable address`).
    public var representativeIs: String
}

/// The outcome for one ordered pair.
public struct MatrixOutcome: Sendable, Encodable, Hashable {
    public var reachable: Bool
    public var reason: DropReason?
    public var detail: String?
}

/// One ordered pair of the matrix.
public struct MatrixEntry: Sendable, Encodable, Hashable {
    public var from: String
    public var to: String
    public var reachable: Bool
    public var reason: DropReason?
    public var detail: String?
}

/// Reachability (request delivered and reply back, ICMP) between every ordered pair of named
/// networks. Stored compactly: one cell per pair of distinct representative addresses, pointing
/// at a shared outcome, so large topologies stay small in memory.
public struct ReachabilityMatrix: Sendable, Encodable {
    public let networks: [NamedNetwork]
    let endpointOf: [Int32]
    let endpointCount: Int
    let cells: [Int32]
    public let outcomes: [MatrixOutcome]
    /// Cells point at verdicts (with the tunnels crossed); each verdict at its outcome.
    let verdicts: [Verdict]
    let verdictOutcome: [Int32]

    /// The outcome for networks `i` → `j` (indices into `networks`), nil when the pair is not
    /// traced (the same network, or one inside the other).
    public func outcome(from i: Int, to j: Int) -> MatrixOutcome? {
        guard let c = cell(i, j) else { return nil }
        return outcomes[Int(verdictOutcome[Int(c)])]
    }

    func cell(_ i: Int, _ j: Int) -> Int32? {
        guard i != j, !overlaps(networks[i], networks[j]) else { return nil }
        let a = Int(endpointOf[i]), b = Int(endpointOf[j])
        guard a != b else { return nil }
        let c = cells[a * endpointCount + b]
        return c < 0 ? nil : c
    }

    func overlaps(_ a: NamedNetwork, _ b: NamedNetwork) -> Bool {
        a.cidrs.contains { x in b.cidrs.contains { x.overlaps($0) } }
    }

    /// Every traced ordered pair, in network order.
    public var entries: [MatrixEntry] {
        var out: [MatrixEntry] = []
        for i in networks.indices {
            for j in networks.indices {
                guard let o = outcome(from: i, to: j) else { continue }
                out.append(MatrixEntry(from: networks[i].name, to: networks[j].name, reachable: o.reachable, reason: o.reason, detail: o.detail))
            }
        }
        return out
    }

    /// Number of traced ordered pairs of distinct addresses.
    public var tracedPairs: Int { cells.lazy.filter { $0 >= 0 }.count }
    /// Number of those pairs that reach.
    public var reachablePairs: Int { cells.lazy.filter { $0 >= 0 && self.verdicts[Int($0)].reachable }.count }

    enum CodingKeys: String, CodingKey { case networks, entries }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(networks, forKey: .networks)
        try c.encode(entries, forKey: .entries)
    }
}

extension Simulation {
    /// The named networks: every site, every VPC and every subnet, each with a representative
    /// address (an instance or host in it, else its first assignable address).
    public func namedNetworks() -> [NamedNetwork] {
        var out: [NamedNetwork] = []
        let f = fabric
        func add(_ n: NamedNetwork) { if f.resolve(n.representative) != nil { out.append(n) } }
        for s in topology.sites {
            guard let first = s.cidrs.first else { continue }
            let rep: (IPv4Address, String)
            if let h = s.hosts.first { rep = (h.address, "host \(h.name)") }
            else if let r = s.routers.first { rep = (r.address, "router \(r.name)") }
            else if let a = s.gateway?.lanAddress ?? s.gateway?.privateIP, s.cidrs.contains(where: { $0.contains(a) }) { rep = (a, "the gateway device") }
            else { rep = (first.length < 31 ? first.address(1) : first.network, "first address") }
            add(NamedNetwork(name: "site:\(s.name)", kind: .site, cidrs: s.cidrs, representative: rep.0, representativeIs: rep.1))
        }
        for v in topology.vpcs {
            var subnets: [NamedNetwork] = []
            for s in v.subnets {
                let rep: (IPv4Address, String)
                if let i = v.instances.first(where: { $0.subnet == s.name }) { rep = (i.address, "instance \(i.name)") }
                else { rep = (s.cidr.length <= 29 ? s.cidr.address(4) : s.cidr.network, "first assignable address") }
                subnets.append(NamedNetwork(name: "subnet:\(v.name)/\(s.name)", kind: .subnet, cidrs: [s.cidr], representative: rep.0, representativeIs: rep.1))
            }
            let rep: (IPv4Address, String)? = v.instances.first.map { ($0.address, "instance \($0.name)") }
                ?? subnets.first.map { ($0.representative, $0.representativeIs) }
            if let rep { add(NamedNetwork(name: "vpc:\(v.name)", kind: .vpc, cidrs: v.cidrs, representative: rep.0, representativeIs: rep.1)) }
            subnets.forEach(add)
        }
        return out
    }

    /// Reachability between every ordered pair of named networks (with `pods`, each EKS node
    /// group's pods too). `threads` > 1 traces rows in parallel.
    public func matrix(threads: Int = 1, pods: Bool = false) -> ReachabilityMatrix {
        matrix(namedNetworks() + (pods ? podNetworks() : []), threads: threads)
    }

    /// The pods of each EKS managed node group, traced from the pod source of its first subnet
    /// (VPC CNI: a pod has an address of its node's subnet).
    public func podNetworks() -> [NamedNetwork] {
        topology.eksClusters.flatMap { c in
            c.nodeGroups.compactMap { g -> NamedNetwork? in
                guard let v = topology.vpc(c.vpc), let a = topology.podSource(cluster: c.name, nodeGroup: g.name), fabric.resolve(a) != nil else { return nil }
                return NamedNetwork(name: "pod:\(c.name)/\(g.name)", kind: .pod, cidrs: g.subnets.compactMap { v.subnet($0)?.cidr },
                                    representative: a, representativeIs: "pod source of node group \(g.name)")
            }
        }
    }

    func matrix(_ networks: [NamedNetwork], threads: Int) -> ReachabilityMatrix {
        let f = fabric
        var endpointIndex: [UInt32: Int32] = [:]
        var addresses: [IPv4Address] = []
        var endpoints: [Endpoint] = []
        var endpointOf: [Int32] = []
        for n in networks {
            if let e = endpointIndex[n.representative.value] {
                endpointOf.append(e)
                continue
            }
            let e = Int32(addresses.count)
            endpointIndex[n.representative.value] = e
            addresses.append(n.representative)
            endpoints.append(f.resolve(n.representative)!)
            endpointOf.append(e)
        }
        // Only pairs some named-network pair needs.
        var wanted = [Bool](repeating: false, count: endpoints.count * endpoints.count)
        let sites = networks.map(\.cidrs)
        for i in networks.indices {
            for j in networks.indices where i != j && endpointOf[i] != endpointOf[j] {
                if sites[i].contains(where: { x in sites[j].contains { x.overlaps($0) } }) { continue }
                wanted[Int(endpointOf[i]) * endpoints.count + Int(endpointOf[j])] = true
            }
        }
        let n = endpoints.count
        let (want, addrs, eps) = (wanted, addresses, endpoints)
        let rows = traceRows(n: n, threads: threads) { i, verdicts, cells in
            for j in 0..<n where want[i * n + j] {
                let v = verdict(addrs[i], eps[i], addrs[j], eps[j])
                cells[j] = verdicts.intern(v)
            }
        }
        var outcomes: [MatrixOutcome] = []
        var outcomeIndex: [MatrixOutcome: Int32] = [:]
        var verdicts = VerdictTable()
        var verdictOutcome: [Int32] = []
        var cells = [Int32](repeating: -1, count: n * n)
        for (i, row) in rows.enumerated() {
            var remap: [Int32] = []
            for v in row.table.values {
                let k = verdicts.intern(v)
                remap.append(k)
                if Int(k) < verdictOutcome.count { continue }
                let o = MatrixOutcome(reachable: v.reachable, reason: v.reason, detail: v.detail)
                if let oi = outcomeIndex[o] {
                    verdictOutcome.append(oi)
                } else {
                    outcomeIndex[o] = Int32(outcomes.count)
                    verdictOutcome.append(Int32(outcomes.count))
                    outcomes.append(o)
                }
            }
            for j in 0..<n where row.cells[j] >= 0 { cells[i * n + j] = remap[Int(row.cells[j])] }
        }
        return ReachabilityMatrix(networks: networks, endpointOf: endpointOf, endpointCount: n, cells: cells,
                                  outcomes: outcomes, verdicts: verdicts.values, verdictOutcome: verdictOutcome)
    }

    /// Runs `body` for each row, on up to `threads` threads, each row with its own interning table.
    func traceRows(n: Int, threads: Int, _ body: @escaping @Sendable (Int, inout VerdictTable, inout [Int32]) -> Void) -> [(table: VerdictTable, cells: [Int32])] {
        @Sendable func work(_ i: Int) -> (table: VerdictTable, cells: [Int32]) {
            var table = VerdictTable()
            var cells = [Int32](repeating: -1, count: n)
            body(i, &table, &cells)
            return (table, cells)
        }
        if threads <= 1 || n < 2 { return (0..<n).map(work) }
        let box = RowBox(count: n)
        DispatchQueue.concurrentPerform(iterations: min(threads, n)) { worker in
            var i = worker
            while i < n {
                box.set(i, work(i))
                i += threads
            }
        }
        return box.rows()
    }
}

/// Interns verdicts so a row stores small indices.
struct VerdictTable: Sendable {
    var values: [Verdict] = []
    var index: [Verdict: Int32] = [:]
    mutating func intern(_ v: Verdict) -> Int32 {
        if let i = index[v] { return i }
        let i = Int32(values.count)
        values.append(v)
        index[v] = i
        return i
    }
}

/// Rows written by parallel workers, each row by exactly one worker.
final class RowBox: @unchecked Sendable {
    private var storage: [(table: VerdictTable, cells: [Int32])?]
    private let lock = NSLockLite()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ row: (table: VerdictTable, cells: [Int32])) {
        lock.withLock { storage[i] = row }
    }
    func rows() -> [(table: VerdictTable, cells: [Int32])] { storage.map { $0! } }
}

/// A minimal lock over a pthread mutex (Foundation-free).
final class NSLockLite: @unchecked Sendable {
    private let m = DispatchSemaphore(value: 1)
    func withLock<T>(_ body: () -> T) -> T {
        m.wait()
        defer { m.signal() }
        return body()
    }
}
