import CausewayCore

/// What exists in AWS for one topology: every resource carrying its `causeway:topology` tag,
/// plus the resources the topology adopts by `id:`, indexed by logical key. Built by
/// `ObservedStateReader`; read by the planner (pure), `status` and `destroy`.
public struct ObservedState: Sendable {
    public var vpcs: [String: Vpc] = [:]
    public var prefixLists: [String: ManagedPrefixListInfo] = [:]
    public var internetGateways: [String: InternetGateway] = [:]
    public var subnets: [String: Subnet] = [:]
    public var routeTables: [String: RouteTable] = [:]
    /// Each known VPC's main route table, by VPC key (AWS creates it with the VPC).
    public var mainRouteTables: [String: RouteTable] = [:]
    public var vpnGateways: [String: VirtualPrivateGateway] = [:]
    public var customerGateways: [String: CustomerGateway] = [:]
    public var vpnConnections: [String: VpnConnection] = [:]
    public var transitGateways: [String: TransitGateway] = [:]
    public var tgwRouteTables: [String: TransitGatewayRouteTable] = [:]
    /// VPC attachments by their tag; VPN attachments by the topology attachment of their connection.
    public var tgwAttachments: [String: TransitGatewayAttachment] = [:]
    /// Attachment ids associated with / propagating into each TGW route table, by table key.
    public var tgwAssociations: [String: [String]] = [:]
    public var tgwPropagations: [String: [String]] = [:]
    /// Static routes of each TGW route table, by table key.
    public var tgwRoutes: [String: [TransitGatewayRoute]] = [:]
    /// The Route 53 and Resolver resources (read only when the topology has some).
    public var dns = ObservedDNS()
    /// The Client VPN endpoints, their ACM certificates and connect handlers (read only when the
    /// topology has an endpoint).
    public var clientVPN = ObservedClientVPN()
    /// Keys of resources adopted by id: causeway never tags or deletes them.
    public var adopted: Set<String> = []
    /// Tagged resources the topology no longer asks for, or second copies of one key.
    public var strays: [Stray] = []

    public init() {}

    /// AWS ids by logical key, for everything found.
    public var ids: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in vpcs { out[k] = v.id }
        for (k, v) in prefixLists { out[k] = v.id }
        for (k, v) in internetGateways { out[k] = v.id }
        for (k, v) in subnets { out[k] = v.id }
        for (k, v) in routeTables { out[k] = v.id }
        for (k, v) in vpnGateways { out[k] = v.id }
        for (k, v) in customerGateways { out[k] = v.id }
        for (k, v) in vpnConnections { out[k] = v.id }
        for (k, v) in transitGateways { out[k] = v.id }
        for (k, v) in tgwRouteTables { out[k] = v.id }
        for (k, v) in tgwAttachments { out[k] = v.id }
        out.merge(dns.ids) { a, _ in a }
        out.merge(clientVPN.ids) { a, _ in a }
        return out
    }

    /// Every tagged (not adopted) resource, for `destroy`, in creation order.
    public var owned: [OwnedResource] {
        var out: [OwnedResource] = []
        func add<T>(_ kind: ResourceKind, _ m: [String: T], _ id: (T) -> String) {
            for (k, v) in m.sorted(by: { $0.key < $1.key }) where !adopted.contains(k) {
                out.append(OwnedResource(kind: kind, key: k, id: id(v)))
            }
        }
        add(.prefixList, prefixLists, \.id)
        add(.vpc, vpcs, \.id)
        add(.internetGateway, internetGateways, \.id)
        add(.subnet, subnets, \.id)
        add(.routeTable, routeTables, \.id)
        add(.vpnGateway, vpnGateways, \.id)
        add(.customerGateway, customerGateways, \.id)
        add(.transitGateway, transitGateways, \.id)
        add(.transitGatewayRouteTable, tgwRouteTables, \.id)
        add(.transitGatewayAttachment, tgwAttachments.filter { $0.value.resourceType != "vpn" }, \.id)
        add(.vpnConnection, vpnConnections, \.id)
        return (out + dns.owned + clientVPN.owned + strays.map { OwnedResource(kind: $0.kind, key: $0.key, id: $0.id) }).sorted { $0.kind < $1.kind }
    }
}

/// A resource carrying the topology's tag that the topology does not ask for (any more), or a
/// second resource with the same key (a create whose answer was lost and was sent again).
public struct Stray: Sendable, Hashable, Codable {
    public var kind: ResourceKind
    public var key: String
    public var id: String
    public var reason: String
}

/// A resource causeway created (it carries the topology's tag).
public struct OwnedResource: Sendable, Hashable, Codable {
    public var kind: ResourceKind
    public var key: String
    public var id: String
}
