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
