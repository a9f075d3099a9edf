// causeway-bench: converge, trace and matrix timings on synthetic topologies of growing size,
// with the trie's longest-prefix match against a linear-scan reference.
//
//   swift run -c release causeway-bench            # sizes 1, 4, 16
//   swift run -c release causeway-bench 1 4       # chosen sizes
//   swift run -c release causeway-bench --threads 2
import CausewayCore
import CausewaySim
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

var scales: [Int] = []
var threads = 1
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--threads", let n = args.popFirst().flatMap(Int.init) { threads = max(1, n) }
    else if let n = Int(a), n >= 1, n <= 25 { scales.append(n) }
    else {
        print("usage: causeway-bench [--threads N] [SCALE ...]   (scales 1–25; default 1 4 16)")
        exit(2)
    }
}
if scales.isEmpty { scales = [1, 4, 16] }

func peakRSS() -> Double {
    var u = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024            // KiB → MiB
    #else
    getrusage(RUSAGE_SELF, &u)
    return Double(u.ru_maxrss) / 1_048_576       // bytes → MiB
    #endif
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func time<T>(_ body: () -> T) -> (T, Double) {
    let clock = ContinuousClock()
    var result: T?
    let d = clock.measure { result = body() }
    return (result!, seconds(d))
}

func fmt(_ s: Double) -> String {
    if s < 1e-3 { return String(format: "%.1f µs", s * 1e6) }
    if s < 1 { return String(format: "%.1f ms", s * 1e3) }
    return String(format: "%.2f s", s)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

struct Row {
    var scale: Int
    var vpcs = 0, tgwTables = 0, vpns = 0, sites = 0, routes = 0
    var converge = 0.0, p50 = 0.0, p99 = 0.0, matrix = 0.0
    var pairs = 0, reachable = 0, rss = 0.0
    var trieNs = 0.0, naiveNs = 0.0, lpmPrefixes = 0
}

struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

print("causeway-bench: base = 100 VPCs, 1 TGW × 10 route tables, 10 sites × 1 BGP VPN (50 prefixes each); matrix on \(threads) thread\(threads == 1 ? "" : "s")")
var rows: [Row] = []
for scale in scales {
    var row = Row(scale: scale)
    let topo = SyntheticTopology.make(scale: scale)
    row.vpcs = topo.vpcs.count
    row.tgwTables = topo.transitGateways.reduce(0) { $0 + $1.routeTables.count }
    row.vpns = topo.vpnConnections.count
    row.sites = topo.sites.count

    // Converge: median of three.
    var times: [Double] = []
    var sim: Simulation!
    for _ in 0..<3 {
        let (s, t) = time { Simulation(topology: topo) }
        sim = s
        times.append(t)
    }
    row.converge = times.sorted()[1]
    row.routes = sim.network.tables.reduce(0) { $0 + $1.routes.count }

    // Traces (full hop lists, as `causeway trace` does) between random named networks.
    let nets = sim.namedNetworks()
    var gen = Seeded(state: UInt64(scale))
    var samples: [Double] = []
    var delivered = 0
    let clock = ContinuousClock()
    for _ in 0..<3000 {
        let a = nets.randomElement(using: &gen)!, b = nets.randomElement(using: &gen)!
        guard a.representative != b.representative else { continue }
        let start = clock.now
        let r = try! sim.trace(from: a.representative, to: b.representative)
        samples.append(seconds(clock.now - start))
        if r.reachable { delivered += 1 }
    }
    samples.sort()
    row.p50 = percentile(samples, 0.5)
    row.p99 = percentile(samples, 0.99)

    // The full matrix.
    let (m, mt) = time { sim.matrix(threads: threads) }
    row.matrix = mt
    row.pairs = m.tracedPairs
    row.reachable = m.outcomes.isEmpty ? 0 : (0..<m.networks.count).reduce(0) { acc, i in
        acc + (0..<m.networks.count).reduce(0) { $0 + (m.outcome(from: i, to: $1)?.reachable == true ? 1 : 0) }
    }

    // Longest-prefix match: the trie against a linear scan over every prefix of every table.
    var prefixes = Set<IPv4Prefix>()
    for t in sim.network.tables { for r in t.routes { prefixes.insert(r.destination) } }
    let list = prefixes.sorted()
    row.lpmPrefixes = list.count
    var trie = PrefixTrie<Int>()
    var naive = NaiveLPM<Int>()
    for (i, p) in list.enumerated() {
        trie.insert(p, i)
        naive.insert(p, i)
    }
    let probes: [IPv4Address] = (0..<20000).map { _ in
        let p = list.randomElement(using: &gen)!
        return IPv4Address(p.network.value | (UInt32.random(in: 0...UInt32.max, using: &gen) & ~p.mask))
    }
    var sink = 0
    let trieRounds = 50
    let (_, tt) = time {
        for _ in 0..<trieRounds { for a in probes { sink &+= trie.lookup(a) ?? 0 } }
    }
    let naiveProbes = probes.prefix(2000)
    let (_, nt) = time {
        for a in naiveProbes { sink &+= naive.lookup(a) ?? 0 }
    }
    for a in naiveProbes where trie.lookup(a) != naive.lookup(a) {
        print("LPM MISMATCH at \(a)")
        exit(1)
    }
    row.trieNs = tt / Double(trieRounds * probes.count) * 1e9
    row.naiveNs = nt / Double(naiveProbes.count) * 1e9
    if sink == 42 { print("") }
    row.rss = peakRSS()
    rows.append(row)
    print("  \(scale)×: \(row.vpcs) VPCs, \(row.tgwTables) TGW route tables, \(row.vpns) VPN connections, \(row.sites) sites, \(row.routes) routes in \(sim.network.tables.count) tables; \(delivered)/\(samples.count) sampled traces reachable")
}

print("")
print("size  converge   trace p50  trace p99  matrix (pairs, reachable)         peak RSS   LPM trie / naive (prefixes)")
for r in rows {
    let size = "\(r.scale)×".padding(toLength: 5, withPad: " ", startingAt: 0)
    let matrix = "\(fmt(r.matrix)) (\(r.pairs), \(r.reachable))".padding(toLength: 34, withPad: " ", startingAt: 0)
    print("\(size) \(fmt(r.converge).padding(toLength: 10, withPad: " ", startingAt: 0)) \(fmt(r.p50).padding(toLength: 10, withPad: " ", startingAt: 0)) \(fmt(r.p99).padding(toLength: 10, withPad: " ", startingAt: 0)) \(matrix) \(String(format: "%.0f MiB", r.rss).padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%.0f ns / %.0f ns = %.0f× faster", r.trieNs, r.naiveNs, r.naiveNs / r.trieNs)) (\(r.lpmPrefixes))")
}
if let big = rows.first(where: { $0.scale == 16 }) {
    func mark(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
    print("")
    print("targets at 16×: converge < 1 s \(mark(big.converge < 1)), trace p50 < 50 µs \(mark(big.p50 < 50e-6)), matrix < 10 s \(mark(big.matrix < 10)), peak < 1 GiB \(mark(big.rss < 1024))")
}
