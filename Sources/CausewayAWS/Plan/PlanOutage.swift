import CausewayCore

/// What a planned change does to the traffic over a VPN connection's tunnels, after the Site-to-Site
/// VPN User Guide, "Tunnel endpoint replacements" ("Customer initiated endpoint replacements"):
/// ModifyVpnTunnelOptions takes the modified tunnel down during the update (the other tunnel keeps
/// carrying traffic); ModifyVpnConnection (a new customer gateway or target gateway) and
/// ModifyVpnConnectionOptions take both tunnels down while AWS provisions new endpoints.
public enum ChangeOutage: Sendable, Hashable {
    /// No tunnel goes down (tags, routes, new resources, attachments).
    case inPlace
    /// One tunnel of a connection is down during the update; its other tunnel carries traffic.
    case oneTunnelDown(connection: String, tunnel: Int)
    /// Both tunnels of a connection are down while AWS provisions new tunnel endpoints.
    case bothTunnelsDown(connection: String)
    /// The resource is deleted and made again (a customer gateway cannot change its IP or ASN).
    case replacement

    /// The classes in the order the summary counts them.
    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case inPlace = "in-place", oneTunnelDown = "one-tunnel-down", bothTunnelsDown = "both-tunnels-down", replacement

        var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
    }

    public var kind: Kind {
        switch self {
        case .inPlace: .inPlace
        case .oneTunnelDown: .oneTunnelDown
        case .bothTunnelsDown: .bothTunnelsDown
        case .replacement: .replacement
        }
    }

    /// The tunnel (`vpn/1`) or connection (`vpn`) that goes down, if any.
    public var affected: String? {
        switch self {
        case .inPlace, .replacement: nil
        case .oneTunnelDown(let c, let t): "\(c)/\(t)"
        case .bothTunnelsDown(let c): c
        }
    }

    /// `outage: one tunnel down (vpn/1)`, or `in place`.
    public var label: String {
        switch self {
        case .inPlace: "in place"
        case .replacement: "outage: replacement"
        default: "outage: \(kind.words)" + (affected.map { " (\($0))" } ?? "")
        }
    }
}

extension ChangeOutage: Encodable {
    enum CodingKeys: String, CodingKey { case kind, affected }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(affected, forKey: .affected)
    }
}

/// Customer-side files that must be rendered again and re-loaded on the gateway after apply: the
/// values they hold (the customer gateway's address or ASN, a tunnel's key or inside CIDR) change.
public struct ReRender: Sendable, Hashable, Encodable {
    /// The VPN connection, by its topology name.
    public var connection: String
    /// The customer gateway it ends on, by its topology name.
    public var customerGateway: String
    /// What changes.
    public var reason: String
}

extension Plan {
    /// How many steps fall in each outage class, every class listed.
    public var outageCounts: [(ChangeOutage.Kind, Int)] {
        ChangeOutage.Kind.allCases.map { k in (k, steps.filter { $0.outage.kind == k }.count) }
    }

    /// `2 in place, 1 one tunnel down, 0 both tunnels down, 0 replacement`.
    public var outageSummary: String {
        outageCounts.map { "\($0.1) \($0.0.words)" }.joined(separator: ", ")
    }
}
