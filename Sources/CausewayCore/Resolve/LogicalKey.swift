/// Stable names for the AWS resources a topology asks for.
///
/// Every resource causeway creates is tagged `causeway:topology=NAME` and `causeway:key=KEY`, so
/// a re-run (or another machine) finds it again by describing with a tag filter. Keys are built
/// from topology names only, never from AWS ids. The parts of a resource that are not tagged
/// (routes, associations, propagations, attachments) have keys below their owner's.
public enum LogicalKey {
    public static let topologyTag = "causeway:topology"
    public static let keyTag = "causeway:key"

    public static func vpc(_ vpc: String) -> String { "vpc/\(vpc)" }
    public static func internetGateway(_ vpc: String) -> String { "igw/\(vpc)" }
    public static func subnet(_ vpc: String, _ subnet: String) -> String { "subnet/\(vpc)/\(subnet)" }
    public static func natGateway(_ vpc: String, _ nat: String) -> String { "nat/\(vpc)/\(nat)" }
    public static func routeTable(_ vpc: String, _ table: String) -> String { "route-table/\(vpc)/\(table)" }
    public static func vpnGateway(_ name: String) -> String { "vgw/\(name)" }
    public static func customerGateway(_ name: String) -> String { "cgw/\(name)" }
    public static func vpnConnection(_ name: String) -> String { "vpn/\(name)" }
    public static func transitGateway(_ name: String) -> String { "tgw/\(name)" }
    public static func tgwRouteTable(_ tgw: String, _ table: String) -> String { "tgw-route-table/\(tgw)/\(table)" }
    public static func tgwAttachment(_ tgw: String, _ attachment: String) -> String { "tgw-attachment/\(tgw)/\(attachment)" }
    public static func prefixList(_ name: String) -> String { "prefix-list/\(name)" }
    public static func vpcPeering(_ name: String) -> String { "vpc-peering/\(name)" }
    /// A route whose destination is a prefix list: `…/route/pl:NAME`.
    public static func prefixListRoute(_ owner: String, _ list: String) -> String { route(owner, "pl:\(list)") }
    public static func dxGateway(_ name: String) -> String { "dx-gateway/\(name)" }
    public static func virtualInterface(_ name: String) -> String { "dx-vif/\(name)" }
    /// A Direct Connect gateway's association with a gateway (`vgw/NAME`, `tgw/NAME`).
    public static func dxAssociation(_ dxgw: String, _ gatewayKey: String) -> String { "\(dxGateway(dxgw))/association/\(gatewayKey)" }

    /// A gateway's attachment to its VPC: `igw/vpc-a/attachment`, `vgw/vgw/attachment`.
    public static func attachment(of gateway: String) -> String { gateway + "/attachment" }
    /// A route of a VPC route table, a TGW route table or a VPN connection: `…/route/10.0.0.0/16`.
    public static func route(_ owner: String, _ destination: String) -> String { "\(owner)/route/\(destination)" }
    /// A subnet's association with a route table, or an attachment's with a TGW route table.
    public static func association(_ table: String, _ name: String) -> String { "\(table)/association/\(name)" }
    /// A gateway's or an attachment's propagation into a route table.
    public static func propagation(_ table: String, _ name: String) -> String { "\(table)/propagation/\(name)" }
}

/// The kinds of AWS resources plan, apply and destroy handle, in creation order: the ones
/// causeway tags with a `causeway:key`.
public enum ResourceKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// First: routes in VPCs refer to it, so it is created before and deleted after them.
    case prefixList = "prefix-list"
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
    // Route 53 and Route 53 Resolver (Route53Resources.swift): created after the EC2 side.
    case healthCheck = "health-check"
    case resolverEndpoint = "resolver-endpoint"
    case resolverRule = "resolver-rule"
    case resolverRuleAssociation = "resolver-rule-association"
    /// AWS RAM's share of a Resolver rule: after the rule, deleted before it.
    case resourceShare = "resource-share"
    case hostedZone = "hosted-zone"
    case recordSet = "record-set"
    /// Amazon EFS (DNS/EFSClient.swift): a file system, then its mount targets in subnets.
    case fileSystem = "file-system"
    case mountTarget = "mount-target"
    // Client VPN (ClientVPNResources.swift): the ACM certificates and the connect handler's
    // Lambda function before the endpoint; an endpoint's parts are found through it, not by tag.
    case acmCertificate = "acm-certificate"
    case lambdaFunction = "lambda-function"
    case clientVpnEndpoint = "client-vpn-endpoint"
    case clientVpnTargetNetwork = "client-vpn-target-network"
    case clientVpnAuthorizationRule = "client-vpn-authorization-rule"
    case clientVpnRoute = "client-vpn-route"

    public static func < (l: Self, r: Self) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}
