/// Something the simulation takes down: `vpn/1` (tunnel 1 of connection `vpn`), `vpn` (the
/// whole connection), `site:NAME` (the site's customer-gateway device), `vgw:NAME` (the virtual
/// private gateway detached from its VPC), `dx:NAME` (a virtual interface down: its BGP session
/// and its routes go), `health:NAME` (a Route 53 health check fails: its failover records stop
/// answering).
public enum Failure: Hashable, Sendable, Comparable, CustomStringConvertible, Encodable, EncodesAsDescription {
    case tunnel(TunnelRef)
    case connection(String)
    case site(String)
    case vpnGatewayDetached(String)
    case virtualInterface(String)
    case healthCheck(String)

    /// One tunnel of a connection.
    public var isTunnel: Bool {
        if case .tunnel = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .tunnel(let t): return t.description
        case .connection(let c): return c
        case .site(let s): return "site:\(s)"
        case .vpnGatewayDetached(let v): return "vgw:\(v)"
        case .virtualInterface(let v): return "dx:\(v)"
        case .healthCheck(let h): return "health:\(h)"
        }
    }

    public static func < (l: Self, r: Self) -> Bool { l.description < r.description }

    /// Parses a failure reference and checks every name against the topology.
    public static func parse(_ text: String, in topology: Topology) throws(FailureError) -> Failure {
        let t = String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        let connections = topology.vpnConnections.map(\.name)
        if t.hasPrefix("site:") {
            let name = String(t.dropFirst(5))
            guard let site = topology.site(name) else {
                throw FailureError(reference: text, message: "no site named `\(name)`; sites: \(list(topology.sites.map(\.name)))")
            }
            guard site.gateway != nil else {
                throw FailureError(reference: text, message: "site `\(name)` has no gateway device to fail")
            }
            return .site(name)
        }
        // `KIND:NAME` of a thing the topology must hold: what it is, its names, the failure.
        let named: [(prefix: String, noun: String, plural: String, names: [String], failure: (String) -> Failure)] = [
            ("vgw:", "virtual private gateway", "VGWs", topology.vpnGateways.map(\.name), Failure.vpnGatewayDetached),
            ("dx:", "virtual interface", "virtual interfaces", topology.virtualInterfaces.map(\.name), Failure.virtualInterface),
            ("health:", "health check", "health checks", topology.healthChecks.map(\.name), Failure.healthCheck),
        ]
        for kind in named where t.hasPrefix(kind.prefix) {
            let name = String(t.dropFirst(kind.prefix.count))
            guard kind.names.contains(name) else {
                throw FailureError(reference: text, message: "no \(kind.noun) named `\(name)`; \(kind.plural): \(list(kind.names))")
            }
            return kind.failure(name)
        }
        if let slash = t.lastIndex(of: "/") {
            let name = String(t[..<slash])
            let number = String(t[t.index(after: slash)...])
            guard topology.vpnConnection(name) != nil else {
                throw FailureError(reference: text, message: "no VPN connection named `\(name)`; connections: \(list(connections))")
            }
            guard let n = Int(number), n == 1 || n == 2 else {
                throw FailureError(reference: text, message: "a VPN connection has tunnels 1 and 2; write `\(name)/1` or `\(name)/2`")
            }
            return .tunnel(TunnelRef(name, n))
        }
        guard !t.isEmpty, topology.vpnConnection(t) != nil else {
            throw FailureError(reference: text, message: "not a VPN connection, tunnel or gateway; write CONNECTION, CONNECTION/1, CONNECTION/2, site:NAME, vgw:NAME, dx:NAME or health:NAME (connections: \(list(connections)))")
        }
        return .connection(t)
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}

/// A failure reference that names nothing in the topology.
public struct FailureError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reference: String
    public var message: String
    public var description: String { "--fail \(reference): \(message)" }
}
