import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: local name (namespace prefix dropped), attributes, child elements,
/// and its own text. Small on purpose: EC2 responses and AWS's VPN documents need no more.
///
/// The whole document lives in one flat array of nodes that name their children by index, and
/// an `XMLTree` is a position in it. Nothing is recursive in memory, so freeing a tree, copying
/// it or comparing two never recurses, however the document was nested.
public struct XMLTree: Sendable, Hashable {
    struct Node: Sendable, Hashable {
        var name: String
        var attributes: [String: String]
        var text: String
        var children: [Int]
    }

    final class Storage: Sendable {
        let nodes: [Node]
        init(_ nodes: [Node]) { self.nodes = nodes }
    }

    let storage: Storage
    let index: Int

    init(storage: Storage, index: Int) {
        self.storage = storage
        self.index = index
    }

    var node: Node { storage.nodes[index] }

    public var name: String { node.name }
    public var attributes: [String: String] { node.attributes }
    /// The element's character data (entities decoded), untrimmed.
    public var text: String { node.text }
    public var children: [XMLTree] { node.children.map { XMLTree(storage: storage, index: $0) } }

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        var nodes = [Node(name: name, attributes: attributes, text: text, children: [])]
        for child in children {
            nodes[0].children.append(nodes.count)
            child.copySubtree(into: &nodes)
        }
        self.init(storage: Storage(nodes), index: 0)
    }

    /// Appends this element and everything under it to `nodes` (this element first), iteratively.
    func copySubtree(into nodes: inout [Node]) {
        let base = nodes.count
        var order: [Int] = [index]   // source indices, pre-order
        var position: [Int: Int] = [index: base]
        var i = 0
        while i < order.count {
            for c in storage.nodes[order[i]].children {
                position[c] = base + order.count
                order.append(c)
            }
            i += 1
        }
        for source in order {
            var copy = storage.nodes[source]
            copy.children = copy.children.map { position[$0]! }
            nodes.append(copy)
        }
    }

    /// The first child element with this name.
    public func child(_ name: String) -> XMLTree? {
        node.children.first { storage.nodes[$0].name == name }.map { XMLTree(storage: storage, index: $0) }
    }

    /// All child elements with this name.
    public func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// This element and every element below it with this name, in document order (iterative).
    public func descendants(named name: String) -> [XMLTree] {
        var found: [XMLTree] = []
        var pending = [index]
        while let i = pending.popLast() {
            let n = storage.nodes[i]
            if n.name == name { found.append(XMLTree(storage: storage, index: i)) }
            pending.append(contentsOf: n.children.reversed())
        }
        return found
    }

    /// Walks a path of child names: `tree["vpc", "vpcId"]`.
    public subscript(_ path: String...) -> XMLTree? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// Trimmed text of the child at `path`, nil when absent or empty.
    public func string(_ path: String...) -> String? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        let text = node?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : text
    }

    /// The `<item>` children of the child at `path` (EC2's list shape).
    public func items(_ path: String...) -> [XMLTree] {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node?.children("item") ?? []
    }

    /// The trimmed text of this element.
    public var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Same element names, attributes, texts and shape below both (walked iteratively).
    public static func == (l: XMLTree, r: XMLTree) -> Bool {
        var pending = [(l.index, r.index)]
        while let (a, b) = pending.popLast() {
            let x = l.storage.nodes[a], y = r.storage.nodes[b]
            guard x.name == y.name, x.attributes == y.attributes, x.text == y.text,
                  x.children.count == y.children.count else { return false }
            pending.append(contentsOf: zip(x.children, y.children))
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        var pending = [index]
        while let i = pending.popLast() {
            let n = storage.nodes[i]
            hasher.combine(n.name)
            hasher.combine(n.attributes)
            hasher.combine(n.text)
            hasher.combine(n.children.count)
            pending.append(contentsOf: n.children)
        }
    }
}

/// Why a document could not be read as XML.
public enum XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not well-formed.
    case malformed(line: Int, column: Int, reason: String)
    /// Elements nested deeper than `limit`.
    case tooDeep(line: Int, column: Int, limit: Int)
    /// The document is larger than `limit` bytes.
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .malformed(let line, let column, let reason):
            "malformed XML at line \(line), column \(column): \(reason)"
        case .tooDeep(let line, let column, let limit):
            "XML nested deeper than \(limit) elements at line \(line), column \(column); "
                + "causeway reads at most \(limit) levels (AWS's documents use fewer than 10)"
        case .tooLarge(let bytes, let limit):
            "the XML document is \(bytes) bytes, larger than \(limit) bytes, the most causeway reads"
        }
    }
}

extension XMLTree {
    /// The deepest element nesting `parse` accepts. AWS's documents are shallow: an EC2 response
    /// reaches about 8 levels (DescribeVpnConnections: response / set / item / options /
    /// tunnelOptionSet / item / phase1… / item), the generic VPN configuration 5. 256 leaves
    /// room for any real response and keeps a hostile one small.
    public static let maxDepth = 256

    /// The largest document `parse` accepts, in bytes. An EC2 page of 1000 items or a VPN
    /// configuration are well under a megabyte; 8 MiB also stays below libxml2's 10,000,000-byte
    /// cap on one text node, so a well-formed document is never refused by the parser for size.
    public static let maxDocumentBytes = 8 * 1_048_576

    /// Parses a whole document and returns its root element.
    public static func parse(_ data: Data) throws -> XMLTree {
        guard data.count <= maxDocumentBytes else {
            throw XMLParseError.tooLarge(bytes: data.count, limit: maxDocumentBytes)
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if let tooDeep = builder.tooDeep { throw tooDeep }
        // XMLParser on Linux can report success after a recoverable error (`<a><b></a>`): a
        // document is accepted only when no error was seen and every element was closed.
        if !ok || builder.failure != nil || builder.root == nil || !builder.open.isEmpty {
            let reason = builder.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw XMLParseError.malformed(line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        return XMLTree(storage: Storage(builder.nodes), index: builder.root!)
    }

    public static func parse(_ text: String) throws -> XMLTree { try parse(Data(text.utf8)) }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var nodes: [XMLTree.Node] = []
    /// Indices of the open elements, outermost first.
    var open: [Int] = []
    var root: Int?
    var failure: String?
    var tooDeep: XMLParseError?

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard tooDeep == nil else { return }
        guard open.count < XMLTree.maxDepth else {
            tooDeep = .tooDeep(line: parser.lineNumber, column: parser.columnNumber, limit: XMLTree.maxDepth)
            parser.abortParsing()
            return
        }
        let index = nodes.count
        nodes.append(XMLTree.Node(name: Self.localName(elementName), attributes: attributeDict, text: "", children: []))
        if let parent = open.last { nodes[parent].children.append(index) } else if root == nil { root = index }
        open.append(index)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = open.last else { return }
        nodes[current].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard let current = open.last else { return }
        nodes[current].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil { failure = "\(parseError.localizedDescription)" }
    }
}
