/// A rectangle of the diagram, in SVG user units (pixels), origin top left.
public struct DiagramRect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midY: Double { y + height / 2 }

    /// The two rectangles share interior area (touching edges do not count).
    public func intersects(_ o: DiagramRect) -> Bool {
        x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY
    }

    /// `o` lies wholly inside this rectangle.
    public func contains(_ o: DiagramRect) -> Bool {
        o.x >= x && o.y >= y && o.maxX <= maxX && o.maxY <= maxY
    }
}

/// How a line of a box is drawn: plain, or with a state marker (a tunnel or interface up or down).
public enum DiagramTone: String, Sendable, Equatable {
    case plain, up, down
}

/// One line of text in a box. `anchor` names the line so an edge can start at it (a tunnel).
public struct DiagramLine: Sendable, Equatable {
    public var text: String
    public var tone: DiagramTone
    public var anchor: String?
    public init(_ text: String, tone: DiagramTone = .plain, anchor: String? = nil) {
        self.text = text
        self.tone = tone
        self.anchor = anchor
    }

    /// Lines no longer than `limit` characters where the text allows: broken at a `, ` or ` · `
    /// (else a space), continuations indented; the first line keeps the tone and anchor.
    public static func wrapped(_ text: String, tone: DiagramTone = .plain, anchor: String? = nil, limit: Int = 58) -> [DiagramLine] {
        var rest = Array(text), pieces: [String] = []
        while rest.count > limit {
            // The last break within the limit: after ", " or " · " if there is one, else after a space.
            let window = rest.prefix(limit + 1)
            func after(_ sep: [Character]) -> Int? {
                (sep.count..<window.count).reversed().first { Array(window[($0 - sep.count)..<$0]) == sep }
            }
            // (end of the line, start of the next): a comma stays, a ` · ` goes, a space goes.
            let comma = after([",", " "]).map { ($0 - 1, $0) }, dot = after([" ", "·", " "]).map { ($0 - 3, $0) }
            let preferred = [comma, dot].compactMap { $0 }.max { $0.0 < $1.0 }.flatMap { $0.0 > limit / 2 ? $0 : nil }
            guard let (end, next) = preferred ?? after([" "]).map({ ($0 - 1, $0) }), end > 4 else { break }
            pieces.append(String(rest[..<end]))
            rest = Array("    ") + rest[next...]
        }
        pieces.append(String(rest))
        return pieces.enumerated().map { DiagramLine($1, tone: $0 == 0 ? tone : .plain, anchor: $0 == 0 ? anchor : nil) }
    }
}

/// What a box stands for; it picks the box's colours.
public enum DiagramKind: String, Sendable, Equatable {
    case site, device, customerGateway, vpnConnection, virtualInterface, clientVPN
    case vpnGateway, transitGateway, routeTable, dxGateway, vpc, subnet, eks
}

/// A box: a title, lines (long ones wrapped), and boxes inside it (stacked below the lines).
/// `rect` is set by `DiagramLayout`.
public struct DiagramBox: Sendable, Equatable {
    /// `site:NAME`, `cgw:NAME`, `vpc:NAME`, `subnet:VPC/NAME`, …: what edges name.
    public var id: String
    public var kind: DiagramKind
    public var title: String
    public var lines: [DiagramLine]
    public var children: [DiagramBox]
    public var rect = DiagramRect(x: 0, y: 0, width: 0, height: 0)

    public init(id: String, kind: DiagramKind, title: String, lines: [DiagramLine] = [], children: [DiagramBox] = []) {
        self.id = id
        self.kind = kind
        self.title = title
        self.lines = lines.flatMap { DiagramLine.wrapped($0.text, tone: $0.tone, anchor: $0.anchor) }
        self.children = children
    }

    /// This box and every box inside it, depth first.
    public var all: [DiagramBox] { [self] + children.flatMap(\.all) }
}

/// A link between two boxes, or from a line's anchor (a tunnel) to a box.
public struct DiagramEdge: Sendable, Equatable {
    public var from: String
    public var to: String
    public var tone: DiagramTone
    public init(_ from: String, _ to: String, tone: DiagramTone = .plain) {
        self.from = from
        self.to = to
        self.tone = tone
    }
}

/// The diagram's four columns — on-premises, internet and tunnels, AWS edge, VPCs — each a
/// stack of boxes, laid out from text lengths alone: no box overlaps another, a child lies
/// inside its parent. Pure: the same input gives the same coordinates.
public struct DiagramLayout: Sendable {
    public struct Column: Sendable {
        public var heading: String
        public var boxes: [DiagramBox]
        public var x: Double = 0
        public var width: Double = 0
    }

    public var columns: [Column]
    public var edges: [DiagramEdge]
    public var width: Double = 0
    public var height: Double = 0
    /// Each anchored line's rectangle (the width of its box, one line high).
    public var anchors: [String: DiagramRect] = [:]

    /// Sizes for a 12-pixel monospace font, titles bold 13 pixels (DejaVu Sans Mono's advance is
    /// 0.602 em, Liberation Mono's 0.6: 7.22 and 7.83 pixels, rounded up).
    public enum Metrics {
        public static let charWidth = 7.25, titleCharWidth = 7.9
        public static let lineHeight = 16.0, titleHeight = 18.0
        public static let padding = 8.0, markerWidth = 14.0
        public static let boxGap = 14.0, columnGap = 64.0, margin = 20.0, headingHeight = 36.0
        /// Room right of the last column for edges between boxes of one column.
        public static let rightRoom = 48.0
    }

    public init(columns: [(heading: String, boxes: [DiagramBox])], edges: [DiagramEdge]) {
        self.columns = columns.map { Column(heading: $0.heading, boxes: $0.boxes) }
        self.edges = edges
        place()
    }

    /// The width a text needs: wide (East Asian) characters count twice.
    public static func textWidth(_ s: String, charWidth: Double = Metrics.charWidth) -> Double {
        Double(s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }) * charWidth
    }

    static func isWide(_ c: Unicode.Scalar) -> Bool {
        (0x1100...0x115F).contains(c.value) || (0x2E80...0xA4CF).contains(c.value) || (0xAC00...0xD7A3).contains(c.value)
            || (0xF900...0xFAFF).contains(c.value) || (0xFF00...0xFF60).contains(c.value) || (0x20000...0x3FFFD).contains(c.value)
    }

    /// The smallest width a box's text and children fit in.
    static func naturalWidth(_ b: DiagramBox) -> Double {
        let title = textWidth(b.title, charWidth: Metrics.titleCharWidth)
        let lines = b.lines.map { textWidth($0.text) + ($0.tone == .plain ? 0 : Metrics.markerWidth) }.max() ?? 0
        let children = b.children.map(naturalWidth).max() ?? 0
        return max(title, lines, children) + 2 * Metrics.padding
    }

    static func height(_ b: DiagramBox) -> Double {
        var h = Metrics.padding + Metrics.titleHeight + Double(b.lines.count) * Metrics.lineHeight
        for c in b.children { h += Metrics.boxGap / 2 + height(c) }
        return h + Metrics.padding
    }

    /// Sets every box's rectangle and every anchored line's.
    mutating func place() {
        var x = Metrics.margin
        let top = Metrics.margin + Metrics.headingHeight
        var bottom = top
        var anchors: [String: DiagramRect] = [:]
        for i in columns.indices {
            let heading = Self.textWidth(columns[i].heading, charWidth: Metrics.titleCharWidth)
            let w = max(heading, columns[i].boxes.map(Self.naturalWidth).max() ?? 0)
            columns[i].x = x
            columns[i].width = w
            var y = top
            for j in columns[i].boxes.indices {
                let h = Self.height(columns[i].boxes[j])
                Self.place(&columns[i].boxes[j], DiagramRect(x: x, y: y, width: w, height: h), anchors: &anchors)
                y += h + Metrics.boxGap
            }
            bottom = max(bottom, y)
            x += w + Metrics.columnGap
        }
        self.anchors = anchors
        width = x - Metrics.columnGap + Metrics.rightRoom
        height = bottom + Metrics.margin
    }

    static func place(_ b: inout DiagramBox, _ r: DiagramRect, anchors: inout [String: DiagramRect]) {
        b.rect = r
        var y = r.y + Metrics.padding + Metrics.titleHeight
        for l in b.lines {
            if let a = l.anchor { anchors[a] = DiagramRect(x: r.x, y: y, width: r.width, height: Metrics.lineHeight) }
            y += Metrics.lineHeight
        }
        let inner = r.width - 2 * Metrics.padding
        for i in b.children.indices {
            y += Metrics.boxGap / 2
            let h = height(b.children[i])
            place(&b.children[i], DiagramRect(x: r.x + Metrics.padding, y: y, width: inner, height: h), anchors: &anchors)
            y += h
        }
    }

    /// Every box, depth first, column by column.
    public var boxes: [DiagramBox] { columns.flatMap { $0.boxes.flatMap(\.all) } }

    /// The rectangle an edge end names: an anchored line, else a box.
    public func rect(of id: String) -> DiagramRect? {
        anchors[id] ?? boxes.first { $0.id == id }?.rect
    }

    /// The column a box or anchor lies in.
    func column(of r: DiagramRect) -> Int? {
        columns.firstIndex { r.x >= $0.x && r.x < $0.x + $0.width }
    }
}
