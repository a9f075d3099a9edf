/// A value whose JSON form is its `description`, one string (`10.0.0.0/16`, `vpn/1`, `tgw:hub`).
public protocol EncodesAsDescription: Encodable, CustomStringConvertible {}

extension EncodesAsDescription {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
