/// A BGP autonomous system number (4-byte). Range rules are the checker's job: AWS allows
/// different ranges on each side (docs/aws-behaviour.md, "BGP").
public struct ASN: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let value: UInt32
    public init(_ value: UInt32) { self.value = value }
    public var description: String { String(value) }
    public static func < (l: Self, r: Self) -> Bool { l.value < r.value }

    /// Amazon's default ASN for a virtual private gateway or transit gateway.
    public static let amazonDefault = ASN(AWSNumbers.ASNs.amazonDefault)

    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(UInt32.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
