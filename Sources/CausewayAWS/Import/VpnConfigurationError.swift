/// Why AWS's VPN configuration document could not be imported. Never quotes a pre-shared key.
public enum VpnConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case notXML(XMLParseError)
    /// The root element is not `<vpn_connection>` and holds no `customerGatewayConfiguration`.
    case wrongRoot(found: String)
    /// A required element is absent or empty; the path names it.
    case missing(String)
    /// An element holds a value of the wrong kind.
    case invalid(path: String, value: String, expected: String)
    /// AWS always sends two tunnels per connection.
    case tunnelCount(Int)

    public var description: String {
        switch self {
        case .notXML(let error):
            if case .malformed = error {
                "the VPN configuration is not well-formed XML: \(error)"
            } else {
                "the VPN configuration cannot be read: \(error)"
            }
        case .wrongRoot(let found):
            "expected AWS's generic VPN configuration (root <vpn_connection>), found <\(found)>; "
                + "download it with vendor 'Generic' or pass the DescribeVpnConnections response"
        case .missing(let path):
            "the VPN configuration lacks \(path)"
        case .invalid(let path, let value, let expected):
            "the VPN configuration has \(path) = '\(value)', expected \(expected)"
        case .tunnelCount(let count):
            "the VPN configuration has \(count) <ipsec_tunnel> element(s); AWS always sends 2"
        }
    }
}
