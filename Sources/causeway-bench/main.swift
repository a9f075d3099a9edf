// causeway-bench: load, converge, trace, matrix, failover and render timings on synthetic
// topologies of growing size (each written as a topology file and loaded), with the trie's
// longest-prefix match against a linear-scan reference.
//
//   swift run -c release causeway-bench            # sizes 1, 4, 16, 64
//   swift run -c release causeway-bench 1 4       # chosen sizes
//   swift run -c release causeway-bench --threads 2
//   swift run -c release causeway-bench --only converge 16   # one phase (for callgrind)
import CausewayCore
import CausewayRender
import CausewaySim
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Phase: String, CaseIterable { case converge, trace, matrix, failover, render, lpm }

var scales: [Int] = []
var threads = 1
var phases = Set(Phase.allCases)
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--threads", let n = args.popFirst().flatMap(Int.init) { threads = max(1, n) }
    else if a == "--only", let p = args.popFirst().flatMap(Phase.init(rawValue:)) { phases = [p] }
    else if let n = Int(a), n >= 1, n <= SyntheticTopology.maxScale { scales.append(n) }
    else {
        print("usage: causeway-bench [--threads N] [--only converge|trace|matrix|failover|render|lpm] [SCALE ...]   (scales 1–\(SyntheticTopology.maxScale); default 1 4 16 64)")
        exit(2)
    }
}
if scales.isEmpty { scales = [1, 4, 16, 64] }

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
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }

struct Row {
    var scale: Int
    var vpcs = 0, tgwTables = 0, vpns = 0, sites = 0, routes = 0, fileBytes = 0
    var load = 0.0, converge = 0.0, p50 = 0.0, p99 = 0.0, matrix = 0.0, failover = 0.0
    var sampled = 0, reached = 0, pairs = 0, reachable = 0, failures = 0, rss = 0.0
    var trieNs = 0.0, naiveNs = 0.0, lpmPrefixes = 0
    var render = 0.0, diagram = 0.0, renderedFiles = 0, renderedBytes = 0
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

func lpm(_ sim: Simulation, _ row: inout Row, _ gen: inout Seeded) {
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
}

print("causeway-bench: base = 100 VPCs, 1 TGW × 10 route tables, 10 sites × 1 BGP VPN (50 prefixes each); matrix and failover on \(threads) thread\(threads == 1 ? "" : "s")")
var rows: [Row] = []
for scale in scales {
    var row = Row(scale: scale)
    let (text, _) = time { SyntheticTopology.yaml(scale: scale) }
    row.fileBytes = text.utf8.count
    let (loaded, lt) = time { Loader.load(text: text, file: "synthetic-\(scale)x.yaml") }
    row.load = lt
    guard let topo = loaded.topology else { print("synthetic \(scale)× does not load: \(loaded.diagnostics.prefix(3).map(\.message))"); exit(1) }
    row.vpcs = topo.vpcs.count
    row.tgwTables = topo.transitGateways.reduce(0) { $0 + $1.routeTables.count }
    row.vpns = topo.vpnConnections.count
    row.sites = topo.sites.count

    // Converge: median of three (one at 64×).
    var times: [Double] = []
    var sim: Simulation!
    for _ in 0..<(scale >= 64 || phases == [.converge] ? 1 : 3) {
        let (s, t) = time { Simulation(topology: topo) }
        sim = s
        times.append(t)
    }
    row.converge = times.sorted()[times.count / 2]
    row.routes = sim.network.tables.reduce(0) { $0 + $1.routes.count }
    var gen = Seeded(state: UInt64(scale))

    // Traces (full hop lists, as `causeway trace` does) of the synthetic flows; p50/p99 over
    // the reachable ones.
    if phases.contains(.trace) {
        var samples: [Double] = []
        let clock = ContinuousClock()
        for (a, b) in SyntheticTopology.flows(scale: scale, count: 3000, using: &gen) {
            let start = clock.now
            let r = try! sim.trace(from: a, to: b)
            let t = seconds(clock.now - start)
            row.sampled += 1
            if r.reachable { row.reached += 1; samples.append(t) }
        }
        samples.sort()
        row.p50 = percentile(samples, 0.5)
        row.p99 = percentile(samples, 0.99)
    }

    if phases.contains(.matrix) && (scale <= 16 || phases == [.matrix]) {
        let (m, mt) = time { sim.matrix(threads: threads) }
        row.matrix = mt
        row.pairs = m.tracedPairs
        row.reachable = m.reachablePairs
    }

    // Every single-tunnel failure re-converges the whole network (the flows it re-traces are
    // only those that crossed the tunnel): about a minute at 16×, so not at 64×.
    if phases.contains(.failover) && (scale <= 16 || phases == [.failover]) {
        let (f, ft) = time { sim.failoverReport(threads: threads, failures: sim.singleFailures().filter(\.isTunnel)) }
        row.failover = ft
        row.failures = f.cases.count
    }

    // `causeway render` without --only: every target, the diagram's own simulation included;
    // then the diagram alone (its matrix, traces and failover cases).
    if phases.contains(.render) && (scale <= 16 || phases == [.render]) {
        // What `import` would add: AWS's outside addresses (from 198.18.0.0/15, the benchmarking
        // range) and a key per tunnel, as `render` reads them from the environment.
        var deployed = topo
        var keys: [String: PreSharedKey] = [:]
        var next: UInt32 = 0
        for ci in deployed.vpnConnections.indices {
            for ti in deployed.vpnConnections[ci].tunnels.indices {
                let t = deployed.vpnConnections[ci].tunnels[ti]
                deployed.vpnConnections[ci].tunnels[ti].outsideIP = OuterAddress(IPv4Address(198, 18, 0, 0).advanced(by: Int(next)).description)
                next += 1
                keys["\(deployed.vpnConnections[ci].name)/\(t.index)"] = PreSharedKey("bench.key_\(next)")
            }
        }
        let context = RenderContext(secrets: keys, resolved: ResolvedNetwork(deployed))
        let (files, rt) = time { () -> [RenderedFile]? in
            do { return try RenderPlan(deployed).run(deployed, context: context) } catch { print("  render refused: \(String(describing: error).prefix(300))"); return nil }
        }
        // The diagram's failover cases re-converge the network per failure: not beyond 4×.
        let (_, dt) = scale <= 4 || phases == [.render] ? time { try? RenderPlan(deployed, only: [.diagram]).run(deployed, context: context) } : (nil, -1)
        row.render = files == nil ? -1 : rt
        row.diagram = dt
        row.renderedFiles = files?.count ?? 0
        row.renderedBytes = files?.reduce(0) { $0 + $1.contents.utf8.count } ?? 0
    }

    if phases.contains(.lpm) { lpm(sim, &row, &gen) }
    row.rss = peakRSS()
    rows.append(row)
    print("  \(scale)×: \(row.vpcs) VPCs, \(row.tgwTables) TGW route tables, \(row.vpns) VPN connections, \(row.sites) sites, \(row.routes) routes in \(sim.network.tables.count) tables; file \(row.fileBytes / 1024) KiB loaded in \(fmt(row.load)); \(row.reached)/\(row.sampled) sampled flows reachable")
}

print("")
print("size  converge   trace p50  trace p99  matrix (pairs, reachable)          failover (tunnel failures)  peak RSS   LPM trie / naive (prefixes)")
for r in rows {
    let matrix = r.pairs == 0 ? "—" : "\(fmt(r.matrix)) (\(r.pairs), \(r.reachable))"
    let failover = r.failures == 0 ? "—" : "\(fmt(r.failover)) (\(r.failures))"
    let lpm = r.lpmPrefixes == 0 ? "—" : String(format: "%.0f ns / %.0f ns = %.0f× faster (%d)", r.trieNs, r.naiveNs, r.naiveNs / r.trieNs, r.lpmPrefixes)
    print("\(pad("\(r.scale)×", 5)) \(pad(fmt(r.converge), 10)) \(pad(fmt(r.p50), 10)) \(pad(fmt(r.p99), 10)) \(pad(matrix, 35)) \(pad(failover, 27)) \(pad(String(format: "%.0f MiB", r.rss), 10)) \(lpm)")
}
if rows.contains(where: { $0.renderedFiles > 0 || $0.render < 0 }) {
    print("")
    print("size  render, every target (files, size)       of which the diagram (SVG + report: matrix, traces, failover)")
    for r in rows where r.renderedFiles > 0 || r.render < 0 {
        let all = r.render < 0 ? "refused" : "\(fmt(r.render)) (\(r.renderedFiles) files, \(r.renderedBytes / 1024) KiB)"
        print("\(pad("\(r.scale)×", 5)) \(pad(all, 42)) \(r.diagram < 0 ? "not run" : fmt(r.diagram))")
    }
}
func mark(_ ok: Bool, _ ran: Bool = true) -> String { !ran ? "not run" : ok ? "ok" : "MISSED" }
if let r = rows.first(where: { $0.scale == 16 }) {
    print("")
    let traced = r.sampled > 0
    print("targets at 16×: converge < 100 ms \(mark(r.converge < 0.1)), trace p50 < 5 µs \(mark(r.p50 < 5e-6, traced)), p99 < 20 µs \(mark(r.p99 < 20e-6, traced)), matrix < 2 s \(mark(r.matrix < 2, r.pairs > 0)), failover < 5 s \(mark(r.failover < 5, r.failures > 0)), sampled flows ≥ half reachable \(mark(r.reached * 2 >= r.sampled, traced))")
}
if let r = rows.first(where: { $0.scale == 64 }) {
    print("targets at 64×: converge < 500 ms \(mark(r.converge < 0.5)), peak RSS < 1 GiB \(mark(r.rss < 1024))")
}
