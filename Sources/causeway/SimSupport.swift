import ArgumentParser
import CausewayCore
import CausewaySim
import Foundation

/// Arguments shared by the simulator's verbs: the file, failures, output format.
struct SimulationOptions: ParsableArguments {
    @Argument(help: "The topology file (YAML).") var file: String
    @Option(name: .customLong("fail"), help: ArgumentHelp(
        "Take something down (repeatable): CONN/1 or CONN/2 (a tunnel), CONN (the whole VPN connection), site:NAME (the site's customer gateway device), vgw:NAME (detach the virtual private gateway), dx:NAME (a Direct Connect virtual interface down).",
        valueName: "REF")) var fail: [String] = []
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    /// Loads, checks and converges; input problems exit 2 (exit 1 is the simulated outcome).
    /// Errors (AWS would reject the file, or causeway cannot model it) stop here; warnings
    /// (AWS accepts it, but traffic will not flow as meant) go to stderr and the mistake is
    /// simulated, so a trace shows where and why the traffic is dropped.
    func simulation() throws -> Simulation {
        let r = TopologyInput.read(file)
        guard let t = r.topology, !r.diagnostics.hasErrors else {
            for d in r.diagnostics where d.severity == .error { printErr(d.formatted) }
            printErr("causeway: \(file) has errors; run `causeway check \(file)` for all findings")
            throw Exit.unusable
        }
        for d in r.diagnostics where d.severity == .warning { printErr(d.formatted) }
        var failures = Set<Failure>()
        for ref in fail {
            failures.insert(try exiting(Exit.unusable) { try Failure.parse(ref, in: t) })
        }
        return Simulation(topology: t, failures: failures)
    }

    /// Prints a simulator answer as JSON or as `text`, then exits 1 when it `failed` (the
    /// simulated outcome: no route, no answer).
    func report<Answer: Encodable>(_ answer: Answer, failed: Bool, text: () -> String) throws {
        print(format == .json ? try jsonString(answer) : text())
        if failed { throw Exit.findings }
    }
}

/// Lays rows out in aligned columns (the last column is not padded).
func columns(_ rows: [[String]], indent: String = "  ", gap: Int = 2) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    var w = [Int](repeating: 0, count: width)
    for r in rows { for (i, c) in r.enumerated() where i < width - 1 { w[i] = max(w[i], c.count) } }
    return rows.map { r in
        var line = indent
        for (i, c) in r.enumerated() {
            line += i == r.count - 1 ? c : c + String(repeating: " ", count: w[i] - c.count + gap)
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }.joined(separator: "\n")
}

extension Simulation {
    /// `(failed: vpn/1, site:x)` or empty.
    var failureSuffix: String {
        failures.isEmpty ? "" : " (failed: \(failures.sorted().map(\.description).joined(separator: ", ")))"
    }
}

/// `--at TIME`: the moment a Client VPN connect handler judges (ISO 8601 with its offset).
struct ConnectTimeOption: ParsableArguments {
    @Option(help: ArgumentHelp("When remote users connect, for Client VPN connect handlers: ISO 8601 with an offset, e.g. 2026-12-07T10:00+09:00 (default: now).", valueName: "TIME"))
    var at: String?

    /// The moment written, or now; a malformed one exits 2.
    func date() throws -> Date {
        guard let at else { return Date() }
        guard let d = ISO8601Moment.parse(at) else {
            printErr("causeway: --at \(at) is not an ISO 8601 time with an offset; write e.g. 2026-12-07T10:00+09:00 or 2026-12-07T01:00Z")
            throw Exit.unusable
        }
        return d
    }
}

/// Arguments of the verbs that trace every flow (matrix, failover).
struct FlowOptions: ParsableArguments {
    @Option(help: "Trace on this many threads.") var threads: Int = 1
    @OptionGroup var connect: ConnectTimeOption

    var threadCount: Int { max(1, threads) }
}

extension TraceSource: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension TraceDestination: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
