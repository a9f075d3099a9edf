import CausewayCore
import CausewayRender
import CausewaySim
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `render --only diagram`: the SVG's layout has no overlapping boxes, names every thing of the
/// topology, parses as XML; the report is one self-contained page built from the simulator's
/// own matrix, traces and failover report.
@Suite struct DiagramTests {
    static func render(_ s: Scenario, failures: [String] = []) throws -> (svg: String, html: String) {
        let t = try s.topology()
        var ctx = try s.context()
        for f in failures { ctx.failures.insert(try Failure.parse(f, in: t)) }
        let files = try RenderPlan(t, only: [.diagram]).run(t, context: ctx)
        #expect(files.map(\.path) == ["diagram/report.html", "diagram/topology.svg"])
        return (try #require(files.file("diagram/topology.svg")).contents, try #require(files.file("diagram/report.html")).contents)
    }

    /// Every text node of an XML document, and whether it parsed.
    final class Texts: NSObject, XMLParserDelegate {
        var texts: [String] = [], current = "", root: String?, attributes: [String: String] = [:]
        var depth = 0
        func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
            if root == nil { root = name; attributes = a }
            if name == "text" { current = "" }
            depth += 1
        }
        func parser(_ p: XMLParser, foundCharacters s: String) { current += s }
        func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { texts.append(current) }
            current = ""
            depth -= 1
        }
        static func parse(_ xml: String) -> (ok: Bool, texts: Texts) {
            let t = Texts()
            let p = XMLParser(data: Data(xml.utf8))
            p.delegate = t
            return (p.parse(), t)
        }
    }

    /// The names a picture of `t` must show.
    static func names(_ t: Topology) -> [String] {
        var n = t.sites.map(\.name) + t.sites.flatMap { $0.hosts.map(\.name) + $0.routers.map(\.name) }
        n += t.customerGateways.map(\.name) + t.vpnConnections.map(\.name) + t.vpnGateways.map(\.name)
        n += t.transitGateways.flatMap { [$0.name] + $0.routeTables.map(\.name) + $0.attachments.map(\.name) }
        n += t.vpcs.flatMap { [$0.name] + $0.subnets.map(\.name) + $0.instances.map(\.name) }
        n += t.dxGateways.map(\.name) + t.virtualInterfaces.map(\.name) + t.clientVPNEndpoints.map(\.name)
        n += t.eksClusters.flatMap { [$0.name] + $0.nodeGroups.map(\.name) }
        return n
    }

    @Test(arguments: Scenario.allCases)
    func boxesDoNotOverlapAndChildrenStayInside(_ s: Scenario) throws {
        let layout = Diagram.layout(Simulation(topology: try s.topology()))
        func check(_ siblings: [DiagramBox], in parent: DiagramBox?) {
            for (i, a) in siblings.enumerated() {
                #expect(a.rect.width > 0 && a.rect.height > 0, "\(a.id) has no size")
                if let parent { #expect(parent.rect.contains(a.rect), "\(a.id) sticks out of \(parent.id)") }
                for b in siblings[(i + 1)...] { #expect(!a.rect.intersects(b.rect), "\(a.id) overlaps \(b.id)") }
                // Every line fits its box (sizes come from text lengths).
                for l in a.lines { #expect(DiagramLayout.textWidth(l.text) <= a.rect.width - 16, "\(a.id): \(l.text) is cut") }
                check(a.children, in: a)
            }
        }
        check(layout.columns.flatMap(\.boxes), in: nil)
        #expect(layout.boxes.allSatisfy { $0.rect.maxX <= layout.width && $0.rect.maxY <= layout.height })
        // Columns in order: on-premises, tunnels, AWS edge, VPCs.
        #expect(layout.columns.map(\.heading).first == "on-premises" && layout.columns.map(\.heading).last == "VPCs")
        #expect(zip(layout.columns, layout.columns.dropFirst()).allSatisfy { $0.x + $0.width < $1.x })
    }

    @Test(arguments: Scenario.allCases)
    func theSVGParsesAndNamesEveryThing(_ s: Scenario) throws {
        let t = try s.topology()
        let (svg, _) = try Self.render(s)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""))
        let (ok, parsed) = Texts.parse(svg)
        #expect(ok, "topology.svg is not well-formed XML")
        #expect(parsed.root == "svg" && parsed.attributes["version"] == "1.1")
        let all = parsed.texts.joined(separator: "\n")
        for n in Self.names(t) { #expect(all.contains(n), "\(n) is not in the picture") }
        #expect(!svg.contains("<script") && !svg.contains("href="))
    }

    /// Text is escaped for XML: a name with `&`, `<` and quotes still parses and reads back.
    @Test func textIsEscaped() throws {
        let odd = "R&D <lab> \"quoted\" 'it'"
        let layout = DiagramLayout(columns: [("on-premises", [DiagramBox(id: "site:\(odd)", kind: .site, title: "site \(odd)", lines: [DiagramLine(odd, tone: .down)])])], edges: [])
        let svg = Diagram.svgDocument(layout, title: odd)
        let (ok, parsed) = Texts.parse(svg)
        #expect(ok)
        #expect(parsed.texts.contains("site \(odd)") && parsed.texts.contains(odd))
    }

    /// Long lines wrap at a separator, keep every word, and only the first keeps the marker.
    @Test func longLinesWrap() {
        let text = "attachment seoul-vpc: vpc seoul (private-a, private-c, private-d) · tunnel · up"
        let lines = DiagramLine.wrapped(text, tone: .up, anchor: "tunnel:vpn/1", limit: 40)
        #expect(lines.count > 1 && lines.allSatisfy { $0.text.count <= 40 }, "\(lines)")
        #expect(lines.map(\.tone) == [.up] + Array(repeating: .plain, count: lines.count - 1))
        #expect(lines.first?.anchor == "tunnel:vpn/1" && lines.dropFirst().allSatisfy { $0.anchor == nil })
        let words = lines.flatMap { $0.text.split(separator: " ") }.filter { $0 != "·" }
        #expect(words == text.split(separator: " ").filter { $0 != "·" })
        #expect(DiagramLine.wrapped("short").map(\.text) == ["short"])
    }

    /// The tunnels' state is the simulator's: S0's tunnels up, and down (failed) under --fail.
    @Test func tunnelsShowTheirSimulatedState() throws {
        let up = try Self.render(.s0).svg
        #expect(up.contains("· up · BGP up") && !up.contains("· down"))
        let down = try Self.render(.s0, failures: ["vpn/1"]).svg
        #expect(down.contains("tunnel 1 · ") && down.contains("· down (failed)"))
        #expect(down.contains("stroke-dasharray"), "a down tunnel's line is dashed")
        let dx = try Self.render(.s5, failures: ["dx:dc-transit-vif"]).svg
        #expect(dx.contains(">down</text>"))
    }

    /// The report: self-contained (no script, no link, no external reference), the picture
    /// inline, the simulator's matrix cell by cell, a trace per blocked pair, failover's cases.
    @Test(arguments: [Scenario.s3, .s4, .s5])
    func theReportIsSelfContainedAndShowsTheSimulatorsAnswers(_ s: Scenario) throws {
        let t = try s.topology()
        let (_, html) = try Self.render(s)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for bad in ["<script", "<link", "src=", "href=", "https://", "url("] { #expect(!html.contains(bad), "\(bad)") }
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let sim = Simulation(topology: t)
        let m = sim.matrix()
        #expect(html.contains("\(m.entries.filter(\.reachable).count) of \(m.entries.count) pairs reachable"))
        for n in m.networks { #expect(html.contains(n.name), "\(n.name)") }
        for e in m.entries where !e.reachable {
            #expect(html.contains("<td>\(e.from)</td><td>\(e.to)</td><td>\(e.reason?.rawValue ?? "")</td>"), "\(e.from) → \(e.to)")
        }
        let f = sim.failoverReport()
        #expect(html.contains("\(f.reachableFlows) of \(f.flows) flows reachable"))
        for c in f.cases { #expect(html.contains("<td>\(c.failure.description)</td><td>\(c.moved.count)</td>"), "\(c.failure)") }
        // The HTML parses as XML too (every tag closed): a strict reader accepts it.
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "").replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
        #expect(Texts.parse(body).ok, "report.html is not well-formed")
    }

    /// S4's blocked pairs (A and B are segmented) each get a trace with the dropping table.
    @Test func blockedPairsAreTraced() throws {
        let (_, html) = try Self.render(.s4)
        #expect(html.contains("vpc:vpc-a (10.10.141.106) → vpc:vpc-b (10.20.130.20): <span class=\"bad\">blocked: no-route</span>"))
        #expect(html.contains("<td>tgw:tgw/tgw-rt-a</td>"))
        #expect(html.contains("Working pairs (a sample)"))
    }

    /// The diagram is rendered only when asked for (`--only diagram`): it runs the matrix,
    /// traces and every failover case, which a render of configuration files does not need.
    @Test func theDiagramOnlyWhenAsked() throws {
        let t = try Scenario.s4.topology()
        let ctx = try Scenario.s4.context()
        #expect(try RenderPlan(t).steps.allSatisfy { $0.target != .diagram })
        #expect(try RenderPlan(t, sites: ["onprem-c"]).steps.allSatisfy { $0.target != .diagram })
        #expect(try RenderPlan(t, only: [.diagram, .terraform]).run(t, context: ctx).contains { $0.path == "diagram/topology.svg" })
    }

    /// One golden picture (S4): the layout is deterministic.
    @Test func s4Golden() throws {
        let (svg, _) = try Self.render(.s4)
        try GoldenTests().compare([RenderedFile(path: "topology.svg", contents: svg)], folder: "diagram-s4")
        #expect(try Self.render(.s4).svg == svg)
    }
}
