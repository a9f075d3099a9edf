import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// Loads `examples/NAME*.yaml` from the package.
func example(_ prefix: String) throws -> Topology {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dir = root.appendingPathComponent("examples")
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix(prefix) && $0.hasSuffix(".yaml") })
    let data = try Data(contentsOf: dir.appendingPathComponent(name))
    let r = Loader.load(data: [UInt8](data), file: name)
    return try #require(r.topology, "\(r.diagnostics.map(\.message))")
}

/// Loads a topology from inline YAML.
func topology(_ yaml: String) throws -> Topology {
    let r = Loader.load(text: yaml, file: "test.yaml")
    let errors = r.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    return try #require(r.topology)
}

func ip(_ s: String) -> IPv4Address { IPv4Address(s)! }
func pfx(_ s: String) -> IPv4Prefix { IPv4Prefix(s)! }

extension Simulation {
    func trace(_ from: String, _ to: String, _ proto: IPProtocol = .icmp, port: Int? = nil) throws -> TraceResult {
        try trace(from: ip(from), to: ip(to), protocol: proto, port: port)
    }
    init(_ t: Topology, fail refs: [String]) throws {
        self.init(topology: t, failures: Set(try refs.map { try Failure.parse($0, in: t) }))
    }
}

/// Readable dump of a trace for failure messages.
func dump(_ r: TraceResult) -> String {
    var s = "reachable=\(r.reachable) reason=\(r.reason?.rawValue ?? "-") detail=\(r.detail ?? "-")\n"
    for h in r.hops { s += "  > \(h.node) [\(h.action)] \(h.route ?? "") \(h.detail ?? "")\n" }
    for h in r.returnHops { s += "  < \(h.node) [\(h.action)] \(h.route ?? "") \(h.detail ?? "")\n" }
    return s
}
