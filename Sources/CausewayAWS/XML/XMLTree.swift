import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: local name (namespace prefix dropped), attributes, child elements,
/// and its own text. Small on purpose: EC2 responses and AWS's VPN documents need no more.
public struct XMLTree: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    /// The element's character data (entities decoded), untrimmed.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child element with this name.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// All child elements with this name.
    public func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

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
}

/// Why a document could not be read as XML.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: String
    public var description: String { "malformed XML at line \(line), column \(column): \(reason)" }
}

extension XMLTree {
    /// Parses a whole document and returns its root element.
    public static func parse(_ data: Data) throws -> XMLTree {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if !ok || builder.root == nil {
            let reason = builder.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw XMLParseError(line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        return builder.root!
    }

    public static func parse(_ text: String) throws -> XMLTree { try parse(Data(text.utf8)) }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTree] = []
    var root: XMLTree?
    var failure: String?

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        stack.append(XMLTree(name: Self.localName(elementName), attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil { failure = "\(parseError.localizedDescription)" }
    }
}
