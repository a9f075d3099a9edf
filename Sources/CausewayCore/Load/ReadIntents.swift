import Foundation
import Yams

/// `expect:`: a list of intents, each one mapping of `reachable`, `blocked`, `survives` or
/// `resolves` to its settings. Read after the rest of the topology: a `survives` failure names
/// the topology's connections, sites and virtual interfaces.
extension TopologyReader {
    static let intentVerbs = ["reachable", "blocked", "survives", "resolves"]

    func readIntents(_ node: Node, _ p: String, in t: Topology) -> [Intent] {
        ctx.list(node, p) { n, ip in readIntent(n, ip, in: t) }
    }

    func readIntent(_ node: Node, _ p: String, in t: Topology) -> Intent? {
        let what = "an intent"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (one of \(Self.intentVerbs.joined(separator: ", ")))") }
        let written = Self.intentVerbs.compactMap { v in m.take(v).map { (v, $0) } }
        guard written.count == 1, let (verb, body) = written.first else {
            ctx.report(LoadRules.invalidValue, "an intent is one of \(Self.intentVerbs.map { "`\($0):`" }.joined(separator: ", "))\(written.isEmpty ? "" : "; this one writes \(written.map(\.0).joined(separator: " and ")): write each as its own list entry")", at: node)
            return nil
        }
        let bp = m.child(verb)
        guard let b = MappingReader(body, path: bp, ctx: ctx, what: "`\(verb):`") else { return nil }
        if verb == "resolves" {
            defer { b.finish(what: "`resolves:` (name, from, answer, failure)") }
            let name = b.required("name", what: "`resolves:`") { n, path in ctx.scalar(n, path, expected: "a domain name") { DNSName($0) } }
            let from = b.required("from", what: "`resolves:`", source)
            let answer = b.take("answer").map { ctx.list($0, b.child("answer")) { n, ap in ctx.address(n, ap) } }
            var failure: Failure?
            if let n = b.take("failure") {
                guard let f = self.failure(n, b.child("failure"), in: t) else { return nil }
                failure = f
            }
            guard let name, let from else { return nil }
            return Intent(path: bp, kind: .resolves(name: name, from: from, answer: answer, failure: failure))
        }
        let keys = verb == "survives" ? "from, to, failure, protocol, port, at" : "from, to, protocol, port, at"
        defer { b.finish(what: "`\(verb):` (\(keys))") }
        let from = b.required("from", what: "`\(verb):`", source)
        let to = b.required("to", what: "`\(verb):`") { n, path in ctx.scalar(n, path, expected: "an address, or a host, router or instance of the topology") { TraceDestination($0) } }
        let proto = b.take("protocol").flatMap { n in ctx.scalar(n, b.child("protocol"), expected: "icmp, tcp or udp") { IPProtocol(rawValue: $0.lowercased()).flatMap { $0 == .all ? nil : $0 } } } ?? .icmp
        let port = b.int("port", in: 0...65535)
        let at = b.take("at").flatMap { n in ctx.scalar(n, b.child("at"), expected: "an ISO 8601 time with its offset, like 2026-12-07T10:00+09:00") { ISO8601Moment.parse($0) } }
        let failure = verb == "survives" ? b.required("failure", what: "`survives:`") { n, path in self.failure(n, path, in: t) } : nil
        if port != nil && proto == .icmp {
            ctx.report(LoadRules.invalidValue, "`port` needs `protocol: tcp` or `udp`", path: b.child("port"))
            return nil
        }
        guard let from, let to else { return nil }
        let flow = IntentFlow(from: from, to: to, protocol: proto, port: port, at: at)
        switch verb {
        case "reachable": return Intent(path: bp, kind: .reachable(flow))
        case "blocked": return Intent(path: bp, kind: .blocked(flow))
        default: return failure.map { Intent(path: bp, kind: .survives(flow, failure: $0)) }
        }
    }

    func source(_ n: Node, _ path: String) -> TraceSource? {
        ctx.scalar(n, path, expected: "an address, a host, router or instance, user:NAME, cvpn:ENDPOINT/USER or pod:CLUSTER/NODEGROUP[/SUBNET]") { TraceSource($0) }
    }

    /// A failure as `failover --fail` names it; one naming nothing is reported at its node.
    func failure(_ n: Node, _ path: String, in t: Topology) -> Failure? {
        guard let text = ctx.string(n, path) else { return nil }
        do { return try Failure.parse(text, in: t) } catch {
            ctx.report(IntentChecks.rule.namesNothing, "`failure: \(text)`: \(error.message)", at: n)
            return nil
        }
    }
}
