/// One AWS resource a topology wants, with every reference to another resource as its logical
/// key and every decision (short-form route targets, default TGW route table, AWS's implicit
/// associations) already made. Built by `AWSResources`; the planner diffs it against what
/// exists, the Terraform and CloudFormation renderers print it.
public struct AWSResource: Sendable {
    /// The logical key (`route-table/vpc-a/a-private/route/10.30.0.0/16`).
    public var key: String
    /// The topology names that identify it, outermost first (`["vpc-a", "a-private", "10.30.0.0/16"]`):
    /// what the templates build their identifiers from.
    public var names: [String]
    /// The topology node it comes from.
    public var path: String
    /// The resource it belongs to (a subnet's VPC, a route's table); nil for a top-level one.
    public var parent: String?
    /// The AWS id the topology adopts with `id:`; causeway does not create, change or delete it.
    /// A gateway's attachment carries its gateway's (or VPC's) id: it exists with it.
    public var adoptedID: String?
    /// The keys of the resources that must exist first.
    public var dependsOn: [String]
    public var properties: AWSResourceProperties

    public var kind: AWSResourceKind { properties.kind }
    /// Its own name in the topology.
    public var name: String { names.last ?? key }
    public var isAdopted: Bool { adoptedID != nil }
}

/// What is wanted of each kind of resource.
public enum AWSResourceProperties: Sendable {
    /// The first CIDR is the primary one.
    case vpc(cidrs: [IPv4Prefix], tags: [String: String])
    case internetGateway(vpc: String)
    case internetGatewayAttachment(internetGateway: String, vpc: String)
    case subnet(vpc: String, cidr: IPv4Prefix, zone: String?, tags: [String: String])
    case natGateway(vpc: String, subnet: String, internetGateway: String?)
    case routeTable(vpc: String, main: Bool)
    /// `implicit`: AWS associates the subnet by itself (a subnet no table names uses the VPC's
    /// main table); only a template that cannot reach the main table writes it out.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table
    case subnetAssociation(table: String, subnet: String, implicit: Bool)
    case route(AWSRoute)
    case vgwPropagation(table: String, vpnGateway: String)
    case vpnGateway(asn: ASN)
    case vpnGatewayAttachment(vpnGateway: String, vpc: String)
    case customerGateway(ip: OuterAddress?, asn: ASN, deviceName: String?)
    case transitGateway(AWSTransitGatewayOptions)
    /// `createdByAWS`: the default table AWS makes with the transit gateway (adopted, not created).
    case tgwRouteTable(transitGateway: String, isDefault: Bool, createdByAWS: Bool)
    /// `defaultAssociation`/`defaultPropagation`: AWS associates it with (propagates it into) the
    /// default table by itself, and the topology wants that.
    case tgwVPCAttachment(transitGateway: String, vpc: String, subnets: [String], defaultAssociation: Bool, defaultPropagation: Bool)
    /// The attachment AWS creates with a VPN connection to a transit gateway.
    case tgwVPNAttachment(transitGateway: String, vpnConnection: String)
    /// `automatic`: AWS makes it by itself (the default table with default association on).
    /// `replacesDefault`: the attachment starts out associated with the default table and moves.
    case tgwAssociation(table: String, attachment: String, automatic: Bool, replacesDefault: Bool)
    /// `automatic`: AWS makes it by itself (the default table with default propagation on).
    case tgwPropagation(table: String, attachment: String, automatic: Bool)
    /// No attachment: a blackhole route.
    case tgwRoute(table: String, destination: IPv4Prefix, attachment: String?)
    case vpnConnection(AWSVPNConnection)
    case vpnConnectionRoute(vpnConnection: String, destination: IPv4Prefix)
    /// A customer-managed prefix list (IPv4).
    case prefixList(maxEntries: Int, entries: [PrefixListEntry])
    /// A VPC route whose destination is a prefix list (`DestinationPrefixListId`).
    case prefixListRoute(AWSPrefixListRoute)
    /// A prefix list reference in a TGW route table; no attachment: a blackhole.
    case tgwPrefixListReference(table: String, prefixList: String, attachment: String?)
    /// A VPC peering connection (requester `vpc`, accepter `peerVPC`, in `peerRegion` when not
    /// the topology's).
    case vpcPeering(vpc: String, peerVPC: String, peerRegion: String?)
    /// A transit gateway peering attachment, requested by `transitGateway`.
    case tgwPeeringAttachment(transitGateway: String, peerTransitGateway: String, peerRegion: String?)
    /// The accepter's side of a transit gateway peering attachment (`attachment` is the
    /// requester's key): the accepter transit gateway's tables refer to this key.
    case tgwPeeringAccepter(attachment: String, transitGateway: String)
    /// A Direct Connect gateway (Direct Connect API, CreateDirectConnectGateway).
    case dxGateway(amazonSideASN: ASN)
    /// Its association with a virtual private gateway or transit gateway (`gateway`: that
    /// gateway's key), with the allowed prefixes.
    case dxGatewayAssociation(dxGateway: String, gateway: String, allowedPrefixes: [IPv4Prefix])
    /// The transit gateway attachment AWS creates with a Direct Connect gateway association.
    case tgwDXAttachment(transitGateway: String, dxGateway: String)
    /// A private or transit virtual interface on a Direct Connect connection (physical: its
    /// connection id is the customer's).
    case virtualInterface(AWSVirtualInterface)
    /// Amazon EKS (EKSResources.swift): rendered into templates, not created by `apply`.
    case iamRole(AWSIAMRole)
    case eksCluster(AWSEKSCluster)
    case eksNodeGroup(AWSEKSNodeGroup)
    case eksAddon(cluster: String, name: String, version: String?)

    public var kind: AWSResourceKind {
        switch self {
        case .vpc: .vpc
        case .internetGateway: .internetGateway
        case .internetGatewayAttachment: .internetGatewayAttachment
        case .subnet: .subnet
        case .natGateway: .natGateway
        case .routeTable: .routeTable
        case .subnetAssociation: .subnetAssociation
        case .route: .route
        case .vgwPropagation: .vgwPropagation
        case .vpnGateway: .vpnGateway
        case .vpnGatewayAttachment: .vpnGatewayAttachment
        case .customerGateway: .customerGateway
        case .transitGateway: .transitGateway
        case .tgwRouteTable: .tgwRouteTable
        case .tgwVPCAttachment: .tgwVPCAttachment
        case .tgwVPNAttachment: .tgwVPNAttachment
        case .tgwAssociation: .tgwAssociation
        case .tgwPropagation: .tgwPropagation
        case .tgwRoute: .tgwRoute
        case .vpnConnection: .vpnConnection
        case .vpnConnectionRoute: .vpnConnectionRoute
        case .prefixList: .prefixList
        case .prefixListRoute: .prefixListRoute
        case .tgwPrefixListReference: .tgwPrefixListReference
        case .vpcPeering: .vpcPeering
        case .tgwPeeringAttachment: .tgwPeeringAttachment
        case .tgwPeeringAccepter: .tgwPeeringAccepter
        case .dxGateway: .dxGateway
        case .dxGatewayAssociation: .dxGatewayAssociation
        case .tgwDXAttachment: .tgwDXAttachment
        case .virtualInterface: .virtualInterface
        case .iamRole: .iamRole
        case .eksCluster: .eksCluster
        case .eksNodeGroup: .eksNodeGroup
        case .eksAddon: .eksAddon
        }
    }
}

/// Every kind of resource in the description, tagged or not.
public enum AWSResourceKind: String, Sendable, CaseIterable {
    case vpc, internetGateway, internetGatewayAttachment, subnet, natGateway, routeTable, subnetAssociation, route
    case vgwPropagation, vpnGateway, vpnGatewayAttachment, customerGateway
    case transitGateway, tgwRouteTable, tgwVPCAttachment, tgwVPNAttachment, tgwAssociation, tgwPropagation, tgwRoute
    case vpnConnection, vpnConnectionRoute
    case prefixList, prefixListRoute, tgwPrefixListReference, vpcPeering, tgwPeeringAttachment, tgwPeeringAccepter
    case dxGateway, dxGatewayAssociation, tgwDXAttachment, virtualInterface
    case iamRole, eksCluster, eksNodeGroup, eksAddon

    /// Direct Connect resources: rendered into templates, not created by `apply`.
    public var isDirectConnect: Bool { [.dxGateway, .dxGatewayAssociation, .tgwDXAttachment, .virtualInterface].contains(self) }
    /// Amazon EKS resources and their IAM roles: rendered into templates, not created by `apply`.
    public var isEKS: Bool { [.iamRole, .eksCluster, .eksNodeGroup, .eksAddon].contains(self) }

    /// The kind causeway tags with a `causeway:key`, for those it tags.
    public var tagged: ResourceKind? {
        switch self {
        case .vpc: .vpc
        case .internetGateway: .internetGateway
        case .subnet: .subnet
        case .routeTable: .routeTable
        case .vpnGateway: .vpnGateway
        case .customerGateway: .customerGateway
        case .transitGateway: .transitGateway
        case .tgwRouteTable: .transitGatewayRouteTable
        case .tgwVPCAttachment, .tgwVPNAttachment: .transitGatewayAttachment
        case .vpnConnection: .vpnConnection
        case .prefixList: .prefixList
        default: nil
        }
    }
}

/// A route of a VPC route table with its target resolved (`vgw`, `tgw`, `nat` short forms filled in).
public struct AWSRoute: Sendable {
    public var vpc: String
    public var table: String
    public var destination: IPv4Prefix
    /// The target as the topology writes it (`vgw`, `nat`: short forms).
    public var written: RouteTarget
    /// The target with its name filled in; as written when it does not resolve.
    public var target: RouteTarget
    /// The logical key of the target (nil for instances and peerings, which causeway does not manage).
    public var targetKey: String?
    /// Why the target names nothing in the topology (the checker's words); nil when it resolves.
    public var unresolved: String?
}

/// A VPC route to a prefix list's entries, its target resolved as for `AWSRoute`.
public struct AWSPrefixListRoute: Sendable {
    public var vpc: String
    public var table: String
    /// The prefix list's key.
    public var prefixList: String
    public var written: RouteTarget
    public var target: RouteTarget
    /// The logical key of the target (nil for instances, and for peerings: see `AWSRoute`).
    public var targetKey: String?
    public var unresolved: String?

    /// The same route as an `AWSRoute` (its CIDR destination unused), for printing its target.
    public var route: AWSRoute {
        AWSRoute(vpc: vpc, table: table, destination: .any, written: written, target: target, targetKey: targetKey, unresolved: unresolved)
    }
}

/// A transit gateway's options (each AWS's default unless the topology says otherwise).
public struct AWSTransitGatewayOptions: Sendable {
    public var asn: ASN
    public var defaultRouteTableAssociation: Bool
    public var defaultRouteTablePropagation: Bool
    public var vpnECMP: Bool
}

/// A Site-to-Site VPN connection.
public struct AWSVPNConnection: Sendable {
    public var customerGateway: String
    /// The key of the virtual private gateway or transit gateway it ends on.
    public var gatewayKey: String
    public var gateway: VPNGatewayTarget
    /// The key of the TGW attachment AWS creates with it.
    public var attachment: String?
    public var routing: RoutingMode
    public var staticRoutes: [IPv4Prefix]
    public var localNetworkCIDR: IPv4Prefix
    public var remoteNetworkCIDR: IPv4Prefix
    /// In tunnel order.
    public var tunnels: [AWSTunnel]
    /// Outer address type, tunnel bandwidth, acceleration (AWS's defaults unless written).
    public var options: VPNConnectionOptions = VPNConnectionOptions()
    public var onTransitGateway: Bool { if case .transitGateway = gateway { true } else { false } }
}

/// One tunnel of a VPN connection; its options hold AWS's default wherever the topology is silent.
public struct AWSTunnel: Sendable {
    public var index: Int
    public var insideCIDR: IPv4Prefix?
    public var psk: SecretReference
    public var options: TunnelOptions
    /// The customer gateway's device keeps it administratively down.
    public var disabledOnDevice: Bool
}

/// A virtual interface to a Direct Connect gateway.
public struct AWSVirtualInterface: Sendable {
    public var type: VirtualInterfaceType
    /// The Direct Connect gateway's key.
    public var dxGateway: String
    public var vlan: Int
    /// The on-premises BGP ASN.
    public var bgpASN: ASN
    /// Peer addresses with their prefix; nil = AWS assigns them.
    public var amazonAddress: IPv4Interface?
    public var customerAddress: IPv4Interface?
}
