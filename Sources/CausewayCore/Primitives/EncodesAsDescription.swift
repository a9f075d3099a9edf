/// A value whose JSON form is its `description`, one string (`10.0.0.0/16`, `vpn/1`, `tgw:hub`).
public protocol EncodesAsDescription: Encodable, CustomStringConvertible {}

extension EncodesAsDescription {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A value whose JSON form is its text both ways: encoded as its `description`, decoded by its
/// parser (`init?(_:)`); text the parser refuses is a decoding error naming `textKind`.
public protocol CodableAsText: EncodesAsDescription, Decodable {
    init?(_ text: String)
    /// What the text should be, for the decoding error ("an IPv4 address").
    static var textKind: String { get }
}

extension CodableAsText {
    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let v = Self(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not \(Self.textKind): \(s)"))
        }
        self = v
    }
}

/// A value that can say it holds nothing (a list, a section of the topology).
public protocol EmptyTestable { var isEmpty: Bool { get } }
extension Array: EmptyTestable {}

/// A list or section that a synthesized `Encodable` leaves out of the JSON while it is empty:
/// parts added later print only when a file uses them, so outputs without them stay as before.
@propertyWrapper
public struct OmittedWhenEmpty<Value: Encodable & EmptyTestable>: Encodable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public func encode(to encoder: Encoder) throws { try wrappedValue.encode(to: encoder) }
}

extension OmittedWhenEmpty: Sendable where Value: Sendable {}
extension OmittedWhenEmpty: Equatable where Value: Equatable {}
extension OmittedWhenEmpty: Hashable where Value: Hashable {}

extension KeyedEncodingContainer {
    /// Synthesized encoders call this for an `@OmittedWhenEmpty` property: no key when empty.
    public mutating func encode<Value>(_ value: OmittedWhenEmpty<Value>, forKey key: Key) throws {
        if !value.wrappedValue.isEmpty { try encode(value.wrappedValue, forKey: key) }
    }
}
