/// Stable names for the AWS resources a topology asks for, and the tags that carry them.
///
/// Every resource causeway creates is tagged `causeway:topology=NAME` and `causeway:key=KEY`, so
/// a re-run (or another machine) finds it again by describing with a tag filter. Keys are built
/// from topology names only, never from AWS ids.
public enum LogicalKey {
    public static let topologyTag = "causeway:topology"
    public static let keyTag = "causeway:key"

    public static func vpc(_ vpc: String) -> String { "vpc/\(vpc)" }
    public static func internetGateway(_ vpc: String) -> String { "igw/\(vpc)" }
    public static func subnet(_ vpc: String, _ subnet: String) -> String { "subnet/\(vpc)/\(subnet)" }
    public static func routeTable(_ vpc: String, _ table: String) -> String { "route-table/\(vpc)/\(table)" }
    public static func vpnGateway(_ name: String) -> String { "vgw/\(name)" }
    public static func customerGateway(_ name: String) -> String { "cgw/\(name)" }
    public static func vpnConnection(_ name: String) -> String { "vpn/\(name)" }
    public static func transitGateway(_ name: String) -> String { "tgw/\(name)" }
    public static func tgwRouteTable(_ tgw: String, _ table: String) -> String { "tgw-route-table/\(tgw)/\(table)" }
    public static func tgwAttachment(_ tgw: String, _ attachment: String) -> String { "tgw-attachment/\(tgw)/\(attachment)" }

    /// The tags of a resource causeway creates.
    public static func tags(topology: String, key: String) -> [ResourceTag] {
        [ResourceTag(topologyTag, topology), ResourceTag(keyTag, key), ResourceTag("Name", "\(topology) \(key)")]
    }

    /// The `tag:causeway:topology` filter of every describe call.
    public static func filter(topology: String) -> EC2Filter { EC2Filter("tag:\(topologyTag)", topology) }

    /// The value of `causeway:key` among `tags`.
    public static func key(in tags: [ResourceTag]) -> String? { tags.first { $0.key == keyTag }?.value }
}

/// The kinds of AWS resources plan, apply and destroy handle, in creation order.
public enum ResourceKind: String, Sendable, Codable, CaseIterable, Comparable {
    case vpc
    case internetGateway = "internet-gateway"
    case subnet
    case routeTable = "route-table"
    case vpnGateway = "vpn-gateway"
    case customerGateway = "customer-gateway"
    case transitGateway = "transit-gateway"
    case transitGatewayRouteTable = "transit-gateway-route-table"
    case transitGatewayAttachment = "transit-gateway-attachment"
    case vpnConnection = "vpn-connection"

    public static func < (l: Self, r: Self) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}
