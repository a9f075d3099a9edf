/// `s` with XML's five special characters as entities, and control characters other than tab
/// and newline dropped (XML 1.0 does not allow them): safe in element text and attribute values.
func xmlEscaped(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
        if let entity = xmlEntities[c] { out += entity } else if c.value >= 0x20 || c == "\t" || c == "\n" { out.unicodeScalars.append(c) }
    }
    return out
}

private let xmlEntities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]

/// Writes a laid-out diagram as SVG 1.1: presentation attributes (one `style` for its maximum
/// width; no style sheet, no script, no external reference), one `<text>` per line, so a browser
/// or an XML parser reads every name.
struct DiagramSVG {
    typealias M = DiagramLayout.Metrics
    let layout: DiagramLayout
    let title: String

    /// The standalone file (with the XML declaration).
    var document: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element }

    /// The `<svg>` element alone, for inlining in HTML.
    var element: String {
        let w = svgNumber(layout.width), h = svgNumber(layout.height)
        // As wide as the window or the page allows, never wider than drawn (`max-width`), the
        // height following the view box: a wide topology is scaled to fit, a small one not blown up.
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"100%\" viewBox=\"0 0 \(w) \(h)\" preserveAspectRatio=\"xMidYMin meet\" style=\"max-width: \(w)px\" font-family=\"DejaVu Sans Mono, Liberation Mono, monospace\" font-size=\"12\">",
                   "<title>\(xmlEscaped(title))</title>",
                   "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"]
        for c in layout.columns {
            out.append(text(c.heading, x: c.x, y: M.margin + 16, bold: true, size: 14, fill: "#444444"))
        }
        for b in layout.boxes { out += box(b) }
        for (i, e) in layout.edges.enumerated() { if let p = edge(e, lane: i) { out.append(p) } }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    func box(_ b: DiagramBox) -> [String] {
        let r = b.rect
        let (fill, stroke) = Self.colours(b.kind)
        var out = ["<g id=\"\(xmlEscaped(b.id))\">",
                   "<rect x=\"\(svgNumber(r.x))\" y=\"\(svgNumber(r.y))\" width=\"\(svgNumber(r.width))\" height=\"\(svgNumber(r.height))\" rx=\"6\" ry=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.2\"/>",
                   text(b.title, x: r.x + M.padding, y: r.y + M.padding + 13, bold: true, size: 13, fill: "#111111")]
        var y = r.y + M.padding + M.titleHeight
        for l in b.lines {
            var x = r.x + M.padding
            if l.tone != .plain {
                out.append("<circle cx=\"\(svgNumber(x + 4))\" cy=\"\(svgNumber(y + 8))\" r=\"4\" fill=\"\(Self.colour(l.tone))\"/>")
                x += M.markerWidth
            }
            out.append(text(l.text, x: x, y: y + 12, bold: false, size: 12, fill: l.tone == .down ? "#b00020" : "#222222"))
            y += M.lineHeight
        }
        out.append("</g>")
        return out
    }

    func text(_ s: String, x: Double, y: Double, bold: Bool, size: Int, fill: String) -> String {
        "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(size)\"\(bold ? " font-weight=\"bold\"" : "") fill=\"\(fill)\" xml:space=\"preserve\">\(xmlEscaped(s))</text>"
    }

    /// A curve from the right side of `from` to the left side of `to`; between boxes of one
    /// column, a bracket through the room right of the column (`lane` spreads such brackets).
    func edge(_ e: DiagramEdge, lane: Int) -> String? {
        guard let a = layout.rect(of: e.from), let b = layout.rect(of: e.to) else { return nil }
        let style = "fill=\"none\" stroke=\"\(Self.colour(e.tone))\" stroke-width=\"\(e.tone == .plain ? "1.2" : "2")\"" + (e.tone == .down ? " stroke-dasharray=\"6 4\"" : "")
        let d: String
        if b.x > a.maxX {
            let (x1, y1, x2, y2) = (a.maxX, a.midY, b.x, b.midY)
            let bend = (x2 - x1) / 2
            d = "M \(svgNumber(x1)) \(svgNumber(y1)) C \(svgNumber(x1 + bend)) \(svgNumber(y1)) \(svgNumber(x2 - bend)) \(svgNumber(y2)) \(svgNumber(x2)) \(svgNumber(y2))"
        } else {
            let x = max(a.maxX, b.maxX) + 14 + Double(lane % 4) * 8
            d = "M \(svgNumber(a.maxX)) \(svgNumber(a.midY)) L \(svgNumber(x)) \(svgNumber(a.midY)) L \(svgNumber(x)) \(svgNumber(b.midY)) L \(svgNumber(b.maxX)) \(svgNumber(b.midY))"
        }
        return "<path d=\"\(d)\" \(style)><title>\(xmlEscaped("\(e.from) → \(e.to)"))</title></path>"
    }

    static func colour(_ t: DiagramTone) -> String {
        switch t {
        case .plain: "#7a7a7a"
        case .up: "#1b8a3a"
        case .down: "#c62828"
        }
    }

    /// Fill and stroke by kind: on-premises grey-blue, the internet side amber, AWS's edge
    /// orange, VPCs green, the boxes inside a VPC or gateway lighter.
    static func colours(_ k: DiagramKind) -> (String, String) {
        switch k {
        case .site: ("#eef2f7", "#5b6b82")
        case .device: ("#ffffff", "#5b6b82")
        case .customerGateway: ("#fff8e6", "#b8860b")
        case .vpnConnection, .virtualInterface: ("#ffffff", "#b8860b")
        case .vpnGateway, .transitGateway, .dxGateway, .clientVPN: ("#fff1e6", "#d9730d")
        case .routeTable: ("#ffffff", "#d9730d")
        case .vpc: ("#edf7ee", "#2e7d32")
        case .subnet, .eks: ("#ffffff", "#2e7d32")
        }
    }
}

/// A coordinate with at most one decimal, no trailing `.0`: stable text for goldens.
func svgNumber(_ v: Double) -> String {
    let tenths = (v * 10).rounded()
    let whole = Int(tenths) / 10, frac = abs(Int(tenths) % 10)
    if frac == 0 { return String(whole) }
    return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(frac)"
}
