/// A normalised IPv4 prefix (`network/length`, host bits zero).
public struct IPv4Prefix: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, CodableAsText {
    public static let textKind = "an IPv4 prefix"
    public let network: IPv4Address
    public let length: Int

    /// Builds a prefix, clearing any host bits.
    public init(_ address: IPv4Address, _ length: Int) {
        precondition((0...32).contains(length), "prefix length out of range")
        self.length = length
        network = IPv4Address(address.value & IPv4Prefix.mask(length))
    }

    /// Parses `a.b.c.d/n`. Returns nil on syntax errors; see `parse` for host-bit detail.
    public init?(_ text: String) {
        guard case .success(let p) = IPv4Prefix.parse(text) else { return nil }
        self = p
    }

    public enum ParseError: Error, Equatable, Sendable {
        case syntax
        case hostBitsSet(normalised: IPv4Prefix)
    }

    /// Strict parse: a prefix with host bits set is an error that carries the normalised form.
    public static func parse(_ text: String) -> Result<IPv4Prefix, ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let addr = IPv4Address(String(parts[0])),
              parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let len = Int(parts[1]), (0...32).contains(len) else { return .failure(.syntax) }
        let p = IPv4Prefix(addr, len)
        if p.network != addr { return .failure(.hostBitsSet(normalised: p)) }
        return .success(p)
    }

    public static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public var mask: UInt32 { IPv4Prefix.mask(length) }
    public var first: IPv4Address { network }
    public var last: IPv4Address { IPv4Address(network.value | ~mask) }
    /// Number of addresses covered (as UInt64 so /0 fits).
    public var size: UInt64 { UInt64(1) << UInt64(32 - length) }

    public func contains(_ a: IPv4Address) -> Bool { a.value & mask == network.value }
    /// True when `other` lies entirely inside this prefix.
    public func contains(_ other: IPv4Prefix) -> Bool { other.length >= length && contains(other.network) }
    public func overlaps(_ other: IPv4Prefix) -> Bool { contains(other.network) || other.contains(network) }

    /// The n-th address of the prefix (0 = network address).
    public func address(_ n: Int) -> IPv4Address { network.advanced(by: n) }

    public var description: String { "\(network)/\(length)" }

    public static func < (l: Self, r: Self) -> Bool {
        l.network == r.network ? l.length < r.length : l.network < r.network
    }


    public static let any = IPv4Prefix(IPv4Address(0), 0)
}
