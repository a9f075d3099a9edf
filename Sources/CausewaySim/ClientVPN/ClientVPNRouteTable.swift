import CausewayCore

/// One route of a Client VPN endpoint's route table as `routes` shows it.
public struct ClientVPNRouteEntry: Sendable, Encodable, Hashable {
    public enum Origin: String, Sendable, Encodable, Hashable {
        /// Written in the topology (CreateClientVpnRoute).
        case `static`
        /// The VPC's CIDR through an associated subnet, added by AWS with the association.
        case association
    }
    public var destination: IPv4Prefix
    public var targetSubnet: String
    public var origin: Origin
    /// The first route of its destination: the one the trace follows (AWS uses the subnet the
    /// client's connection landed on).
    public var selected: Bool
    /// Who the longest authorization rule covering the destination grants (`all users`,
    /// `group NAME`); empty: no rule, AWS drops the clients' traffic.
    public var authorizedFor: [String]
    public var note: String?
}

/// A Client VPN endpoint's route table, with the authorization each route meets.
public struct ClientVPNRouteTable: Sendable, Encodable, Hashable {
    /// `cvpn:ENDPOINT`.
    public var id: String
    public var splitTunnel: Bool
    public var routes: [ClientVPNRouteEntry]
}

extension Simulation {
    /// Every Client VPN endpoint's route table: its written routes and the VPC's CIDRs AWS adds
    /// per association (AWS Client VPN administrator guide, "AWS Client VPN routes").
    public func clientVPNRouteTables() -> [ClientVPNRouteTable] {
        topology.clientVPNEndpoints.map { e in
            let cidrs = topology.vpc(e.vpc)?.cidrs ?? []
            var seen = Set<IPv4Prefix>()
            let routes = e.routeTable(vpcCIDRs: cidrs).map { r -> ClientVPNRouteEntry in
                let grants = e.grants(r.destination)
                return ClientVPNRouteEntry(destination: r.destination, targetSubnet: r.subnet, origin: r.addedByAWS ? .association : .static,
                                           selected: seen.insert(r.destination).inserted, authorizedFor: grants,
                                           note: grants.isEmpty ? "no authorization rule covers it: AWS drops the clients' traffic" : nil)
            }
            return ClientVPNRouteTable(id: "cvpn:\(e.name)", splitTunnel: e.splitTunnel, routes: routes)
        }
    }
}

extension ClientVPNEndpoint {
    /// Who may reach all of `destination`: the grantees of the longest rules holding it.
    func grants(_ destination: IPv4Prefix) -> [String] {
        let holding = authorizationRules.filter { $0.destination.contains(destination) }
        guard let longest = holding.map(\.destination.length).max() else { return [] }
        return holding.filter { $0.destination.length == longest }.map { $0.accessGroup.map { "group \($0)" } ?? "all users" }
    }
}
