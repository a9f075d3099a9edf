import CausewayCore
import CausewaySim

/// The HTML report: one self-contained page (inline CSS, the diagram inline, no script, no
/// external URL) with the topology's summary, the tunnels' state, the simulator's reachability
/// matrix, a trace per blocked pair and some working ones, and the failover cases. Values in,
/// text out: the simulator's answers are computed by the caller (`Diagram`).
struct DiagramReport {
    /// A traced matrix pair.
    struct TracedPair {
        var entry: MatrixEntry
        var trace: TraceResult
    }

    var title: String
    var summary: [(String, String)]
    var failures: [String]
    var tunnels: [TunnelStatus]
    var svg: String
    var matrix: ReachabilityMatrix
    var blocked: [TracedPair]
    /// Blocked pairs not traced here (the page shows the first ones).
    var blockedLeftOut: Int
    var working: [TracedPair]
    var failover: FailoverReport

    var html: String {
        var out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                   "<title>\(h(title))</title>", "<style>", Self.css, "</style>", "</head>", "<body>",
                   "<h1>\(h(title))</h1>"]
        if !failures.isEmpty { out.append("<p class=\"failed\">Simulated with failed: \(h(failures.joined(separator: ", ")))</p>") }
        out.append("<h2 id=\"summary\">Summary</h2>")
        out.append(table(["", "value"], summary.map { [h($0.0), h($0.1)] }))
        out.append("<h2 id=\"tunnels\">Tunnels</h2>")
        out.append(tunnels.isEmpty ? "<p>No VPN tunnels.</p>" : table(["tunnel", "state", "why", "inside"], tunnels.map { t in
            [h(t.tunnel.description), t.up ? "<span class=\"ok\">up</span>" : "<span class=\"bad\">down</span>",
             h([t.problem?.rawValue, t.detail].compactMap { $0 }.joined(separator: ": ")), h(t.insideCIDR?.description ?? "")]
        }))
        out += ["<h2 id=\"diagram\">Diagram</h2>", "<div class=\"diagram\">", svg, "</div>"]
        out += matrixSection()
        out += traceSection()
        out += failoverSection()
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    func matrixSection() -> [String] {
        let nets = matrix.networks, entries = matrix.entries
        var out = ["<h2 id=\"matrix\">Reachability matrix</h2>",
                   "<p>Row = from, column = to: ✓ reachable (request and reply), ✗ blocked, · not paired (the same network or one inside the other). \(entries.filter(\.reachable).count) of \(entries.count) pairs reachable.</p>"]
        var rows: [[String]] = []
        for (i, n) in nets.enumerated() {
            rows.append(["\(i + 1)", "\(h(n.name)) <span class=\"dim\">\(h(n.representative.description))</span>"] + nets.indices.map { j in
                guard let o = matrix.outcome(from: i, to: j) else { return "<span class=\"dim\">·</span>" }
                return o.reachable ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\" title=\"\(h(o.reason?.rawValue ?? ""))\">✗</span>"
            })
        }
        out.append(table(["", "from \\ to"] + nets.indices.map { "\($0 + 1)" }, rows, cls: "grid"))
        let blockedEntries = entries.filter { !$0.reachable }
        if !blockedEntries.isEmpty {
            out.append("<h3>Blocked pairs</h3>")
            out.append(table(["from", "to", "reason", "detail"], blockedEntries.map { [h($0.from), h($0.to), h($0.reason?.rawValue ?? ""), h($0.detail ?? "")] }))
        }
        return out
    }

    func traceSection() -> [String] {
        var out = ["<h2 id=\"traces\">Traces</h2>"]
        if blocked.isEmpty { out.append("<p>Every matrix pair is reachable.</p>") }
        for p in blocked { out += trace(p) }
        if blockedLeftOut > 0 {
            out.append("<p>\(blockedLeftOut) more blocked pair\(blockedLeftOut == 1 ? "" : "s") not traced here: <code>causeway trace FILE --from A --to B</code> shows each.</p>")
        }
        if !working.isEmpty {
            out.append("<h3>Working pairs (a sample)</h3>")
            for p in working { out += trace(p) }
        }
        return out
    }

    func trace(_ p: TracedPair) -> [String] {
        let t = p.trace
        let verdict = t.reachable ? "<span class=\"ok\">reachable</span>"
            : "<span class=\"bad\">blocked: \(h(t.reason?.rawValue ?? ""))</span>"
        var out = ["<div class=\"trace\">", "<h4>\(h(p.entry.from)) (\(h(t.from.description))) → \(h(p.entry.to)) (\(h(t.to.description))): \(verdict)</h4>"]
        if let d = t.detail { out.append("<p>\(h(d))</p>") }
        let tunnels = (t.tunnels.map(\.description) + t.virtualInterfaces).joined(separator: ", ")
        if !tunnels.isEmpty { out.append("<p>request over \(h(tunnels))</p>") }
        out.append(hops("request", t.hops))
        if !t.returnHops.isEmpty { out.append(hops("reply", t.returnHops)) }
        if !t.notes.isEmpty { out.append("<ul>" + t.notes.map { "<li>\(h($0))</li>" }.joined() + "</ul>") }
        out.append("</div>")
        return out
    }

    func hops(_ caption: String, _ hops: [TraceHop]) -> String {
        table(["#", "node", "kind", "action", "route", "why"], hops.enumerated().map { i, hop in
            let action = hop.action == .drop ? "<span class=\"bad\">drop</span>" : h(hop.action.rawValue)
            return ["\(i + 1)", h(hop.node), h(hop.kind.rawValue), action, h(hop.route ?? ""), h(hop.detail ?? "")]
        }, caption: caption)
    }

    func failoverSection() -> [String] {
        var out = ["<h2 id=\"failover\">Failover</h2>",
                   "<p>\(failover.reachableFlows) of \(failover.flows) flows reachable; each case adds one failure.</p>"]
        if failover.cases.isEmpty { return out + ["<p>No single failure to try.</p>"] }
        out.append(table(["fail", "move", "break", "unaffected", "restored"], failover.cases.map { c in
            [h(c.failure.description), "\(c.moved.count)", c.broken.isEmpty ? "0" : "<span class=\"bad\">\(c.broken.count)</span>",
             "\(c.unaffected)", "\(c.restored.count)"]
        }))
        for c in failover.cases where !c.broken.isEmpty {
            out.append("<h4>fail \(h(c.failure.description)): flows that break</h4>")
            out.append(table(["from", "to", "reason", "detail"], c.broken.map { [h($0.from), h($0.to), h($0.reason?.rawValue ?? ""), h($0.detail ?? "")] }))
        }
        return out
    }

    /// A table of already-escaped cells.
    func table(_ header: [String], _ rows: [[String]], cls: String? = nil, caption: String? = nil) -> String {
        var out = "<table\(cls.map { " class=\"\($0)\"" } ?? "")>"
        if let caption { out += "<caption>\(h(caption))</caption>" }
        out += "<tr>" + header.map { "<th>\(h($0))</th>" }.joined() + "</tr>"
        for r in rows { out += "\n<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return out + "</table>"
    }

    func h(_ s: String) -> String { xmlEscaped(s) }

    static let css = """
    body { font-family: DejaVu Sans, Liberation Sans, sans-serif; margin: 24px; color: #222; }
    h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; }
    h3 { font-size: 15px; } h4 { font-size: 13px; margin: 12px 0 4px; }
    table { border-collapse: collapse; margin: 6px 0; font-size: 12px; }
    th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
    th { background: #f3f3f3; } caption { text-align: left; font-style: italic; }
    table.grid td { text-align: center; } table.grid td:nth-child(2) { text-align: left; white-space: nowrap; }
    .ok { color: #1b8a3a; font-weight: bold; } .bad { color: #c62828; font-weight: bold; } .dim { color: #888; }
    .failed { color: #c62828; } .trace { margin-left: 12px; }
    .diagram { border: 1px solid #ddd; } .diagram svg { height: auto; }
    """
}
