/// One tunnel of one VPN connection, written `vpn/1`.
public struct TunnelRef: Hashable, Sendable, Comparable, CustomStringConvertible, Encodable, EncodesAsDescription {
    public var connection: String
    public var index: Int
    public init(_ connection: String, _ index: Int) {
        self.connection = connection
        self.index = index
    }
    public var description: String { "\(connection)/\(index)" }
    public static func < (l: Self, r: Self) -> Bool { (l.connection, l.index) < (r.connection, r.index) }
}
