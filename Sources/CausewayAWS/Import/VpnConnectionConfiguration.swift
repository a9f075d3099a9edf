import CausewayCore
import Foundation

/// AWS's "generic" customer gateway configuration of one VPN connection, read into values.
///
/// The document is what the console's "Download configuration" (vendor Generic) produces and what
/// DescribeVpnConnections returns, entity-escaped, in `customerGatewayConfiguration`:
/// `<vpn_connection id=…>` with `customer_gateway_id`, `vpn_gateway_id`, `vpn_connection_type`
/// and two `<ipsec_tunnel>`s, each with `customer_gateway`/`vpn_gateway` (outside and inside
/// addresses, `bgp` when the connection uses BGP), `ike` and `ipsec`.
public struct VpnConnectionConfiguration: Sendable, Hashable {
    public var connectionId: String
    public var customerGatewayId: String
    /// The virtual private gateway; nil for a connection to a transit gateway.
    public var vpnGatewayId: String?
    /// `ipsec.1`.
    public var type: String
    /// `vpn_connection_attributes` when present (`NoBGPVPNConnection` for static connections).
    public var attributes: String?
    public var tunnels: [TunnelFacts]

    /// True when every tunnel carries BGP parameters.
    public var usesBGP: Bool { !tunnels.isEmpty && tunnels.allSatisfy { $0.cgwASN != nil } }

    /// Reads a document: a bare `<vpn_connection>`, the same entity-escaped (`&lt;vpn_connection…`),
    /// or a DescribeVpnConnections response holding exactly one connection.
    public init(document: String) throws {
        let root = try Self.root(of: document)
        if root.name == "vpn_connection" {
            try self.init(root)
            return
        }
        let embedded = Self.find("customerGatewayConfiguration", in: root)
        guard embedded.count == 1 else {
            if embedded.count > 1 {
                throw VpnConfigurationError.invalid(path: "customerGatewayConfiguration", value: "\(embedded.count) documents",
                                                    expected: "one (use VpnConnectionConfiguration.all(in:))")
            }
            throw VpnConfigurationError.wrongRoot(found: root.name)
        }
        try self.init(document: embedded[0].text)
    }

    /// Every configuration inside a DescribeVpnConnections response.
    public static func all(in describeResponse: String) throws -> [VpnConnectionConfiguration] {
        let root = try root(of: describeResponse)
        if root.name == "vpn_connection" { return [try VpnConnectionConfiguration(root)] }
        return try find("customerGatewayConfiguration", in: root).map { try VpnConnectionConfiguration(document: $0.text) }
    }

    static func root(of document: String) throws -> XMLTree {
        var text = document.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("&lt;") {
            // Copied out of a raw API response: let the XML parser undo the escaping.
            let wrapper: XMLTree
            do { wrapper = try XMLTree.parse("<wrapper>" + text + "</wrapper>") } catch let error as XMLParseError {
                throw VpnConfigurationError.notXML(error)
            }
            text = wrapper.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        do {
            return try XMLTree.parse(text)
        } catch let error as XMLParseError {
            throw VpnConfigurationError.notXML(error)
        }
    }

    static func find(_ name: String, in tree: XMLTree) -> [XMLTree] { tree.descendants(named: name) }

    init(_ root: XMLTree) throws {
        let reader = Reader(base: "vpn_connection")
        guard let id = root.attributes["id"]?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
            throw VpnConfigurationError.missing("vpn_connection/@id")
        }
        connectionId = id
        customerGatewayId = try reader.text(root, "customer_gateway_id")
        vpnGatewayId = root.string("vpn_gateway_id")
        type = try reader.text(root, "vpn_connection_type")
        attributes = root.string("vpn_connection_attributes")
        let tunnelElements = root.children("ipsec_tunnel")
        guard tunnelElements.count == 2 else { throw VpnConfigurationError.tunnelCount(tunnelElements.count) }
        tunnels = try tunnelElements.enumerated().map { index, element in
            try TunnelFacts(element, reader: Reader(base: "vpn_connection/ipsec_tunnel[\(index + 1)]"))
        }
    }
}

/// Reads required and typed values, naming the element path in errors.
struct Reader {
    let base: String

    func path(_ parts: [String]) -> String { ([base] + parts).joined(separator: "/") }

    func node(_ tree: XMLTree, _ parts: [String]) -> XMLTree? {
        var node: XMLTree? = tree
        for part in parts { node = node?.child(part) }
        return node
    }

    func text(_ tree: XMLTree, _ parts: String...) throws -> String {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else {
            throw VpnConfigurationError.missing(path(parts))
        }
        return value
    }

    func optionalText(_ tree: XMLTree, _ parts: String...) -> String? {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else { return nil }
        return value
    }

    func int(_ tree: XMLTree, _ parts: String..., range: ClosedRange<Int> = 0...Int.max) throws -> Int {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else {
            throw VpnConfigurationError.missing(path(parts))
        }
        guard let number = Int(value), range.contains(number) else {
            throw VpnConfigurationError.invalid(path: path(parts), value: value,
                                                expected: "a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func optionalInt(_ tree: XMLTree, _ parts: String..., range: ClosedRange<Int> = 0...Int.max) throws -> Int? {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw VpnConfigurationError.invalid(path: path(parts), value: value,
                                                expected: "a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func bool(_ tree: XMLTree, _ parts: String...) throws -> Bool? {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw VpnConfigurationError.invalid(path: path(parts), value: value, expected: "true or false")
        }
    }

    /// An outside (outer) address: IPv4, or IPv6 on connections with `OutsideIpAddressType`
    /// Ipv6; returned in its canonical form (RFC 5952 for IPv6).
    func outsideAddress(_ tree: XMLTree, _ parts: String...) throws -> String {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else {
            throw VpnConfigurationError.missing(path(parts))
        }
        guard let a = OuterAddress(value) else {
            throw VpnConfigurationError.invalid(path: path(parts), value: value, expected: "an IPv4 or IPv6 address")
        }
        return a.description
    }

    func ipv4(_ tree: XMLTree, _ parts: String...) throws -> String {
        guard let value = node(tree, parts)?.trimmedText, !value.isEmpty else {
            throw VpnConfigurationError.missing(path(parts))
        }
        guard IPv4Bits(value) != nil else {
            throw VpnConfigurationError.invalid(path: path(parts), value: value, expected: "an IPv4 address")
        }
        return value
    }
}

/// Dotted-quad IPv4 as 32 bits (the import's only need; the topology model has richer types).
struct IPv4Bits: Hashable {
    let value: UInt32

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
            result = result << 8 | UInt32(octet)
        }
        value = result
    }

    init(value: UInt32) { self.value = value }

    var dotted: String { [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".") }
}
